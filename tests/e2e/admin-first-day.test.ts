/**
 * The portal on a fresh deployment's first day: the desk was never set up (the public desk answers
 * 503 desk_not_configured). The first admin lands on the settings, told why, and creates the desk with
 * name and address; every other page says the desk is not set up, with a link for admins and "ask an
 * administrator" for reception and volunteers.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { readDesk } from '../../worker/src/db/repo/desk';
import { expectNoViolations, newPage, pageErrors } from './harness';
import { navLink, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world), { unconfigured: true });

/** The shell's notice that the desk is not set up: a region named by its title. */
function deskNotice(page: Page) {
  return page.getByRole('region', { name: text('desk.missing_title') });
}

/** The tag and text of the focused element, through the portal's shadow roots. */
function focused(page: Page): Promise<{ tag: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.textContent ?? '').trim() };
  });
}

describe('a desk that is not set up yet, in the portal', () => {
  test('reception and volunteers land where they always do and are told to ask an administrator', async () => {
    for (const [who, landing] of [
      [server.reception, 'nav.inbox'],
      [server.volunteer, 'nav.agenda'],
    ] as const) {
      const page = await newPage(browser);
      await signInUi(page, server.origin, who);
      await page.getByRole('heading', { level: 1, name: text(landing) }).waitFor();
      const notice = deskNotice(page);
      await notice.waitFor();
      expect(await notice.textContent()).toContain(text('desk.missing_staff'));
      expect(await notice.getByRole('link').count()).toBe(0);
      await expectNoViolations(page, `the landing page (${text(landing)})`);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });

  test('reception opening the settings reads the same, with no form', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception, '#/settings');
    await page.getByRole('heading', { level: 1, name: text('nav.settings') }).waitFor();
    await page.getByText(text('desk.missing_staff')).waitFor();
    expect(await page.getByRole('button', { name: text('common.save') }).count()).toBe(0);
    await page.context().close();
  });

  test('the first admin lands on the settings, told why, and creates the desk by keyboard', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin);

    // Led to the settings, focus on its heading, one sentence saying why; no shell notice here.
    const heading = page.getByRole('heading', { level: 1, name: text('nav.settings') });
    await heading.waitFor();
    expect(page.url()).toMatch(/#\/settings$/);
    await expect.poll(() => focused(page)).toEqual({ tag: 'h1', text: text('nav.settings') });
    await page.getByText(text('settings.first')).waitFor();
    expect(await deskNotice(page).count()).toBe(0);
    // Only the desk's identity to fill in before the desk exists.
    expect(await page.getByRole('group', { name: text('settings.rules') }).count()).toBe(0);
    await expectNoViolations(page, 'the first settings');

    // Elsewhere, a notice links back to the settings.
    await navLink(page, 'nav.inbox').click();
    await page.getByRole('heading', { level: 1, name: text('nav.inbox') }).waitFor();
    const notice = deskNotice(page);
    await notice.waitFor();
    expect(await notice.textContent()).toContain(text('desk.missing_admin'));
    await expectNoViolations(page, 'the inbox with the desk notice');
    const link = notice.getByRole('link', { name: text('desk.missing_link') });
    await link.focus();
    await page.keyboard.press('Enter');
    await heading.waitFor();
    await expect.poll(() => focused(page)).toEqual({ tag: 'h1', text: text('nav.settings') });

    // Saved empty: the server's field messages, the summary focused, nothing created.
    const save = page.getByRole('button', { name: text('common.save') });
    await save.focus();
    await page.keyboard.press('Enter');
    const name = page.getByLabel(text('settings.name'));
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByLabel(text('settings.address')).getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => (await focused(page)).text).toContain(text('error.invalid_input'));
    expect(await readDesk(server.db)).toEqual({ configured: false });

    await name.focus();
    await page.keyboard.type('Sportello Lavoro Prova');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Via dei Test 12');
    await page.keyboard.press('Enter');
    await page.getByText(text('settings.created')).waitFor();

    // The desk exists: the full form, the public desk answers, and the notice is gone everywhere.
    await page.getByRole('group', { name: text('settings.rules') }).waitFor();
    expect((await page.request.get(`${server.origin}/api/public/desk`)).status()).toBe(200);
    expect(await readDesk(server.db)).toMatchObject({ configured: true, desk: { name: 'Sportello Lavoro Prova' } });
    await navLink(page, 'nav.inbox').click();
    await page.getByRole('heading', { level: 1, name: text('nav.inbox') }).waitFor();
    await expect.poll(() => deskNotice(page).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });
});
