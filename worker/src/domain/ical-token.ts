/**
 * iCal feed tokens. A token is derived, never stored: HMAC-SHA256 of the deployment secret over the feed's
 * identity and the instant it was (re)issued. Rotating moves that instant, so the old URL stops matching.
 * Only the token's SHA-256 goes to the database, where the feed looks it up.
 * Pure: the secret and the instants come in as arguments.
 */
import { base64url, sha256Hex } from '../lib/ids';

/** Derives the feed tokens of one deployment; the HMAC key is imported once per deriver. */
export interface IcalTokenDeriver {
  /** A volunteer's personal feed token, issued at `issuedAt` (ical_token_rotated_at ?? created_at). */
  volunteer(volunteerId: string, issuedAt: number): Promise<string>;
  /** The desk-wide feed token for reception, issued at `issuedAt` (ical_desk_token_rotated_at). */
  desk(issuedAt: number): Promise<string>;
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
    volunteer: (volunteerId, issuedAt) => mac(`ical:${volunteerId}:${issuedAt}`),
    // A prefix no volunteer message can produce, so the desk token never equals a volunteer's.
    desk: (issuedAt) => mac(`ical-desk:${issuedAt}`),
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

/**
 * The issue instant of a rotation at `now`: strictly after the previous one, so two rotations in the
 * same millisecond still give a new token.
 */
export function nextIssuedAt(previous: number, now: number): number {
  return Math.max(now, previous + 1);
}
