/**
 * What a person does from an offer's page /w/<code>: take the offered time, or pass it on. Taking is the
 * booking's guarded insert and the offer's compare-and-swap (open → taken) in ONE batch: of twenty people
 * tapping at once, exactly one gets the booking, and the others are told kindly that it went.
 */
import { batchByName, rowsOf, totalRowsAffected } from '../db/batch';
import { insertBooking, type NewBooking } from '../db/repo/bookings';
import { deskQuery, type DeskRow } from '../db/repo/desk';
import type { AppDeps } from '../deps';
import { bookingVideoLink } from '../domain/video';
import { newRoomName } from '../lib/ids';
import { outboxDesk } from '../outbox/texts';
import { textsFor } from '../bookings/messages';
import { offerTimes } from './offers';
import {
  endOfferStatement,
  findWaitlistPage,
  leaveStatements,
  offerByCodeQuery,
  takeStatements,
  type OfferView,
} from './store';

/** The answer to a take. */
export type TakeOutcome =
  | { ok: true; manageCode: string; offer: OfferView }
  | { ok: false; code: 'not_found' }
  /** Someone else took the time, or the offer ended (lapsed, declined, withdrawn): the person stays listed. */
  | { ok: false; code: 'gone'; offer: OfferView };

/** Whether the offer can still be taken at `now`. */
export function isAnswerable(o: Pick<OfferView, 'status' | 'holdUntil' | 'startAt'>, now: number): boolean {
  return o.status === 'open' && o.holdUntil > now && o.startAt > now;
}

/** Reads an offer by its page code with the desk row, in one round trip. */
export async function readOffer(
  deps: AppDeps,
  code: string,
): Promise<{ offer: OfferView | undefined; desk: DeskRow | undefined }> {
  const r = await batchByName(deps.db, { offer: offerByCodeQuery(deps.db, code), desk: deskQuery(deps.db) });
  return { offer: rowsOf<OfferView>(r.offer)[0], desk: rowsOf<DeskRow>(r.desk)[0] };
}

/**
 * Takes the offered time: a confirmed booking (channel `waitlist`) for the person, their entry booked, the
 * other open offers of the time withdrawn, the confirmation SMS; all or nothing. A second tap by the same
 * person finds the booking already made and answers with it.
 */
export async function takeOffer(deps: AppDeps, code: string): Promise<TakeOutcome> {
  const { offer, desk } = await readOffer(deps, code);
  if (!offer) return { ok: false, code: 'not_found' };
  if (offer.status === 'taken' && offer.bookingCode) return { ok: true, manageCode: offer.bookingCode, offer };
  const now = deps.clock.now();
  if (!isAnswerable(offer, now) || offer.entryStatus !== 'waiting' || !offer.personName || !offer.phone) {
    return { ok: false, code: 'gone', offer };
  }
  const booking: NewBooking = {
    id: deps.ids.id(),
    reference: deps.ids.reference(),
    manageCode: deps.ids.token(),
    serviceId: offer.serviceId,
    mode: offer.mode,
    startAt: offer.startAt,
    endAt: offer.endAt,
    localDate: offer.localDate,
    localTime: offer.localTime,
    status: 'confirmed',
    channel: 'waitlist',
    language: offer.language,
    personName: offer.personName,
    phone: offer.phone,
    email: null,
    note: null,
    accessibilityNeeds: null,
    accessibilityConsentAt: null,
    consentAt: offer.consentAt ?? now,
    consentVersion: offer.consentVersion ?? 'v1',
    holdUntil: null,
    confirmedAt: now,
    requestKey: null,
    createdBy: null,
    videoRoom: offer.mode === 'remote' ? newRoomName() : null,
    now,
  };
  const sms = outboxDesk(desk, deps.config.publicBaseUrl);
  const videoLink = bookingVideoLink({
    mode: offer.mode,
    room: booking.videoRoom ?? null,
    roomBase: desk?.videoRoomBase ?? null,
    volunteerLink: offer.volunteerVideoLink,
  });
  const stored = await insertBooking(deps.db, booking, [offer.volunteerId], {
    takesOffer: offer.id,
    alongside: (created, b) => [
      ...takeStatements(deps.db, {
        offerId: offer.id,
        entryId: offer.entryId,
        bookingId: b.id,
        volunteerId: offer.volunteerId,
        startAt: offer.startAt,
        now,
      }),
      ...textsFor(
        deps.db,
        sms && { desk: sms, booking: { ...b, videoLink } },
        b.id,
        { kind: 'confirmation' },
        now,
        created,
      ),
    ],
  });
  if (stored.ok) {
    deps.log.info('waitlist_offer_taken', { offerId: offer.id, bookingId: booking.id });
    deps.outbox.sendSoon();
    return { ok: true, manageCode: booking.manageCode, offer: { ...offer, status: 'taken' } };
  }
  // Lost the race, or the time was booked meanwhile: the offer as it is now says which.
  const fresh = (await readOffer(deps, code)).offer ?? offer;
  if (fresh.status === 'taken' && fresh.bookingCode) return { ok: true, manageCode: fresh.bookingCode, offer: fresh };
  return { ok: false, code: 'gone', offer: fresh };
}

/** Passes the offer on: it ends as declined and the time goes to the next person waiting. */
export async function declineOffer(
  deps: AppDeps,
  code: string,
): Promise<{ ok: true; offer: OfferView } | { ok: false; code: 'not_found' | 'gone'; offer?: OfferView }> {
  const { offer } = await readOffer(deps, code);
  if (!offer) return { ok: false, code: 'not_found' };
  const now = deps.clock.now();
  if (offer.status !== 'open') return { ok: false, code: 'gone', offer };
  const done = await batchByName(deps.db, { end: endOfferStatement(deps.db, offer.id, 'declined', now) });
  if (totalRowsAffected(done.end) === 0) return { ok: false, code: 'gone', offer };
  passOn(deps, [offer]);
  return { ok: true, offer: { ...offer, status: 'declined' } };
}

/** The time of ended offers goes to the next person waiting, after the response (the cron catches up too). */
export function passOn(deps: AppDeps, ended: readonly OfferView[]): void {
  const times = ended.map((o) => ({
    volunteerId: o.volunteerId,
    startAt: o.startAt,
    endAt: o.endAt,
    freedAt: o.freedAt,
    sourceBookingId: o.sourceBookingId,
    serviceId: o.serviceId,
    mode: o.mode,
  }));
  deps.defer?.(
    offerTimes(deps, times).catch((err: unknown) =>
      deps.log.error('waitlist_offer_failed', { error: err instanceof Error ? err.name : typeof err }),
    ),
  );
}

/**
 * The person leaves the list from their entry's page: the entry removed and its open offer withdrawn in one
 * batch; a time that offer held passes on to the next person.
 */
export async function leaveWaitlist(
  deps: AppDeps,
  entryCode: string,
): Promise<{ ok: true } | { ok: false; code: 'not_found' | 'gone' }> {
  const page = await findWaitlistPage(deps.db, entryCode);
  if (!page || page.kind !== 'entry') return { ok: false, code: 'not_found' };
  if (page.entryStatus !== 'waiting') return { ok: false, code: 'gone' };
  const held =
    page.offerStatus === 'open' && page.offerCode ? (await readOffer(deps, page.offerCode)).offer : undefined;
  const done = await batchByName(deps.db, { leave: leaveStatements(deps.db, entryCode, deps.clock.now()) });
  if (totalRowsAffected(done.leave) === 0) return { ok: false, code: 'gone' };
  deps.log.info('waitlist_left', { entryId: page.entryId });
  if (held) passOn(deps, [held]);
  return { ok: true };
}
