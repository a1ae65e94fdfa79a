/** Input schemas of the waitlist: the public join (the widget's form) and reception adding a caller. */
import * as v from 'valibot';
import type { Lang } from '../i18n';
import { daysBetween, isValidDate } from '../domain/time';
import type { Mode } from '../domain/vocabulary';
import { issuesToFields, missingKey, msg, translateMessage } from './issues';
import { MAX_RANGE_DAYS, requestSchema, type Validated } from './public';

const date = v.pipe(
  v.string(msg('field.date')),
  v.check((s) => isValidDate(s) && s >= '2000-01-01' && s <= '2999-12-31', msg('field.date')),
);

/** The fields a waitlist entry shares with a booking request, checked by the very same rules. */
const shared = v.pick(requestSchema, ['service', 'mode', 'name', 'phone', 'language', 'consent', 'turnstileToken']);

const joinSchema = v.object({ ...shared.entries, from: date, to: date }, missingKey({ consent: 'field.consent' }));

/** What the widget sends to POST /api/public/waitlist (its client's type: widget/src/api.ts). */
export type WaitlistBody = v.InferInput<typeof joinSchema> & { website?: string };

/** A checked waitlist join: dates are the desk's local dates, inclusive. */
export interface WaitlistInput {
  service: string;
  mode: Mode;
  from: string;
  to: string;
  name: string;
  /** E.164 mobile. */
  phone: string;
  language?: Lang;
  turnstileToken?: string;
}

/** Validates POST /api/public/waitlist's body (also reception's, which has no consent or token). */
export function validateWaitlistBody(body: unknown, lang: Lang, staff = false): Validated<WaitlistInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, fields: {} };
  const parsed = v.safeParse(joinSchema, staff ? { ...body, consent: true } : body);
  if (!parsed.success) return { ok: false, fields: issuesToFields(parsed.issues, lang) };
  const o = parsed.output;
  const span = daysBetween(o.from, o.to);
  if (span < 0 || span + 1 > MAX_RANGE_DAYS) {
    return { ok: false, fields: { to: translateMessage(msg('field.date_range', MAX_RANGE_DAYS), lang) } };
  }
  const input: WaitlistInput = {
    service: o.service,
    mode: o.mode,
    from: o.from,
    to: o.to,
    name: o.name,
    phone: o.phone,
  };
  if (o.language) input.language = o.language;
  if (o.turnstileToken && !staff) input.turnstileToken = o.turnstileToken;
  return { ok: true, value: input };
}
