/** Structured logging. Callers pass ids and codes, never names, phone numbers or message bodies. */
export interface Logger {
  info(event: string, data?: Record<string, unknown>): void;
  warn(event: string, data?: Record<string, unknown>): void;
  error(event: string, data?: Record<string, unknown>): void;
}

export function consoleLogger(): Logger {
  const line = (level: string, event: string, data?: Record<string, unknown>) =>
    JSON.stringify({ level, event, ...data });
  return {
    info: (e, d) => console.log(line('info', e, d)),
    warn: (e, d) => console.warn(line('warn', e, d)),
    error: (e, d) => console.error(line('error', e, d)),
  };
}

/** Discards everything; for tests and benchmarks. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
