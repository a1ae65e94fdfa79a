import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureAdminBuilt, navLink, signInUi, startAdminServer, text, type AdminServer } from './admin-harness';
import { launchBrowser, newPage, pageErrors } from './harness';

// Finding 12: the portal shows special-category data, and had no CSP, no nosniff and could be framed.
// Here it runs under the headers public/_headers gives it, served as `npm start` serves it.

/** The portal served as `npm start` serves it, and a browser; both shared by this file's tests. */
const world = {} as { server: AdminServer; browser: Browser };
beforeAll(async () => {
  await ensureAdminBuilt();
  Object.assign(world, { server: await startAdminServer(), browser: await launchBrowser() });
});
afterAll(() => Promise.all([world.browser?.close(), world.server?.close()]));

/** Records every CSP violation the page reports, from the console and from the DOM event. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  return async () => [
    ...fromConsole,
    ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
  ];
}

describe('the admin portal under its Content-Security-Policy', () => {
  test('is served with the strict headers, signs in and shows its pages with no CSP violation', async () => {
    const page = await newPage(world.browser);
    const violations = await watchCsp(page);
    const res = await page.goto(`${world.server.origin}/admin/`);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');

    await signInUi(page, world.server.origin, world.server.admin);
    for (const key of ['nav.agenda', 'nav.volunteers', 'nav.users', 'nav.people', 'nav.settings'] as const) {
      await navLink(page, key).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(text(key)) }).waitFor();
    }
    // The layout still comes from the stylesheet file (no inline <style> left in index.html).
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    expect(pageErrors(page)).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  test('refuses a script injected into the page', async () => {
    const page = await newPage(world.browser);
    await page.goto(`${world.server.origin}/admin/`);
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
  });
});
