/**
 * Reception's side of the waitlist: the list in join order with each entry's offer, removing an entry, and
 * booking a waiting caller at once on the phone (a confirmed booking, channel `waitlist`, the entry booked
 * and a taken offer of channel `phone`, so the refill figures count it: one batch with the guarded insert).
 */
import { sql } from 'drizzle-orm';
import { batchByName, totalRowsAffected } from '../db/batch';
import type { Db } from '../db/client';
import { loadAvailability } from '../db/repo/availability';
import { insertBooking, type NewBooking } from '../db/repo/bookings';
import type { AppDeps } from '../deps';
import { refuse, type Outcome } from '../domain/result';
import type { Language, Mode, OfferStatus, WaitlistStatus } from '../domain/vocabulary';
import { newRoomName } from '../lib/ids';
import { outboxDesk } from '../outbox/texts';
import { textsFor } from '../bookings/messages';
import { isReachable, serviceRule, slotAt, windowAround } from '../bookings/slots';
import { linkChoices, videoParts } from '../bookings/video';
import { staffMade } from '../bookings/create';
import type { StaffPrincipal } from '../auth/guard';

const DAY = 24 * 3_600_000;
/** Ended entries stay in the staff list (with ?all=1) this long after they ended. */
export const ENDED_SHOWN_MS = 30 * DAY;

/** An entry as staff see it, with its open offer (or its latest one). */
export interface StaffEntry {
  id: string;
  reference: string;
  serviceId: string;
  mode: Mode;
  from: string;
  to: string;
  name: string | null;
  phone: string | null;
  language: Language;
  status: WaitlistStatus;
  createdAt: number;
  offer: null | {
    id: string;
    start: number;
    end: number;
    status: OfferStatus;
    holdUntil: number;
    channel: 'sms' | 'phone';
    volunteerId: string;
  };
}

interface EntryRow extends Omit<StaffEntry, 'offer'> {
  offerId: string | null;
  offerStart: number | null;
  offerEnd: number | null;
  offerStatus: OfferStatus | null;
  offerHoldUntil: number | null;
  offerChannel: 'sms' | 'phone' | null;
  offerVolunteerId: string | null;
}

/** Waiting entries in join order; with `all`, also those that ended in the last 30 days. One statement. */
export async function listEntries(db: Db, now: number, all: boolean): Promise<StaffEntry[]> {
  const rows = await db.all<EntryRow>(sql`
    SELECT e.id, e.reference, e.service_id AS serviceId, e.mode, e.from_date AS "from", e.to_date AS "to",
      e.person_name AS name, e.phone, e.language, e.status, e.created_at AS createdAt, o.id AS offerId,
      o.start_at AS offerStart, o.end_at AS offerEnd, o.status AS offerStatus, o.hold_until AS offerHoldUntil,
      o.channel AS offerChannel, o.volunteer_id AS offerVolunteerId
    FROM waitlist_entries e
    LEFT JOIN waitlist_offers o ON o.id = (SELECT x.id FROM waitlist_offers x WHERE x.entry_id = e.id
      ORDER BY (x.status = 'open') DESC, x.created_at DESC LIMIT 1)
    WHERE e.status = 'waiting' OR (${all ? 1 : 0} AND e.ended_at > ${now - ENDED_SHOWN_MS})
    ORDER BY e.status <> 'waiting', e.created_at, e.id`);
  return rows.map(
    ({ offerId, offerStart, offerEnd, offerStatus, offerHoldUntil, offerChannel, offerVolunteerId, ...e }) => ({
      ...e,
      offer:
        offerId === null
          ? null
          : {
              id: offerId,
              start: offerStart!,
              end: offerEnd!,
              status: offerStatus!,
              holdUntil: offerHoldUntil!,
              channel: offerChannel!,
              volunteerId: offerVolunteerId!,
            },
    }),
  );
}

/** Staff remove a waiting entry; its open offer is withdrawn in the same batch. */
export async function removeEntry(deps: AppDeps, id: string): Promise<Outcome<{ entry: StaffEntry }>> {
  const now = deps.clock.now();
  const res = await batchByName(deps.db, {
    offer: deps.db.run(sql`UPDATE waitlist_offers SET status = 'withdrawn', answered_at = ${now}
      WHERE entry_id = ${id} AND status = 'open'
        AND EXISTS (SELECT 1 FROM waitlist_entries WHERE id = ${id} AND status = 'waiting')`),
    entry: deps.db.run(sql`UPDATE waitlist_entries SET status = 'removed', ended_at = ${now}, updated_at = ${now}
      WHERE id = ${id} AND status = 'waiting'`),
  });
  const entry = (await listEntries(deps.db, now, true)).find((e) => e.id === id) ?? (await entryById(deps.db, id));
  if (!entry) return refuse('not_found');
  if (totalRowsAffected(res.entry) === 0) return refuse('invalid_transition');
  return { ok: true, entry };
}

