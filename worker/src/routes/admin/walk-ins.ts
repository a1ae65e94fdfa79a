import { Hono } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import { walkIn } from '../../bookings/arrival';
import type { AppEnv } from '../../env';
import { jsonBody, limitBody } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { validateWalkInBody, type WalkInBody, type WalkInInput } from '../../validation/walk-ins';
import { detailResponse } from './booking-json';

/**
 * /api/admin/walk-ins: someone without a booking at the desk. The desk (admin, reception) records them; they
 * get today's first free slot for the service, checked in at once, and are never texted (bookings/arrival.ts).
 */
export const walkInRoutes = new Hono<AppEnv>().post(
  '/',
  allow('admin', 'reception'),
  limitBody(),
  jsonBody<WalkInInput, WalkInBody>(validateWalkInBody),
  async (c) => {
    const { deps } = c.var;
    const made = await walkIn(deps, { actor: staffOf(c), walkIn: c.req.valid('json') });
    if (!made.ok) return failureResponse(c, made);
    deps.log.info('walk_in_recorded', { requestId: c.get('requestId'), bookingId: made.bookingId });
    return detailResponse(c, made.bookingId, 201, 'conflict');
  },
);
