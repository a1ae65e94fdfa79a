/**
 * Counting one invocation's subrequests. On Workers every outbound fetch is a subrequest: each SMS sent,
 * each Turnstile check, and each libSQL call, because the database is reached over HTTP. The free plan
 * allows 50 per invocation (a request together with its waitUntil work, or one cron event); going over
 * makes the next fetch throw. The meter counts where the calls are made (the client and fetch wrappers
 * below); the scheduled runner and the dispatcher read what is left and plan within it.
 */
import type { Client, Transaction } from '@libsql/client';
import type { SmsProvider } from '../sms/provider';

/** The Workers free plan's subrequests per invocation (the Paid plan allows 10,000). */
export const DEFAULT_SUBREQUEST_BUDGET = 50;

/** One invocation's subrequests against its budget. */
export interface Subrequests {
  /** The most this invocation, or the part of it holding this view, may make. */
  readonly limit: number;
  /** How many the whole invocation has made so far. */
  used(): number;
  /** `limit - used()`; negative only if something overspent. */
  left(): number;
  /** Records `n` subrequests; called by the wrappers at the moment they call out. */
  count(n?: number): void;
}

/** A fresh meter for one invocation. */
export function subrequestMeter(limit: number = DEFAULT_SUBREQUEST_BUDGET): Subrequests {
  let used = 0;
  return {
    limit,
    used: () => used,
    left: () => limit - used,
    count: (n = 1) => void (used += n),
  };
}

/** A view of `meter` that keeps `n` back for work that follows: `left()` is `n` less; counting is shared. */
export function holdingBack(meter: Subrequests, n: number): Subrequests {
  const limit = meter.limit - n;
  return { limit, used: meter.used, left: () => limit - meter.used(), count: meter.count };
}

/** What one invocation calls out through: the database client, outbound fetch (Turnstile), the SMS provider. */
export interface InvocationIo {
  client: Client;
  fetch: typeof fetch;
  sms: SmsProvider;
}

/** `io` with every call counted against a fresh meter of `limit` (default: the free plan's 50). */
export function meterInvocation(io: InvocationIo, limit?: number): InvocationIo & { subrequests: Subrequests } {
  const meter = subrequestMeter(limit);
  return {
    client: countedClient(io.client, meter),
    fetch: countedFetch(io.fetch, meter),
    sms: countedSms(io.sms, meter),
    subrequests: meter,
  };
}

/** `fetchFn`, counting each call. */
export function countedFetch(fetchFn: typeof fetch, meter: Subrequests): typeof fetch {
  return (input, init) => {
    meter.count();
    return fetchFn(input, init);
  };
}

/**
 * `provider`, counting one subrequest per send: what the HTTP providers make (one POST each, no retry
 * inside a send). The console provider makes none but is counted alike, so `npm start` and the tests
 * show the figure a Worker with a real provider would reach.
 */
export function countedSms(provider: SmsProvider, meter: Subrequests): SmsProvider {
  return {
    ...provider,
    send(sms) {
      meter.count();
      return provider.send(sms);
    },
  };
}

/**
 * `client`, counting what becomes a fetch over HTTP (Hrana over HTTP v2: the Worker's db/hrana-http.ts, or
 * @libsql/client with a remote URL in Node): one for each
 * `execute`, `batch`, `migrate` and `executeMultiple` (the statement or batch and the stream's close go
 * in one pipeline request). Opening a transaction makes none; see `countedTransaction` for the rest. The
 * same count applies to a local file or memory database, so tests and `npm start` see the Worker's figure.
 * tests/integration/subrequest-budget.test.ts compares it with the fetches a real HTTP client makes.
 */
export function countedClient(client: Client, meter: Subrequests): Client {
  return new Proxy(client, {
    get(target, prop) {
      // No receiver: getters such as `closed` read private fields of the real client.
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (prop === 'execute' || prop === 'batch' || prop === 'migrate' || prop === 'executeMultiple') {
        return (...args: unknown[]) => {
          meter.count();
          return fn.apply(target, args);
        };
      }
      if (prop === 'transaction') {
        return async (...args: unknown[]) => countedTransaction((await fn.apply(target, args)) as Transaction, meter);
      }
      return fn.bind(target);
    },
  });
}

/**
 * A transaction's fetches over HTTP: its first statement or batch carries the BEGIN (one fetch), each later
 * one is a fetch, and so is the COMMIT, ROLLBACK or close that ends a started transaction (none when nothing
 * ran). `executeMultiple` as the first call sends the BEGIN on its own: two.
 */
function countedTransaction(tx: Transaction, meter: Subrequests): Transaction {
  let started = false;
  let ended = false;
  const end = () => {
    if (started && !ended) meter.count();
    ended = true;
  };
  return new Proxy(tx, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (prop === 'execute' || prop === 'batch' || prop === 'executeMultiple') {
        return (...args: unknown[]) => {
          if (!ended) meter.count(prop === 'executeMultiple' && !started ? 2 : 1);
          started = true;
          return fn.apply(target, args);
        };
      }
      if (prop === 'commit' || prop === 'rollback' || prop === 'close') {
        return (...args: unknown[]) => {
          end();
          return fn.apply(target, args);
        };
      }
      return fn.bind(target);
    },
  });
}
