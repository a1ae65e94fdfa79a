import { lte } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { sessions } from '../db/schema';
import type { JobContext, JobRun } from './scheduled';

/** Deletes login sessions that have expired; they can no longer authenticate, so keeping them only keeps data. */
export async function cleanupSessions(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const deleted = await deps.db.delete(sessions).where(lte(sessions.expiresAt, ctx.now)).returning({ id: sessions.id });
  return { counts: { deleted: deleted.length } };
}
