/**
 * Making a booking: a person's request through the widget, or staff booking on behalf of a caller. Both
 * find the slot with the same finder and store it with the same insert (the database picks the volunteer).
 */
import type { StaffPrincipal } from '../auth/guard';
import type { AppDeps } from '../deps';
import { refuse, type Outcome, type Refusal } from '../domain/result';
import type { Slot } from '../domain/types';
import type { Language } from '../domain/vocabulary';
import { availabilityRead, loadAvailability, toLoadedAvailability } from '../db/repo/availability';
import {
  insertBooking,
  openBookingsForPhoneQuery,
  openHoldsOfClientQuery,
  requestByKeyQuery,
  requestByKeyRow,
  type InsertBookingOutcome,
  type InsertOptions,
  type NewBooking,
} from '../db/repo/bookings';
import { isAllowedDestination, parseCountryList } from '../domain/phone';
import { readDeskWithServices } from '../db/repo/desk';
import { outboxDesk } from '../outbox/enqueue';
import { bumpRateLimit, hourWindow } from '../db/repo/rate-limit';
import { newRoomName, sha256Hex } from '../lib/ids';
import { verifyTurnstile } from '../lib/turnstile';
import type { StaffBookingInput } from '../validation/admin-bookings';
import type { RequestInput } from '../validation/public';
import { textsFor } from './messages';
import { linkChoices, videoParts } from './video';
import { isReachable, serviceRule, slotAt, windowAround } from './slots';

/** Version of the privacy notice the widget shows next to the consent box. */
export const CONSENT_VERSION = 'v1';
/** Consent to the processing is given to the staff member, not through the widget's notice. */
export const STAFF_CONSENT_VERSION = 'staff';
const HOUR = 3_600_000;
/** Open requests one client address may hold at once, unless configured (MAX_OPEN_REQUESTS_PER_ADDRESS). */
export const DEFAULT_MAX_OPEN_REQUESTS_PER_ADDRESS = 3;

/** A booking as its maker is told about it. */
export interface Made {
  bookingId: string;
  reference: string;
  manageCode: string;
  startAt: number;
  endAt: number;
  /** The desk's zone, for local times in the answer. */
  timeZone: string;
}

/** A person's request: the checked form, where it came from and the language to write to them in. */
export interface RequestCommand {
  request: RequestInput;
  /** The client's address (for Turnstile) and the key its limits count by (an IPv6 address by its /64). */
  client: { address: string; limitKey: string };
  language: Language;
}

/**
 * A person asks for a slot. Two round trips: the first bumps the client's hourly counter and reads the
 * day's availability, the client's and the phone's open requests and any earlier request with the same
 * key; the second inserts, the database choosing a free volunteer within the same limits. A retried
 * request (same key, same phone) gets its booking again.
 *
 * Refusals come in a fixed order so that the answer depends on the phone's other bookings only when the
 * request would otherwise succeed (a probe for a taken slot must not tell who has open requests): the
 * slot first, then the client's limit, the phone's last.
 */
