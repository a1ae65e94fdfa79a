import { Hono } from 'hono';
import * as v from 'valibot';
import { allow } from '../../auth/guard';
import { requireHashSecret, type AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { fail, type FieldErrors } from '../../errors';
import { anyObject, jsonBody, limitBody, schemaCheck } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { t } from '../../i18n';
import { icalFeedUrls, icalTokenDeriver } from '../../domain/ical-token';
import { parseCountryList } from '../../domain/phone';
import { currentFeedToken, newFeed } from '../../http/feed-links';
import { readDesk, type DeskRead, type DeskRow } from '../../db/repo/desk';
import { DEFAULT_SMS_MONTHLY_BUDGET } from '../../db/schema/desk';
import { createDesk, setDeskIcal, updateDesk, type DeskChanges } from '../../db/repo/management';
import { formatHhmm, settingsSchema, type SettingsInput } from '../../validation/admin-management';

const checkSettings = schemaCheck(settingsSchema);
/** Every field but name and address may be left out when the desk is created: the columns have defaults. */
const checkNewDesk = schemaCheck(v.partial(settingsSchema));

/**
 * /api/admin/settings: the desk's identity, booking rules, SMS and retention, and the desk-wide iCal feed.
 * Admin edits; reception reads (it needs the rules and the desk feed's URL) and may rotate that URL.
 */
export function settingsRoutes(deps: AppDeps) {
  const { db } = deps;

  /** The desk feed's token for a key. */
  const deskToken = async (key: number) => (await icalTokenDeriver(requireHashSecret(deps.config))).desk(key);

  /** The desk feed's URLs, issuing its key on first use (see currentFeedToken). */
  async function deskFeed(desk: DeskRow): Promise<{ icalUrl: string; webcalUrl: string }> {
    const token = await currentFeedToken(
      deskToken,
      { key: desk.icalDeskTokenRotatedAt, hash: desk.icalDeskTokenHash },
      {
        write: (expected, next) => setDeskIcal(db, expected, next),
        reread: async () => {
          const fresh = await readDesk(db);
          return fresh.configured ? fresh.desk.icalDeskTokenRotatedAt : undefined;
        },
      },
    );
    return icalFeedUrls(deps.config.publicBaseUrl, token);
  }

  /** The settings answer; before the desk exists every part of it is null (the portal shows an empty form). */
  async function settingsResponse(read: DeskRead) {
    if (!read.configured) return { settings: null, deskIcalUrl: null, deskWebcalUrl: null };
    const feed = await deskFeed(read.desk);
    return { settings: settingsJson(read.desk), deskIcalUrl: feed.icalUrl, deskWebcalUrl: feed.webcalUrl };
  }

  return new Hono<AppEnv>()
    .get('/', allow('admin', 'reception'), async (c) => {
      return c.json(await settingsResponse(await readDesk(db)));
    })
    .patch(
      '/',
      allow('admin'),
      limitBody(),
      jsonBody<Record<string, unknown>, Partial<v.InferInput<typeof settingsSchema>>>(anyObject),
      async (c) => {
        const lang = c.get('lang');
        const body = c.req.valid('json');
        const current = await readDesk(db);
        const now = deps.clock.now();
        let saved: DeskRow | undefined;
        if (current.configured) {
          const input = checkSettings({ ...settingsJson(current.desk), ...body }, lang);
          if (!input.ok) return failureResponse(c, fail('invalid_input', input.fields));
          saved = await updateDesk(db, { ...deskColumns(input.value), updatedAt: now });
        } else {
          // A deployment without a desk (no seed): the first save creates it.
          const input = checkNewDesk(body, lang);
          if (!input.ok) return failureResponse(c, fail('invalid_input', input.fields));
          const { name, address } = input.value;
          if (name === undefined || address === undefined) {
            const fields: FieldErrors = {};
            if (name === undefined) fields.name = t(lang, 'field.required');
            if (address === undefined) fields.address = t(lang, 'field.required');
            return failureResponse(c, fail('invalid_input', fields));
          }
          saved = await createDesk(db, { ...deskColumns(input.value), name, address, updatedAt: now });
          if (!saved) {
            // Created by someone else meanwhile: show theirs.
            const again = await readDesk(db);
            if (again.configured) saved = again.desk;
          }
        }
        if (!saved) return failureResponse(c, fail('conflict'));
        return c.json(await settingsResponse({ configured: true, desk: saved }));
      },
    )
    .post('/ical/rotate', allow('admin', 'reception'), async (c) => {
      const read = await readDesk(db);
      if (!read.configured) return failureResponse(c, fail('not_found'));
      const feed = await newFeed(deskToken);
      // Compare-and-set on the previous key: of two rotations at once, one wins and the other is a 409.
      if (!(await setDeskIcal(db, read.desk.icalDeskTokenRotatedAt, feed))) return failureResponse(c, fail('conflict'));
      const urls = icalFeedUrls(deps.config.publicBaseUrl, feed.token);
      return c.json({ deskIcalUrl: urls.icalUrl, deskWebcalUrl: urls.webcalUrl });
    });
}

/** The editable settings of the desk row, in the API's shape (also the base an edit is merged onto). */
function settingsJson(d: DeskRow) {
  return {
    name: d.name,
    address: d.address,
    city: d.city,
    phone: d.phone,
    email: d.email,
    privacyUrl: d.privacyUrl,
    timeZone: d.timeZone,
    minNoticeMinutes: d.minNoticeMinutes,
    horizonDays: d.horizonDays,
    requestHoldHours: d.requestHoldHours,
    slotGridMinutes: d.slotGridMinutes,
    cancellationNoticeHours: d.cancellationNoticeHours,
    maxOpenRequestsPerPhone: d.maxOpenRequestsPerPhone,
    requestsPerIpPerHour: d.requestsPerIpPerHour,
    reminderHour: d.reminderHour,
    quietStart: formatHhmm(d.quietStartMinute),
    quietEnd: formatHhmm(d.quietEndMinute),
    smsEnabled: d.smsEnabled,
    smsMonthlyBudget: d.smsMonthlyBudget ?? DEFAULT_SMS_MONTHLY_BUDGET,
    requestSms: d.requestSms,
    smsPerNumberDaily: d.smsPerNumberDaily,
    smsPerNumberDailyTotal: d.smsPerNumberDailyTotal,
    smsPerDeskHourly: d.smsPerDeskHourly,
    smsCountries: parseCountryList(d.smsCountries),
    retentionMonths: d.retentionMonths,
    accessibilityRetentionDays: d.accessibilityRetentionDays,
    icalIncludePhone: d.icalIncludePhone,
  };
}

/** Columns for the given settings; keys left out stay out (the create path lets the defaults apply). */
function deskColumns(input: Partial<SettingsInput>): DeskChanges {
  const { quietStart, quietEnd, smsCountries, ...rest } = input;
  const out: DeskChanges = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  if (quietStart !== undefined) out.quietStartMinute = quietStart;
  if (quietEnd !== undefined) out.quietEndMinute = quietEnd;
  if (smsCountries !== undefined) out.smsCountries = smsCountries.join(',');
  return out;
}
