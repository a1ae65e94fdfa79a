import { Hono, type Context, type Next } from 'hono';
import type { AppConfig } from '../deps';
import type { AppEnv } from '../env';
import { fail } from '../errors';
import { isLang } from '../i18n';
import { LANGUAGES } from '../domain/vocabulary';
import { isoAt } from '../domain/time';
import { availabilityForPerson } from '../bookings/availability';
import { createRequest, pretendRequest } from '../bookings/create';
import { serviceModes } from '../bookings/slots';
import { serviceTexts } from '../desk/service-texts';
import { readDeskWithServices, type DeskRow, type ServiceRow } from '../db/repo/desk';
import { readAvailabilityVersion } from '../db/repo/availability';
import {
  answerKey,
  answerTag,
  heldTags,
  isServable,
  knownQuery,
  type StoredAnswer,
  rememberQuery,
} from '../http/availability-answers';
import { rawQuery } from '../validation/text';
import { checkPhone } from '../bookings/phone-check';
import { jsonBody, limitBody, schemaCheck } from '../http/body';
import { clientAddress, rateLimitKey } from '../http/client-address';
import { failureResponse } from '../http/failure';
import {
  isHoneypotFilled,
  requestLanguage,
  validateAvailabilityQuery,
  validateRequestBody,
  phoneCheckSchema,
  type RequestBody,
  type RequestInput,
} from '../validation/public';

// A filled honeypot is checked like any form, then answered by pretendRequest (see there why).
const requestBody = jsonBody<{ request: RequestInput; trapped: boolean }, RequestBody>(
  (body, lang) => {
    const checked = validateRequestBody(body, lang);
    return checked.ok ? { ok: true, value: { request: checked.value, trapped: isHoneypotFilled(body) } } : checked;
  },
  { langOf: requestLanguage },
);

// Chained so the router's type carries every route (typed clients for the widget).
/** The widget's contract: desk, availability, the phone check, requests. */
export const publicRoutes = new Hono<AppEnv>()
  .get('/desk', async (c) => {
    const { deps } = c.var;
    const read = await readDeskWithServices(deps.db);
    if (!read.configured) return failureResponse(c, fail('desk_not_configured'));
    // The desk changes rarely; a minute of caching spares repeat loads of the widget without hiding edits for long.
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(deskJson(read.desk, read.services, deps.config));
  })
  .get('/availability', async (c) => {
    const q = validateAvailabilityQuery(c.req.query(), c.get('lang'));
    if (!q.ok) return failureResponse(c, fail('invalid_input', q.fields));
    const { deps } = c.var;
    const key = answerKey(q.value);
    // `as never`: a repeat is the computed answer below (or its 304), whose type the route already carries.
    // Skipped when keptAvailability has just looked (and read the version) for this very query.
    const repeated = c.get('keptLooked') ? undefined : await repeatOf(c, key);
    if (repeated) return repeated as never;
    const found = await availabilityForPerson(deps, q.value);
    if (!found.ok) return failureResponse(c, found);
    const { timeZone: tz, from, to, days, version, computedAt, validUntil } = found;
    const payload = {
      timeZone: tz,
      // The window actually searched (defaults filled in), so a client can continue after `to`.
      from,
      to,
      days: days.map((d) => ({
        date: d.date,
        slots: d.slots.map((s) => ({ start: isoAt(s.start, tz), end: isoAt(s.end, tz) })),
      })),
    };
    const body = JSON.stringify(payload);
    const etag = answerTag(key, version, computedAt, validUntil);
    const stored = deps.answers?.put(key, { body, etag, version, computedAt, validUntil }, computedAt);
    if (stored) {
      if (deps.defer) deps.defer(stored);
      else await stored;
    }
    rememberQuery(rawQuery(c.req.url), key);
    c.header('Cache-Control', AVAILABILITY_CACHE_CONTROL);
    c.header('ETag', etag);
    return c.json(payload);
  })
  // The widget's check as the number is typed: the very rules of POST /requests (normalizeMobile, then the
  // desk's SMS countries), so the two cannot disagree. Reads one column only for a valid mobile; writes nothing.
  // POST, so the number stays out of URLs and access logs.
  .post('/phone-check', limitBody(), jsonBody(schemaCheck(phoneCheckSchema)), async (c) => {
    c.header('Cache-Control', 'no-store');
    const checked = await checkPhone(c.var.deps, c.req.valid('json').phone);
    return checked.ok ? c.json(checked.verdict) : failureResponse(c, checked);
  })
  .post('/requests', limitBody(), requestBody, async (c) => {
    const { deps } = c.var;
    const { request, trapped } = c.req.valid('json');
    const lang = request.language ?? c.get('lang');
    const address = clientAddress(c, deps.config);
    const client = { address, limitKey: rateLimitKey(address) };
    const made = trapped
      ? await pretendRequest(deps, request)
      : await createRequest(deps, { request, client, language: lang });
    if (!made.ok) return failureResponse(c, made, lang);
    if (trapped) deps.log.info('public_request_honeypot', { requestId: c.get('requestId') });
    else deps.log.info('public_request_created', { requestId: c.get('requestId'), bookingId: made.bookingId });
    return c.json(
      {
        reference: made.reference,
        status: 'requested' as const,
        start: isoAt(made.startAt, made.timeZone),
        end: isoAt(made.endAt, made.timeZone),
        manageUrl: `${deps.config.publicBaseUrl}/m/${made.manageCode}`,
      },
      201,
    );
  });

