import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../worker/src/db/seed';
import { chooseEncoding } from '../../worker/src/node/compress';
import { createLocalApp } from '../../worker/src/node/local-app';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';

// The local server compresses as Cloudflare does in production: a cold load of widget.js should not cost
// the whole uncompressed bundle.

const NOW = Date.parse('2026-10-05T08:00:00Z');
const BASE = 'http://127.0.0.1:8787';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let app: ReturnType<typeof createLocalApp>;
let widget: Buffer;

beforeAll(async () => {
  const publicDir = mkdtempSync(join(tmpdir(), 'sportello-compress-'));
  dirs.push(publicDir);
  // Real JavaScript-like text of a bundle's size: the widget's own sources, one after the other.
  const src = fileURLToPath(new URL('../../widget/src/', import.meta.url));
  widget = Buffer.concat(
    readdirSync(src)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(src, f))),
  );
  writeFileSync(join(publicDir, 'widget.js'), widget);
  // A PNG is compressed already: random bytes stand in for one.
  writeFileSync(join(publicDir, 'logo.png'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  const { db } = await createTestDb();
  await seedDemoData(db, NOW);
  app = createLocalApp(testDeps(db, { clock: fixedClock(NOW) }), {
    crons: [],
    publicDir,
    runScheduled: () => Promise.reject(new Error('not in this test')),
  });
});

async function get(path: string, acceptEncoding?: string, extra: Record<string, string> = {}) {
  const res = await app.request(`${BASE}${path}`, {
    headers: { ...(acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}), ...extra },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('the local server compresses text answers', () => {
  it('sends widget.js gzip-compressed when asked, with Vary, a real length and a weak ETag', async () => {
    expect(widget.byteLength).toBeGreaterThan(20_000);
    const { res, bytes } = await get('/widget.js', 'gzip, deflate');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Vary')).toMatch(/accept-encoding/i);
    expect(Number(res.headers.get('Content-Length'))).toBe(bytes.byteLength);
    expect(bytes.byteLength).toBeLessThan(widget.byteLength / 3);
    expect(gunzipSync(bytes).equals(widget)).toBe(true);
    expect(res.headers.get('ETag')).toMatch(/^W\/"/);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');

    // The weak validator still revalidates: an unchanged bundle is a 304 with no body.
    const again = await get('/widget.js', 'gzip', { 'If-None-Match': res.headers.get('ETag')! });
    expect(again.res.status).toBe(304);
    expect(again.bytes.byteLength).toBe(0);
  });

  it('prefers brotli when the browser accepts it, and honours q=0', async () => {
    const br = await get('/widget.js', 'gzip, deflate, br, zstd');
    expect(br.res.headers.get('Content-Encoding')).toBe('br');
    expect(brotliDecompressSync(br.bytes).equals(widget)).toBe(true);

    const noBr = await get('/widget.js', 'br;q=0, gzip');
    expect(noBr.res.headers.get('Content-Encoding')).toBe('gzip');
  });

  it('sends widget.js as it is without Accept-Encoding', async () => {
    const { res, bytes } = await get('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(res.headers.get('Vary')).toMatch(/accept-encoding/i);
    expect(bytes.equals(widget)).toBe(true);
    expect(res.headers.get('ETag')).toMatch(/^"/);
  });

  it('compresses the API and the demo page, and leaves them plain for a client without gzip', async () => {
    for (const path of ['/api/public/desk', '/']) {
      const plain = await get(path, 'identity');
      expect(plain.res.status, path).toBe(200);
      expect(plain.res.headers.get('Content-Encoding'), path).toBeNull();
      expect(plain.bytes.byteLength, path).toBeGreaterThan(1024);

      const zipped = await get(path, 'gzip');
      expect(zipped.res.headers.get('Content-Encoding'), path).toBe('gzip');
      expect(zipped.res.headers.get('Vary'), path).toMatch(/accept-encoding/i);
      expect(gunzipSync(zipped.bytes).toString('utf8'), path).toBe(plain.bytes.toString('utf8'));
    }
    const desk = JSON.parse(gunzipSync((await get('/api/public/desk', 'gzip')).bytes).toString('utf8')) as object;
    expect(desk).toHaveProperty('services');
  });

  it('does not compress tiny bodies or types that are compressed already', async () => {
    const health = await get('/api/health', 'gzip, br');
    expect(health.res.status).toBe(200);
    expect(health.bytes.byteLength).toBeLessThan(1024);
    expect(health.res.headers.get('Content-Encoding')).toBeNull();
    expect(JSON.parse(health.bytes.toString('utf8'))).toHaveProperty('ok');

    const png = await get('/logo.png', 'gzip, br');
    expect(png.res.status).toBe(200);
    expect(png.res.headers.get('Content-Encoding')).toBeNull();
    expect(png.bytes.byteLength).toBe(4096);
  });
});

describe('choosing an encoding', () => {
  it('follows the weights of Accept-Encoding', () => {
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*, br;q=0')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeUndefined();
  });
});
