import type { Context } from 'hono';
import type { AppEnv } from '../env';

/**
 * Response headers of the server-rendered pages people open from an SMS (/m/<code>, /prenota): no caching,
 * no referrer, not indexed, and a Content-Security-Policy that allows the page's one inline stylesheet by
 * its hash and nothing else unless the page asks for it (the booking page runs the widget).
 */

const hashes = new Map<string, Promise<string>>();

/** CSP source of an inline stylesheet's text ('sha256-…'), computed once per text. */
export function styleHash(css: string): Promise<string> {
  let hash = hashes.get(css);
  if (!hash) {
    hash = crypto.subtle.digest('SHA-256', new TextEncoder().encode(css)).then((d) => {
      let bin = '';
      for (const b of new Uint8Array(d)) bin += String.fromCharCode(b);
      return `'sha256-${btoa(bin)}'`;
    });
    hashes.set(css, hash);
  }
  return hash;
}

/** What a page may load beyond its inline stylesheet: sources per CSP directive (e.g. script-src 'self'). */
export type PageSources = Partial<Record<'script-src' | 'connect-src' | 'frame-src' | 'img-src', string[]>>;

/** Sets the page headers on `c`; `css` is the page's inline stylesheet. */
export async function pageHeaders(c: Context<AppEnv>, css: string, sources: PageSources = {}): Promise<void> {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
  c.header('X-Content-Type-Options', 'nosniff');
  const extra = Object.entries(sources)
    .filter(([, list]) => list.length > 0)
    .map(([name, list]) => `; ${name} ${list.join(' ')}`)
    .join('');
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src ${await styleHash(css)}${extra}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
}
