import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DEFAULT_DESK_TIME_ZONE } from '../db/repo/desk';
import { formatDate, formatDateTime, formatTime, isValidTimeZone } from '../domain/format';
import type { AppEnv } from '../env';
import { limitBody } from '../http/body';
import { pageHeaders } from '../http/page-headers';
import { explicitLang, isLang, pickLang, t, type Lang, type MessageKey } from '../i18n';
import { serviceNameIn } from '../i18n/service-name';
import { findWaitlistPage, type WaitlistPageRow } from '../waitlist/store';
import { declineOffer, isAnswerable, leaveWaitlist, takeOffer } from '../waitlist/take';
import { footer, isolate, layout, MANAGE_CSS, renderNotFoundPage, withMarkup, type Html } from './manage-page';

/*
 * The waitlist's pages /w/<code>, for an offer's code (from its SMS) or an entry's (from joining): like the
 * manage page, plain server-rendered markup with no script, the code as the only capability, no cookies
 * (so no CSRF token), and GET never writes (link scanners open every link).
 */

const markup = html;
const CODE_RE = /^[A-Za-z0-9_-]{1,64}$/;
const FORM_MAX_BYTES = 4 * 1024;

async function page(c: Context<AppEnv>, body: Html, status: ContentfulStatusCode) {
  await pageHeaders(c, MANAGE_CSS);
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(String(await body), status);
}

function langOf(c: Context<AppEnv>, explicit: Lang | undefined, row?: WaitlistPageRow): Lang {
  return (
    explicit ?? (row && isLang(row.language) ? row.language : pickLang(undefined, c.req.header('accept-language')))
  );
}

async function notFound(c: Context<AppEnv>, explicit: Lang | undefined) {
  return page(c, renderNotFoundPage(langOf(c, explicit), '', `/prenota?lang=${langOf(c, explicit)}`), 404);
}

/** The page of a /w/ code, with an optional message in its status region. */
function renderWaitlistPage(
  row: WaitlistPageRow,
  lang: Lang,
  now: number,
  message?: { key: MessageKey; tone: 'info' | 'warn' },
): Html {
  const L = (key: MessageKey) => t(lang, key);
  const tz = row.deskTimeZone && isValidTimeZone(row.deskTimeZone) ? row.deskTimeZone : DEFAULT_DESK_TIME_ZONE;
  const day = (d: string) => formatDate(Date.parse(`${d}T12:00:00Z`), 'UTC', lang);
  const open =
    row.offerCode !== null &&
    row.offerStartAt !== null &&
    row.offerHoldUntil !== null &&
    row.entryStatus === 'waiting' &&
    isAnswerable({ status: row.offerStatus ?? '', holdUntil: row.offerHoldUntil, startAt: row.offerStartAt }, now);
  const when = row.offerStartAt !== null ? formatDateTime(row.offerStartAt, tz, lang) : '';
  const cls = message?.tone === 'warn' ? 'msg warn' : 'msg';
  const status = markup`<div role="status" class="${cls}">${message ? markup`<p>${L(message.key)}</p>` : ''}</div>`;
  const place = row.mode === 'remote' ? L('manage.remote') : [row.deskAddress, row.deskCity].filter(Boolean).join(', ');
  const path = row.kind === 'offer' ? `/w/${row.offerCode}` : `/w/${row.entryCode}`;
  const hidden = markup`<input type="hidden" name="lang" value="${lang}">`;

  const offer =
    row.kind === 'offer'
      ? open
        ? markup`<dl>
<dt>${L('manage.when')}</dt><dd>${isolate(when)}</dd>
<dt>${L('manage.where')}</dt><dd>${isolate(place)}</dd>
</dl>
<p>${row.offerHolds ? withMarkup(L('waitlist.hold_until'), { time: isolate(formatTime(row.offerHoldUntil!, tz, lang)) }) : L('waitlist.everyone')}</p>
<form method="post" action="/w/${row.offerCode}/take">${hidden}<button type="submit">${L('waitlist.take')}</button></form>
<form method="post" action="/w/${row.offerCode}/decline">${hidden}<button type="submit" class="danger">${L('waitlist.decline')}</button></form>`
        : markup`<p>${L(row.entryStatus === 'waiting' ? 'waitlist.gone' : 'waitlist.gone_ended')}</p>`
      : open
        ? markup`<p>${withMarkup(L('waitlist.offer_open'), { when: isolate(when) })}</p>
<p><a class="button" href="/w/${row.offerCode}?lang=${lang}">${L('waitlist.see_offer')}</a></p>`
        : '';
  const leave =
    row.kind === 'entry' && row.entryStatus === 'waiting'
      ? markup`<h2>${L('waitlist.leave_question')}</h2>
<form method="post" action="/w/${row.entryCode}/leave">${hidden}<button type="submit" class="danger">${L('waitlist.leave')}</button></form>`
      : '';
  const back =
    row.kind === 'offer' ? markup`<p><a href="/w/${row.entryCode}?lang=${lang}">${L('waitlist.back')}</a></p>` : '';
  const title = row.kind === 'offer' ? L(open ? 'waitlist.offer_title' : 'waitlist.gone_title') : L('waitlist.title');
  const statusKey = `waitlist.status.${row.entryStatus}` as MessageKey;
  const body = markup`<h1>${title}</h1>
${status}
<dl>
<dt>${L('manage.reference')}</dt><dd>${isolate(row.reference, 'ltr')}</dd>
<dt>${L('manage.service')}</dt><dd>${serviceNameIn(lang, row)}</dd>
<dt>${L('waitlist.days')}</dt><dd>${withMarkup(L('waitlist.days_range'), { from: isolate(day(row.fromDate)), to: isolate(day(row.toDate)) })}</dd>
<dt>${L('manage.status')}</dt><dd>${L(statusKey)}</dd>
</dl>
${offer}
${leave}
${back}
${footer(lang, path, row.deskPhone ?? '')}`;
  return layout(lang, t(lang, 'manage.document_title', { page: title, desk: row.deskName ?? '' }), body);
}

