import { and, count, eq, ne, sql, type Column } from 'drizzle-orm';
import type { Db } from '../client';
import type { Statement } from '../batch';
import { isUniqueViolation } from '../errors';
import { renderedOnce } from '../prepared';
import { rateLimits, sessions, staffUsers, volunteers } from '../schema';
import { type Role } from '../../domain/vocabulary';
import type { Ids } from '../../lib/ids';
import { hashPassword } from '../../lib/password';
import {
  bumpRateLimit,
  failureCounts,
  loginFailuresQuery,
  type LoginFailureCounts,
  type LoginFailuresRead,
} from './rate-limit';

export const DEFAULT_ADMIN_EMAIL = 'admin@sportello.local';

export interface FirstAdminResult {
  /** False when staff users already existed: nothing was written. */
  created: boolean;
  email: string;
  /** Present only when we made the password up; the caller prints it once and it is never stored in clear. */
  generatedPassword?: string;
}

/**
 * Creates the first admin when staff_users is empty, so a fresh deployment can be logged into.
 * The insert is conditional on the table still being empty: two processes starting together create one admin.
 */
export async function ensureFirstAdmin(
  db: Db,
  credentials: { email: string; password?: string } | undefined,
  ids: Ids,
  now: number,
): Promise<FirstAdminResult> {
  const email = (credentials?.email || DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  const [row] = await db.select({ n: count() }).from(staffUsers);
  if ((row?.n ?? 0) > 0) return { created: false, email };

  const generatedPassword = credentials?.password ? undefined : ids.token(18);
  const passwordHash = await hashPassword(credentials?.password || generatedPassword!);
  const inserted = await db.all<{ id: string }>(sql`
    insert into ${staffUsers} (id, email, name, role, password_hash, password_changed_at, language, active, created_at)
    select ${ids.id()}, ${email}, 'Amministratore', 'admin', ${passwordHash}, ${now}, 'it', 1, ${now}
    where not exists (select 1 from ${staffUsers})
    returning id`);
  if (inserted.length === 0) return { created: false, email };
  return generatedPassword ? { created: true, email, generatedPassword } : { created: true, email };
}

// ---------------------------------------------------------------- sessions

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** The session with its user, in one query: what the session middleware needs on every staff request. */
export async function findSessionWithUser(
  db: Db,
  sessionId: string,
): Promise<{ session: SessionRow; user: StaffUserRow } | undefined> {
  const [row] = await db
    .select({ session: sessions, user: staffUsers })
    .from(sessions)
    .innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row;
}

/** Slides a session: records the visit and pushes the expiry. */
export async function touchSession(db: Db, sessionId: string, lastSeenAt: number, expiresAt: number): Promise<void> {
  await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, sessionId));
}

/** A fixed-window counter as stored in rate_limits. */
export interface CounterRef {
  key: string;
  windowStart: number;
}

/**
 * What a login needs, in one round trip: the account (by lower-cased e-mail) and the current values of
 * its failure counters (see loginFailuresQuery).
 */
export async function readLogin(
  db: Db,
  email: string,
  read: LoginFailuresRead,
): Promise<{ user: StaffUserRow | undefined; failures: LoginFailureCounts }> {
  const [users, counts] = await db.batch([
    db.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1),
    loginFailuresQuery(db, { email }, read),
  ]);
  return { user: users[0], failures: failureCounts(counts[0]) };
}

/** Counts one failed attempt on each counter, in one round trip. */
export async function recordFailures(db: Db, refs: readonly [CounterRef, ...CounterRef[]]): Promise<void> {
  const [first, ...rest] = refs.map((r) => bumpRateLimit(db, r.key, r.windowStart));
  await db.batch([first!, ...rest]);
}

/**
 * Starts a session after a successful login: inserts it, clears the failure counter `clearCounterKey` (the
 * pair of this account and address: the owner got in; the other counters stay), drops the user's expired
 * sessions and runs `alongside` (what else the sign-in writes), in one round trip.
 */
export async function startSession(
  db: Db,
  session: SessionRow,
  clearCounterKey: string,
  alongside: readonly Statement[] = [],
): Promise<void> {
  await db.batch([
    db.run(insertSession(session)),
    db.run(clearCounter({ key: clearCounterKey })),
    db.run(dropExpiredSessions({ userId: session.userId, now: session.createdAt })),
    ...alongside,
  ]);
}

// Rendered once (db/prepared.ts): every sign-in, password or passkey, runs them.
const column = (c: Column) => sql.identifier(c.name);
const insertSession = renderedOnce<SessionRow>(
  'new session',
  () => sql`insert into ${sessions}
    (${column(sessions.id)}, ${column(sessions.userId)}, ${column(sessions.createdAt)}, ${column(sessions.expiresAt)},
      ${column(sessions.lastSeenAt)})
    values (${sql.placeholder('id')}, ${sql.placeholder('userId')}, ${sql.placeholder('createdAt')},
      ${sql.placeholder('expiresAt')}, ${sql.placeholder('lastSeenAt')})`,
);
const clearCounter = renderedOnce<{ key: string }>(
  'cleared counter',
  () => sql`delete from ${rateLimits} where ${column(rateLimits.key)} = ${sql.placeholder('key')}`,
);
const dropExpiredSessions = renderedOnce<{ userId: string; now: number }>(
  'expired sessions',
  () => sql`delete from ${sessions}
    where ${column(sessions.userId)} = ${sql.placeholder('userId')} and ${column(sessions.expiresAt)} < ${sql.placeholder('now')}`,
);

