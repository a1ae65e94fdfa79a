/**
 * Hash routing (#/inbox, #/bookings/<id>, #/agenda?view=week&date=…): the server only ever serves
 * /admin/index.html, so no fallback route is needed on Cloudflare or locally. The paths are the
 * page registry's.
 */
import { PAGES, type PageName } from './page-registry';

export { href } from './links';
export type { PageName } from './page-registry';

export interface Route {
  page: PageName;
  /** The `:id` segment of the path (the booking or volunteer id), else ''. */
  id: string;
  query: URLSearchParams;
}

/** Reads a route from a location hash; unknown paths give null. */
export function parseHash(hash: string): Route | null {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', qs = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const page of PAGES) {
    const pattern = page.path.split('/');
    if (pattern.length !== parts.length) continue;
    let id = '';
    const matches = pattern.every((seg, i) => {
      if (seg !== ':id') return seg === parts[i];
      id = parts[i] ?? '';
      return true;
    });
    if (matches) return { page: page.name, id, query: new URLSearchParams(qs) };
  }
  return null;
}
