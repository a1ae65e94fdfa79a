import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { allow, staffOf, type StaffPrincipal } from '../../auth/guard';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { t } from '../../i18n';
import {
  icalFeedUrls,
  icalTokenDeriver,
  icalTokenHash,
  nextIssuedAt,
  type IcalTokenDeriver,
} from '../../domain/ical-token';
import { deleteClosure, insertClosure, listClosures, type ClosureRow } from '../../db/repo/management';
import {
  deleteShift,
  getShift,
  getVolunteer,
  getVolunteerDetail,
  insertShiftIfFree,
  insertVolunteer,
  listShifts,
  listVolunteers,
  setVolunteerIcal,
  updateShiftIfFree,
  updateVolunteer,
  type ShiftRow,
  type VolunteerListRow,
  type VolunteerRow,
} from '../../db/repo/volunteers';
import {
  closureSchema,
  MAX_MANAGEMENT_BODY_BYTES,
  parseOrThrow,
  readJsonObject,
  shiftBody,
  shiftSchema,
  volunteerSchema,
  type ShiftInput,
} from '../../validation/admin-management';

const limit = bodyLimit({
  maxSize: MAX_MANAGEMENT_BODY_BYTES,
  onError: () => {
    throw new AppError('payload_too_large');
  },
});

/**
 * /api/admin/volunteers: volunteers, their weekly shifts, absences and iCal links.
 * Admin and reception manage everyone. A volunteer reads only their own record, shifts and absences,
 * adds and removes their own absences and can rotate their own iCal link (a lost phone); the rest is 403.
 */
