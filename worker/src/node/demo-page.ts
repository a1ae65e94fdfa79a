import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { App } from '../app';
import type { Db } from '../db/client';
import { readDeskWithServices, type DeskRow, type ServiceRow } from '../db/repo/desk';
import { formatDateTime } from '../domain/format';
import { addDays, parseIsoInstant, zonedParts } from '../domain/time';
import { t, type Lang } from '../i18n';
import { withTel } from '../routes/manage-page';
import { serviceTexts } from '../desk/service-texts';
import { LANGUAGE_ENDONYMS, LANGUAGES, textDirection } from '../domain/vocabulary';

/** How many upcoming times the demo page lists per service, and over how many days it looks. */
const SLOTS_PER_SERVICE = 5;
const LOOKAHEAD_DAYS = 14;

type ModeName = 'in_person' | 'remote';

interface ListedSlot {
  start: number;
  modes: ModeName[];
}

interface AvailabilityBody {
  timeZone?: string;
  days?: { date: string; slots: { start: string; end: string }[] }[];
}

/**
 * The next free times of a service, asked of the public API exactly as the widget asks it, so the demo
 * shows what a job seeker would see. A failing or missing endpoint yields an empty list, never an error page.
 */
async function nextSlots(app: App, service: ServiceRow, today: string, lang: Lang): Promise<ListedSlot[]> {
  const modes: ModeName[] = [];
  if (service.allowsInPerson) modes.push('in_person');
  if (service.allowsRemote) modes.push('remote');
  const byStart = new Map<number, ListedSlot>();
  for (const mode of modes) {
    const query = new URLSearchParams({
      service: service.id,
      mode,
      from: today,
      to: addDays(today, LOOKAHEAD_DAYS),
      lang,
    });
    const res = await app.request(`/api/public/availability?${query}`);
    if (!res.ok) continue;
    const body = (await res.json()) as AvailabilityBody;
    for (const day of body.days ?? []) {
      for (const slot of day.slots ?? []) {
        const start = parseIsoInstant(slot.start);
        if (start === null) continue;
        const listed = byStart.get(start) ?? { start, modes: [] };
        listed.modes.push(mode);
        byStart.set(start, listed);
      }
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start).slice(0, SLOTS_PER_SERVICE);
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1.0625rem;
  line-height: 1.55; color: #1b1b1b; background: #fff; }
a { color: #0b4f9c; text-underline-offset: 0.15em; }
a:hover { color: #07346a; }
:focus-visible { outline: 3px solid #b3560a; outline-offset: 2px; }
.skip { position: absolute; inset-inline-start: -999px; top: 0.5rem; background: #fff; padding: 0.5rem 1rem; }
.skip:focus { inset-inline-start: 0.5rem; }
header, main, footer { padding: 1rem max(1rem, calc((100% - 46rem) / 2)); }
header { background: #0f3d2e; color: #fff; }
header a { color: #fff; }
.brand { font-weight: 700; font-size: 1.25rem; margin: 0; }
.note { margin: 0.25rem 0 0; font-size: 0.9375rem; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0.75rem 0 0; padding: 0; }
h1 { font-size: 2rem; line-height: 1.2; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.1875rem; margin: 1.25rem 0 0.25rem; }
h4 { font-size: 1.0625rem; margin: 1rem 0 0.25rem; }
sportello-booking { display: block; margin-top: 1rem; --sportello-accent: #0f3d2e; --sportello-focus: #b3560a; }
.booking { border: 2px solid #0f3d2e; border-radius: 0.5rem; padding: 1rem; }
.slots { margin: 0.25rem 0 0; padding-inline-start: 1.25rem; }
.languages a[aria-current='true'] { font-weight: 700; text-decoration: none; }
.meta { color: #3d3d3d; margin: 0; }
footer { border-top: 1px solid #8a8a8a; margin-top: 2rem; font-size: 0.9375rem; }
`;

function serviceSection(
  service: ServiceRow,
  slots: ListedSlot[],
  desk: DeskRow,
  lang: Lang,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  // In the page's language; English where the admin wrote none (service-texts.ts).
  const texts = serviceTexts(service);
  const name = texts.names[lang];
  const description = texts.descriptions[lang];
  const modeList = (modes: ModeName[]) =>
    modes.map((m) => t(lang, m === 'in_person' ? 'demo.mode_in_person' : 'demo.mode_remote')).join(', ');
  return html`<section aria-labelledby="svc-${service.id}">
    <h4 id="svc-${service.id}">${name}</h4>
    <p class="meta">
      ${t(lang, 'demo.duration', { minutes: service.durationMinutes })} ·
      ${modeList([
        ...(service.allowsInPerson ? (['in_person'] as const) : []),
        ...(service.allowsRemote ? (['remote'] as const) : []),
      ])}
    </p>
    ${description ? html`<p>${description}</p>` : ''}
    ${
      slots.length
        ? html`<ul class="slots">
            ${slots.map((s) => html`<li><time datetime="${new Date(s.start).toISOString()}">${formatDateTime(s.start, desk.timeZone, lang)}</time> (${modeList(s.modes)})</li>`)}
          </ul>`
        : html`<p>${t(lang, 'demo.no_slots')}</p>`
    }
  </section>`;
}

/**
 * The page that stands in for the association's own website, with the booking widget embedded; inside the
 * element, a server-rendered list of the next free times shows real availability where the script cannot run.
 */
export async function renderDemoPage(app: App, db: Db, now: number, lang: Lang): Promise<string> {
  // SEED=none on a fresh database: the page says so instead of failing.
  const read = await readDeskWithServices(db);
  const desk: DeskRow | undefined = read.configured ? read.desk : undefined;
  const services: ServiceRow[] = read.configured ? read.services : [];
  // The page in every language the desk offers (the widget's `lang` follows it): each named in itself.
  const offered = desk ? LANGUAGES.filter((l) => desk.languages.split(',').includes(l)) : LANGUAGES;
  const languageLinks = offered.map(
    (l) =>
      html`<li>
        <a
          href="/?lang=${l}#prenota"
          lang="${l}"
          hreflang="${l}"
          dir="${textDirection(l)}"
          aria-current="${l === lang ? 'true' : 'false'}"
          >${LANGUAGE_ENDONYMS[l]}</a
        >
      </li>`,
  );
  let slotsHtml: HtmlEscapedString | Promise<HtmlEscapedString> | string = html`<p>
    ${t(lang, 'demo.not_configured')}
  </p>`;
  if (desk) {
    const today = zonedParts(now, desk.timeZone).date;
    const sections = [];
    for (const service of services)
      sections.push(serviceSection(service, await nextSlots(app, service, today, lang), desk, lang));
    slotsHtml = html`${sections}`;
  }

  const page = html`<!doctype html>
    <html lang="${lang}" dir="${textDirection(lang)}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sportello Lavoro – ${t(lang, 'demo.association')}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">${t(lang, 'demo.skip_link')}</a>
        <header>
          <p class="brand">${t(lang, 'demo.association')}</p>
          <p class="note">${t(lang, 'demo.site_note')}</p>
          <nav aria-label="${t(lang, 'demo.nav_label')}">
            <ul>
              <li><a href="/?lang=${lang}" aria-current="page">${t(lang, 'demo.nav_home')}</a></li>
              <li><a href="#prenota">${t(lang, 'demo.nav_booking')}</a></li>
              <li><a href="/admin/">${t(lang, 'demo.nav_staff')}</a></li>
            </ul>
            <ul class="languages">
              ${languageLinks}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">
          <h1>${desk?.name ?? 'Sportello Lavoro'}</h1>
          <p>${t(lang, 'demo.intro')}</p>
          ${desk ? html`<p>${t(lang, 'demo.where', { address: desk.address, city: desk.city })} ${desk.phone ? withTel(t(lang, 'demo.phone'), desk.phone) : ''}</p>` : ''}

          <section id="prenota" aria-labelledby="prenota-title">
            <h2 id="prenota-title">${t(lang, 'demo.book_heading')}</h2>
            <div class="booking">
              <p>${t(lang, 'demo.book_text')}</p>
              <!-- The association's whole integration: one element and one script. Until the script runs
                   (or if it cannot), the element shows its own content: the next free times, rendered here. -->
              <sportello-booking lang="${lang}">
                <section id="orari" aria-labelledby="orari-title">
                  <h3 id="orari-title">${t(lang, 'demo.next_slots')}</h3>
                  <p>${t(lang, 'demo.slots_intro')}</p>
                  ${slotsHtml} ${desk?.phone ? html`<p>${withTel(t(lang, 'demo.call_to_book'), desk.phone)}</p>` : ''}
                </section>
              </sportello-booking>
              <script type="module" src="/widget.js"></script>
            </div>
          </section>
        </main>
        <footer>
          <p>${t(lang, 'demo.association')} · ${desk ? `${desk.address}, ${desk.city}` : ''}</p>
          ${desk?.privacyUrl && /^https?:\/\//.test(desk.privacyUrl) ? html`<p><a href="${desk.privacyUrl}">${t(lang, 'demo.privacy')}</a></p>` : ''}
        </footer>
      </body>
    </html>`;
  return String(await page);
}
