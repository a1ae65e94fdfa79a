import { Hono } from 'hono';
import { allow } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { failureResponse } from '../../http/failure';
import { DEFAULT_DESK_TIME_ZONE } from '../../db/repo/desk';
import { listMessages } from '../../db/repo/staff-bookings';
import { validateMessageListQuery } from '../../validation/admin-bookings';
import { messageJson } from './booking-json';

/** /api/admin/messages: the SMS outbox, for the desk to see what was sent, is waiting or failed. */
export const messageRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception'), async (c) => {
  const lang = c.get('lang');
  const q = validateMessageListQuery(c.req.query(), lang);
  if (!q.ok) return failureResponse(c, fail('invalid_input', q.fields));
  const filter = {
    ...(q.value.booking ? { bookingId: q.value.booking } : {}),
    ...(q.value.status ? { status: q.value.status } : {}),
  };
  const { rows, timeZone } = await listMessages(c.var.deps.db, filter);
  // Before the desk exists, times are shown in the zone it will be created with.
  const tz = timeZone ?? DEFAULT_DESK_TIME_ZONE;
  c.header('Cache-Control', 'no-store');
  return c.json({ messages: rows.map((m) => messageJson(m, tz)) });
});