/** Ends one session (logout). */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Stores a new password hash and ends the user's sessions but `keepSessionId` (the one that changed it;
 * undefined ends them all), atomically.
 */
export async function setPasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
  now: number,
  keepSessionId?: string,
): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: now })
      .where(eq(staffUsers.id, userId))
      .returning({ id: staffUsers.id }),
    db
      .delete(sessions)
      .where(
        keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId),
      ),
  ]);
  return updated.length > 0;
}

// ---------------------------------------------------------------- staff users

/** Every staff user, active first, then by name. */
export async function listStaffUsers(db: Db): Promise<StaffUserRow[]> {
  return db
    .select()
    .from(staffUsers)
    .orderBy(sql`${staffUsers.active} desc`, staffUsers.name, staffUsers.id);
}

/** One staff user by id or by (lower-cased) e-mail. */
export async function findStaffUser(db: Db, by: { id: string } | { email: string }): Promise<StaffUserRow | undefined> {
  const [row] = await db
    .select()
    .from(staffUsers)
    .where('id' in by ? eq(staffUsers.id, by.id) : eq(staffUsers.email, by.email))
    .limit(1);
  return row;
}

/** The user (if any) and whether the volunteer exists (if asked), in one round trip. */
export async function readUserAndVolunteer(
  db: Db,
  userId: string | undefined,
  volunteerId: string | null | undefined,
): Promise<{ user: StaffUserRow | undefined; volunteerExists: boolean }> {
  const [users, vols] = await db.batch([
    db
      .select()
      .from(staffUsers)
      .where(eq(staffUsers.id, userId ?? ''))
      .limit(1),
    db
      .select({ id: volunteers.id })
      .from(volunteers)
      .where(eq(volunteers.id, volunteerId ?? ''))
      .limit(1),
  ]);
  return { user: userId ? users[0] : undefined, volunteerExists: !!volunteerId && vols.length > 0 };
}

export type InsertStaffOutcome = { ok: true } | { ok: false; reason: 'email_taken' | 'volunteer_taken' };

/** Inserts a staff user; a taken e-mail or an already linked volunteer is an outcome, not an exception. */
export async function insertStaffUser(db: Db, row: StaffUserRow): Promise<InsertStaffOutcome> {
  try {
    await db.insert(staffUsers).values(row);
    return { ok: true };
  } catch (e) {
    if (isUniqueViolation(e, 'staff_users.email')) return { ok: false, reason: 'email_taken' };
    if (isUniqueViolation(e, 'staff_users.volunteer_id')) return { ok: false, reason: 'volunteer_taken' };
    throw e;
  }
}

export interface StaffPatch {
  name?: string;
  role?: Role;
  active?: boolean;
  volunteerId?: string | null;
  language?: 'it' | 'en';
}

export type UpdateStaffOutcome =
  { ok: true; user: StaffUserRow } | { ok: false; reason: 'not_found' | 'last_admin' | 'volunteer_taken' };

/**
 * Applies a patch unless it would leave no active admin: the check is part of the UPDATE's WHERE, so two
 * admins demoting each other at once cannot both succeed. Deactivating a user ends their sessions in the
 * same batch.
 */
export async function updateStaffUser(db: Db, id: string, patch: StaffPatch): Promise<UpdateStaffOutcome> {
  const set: StaffPatch = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.volunteerId !== undefined) set.volunteerId = patch.volunteerId;
  if (patch.language !== undefined) set.language = patch.language;
  if (Object.keys(set).length === 0) {
    const user = await findStaffUser(db, { id });
    return user ? { ok: true, user } : { ok: false, reason: 'not_found' };
  }
  const staysActiveAdmin = (set.role ?? 'admin') === 'admin' && set.active !== false;
  const keepsAnAdmin = sql`(${staysActiveAdmin ? 1 : 0} = 1
    or ${staffUsers.role} <> 'admin' or ${staffUsers.active} = 0
    or exists (select 1 from staff_users o where o.role = 'admin' and o.active = 1 and o.id <> ${id}))`;
  try {
    const [updated, found] = await db.batch([
      db
        .update(staffUsers)
        .set(set)
        .where(and(eq(staffUsers.id, id), keepsAnAdmin))
        .returning(),
      db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, id)),
      db
        .delete(sessions)
        .where(
          and(eq(sessions.userId, id), sql`exists (select 1 from staff_users u where u.id = ${id} and u.active = 0)`),
        ),
    ]);
    const user = updated[0];
    if (user) return { ok: true, user };
    return { ok: false, reason: found.length ? 'last_admin' : 'not_found' };
  } catch (e) {
    if (isUniqueViolation(e, 'staff_users.volunteer_id')) return { ok: false, reason: 'volunteer_taken' };
    throw e;
  }
}
