import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { ERROR_STATUS, errorBody, fail, type ErrorCode, type Failure, type FieldErrors, type Result } from '../errors';
import { isLang, t, type Lang } from '../i18n';
import { computeAvailability, findSlot } from '../domain/availability';
import { addDays, formatIsoWithOffset, offsetMinutesAt, zonedParts } from '../domain/time';
import type { ServiceRule } from '../domain/types';
import type { Mode } from '../domain/vocabulary';
import { availabilityRead, loadAvailability, toLoadedAvailability } from '../db/repo/availability';
import { insertRequest, openBookingsForPhoneQuery, requestByKeyQuery, type NewRequest } from '../db/repo/bookings';
import { getDeskWithServices, type ServiceRow } from '../db/repo/desk';
import { bumpRateLimit, hourWindow } from '../db/repo/rate-limit';
import { isBusy } from '../db/errors';
import { sha256Hex } from '../lib/ids';
import { verifyTurnstile } from '../lib/turnstile';
import {
  DEFAULT_RANGE_DAYS,
  isHoneypotFilled,
  validateAvailabilityQuery,
  validateRequestBody,
  type RequestInput,
} from '../validation/public';

/** Request bodies are a handful of short fields; 16 KB is generous and keeps parsing cheap. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024;
/** Version of the privacy notice the widget shows next to the consent box. */
export const CONSENT_VERSION = 'v1';
const HOUR = 3_600_000;
/** No desk horizon exceeds 366 days: a start further out cannot be a slot and costs no database work. */
const MAX_START_AHEAD_MS = 367 * 24 * HOUR;

/** The widget's contract: desk, availability, requests. */
export function publicRoutes(deps: AppDeps) {
  // Chained so the router's type carries every route (typed clients for the widget).
  return new Hono<AppEnv>()
    .get('/desk', async (c) => {
      const { desk, services } = await getDeskWithServices(deps.db);
      const languages = desk.languages
        .split(',')
        .map((s) => s.trim())
        .filter(isLang);
      // The desk changes rarely; a minute of caching spares repeat loads of the widget without hiding edits for long.
      c.header('Cache-Control', 'public, max-age=60');
      return c.json({
        name: desk.name,
        address: desk.address,
        city: desk.city,
        timeZone: desk.timeZone,
        phone: desk.phone,
        privacyUrl: desk.privacyUrl,
        languages: languages.length ? languages : ['it', 'en'],
        services: services.map((s) => ({
          id: s.id,
          names: { it: s.nameIt, en: s.nameEn },
          descriptions: { it: s.descriptionIt, en: s.descriptionEn },
          durationMinutes: s.durationMinutes,
          modes: serviceModes(s),
        })),
        rules: { minNoticeMinutes: desk.minNoticeMinutes, horizonDays: desk.horizonDays },
        // The widget renders the challenge only when the deployment has a site key.
        turnstile: deps.config.turnstileSiteKey
          ? { siteKey: deps.config.turnstileSiteKey, scriptUrl: deps.config.turnstileScriptUrl }
          : null,
      });
    })
    .get('/availability', async (c) => {
      const lang = c.get('lang');
      const q = validateAvailabilityQuery(c.req.query(), lang);
      if (!q.ok) return sendError(c, 'invalid_input', lang, q.fields);
      const now = deps.clock.now();

      // The desk's zone arrives in the same round trip, so read a day more on each side than the asked
      // dates could be in any zone; the exact local dates are settled afterwards.
      const utcToday = zonedParts(now, 'UTC').date;
      const askedFrom = q.value.from ?? utcToday;
      const window = {
        from: addDays(askedFrom, -1),
        to: addDays(q.value.to ?? addDays(askedFrom, DEFAULT_RANGE_DAYS - 1), 1),
      };
      const { desk, service: row, data } = await loadAvailability(deps.db, q.value.service, window);
      const service = bookableService(row, q.value.mode, lang);
      if (!service.ok) return sendError(c, service.code, lang, service.fields);

      const tz = desk.timeZone;
      const from = q.value.from ?? zonedParts(now, tz).date;
      const to = q.value.to ?? addDays(from, DEFAULT_RANGE_DAYS - 1);
      const days = computeAvailability({ service: service.rule, mode: q.value.mode, from, to, now }, data);
      // Slots change with every booking: a cached answer would offer times that are already gone.
      c.header('Cache-Control', 'no-store');
      return c.json({
        timeZone: tz,
        // The window actually searched (defaults filled in), so a client can continue after `to`.
        from,
        to,
        days: days.map((d) => ({
          date: d.date,
          slots: d.slots.map((s) => ({
            start: formatIsoWithOffset(s.start, s.offsetMinutes),
            end: formatIsoWithOffset(s.end, offsetMinutesAt(s.end, tz)),
          })),
        })),
      });
    })
    .post(
      '/requests',
      bodyLimit({ maxSize: MAX_REQUEST_BODY_BYTES, onError: (c) => sendError(c, 'payload_too_large', c.get('lang')) }),
      async (c) => {
        let lang = c.get('lang');
        const contentType = c.req.header('content-type') ?? '';
        if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType))
          return sendError(c, 'unsupported_media_type', lang);
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          return sendError(c, 'invalid_json', lang);
        }

        // Honeypot: answer like any invalid form, with no detail a bot could learn from, and store nothing.
        // 422 like every invalid_input (the code → status map stays single); a faked 201 would hide our
        // own mistakes if a browser ever autofilled the hidden field.
        if (isHoneypotFilled(body)) {
          deps.log.info('public_request_honeypot', { requestId: c.get('requestId') });
          return sendError(c, 'invalid_input', lang);
        }
        const bodyLang = (body as { language?: unknown } | null)?.language;
        if (isLang(bodyLang)) lang = bodyLang;

        const checked = validateRequestBody(body, lang);
        if (!checked.ok) return sendError(c, 'invalid_input', lang, checked.fields);
        const input = checked.value;
        const ip = clientIp(c);

        // After validation (a token is single-use: don't spend it on a form the person must fix) and
        // before any database work.
        if (deps.config.turnstileSecret) {
          const passed =
            !!input.turnstileToken &&
            (await verifyTurnstile({
              fetch: deps.fetch,
              verifyUrl: deps.config.turnstileVerifyUrl,
              secret: deps.config.turnstileSecret,
              token: input.turnstileToken,
              remoteIp: ip,
            }));
          if (!passed) return sendError(c, 'captcha_failed', lang);
        }

        const outcome = await submitRequest(deps, input, ip, input.language ?? lang, lang);
        if (!outcome.ok) {
          if (outcome.retryAfterSeconds) c.header('Retry-After', String(outcome.retryAfterSeconds));
          return sendError(c, outcome.code, lang, outcome.fields);
        }
        deps.log.info('public_request_created', { requestId: c.get('requestId'), bookingId: outcome.bookingId });
        return c.json(
          {
            reference: outcome.reference,
            status: 'requested' as const,
            start: outcome.start,
            end: outcome.end,
            manageUrl: `${deps.config.publicBaseUrl}/m/${outcome.manageCode}`,
          },
          201,
        );
      },
    );
}

