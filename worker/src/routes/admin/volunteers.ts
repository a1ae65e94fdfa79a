import { Hono, type MiddlewareHandler } from 'hono';
import type * as v from 'valibot';
import { allow, staffOf } from '../../auth/guard';
import { requireHashSecret, type AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError, fail } from '../../errors';
import { anyObject, jsonBody, limitBody, schemaCheck } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { t, type Lang } from '../../i18n';
import { icalFeedUrls, icalTokenDeriver, type IcalTokenDeriver } from '../../domain/ical-token';
import { currentFeedToken, newFeed } from '../../http/feed-links';
import { takesVideoCalls } from '../../domain/video';
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
  type VolunteerChanges,
  type VolunteerListRow,
  type VolunteerRow,
} from '../../db/repo/volunteers';
import {
  closureSchema,
  shiftBody,
  shiftSchema,
  volunteerSchema,
  type ShiftInput,
} from '../../validation/admin-management';

const checkVolunteer = schemaCheck(volunteerSchema);
const checkShift = schemaCheck(shiftSchema);

/**
 * A volunteer may act only on their own record (403 whatever the body says); other roles on any. Put it
 * before the body on every route a volunteer may call.
 */
const ownRecord: MiddlewareHandler<AppEnv> = async (c, next) => {
  const staff = staffOf(c);
  if (staff.role === 'volunteer' && staff.volunteerId !== c.req.param('id')) throw new AppError('forbidden');
  await next();
};

const notFound = fail('not_found');

/** 404 unless the route's volunteer exists (after ownRecord, so a stranger learns nothing). */
const knownVolunteer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await getVolunteer(c.var.deps.db, c.req.param('id') ?? ''))) return failureResponse(c, notFound);
  await next();
};

/**
 * /api/admin/volunteers: volunteers, their weekly shifts, absences and iCal links.
 * Admin and reception manage everyone. A volunteer reads only their own record, shifts and absences,
 * adds and removes their own absences and can rotate their own iCal link (a lost phone); the rest is 403.
 */
