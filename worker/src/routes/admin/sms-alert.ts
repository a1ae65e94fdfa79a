import { Hono } from 'hono';
import { allow } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { loadSmsAlert } from '../../outbox/store';

/**
 * /api/admin/sms-alert: why SMS stopped, when the provider refuses the account rather than a message
 * (sender name refused, country not enabled, credentials, provider not configured, no credit).
 * `{ alert: null }` while SMS flow. The portal shows it as a banner; reception sees it too, so it knows
 * texts are not going out. `reason` picks the portal's sentence, `message` is our own English words
 * (never the provider's), `country` the ISO code for `reason: 'country'`, `waiting` the messages that
 * waited at the last check (`checkedAt`; every tick checks while the alert stands).
 */
export const smsAlertRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception'), async (c) => {
  const a = await loadSmsAlert(c.var.deps.db);
  c.header('Cache-Control', 'no-store');
  if (!a) return c.json({ alert: null });
  return c.json({
    alert: {
      provider: a.provider,
      reason: a.reason,
      code: a.code,
      message: a.message,
      country: a.country,
      since: new Date(a.since).toISOString(),
      waiting: a.waiting,
      checkedAt: new Date(a.checkedAt).toISOString(),
    },
  });
});
