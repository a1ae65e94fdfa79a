import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../worker/src/node/local-app';
import { headersFor, parseHeadersFile } from '../../worker/src/node/static-headers';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';
import { cspDirectives as directives } from '../fixtures/csp';

// Finding 12: the portal had no CSP, no nosniff and could be framed locally; on Cloudflare it had only
// X-Frame-Options and Referrer-Policy. public/_headers is the one source; the Node server reads it.

const HEADERS_FILE = fileURLToPath(new URL('../../public/_headers', import.meta.url));
const rules = parseHeadersFile(readFileSync(HEADERS_FILE, 'utf8'));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('public/_headers for the admin portal (Cloudflare)', () => {
  it.each(['/admin/', '/admin/index.html'])(
    'gives %s a strict CSP, nosniff, no framing and a referrer policy',
    (path) => {
      const h = headersFor(rules, path);
      const csp = directives(h.get('Content-Security-Policy'));
      expect(csp.get('default-src')).toBe("'none'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('style-src')).toBe("'self'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('base-uri')).toBe("'none'");
      expect(h.get('X-Content-Type-Options')).toBe('nosniff');
      expect(h.get('Referrer-Policy')).toBe('same-origin');
      expect(h.get('X-Frame-Options')).toBe('DENY');
    },
  );
});

describe('the Node server', () => {
  it('sends /admin/ the same headers as public/_headers, read from that file', async () => {
    const publicDir = mkdtempSync(join(tmpdir(), 'sportello-public-'));
    dirs.push(publicDir);
    copyFileSync(HEADERS_FILE, join(publicDir, '_headers'));
    mkdirSync(join(publicDir, 'admin'));
    writeFileSync(join(publicDir, 'admin', 'index.html'), '<!doctype html><title>portal</title>');
    const { db } = await createTestDb();
    const app = createLocalApp(testDeps(db), {
      crons: [],
      publicDir,
      runScheduled: () => Promise.reject(new Error('not in this test')),
    });

    const res = await app.request('http://127.0.0.1:8787/admin/');
    expect(res.status).toBe(200);
    const expected = headersFor(rules, '/admin/');
    expect(expected.get('Content-Security-Policy')).toBeDefined();
    for (const [name, value] of expected) expect(res.headers.get(name), name).toBe(value);

    // Worker-first paths are the API's, as on Cloudflare: static-file headers do not apply there.
    const api = await app.request('http://127.0.0.1:8787/api/health');
    expect(api.headers.get('Content-Security-Policy')).toBeNull();
  });
});

describe('reading a _headers file', () => {
  it('matches * and :name, joins a header two rules set, and drops one marked with !', () => {
    const parsed = parseHeadersFile(
      ['# comment', '/*', '  X-A: 1', '/docs/:page', '  X-A: 2', '  X-B: b', '/docs/secret', '  ! X-B', ''].join('\n'),
    );
    expect([...headersFor(parsed, '/x/y')]).toEqual([['X-A', '1']]);
    expect([...headersFor(parsed, '/docs/intro')]).toEqual([
      ['X-A', '1, 2'],
      ['X-B', 'b'],
    ]);
    expect([...headersFor(parsed, '/docs/secret')]).toEqual([['X-A', '1, 2']]);
    expect([...headersFor(parsed, '/docs/a/b')]).toEqual([['X-A', '1']]);
  });
});
