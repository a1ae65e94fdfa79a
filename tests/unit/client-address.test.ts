import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../worker/src/deps';
import {
  clientAddress,
  formatIp,
  inNetwork,
  parseIp,
  parseNetwork,
  parseTrustProxy,
  rateLimitKey,
} from '../../worker/src/http/client-address';

// Finding 9: on Node the client address came only from headers the client sets, and clients sending
// none shared one key ("unknown"). Finding 2: each IPv6 address counted on its own.

const v6bytes = fc.uint8Array({ minLength: 16, maxLength: 16 });
const isMapped = (b: Uint8Array) => b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** The eight groups written out in full, each with random case and leading zeros. */
const longForm = v6bytes.chain((b) =>
  fc.tuple(...Array.from({ length: 8 }, () => fc.tuple(fc.boolean(), fc.boolean()))).map((styles) => ({
    bytes: b,
    text: styles
      .map(([pad, upper], i) => {
        const hex = ((b[i * 2]! << 8) | b[i * 2 + 1]!).toString(16);
        const padded = pad ? hex.padStart(4, '0') : hex;
        return upper ? padded.toUpperCase() : padded;
      })
      .join(':'),
  })),
);

const bits = (b: Uint8Array) => [...b].map((x) => x.toString(2).padStart(8, '0')).join('');

describe('parsing and formatting addresses', () => {
  it('reads back every IPv6 address it writes, in canonical and in long form', () => {
    fc.assert(
      fc.property(v6bytes, (b) => {
        fc.pre(!isMapped(b));
        expect(parseIp(formatIp(b))).toEqual(b);
      }),
    );
    fc.assert(
      fc.property(longForm, ({ bytes, text }) => {
        fc.pre(!isMapped(bytes));
        expect(parseIp(text)).toEqual(bytes);
        expect(formatIp(parseIp(text)!)).toBe(formatIp(bytes));
      }),
    );
  });

  it('reads IPv4, IPv4-mapped IPv6 as IPv4, zones, brackets and ports', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
        expect(parseIp(b.join('.'))).toEqual(b);
        expect(parseIp(`::ffff:${b.join('.')}`)).toEqual(b);
      }),
    );
    expect(formatIp(parseIp('::ffff:127.0.0.1')!)).toBe('127.0.0.1');
    expect(formatIp(parseIp('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIp(parseIp('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(parseIp('fe80::1%eth0')!)).toBe('fe80::1');
    expect(formatIp(parseIp('[2001:db8::7]:443')!)).toBe('2001:db8::7');
    expect(formatIp(parseIp('203.0.113.5:8080')!)).toBe('203.0.113.5');
    expect(formatIp(parseIp('::')!)).toBe('::');
  });

  it('refuses what is not an address', () => {
    expect(parseIp('')).toBeUndefined();
    const notAddresses = 'unknown 1.2.3 1.2.3.256 01.2.3.4 1:2:3:4:5:6:7:8:9 1::2::3 :1 12345:: g::1 1.2.3.4/8';
    for (const bad of notAddresses.split(' ')) expect(parseIp(bad), bad).toBeUndefined();
  });
});

describe('networks', () => {
  it('an address lies in a network exactly when their first `prefix` bits agree', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(fc.constant(4), fc.constant(16))
          .chain((n) =>
            fc.tuple(
              fc.uint8Array({ minLength: n, maxLength: n }),
              fc.uint8Array({ minLength: n, maxLength: n }),
              fc.integer({ min: 0, max: n * 8 }),
            ),
          ),
        ([address, network, prefix]) => {
          const agree = bits(address).slice(0, prefix) === bits(network).slice(0, prefix);
          expect(inNetwork(address, { bytes: network, prefix })).toBe(agree);
          expect(inNetwork(network, { bytes: network, prefix })).toBe(true);
        },
      ),
    );
    expect(inNetwork(parseIp('10.1.2.3')!, parseNetwork('::/0')!)).toBe(false);
  });

  it('reads TRUST_PROXY: addresses, CIDRs and the word loopback; a typo stops the server', () => {
    const trusted = parseTrustProxy(' loopback, 10.0.0.0/8 ,2001:db8::/32, 192.0.2.7 ');
    const trusts = (a: string) => trusted.some((n) => inNetwork(parseIp(a)!, n));
    for (const yes of [
      '127.0.0.1',
      '127.255.0.9',
      '::1',
      '::ffff:127.0.0.1',
      '10.200.0.1',
      '2001:db8:ffff::1',
      '192.0.2.7',
    ]) {
      expect(trusts(yes), yes).toBe(true);
    }
    for (const no of ['128.0.0.1', '::2', '11.0.0.1', '2001:db9::1', '192.0.2.8']) expect(trusts(no), no).toBe(false);
    expect(parseTrustProxy(undefined)).toEqual([]);
    expect(parseTrustProxy('')).toEqual([]);
    for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0.0/8,nope', '::/129']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
    }
    expect(configFromEnv({ TRUST_PROXY: 'loopback' }, 'local').trustProxy).toHaveLength(2);
    expect(configFromEnv({}, 'local').trustProxy).toEqual([]);
  });
});