export async function createRequest(deps: AppDeps, cmd: RequestCommand): Promise<Outcome<Made>> {
  const { db } = deps;
  const input = cmd.request;
  // Before any database work; a token is single-use, so it is spent only on a form that passed validation.
  if (deps.config.turnstileSecret) {
    const passed =
      !!input.turnstileToken &&
      (await verifyTurnstile({
        fetch: deps.fetch,
        verifyUrl: deps.config.turnstileVerifyUrl,
        secret: deps.config.turnstileSecret,
        token: input.turnstileToken,
        remoteIp: cmd.client.address,
      }));
    if (!passed) return refuse('captcha_failed');
  }
  const now = deps.clock.now();
  if (!isReachable(input.start, now)) return refuse('slot_unavailable');

  const { windowStart, retryAfterSeconds } = hourWindow(now);
  // Hashed with the deployment's secret, so stored keys reveal no address.
  const clientKey = await sha256Hex((deps.config.hashSecret ?? '') + cmd.client.limitKey);
  const maxOpenPerClient = deps.config.maxOpenRequestsPerAddress ?? DEFAULT_MAX_OPEN_REQUESTS_PER_ADDRESS;
  // A busy database is thrown, not turned into "slot taken": the app answers it 503 unavailable.
  const [bumped, availabilityRows, openRows, clientHolds, sameRequest] = await db.batch([
    bumpRateLimit(db, `ip:${clientKey}`, windowStart),
    availabilityRead(db, input.service, windowAround(input.start)),
    openBookingsForPhoneQuery(db, input.phone, now),
    openHoldsOfClientQuery(db, clientKey, now),
    // No key matches '' (keys are at least 16 characters), so the batch keeps one shape.
    requestByKeyQuery(db, input.requestKey ?? ''),
  ]);
  const loaded = toLoadedAvailability(availabilityRows);
  if (!loaded.configured) return refuse('desk_not_configured');
  const { desk } = loaded;
  const earlier = requestByKeyRow(sameRequest);
  if (earlier && earlier.phone === input.phone) return made(earlier, desk.timeZone);

  if ((bumped[0]?.count ?? 0) > desk.requestsPerIpPerHour) return { ...refuse('rate_limited'), retryAfterSeconds };
  // The desk's list arrives with the availability read, so the check costs no round trip.
  if (!isAllowedDestination(input.phone, parseCountryList(desk.smsCountries))) return countryRefusal(desk.phone);
  const service = serviceRule(loaded.service, input.mode);
  if (!service.ok) return service;
  // A longer appointment that does not fit the chosen start is refused as a taken slot would be.
  const long = input.longAppointment === true;
  const found = slotAt(loaded, input.start, { rule: service.rule, mode: input.mode, now, booker: 'person', long });
  if (!found) return refuse('slot_unavailable');
  if ((clientHolds[0]?.n ?? 0) >= maxOpenPerClient) return tooManyHolds;
  if ((openRows[0]?.n ?? 0) >= desk.maxOpenRequestsPerPhone) return refuse('too_many_open_requests');
  const { slot } = found;

  const stored = await insertWithFreshKeys(
    deps,
    {
      ...bookingOf(input, found, now),
      status: 'requested',
      channel: 'widget',
      language: cmd.language,
      consentVersion: CONSENT_VERSION,
      // A request not confirmed by its start is moot: the hold never outlives the appointment.
      holdUntil: Math.min(now + desk.requestHoldHours * HOUR, slot.start),
      confirmedAt: null,
      requestKey: input.requestKey ?? null,
      createdBy: null,
      now,
    },
    slot.volunteerIds,
    { maxOpenPerPhone: desk.maxOpenRequestsPerPhone, perClient: { key: clientKey, maxOpen: maxOpenPerClient } },
  );
  if (stored.ok) return made(stored.booking, desk.timeZone);
  // With a key, a refusal may be this very request's original landing meanwhile (a retry racing it): then
  // its booking is the answer. One extra read, only on this failure path.
  if (input.requestKey && stored.reason !== 'duplicate_key') {
    const raced = requestByKeyRow(await requestByKeyQuery(db, input.requestKey));
    if (raced && raced.phone === input.phone) return made(raced, desk.timeZone);
  }
  return insertRefusal(stored.reason);
}

/** A number from a country the desk does not text: say so plainly, with the desk's phone to call instead. */
export function countryRefusal(deskPhone: string): Refusal {
  if (deskPhone.trim() === '') return refuse('invalid_input', { phone: 'field.phone_country_no_phone' });
  return { ...refuse('invalid_input', { phone: 'field.phone_country' }), params: { phone: deskPhone } };
}

/**
 * The answer to a form whose hidden honeypot field was filled (a bot: people never see the field). It is
 * shaped like a real success (a reference, the times, a manage link) and stores nothing and texts no one.
 * A refusal would teach the bot to leave the field empty and come back; a success sends it on its way.
 * The service is still checked as for a real request, so an invalid form gets the same refusal either way.
 */
