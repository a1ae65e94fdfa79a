import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS } from '../../worker/src/errors';
import { publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';

// Whatever arrives, the public API answers with a status below 500 and, for errors, our error body.
// One app and one database for all runs keep this fast; a fixed seed keeps failures reproducible.

const SEED = 20261012;

let w: PublicWorld;
beforeAll(async () => {
  // A generous IP limit so generated requests get past the limiter into the booking path.
  w = await publicWorld({ volunteers: 2, desk: { requestsPerIpPerHour: 1_000_000, maxOpenRequestsPerPhone: 1_000 } });
});

/** Asserts the answer's shape and returns its parsed body. */
async function expectWellFormed(res: Response, label: string): Promise<unknown> {
  expect(res.status, label).toBeLessThan(500);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${res.status}) for ${label}: ${text.slice(0, 200)}`);
  }
  if (res.status >= 400) {
    const error = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } }).error;
    expect(ERROR_CODES, label).toContain(error?.code);
    expect(res.status, label).toBe(ERROR_STATUS[error!.code as keyof typeof ERROR_STATUS]);
    expect(typeof error?.message, label).toBe('string');
    expect(error!.message as string, label).not.toBe('');
    if (error?.fields !== undefined) {
      for (const v of Object.values(error.fields as object)) expect(typeof v, label).toBe('string');
    }
  }
  return body;
}

/** encodeURIComponent throws on lone surrogates, which a browser would have replaced before sending. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

const weirdString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '🙂',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    "'; drop table bookings; --",
    '%00',
    '\ud800',
  ),
);
const weirdNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324),
);
const weirdDate = fc.oneof(
  fc.constantFrom(
    '2026-10-14',
    '2026-10-25',
    '2026-02-29',
    '0000-01-01',
    '9999-12-31',
    '2026-1-1',
    '2026-10-14T10:00:00Z',
    '+275760-09-13',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const weirdInstant = fc.oneof(
  fc.constantFrom(
    '2026-10-14T10:00:00+02:00',
    '2026-10-14T10:30:00+02:00',
    '2026-10-25T02:30:00+02:00',
    '2026-10-26T09:00:00+01:00',
    '9999-12-31T23:59:59+14:00',
    '0001-01-01T00:00:00-14:00',
    '2026-10-14T24:00:00Z',
    '2026-10-14T10:00:00.999+23:59',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  weirdString,
);
const anyJsonValue = fc.jsonValue({ maxDepth: 4 });
const anyValue = fc.oneof(
  anyJsonValue,
  weirdString,
  weirdNumber,
  fc.constant(null),
  fc.boolean(),
  fc.array(anyJsonValue, { maxLength: 5 }),
);

const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
  service: fc.oneof(fc.constant('SERVICE'), weirdString, anyValue),
  mode: fc.oneof(fc.constantFrom('in_person', 'remote', 'IN_PERSON', ''), anyValue),
  start: fc.oneof(weirdInstant, anyValue),
  name: fc.oneof(weirdString, fc.string({ minLength: 90, maxLength: 120 }), anyValue),
  phone: fc.oneof(
    fc.constantFrom(
      '347 123 4567',
      '+39 06 1234 5678',
      '+44 7911 123456',
      '+1 415 555 2671',
      '800 123456',
      '+999 1',
      '3'.repeat(300),
    ),
    fc.stringMatching(/^\+?[0-9 ()-]{0,25}$/),
    anyValue,
  ),
  email: fc.oneof(fc.emailAddress(), weirdString, anyValue),
  note: fc.oneof(weirdString, fc.string({ minLength: 480, maxLength: 520 }), anyValue),
  language: fc.oneof(fc.constantFrom('it', 'en', 'de', 'IT'), anyValue),
  consent: fc.oneof(fc.constant(true), anyValue),
  accessibilityNeeds: fc.oneof(weirdString, anyValue),
  accessibilityConsent: fc.oneof(fc.boolean(), anyValue),
  website: fc.oneof(fc.constant(''), fc.constant(undefined), weirdString),
  turnstileToken: fc.oneof(weirdString, anyValue),
};

/** Real slots of the world (Monday, Wednesday and Friday 09:00–12:00 in Rome), so many bodies can book. */
const validStarts: string[] = [];
for (let n = 2; n <= 49; n++) {
  const day = new Date(Date.UTC(2026, 9, 12 + n));
  if (![1, 3, 5].includes(day.getUTCDay())) continue;
  const date = day.toISOString().slice(0, 10);
  for (const hh of ['09', '10', '11'])
    validStarts.push(`${date}T${hh}:00:00${date < '2026-10-25' ? '+02:00' : '+01:00'}`);
}

/** A valid body with some fields replaced, removed, or joined by junk keys. */
const nearValidBody = fc
  .record({
    replace: fc.subarray(Object.keys(fieldValues), { maxLength: 4 }),
    remove: fc.subarray(Object.keys(fieldValues), { maxLength: 2 }),
    extra: fc.dictionary(weirdString, anyValue, { maxKeys: 3 }),
    phoneIndex: fc.integer({ min: 0, max: 9_999_999 }),
    start: fc.constantFrom(...validStarts),
  })
  .chain(({ replace, remove, extra, phoneIndex, start }) =>
    fc.tuple(...replace.map((k) => fieldValues[k]!)).map((values) => {
      const body: Record<string, unknown> = {
        ...extra,
        ...requestBody(w.serviceId, { start, phone: `+39347${String(phoneIndex).padStart(7, '0')}` }),
      };
      replace.forEach((k, i) => {
        const value = values[i] === 'SERVICE' ? w.serviceId : values[i];
        body[k] = value;
      });
      for (const k of remove) delete body[k];
      return JSON.stringify(body);
    }),
  );

const rawBody = fc.oneof(
  anyJsonValue.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '{"a":}',
    '[',
    'nul',
    '{"service":1e999999}',
    '\u0000',
    '{"__proto__":{"consent":true}}',
    '1'.repeat(500),
  ),
  fc.array(fc.constantFrom('{"a":', '['), { minLength: 100, maxLength: 3000 }).map((a) => a.join('')),
);

const headersArb = fc.record({
  contentType: fc.oneof(
    { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 9 },
    {
      arbitrary: fc.constantFrom('application/ld+json', 'text/plain', '', 'application/jsonx', 'multipart/form-data'),
      weight: 1,
    },
  ),
  ip: fc.oneof(fc.ipV4(), fc.ipV6(), weirdString),
  lang: fc.oneof(fc.constantFrom('it', 'en', 'en-GB,en;q=0.9', 'de', '*', 'en;q=abc', ''), weirdString),
});

function safeHeaders(entries: Record<string, string>): Record<string, string> {
  // Header values cannot carry control characters or non-Latin-1 text; such a request never reaches a Worker.
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v && /^[\x20-\x7e]*$/.test(v)) out[k] = v;
  return out;
}

describe('fuzzing the public API', () => {
  it('answers 1,000 generated request bodies without a 5xx and with a proper error body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: nearValidBody, weight: 3 }, { arbitrary: rawBody, weight: 1 }),
        headersArb,
        async (body, h) => {
          const res = await w.app.request('/api/public/requests', {
            method: 'POST',
            headers: safeHeaders({
              'Content-Type': h.contentType,
              'cf-connecting-ip': h.ip,
              'Accept-Language': h.lang,
            }),
            body,
          });
          await expectWellFormed(res, body.slice(0, 300));
        },
      ),
      { numRuns: 1000, seed: SEED },
    );
    // Some of them were real bookings, so the booking path itself was fuzzed too.
    const created = await w.client.execute('select count(*) as n from bookings');
    expect(Number(created.rows[0]?.n)).toBeGreaterThan(0);
  });

  const paramValue = fc.oneof(
    fc.constant('SERVICE'),
    fc.constantFrom('in_person', 'remote'),
    weirdDate,
    weirdString,
    weirdNumber.map(String),
  );
  const queryString = fc.oneof(
    fc
      .dictionary(fc.oneof(fc.constantFrom('service', 'mode', 'from', 'to', 'lang'), weirdString), paramValue, {
        maxKeys: 6,
      })
      .map((d) =>
        Object.entries(d)
          .map(([k, v]) => `${encode(k)}=${encode(v === 'SERVICE' ? w.serviceId : v)}`)
          .join('&'),
      ),
    // Raw, possibly broken, percent-encoding and separators.
    fc.stringMatching(/^[a-z=&%0-9A-F+;.-]{0,60}$/),
    fc.constantFrom(
      'service=%E0%A4%A&mode=%',
      'service[]=x&mode=in_person',
      '&&&==',
      'from=2026-10-01&from=2026-10-02',
    ),
  );

  it('answers 1,000 generated availability and desk queries without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, fc.boolean(), fc.constantFrom('it', 'en', 'fr'), async (qs, desk, lang) => {
        const path = desk ? `/api/public/desk?${qs}` : `/api/public/availability?${qs}`;
        const res = await w.app.request(path, { headers: { 'Accept-Language': lang } });
        await expectWellFormed(res, path);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('answers valid-looking availability queries over random ranges with well-formed days', async () => {
    const date = fc
      .integer({ min: -30, max: 120 })
      .map((n) => new Date(Date.UTC(2026, 9, 12 + n)).toISOString().slice(0, 10));
    await fc.assert(
      fc.asyncProperty(date, date, fc.constantFrom('in_person', 'remote'), async (from, to, mode) => {
        const res = await w.app.request(
          `/api/public/availability?service=${w.serviceId}&mode=${mode}&from=${from}&to=${to}`,
        );
        const parsed = await expectWellFormed(res, `${from}..${to}`);
        if (res.status === 200) {
          const body = parsed as { days: { date: string; slots: { start: string; end: string }[] }[] };
          for (const d of body.days) {
            expect(d.date >= from && d.date <= to).toBe(true);
            for (const s of d.slots) expect(s.start.slice(0, 10)).toBe(d.date);
          }
        }
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});
