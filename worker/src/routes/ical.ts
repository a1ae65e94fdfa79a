import { Hono, type Context } from 'hono';
import type { CalendarDesk } from '../db/repo/ical';
import { findFeedByTokenHash, listFeedBookings } from '../db/repo/ical';
import { feedWindow, renderFeed, type FeedContext } from '../domain/ical';
import { icalTokenHash } from '../domain/ical-token';
import type { AppEnv } from '../env';
import { explicitLang, isLang, t, type Lang } from '../i18n';
import { sha256Hex } from '../lib/ids';
import { calendarHeaders, deskPlace, deskTimeZone, etagMatches } from '../http/calendar';

/*
 * GET /ical/<token>.ics: a volunteer's feed or the desk-wide one. The token in the URL is the only
 * credential (a bearer URL that calendar servers fetch and store), so the answer carries no cookies and
 * is marked private; a rotated or unknown token gets a plain 404.
 */

// Feed tokens are base64url HMACs (43 characters); anything else is refused before any hashing or query.
const TOKEN_FILE_RE = /^([A-Za-z0-9_-]{16,128})\.ics$/;
// Bump when the rendering changes, so clients holding an old ETag get the new body.
const ETAG_VERSION = 1;

/** The desk's first language: a feed is fetched by calendar servers, whose Accept-Language says nothing. */
function deskLang(desk: CalendarDesk | null): Lang {
  const first = desk?.languages.split(',')[0]?.trim().toLowerCase();
  return isLang(first) ? first : 'it';
}

function notFound(c: Context<AppEnv>, lang: Lang) {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('Content-Type', 'text/plain; charset=utf-8');
  return c.body(t(lang, 'ical.not_found'), 404);
}

/** The iCal subscription feeds. */
export const icalRoutes = new Hono<AppEnv>().get('/:file', async (c) => {
  const { deps } = c.var;
  const explicit = explicitLang(c.req.query('lang'));
  const token = TOKEN_FILE_RE.exec(c.req.param('file'))?.[1];
  if (!token) return notFound(c, explicit ?? 'it');
  const found = await findFeedByTokenHash(deps.db, await icalTokenHash(token));
  if (!found) return notFound(c, explicit ?? deskLang(null));
  const { owner, desk } = found;
  const isDesk = owner.kind === 'desk';
  const now = deps.clock.now();
  const includePhone = isDesk && (desk?.icalIncludePhone ?? false);
  const rows = await listFeedBookings(deps.db, {
    ...feedWindow(now),
    volunteerId: owner.kind === 'volunteer' ? owner.volunteerId : null,
    withPhone: includePhone,
    videoRoomBase: desk?.videoRoomBase ?? '',
  });
  const ctx: FeedContext = {
    lang: explicit ?? deskLang(desk),
    place: deskPlace(desk),
    showVolunteer: isDesk,
    includePhone,
  };
  const feed = {
    deskName: desk?.name ?? '',
    // The feed's ORGANIZER (so its METHOD:PUBLISH is valid): the desk's e-mail, or else this deployment's address.
    deskEmail: desk?.email ?? '',
    deskUrl: deps.config.publicBaseUrl,
    volunteerName: owner.kind === 'volunteer' ? owner.volunteerName : null,
    timeZone: deskTimeZone(desk),
  };
  // From the data, before rendering: an unchanged feed costs one query and a hash, not a render.
  // Weak, because DTSTAMP (the generation time) differs between two renders of the same data.
  const etag = `W/"${(await sha256Hex(JSON.stringify([ETAG_VERSION, feed, ctx, rows]))).slice(0, 32)}"`;
  calendarHeaders(c, `inline; filename="${isDesk ? 'sportello-desk' : 'sportello'}.ics"`, 'private, max-age=300');
  c.header('ETag', etag);
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  return c.body(renderFeed(feed, rows, ctx, now), 200);
});