async function readLang(c: Context<AppEnv>): Promise<Lang | undefined> {
  try {
    const body = await c.req.parseBody();
    return explicitLang(body.lang) ?? explicitLang(c.req.query('lang'));
  } catch {
    return explicitLang(c.req.query('lang'));
  }
}

const postedForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!CODE_RE.test(c.req.param('code') ?? '')) return notFound(c, explicitLang(c.req.query('lang')));
  return next();
};

/** Shows the page of `code` as it now stands, with a message. */
async function show(
  c: Context<AppEnv>,
  code: string,
  explicit: Lang | undefined,
  status: ContentfulStatusCode,
  message?: { key: MessageKey; tone: 'info' | 'warn' },
) {
  const row = await findWaitlistPage(c.var.deps.db, code);
  if (!row) return notFound(c, explicit);
  return page(c, renderWaitlistPage(row, langOf(c, explicit, row), c.var.deps.clock.now(), message), status);
}

/** The waitlist's pages /w/<code> and their three actions. */
export const waitlistPageRoutes = new Hono<AppEnv>()
  .get('/:code', async (c) => {
    const code = c.req.param('code');
    const explicit = explicitLang(c.req.query('lang'));
    if (!CODE_RE.test(code)) return notFound(c, explicit);
    const done = c.req.query('done');
    const message = done === 'left' ? ({ key: 'waitlist.left', tone: 'info' } as const) : undefined;
    return show(c, code, explicit, 200, message);
  })
  // Someone opening an action URL directly (or a scanner) lands on the page; nothing changes.
  .get('/:code/:action{take|decline|leave}', async (c) => {
    const code = c.req.param('code');
    if (!CODE_RE.test(code)) return notFound(c, explicitLang(c.req.query('lang')));
    await pageHeaders(c, MANAGE_CSS);
    return c.redirect(`/w/${code}`, 303);
  })
  .post('/:code/take', postedForm, limitBody(FORM_MAX_BYTES), async (c) => {
    const code = c.req.param('code');
    const explicit = await readLang(c);
    const taken = await takeOffer(c.var.deps, code);
    if (taken.ok) {
      await pageHeaders(c, MANAGE_CSS);
      return c.redirect(`/m/${taken.manageCode}${explicit ? `?lang=${explicit}` : ''}`, 303);
    }
    if (taken.code === 'not_found') return notFound(c, explicit);
    return show(c, code, explicit, 409);
  })
  .post('/:code/decline', postedForm, limitBody(FORM_MAX_BYTES), async (c) => {
    const code = c.req.param('code');
    const explicit = await readLang(c);
    const declined = await declineOffer(c.var.deps, code);
    if (!declined.ok && declined.code === 'not_found') return notFound(c, explicit);
    if (!declined.ok) return show(c, code, explicit, 409);
    return show(c, code, explicit, 200, { key: 'waitlist.declined', tone: 'info' });
  })
  .post('/:code/leave', postedForm, limitBody(FORM_MAX_BYTES), async (c) => {
    const code = c.req.param('code');
    const explicit = await readLang(c);
    const left = await leaveWaitlist(c.var.deps, code);
    if (!left.ok && left.code === 'not_found') return notFound(c, explicit);
    if (!left.ok) return show(c, code, explicit, 409);
    await pageHeaders(c, MANAGE_CSS);
    return c.redirect(`/w/${code}?done=left${explicit ? `&lang=${explicit}` : ''}`, 303);
  });
