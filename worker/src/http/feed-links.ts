/**
 * Issuing and showing calendar feed links, for the volunteer and the desk-wide feed alike: a new feed is
 * a random key and the token derived from it (domain/ical-token.ts); showing a feed keeps the stored row
 * in line with the token staff are shown.
 */
import { FEED_KEY_BYTES, feedKeyFrom, icalTokenHash, isFeedKey } from '../domain/ical-token';
import { randomBytes } from '../lib/ids';

/** The token of one feed for a key (a bound IcalTokenDeriver method). */
export type DeriveToken = (key: number) => Promise<string>;

/** A feed as it is stored: the key and the token's hash. */
export interface NewFeed {
  key: number;
  hash: string;
}

/** Where a feed is stored. */
export interface FeedStore {
  /** Stores `next` provided the stored key is still `expected` (compare-and-set); false when it was not. */
  write(expected: number | null, next: NewFeed): Promise<boolean>;
  /** The key stored now, after a lost race. */
  reread(): Promise<number | null | undefined>;
}

/** A fresh feed: a new random key, the token derived from it and the token's hash. */
export async function newFeed(derive: DeriveToken): Promise<NewFeed & { token: string }> {
  const key = feedKeyFrom(randomBytes(FEED_KEY_BYTES));
  const token = await derive(key);
  return { key, token, hash: await icalTokenHash(token) };
}

/**
 * The token of a stored feed, keeping the row in line with it: a feed without a key (written by the seed,
 * the CLI or an older version, whose token depended on a guessable instant) gets one, and a hash that does
 * not match the token (a changed HASH_SECRET) is rewritten, so the URL staff are shown is the one the feed
 * answers. Of two first showings at once, one key wins and both show it.
 */
export async function currentFeedToken(
  derive: DeriveToken,
  stored: { key: number | null; hash: string | null },
  store: FeedStore,
): Promise<string> {
  if (isFeedKey(stored.key)) {
    const token = await derive(stored.key);
    const hash = await icalTokenHash(token);
    if (stored.hash !== hash) await store.write(stored.key, { key: stored.key, hash });
    return token;
  }
  const feed = await newFeed(derive);
  if (await store.write(stored.key, feed)) return feed.token;
  const theirs = await store.reread();
  return isFeedKey(theirs) ? derive(theirs) : feed.token;
}