async function entryById(db: Db, id: string): Promise<StaffEntry | undefined> {
  const rows = await db.all<Omit<StaffEntry, 'offer'>>(sql`
    SELECT id, reference, service_id AS serviceId, mode, from_date AS "from", to_date AS "to", person_name AS name,
      phone, language, status, created_at AS createdAt FROM waitlist_entries WHERE id = ${id}`);
  const row = rows[0];
  return row && { ...row, offer: null };
}

/**
 * Reception books a waiting caller into a free time on the phone: as a staff booking (no minimum notice,
 * the overlap and hold guards of every insert), channel `waitlist`, confirmed; the entry booked and a taken
 * offer of channel `phone` written with it, or nothing.
 */
export async function bookFromWaitlist(
  deps: AppDeps,
  cmd: { actor: StaffPrincipal; entryId: string; start: number; volunteerId?: string },
): Promise<Outcome<{ bookingId: string }>> {
  const now = deps.clock.now();
  const entry = await entryById(deps.db, cmd.entryId);
  if (!entry) return refuse('not_found');
  if (entry.status !== 'waiting' || !entry.name || !entry.phone) return refuse('invalid_transition');
  if (!isReachable(cmd.start, now)) return refuse('slot_unavailable');
  const loaded = await loadAvailability(deps.db, entry.serviceId, windowAround(cmd.start));
  if (!loaded.configured) return refuse('desk_not_configured');
  const rule = serviceRule(loaded.service, entry.mode, true);
  if (!rule.ok) return rule;
  const found = slotAt(loaded, cmd.start, { rule: rule.rule, mode: entry.mode, now, booker: 'staff' });
  const candidates =
    found?.slot.volunteerIds.filter((v) => cmd.volunteerId === undefined || v === cmd.volunteerId) ?? [];
  if (!found || candidates.length === 0) return refuse('slot_unavailable');
  const booking: NewBooking = {
    id: deps.ids.id(),
    reference: deps.ids.reference(),
    manageCode: deps.ids.token(),
    serviceId: entry.serviceId,
    mode: entry.mode,
    startAt: found.slot.start,
    endAt: found.slot.end,
    localDate: found.localDate,
    localTime: found.slot.localTime,
    ...staffMade(cmd.actor.userId, now),
    channel: 'waitlist',
    language: entry.language,
    personName: entry.name,
    phone: entry.phone,
    videoRoom: entry.mode === 'remote' ? newRoomName() : null,
  };
  const desk = outboxDesk(loaded.desk, deps.config.publicBaseUrl);
  const offerId = deps.ids.id();
  const stored = await insertBooking(deps.db, booking, candidates, {
    alongside: (created, b) => {
      const made = sql`EXISTS (SELECT 1 FROM bookings WHERE id = ${b.id})`;
      return [
        deps.db.run(sql`UPDATE waitlist_offers SET status = 'withdrawn', answered_at = ${now}
          WHERE entry_id = ${entry.id} AND status = 'open' AND ${made}`),
        deps.db.run(sql`
          INSERT INTO waitlist_offers (id, code, entry_id, service_id, mode, volunteer_id, start_at, end_at,
            local_date, local_time, status, holds, hold_until, freed_at, booking_id, channel, created_by, created_at,
            answered_at)
          SELECT ${offerId}, ${deps.ids.token()}, ${entry.id}, ${b.serviceId}, ${b.mode}, bk.volunteer_id, ${b.startAt},
            ${b.endAt}, ${b.localDate}, ${b.localTime}, 'taken', 0, ${now}, ${now}, ${b.id}, 'phone', ${cmd.actor.userId},
            ${now}, ${now}
          FROM bookings bk WHERE bk.id = ${b.id}`),
        deps.db.run(sql`UPDATE waitlist_entries SET status = 'booked', booking_id = ${b.id}, ended_at = ${now},
            updated_at = ${now}
          WHERE id = ${entry.id} AND status = 'waiting' AND ${made}`),
        deps.db.run(sql`
          INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
          SELECT ${b.id}, ${now}, 'staff', ${cmd.actor.userId}, 'waitlist_offer_taken', NULL, 'confirmed',
            json_object('offerId', ${offerId}, 'channel', 'phone')
          WHERE ${made}`),
        ...linkChoices(candidates, videoParts(b, loaded), loaded.videoLinks, created).flatMap(({ videoLink, guard }) =>
          textsFor(deps.db, desk && { desk, booking: { ...b, videoLink } }, b.id, { kind: 'confirmation' }, now, guard),
        ),
      ];
    },
  });
  if (!stored.ok) return refuse(stored.reason === 'slot_taken' ? 'slot_unavailable' : 'conflict');
  deps.outbox.sendSoon();
  return { ok: true, bookingId: booking.id };
}