export async function pretendRequest(deps: AppDeps, input: RequestInput): Promise<Outcome<Made>> {
  // Without a token a real request is refused before anything else; a token is not worth verifying here.
  if (deps.config.turnstileSecret && !input.turnstileToken) return refuse('captcha_failed');
  const read = await readDeskWithServices(deps.db);
  if (!read.configured) return refuse('desk_not_configured');
  const { desk, services } = read;
  const service = serviceRule(
    services.find((s) => s.id === input.service),
    input.mode,
  );
  if (!service.ok) return service;
  return {
    ok: true,
    bookingId: '',
    reference: deps.ids.reference(),
    // A code that opens nothing: /m/ answers it like any unknown link.
    manageCode: deps.ids.token(),
    startAt: input.start,
    endAt: input.start + (input.longAppointment ? 2 : 1) * service.rule.durationMinutes * 60_000,
    timeZone: desk.timeZone,
  };
}

/**
 * The fields of a booking staff make for someone in front of them or on the phone: confirmed at once, the
 * consent given to the staff member, nothing more asked (no e-mail, note or needs).
 */
export function staffMade(actorId: string, now: number) {
  return {
    status: 'confirmed',
    email: null,
    note: null,
    accessibilityNeeds: null,
    accessibilityConsentAt: null,
    consentAt: now,
    consentVersion: STAFF_CONSENT_VERSION,
    holdUntil: null,
    confirmedAt: now,
    requestKey: null,
    createdBy: actorId,
    now,
  } as const;
}

/** Staff book on behalf of a caller or walk-in: the booking is confirmed at once and the person is told. */
export interface BookOnBehalfCommand {
  actor: StaffPrincipal;
  booking: StaffBookingInput;
}

/**
 * Staff book a slot for someone, without the minimum notice; a volunteer only into their own shifts.
 * The per-phone limit of the widget does not apply: staff are talking to the person. The person may have
 * only a landline, or no phone: the booking is made all the same and is never texted.
 */
export async function bookOnBehalf(deps: AppDeps, cmd: BookOnBehalfCommand): Promise<Outcome<{ bookingId: string }>> {
  const { actor, booking: input } = cmd;
  let wanted = input.volunteerId;
  if (actor.role === 'volunteer') {
    if (!actor.volunteerId || (wanted !== undefined && wanted !== actor.volunteerId)) return refuse('forbidden');
    wanted = actor.volunteerId;
  }
  const now = deps.clock.now();
  if (!isReachable(input.start, now)) return refuse('slot_unavailable');
  const loaded = await loadAvailability(deps.db, input.service, windowAround(input.start));
  if (!loaded.configured) return refuse('desk_not_configured');
  const service = serviceRule(loaded.service, input.mode);
  if (!service.ok) return service;
  const chosen = wanted === undefined ? undefined : loaded.data.volunteers.find((v) => v.id === wanted);
  if (wanted !== undefined && !chosen) return refuse('invalid_input', { volunteerId: 'field.volunteer_unknown' });
  if (input.mode === 'remote' && chosen && !chosen.takesVideoCalls) return refuse('video_link_missing');
  const long = input.longAppointment === true;
  const found = slotAt(loaded, input.start, { rule: service.rule, mode: input.mode, now, booker: 'staff', long });
  const candidates = found?.slot.volunteerIds.filter((v) => wanted === undefined || v === wanted) ?? [];
  if (!found || candidates.length === 0) return refuse('slot_unavailable');

  const desk = outboxDesk(loaded.desk, deps.config.publicBaseUrl);
  const stored = await insertWithFreshKeys(
    deps,
    {
      ...bookingOf(input, found, now),
      phoneKind: input.phoneKind,
      status: 'confirmed',
      channel: actor.role === 'volunteer' ? 'volunteer' : 'reception',
      language: input.language ?? 'it',
      consentVersion: STAFF_CONSENT_VERSION,
      holdUntil: null,
      confirmedAt: now,
      requestKey: null,
      createdBy: actor.userId,
      now,
    },
    candidates,
    {
      // Created confirmed, so the person gets the confirmation (the outbox writes none without a mobile),
      // with the link of the volunteer the booking gets.
      alongside: (created, b) =>
        linkChoices(candidates, videoParts(b, loaded), loaded.videoLinks, created).flatMap(({ videoLink, guard }) =>
          textsFor(deps.db, desk && { desk, booking: { ...b, videoLink } }, b.id, { kind: 'confirmation' }, now, guard),
        ),
    },
  );
  if (!stored.ok) return insertRefusal(stored.reason);
  // The confirmation SMS goes out now rather than at the next cron tick.
  deps.outbox.sendSoon();
  return { ok: true, bookingId: stored.booking.id };
}