export function volunteerRoutes(deps: AppDeps) {
  const { db } = deps;

  /** The route's volunteer, after the ownership rule; 404 when unknown. */
  async function reachableVolunteer(staff: StaffPrincipal, id: string): Promise<VolunteerRow> {
    requireOwn(staff, id);
    const row = await getVolunteer(db, id);
    if (!row) throw new AppError('not_found');
    return row;
  }

  return new Hono<AppEnv>()
    .get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
      const staff = staffOf(c);
      // A volunteer's list is their own record: the portal shows them their iCal link from it.
      if (staff.role === 'volunteer' && !staff.volunteerId) return c.json({ volunteers: [] });
      const rows = await listVolunteers(db, staff.role === 'volunteer' ? staff.volunteerId! : undefined);
      return c.json({ volunteers: await volunteersJson(deps, rows) });
    })
    .post('/', allow('admin', 'reception'), limit, async (c) => {
      const input = parseOrThrow(volunteerSchema, await readJsonObject(c.req), c.get('lang'));
      const now = deps.clock.now();
      const id = deps.ids.id();
      const deriver = await icalTokenDeriver(deps.config.hashSecret);
      // The feed token is issued at creation: its hash is stored with the row, so the link works at once.
      const hash = await icalTokenHash(await deriver.volunteer(id, now));
      await insertVolunteer(db, {
        id,
        displayName: input.name,
        phone: input.phone,
        email: input.email,
        videoLink: input.videoLink,
        active: input.active,
        icalTokenHash: hash,
        createdAt: now,
      });
      const row: VolunteerListRow = {
        id,
        displayName: input.name,
        phone: input.phone,
        email: input.email,
        videoLink: input.videoLink,
        active: input.active,
        icalTokenHash: hash,
        icalTokenRotatedAt: null,
        createdAt: now,
        shiftsCount: 0,
        staffUserId: null,
      };
      return c.json({ volunteer: (await volunteersJson(deps, [row], deriver))[0] }, 201);
    })
    .get('/:id', allow('admin', 'reception', 'volunteer'), async (c) => {
      const id = c.req.param('id');
      requireOwn(staffOf(c), id);
      const detail = await getVolunteerDetail(db, id, deps.clock.now());
      if (!detail) throw new AppError('not_found');
      const absences = await listClosures(db, id);
      return c.json({
        volunteer: (await volunteersJson(deps, [detail.volunteer]))[0],
        shifts: detail.shifts.map(shiftJson),
        absences: absences.map(closureJson),
        upcomingActiveBookings: detail.upcomingActiveBookings,
      });
    })
    .patch('/:id', allow('admin', 'reception'), limit, async (c) => {
      const id = c.req.param('id');
      const body = await readJsonObject(c.req);
      const current = await getVolunteer(db, id);
      if (!current) throw new AppError('not_found');
      const input = parseOrThrow(
        volunteerSchema,
        {
          name: current.displayName,
          phone: current.phone,
          email: current.email,
          videoLink: current.videoLink,
          active: current.active,
          ...body,
        },
        c.get('lang'),
      );
      const { updated, upcomingActiveBookings } = await updateVolunteer(
        db,
        id,
        {
          displayName: input.name,
          phone: input.phone,
          email: input.email,
          videoLink: input.videoLink,
          active: input.active,
        },
        deps.clock.now(),
      );
      if (!updated) throw new AppError('not_found');
      const [row] = await listVolunteers(db, id);
      if (!row) throw new AppError('not_found');
      // Deactivating leaves bookings as they are; the count tells reception how many to reassign.
      return c.json({ volunteer: (await volunteersJson(deps, [row]))[0], upcomingActiveBookings });
    })
    .post('/:id/ical/rotate', allow('admin', 'reception', 'volunteer'), async (c) => {
      const current = await reachableVolunteer(staffOf(c), c.req.param('id'));
      const deriver = await icalTokenDeriver(deps.config.hashSecret);
      const previous = current.icalTokenRotatedAt ?? current.createdAt;
      const rotatedAt = nextIssuedAt(previous, deps.clock.now());
      const token = await deriver.volunteer(current.id, rotatedAt);
      // Compare-and-set on the previous instant: of two rotations at once, one wins and the other is a 409.
      const written = await setVolunteerIcal(db, current.id, previous, {
        rotatedAt,
        hash: await icalTokenHash(token),
      });
      if (!written) throw new AppError('conflict');
      return c.json(icalFeedUrls(deps.config.publicBaseUrl, token));
    })
    .get('/:id/shifts', allow('admin', 'reception', 'volunteer'), async (c) => {
      const volunteer = await reachableVolunteer(staffOf(c), c.req.param('id'));
      return c.json({ shifts: (await listShifts(db, volunteer.id)).map(shiftJson) });
    })
    .post('/:id/shifts', allow('admin', 'reception'), limit, async (c) => {
      const lang = c.get('lang');
      const input = parseOrThrow(shiftSchema, await readJsonObject(c.req), lang);
      const volunteer = await reachableVolunteer(staffOf(c), c.req.param('id'));
      const row = shiftRow(deps.ids.id(), volunteer.id, input);
      if (!(await insertShiftIfFree(db, row))) throw overlapError(lang);
      return c.json({ shift: shiftJson(row) }, 201);
    })
    .patch('/:id/shifts/:shiftId', allow('admin', 'reception'), limit, async (c) => {
      const lang = c.get('lang');
      const body = await readJsonObject(c.req);
      const current = await getShift(db, c.req.param('id'), c.req.param('shiftId'));
      if (!current) throw new AppError('not_found');
      const input = parseOrThrow(shiftSchema, { ...shiftBody(current), ...body }, lang);
      const row = shiftRow(current.id, current.volunteerId, input);
      if (!(await updateShiftIfFree(db, row))) {
        // Nothing written: either the shift was deleted meanwhile or the edit overlaps another shift.
        if (!(await getShift(db, current.volunteerId, current.id))) throw new AppError('not_found');
        throw overlapError(lang);
      }
      return c.json({ shift: shiftJson(row) });
    })
    .delete('/:id/shifts/:shiftId', allow('admin', 'reception'), async (c) => {
      // Bookings already made in the shift stay: they are appointments with people, not slots.
      if (!(await deleteShift(db, c.req.param('id'), c.req.param('shiftId')))) throw new AppError('not_found');
      return c.body(null, 204);
    })
    .get('/:id/absences', allow('admin', 'reception', 'volunteer'), async (c) => {
      const volunteer = await reachableVolunteer(staffOf(c), c.req.param('id'));
      return c.json({ absences: (await listClosures(db, volunteer.id)).map(closureJson) });
    })
    .post('/:id/absences', allow('admin', 'reception', 'volunteer'), limit, async (c) => {
      const staff = staffOf(c);
      // Ownership before the body: someone else's record is a 403 whatever was sent.
      requireOwn(staff, c.req.param('id'));
      const input = parseOrThrow(closureSchema, await readJsonObject(c.req), c.get('lang'));
      const volunteer = await reachableVolunteer(staff, c.req.param('id'));
      const row: ClosureRow = { id: deps.ids.id(), volunteerId: volunteer.id, ...input, createdAt: deps.clock.now() };
      // Bookings on those days stay; the count tells reception how many to move.
      const { affectedBookings } = await insertClosure(db, row);
      return c.json({ absence: closureJson(row), affectedBookings }, 201);
    })
    .delete('/:id/absences/:absenceId', allow('admin', 'reception', 'volunteer'), async (c) => {
      const id = c.req.param('id');
      requireOwn(staffOf(c), id);
      if (!(await deleteClosure(db, id, c.req.param('absenceId')))) throw new AppError('not_found');
      return c.body(null, 204);
    });
}

