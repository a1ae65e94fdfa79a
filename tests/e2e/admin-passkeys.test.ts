/**
 * Passkeys in real Chromium through its virtual authenticator (CDP WebAuthn domain): a staff member adds
 * a passkey from the password page, signs out, and signs back in with it without typing a password.
 * The portal is served on `localhost` (WebAuthn needs a secure context and a domain, not an IP address).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { staffPasskeys } from '../../worker/src/db/schema';
import { ensureAdminBuilt, signInUi, startAdminServer, text, type AdminServer } from './admin-harness';
import { axeViolations, launchBrowser, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;

beforeAll(async () => {
  await ensureAdminBuilt();
  [server, browser] = await Promise.all([startAdminServer('localhost'), launchBrowser()]);
});
afterAll(() => Promise.all([browser?.close(), server?.close()]));

/** axe-core (WCAG 2.1 A/AA) finds nothing on the page as it is now. */
const expectNoViolations = async (page: Page, where: string) =>
  expect(await axeViolations(page), `axe violations on ${where}`).toEqual([]);

/** A platform authenticator that holds discoverable credentials and always verifies the user. */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

describe('staff passkeys', () => {
  test('add a passkey from the portal, sign out, sign in with it (no password typed)', async () => {
    const page = await newPage(browser);
    await addVirtualAuthenticator(page);
    await signInUi(page, server.origin, server.reception);

    await page.getByRole('link', { name: text('password.link') }).click();
    await page.getByRole('heading', { level: 2, name: text('passkey.title') }).waitFor();
    await page.getByText(text('passkey.none')).waitFor();
    await expectNoViolations(page, 'the password page without passkeys');

    // The name is required: the form says so before asking the browser.
    await page.getByRole('button', { name: text('passkey.add') }).click();
    await page.getByText(text('passkey.name_missing')).waitFor();

    await page.getByLabel(text('passkey.name')).fill('Computer di prova');
    await page.getByRole('button', { name: text('passkey.add') }).click();
    const remove = page.getByRole('button', { name: text('passkey.delete', { name: 'Computer di prova' }) });
    await remove.waitFor();
    await expect.poll(() => page.getByText(text('passkey.added')).count()).toBeGreaterThan(0);
    await expectNoViolations(page, 'the password page with a passkey');

    const [stored] = await server.db
      .select()
      .from(staffPasskeys)
      .where(eq(staffPasskeys.userId, server.reception.user.id));
    expect(stored?.name).toBe('Computer di prova');
    expect(stored?.lastUsedAt).toBeNull();

    await page.getByRole('button', { name: text('login.sign_out') }).click();
    await page.getByRole('heading', { level: 1, name: text('login.title') }).waitFor();
    await expectNoViolations(page, 'the login page');

    const passwordField = page.getByLabel(text('login.password'), { exact: true });
    await page.getByRole('button', { name: text('login.passkey') }).click();
    await page.getByRole('button', { name: text('login.sign_out') }).waitFor();
    expect(await passwordField.count()).toBe(0);

    const [used] = await server.db.select().from(staffPasskeys).where(eq(staffPasskeys.id, stored!.id));
    expect(used?.lastUsedAt).not.toBeNull();

    // Deleting it leaves the list empty; the password still works (it is the fallback).
    await page.getByRole('link', { name: text('password.link') }).click();
    await page.getByRole('button', { name: text('passkey.delete', { name: 'Computer di prova' }) }).click();
    await page.getByText(text('passkey.none')).waitFor();
    expect(await server.db.select().from(staffPasskeys)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