export const volunteerRoutes = new Hono<AppEnv>()
  .get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
    const { deps } = c.var;
    const staff = staffOf(c);
    // A volunteer's list is their own record: the portal shows them their iCal link from it.
    if (staff.role === 'volunteer' && !staff.volunteerId) return c.json({ volunteers: [] });
    const rows = await listVolunteers(deps.db, staff.role === 'volunteer' ? staff.volunteerId! : undefined);
    return c.json({ volunteers: await volunteersJson(deps, rows) });
  })
  .post(
    '/',
    allow('admin', 'reception'),
    limitBody(),
    jsonBody<VolunteerInputOut, v.InferInput<typeof volunteerSchema>>(checkVolunteer),
    async (c) => {
      const { deps } = c.var;
      const input = c.req.valid('json');
      const now = deps.clock.now();
      const id = deps.ids.id();
      const deriver = await icalTokenDeriver(requireHashSecret(deps.config));
      // The feed is issued at creation: its key and hash are stored with the row, so the link works at once.
      const feed = await newFeed((key) => deriver.volunteer(id, key));
      const row: VolunteerRow = {
        id,
        ...volunteerColumns(input),
        icalTokenHash: feed.hash,
        icalTokenRotatedAt: feed.key,
        createdAt: now,
      };
      await insertVolunteer(deps.db, row);
      const listed: VolunteerListRow = { ...row, shiftsCount: 0, staffUserId: null };
      return c.json({ volunteer: (await volunteersJson(deps, [listed], deriver))[0] }, 201);
    },
  )
  .get('/:id', allow('admin', 'reception', 'volunteer'), ownRecord, async (c) => {
    const { deps } = c.var;
    const id = c.req.param('id');
    const detail = await getVolunteerDetail(deps.db, id, deps.clock.now());
    if (!detail) return failureResponse(c, notFound);
    const absences = await listClosures(deps.db, id);
    return c.json({
      volunteer: (await volunteersJson(deps, [detail.volunteer]))[0],
      shifts: detail.shifts.map(shiftJson),
      absences: absences.map(closureJson),
      upcomingActiveBookings: detail.upcomingActiveBookings,
    });
  })
  .patch(
    '/:id',
    allow('admin', 'reception'),
    limitBody(),
    jsonBody<Record<string, unknown>, Partial<v.InferInput<typeof volunteerSchema>>>(anyObject),
    async (c) => {
      const { deps } = c.var;
      const id = c.req.param('id');
      const current = await getVolunteer(deps.db, id);
      if (!current) return failureResponse(c, notFound);
      const { displayName: name, phone, email, videoLink, active } = current;
      const input = checkVolunteer({ name, phone, email, videoLink, active, ...c.req.valid('json') }, c.get('lang'));
      if (!input.ok) return failureResponse(c, fail('invalid_input', input.fields));
      const changes: VolunteerChanges = volunteerColumns(input.value);
      if (changes.active !== current.active) {
        // Deactivating rotates the feed: the old URL stops answering for good, and reactivating (which
        // rotates again) hands out a new one rather than bringing back a URL that may have leaked.
        const deriver = await icalTokenDeriver(requireHashSecret(deps.config));
        const feed = await newFeed((key) => deriver.volunteer(id, key));
        changes.icalTokenRotatedAt = feed.key;
        changes.icalTokenHash = feed.hash;
      }
      const { updated, upcomingActiveBookings } = await updateVolunteer(deps.db, id, changes, deps.clock.now());
      const [row] = updated ? await listVolunteers(deps.db, id) : [];
      if (!row) return failureResponse(c, notFound);
      // Deactivating leaves bookings as they are; the count tells reception how many to reassign.
      return c.json({ volunteer: (await volunteersJson(deps, [row]))[0], upcomingActiveBookings });
    },
  )
  .post('/:id/ical/rotate', allow('admin', 'reception', 'volunteer'), limitBody(), ownRecord, async (c) => {
    const { deps } = c.var;
    const current = await getVolunteer(deps.db, c.req.param('id'));
    if (!current) return failureResponse(c, notFound);
    const deriver = await icalTokenDeriver(requireHashSecret(deps.config));
    const feed = await newFeed((key) => deriver.volunteer(current.id, key));
    // Compare-and-set on the previous key: of two rotations at once, one wins and the other is a 409.
    const written = await setVolunteerIcal(deps.db, current.id, current.icalTokenRotatedAt, feed);
    if (!written) return failureResponse(c, fail('conflict'));
    return c.json(icalFeedUrls(deps.config.publicBaseUrl, feed.token));
  })
  .get('/:id/shifts', allow('admin', 'reception', 'volunteer'), ownRecord, knownVolunteer, async (c) => {
    return c.json({ shifts: (await listShifts(c.var.deps.db, c.req.param('id'))).map(shiftJson) });
  })
  .post(
    '/:id/shifts',
    allow('admin', 'reception'),
    limitBody(),
    jsonBody<ShiftInput, v.InferInput<typeof shiftSchema>>(checkShift),
    knownVolunteer,
    async (c) => {
      const { deps } = c.var;
      const row = shiftRow(deps.ids.id(), c.req.param('id'), c.req.valid('json'));
      if (!(await insertShiftIfFree(deps.db, row))) return failureResponse(c, overlap(c.get('lang')));
      return c.json({ shift: shiftJson(row) }, 201);
    },
  )
  .patch(
    '/:id/shifts/:shiftId',
    allow('admin', 'reception'),
    limitBody(),
    jsonBody<Record<string, unknown>, Partial<v.InferInput<typeof shiftSchema>>>(anyObject),
    async (c) => {
      const { deps } = c.var;
      const lang = c.get('lang');
      const current = await getShift(deps.db, c.req.param('id'), c.req.param('shiftId'));
      if (!current) return failureResponse(c, notFound);
      const input = checkShift({ ...shiftBody(current), ...c.req.valid('json') }, lang);
      if (!input.ok) return failureResponse(c, fail('invalid_input', input.fields));
      const row = shiftRow(current.id, current.volunteerId, input.value);
      if (!(await updateShiftIfFree(deps.db, row))) {
        // Nothing written: either the shift was deleted meanwhile or the edit overlaps another shift.
        if (!(await getShift(deps.db, current.volunteerId, current.id))) return failureResponse(c, notFound);
        return failureResponse(c, overlap(lang));
      }
      return c.json({ shift: shiftJson(row) });
    },
  )
  .delete('/:id/shifts/:shiftId', allow('admin', 'reception'), async (c) => {
    // Bookings already made in the shift stay: they are appointments with people, not slots.
    if (!(await deleteShift(c.var.deps.db, c.req.param('id'), c.req.param('shiftId'))))
      return failureResponse(c, notFound);
    return c.body(null, 204);
  })
  .get('/:id/absences', allow('admin', 'reception', 'volunteer'), ownRecord, knownVolunteer, async (c) => {
    return c.json({ absences: (await listClosures(c.var.deps.db, c.req.param('id'))).map(closureJson) });
  })
  .post(
    '/:id/absences',
    allow('admin', 'reception', 'volunteer'),
    limitBody(),
    ownRecord,
    jsonBody(schemaCheck(closureSchema)),
    knownVolunteer,
    async (c) => {
      const { deps } = c.var;
      const row: ClosureRow = {
        id: deps.ids.id(),
        volunteerId: c.req.param('id'),
        ...c.req.valid('json'),
        createdAt: deps.clock.now(),
      };
      // Bookings on those days stay; the count tells reception how many to move.
      const { affectedBookings } = await insertClosure(deps.db, row);
      return c.json({ absence: closureJson(row), affectedBookings }, 201);
    },
  )
  .delete('/:id/absences/:absenceId', allow('admin', 'reception', 'volunteer'), ownRecord, async (c) => {
    if (!(await deleteClosure(c.var.deps.db, c.req.param('id'), c.req.param('absenceId'))))
      return failureResponse(c, notFound);
    return c.body(null, 204);
  });

type VolunteerInputOut = v.InferOutput<typeof volunteerSchema>;

/** The stored columns of a checked volunteer body (the API says `name`, the table `displayName`). */
function volunteerColumns({ name, ...rest }: VolunteerInputOut) {
  return { displayName: name, ...rest };
}

function overlap(lang: Lang) {
  return fail('invalid_input', { start: t(lang, 'field.shift_overlap') });
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

/** Volunteers as the API lists them, with their iCal URLs. */
export async function volunteersJson(deps: AppDeps, rows: VolunteerListRow[], deriver?: IcalTokenDeriver) {
  const derive = deriver ?? (await icalTokenDeriver(requireHashSecret(deps.config)));
  return Promise.all(
    rows.map(async (row) => {
      const token = await currentFeedToken(
        (key) => derive.volunteer(row.id, key),
        { key: row.icalTokenRotatedAt, hash: row.icalTokenHash },
        {
          write: (expected, next) => setVolunteerIcal(deps.db, row.id, expected, next),
          reread: async () => (await getVolunteer(deps.db, row.id))?.icalTokenRotatedAt,
        },
      );
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
        // Remote shifts but no way to give a remote appointment a link: they are left out of remote slots.
        videoLinkMissing: (row.remoteShiftsCount ?? 0) > 0 && !takesVideoCalls(row.videoLink, row.videoRoomBase),
      };
    }),
  );
}
