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
