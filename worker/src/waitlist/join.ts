/**
 * Joining the waitlist: through the widget (a person, with the abuse limits of a request) or by reception
 * for a caller. Joining sends no SMS: the first text is an offer. Two round trips: the checks' reads (with
 * the client's hourly counter), then the guarded insert, whose own WHERE keeps the per-phone and
 * per-client limits whatever runs alongside.
 */
import { eq, sql } from 'drizzle-orm';
import { batchByName, rowsAffected, rowsOf } from '../db/batch';
import { deskQuery, type DeskRow, type ServiceRow } from '../db/repo/desk';
import { services } from '../db/schema';
import { bumpRateLimit, hourWindow } from '../db/repo/rate-limit';
import { isUniqueViolation } from '../db/errors';
import type { AppDeps } from '../deps';
import { refuse, type Outcome, type Refusal } from '../domain/result';
import { isAllowedDestination, parseCountryList } from '../domain/phone';
import { addDays, zonedParts } from '../domain/time';
import type { Language } from '../domain/vocabulary';
import { sha256Hex } from '../lib/ids';
import { verifyTurnstile } from '../lib/turnstile';
import {
  countryRefusal,
  CONSENT_VERSION,
  DEFAULT_MAX_OPEN_REQUESTS_PER_ADDRESS,
  STAFF_CONSENT_VERSION,
} from '../bookings/create';
import { serviceRule } from '../bookings/slots';
import type { WaitlistInput } from '../validation/waitlist';

/** An entry as its maker is told about it. */
export interface Joined {
  id: string;
  reference: string;
  manageCode: string;
}

/** Who adds the entry: a person through the widget (with their client's address) or a staff member. */
export type Joiner = { kind: 'person'; address: string; limitKey: string } | { kind: 'staff'; userId: string };

/** Adds a waiting entry; refuses as a request would (rate, country, service, dates, open entries). */
export async function joinWaitlist(
  deps: AppDeps,
  input: WaitlistInput,
  joiner: Joiner,
  language: Language,
): Promise<Outcome<Joined>> {
  const { db } = deps;
  const person = joiner.kind === 'person' ? joiner : undefined;
  if (person && deps.config.turnstileSecret) {
    const passed =
      !!input.turnstileToken &&
      (await verifyTurnstile({
        fetch: deps.fetch,
        verifyUrl: deps.config.turnstileVerifyUrl,
        secret: deps.config.turnstileSecret,
        token: input.turnstileToken,
        remoteIp: person.address,
      }));
    if (!passed) return refuse('captcha_failed');
  }
  const now = deps.clock.now();
  const { windowStart, retryAfterSeconds } = hourWindow(now);
  const clientKey = person ? await sha256Hex((deps.config.hashSecret ?? '') + person.limitKey) : null;
  const read = await batchByName(db, {
    desk: deskQuery(db),
    service: db.select().from(services).where(eq(services.id, input.service)).limit(1),
    bumped: clientKey ? bumpRateLimit(db, `wl:${clientKey}`, windowStart) : undefined,
  });
  const desk = rowsOf<DeskRow>(read.desk)[0];
  if (!desk) return refuse('desk_not_configured');
  // A desk that turned the waitlist off has none to join (the widget then shows no way onto it).
  if (!desk.waitlistEnabled) return refuse('not_found');
  if (person && (rowsOf<{ count: number }>(read.bumped ?? [])[0]?.count ?? 0) > desk.requestsPerIpPerHour) {
    return { ...refuse('rate_limited'), retryAfterSeconds };
  }
  if (!isAllowedDestination(input.phone, parseCountryList(desk.smsCountries))) return countryRefusal(desk.phone);
  const rule = serviceRule(rowsOf<ServiceRow>(read.service)[0], input.mode);
  if (!rule.ok) return rule;
  const today = zonedParts(now, desk.timeZone).date;
  const last = addDays(today, desk.horizonDays);
  if (input.to < today) return refuse('invalid_input', { to: 'field.date' });
  if (input.from > last) return refuse('invalid_input', { from: 'field.date' });

  const maxClient = deps.config.maxOpenRequestsPerAddress ?? DEFAULT_MAX_OPEN_REQUESTS_PER_ADDRESS;
  for (let attempt = 1; ; attempt++) {
    const entry = { id: deps.ids.id(), reference: deps.ids.reference(), manageCode: deps.ids.token() };
    const limits = person
      ? sql`(SELECT count(*) FROM waitlist_entries p WHERE p.phone = ${input.phone} AND p.status = 'waiting') < ${desk.maxOpenRequestsPerPhone}
        AND (SELECT count(*) FROM waitlist_entries k WHERE k.status = 'waiting' AND k.client_key = ${clientKey}) < ${maxClient}`
      : sql`1`;
    try {
      const res = await batchByName(db, {
        insert: db.run(sql`
          INSERT INTO waitlist_entries (id, reference, manage_code, service_id, mode, from_date, to_date, status,
            channel, language, person_name, phone, consent_at, consent_version, client_key, created_by, created_at,
            updated_at)
          SELECT ${entry.id}, ${entry.reference}, ${entry.manageCode}, ${input.service}, ${input.mode},
            max(${input.from}, ${today}), min(${input.to}, ${last}), 'waiting', ${person ? 'widget' : 'reception'},
            ${language}, ${input.name}, ${input.phone}, ${now}, ${person ? CONSENT_VERSION : STAFF_CONSENT_VERSION},
            ${clientKey}, ${joiner.kind === 'staff' ? joiner.userId : null}, ${now}, ${now}
          WHERE ${limits}`),
        counts: person
          ? db.all<{ phone: number; client: number }>(sql`SELECT
              (SELECT count(*) FROM waitlist_entries WHERE phone = ${input.phone} AND status = 'waiting') AS phone,
              (SELECT count(*) FROM waitlist_entries WHERE status = 'waiting' AND client_key = ${clientKey}) AS client`)
          : undefined,
      });
      if (rowsAffected(res.insert.at(0)) > 0) return { ok: true, ...entry };
      const counts = rowsOf<{ phone: number; client: number }>(res.counts ?? [])[0];
      if (counts && counts.client > maxClient - 1 && counts.phone < desk.maxOpenRequestsPerPhone) return tooMany;
      return refuse('too_many_open_requests');
    } catch (e) {
      const clash = ['reference', 'manage_code', 'id'].some((c) => isUniqueViolation(e, `waitlist_entries.${c}`));
      if (!clash || attempt === 2) throw e;
    }
  }
}

/** One client holds as many waiting entries as it may: said plainly, as a rate limit. */
const tooMany: Refusal = { ...refuse('rate_limited'), message: 'error.too_many_holds' };

/** The answer to a form whose honeypot was filled: shaped like a success, storing nothing (see pretendRequest). */
export function pretendJoin(deps: AppDeps): Joined {
  return { id: '', reference: deps.ids.reference(), manageCode: deps.ids.token() };
}
