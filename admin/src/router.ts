/**
 * Hash routing (#/inbox, #/bookings/<id>, #/agenda?view=week&date=…): the server only ever serves
 * /admin/index.html, so no fallback route is needed on Cloudflare or locally.
 */
export type PageName =
  | 'login'
  | 'inbox'
  | 'agenda'
  | 'booking'
  | 'book'
  | 'volunteers'
  | 'volunteer'
  | 'services'
  | 'closures'
  | 'settings'
  | 'users'
  | 'people'
  | 'dashboard'
  | 'messages'
  | 'password';

export interface Route {
  page: PageName;
  /** Path segments after the page name (e.g. the booking id). */
  id: string;
  query: URLSearchParams;
}

const SIMPLE: Record<string, PageName> = {
  login: 'login',
  inbox: 'inbox',
  agenda: 'agenda',
  book: 'book',
  volunteers: 'volunteers',
  services: 'services',
  closures: 'closures',
  settings: 'settings',
  users: 'users',
  people: 'people',
  dashboard: 'dashboard',
  messages: 'messages',
  password: 'password',
};

/** Reads a route from a location hash; unknown paths give null. */
export function parseHash(hash: string): Route | null {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', qs = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(qs);
  const [first = '', second = ''] = parts;
  if (first === 'bookings' && second) return { page: 'booking', id: second, query };
  if (first === 'volunteers' && second) return { page: 'volunteer', id: second, query };
  const page = SIMPLE[first];
  return page && parts.length === 1 ? { page, id: '', query } : null;
}

/** '#/agenda?date=2026-10-12' from a path and query values (empty values left out). */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  const s = q.toString();
  return `#/${path}${s ? `?${s}` : ''}`;
}

/** Goes to a route (adds a history entry, as a link would). */
export function navigate(path: string, query?: Record<string, string | undefined>): void {
  location.hash = href(path, query);
}
