import { Hono } from 'hono';
import * as v from 'valibot';
import { allow } from '../../auth/guard';
import { requireHashSecret, type AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { anyObject, jsonBody, limitBody } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { icalFeedUrls, icalTokenDeriver } from '../../domain/ical-token';
import { currentFeedToken, newFeed } from '../../http/feed-links';
import { readDesk, type DeskRead, type DeskRow } from '../../db/repo/desk';
import { setDeskIcal } from '../../db/repo/management';
import { settingsSchema } from '../../validation/admin-management';
import { saveDeskSettings, settingsJson } from '../../desk/settings';

/**
 * /api/admin/settings: the desk's identity, booking rules, SMS and retention, and the desk-wide iCal feed.
 * Admin edits; reception reads (it needs the rules and the desk feed's URL) and may rotate that URL.
 */
/** The desk feed's token for a key. */
function deskTokenOf(deps: AppDeps) {
  return async (key: number) => (await icalTokenDeriver(requireHashSecret(deps.config))).desk(key);
}

/** The desk feed's URLs, issuing its key on first use (see currentFeedToken). */
async function deskFeed(deps: AppDeps, desk: DeskRow): Promise<{ icalUrl: string; webcalUrl: string }> {
  const token = await currentFeedToken(
    deskTokenOf(deps),
    { key: desk.icalDeskTokenRotatedAt, hash: desk.icalDeskTokenHash },
    {
      write: (expected, next) => setDeskIcal(deps.db, expected, next),
      reread: async () => {
        const fresh = await readDesk(deps.db);
        return fresh.configured ? fresh.desk.icalDeskTokenRotatedAt : undefined;
      },
    },
  );
  return icalFeedUrls(deps.config.publicBaseUrl, token);
}

/** The settings answer; before the desk exists every part of it is null (the portal shows an empty form). */
async function settingsResponse(deps: AppDeps, read: DeskRead) {
  if (!read.configured) return { settings: null, deskIcalUrl: null, deskWebcalUrl: null };
  const feed = await deskFeed(deps, read.desk);
  return { settings: settingsJson(read.desk), deskIcalUrl: feed.icalUrl, deskWebcalUrl: feed.webcalUrl };
}

export const settingsRoutes = new Hono<AppEnv>()
  .get('/', allow('admin', 'reception'), async (c) => {
    const { deps } = c.var;
    return c.json(await settingsResponse(deps, await readDesk(deps.db)));
  })
  .patch(
    '/',
    allow('admin'),
    limitBody(),
    jsonBody<Record<string, unknown>, Partial<v.InferInput<typeof settingsSchema>>>(anyObject),
    async (c) => {
      const { deps } = c.var;
      const saved = await saveDeskSettings(deps, c.req.valid('json'), c.get('lang'));
      if (!saved.ok) return failureResponse(c, saved);
      return c.json(await settingsResponse(deps, { configured: true, desk: saved.desk }));
    },
  )
  .post('/ical/rotate', allow('admin', 'reception'), limitBody(), async (c) => {
    const { deps } = c.var;
    const read = await readDesk(deps.db);
    if (!read.configured) return failureResponse(c, fail('not_found'));
    const feed = await newFeed(deskTokenOf(deps));
    // Compare-and-set on the previous key: of two rotations at once, one wins and the other is a 409.
    if (!(await setDeskIcal(deps.db, read.desk.icalDeskTokenRotatedAt, feed)))
      return failureResponse(c, fail('conflict'));
    const urls = icalFeedUrls(deps.config.publicBaseUrl, feed.token);
    return c.json({ deskIcalUrl: urls.icalUrl, deskWebcalUrl: urls.webcalUrl });
  });
