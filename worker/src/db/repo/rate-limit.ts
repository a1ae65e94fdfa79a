import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { renderedOnce } from '../prepared';
import { rateLimits } from '../schema';

const HOUR = 3_600_000;

/** A fixed one-hour window: the start of the window that contains `now`, and seconds until it ends. */
export function hourWindow(now: number): { windowStart: number; retryAfterSeconds: number } {
  const windowStart = Math.floor(now / HOUR) * HOUR;
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + HOUR - now) / 1000)) };
}

/**
 * The statement that counts one more hit on `key` in its window and returns the new count.
 * Returned unexecuted so callers put it in the same db.batch as their reads (one round trip).
 * Old windows are deleted by the housekeeping cron job.
 */
export function bumpRateLimit(db: Db, key: string, windowStart: number) {
  return db.all<{ count: number }>(bump({ key, windowStart }));
}

/** Rendered once (db/prepared.ts): every public request bumps a counter. */
const bump = renderedOnce<{ key: string; windowStart: number }>('rate limit', () => {
  const [key, windowStart, count] = [rateLimits.key, rateLimits.windowStart, rateLimits.count].map((c) =>
    sql.identifier(c.name),
  );
  return sql`insert into ${rateLimits} (${key}, ${windowStart}, ${count})
    values (${sql.placeholder('key')}, ${sql.placeholder('windowStart')}, 1)
    on conflict (${key}, ${windowStart}) do update set ${count} = ${rateLimits.count} + 1
    returning ${count}`;
});

/**
 * What a sign-in attempt's failure counters are read with (auth/throttle.ts): the key parts, and the
 * windows. The account part of the pair and account keys is found by the database, from the account the
 * attempt names; `unknownAccount` when it names none.
 */
export interface LoginFailuresRead {
  prefixes: { pair: string; account: string; user: string };
  addressHash: string;
  unknownAccount: string;
  pairWindowStart: number;
  accountWindowStart: number;
  address: { key: string; windowStart: number };
}

/** How an attempt names its account: by e-mail (a password) or by credential id (a passkey). */
export type LoginName = { email: string } | { credentialId: string };

/** The failure counts (pair, address, account; null when none) of an attempt, unexecuted, for its first batch. */
export function loginFailuresQuery(db: Db, name: LoginName, read: LoginFailuresRead) {
  const values = {
    name: 'email' in name ? name.email : name.credentialId,
    userPrefix: read.prefixes.user,
    unknownAccount: read.unknownAccount,
    pairPrefix: read.prefixes.pair,
    addressHash: read.addressHash,
    pairWindow: read.pairWindowStart,
    addressKey: read.address.key,
    addressWindow: read.address.windowStart,
    accountPrefix: read.prefixes.account,
    accountWindow: read.accountWindowStart,
  };
  const bind = 'email' in name ? failuresByEmail : failuresByCredential;
  return db.all<{ pair: number | null; address: number | null; account: number | null }>(bind(values));
}

type FailureValues = Record<
  'name' | 'userPrefix' | 'unknownAccount' | 'pairPrefix' | 'addressHash' | 'addressKey' | 'accountPrefix',
  string
> &
  Record<'pairWindow' | 'addressWindow' | 'accountWindow', number>;

/** The three counts, with the account part `acct` from `account` (a subselect of the named account's id). */
function failuresOf(account: SQL): SQL {
  const p = (name: keyof FailureValues) => sql`${sql.placeholder(name)}`;
  const count = (key: SQL, windowStart: SQL) =>
    sql`(select count from rate_limits where key = ${key} and window_start = ${windowStart})`;
  return sql`select
      ${count(sql`${p('pairPrefix')} || a.acct || ':' || ${p('addressHash')}`, p('pairWindow'))} as pair,
      ${count(p('addressKey'), p('addressWindow'))} as address,
      ${count(sql`${p('accountPrefix')} || a.acct`, p('accountWindow'))} as account
    from (select coalesce(${account}, ${p('unknownAccount')}) as acct) as a`;
}

/** Rendered once (db/prepared.ts): every sign-in reads them. */
const failuresByEmail = renderedOnce<FailureValues>('login failures by e-mail', () =>
  failuresOf(
    sql`(select ${sql.placeholder('userPrefix')} || id from staff_users where email = ${sql.placeholder('name')})`,
  ),
);
const failuresByCredential = renderedOnce<FailureValues>('login failures by passkey', () =>
  failuresOf(
    sql`(select ${sql.placeholder('userPrefix')} || user_id from staff_passkeys where id = ${sql.placeholder('name')})`,
  ),
);

/** Failed attempts counted on each counter of a sign-in attempt. */
export interface LoginFailureCounts {
  pair: number;
  address: number;
  account: number;
}

/** loginFailuresQuery's row as counts (a counter without a row has counted nothing). */
export function failureCounts(
  row: { pair: number | null; address: number | null; account: number | null } | undefined,
) {
  return { pair: row?.pair ?? 0, address: row?.address ?? 0, account: row?.account ?? 0 } satisfies LoginFailureCounts;
}
