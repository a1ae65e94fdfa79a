import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { Statement } from '../batch';
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
  await db.batch([
    db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now)),
    db.insert(webauthnChallenges).values(row),
  ]);
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
    db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now)),
    db.run(sql`insert into ${webauthnChallenges} (challenge, purpose, user_id, expires_at)
      select ${row.challenge}, ${row.purpose}, ${row.userId}, ${row.expiresAt}
      where (select ${rateLimits.count} from ${rateLimits}
             where ${rateLimits.key} = ${limit.key} and ${rateLimits.windowStart} = ${limit.windowStart}) <= ${limit.max}`),
  ]);
  return (bumped[0]?.count ?? 0) <= limit.max;
}

/**
 * Takes a challenge out of the table: deleted whatever happens next, so each is answered at most once (two
 * concurrent answers: one delete returns the row, the other nothing). Undefined when unknown.
 */
export async function takeChallenge(db: Db, challenge: string): Promise<ChallengeRow | undefined> {
  const [row] = await takeChallengeQuery(db, challenge);
  return row;
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
    passkeyWithUserQuery(db, credentialId),
    takeChallengeQuery(db, challenge),
    loginFailuresQuery(db, { credentialId }, read),
  ]);
  return { found: found[0], challenge: taken[0], failures: failureCounts(counts[0]) };
}

function takeChallengeQuery(db: Db, challenge: string) {
  return db.delete(webauthnChallenges).where(eq(webauthnChallenges.challenge, challenge)).returning();
}

/** A user's passkeys, newest first. */
export async function listPasskeys(db: Db, userId: string): Promise<PasskeyRow[]> {
  return db
    .select()
    .from(staffPasskeys)
    .where(eq(staffPasskeys.userId, userId))
    .orderBy(desc(staffPasskeys.createdAt), staffPasskeys.id);
}

/** A passkey with its owner, by credential id. */
function passkeyWithUserQuery(db: Db, credentialId: string) {
  return db
    .select({ passkey: staffPasskeys, user: staffUsers })
    .from(staffPasskeys)
    .innerJoin(staffUsers, eq(staffUsers.id, staffPasskeys.userId))
    .where(eq(staffPasskeys.id, credentialId))
    .limit(1);
}

/** Stores a new passkey; false when that credential id is already registered. */
export async function insertPasskey(db: Db, row: PasskeyRow): Promise<boolean> {
  const inserted = await db.insert(staffPasskeys).values(row).onConflictDoNothing().returning({ id: staffPasskeys.id });
  return inserted.length > 0;
}

/** Records a successful use: the new signature counter and when (unexecuted, to go with the new session). */
export function markPasskeyUsed(db: Db, credentialId: string, signCount: number, now: number): Statement {
  return db.update(staffPasskeys).set({ signCount, lastUsedAt: now }).where(eq(staffPasskeys.id, credentialId));
}

/** Deletes one of the user's own passkeys; false when the user has no passkey with that id. */
export async function deletePasskey(db: Db, userId: string, credentialId: string): Promise<boolean> {
  const deleted = await db
    .delete(staffPasskeys)
    .where(and(eq(staffPasskeys.id, credentialId), eq(staffPasskeys.userId, userId)))
    .returning({ id: staffPasskeys.id });
  return deleted.length > 0;
}
