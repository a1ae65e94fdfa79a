import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { Statement } from '../batch';
import { aliasedColumns, renderedOnce } from '../prepared';
import { rateLimits, staffPasskeys, staffUsers, webauthnChallenges } from '../schema';
import {
  bumpRateLimit,
  failureCounts,
  loginFailuresQuery,
  type LoginFailureCounts,
  type LoginFailuresRead,
} from './rate-limit';
import type { StaffUserRow } from './staff';

export type PasskeyRow = typeof staffPasskeys.$inferSelect;
export type ChallengeRow = typeof webauthnChallenges.$inferSelect;

/** Stores a fresh challenge and drops the expired ones, in one round trip. */
export async function saveChallenge(db: Db, row: ChallengeRow, now: number): Promise<void> {
  await db.batch([dropExpiredChallenges(db, now), db.insert(webauthnChallenges).values(row)]);
}

/**
 * For anonymous callers (sign-in options): counts the call on `limit.key` and stores the challenge only while
 * the count is within `limit.max`, in one round trip, so nobody can fill the table. False when over.
 */
export async function saveChallengeWithin(
  db: Db,
  row: ChallengeRow,
  now: number,
  limit: { key: string; windowStart: number; max: number },
): Promise<boolean> {
  const [bumped] = await db.batch([
    bumpRateLimit(db, limit.key, limit.windowStart),
    dropExpiredChallenges(db, now),
    db.run(insertChallengeWithin({ ...row, key: limit.key, windowStart: limit.windowStart, max: limit.max })),
  ]);
  return (bumped[0]?.count ?? 0) <= limit.max;
}

// The sign-in statements are rendered once (db/prepared.ts): drizzle's builder cost the passkey answer
// about half a millisecond of CPU per request in the Worker (npm run bench).
const p = sql.placeholder;
const challengeColumn = (key: keyof ChallengeRow) => sql.identifier(webauthnChallenges[key].name);

function dropExpiredChallenges(db: Db, now: number) {
  return db.run(dropExpired({ now }));
}
const dropExpired = renderedOnce<{ now: number }>(
  'expired challenges',
  () => sql`delete from ${webauthnChallenges} where ${challengeColumn('expiresAt')} < ${p('now')}`,
);

const insertChallengeWithin = renderedOnce<ChallengeRow & { key: string; windowStart: number; max: number }>(
  'challenge within a limit',
  () => sql`insert into ${webauthnChallenges}
      (${challengeColumn('challenge')}, ${challengeColumn('purpose')}, ${challengeColumn('userId')}, ${challengeColumn('expiresAt')})
    select ${p('challenge')}, ${p('purpose')}, ${p('userId')}, ${p('expiresAt')}
    where (select ${rateLimits.count} from ${rateLimits}
           where ${rateLimits.key} = ${p('key')} and ${rateLimits.windowStart} = ${p('windowStart')}) <= ${p('max')}`,
);

/**
 * Takes a challenge out of the table: deleted whatever happens next, so each is answered at most once (two
 * concurrent answers: one delete returns the row, the other nothing). Undefined when unknown.
 */
export async function takeChallenge(db: Db, challenge: string): Promise<ChallengeRow | undefined> {
  const [row] = await takeChallengeQuery(db, challenge);
  return row && challengeColumns.read(row);
}

/**
 * What a passkey sign-in reads first, in one round trip: the passkey with its owner (undefined when unknown),
 * the challenge the browser signed, taken as takeChallenge takes it (undefined when unknown), and the
 * failure counts of the attempt, keyed by the passkey's owner (loginFailuresQuery).
 */
export async function findPasskeyAndTakeChallenge(
  db: Db,
  credentialId: string,
  challenge: string,
  read: LoginFailuresRead,
): Promise<{
  found: { passkey: PasskeyRow; user: StaffUserRow } | undefined;
  challenge: ChallengeRow | undefined;
  failures: LoginFailureCounts;
}> {
  const [found, taken, counts] = await db.batch([
    db.all<Record<string, unknown>>(passkeyWithUser({ credentialId })),
    takeChallengeQuery(db, challenge),
    loginFailuresQuery(db, { credentialId }, read),
  ]);
  const row = found[0];
  const takenRow = taken[0];
  return {
    found: row && { passkey: passkeyColumns.read(row), user: userColumns.read(row) },
    challenge: takenRow && challengeColumns.read(takenRow),
    failures: failureCounts(counts[0]),
  };
}

function takeChallengeQuery(db: Db, challenge: string) {
  return db.all<Record<string, unknown>>(takeChallengeStatement({ challenge }));
}

const challengeColumns = aliasedColumns<ChallengeRow>(getTableColumns(webauthnChallenges));
const takeChallengeStatement = renderedOnce<{ challenge: string }>(
  'take a challenge',
  () => sql`delete from ${webauthnChallenges} where ${challengeColumn('challenge')} = ${p('challenge')}
    returning ${challengeColumns.returning}`,
);

const passkeyColumns = aliasedColumns<PasskeyRow>(getTableColumns(staffPasskeys), 'p_');
const userColumns = aliasedColumns<StaffUserRow>(getTableColumns(staffUsers), 'u_');
/** A passkey with its owner, by credential id. */
const passkeyWithUser = renderedOnce<{ credentialId: string }>(
  'passkey with its owner',
  () => sql`select ${passkeyColumns.select}, ${userColumns.select}
    from ${staffPasskeys} inner join ${staffUsers} on ${staffUsers.id} = ${staffPasskeys.userId}
    where ${staffPasskeys.id} = ${p('credentialId')}
    limit 1`,
);

/** A user's passkeys, newest first. */
export async function listPasskeys(db: Db, userId: string): Promise<PasskeyRow[]> {
  return db
    .select()
    .from(staffPasskeys)
    .where(eq(staffPasskeys.userId, userId))
    .orderBy(desc(staffPasskeys.createdAt), staffPasskeys.id);
}

/** Stores a new passkey; false when that credential id is already registered. */
export async function insertPasskey(db: Db, row: PasskeyRow): Promise<boolean> {
  const inserted = await db.insert(staffPasskeys).values(row).onConflictDoNothing().returning({ id: staffPasskeys.id });
  return inserted.length > 0;
}

/** Records a successful use: the new signature counter and when (unexecuted, to go with the new session). */
export function markPasskeyUsed(db: Db, credentialId: string, signCount: number, now: number): Statement {
  return db.run(markUsed({ credentialId, signCount, now }));
}
const markUsed = renderedOnce<{ credentialId: string; signCount: number; now: number }>(
  'passkey used',
  () => sql`update ${staffPasskeys}
    set ${sql.identifier(staffPasskeys.signCount.name)} = ${p('signCount')},
      ${sql.identifier(staffPasskeys.lastUsedAt.name)} = ${p('now')}
    where ${sql.identifier(staffPasskeys.id.name)} = ${p('credentialId')}`,
);

/** Deletes one of the user's own passkeys; false when the user has no passkey with that id. */
export async function deletePasskey(db: Db, userId: string, credentialId: string): Promise<boolean> {
  const deleted = await db
    .delete(staffPasskeys)
    .where(and(eq(staffPasskeys.id, credentialId), eq(staffPasskeys.userId, userId)))
    .returning({ id: staffPasskeys.id });
  return deleted.length > 0;
}
