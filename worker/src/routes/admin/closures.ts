import { Hono } from 'hono';
import * as v from 'valibot';
import { allow, staffOf } from '../../auth/guard';
import { closeDaysAndCancel } from '../../bookings/close-days';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { jsonBody, limitBody, schemaCheck } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { t, type MessageKey } from '../../i18n';
import { italianHolidays } from '../../domain/holidays';
import { zonedParts } from '../../domain/time';
import { deskTimeZoneOf, readDesk } from '../../db/repo/desk';
import { deleteClosure, insertClosure, listClosures, type ClosureRow } from '../../db/repo/management';
import { deskClosureSchema, yearQuerySchema } from '../../validation/admin-management';

type DeskClosure = v.InferOutput<typeof deskClosureSchema>;
import { issuesToFields } from '../../validation/issues';
import { closureJson } from './volunteers';

/**
 * /api/admin/closures: days the whole desk is closed, on top of the built-in national holidays (listed
 * alongside, read-only). Every role reads them (a volunteer plans around them); admin and reception edit.
 * A volunteer's own absences live under /api/admin/volunteers/:id/absences.
 */
export const closureRoutes = new Hono<AppEnv>()
  .get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
    const { deps } = c.var;
    const query = v.safeParse(yearQuerySchema, { year: c.req.query('year') });
    if (!query.success) return failureResponse(c, fail('invalid_input', issuesToFields(query.issues, c.get('lang'))));
    // Without a year, the desk's current one (before the desk exists, the current one in its default zone).
    const year =
      query.output.year ??
      Number(zonedParts(deps.clock.now(), deskTimeZoneOf(await readDesk(deps.db))).date.slice(0, 4));
    const rows = await listClosures(deps.db, null, { from: `${year}-01-01`, to: `${year}-12-31` });
    return c.json({
      year,
      closures: rows.map(closureJson),
      holidays: [...italianHolidays(year)].map(([date, key]) => ({
        date,
        name: { it: t('it', key as MessageKey), en: t('en', key as MessageKey) },
      })),
    });
  })
  .post(
    '/',
    allow('admin', 'reception'),
    limitBody(),
    jsonBody<DeskClosure, v.InferInput<typeof deskClosureSchema>>(schemaCheck(deskClosureSchema)),
    async (c) => {
      const { deps } = c.var;
      const { cancelBookings, ...closure } = c.req.valid('json');
      if (cancelBookings) {
        // One step: the closure, and every appointment of those days cancelled with a text (safe to repeat).
        const done = await closeDaysAndCancel(deps, {
          actor: staffOf(c),
          closure,
          cancelReason: closure.reason || t(c.get('lang'), 'closures.cancel_reason'),
        });
        deps.log.info('desk_closed', { requestId: c.get('requestId'), cancelled: done.cancelled });
        return c.json(
          { closure: closureJson(done.closure), affectedBookings: done.remaining, cancelledBookings: done.cancelled },
          done.created ? 201 : 200,
        );
      }
      const row: ClosureRow = { id: deps.ids.id(), volunteerId: null, ...closure, createdAt: deps.clock.now() };
      // Without cancelBookings, bookings on closed days stay; the count tells reception how many to move or cancel.
      const { affectedBookings } = await insertClosure(deps.db, row);
      return c.json({ closure: closureJson(row), affectedBookings, cancelledBookings: 0 }, 201);
    },
  )
  .delete('/:id', allow('admin', 'reception'), async (c) => {
    if (!(await deleteClosure(c.var.deps.db, null, c.req.param('id')))) return failureResponse(c, fail('not_found'));
    return c.body(null, 204);
  });
