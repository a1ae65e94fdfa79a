import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { findPersonBooking } from '../db/repo/ical';
import { cancelBookingByPerson, confirmAttendanceByPerson, findManageView, type ManageView } from '../db/repo/manage';
import { smsContext } from '../outbox/enqueue';
import type { AppDeps } from '../deps';
import { formatDateTime, isValidTimeZone } from '../domain/format';
import { renderPersonEvent } from '../domain/ical';
import { cancelByPerson, confirmAttendance, personActions } from '../domain/lifecycle';
import type { AppEnv } from '../env';
import { isLang, pickLang, t, type Lang, type MessageKey } from '../i18n';
import { calendarHeaders, deskPlace, deskTimeZone } from './ical';
import {
  MANAGE_CSS,
  renderCancelQuestionPage,
  renderManagePage,
  renderNotFoundPage,
  type ManagePageModel,
} from './manage-page';

/*
 * The manage link /m/<code> from the SMS. The code itself is the capability (128 random bits) and these
 * pages set and read no cookies, so a cross-site form post can do nothing its sender could not do by
 * opening the link directly: there is no ambient authority to ride on, hence no CSRF token.
 * GET never writes, because SMS and mail link scanners open every link they see.
 */

// Manage codes are base64url tokens; anything else is refused before touching the database.
const CODE_RE = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_TIME_ZONE = 'Europe/Rome';
const DEFAULT_NOTICE_HOURS = 24;

let styleHash: Promise<string> | undefined;
/** CSP hash of the inline stylesheet, so style-src needs no 'unsafe-inline'. */
function cssHash(): Promise<string> {
  styleHash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(MANAGE_CSS)).then((d) => {
    let bin = '';
    for (const b of new Uint8Array(d)) bin += String.fromCharCode(b);
    return `'sha256-${btoa(bin)}'`;
  });
  return styleHash;
}

async function securityHeaders(c: Context<AppEnv>): Promise<void> {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src ${await cssHash()}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
}

async function htmlResponse(c: Context<AppEnv>, html: string, status: ContentfulStatusCode) {
  await securityHeaders(c);
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(html, status);
}

async function redirect(c: Context<AppEnv>, location: string) {
  await securityHeaders(c);
  return c.redirect(location, 303);
}

/** A language the person chose explicitly (?lang= or the form field), if it is one we speak. */
function explicitLang(value: unknown): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const base = value.trim().toLowerCase().slice(0, 2);
  return isLang(base) ? base : undefined;
}

/** ?lang= wins, then the language the booking was made in, then Accept-Language. */
function resolveLang(c: Context<AppEnv>, explicit: Lang | undefined, view: ManageView | null): Lang {
  return (
    explicit ?? (view && isLang(view.language) ? view.language : pickLang(undefined, c.req.header('accept-language')))
  );
}

async function notFound(c: Context<AppEnv>, explicit: Lang | undefined) {
  return htmlResponse(c, renderNotFoundPage(resolveLang(c, explicit, null)), 404);
}

/** The posted form: the page's language and, for a cancel, whether the person already answered "yes, cancel". */
async function readForm(c: Context<AppEnv>): Promise<{ lang: Lang | undefined; confirmed: boolean }> {
  try {
    const body = await c.req.parseBody();
    return { lang: explicitLang(body.lang) ?? explicitLang(c.req.query('lang')), confirmed: body.confirm === 'yes' };
  } catch {
    // A malformed body carries no choice we need; the button press itself is the request.
    return { lang: explicitLang(c.req.query('lang')), confirmed: false };
  }
}

function deskRules(view: ManageView): { timeZone: string; noticeHours: number } {
  const tz = view.deskTimeZone && isValidTimeZone(view.deskTimeZone) ? view.deskTimeZone : DEFAULT_TIME_ZONE;
  return { timeZone: tz, noticeHours: view.cancellationNoticeHours ?? DEFAULT_NOTICE_HOURS };
}

