import { Hono } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import { deskTimeZoneOf, readDesk } from '../../db/repo/desk';
import { isoAt } from '../../domain/time';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { jsonBody, limitBody } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { validateRescheduleBody, type RescheduleBody } from '../../validation/admin-bookings';
import { validateWaitlistBody, type WaitlistInput } from '../../validation/waitlist';
import { joinWaitlist } from '../../waitlist/join';
import { bookFromWaitlist, listEntries, removeEntry, type StaffEntry } from '../../waitlist/staff';

const limit = limitBody();

/** An entry for the portal: instants as ISO 8601 with the desk's offset. */
function entryJson(e: StaffEntry, tz: string) {
  return {
    ...e,
    createdAt: isoAt(e.createdAt, tz),
    offer: e.offer && {
      ...e.offer,
      start: isoAt(e.offer.start, tz),
      end: isoAt(e.offer.end, tz),
      holdUntil: isoAt(e.offer.holdUntil, tz),
    },
  };
}

/**
 * /api/admin/waitlist (admin, reception): the people waiting in join order with their offers, a caller added
 * by reception, an entry removed, a waiting caller booked at once on the phone.
 */
export const waitlistRoutes = new Hono<AppEnv>()
  .get('/', allow('admin', 'reception'), async (c) => {
    const { deps } = c.var;
    const [entries, desk] = await Promise.all([
      listEntries(deps.db, deps.clock.now(), c.req.query('all') === '1'),
      readDesk(deps.db),
    ]);
    const tz = deskTimeZoneOf(desk);
    c.header('Cache-Control', 'no-store');
    return c.json({ entries: entries.map((e) => entryJson(e, tz)) });
  })
  .post(
    '/',
    allow('admin', 'reception'),
    limit,
    jsonBody<WaitlistInput, Record<string, unknown>>((body, lang) => validateWaitlistBody(body, lang, true)),
    async (c) => {
      const { deps } = c.var;
      const input = c.req.valid('json');
      const joined = await joinWaitlist(
        deps,
        input,
        { kind: 'staff', userId: staffOf(c).userId },
        input.language ?? 'it',
      );
      if (!joined.ok) return failureResponse(c, joined);
      deps.log.info('waitlist_added_by_staff', { requestId: c.get('requestId'), entryId: joined.id });
      return c.json({ id: joined.id, reference: joined.reference }, 201);
    },
  )
  .post('/:id/remove', allow('admin', 'reception'), async (c) => {
    const { deps } = c.var;
    const removed = await removeEntry(deps, c.req.param('id'));
    if (!removed.ok) return failureResponse(c, removed);
    return c.json({ entry: entryJson(removed.entry, deskTimeZoneOf(await readDesk(deps.db))) });
  })
  .post(
    '/:id/book',
    allow('admin', 'reception'),
    limit,
    jsonBody<{ start: number; volunteerId?: string }, RescheduleBody>(validateRescheduleBody),
    async (c) => {
      const { deps } = c.var;
      const made = await bookFromWaitlist(deps, {
        actor: staffOf(c),
        entryId: c.req.param('id'),
        ...c.req.valid('json'),
      });
      if (!made.ok) return failureResponse(c, made.code === 'not_found' ? fail('not_found') : made);
      deps.log.info('waitlist_booked_by_staff', { requestId: c.get('requestId'), bookingId: made.bookingId });
      return c.json({ bookingId: made.bookingId }, 201);
    },
  );
