import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppConfig } from '../deps';
import type { AppEnv } from '../env';
import { readDesk } from '../db/repo/desk';
import { pageHeaders, type PageSources } from '../http/page-headers';
import { explicitLang, t, type Lang } from '../i18n';
import { footer, isolate, layout, MANAGE_CSS, withTel, type Html } from './manage-page';

/**
 * /prenota: the Worker's own booking page, for a desk whose association has no website to embed the widget
 * in, and where "book another appointment" leads when the desk setting `bookingPageUrl` is empty. It hosts
 * the widget from this same server, in the page's language; inside the element, for a browser without
 * JavaScript (and whenever the widget cannot take bookings), it says to call the desk, with a tap-to-call link.
 */

// The same markup tag as manage-page.ts, for the same reason: the bytes sent are the bytes written here.
const markup = html;

/** Where "book another appointment" leads: the desk's own booking page if set (https only), else /prenota. */
export function bookingPageHref(bookingPageUrl: string | null | undefined, lang: Lang): string {
  return bookingPageUrl && bookingPageUrl.startsWith('https://') ? bookingPageUrl : `/prenota?lang=${lang}`;
}

/** What the page shows. */
export interface BookingPageModel {
  lang: Lang;
  deskName: string;
  deskPhone: string;
  /** "Via Bertoni 4, Milano"; '' when unknown. */
  place: string;
}

/** The booking page: a heading, the widget with its no-JavaScript fallback, the desk's phone. */
export function renderBookingPage(m: BookingPageModel): Html {
  const L = (key: Parameters<typeof t>[1]) => t(m.lang, key);
  const fallback = m.deskPhone
    ? markup`<p>${withTel(L('booking_page.fallback'), m.deskPhone)}</p>`
    : markup`<p>${L('booking_page.fallback_no_phone')}</p>`;
  const body = markup`<h1>${L('booking_page.title')}</h1>
${m.deskName ? markup`<p><strong>${m.deskName}</strong>${m.place ? markup`<br>${isolate(m.place)}` : ''}</p>` : ''}
<p>${L('booking_page.intro')}</p>
<sportello-booking lang="${m.lang}" phone="${m.deskPhone}">
${fallback}
</sportello-booking>
${footer(m.lang, '/prenota', m.deskPhone)}`;
  const title = m.deskName
    ? t(m.lang, 'manage.document_title', { page: L('booking_page.title'), desk: m.deskName })
    : L('booking_page.title');
  return layout(m.lang, title, body, markup`<script type="module" src="/widget.js"></script>\n`);
}

/**
 * What the widget needs beyond the page's own stylesheet: its script and API from this origin, and Turnstile's
 * script and frame when the deployment requires a challenge. The widget's styles are constructed stylesheets
 * (adoptedStyleSheets), which style-src does not govern.
 */
function widgetSources(config: AppConfig): PageSources {
  const sources = { 'script-src': ["'self'"], 'connect-src': ["'self'"], 'frame-src': [] as string[] };
  if (config.turnstileSiteKey) {
    try {
      const origin = new URL(config.turnstileScriptUrl).origin;
      sources['script-src'].push(origin);
      sources['frame-src'].push(origin);
    } catch {
      // An unparsable script URL cannot load anyway; the widget then says the check could not start.
    }
  }
  return sources;
}

/** GET /prenota (?lang= one of the seven languages, else Accept-Language). */
export const bookingPageRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { deps } = c.var;
  const lang = explicitLang(c.req.query('lang')) ?? c.get('lang');
  const read = await readDesk(deps.db);
  const desk = read.configured ? read.desk : undefined;
  const page = renderBookingPage({
    lang,
    deskName: desk?.name ?? '',
    deskPhone: desk?.phone ?? '',
    place: desk ? [desk.address, desk.city].filter(Boolean).join(', ') : '',
  });
  await pageHeaders(c, MANAGE_CSS, widgetSources(deps.config));
  c.header('Content-Type', 'text/html; charset=utf-8');
  return c.body(String(await page), 200);
});
