/**
 * The offer engine: a freed time goes to the people waiting for its service and mode whose days hold it,
 * in join order. Far enough ahead, the first person gets it by SMS with a hold (the time is kept for them
 * for the desk's `waitlist_hold_minutes`, never past two hours before the start); a time starting within
 * the next day goes to everyone waiting at once, without a hold, first come first served.
 *
 * At most three round trips whatever the number of times: the freed bookings' services (skipped when known), then
 * the availability of each service with its waiting people and the earlier offers of these times, then
 * every offer and its SMS in one batch. The time is checked with the availability engine, as the widget
 * would see it (the freed time may already be booked again, or lie before the desk's notice).
 */
import { batchByName, rowsOf, totalRowsAffected } from '../db/batch';
import {
  availabilityRead,
  toLoadedAvailability,
  type AvailabilityReadResult,
  type LoadedAvailability,
} from '../db/repo/availability';
import { deskQuery, type DeskRow } from '../db/repo/desk';
import type { AppDeps } from '../deps';
import { addDays, zonedParts } from '../domain/time';
import type { Mode } from '../domain/vocabulary';
import { nextAllowedInstant } from '../outbox/policy';
import { outboxDesk, renderOffer } from '../outbox/texts';
import { freeDays, serviceRule, slotAt, type SlotQuery } from '../bookings/slots';
import {
  earlierOffersQuery,
  insertOfferStatement,
  offerTextStatement,
  sourceBookingsQuery,
  waitingEntriesQuery,
  type EarlierOffer,
  type NewOffer,
  type WaitingEntry,
} from './store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A hold never runs past this long before the start: the person must still be able to come. */
export const HOLD_ENDS_BEFORE_START_MS = 2 * HOUR;
/** A time starting within this long is offered to everyone at once, without a hold. */
export const EVERYONE_AT_ONCE_WITHIN_MS = 24 * HOUR;
/** At most this many people get one "everyone at once" offer (one SMS each, within the caps). */
export const EVERYONE_AT_ONCE_MAX = 30;

/** A time to offer, with its service and mode when the caller knows them. */
export interface TimeToOffer {
  volunteerId: string;
  startAt: number;
  endAt: number;
  freedAt: number;
  /** The booking whose end freed it, if one did. */
  sourceBookingId: string | null;
  serviceId?: string;
  mode?: Mode;
}

/** What one engine run did. */
export interface OfferRun {
  /** Offers written (one per person). */
  offered: number;
  /** Times that went to at least one person. */
  times: number;
}

const none: OfferRun = { offered: 0, times: 0 };

/**
 * The free slot a freed time opened, as the widget would offer it: the one starting at the freed start, else
 * the earliest free slot of that day overlapping the freed time with the same volunteer (a booking made off
 * the slot grid, or of another length, frees slots that start elsewhere).
 */
function slotInFreedTime(
  loaded: LoadedAvailability & { configured: true },
  t: { startAt: number; endAt: number; volunteerId: string },
  q: Omit<SlotQuery, 'from' | 'to'>,
) {
  const exact = slotAt(loaded, t.startAt, q);
  if (exact) return exact;
  const localDate = zonedParts(t.startAt, loaded.desk.timeZone).date;
  const slot = freeDays(loaded.data, { ...q, from: localDate, to: localDate })
    .flatMap((d) => d.slots)
    .find((s) => s.start < t.endAt && s.end > t.startAt && s.volunteerIds.includes(t.volunteerId));
  return slot && { slot, localDate };
}

/**
 * Offers the freed times to the people waiting for them. Safe to run twice or alongside the cron: the
 * statements refuse a second hold on a time, a second open offer for an entry, and a booked time.
 */