function pageModel(
  view: ManageView,
  code: string,
  lang: Lang,
  now: number,
  message?: ManagePageModel['message'],
): ManagePageModel {
  const { timeZone } = deskRules(view);
  const actions = personActions(view, now);
  let statusNote: MessageKey | undefined;
  if (view.status === 'requested') statusNote = 'manage.requested_note';
  else if (
    view.status === 'confirmed' &&
    view.attendanceConfirmedAt !== null &&
    message?.key !== 'manage.confirmed_attendance'
  ) {
    statusNote = 'manage.attendance_already_confirmed';
  }
  const city = view.deskCity ?? '';
  return {
    lang,
    code,
    deskName: view.deskName ?? '',
    reference: view.reference,
    serviceName: lang === 'en' ? view.serviceNameEn : view.serviceNameIt,
    when: formatDateTime(view.startAt, timeZone, lang),
    timeZoneNote: city
      ? t(lang, 'manage.time_zone_note', { city, timeZone })
      : t(lang, 'manage.time_zone_note_plain', { timeZone }),
    mode: view.mode,
    place: [view.deskAddress ?? '', city].filter(Boolean).join(', '),
    status: view.status,
    statusNote,
    canConfirm: actions.canConfirm,
    canCancel: actions.canCancel,
    message,
    deskPhone: view.deskPhone ?? '',
  };
}

/** Why an action was refused, in words the person understands. */
function refusal(view: ManageView, now: number, action: 'cancel' | 'confirm'): MessageKey {
  if (action === 'cancel' && view.status === 'cancelled') return 'manage.already_cancelled';
  if (view.startAt <= now) return 'manage.too_late';
  return action === 'cancel' ? 'manage.cannot_cancel' : 'manage.cannot_confirm';
}

function donePath(code: string, done: 'cancelled' | 'confirmed', lang: Lang | undefined): string {
  return `/m/${code}?done=${done}${lang ? `&lang=${lang}` : ''}`;
}

