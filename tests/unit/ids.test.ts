import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64url, cryptoIds, REFERENCE_ALPHABET, REFERENCE_LENGTH, sha256Hex } from '../../worker/src/lib/ids';

describe('encodings of ids and keys', () => {
  it('writes base64url without padding, as RFC 4648 §5 does, for any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        expect(base64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes any text to the SHA-256 hex of its UTF-8 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (s) => {
        expect(await sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('makes ids of 96 bits, tokens of at least 128 bits and readable references', () => {
    const ids = cryptoIds();
    expect(ids.id()).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(ids.token()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids.token(8)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids.token(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ref = ids.reference();
    expect(ref).toHaveLength(REFERENCE_LENGTH);
    for (const ch of ref) expect(REFERENCE_ALPHABET).toContain(ch);
    expect(new Set(Array.from({ length: 200 }, () => ids.token())).size).toBe(200);
  });
});
