import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { volunteers } from './volunteers';
import { ROLES } from '../../domain/vocabulary';

/** Someone who logs into the admin portal. */
export const staffUsers = sqliteTable('staff_users', {
  id: text('id').primaryKey(),
  /** Lower-cased. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  /** pbkdf2-sha256$<iterations>$<salt b64>$<hash b64> */
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: integer('password_changed_at').notNull(),
  volunteerId: text('volunteer_id')
    .unique()
    .references(() => volunteers.id),
  language: text('language', { enum: ['it', 'en'] })
    .notNull()
    .default('it'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

/** A login session; the id is the SHA-256 (hex) of the cookie token. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_expires').on(t.expiresAt)],
);

/** A passkey (WebAuthn credential) a staff user registered; signing in with it needs no password. */
export const staffPasskeys = sqliteTable(
  'staff_passkeys',
  {
    /** The credential id, base64url, as the authenticator made it. */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    /** The authenticator's signature counter at the last use (0 for most passkeys, which do not count). */
    signCount: integer('sign_count').notNull().default(0),
    /** JSON array of transport hints ("internal", "usb", "hybrid"...), handed back to the browser. */
    transports: text('transports').notNull().default('[]'),
    /** The label the user sees in their list. */
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('staff_passkeys_user').on(t.userId)],
);

/**
 * A WebAuthn challenge handed out and not yet answered: usable once (verification deletes it) and only
 * until `expiresAt`. `userId` is set for a registration (the signed-in user), null for a sign-in.
 */
export const webauthnChallenges = sqliteTable(
  'webauthn_challenges',
  {
    /** The challenge itself, base64url. */
    challenge: text('challenge').primaryKey(),
    purpose: text('purpose', { enum: ['register', 'sign_in'] }).notNull(),
    userId: text('user_id').references(() => staffUsers.id),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('webauthn_challenges_expires').on(t.expiresAt)],
);