describe('rateLimitKey', () => {
  it('keys IPv6 by its /64 and IPv4 by the address', () => {
    fc.assert(
      fc.property(v6bytes, v6bytes, (a, b) => {
        fc.pre(!isMapped(a) && !isMapped(b));
        const sameNetwork = bits(a).slice(0, 64) === bits(b).slice(0, 64);
        expect(rateLimitKey(formatIp(a)) === rateLimitKey(formatIp(b))).toBe(sameNetwork);
      }),
    );
    expect(rateLimitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitKey('x'.repeat(500))).toHaveLength(64);
  });
});

describe('clientAddress', () => {
  /** A one-route app that answers with the address it sees; `peer` stands for the Node socket's address. */
  function whoAmI(runtime: 'worker' | 'local' | 'test', trustProxy?: string) {
    const config = { runtime, trustProxy: parseTrustProxy(trustProxy) };
    const app = new Hono().get('/', (c) => c.text(clientAddress(c, config)));
    return async (headers: Record<string, string>, peer?: string) => {
      const env = peer === undefined ? undefined : { incoming: { socket: { remoteAddress: peer } } };
      return (await app.request('/', { headers }, env)).text();
    };
  }
  const forged = { 'X-Forwarded-For': '198.51.100.1', 'CF-Connecting-IP': '198.51.100.2' };

  it('on Node, is the socket address whatever headers the client sends, unless the peer is a trusted proxy', async () => {
    const ask = whoAmI('local');
    expect(await ask(forged, '203.0.113.9')).toBe('203.0.113.9');
    expect(await ask(forged, '::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(await ask({}, '2001:db8::5')).toBe('2001:db8::5');
    // A Node server with no socket in env is miswired: never fall back to a forgeable header.
    expect(await ask(forged)).toBe('unknown');
  });

  it('behind a trusted proxy, is the last address in X-Forwarded-For that is not a proxy', async () => {
    const ask = whoAmI('local', 'loopback, 10.0.0.0/8');
    const xff = (v: string) => ({ 'X-Forwarded-For': v });
    expect(await ask(xff('198.51.100.1, 203.0.113.9'), '127.0.0.1')).toBe('203.0.113.9');
    expect(await ask(xff('198.51.100.1, 203.0.113.9, 10.0.0.2'), '127.0.0.1')).toBe('203.0.113.9');
    expect(await ask(xff('2001:db8::1, 10.0.0.2, 10.0.0.3'), '::1')).toBe('2001:db8::1');
    // A peer that is not a proxy gets no say, whatever it writes.
    expect(await ask(xff('203.0.113.9'), '198.51.100.7')).toBe('198.51.100.7');
    // Nothing forwarded, or only proxies: the nearest address known.
    expect(await ask({}, '127.0.0.1')).toBe('127.0.0.1');
    expect(await ask(xff('10.0.0.5'), '127.0.0.1')).toBe('10.0.0.5');
    // Garbage stops the walk at the last proxy rather than becoming a key the client chose.
    expect(await ask(xff('203.0.113.9, garbage'), '127.0.0.1')).toBe('127.0.0.1');
  });

  it('on Workers, is CF-Connecting-IP and ignores X-Forwarded-For', async () => {
    const ask = whoAmI('worker');
    expect(await ask(forged)).toBe('198.51.100.2');
    expect(await ask({ 'CF-Connecting-IP': '2001:DB8:0::1' })).toBe('2001:db8::1');
    expect(await ask({ 'X-Forwarded-For': '198.51.100.1' })).toBe('unknown');
  });
});