/** The parts of a new booking that come from the person's details and the slot, whoever books. */
function bookingOf(input: RequestInput | StaffBookingInput, found: { slot: Slot; localDate: string }, now: number) {
  return {
    serviceId: input.service,
    mode: input.mode,
    startAt: found.slot.start,
    endAt: found.slot.end,
    localDate: found.localDate,
    localTime: found.slot.localTime,
    personName: input.name,
    phone: input.phone,
    email: input.email ?? null,
    note: input.note ?? null,
    // Accessibility needs are stored only with their own consent, given now (validation drops them without it).
    accessibilityNeeds: input.accessibilityNeeds ?? null,
    longAppointment: input.longAppointment === true,
    interpreterLanguage: input.interpreterLanguage ?? null,
    accessibilityConsentAt:
      input.accessibilityNeeds !== undefined || input.longAppointment || input.interpreterLanguage !== undefined
        ? now
        : null,
    consentAt: now,
    videoRoom: input.mode === 'remote' ? newRoomName() : null,
    reminderPlan: input.reminderPlan ?? 'standard',
    now,
  };
}

type Stored =
  { ok: true; booking: NewBooking & { volunteerId: string } } | Extract<InsertBookingOutcome, { ok: false }>;

/** Random keys may clash (the 6-character reference more likely than the rest): one retry with fresh ones. */
export async function insertWithFreshKeys(
  deps: AppDeps,
  base: Omit<NewBooking, 'id' | 'reference' | 'manageCode'>,
  candidates: readonly string[],
  options: InsertOptions,
): Promise<Stored> {
  for (let attempt = 1; ; attempt++) {
    const booking: NewBooking = {
      ...base,
      id: deps.ids.id(),
      reference: deps.ids.reference(),
      manageCode: deps.ids.token(),
    };
    const outcome = await insertBooking(deps.db, booking, candidates, options);
    if (outcome.ok) return { ok: true, booking: { ...booking, volunteerId: outcome.volunteerId } };
    if (outcome.reason !== 'duplicate_key' || attempt === 2) return outcome;
  }
}

/** One client holds as many open requests as it may: said plainly, as a rate limit. */
const tooManyHolds: Refusal = { ...refuse('rate_limited'), message: 'error.too_many_holds' };

/** Why an insert wrote nothing, as the maker is told. */
export function insertRefusal(reason: Extract<InsertBookingOutcome, { ok: false }>['reason']): Refusal {
  if (reason === 'slot_taken') return refuse('slot_unavailable');
  if (reason === 'client_limit') return tooManyHolds;
  if (reason === 'phone_limit') return refuse('too_many_open_requests');
  return refuse('conflict');
}

function made(
  b: { id: string; reference: string; manageCode: string; startAt: number; endAt: number },
  timeZone: string,
): Outcome<Made> {
  return {
    ok: true,
    bookingId: b.id,
    reference: b.reference,
    manageCode: b.manageCode,
    startAt: b.startAt,
    endAt: b.endAt,
    timeZone,
  };
}
