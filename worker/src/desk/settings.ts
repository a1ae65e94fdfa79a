/**
 * Saving the desk's settings: an admin's edit is merged onto the stored settings and checked whole; on a
 * deployment without a desk (no seed) the first save creates it, and then only name and address are needed.
 */
import * as v from 'valibot';
import type { AppDeps } from '../deps';
import { fail, type FieldErrors } from '../errors';
import type { HttpFailure } from '../http/failure';
import { schemaCheck } from '../http/body';
import { t, type Lang } from '../i18n';
import { parseCountryList } from '../domain/phone';
import { readDesk, type DeskRow } from '../db/repo/desk';
import { DEFAULT_SMS_MONTHLY_BUDGET } from '../db/schema/desk';
import { createDesk, updateDesk, type DeskChanges } from '../db/repo/management';
import { formatHhmm, offeredLanguages, settingsSchema, type SettingsInput } from '../validation/admin-management';

const checkSettings = schemaCheck(settingsSchema);
/** Every field but name and address may be left out when the desk is created: the columns have defaults. */
const checkNewDesk = schemaCheck(v.partial(settingsSchema));

/** Saves `edit` (any subset of the settings) and answers the stored desk, or why not. */
export async function saveDeskSettings(
  deps: AppDeps,
  edit: Record<string, unknown>,
  lang: Lang,
): Promise<{ ok: true; desk: DeskRow } | HttpFailure> {
  const { db } = deps;
  const current = await readDesk(db);
  const now = deps.clock.now();
  if (current.configured) {
    const input = checkSettings({ ...settingsJson(current.desk), ...edit }, lang);
    if (!input.ok) return fail('invalid_input', input.fields);
    const saved = await updateDesk(db, { ...deskColumns(input.value), updatedAt: now });
    return saved ? { ok: true, desk: saved } : fail('conflict');
  }
  const input = checkNewDesk(edit, lang);
  if (!input.ok) return fail('invalid_input', input.fields);
  const { name, address } = input.value;
  if (name === undefined || address === undefined) {
    const fields: FieldErrors = {};
    if (name === undefined) fields.name = t(lang, 'field.required');
    if (address === undefined) fields.address = t(lang, 'field.required');
    return fail('invalid_input', fields);
  }
  const created = await createDesk(db, { ...deskColumns(input.value), name, address, updatedAt: now });
  if (created) return { ok: true, desk: created };
  // Created by someone else meanwhile: answer with theirs.
  const again = await readDesk(db);
  return again.configured ? { ok: true, desk: again.desk } : fail('conflict');
}

/** The editable settings of the desk row, in the API's shape (also the base an edit is merged onto). */
export function settingsJson(d: DeskRow) {
  return {
    name: d.name,
    address: d.address,
    city: d.city,
    phone: d.phone,
    email: d.email,
    privacyUrl: d.privacyUrl,
    bookingPageUrl: d.bookingPageUrl,
    timeZone: d.timeZone,
    minNoticeMinutes: d.minNoticeMinutes,
    horizonDays: d.horizonDays,
    requestHoldHours: d.requestHoldHours,
    slotGridMinutes: d.slotGridMinutes,
    cancellationNoticeHours: d.cancellationNoticeHours,
    moveConfirmation: d.moveConfirmation,
    waitlistEnabled: d.waitlistEnabled,
    waitlistHoldMinutes: d.waitlistHoldMinutes,
    maxOpenRequestsPerPhone: d.maxOpenRequestsPerPhone,
    requestsPerIpPerHour: d.requestsPerIpPerHour,
    reminderHour: d.reminderHour,
    quietStart: formatHhmm(d.quietStartMinute),
    quietEnd: formatHhmm(d.quietEndMinute),
    morningReminder: formatHhmm(d.morningReminderMinute),
    callCutoff: formatHhmm(d.callCutoffMinute),
    smsEnabled: d.smsEnabled,
    smsMonthlyBudget: d.smsMonthlyBudget ?? DEFAULT_SMS_MONTHLY_BUDGET,
    requestSms: d.requestSms,
    smsPerNumberDaily: d.smsPerNumberDaily,
    smsPerNumberDailyTotal: d.smsPerNumberDailyTotal,
    smsPerDeskHourly: d.smsPerDeskHourly,
    smsCountries: parseCountryList(d.smsCountries),
    languages: offeredLanguages(d.languages.split(',').map((s) => s.trim())),
    retentionMonths: d.retentionMonths,
    accessibilityRetentionDays: d.accessibilityRetentionDays,
    icalIncludePhone: d.icalIncludePhone,
    videoRoomBase: d.videoRoomBase,
    reservedSharePercent: d.reservedSharePercent,
    reservedReleaseHours: d.reservedReleaseHours,
  };
}

/** Columns for the given settings; keys left out stay out (the create path lets the defaults apply). */
function deskColumns(input: Partial<SettingsInput>): DeskChanges {
  const { quietStart, quietEnd, morningReminder, callCutoff, smsCountries, languages, ...rest } = input;
  const out: DeskChanges = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  if (quietStart !== undefined) out.quietStartMinute = quietStart;
  if (quietEnd !== undefined) out.quietEndMinute = quietEnd;
  if (morningReminder !== undefined) out.morningReminderMinute = morningReminder;
  if (callCutoff !== undefined) out.callCutoffMinute = callCutoff;
  if (smsCountries !== undefined) out.smsCountries = smsCountries.join(',');
  if (languages !== undefined) out.languages = languages.join(',');
  return out;
}
