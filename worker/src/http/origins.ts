/**
 * ALLOWED_ORIGINS: the websites whose pages may call the public API from a browser. An origin is scheme,
 * host and port; what people paste is often more (an address bar's trailing slash or path) or less (no
 * scheme). Entries are normalised the way browsers serialise the Origin header, so `https://WWW.Example.org/`
 * and `https://www.example.org:443` both match the header `https://www.example.org`.
 */

/** The value wrangler.toml ships with: a deployment that still has it refuses the association's website. */
export const EXAMPLE_ALLOWED_ORIGIN = 'https://www.example.org';

/** One entry of ALLOWED_ORIGINS that is not an origin, with what is wrong in a few words. */
export interface InvalidOrigin {
  entry: string;
  reason: string;
}

export interface AllowedOrigins {
  /** `*`: any origin may call the public API. */
  any: boolean;
  /** The normalised origins, each once. */
  origins: string[];
  /** Entries that are not origins; they are ignored. */
  invalid: InvalidOrigin[];
}

/**
 * The origin an entry stands for (`https://www.example.org`), or why it is not one. Path, query and trailing
 * slash are dropped, the host is lower-cased (and an international name written as the browser sends it),
 * and the scheme's default port is left out.
 */
export function normaliseOrigin(entry: string): { ok: true; origin: string } | { ok: false; reason: string } {
  const text = entry.trim();
  // The Origin of sandboxed frames and local files: allowing it would allow any such page anywhere.
  if (text.toLowerCase() === 'null') return { ok: false, reason: 'null is not a website' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, reason: `no scheme: write https://${text.replace(/^\/+/, '')}` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a web address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `the scheme must be https:// (or http:// for a local test), not ${url.protocol}//` };
  }
  if (url.username || url.password) return { ok: false, reason: 'an origin has no user name or password' };
  // The URL parser accepts "*" in a host name, but no browser sends one: each site is listed on its own.
  if (url.hostname.includes('*')) return { ok: false, reason: 'wildcards are not supported: list each website' };
  if (!url.hostname) return { ok: false, reason: 'no host name' };
  return { ok: true, origin: url.origin };
}

/** Parses ALLOWED_ORIGINS (comma-separated; `*` for any; unset means any, as for local use). */
export function parseAllowedOrigins(value: string | undefined): AllowedOrigins {
  const entries = (value ?? '*')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const origins = new Set<string>();
  const invalid: InvalidOrigin[] = [];
  let any = false;
  for (const entry of entries) {
    if (entry === '*') {
      any = true;
      continue;
    }
    const parsed = normaliseOrigin(entry);
    if (parsed.ok) origins.add(parsed.origin);
    else invalid.push({ entry, reason: parsed.reason });
  }
  return { any, origins: [...origins], invalid };
}

/** "ALLOWED_ORIGINS: "www.example.org" is not an origin (no scheme: write https://www.example.org)". */
export function describeInvalidOrigin(bad: InvalidOrigin): string {
  return `ALLOWED_ORIGINS: ${JSON.stringify(bad.entry)} is not an origin (${bad.reason})`;
}

/**
 * True when a request's Origin header names an allowed origin. Browsers send it already serialised; it is
 * normalised all the same, so a hand-made request with `https://WWW.example.org` is treated like the browser's.
 */
export function isOriginAllowed(allowed: Pick<AllowedOrigins, 'any' | 'origins'>, origin: string): boolean {
  if (allowed.any) return true;
  const parsed = normaliseOrigin(origin);
  return parsed.ok && allowed.origins.includes(parsed.origin);
}

/** The origin of an absolute URL (`https://host[:port]`), or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
