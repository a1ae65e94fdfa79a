/**
 * Response compression for the local server, as Cloudflare compresses the Worker's and the assets' answers
 * in production: brotli or gzip, as the client's Accept-Encoding prefers, for text types only.
 *
 * Hono's own `compress` middleware offers gzip and deflate but no brotli, and it compresses bodies of any
 * size when the length is unknown (every `c.json`); this one buffers the body (the local server answers
 * small pages, JSON and bundles, never streams), skips what is under `threshold` bytes, sets
 * Content-Length and `Vary: Accept-Encoding`, and keeps the compressed bytes of responses with a strong ETag
 * (widget.js) so a rebuild-free reload costs no CPU.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Types worth compressing; images, fonts and archives are compressed already. */
const COMPRESSIBLE =
  /^\s*(?:text\/|application\/(?:json|javascript|ecmascript|xml|manifest\+json|ld\+json|problem\+json|xhtml\+xml|rss\+xml|atom\+xml)|image\/svg\+xml)/i;

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header: brotli first, then gzip; `q=0` refuses one. */
export function chooseEncoding(accept: string | undefined | null): Encoding | undefined {
  if (!accept) return undefined;
  const q = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = weight ? Number(weight.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weightOf = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

export interface CompressOptions {
  /** Bodies shorter than this many bytes go out as they are: the headers would cost more than is saved. */
  threshold?: number;
}

/** Bounded cache of compressed bodies by strong ETag and encoding. */
const cache = new Map<string, Uint8Array<ArrayBuffer>>();
const CACHE_ENTRIES = 32;

async function encode(body: Uint8Array, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  // Brotli's quality 5 compresses better than gzip -6 at a similar cost; 11 would take ~100 ms on a bundle.
  const out =
    encoding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 5,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
          },
        })
      : await gzipAsync(body, { level: 6 });
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
}

/** Hono middleware compressing text responses for clients that accept brotli or gzip. */
export function compressResponses(options: CompressOptions = {}): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    if (
      c.req.method === 'HEAD' ||
      !res.body ||
      res.status === 204 ||
      res.status === 206 ||
      res.status === 304 ||
      !type ||
      !COMPRESSIBLE.test(type) ||
      res.headers.has('Content-Encoding') ||
      NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    const length = Number(res.headers.get('Content-Length') ?? NaN);
    if (Number.isFinite(length) && length < threshold) return;

    // The answer depends on Accept-Encoding from here on, for caches between us and the browser.
    const vary = res.headers.get('Vary');
    const varies = vary === '*' || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? '');
    const changed: [string, string][] = varies ? [] : [['Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding']];

    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    const body = new Uint8Array(await res.arrayBuffer());
    let out: Uint8Array<ArrayBuffer> = body;
    if (encoding && body.byteLength >= threshold) {
      const etag = res.headers.get('ETag');
      const key = etag && !etag.startsWith('W/') ? `${etag}:${encoding}` : undefined;
      let packed = key ? cache.get(key) : undefined;
      if (!packed) {
        packed = await encode(body, encoding);
        if (key) {
          if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
          cache.set(key, packed);
        }
      }
      out = packed;
      changed.push(['Content-Encoding', encoding]);
      // The bytes differ from the identity representation's: a strong validator becomes weak (as Cloudflare does).
      if (etag && !etag.startsWith('W/')) changed.push(['ETag', `W/${etag}`]);
    }
    changed.push(['Content-Length', String(out.byteLength)]);
    // Hono copies the previous response's headers onto the new one, so the changed ones are set afterwards.
    c.res = new Response(out, { status: res.status, statusText: res.statusText, headers: res.headers });
    for (const [name, value] of changed) c.res.headers.set(name, value);
  };
}
