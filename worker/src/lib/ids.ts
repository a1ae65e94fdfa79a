/** Random identifiers and secrets, all from crypto.getRandomValues. */
export interface Ids {
  /** Primary key for a new row. */
  id(): string;
  /** A secret token with `bytes` of entropy (default 16 = 128 bits), base64url. */
  token(bytes?: number): string;
  /** Short booking reference a person can read over the phone: 6 characters, no 0/O/1/I. */
  reference(): string;
}

/** Alphabet without look-alikes (0/O, 1/I); 32 symbols so a random byte maps without bias. */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 6;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding (RFC 4648 §5), three bytes to four characters. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]! + BASE64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest > 1 ? bytes[i + 1]! << 8 : 0);
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]!;
    if (rest > 1) out += BASE64URL[(n >> 6) & 63]!;
  }
  return out;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  crypto.getRandomValues(out);
  return out;
}

const ROOM_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A video room name: 128 bits from crypto.getRandomValues in lower-case base32 (26 characters). Lower case
 * because some video servers fold room names to it, which would cost a mixed-case name entropy.
 */
export function newRoomName(): string {
  const bytes = randomBytes(16);
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ROOM_ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return bits > 0 ? out + ROOM_ALPHABET[(acc << (5 - bits)) & 31] : out;
}

/** The production id generator. */
export function cryptoIds(): Ids {
  return {
    id: () => base64url(randomBytes(12)),
    token: (bytes = 16) => base64url(randomBytes(Math.max(16, bytes))),
    reference: () => {
      const bytes = randomBytes(REFERENCE_LENGTH);
      let s = '';
      for (const b of bytes) s += REFERENCE_ALPHABET[b & 31];
      return s;
    },
  };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** SHA-256 of a string, hex. Used to store tokens and IP keys without keeping the secret itself. */
export async function sha256Hex(input: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += HEX[b]!;
  return hex;
}