/** The manage page /m/<code> and its two actions. */
export function manageRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/:code', async (c) => {
    const code = c.req.param('code');
    const explicit = explicitLang(c.req.query('lang'));
    if (!CODE_RE.test(code)) return notFound(c, explicit);
    const view = await findManageView(deps.db, code);
    if (!view) return notFound(c, explicit);
    const lang = resolveLang(c, explicit, view);
    const done = c.req.query('done');
    // Only announce an outcome the row actually shows, so a hand-edited URL cannot claim one.
    let message: ManagePageModel['message'];
    if (done === 'cancelled' && view.status === 'cancelled') message = { key: 'manage.cancelled_done', tone: 'info' };
    if (done === 'confirmed' && view.attendanceConfirmedAt !== null && view.status === 'confirmed') {
      message = { key: 'manage.confirmed_attendance', tone: 'info' };
    }
    return htmlResponse(c, renderManagePage(pageModel(view, code, lang, deps.clock.now(), message)), 200);
  });

  // "Add to calendar": the appointment as a one-event iCalendar file, same UID and SEQUENCE as the feeds.
  app.get('/:code/calendar.ics', async (c) => {
    const code = c.req.param('code');
    const explicit = explicitLang(c.req.query('lang'));
    if (!CODE_RE.test(code)) return notFound(c, explicit);
    const found = await findPersonBooking(deps.db, code);
    if (!found) return notFound(c, explicit);
    const { booking, desk } = found;
    const lang = explicit ?? (isLang(booking.language) ? booking.language : 'it');
    const body = renderPersonEvent(
      booking,
      { name: desk?.name ?? '', place: deskPlace(desk), phone: desk?.phone ?? '', timeZone: deskTimeZone(desk) },
      `${deps.config.publicBaseUrl}/m/${code}`,
      lang,
      deps.clock.now(),
    );
    calendarHeaders(c, `attachment; filename="sportello-${booking.reference}.ics"`, 'no-store');
    return c.body(body, 200);
  });

  // Someone opening an action URL directly (or a scanner) lands on the page; nothing changes.
  app.get('/:code/:action{cancel|confirm}', async (c) => {
    const code = c.req.param('code');
    if (!CODE_RE.test(code)) return notFound(c, explicitLang(c.req.query('lang')));
    return redirect(c, `/m/${code}`);
  });

  app.post('/:code/cancel', async (c) => {
    const code = c.req.param('code');
    const { lang: explicit, confirmed } = await readForm(c);
    if (!CODE_RE.test(code)) return notFound(c, explicit);
    const view = await findManageView(deps.db, code);
    if (!view) return notFound(c, explicit);
    const now = deps.clock.now();
    const lang = resolveLang(c, explicit, view);
    const decision = cancelByPerson(view, now, deskRules(view).noticeHours);
    if (!decision.ok) {
      const model = pageModel(view, code, lang, now, { key: refusal(view, now, 'cancel'), tone: 'warn' });
      return htmlResponse(c, renderManagePage(model), 409);
    }
    // Cancelling gives the time to someone else and cannot be undone by the person: ask once more.
    if (!confirmed) return htmlResponse(c, renderCancelQuestionPage(pageModel(view, code, lang, now)), 200);
    const won = await cancelBookingByPerson(deps.db, {
      bookingId: view.id,
      startAt: view.startAt,
      now,
      late: decision.late,
      sms: smsContext(
        { address: view.deskAddress, timeZone: view.deskTimeZone },
        { manageCode: code, language: view.language, mode: view.mode, startAt: view.startAt },
        deps.config.publicBaseUrl,
      ),
    });
    if (won) {
      deps.log.info('booking_cancelled_by_person', { bookingId: view.id, late: decision.late });
      // The acknowledgement SMS goes out now rather than at the next cron tick.
      deps.outbox.sendSoon();
      return redirect(c, donePath(code, 'cancelled', explicit));
    }
    // Lost a race (staff acted, or the booking moved): show the row as it is now.
    const fresh = (await findManageView(deps.db, code)) ?? view;
    const key: MessageKey =
      fresh.status === 'cancelled' || fresh.startAt <= now ? refusal(fresh, now, 'cancel') : 'error.conflict';
    return htmlResponse(c, renderManagePage(pageModel(fresh, code, lang, now, { key, tone: 'warn' })), 409);
  });

  app.post('/:code/confirm', async (c) => {
    const code = c.req.param('code');
    const { lang: explicit } = await readForm(c);
    if (!CODE_RE.test(code)) return notFound(c, explicit);
    const view = await findManageView(deps.db, code);
    if (!view) return notFound(c, explicit);
    const now = deps.clock.now();
    const lang = resolveLang(c, explicit, view);
    const decision = confirmAttendance(view, now);
    if (!decision.ok) {
      const model = pageModel(view, code, lang, now, { key: refusal(view, now, 'confirm'), tone: 'warn' });
      return htmlResponse(c, renderManagePage(model), 409);
    }
    // Confirming twice just shows the confirmation again.
    if (decision.already) return redirect(c, donePath(code, 'confirmed', explicit));
    if (await confirmAttendanceByPerson(deps.db, view.id, now)) {
      deps.log.info('attendance_confirmed_by_person', { bookingId: view.id });
      return redirect(c, donePath(code, 'confirmed', explicit));
    }
    const fresh = (await findManageView(deps.db, code)) ?? view;
    if (fresh.status === 'confirmed' && fresh.attendanceConfirmedAt !== null) {
      return redirect(c, donePath(code, 'confirmed', explicit));
    }
    const model = pageModel(fresh, code, lang, now, { key: refusal(fresh, now, 'confirm'), tone: 'warn' });
    return htmlResponse(c, renderManagePage(model), 409);
  });

  return app;
}