export async function offerTimes(
  deps: AppDeps,
  times: readonly TimeToOffer[],
  opts: { sendSoon?: boolean } = {},
): Promise<OfferRun> {
  const { db } = deps;
  const now = deps.clock.now();
  const future = times.filter((t) => t.startAt > now);
  if (future.length === 0) return none;
  const unknown = [...new Set(future.filter((t) => !t.serviceId).map((t) => t.sourceBookingId ?? ''))];
  const first = await batchByName(db, {
    desk: deskQuery(db),
    sources: unknown.length > 0 ? sourceBookingsQuery(db, unknown) : undefined,
  });
  const desk = rowsOf<DeskRow>(first.desk)[0];
  if (!desk || !desk.waitlistEnabled) return none;
  const sources = new Map(rowsOf<{ id: string; serviceId: string; mode: Mode }>(first.sources).map((s) => [s.id, s]));
  const known = future.flatMap((t) => {
    const src = t.sourceBookingId ? sources.get(t.sourceBookingId) : undefined;
    const serviceId = t.serviceId ?? src?.serviceId;
    const mode = t.mode ?? src?.mode;
    return serviceId && mode ? [{ ...t, serviceId, mode }] : [];
  });
  if (known.length === 0) return none;

  // One availability read per service over the days of its times (a day more each side, any zone).
  const services = [...new Set(known.map((t) => t.serviceId))];
  const pairs = [...new Set(known.map((t) => `${t.serviceId} ${t.mode}`))];
  const dayOf = (t: number) => zonedParts(t, desk.timeZone).date;
  const span = (list: readonly { startAt: number }[]) => {
    const days = list.map((t) => dayOf(t.startAt)).sort();
    return { from: days[0]!, to: days[days.length - 1]! };
  };
  const reads: Record<string, unknown[]> = await batchByName<string>(db, {
    earlier: earlierOffersQuery(db, known),
    ...Object.fromEntries(
      services.map((s) => {
        const { from, to } = span(known.filter((t) => t.serviceId === s));
        return [`a:${s}`, availabilityRead(db, s, { from: addDays(from, -1), to: addDays(to, 1) })];
      }),
    ),
    ...Object.fromEntries(
      pairs.map((pair) => {
        const [serviceId, mode] = pair.split(' ') as [string, Mode];
        const { from, to } = span(known.filter((t) => t.serviceId === serviceId && t.mode === mode));
        return [`e:${pair}`, waitingEntriesQuery(db, { serviceId, mode, from, to })];
      }),
    ),
  });
  const earlier = rowsOf<EarlierOffer>(reads.earlier ?? []);
  const sendable = nextAllowedInstant(now, desk.quietStartMinute, desk.quietEndMinute, desk.timeZone);
  const sms = outboxDesk(desk, deps.config.publicBaseUrl);
  const offers: { offer: NewOffer; body: string | undefined }[] = [];
  const taken = new Set<string>();
  let offeredTimes = 0;

  for (const t of known) {
    const loaded = toLoadedAvailability(rowsOfRead(reads[`a:${t.serviceId}`]));
    if (!loaded.configured) continue;
    const rule = serviceRule(loaded.service, t.mode);
    if (!rule.ok) continue;
    const found = slotInFreedTime(loaded, t, { rule: rule.rule, mode: t.mode, now, booker: 'person' });
    if (!found) continue;
    const volunteerId = found.slot.volunteerIds.includes(t.volunteerId) ? t.volunteerId : found.slot.volunteerIds[0];
    if (!volunteerId) continue;
    const sameTime = earlier.filter((o) => o.volunteerId === volunteerId && o.startAt === found.slot.start);
    // Someone has it open already (the everyone-at-once offers do not hold it in availability).
    if (sameTime.some((o) => o.open)) continue;
    const had = new Set(sameTime.map((o) => o.entryId));
    const entries = rowsOf<WaitingEntry>(reads[`e:${t.serviceId} ${t.mode}`] ?? []).filter(
      (e) => e.fromDate <= found.localDate && e.toDate >= found.localDate && !had.has(e.id) && !taken.has(e.id),
    );
    if (entries.length === 0) continue;
    // The hold runs from when the text can go out: an offer made in the night waits for the quiet hours to end,
    // so nobody's time to answer passes while they sleep.
    const everyone = found.slot.start - sendable <= EVERYONE_AT_ONCE_WITHIN_MS;
    const chosen = everyone ? entries.slice(0, EVERYONE_AT_ONCE_MAX) : entries.slice(0, 1);
    const holdUntil = everyone
      ? found.slot.start
      : Math.min(sendable + desk.waitlistHoldMinutes * MINUTE, found.slot.start - HOLD_ENDS_BEFORE_START_MS);
    offeredTimes++;
    for (const e of chosen) {
      taken.add(e.id);
      const code = deps.ids.token();
      offers.push({
        offer: {
          id: deps.ids.id(),
          code,
          entryId: e.id,
          volunteerId,
          startAt: found.slot.start,
          endAt: found.slot.end,
          localDate: found.localDate,
          localTime: found.slot.localTime,
          holds: !everyone,
          holdUntil,
          sourceBookingId: t.sourceBookingId,
          freedAt: t.freedAt,
          now,
        },
        body: sms && renderOffer(sms, { code, language: e.language, mode: t.mode, startAt: found.slot.start }),
      });
    }
  }
  if (offers.length === 0) return none;
  const written = await batchByName(db, {
    offers: offers.map(({ offer }) => insertOfferStatement(db, offer)),
    texts: offers.flatMap(({ offer, body }) => (body ? [offerTextStatement(db, offer.id, body, now)] : [])),
  });
  const offered = totalRowsAffected(written.offers);
  deps.log.info('waitlist_offered', { offers: offered, times: offeredTimes });
  // The offer SMS go out now rather than at the next cron tick (the cron's own dispatch follows its offers).
  if (opts.sendSoon !== false && offered > 0 && totalRowsAffected(written.texts) > 0) deps.outbox.sendSoon();
  return { offered, times: offered > 0 ? offeredTimes : 0 };
}

/** An availability read's rows from a batch by name. */
function rowsOfRead(part: unknown[] | undefined): AvailabilityReadResult {
  return rowsOf<AvailabilityReadResult[number]>(part ?? []);
}
