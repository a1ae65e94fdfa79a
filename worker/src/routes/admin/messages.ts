import { Hono } from 'hono';
import { allow } from '../../auth/guard';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { ERROR_STATUS, errorBody } from '../../errors';
import { listMessages } from '../../db/repo/staff-bookings';
import { validateMessageListQuery } from '../../validation/admin-bookings';
import { messageJson } from './booking-json';

/** Used only when the desk row is missing (a half set-up deployment). */
const FALLBACK_TIME_ZONE = 'Europe/Rome';

/** /api/admin/messages: the SMS outbox, for the desk to see what was sent, is waiting or failed. */
export function messageRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', allow('admin', 'reception'), async (c) => {
    const lang = c.get('lang');
    const q = validateMessageListQuery(c.req.query(), lang);
    if (!q.ok) return c.json(errorBody('invalid_input', lang, q.fields), ERROR_STATUS.invalid_input);
    const filter = {
      ...(q.value.booking ? { bookingId: q.value.booking } : {}),
      ...(q.value.status ? { status: q.value.status } : {}),
    };
    const { rows, timeZone } = await listMessages(deps.db, filter);
    const tz = timeZone ?? FALLBACK_TIME_ZONE;
    c.header('Cache-Control', 'no-store');
    return c.json({ messages: rows.map((m) => messageJson(m, tz)) });
  });
}
