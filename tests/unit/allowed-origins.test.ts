import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeInvalidOrigin,
  isOriginAllowed,
  normaliseOrigin,
  parseAllowedOrigins,
} from '../../worker/src/http/origins';

/** An origin as a browser serialises it in the Origin header: lower-case host, no default port, no path. */
const browserOrigin = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    fc.domain(),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  )
  .map(([scheme, host, port]) => new URL(`${scheme}://${host}${port === undefined ? '' : `:${port}`}`).origin);

/** Ways people write that origin in ALLOWED_ORIGINS: address-bar copies, capitals, the default port. */
const writtenAs = (origin: string) =>
  fc
    .tuple(
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom('', '/', '/path/page.html', '/?q=1', '/#top', '//'),
      fc.constantFrom('', ' ', '\t'),
    )
    .map(([upperHost, explicitPort, tail, space]) => {
      const url = new URL(origin);
      const host = upperHost ? url.hostname.toUpperCase() : url.hostname;
      const defaultPort = url.protocol === 'https:' ? '443' : '80';
      const port = url.port || (explicitPort ? defaultPort : '');
      return `${space}${url.protocol}//${host}${port ? `:${port}` : ''}${tail}${space}`;
    });

describe('ALLOWED_ORIGINS', () => {
  it('matches the browser Origin header however the entry was written', () => {
    fc.assert(
      fc.property(
        browserOrigin.chain((o) => fc.tuple(fc.constant(o), writtenAs(o))),
        ([origin, entry]) => {
          const parsed = parseAllowedOrigins(entry);
          expect(parsed).toEqual({ any: false, origins: [origin], invalid: [] });
          expect(isOriginAllowed(parsed, origin)).toBe(true);
        },
      ),
    );
  });

  it('is idempotent and never allows another origin', () => {
    fc.assert(
      fc.property(browserOrigin, browserOrigin, (a, b) => {
        const once = normaliseOrigin(a);
        expect(once).toEqual({ ok: true, origin: a });
        expect(normaliseOrigin(once.ok ? once.origin : '')).toEqual(once);
        expect(isOriginAllowed(parseAllowedOrigins(a), b)).toBe(a === b);
      }),
    );
  });

  it('puts every entry of any text somewhere, and never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), (parts) => {
        const value = parts.join(',');
        const parsed = parseAllowedOrigins(value);
        const entries = parts
          .flatMap((p) => p.split(','))
          .map((s) => s.trim())
          .filter(Boolean);
        const accounted = parsed.invalid.length + entries.filter((e) => e === '*').length;
        expect(accounted + entries.filter((e) => normaliseOrigin(e).ok).length).toBe(entries.length);
        expect(parsed.any).toBe(entries.includes('*'));
      }),
    );
  });

  it.each([
    ['https://www.Example.org/', 'https://www.example.org'],
    ['https://www.example.org:443', 'https://www.example.org'],
    ['http://localhost:5173/demo/', 'http://localhost:5173'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['http://[::1]:80', 'http://[::1]'],
  ])('normalises %s to %s', (entry, origin) => {
    expect(normaliseOrigin(entry)).toEqual({ ok: true, origin });
  });

  it.each([
    ['www.example.org', 'no scheme: write https://www.example.org'],
    ['ftp://www.example.org', 'the scheme must be https:// (or http:// for a local test), not ftp://'],
    ['https://*.example.org', 'wildcards are not supported: list each website'],
    ['https://user:pw@example.org', 'an origin has no user name or password'],
    ['https://exa mple.org', 'not a web address'],
    ['null', 'null is not a website'],
  ])('refuses %s: %s', (entry, reason) => {
    expect(normaliseOrigin(entry)).toEqual({ ok: false, reason });
  });

  it('keeps the good entries, lists the bad ones by name, and treats unset as any', () => {
    const parsed = parseAllowedOrigins('https://a.example/, www.b.example , https://a.example:443,*');
    expect(parsed).toEqual({
      any: true,
      origins: ['https://a.example'],
      invalid: [{ entry: 'www.b.example', reason: 'no scheme: write https://www.b.example' }],
    });
    expect(describeInvalidOrigin(parsed.invalid[0]!)).toBe(
      'ALLOWED_ORIGINS: "www.b.example" is not an origin (no scheme: write https://www.b.example)',
    );
    expect(parseAllowedOrigins(undefined)).toEqual({ any: true, origins: [], invalid: [] });
    expect(parseAllowedOrigins('')).toEqual({ any: false, origins: [], invalid: [] });
  });
});
