/**
 * The public availability's validators and cache: an answer is named by the query, the desk-wide
 * availability version it was computed from (drizzle/0013_availability_version.sql) and the span of time
 * it stays true (domain/answer-validity.ts). A repeat inside that span, with the version unchanged, is the
 * same answer: a 304 for a client that holds it, the stored copy for one that does not.
 */

/** The normalised query an answer is for (validated values only, so equal queries give equal keys). */
export interface AnswerQuery {
  service: string;
  mode: string;
  from?: string;
  to?: string;
  long?: boolean;
}

/** A computed answer with what decides whether it may still be served. */
export interface StoredAnswer {
  /** The JSON as computed; a cache may hand it back already encoded (UTF-8), as it will be sent. */
  body: string | Uint8Array<ArrayBuffer>;
  etag: string;
  version: number;
  /** The instant the answer was computed for, and the first at which it could differ (exclusive). */
  computedAt: number;
  validUntil: number;
}

/**
 * Where computed answers are kept between requests: the Cache API on Workers (shared by the isolates of a
 * data centre), a small map in the Node process. Both are only an optimisation: an answer is served again
 * only when the version read from the database matches it and its time has not run out.
 */
export interface AnswerCache {
  get(key: string): Promise<StoredAnswer | undefined>;
  /** Keeps `answer`; the promise (if any) is waited on after the response (deps.defer). */
  put(key: string, answer: StoredAnswer, now: number): Promise<void> | void;
}

/** The key of an answer: the query's values in a fixed order. */
export function answerKey(q: AnswerQuery): string {
  const p = new URLSearchParams({ service: q.service, mode: q.mode, from: q.from ?? '', to: q.to ?? '' });
  // Only a longer appointment's answer names it, so the keys of every other answer stay as they were.
  if (q.long) p.set('long', '1');
  return p.toString();
}

const TAG_PREFIX = 'av1';

/** A strong ETag naming the answer: its version, the span it is true for, and the query (hashed). */
export function answerTag(key: string, version: number, computedAt: number, validUntil: number): string {
  return `"${TAG_PREFIX}.${version}.${computedAt.toString(36)}.${validUntil.toString(36)}.${hashKey(key)}"`;
}

/** What an If-None-Match entry says, when it is one of ours. */
export interface HeldTag {
  raw: string;
  version: number;
  computedAt: number;
  validUntil: number;
  keyHash: string;
}

const TAG = /^(?:W\/)?"av1\.(\d{1,15})\.([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([0-9a-z]{1,8})"$/;

/** The entries of an If-None-Match header that are our tags for `key` and still inside their span at `now`. */
export function heldTags(header: string | undefined, key: string, now: number): HeldTag[] {
  if (!header) return [];
  const wanted = hashKey(key);
  const held: HeldTag[] = [];
  // A client sends one tag; a few more are read, a header listing hundreds is not walked.
  for (const entry of header.split(',', 8)) {
    const m = TAG.exec(entry.trim());
    if (!m || m[4] !== wanted) continue;
    const tag = {
      raw: entry.trim().replace(/^W\//, ''),
      version: Number(m[1]),
      computedAt: parseInt(m[2]!, 36),
      validUntil: parseInt(m[3]!, 36),
      keyHash: m[4],
    };
    if (tag.computedAt <= now && now < tag.validUntil) held.push(tag);
  }
  return held;
}

/** True when a stored answer may be served at `now` for `version`. */
export function isServable(answer: StoredAnswer, version: number, now: number): boolean {
  return answer.version === version && answer.computedAt <= now && now < answer.validUntil;
}

/** FNV-1a (32 bits) in base 36: tells queries apart in a tag; not a secret and not a guard. */
function hashKey(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** At most this many raw query strings remembered with their key (a few hundred bytes each). */
export const KNOWN_QUERIES = 1024;

const knownQueries = new Map<string, string>();

/**
 * Remembers that a query string, exactly as sent, passed every check of the availability route and names
 * the answer `key`. Validation is a pure function of the query string (the language changes only the
 * words of a refusal), so this is a memo of it, shared by every app in the process: a repeat of the same
 * string can look for a kept answer without parsing it again. Oldest first out.
 */
export function rememberQuery(query: string, key: string): void {
  if (query.length > MAX_REMEMBERED_QUERY) return;
  knownQueries.delete(query);
  knownQueries.set(query, key);
  if (knownQueries.size > KNOWN_QUERIES) knownQueries.delete(knownQueries.keys().next().value!);
}

/** The key a query string was found to name, if it passed the checks before. */
export function knownQuery(query: string): string | undefined {
  return knownQueries.get(query);
}

/** Longer query strings are not remembered (the widget's are under 120 characters). */
const MAX_REMEMBERED_QUERY = 300;

/** At most this many answers in the Node process (a few KB each): services × modes × the windows asked. */
export const MEMORY_ANSWERS = 256;

/**
 * The Node runtime's cache: one process serves every request, so a map shared by them is what the Cache
 * API is to a data centre. Oldest first out; no entry outlives its span.
 */
export function memoryAnswers(limit = MEMORY_ANSWERS): AnswerCache {
  const entries = new Map<string, StoredAnswer>();
  const encoder = new TextEncoder();
  return {
    get: (key) => Promise.resolve(entries.get(key)),
    put(key, answer) {
      entries.delete(key);
      // Kept encoded: each repeat then writes the bytes, not the string again.
      entries.set(key, typeof answer.body === 'string' ? { ...answer, body: encoder.encode(answer.body) } : answer);
      while (entries.size > limit) entries.delete(entries.keys().next().value!);
    },
  };
}

/** The longest a stored copy is kept by the Cache API: a day (an answer's span ends by the next midnight anyway). */
const MAX_CACHE_SECONDS = 86_400;

/**
 * The Worker's cache: the Cache API (caches.default), keyed by a URL under the deployment's own origin that
 * no route answers. The answer's version and span ride in a header of the stored response.
 */
export function cacheApiAnswers(cache: Cache, origin: string): AnswerCache {
  const url = (key: string) => `${origin}/__answers/availability?${key}`;
  return {
    async get(key) {
      const res = await cache.match(url(key));
      if (!res) return undefined;
      const meta = readMeta(res.headers.get(META_HEADER));
      if (!meta) return undefined;
      return { ...meta, body: new Uint8Array(await res.arrayBuffer()) };
    },
    put(key, answer, now) {
      const seconds = Math.min(MAX_CACHE_SECONDS, Math.max(1, Math.ceil((answer.validUntil - now) / 1000)));
      const { body, ...meta } = answer;
      const stored = new Response(body, {
        headers: {
          'Content-Type': 'application/json',
          'Cache-Control': `max-age=${seconds}`,
          [META_HEADER]: JSON.stringify(meta),
        },
      });
      return cache.put(url(key), stored);
    },
  };
}

const META_HEADER = 'X-Sportello-Answer';

function readMeta(header: string | null): Omit<StoredAnswer, 'body'> | undefined {
  if (!header) return undefined;
  try {
    const m = JSON.parse(header) as Partial<StoredAnswer>;
    const numbers = [m.version, m.computedAt, m.validUntil];
    if (typeof m.etag !== 'string' || !numbers.every((n) => typeof n === 'number')) return undefined;
    return { etag: m.etag, version: m.version!, computedAt: m.computedAt!, validUntil: m.validUntil! };
  } catch {
    return undefined;
  }
}