type Submitted = { ok: true; bookingId: string; reference: string; manageCode: string; start: string; end: string };
type SubmitFailure = Failure & { retryAfterSeconds?: number };

/**
 * Creates a request in two round trips. The first bumps the IP counter and reads the day's availability
 * and the phone's open bookings; the second inserts with the database choosing a free volunteer.
 */
async function submitRequest(
  deps: AppDeps,
  input: RequestInput,
  ip: string,
  bookingLang: Lang,
  lang: Lang,
): Promise<Submitted | SubmitFailure> {
  const { db } = deps;
  const now = deps.clock.now();
  if (input.start < now || input.start > now + MAX_START_AHEAD_MS) return fail('slot_unavailable');

  const { windowStart, retryAfterSeconds } = hourWindow(now);
  const ipKey = `ip:${await sha256Hex(deps.config.hashSecret + ip)}`;
  // The start's local date is within a day of its UTC date whatever the desk's zone.
  const utcDate = zonedParts(input.start, 'UTC').date;
  const window = { from: addDays(utcDate, -1), to: addDays(utcDate, 1) };

  let results;
  try {
    results = await db.batch([
      bumpRateLimit(db, ipKey, windowStart),
      availabilityRead(db, input.service, window),
      openBookingsForPhoneQuery(db, input.phone, now),
      // No key matches '' (keys are at least 16 characters), so the batch keeps one shape.
      requestByKeyQuery(db, input.requestKey ?? ''),
    ]);
  } catch (e) {
    // A busy database under a burst of requests is a lost race for the slot, not a server failure.
    if (isBusy(e)) return fail('slot_unavailable');
    throw e;
  }
  const [bumped, availabilityRows, openRows, sameRequest] = results;
  const loaded = toLoadedAvailability(availabilityRows);
  const { desk, data } = loaded;
  // A retry of a request that was made (its answer was lost): the same booking again, nothing new.
  const earlier = sameRequest[0];
  if (earlier && earlier.phone === input.phone) return submitted(earlier, desk.timeZone);

  if ((bumped[0]?.count ?? 0) > desk.requestsPerIpPerHour) return { ...fail('rate_limited'), retryAfterSeconds };
  const service = bookableService(loaded.service, input.mode, lang);
  if (!service.ok) return service;
  if ((openRows[0]?.n ?? 0) >= desk.maxOpenRequestsPerPhone) return fail('too_many_open_requests');

  const tz = desk.timeZone;
  const local = zonedParts(input.start, tz);
  const days = computeAvailability(
    { service: service.rule, mode: input.mode, from: local.date, to: local.date, now },
    data,
  );
  const slot = findSlot(days, input.start);
  if (!slot) return fail('slot_unavailable');

  const base: Omit<NewRequest, 'id' | 'reference' | 'manageCode'> = {
    serviceId: service.rule.id,
    mode: input.mode,
    startAt: slot.start,
    endAt: slot.end,
    localDate: local.date,
    localTime: slot.localTime,
    language: bookingLang,
    personName: input.name,
    phone: input.phone,
    email: input.email ?? null,
    note: input.note ?? null,
    accessibilityNeeds: input.accessibilityNeeds ?? null,
    accessibilityConsentAt: input.accessibilityNeeds !== undefined ? now : null,
    consentAt: now,
    consentVersion: CONSENT_VERSION,
    // A request not confirmed by its start is moot: the hold never outlives the appointment.
    holdUntil: Math.min(now + desk.requestHoldHours * HOUR, slot.start),
    requestKey: input.requestKey ?? null,
    now,
  };
  // Random keys may clash (a 6-character reference more likely than the rest): one retry with fresh ones.
  for (let attempt = 0; attempt < 2; attempt++) {
    const req: NewRequest = {
      ...base,
      id: deps.ids.id(),
      reference: deps.ids.reference(),
      manageCode: deps.ids.token(),
    };
    const inserted = await insertRequest(db, req, slot.volunteerIds, desk.maxOpenRequestsPerPhone);
    if (inserted.ok) {
      return {
        ok: true,
        bookingId: req.id,
        reference: req.reference,
        manageCode: req.manageCode,
        start: formatIsoWithOffset(slot.start, slot.offsetMinutes),
        end: formatIsoWithOffset(slot.end, offsetMinutesAt(slot.end, tz)),
      };
    }
    if (inserted.reason === 'duplicate_key') continue;
    // With a key, a refusal may be this very request's original landing meanwhile (a retry racing it):
    // then its booking is the answer. One extra read, only on this failure path.
    if (req.requestKey) {
      const [raced] = await requestByKeyQuery(db, req.requestKey);
      if (raced && raced.phone === input.phone) return submitted(raced, tz);
    }
    if (inserted.reason === 'slot_taken') return fail('slot_unavailable');
    if (inserted.reason === 'phone_limit') return fail('too_many_open_requests');
    return fail('conflict');
  }
  return fail('conflict');
}