/**
 * Slots change with every booking: a client may keep an answer but must ask again before showing it
 * (no-cache), which costs a 304 when nothing changed. `Vary: Origin` comes from the CORS middleware.
 */
const AVAILABILITY_CACHE_CONTROL = 'no-cache';

/**
 * The answer to a repeated query, when nothing changed since it was computed: a 304 for a client holding
 * it (If-None-Match), else the kept copy; undefined when it must be computed. One small read (the
 * version), and only when the client holds a tag or a copy is kept.
 */
async function repeatOf(c: Context<AppEnv>, key: string): Promise<Response | undefined> {
  const { deps } = c.var;
  const now = deps.clock.now();
  const held = heldTags(c.req.header('If-None-Match'), key, now);
  const kept = await deps.answers?.get(key);
  if (held.length === 0 && !kept) return undefined;
  const version = await readAvailabilityVersion(deps.db);
  const same = held.find((t) => t.version === version);
  if (same) return repeat(c, null, same.raw);
  if (kept && isServable(kept, version, now)) return repeat(c, kept.body, kept.etag);
  return undefined;
}

/**
 * GET /api/public/availability for a query string already answered, ahead of the app's other middleware:
 * the checks that string passed (rememberQuery) are not run again, and the request id and the language,
 * which a repeat does not use, are not made. Whatever it cannot serve goes on down the chain as usual,
 * marked so the route does not read the version a second time. Runs after the public CORS middleware.
 */
export async function keptAvailability(c: Context<AppEnv>, next: Next): Promise<Response | void> {
  const key = c.req.method === 'GET' ? knownQuery(rawQuery(c.req.url)) : undefined;
  if (key === undefined) return next();
  const repeated = await repeatOf(c, key);
  if (repeated) return repeated;
  c.set('keptLooked', true);
  return next();
}

/**
 * A repeat of an answer already computed: a 304 when `body` is null (the client holds it), else the kept
 * copy.
 */
function repeat(c: Context<AppEnv>, body: StoredAnswer['body'] | null, etag: string): Response {
  c.header('Cache-Control', AVAILABILITY_CACHE_CONTROL);
  c.header('ETag', etag);
  if (body === null) return c.body(null, 304);
  c.header('Content-Type', 'application/json');
  return c.body(body, 200);
}

/** The desk as the widget sees it: names, place, rules and the bookable services with their modes. */
function deskJson(desk: DeskRow, services: ServiceRow[], config: AppConfig) {
  const languages = desk.languages
    .split(',')
    .map((s) => s.trim())
    .filter(isLang);
  return {
    name: desk.name,
    address: desk.address,
    city: desk.city,
    timeZone: desk.timeZone,
    phone: desk.phone,
    privacyUrl: desk.privacyUrl,
    languages: languages.length ? languages : LANGUAGES,
    services: services.map((s) => ({
      id: s.id,
      ...serviceTexts(s),
      durationMinutes: s.durationMinutes,
      modes: serviceModes(s),
    })),
    rules: { minNoticeMinutes: desk.minNoticeMinutes, horizonDays: desk.horizonDays, waitlist: desk.waitlistEnabled },
    // The widget renders the challenge only when the deployment has a site key.
    turnstile: config.turnstileSiteKey
      ? { siteKey: config.turnstileSiteKey, scriptUrl: config.turnstileScriptUrl }
      : null,
  };
}