/** A volunteer may act only on their own record; other roles on any. */
function requireOwn(staff: StaffPrincipal, volunteerId: string): void {
  if (staff.role === 'volunteer' && staff.volunteerId !== volunteerId) throw new AppError('forbidden');
}

function overlapError(lang: 'it' | 'en'): AppError {
  return new AppError('invalid_input', { start: t(lang, 'field.shift_overlap') });
}

function shiftRow(id: string, volunteerId: string, input: ShiftInput): ShiftRow {
  return {
    id,
    volunteerId,
    weekday: input.weekday,
    startMinute: input.start,
    endMinute: input.end,
    allowsInPerson: input.modes.allowsInPerson,
    allowsRemote: input.modes.allowsRemote,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
  };
}

function shiftJson(row: ShiftRow) {
  return { id: row.id, ...shiftBody(row) };
}

/** A closure or absence as the API shows it. */
export function closureJson(row: ClosureRow) {
  return { id: row.id, dateFrom: row.dateFrom, dateTo: row.dateTo, reason: row.reason };
}

/**
 * Volunteers as the API lists them, with their iCal URLs. The token is derived from the row; where the
 * stored hash does not match it (a volunteer written by the seed or the CLI, or a changed HASH_SECRET)
 * the hash is brought in line, so the URL staff are shown is the one the feed answers.
 */
export async function volunteersJson(deps: AppDeps, rows: VolunteerListRow[], deriver?: IcalTokenDeriver) {
  const derive = deriver ?? (await icalTokenDeriver(deps.config.hashSecret));
  return Promise.all(
    rows.map(async (row) => {
      const issuedAt = row.icalTokenRotatedAt ?? row.createdAt;
      const token = await derive.volunteer(row.id, issuedAt);
      const hash = await icalTokenHash(token);
      if (row.icalTokenHash !== hash) {
        await setVolunteerIcal(deps.db, row.id, issuedAt, { rotatedAt: row.icalTokenRotatedAt, hash });
      }
      return {
        id: row.id,
        name: row.displayName,
        active: row.active,
        phone: row.phone,
        email: row.email,
        videoLink: row.videoLink,
        ...icalFeedUrls(deps.config.publicBaseUrl, token),
        shiftsCount: row.shiftsCount,
        staffUserId: row.staffUserId,
      };
    }),
  );
}
