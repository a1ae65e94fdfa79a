import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's wrangler.toml: the one place the cron schedules are written down. */
export const WRANGLER_TOML = fileURLToPath(new URL('../../../wrangler.toml', import.meta.url));

/**
 * The `crons` array of the `[triggers]` table, read with a deliberately small parser (strings in a
 * possibly multi-line array, `#` comments) rather than a TOML dependency for one key.
 */
export function parseTriggerCrons(toml: string): string[] {
  let inTriggers = false;
  let collecting = false;
  let buffer = '';
  for (const rawLine of toml.split(/\r?\n/)) {
    const line = stripComment(rawLine).trim();
    if (!collecting && /^\[.*\]$/.test(line)) {
      inTriggers = line === '[triggers]';
      continue;
    }
    if (!inTriggers) continue;
    if (!collecting) {
      const m = /^crons\s*=\s*(.*)$/.exec(line);
      if (!m) continue;
      collecting = true;
      buffer = m[1] ?? '';
    } else {
      buffer += ` ${line}`;
    }
    if (buffer.includes(']')) break;
  }
  if (!collecting) return [];
  return [...buffer.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter(Boolean);
}

/** Drops a trailing `# comment` that is not inside a quoted string. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

/** The cron expressions the Worker is deployed with, so `npm start` fires the same schedules. */
export function readWranglerCrons(path = WRANGLER_TOML): string[] {
  return parseTriggerCrons(readFileSync(path, 'utf8'));
}

/**
 * The `[vars]` table: the Worker's non-secret settings, as `KEY = "value"` lines (the only form the
 * project's wrangler.toml uses; other values are skipped).
 */
export function parseWranglerVars(toml: string): Record<string, string> {
  const vars: Record<string, string> = {};
  let inVars = false;
  for (const rawLine of toml.split(/\r?\n/)) {
    const line = stripComment(rawLine).trim();
    if (/^\[.*\]$/.test(line)) {
      inVars = line === '[vars]';
      continue;
    }
    const m = inVars ? /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:"([^"]*)"|'([^']*)')$/.exec(line) : null;
    if (m?.[1]) vars[m[1]] = m[2] ?? m[3] ?? '';
  }
  return vars;
}
