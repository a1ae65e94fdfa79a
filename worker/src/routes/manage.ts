import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { cancelAsPerson, confirmAttendanceAsPerson, type PersonOutcome } from '../bookings/person-actions';
import { moveAsPerson, moveChoices, moveQuestion, type MoveFailure } from '../bookings/person-move';
import { moveRefusal } from '../domain/person-move';
import { formatDate, formatTime } from '../domain/format';
import { addDays, formatIsoWithOffset, isValidDate } from '../domain/time';
import type { AvailabilityDay } from '../domain/types';
import { findPersonBooking } from '../db/repo/ical';
import { findManageView, type ManageView } from '../db/repo/manage';
import { formatDateTime, isValidTimeZone } from '../domain/format';
import { renderMovePage, renderMoveQuestionPage, type MovePageModel } from './manage-move-page';
import { renderPersonEvent } from '../domain/ical';
import { bookingVideoLink } from '../domain/video';
import { personActions } from '../domain/lifecycle';
import type { AppEnv } from '../env';
import { limitBody } from '../http/body';
import { explicitLang, isLang, pickLang, type Lang, type MessageKey } from '../i18n';
import { serviceNameIn } from '../i18n/service-name';
import { DEFAULT_DESK_TIME_ZONE, readDesk } from '../db/repo/desk';
import { calendarHeaders, deskPlace, deskTimeZone } from '../http/calendar';
import { pageHeaders } from '../http/page-headers';
import { bookingPageHref } from './booking-page';
import {
  MANAGE_CSS,
  renderCancelQuestionPage,
  renderManagePage,
  renderNotFoundPage,
  type Html,
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
/** The forms post a language and a "yes": a few hundred bytes. Anything bigger is refused unread. */
const FORM_MAX_BYTES = 4 * 1024;
/** Days of free times one move page shows; "more times" leads on. */
const MOVE_DAYS_PER_PAGE = 7;
/** The schema's default notice, for a desk row that is missing (a half set-up deployment). */
const FALLBACK_NOTICE_HOURS = 24;

async function securityHeaders(c: Context<AppEnv>): Promise<void> {
  await pageHeaders(c, MANAGE_CSS);
}

async function htmlResponse(c: Context<AppEnv>, page: Html, status: ContentfulStatusCode) {
  await securityHeaders(c);
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(String(await page), status);
}

async function redirect(c: Context<AppEnv>, location: string) {
  await securityHeaders(c);
  return c.redirect(location, 303);
}

/** ?lang= wins, then the language the booking was made in, then Accept-Language. */
function resolveLang(c: Context<AppEnv>, explicit: Lang | undefined, view: ManageView | null): Lang {
  return (
    explicit ?? (view && isLang(view.language) ? view.language : pickLang(undefined, c.req.header('accept-language')))
  );
}

/**
 * 404 for a code that matches no appointment, with the desk's phone and booking page. A malformed code
 * (`malformed`) costs no database query, so its page links the booking page, which shows the phone.
 */
async function notFound(c: Context<AppEnv>, explicit: Lang | undefined, malformed = false) {
  const lang = resolveLang(c, explicit, null);
  const read = malformed ? undefined : await readDesk(c.var.deps.db);
  const desk = read?.configured ? read.desk : undefined;
  return htmlResponse(c, renderNotFoundPage(lang, desk?.phone ?? '', bookingPageHref(desk?.bookingPageUrl, lang)), 404);
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

function deskTimeZoneOf(view: ManageView): string {
  return view.deskTimeZone && isValidTimeZone(view.deskTimeZone) ? view.deskTimeZone : DEFAULT_DESK_TIME_ZONE;
}

function pageModel(
  view: ManageView,
  code: string,
  lang: Lang,
  now: number,
  message?: ManagePageModel['message'],
): ManagePageModel {
  const timeZone = deskTimeZoneOf(view);
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
  const active = view.status === 'requested' || view.status === 'confirmed';
  return {
    lang,
    code,
    deskName: view.deskName ?? '',
    reference: view.reference,
    serviceName: serviceNameIn(lang, view),
    when: formatDateTime(view.startAt, timeZone, lang),
    city,
    timeZone,
    mode: view.mode,
    // Only an appointment still ahead (requested or confirmed) gives its link; a closed one promises none.
    videoLink:
      view.status === 'requested' || view.status === 'confirmed'
        ? bookingVideoLink({
            mode: view.mode,
            volunteerLink: view.volunteerVideoLink,
            room: view.videoRoom,
            roomBase: view.videoRoomBase,
          })
        : null,
    place: [view.deskAddress ?? '', city].filter(Boolean).join(', '),
    status: view.status,
    statusNote,
    canConfirm: actions.canConfirm,
    canCancel: actions.canCancel,
    canMove: moveRefusal(view, now, view.cancellationNoticeHours ?? FALLBACK_NOTICE_HOURS) === null,
    ended: !active || view.startAt <= now,
    bookAgainUrl: bookingPageHref(view.deskBookingPageUrl, lang),
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

function donePath(code: string, done: 'cancelled' | 'confirmed' | 'moved', lang: Lang | undefined): string {
  return `/m/${code}?done=${done}${lang ? `&lang=${lang}` : ''}`;
}

// An action's code is checked, and its body limited, before the body is read: a bad code or a huge
// body costs nothing but the headers.
const postedForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!CODE_RE.test(c.req.param('code') ?? '')) return notFound(c, explicitLang(c.req.query('lang')), true);
  return next();
};
const limitForm = limitBody(FORM_MAX_BYTES);

/** A refused action: the page as it now stands, with why, in 409 (404 for an unknown code). */
function refused(
  c: Context<AppEnv>,
  code: string,
  explicit: Lang | undefined,
  outcome: Extract<PersonOutcome, { ok: false }>,
  action: 'cancel' | 'confirm',
) {
  if (outcome.code === 'not_found') return notFound(c, explicit);
  const now = c.var.deps.clock.now();
  const key: MessageKey = outcome.code === 'conflict' ? 'error.conflict' : refusal(outcome.view, now, action);
  const model = pageModel(outcome.view, code, resolveLang(c, explicit, outcome.view), now, { key, tone: 'warn' });
  return htmlResponse(c, renderManagePage(model), 409);
}

/** The manage page /m/<code> and its two actions. */
export const manageRoutes = new Hono<AppEnv>();

manageRoutes.get('/:code', async (c) => {
  const { deps } = c.var;
  const code = c.req.param('code');
  const explicit = explicitLang(c.req.query('lang'));
  if (!CODE_RE.test(code)) return notFound(c, explicit, true);
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
  if (done === 'moved' && view.personMoves > 0 && (view.status === 'confirmed' || view.status === 'requested')) {
    message = { key: view.status === 'confirmed' ? 'manage.moved_done' : 'manage.moved_done_request', tone: 'info' };
  }
  return htmlResponse(c, renderManagePage(pageModel(view, code, lang, deps.clock.now(), message)), 200);
});

// "Add to calendar": the appointment as a one-event iCalendar file, same UID and SEQUENCE as the feeds.
manageRoutes.get('/:code/calendar.ics', async (c) => {
  const { deps } = c.var;
  const code = c.req.param('code');
  const explicit = explicitLang(c.req.query('lang'));
  if (!CODE_RE.test(code)) return notFound(c, explicit, true);
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
manageRoutes.get('/:code/:action{cancel|confirm}', async (c) => {
  const code = c.req.param('code');
  if (!CODE_RE.test(code)) return notFound(c, explicitLang(c.req.query('lang')), true);
  return redirect(c, `/m/${code}`);
});

manageRoutes.post('/:code/cancel', postedForm, limitForm, async (c) => {
  const { deps } = c.var;
  const code = c.req.param('code');
  const { lang: explicit, confirmed } = await readForm(c);
  const outcome = await cancelAsPerson(deps, { code, confirmed });
  if (!outcome.ok) return refused(c, code, explicit, outcome, 'cancel');
  if (!outcome.ask) return redirect(c, donePath(code, 'cancelled', explicit));
  const lang = resolveLang(c, explicit, outcome.view);
  return htmlResponse(c, renderCancelQuestionPage(pageModel(outcome.view, code, lang, deps.clock.now())), 200);
});

manageRoutes.post('/:code/confirm', postedForm, limitForm, async (c) => {
  const code = c.req.param('code');
  const { lang: explicit } = await readForm(c);
  const outcome = await confirmAttendanceAsPerson(c.var.deps, { code });
  if (!outcome.ok) return refused(c, code, explicit, outcome, 'confirm');
  return redirect(c, donePath(code, 'confirmed', explicit));
});

// ------------------------------------------------------------------ the person's move

/** Why a move did not happen, as the page says it. */
const MOVE_MESSAGES: Record<MoveFailure, MessageKey> = {
  closed: 'manage.move_closed',
  too_late: 'manage.move_too_late',
  limit: 'manage.move_limit',
  taken: 'manage.move_taken',
  changed: 'manage.move_changed',
};

/** The move form: the language, the chosen start, the sequence the page read, and the final "yes". */
async function readMoveForm(c: Context<AppEnv>) {
  const form = { lang: explicitLang(c.req.query('lang')), start: NaN, seq: NaN, confirmed: false };
  try {
    const body = await c.req.parseBody();
    form.lang = explicitLang(body.lang) ?? form.lang;
    form.start = typeof body.start === 'string' && body.start.length <= 40 ? Date.parse(body.start) : NaN;
    form.seq = typeof body.seq === 'string' && /^\d{1,9}$/.test(body.seq) ? Number(body.seq) : NaN;
    form.confirmed = body.confirm === 'yes';
  } catch {
    // A malformed body chose nothing: the page of times answers.
  }
  return form;
}

/** Up to MOVE_DAYS_PER_PAGE days with free times from `from` on, and where the next page starts. */
function movePageDays(days: AvailabilityDay[], from: string | undefined, timeZone: string, lang: Lang) {
  const open = days.filter((d) => d.slots.length > 0 && (!from || d.date >= from));
  const shown = open.slice(0, MOVE_DAYS_PER_PAGE);
  const last = shown[shown.length - 1];
  return {
    days: shown.map((d) => ({
      label: formatDate(d.slots[0]!.start, timeZone, lang),
      times: d.slots.map((s) => ({
        value: formatIsoWithOffset(s.start, s.offsetMinutes),
        label: formatTime(s.start, timeZone, lang),
      })),
    })),
    moreFrom: open.length > shown.length && last ? addDays(last.date, 1) : null,
  };
}

/** The page of free times (or, when the move is no longer possible, the manage page saying why). */
async function movePage(
  c: Context<AppEnv>,
  code: string,
  explicit: Lang | undefined,
  status: ContentfulStatusCode,
  message?: MovePageModel['message'],
) {
  const { deps } = c.var;
  const from = c.req.query('from');
  const found = await moveChoices(deps, code);
  if (!found.ok && found.code === 'not_found') return notFound(c, explicit);
  const { view } = found;
  const lang = resolveLang(c, explicit, view);
  const now = deps.clock.now();
  if (!found.ok) {
    const model = pageModel(view, code, lang, now, { key: MOVE_MESSAGES[found.code], tone: 'warn' });
    return htmlResponse(c, renderManagePage(model), status === 200 ? 200 : 409);
  }
  const timeZone = deskTimeZoneOf(view);
  const paged = movePageDays(found.days, from && isValidDate(from) ? from : undefined, timeZone, lang);
  const model: MovePageModel = {
    lang,
    code,
    deskName: view.deskName ?? '',
    deskPhone: view.deskPhone ?? '',
    when: formatDateTime(view.startAt, timeZone, lang),
    seq: view.icalSequence,
    message,
    ...paged,
  };
  return htmlResponse(c, renderMovePage(model), status);
}

manageRoutes.get('/:code/move', async (c) => {
  const code = c.req.param('code');
  const explicit = explicitLang(c.req.query('lang'));
  if (!CODE_RE.test(code)) return notFound(c, explicit, true);
  return movePage(c, code, explicit, 200);
});

manageRoutes.post('/:code/move', postedForm, limitForm, async (c) => {
  const { deps } = c.var;
  const code = c.req.param('code');
  const form = await readMoveForm(c);
  if (Number.isNaN(form.start) || Number.isNaN(form.seq)) {
    return movePage(c, code, form.lang, 400, { key: 'manage.move_pick', tone: 'warn' });
  }
  const cmd = { code, start: form.start, seq: form.seq };
  if (!form.confirmed) {
    const asked = await moveQuestion(deps, cmd);
    if (!asked.ok) {
      if (asked.code === 'not_found') return notFound(c, form.lang);
      return movePage(c, code, form.lang, 409, { key: MOVE_MESSAGES[asked.code], tone: 'warn' });
    }
    const lang = resolveLang(c, form.lang, asked.view);
    const page = renderMoveQuestionPage({
      lang,
      code,
      deskName: asked.view.deskName ?? '',
      deskPhone: asked.view.deskPhone ?? '',
      newWhen: formatDateTime(form.start, asked.timeZone, lang),
      start: new Date(form.start).toISOString(),
      seq: form.seq,
      needsDesk: asked.needsDesk,
    });
    return htmlResponse(c, page, 200);
  }
  const moved = await moveAsPerson(deps, cmd);
  if (moved.ok) return redirect(c, donePath(code, 'moved', form.lang));
  if (moved.code === 'not_found') return notFound(c, form.lang);
  return movePage(c, code, form.lang, 409, { key: MOVE_MESSAGES[moved.code], tone: 'warn' });
});
