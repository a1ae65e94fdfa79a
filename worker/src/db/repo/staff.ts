import { count, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { staffUsers } from '../schema';
import type { Ids } from '../../lib/ids';
import { hashPassword } from '../../lib/password';

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
