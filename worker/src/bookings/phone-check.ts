/**
 * The widget asks whether a number will do before the person presses "Invia": the same mobile rules and the
 * same country list as a request (create.ts), so the two answers cannot differ. Nothing is written or sent.
 */
import type { AppDeps } from '../deps';
import { readSmsCountries } from '../db/repo/desk';
import { isAllowedDestination, normalizeMobile, parseCountryList } from '../domain/phone';
import { refuse, type Outcome } from '../domain/result';

export type PhoneVerdict =
  { ok: true; e164: string } | { ok: false; reason: 'phone_invalid' | 'phone_landline' | 'phone_country' };

/** A number's verdict. One read of one column, and only for a number that passes the mobile rules. */
export async function checkPhone(deps: AppDeps, raw: string): Promise<Outcome<{ verdict: PhoneVerdict }>> {
  const mobile = normalizeMobile(raw);
  if (!mobile.ok) return { ok: true, verdict: { ok: false, reason: mobile.reason } };
  const countries = await readSmsCountries(deps.db);
  if (countries === undefined) return refuse('desk_not_configured');
  const allowed = isAllowedDestination(mobile.e164, parseCountryList(countries));
  return { ok: true, verdict: allowed ? { ok: true, e164: mobile.e164 } : { ok: false, reason: 'phone_country' } };
}
