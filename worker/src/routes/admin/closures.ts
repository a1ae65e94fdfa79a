import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { allow } from '../../auth/guard';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { t, type MessageKey } from '../../i18n';
import { italianHolidays } from '../../domain/holidays';
import { zonedParts } from '../../domain/time';
import { deleteClosure, findDesk, insertClosure, listClosures, type ClosureRow } from '../../db/repo/management';
import {
  closureSchema,
  MAX_MANAGEMENT_BODY_BYTES,
  parseOrThrow,
  readJsonObject,
  yearQuerySchema,
} from '../../validation/admin-management';
import { closureJson } from './volunteers';

const limit = bodyLimit({
  maxSize: MAX_MANAGEMENT_BODY_BYTES,
  onError: () => {
    throw new AppError('payload_too_large');
  },
});

/**
 * /api/admin/closures: days the whole desk is closed, on top of the built-in national holidays (listed
 * alongside, read-only). Every role reads them (a volunteer plans around them); admin and reception edit.
 * A volunteer's own absences live under /api/admin/volunteers/:id/absences.
 */
export function closureRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
      const query = parseOrThrow(yearQuerySchema, { year: c.req.query('year') }, c.get('lang'));
      let year = query.year;
      if (year === undefined) {
        const desk = await findDesk(db);
        year = Number(zonedParts(deps.clock.now(), desk?.timeZone ?? 'Europe/Rome').date.slice(0, 4));
      }
      const rows = await listClosures(db, null, { from: `${year}-01-01`, to: `${year}-12-31` });
      return c.json({
        year,
        closures: rows.map(closureJson),
        holidays: [...italianHolidays(year)].map(([date, key]) => ({
          date,
          name: { it: t('it', key as MessageKey), en: t('en', key as MessageKey) },
        })),
      });
    })
    .post('/', allow('admin', 'reception'), limit, async (c) => {
      const input = parseOrThrow(closureSchema, await readJsonObject(c.req), c.get('lang'));
      const row: ClosureRow = { id: deps.ids.id(), volunteerId: null, ...input, createdAt: deps.clock.now() };
      // Bookings on closed days stay; the count tells reception how many to move or cancel.
      const { affectedBookings } = await insertClosure(db, row);
      return c.json({ closure: closureJson(row), affectedBookings }, 201);
    })
    .delete('/:id', allow('admin', 'reception'), async (c) => {
      if (!(await deleteClosure(db, null, c.req.param('id')))) throw new AppError('not_found');
      return c.body(null, 204);
    });
}
