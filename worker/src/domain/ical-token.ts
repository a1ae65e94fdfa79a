/**
 * iCal feed tokens. A token is derived, never stored: HMAC-SHA256 of the deployment secret over the feed's
 * identity and its feed key, a random number stored with the feed (volunteers.ical_token_rotated_at,
 * desk_settings.ical_desk_token_rotated_at: the columns once held the issue instant, hence the name). So a
 * token needs both the secret and the database: knowing HASH_SECRET alone no longer lets anyone compute a
 * feed URL, and a database copy alone does not either. Rotating draws a new key, so the old URL stops
 * matching. Only the token's SHA-256 goes to the database, where the feed looks it up.
 * Pure: the secret, the keys and the random bytes come in as arguments.
 */
import { base64url, sha256Hex } from '../lib/ids';

/** Derives the feed tokens of one deployment; the HMAC key is imported once per deriver. */
export interface IcalTokenDeriver {
  /** A volunteer's personal feed token for the feed key `key` (ical_token_rotated_at). */
  volunteer(volunteerId: string, key: number): Promise<string>;
  /** The desk-wide feed token for reception, for the feed key `key` (ical_desk_token_rotated_at). */
  desk(key: number): Promise<string>;
}

/** Builds a deriver for `secret` (config.hashSecret). */
export async function icalTokenDeriver(secret: string): Promise<IcalTokenDeriver> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  // The full 32-byte MAC: 256 bits, far above the 128 a guessable feed URL must resist.
  const mac = async (message: string) =>
    base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message))));
  return {
    volunteer: (volunteerId, key) => mac(`ical:${volunteerId}:${key}`),
    // A prefix no volunteer message can produce, so the desk token never equals a volunteer's.
    desk: (key) => mac(`ical-desk:${key}`),
  };
}

/** What volunteers.ical_token_hash / desk_settings.ical_desk_token_hash store for a token. */
export function icalTokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}

/** The feed URLs of a token: https for copying, webcal:// for one-tap subscription on phones. */
export function icalFeedUrls(publicBaseUrl: string, token: string): { icalUrl: string; webcalUrl: string } {
  const icalUrl = `${publicBaseUrl.replace(/\/+$/, '')}/ical/${token}.ics`;
  return { icalUrl, webcalUrl: icalUrl.replace(/^https?:\/\//i, 'webcal://') };
}

/** Random bytes a feed key is made from (53 bits are used: all a JavaScript number holds exactly). */
export const FEED_KEY_BYTES = 7;

/**
 * A new feed key from `bytes` (FEED_KEY_BYTES random bytes): a negative integer of 53 random bits. Negative
 * so it can never be mistaken for the issue instants (positive epoch milliseconds) the same columns held
 * before: those tokens depended on the secret and a guessable millisecond, and are replaced on sight.
 * 53 bits cannot be searched online through /ical/, and offline checking needs the stored hash.
 */
export function feedKeyFrom(bytes: Uint8Array): number {
  if (bytes.length < FEED_KEY_BYTES) throw new Error(`a feed key needs ${FEED_KEY_BYTES} random bytes`);
  // 5 bits of the first byte and 48 of the next six: 53 bits, exact in a double, shifted into [-(2^53), -1].
  let n = bytes[0]! & 0x1f;
  for (const b of bytes.subarray(1, FEED_KEY_BYTES)) n = n * 256 + b;
  return -(n + 1);
}

/** True for a stored feed key; false for null or a legacy issue instant, which must be replaced. */
export function isFeedKey(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value < 0;
}