/** The success answer for a booking already stored (a retried request). */
function submitted(
  b: { id: string; reference: string; manageCode: string; startAt: number; endAt: number },
  tz: string,
): Submitted {
  return {
    ok: true,
    bookingId: b.id,
    reference: b.reference,
    manageCode: b.manageCode,
    start: formatIsoWithOffset(b.startAt, offsetMinutesAt(b.startAt, tz)),
    end: formatIsoWithOffset(b.endAt, offsetMinutesAt(b.endAt, tz)),
  };
}

/** The service as the availability rules see it; refuses an unknown or inactive one (invalid_input) and a mode it does not offer (service_unavailable). */
function bookableService(service: ServiceRow | undefined, mode: Mode, lang: Lang): Result<{ rule: ServiceRule }> {
  if (!service || !service.active) return fail('invalid_input', { service: t(lang, 'field.service_unknown') });
  if (!serviceModes(service).includes(mode))
    return fail('service_unavailable', { mode: t(lang, 'error.service_unavailable') });
  const rule = {
    id: service.id,
    durationMinutes: service.durationMinutes,
    allowsInPerson: service.allowsInPerson,
    allowsRemote: service.allowsRemote,
  };
  return { ok: true, rule };
}

function serviceModes(s: ServiceRow): Mode[] {
  const modes: Mode[] = [];
  if (s.allowsInPerson) modes.push('in_person');
  if (s.allowsRemote) modes.push('remote');
  return modes;
}

/**
 * The caller's IP for rate limiting. On Workers cf-connecting-ip is set by Cloudflare and cannot be forged;
 * x-forwarded-for only matters behind a local proxy. Capped so a silly header cannot inflate the hashing.
 */
function clientIp(c: Context<AppEnv>): string {
  const cf = c.req.header('cf-connecting-ip')?.trim();
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  return (cf || forwarded || 'unknown').slice(0, 64);
}

function sendError(c: Context<AppEnv>, code: ErrorCode, lang: Lang, fields?: FieldErrors) {
  return c.json(errorBody(code, lang, fields), ERROR_STATUS[code]);
}
