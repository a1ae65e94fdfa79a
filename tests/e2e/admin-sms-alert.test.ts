/**
 * The SMS alert in real Chromium: Twilio (the fake, on loopback) refuses the sender, a dispatcher run
 * stops and stores the alert, and the admin sees one banner saying so and what to do; a volunteer does
 * not. After the sender is fixed, a tick sends the messages and the banner is gone on the next page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { messages } from '../../worker/src/db/schema';
import { dispatchSms } from '../../worker/src/outbox/dispatch';
import { givenBooking } from '../fixtures/builders';
import { testConfig, testDeps } from '../fixtures/deps';
import { startFakeTwilio, twilioProviderFor, type FakeTwilio } from '../fixtures/fake-twilio';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { E2E_NOW, expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
let fake: FakeTwilio;

useAdminWorld((w) => ({ server, browser } = w));
beforeAll(async () => void (fake = await startFakeTwilio()));
afterAll(() => fake?.close());

/** A tick of the dispatcher with Twilio configured with `from`, as of E2E_NOW (10:00 in Rome). */
function tick(from: string) {
  const sms = twilioProviderFor(fake, { publicBaseUrl: server.origin, env: { TWILIO_FROM: from } });
  const deps = testDeps(server.db, { clock: server.clock, sms, config: testConfig({ publicBaseUrl: server.origin }) });
  return dispatchSms(deps, { cron: '*/10 * * * *', now: E2E_NOW });
}

const banner = (page: Page) => page.getByRole('region', { name: text('sms_alert.sender', { provider: 'Twilio' }) });

describe('SMS alert banner', () => {
  test('the admin sees why SMS stopped and what to do; it goes once a tick sends again', async () => {
    for (let i = 0; i < 3; i++) {
      const b = await givenBooking(server.db, {
        serviceId: ADMIN_SERVICES.guidance.id,
        volunteerId: server.volunteers.giulia,
        start: E2E_NOW + (2 + i) * 86_400_000,
        phone: `+39347111000${i}`,
      });
      await server.db.insert(messages).values({
        id: `e2e-msg-${i}`,
        bookingId: b.id,
        kind: 'confirmation',
        recipient: `+39347111000${i}`,
        body: 'Appuntamento confermato.',
        notBefore: E2E_NOW,
        createdAt: E2E_NOW,
        updatedAt: E2E_NOW,
      });
    }
    fake.refuseSender('Sportello');
    expect((await tick('Sportello')).skipped).toBe('halted: 21606');

    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin, '#/dashboard');
    await banner(page).waitFor();
    expect(await banner(page).textContent()).toContain(text('sms_alert.sender_fix', { variable: 'TWILIO_FROM' }));
    expect(await banner(page).textContent()).toMatch(/3 SMS in attesa dal lunedì 12 ottobre 2026, 10:00\. Partono/);
    await expectNoViolations(page, 'the dashboard with the SMS alert');

    const volunteer = await newPage(browser);
    await signInUi(volunteer, server.origin, server.volunteer);
    await volunteer.getByRole('heading', { level: 1 }).waitFor();
    expect(await banner(volunteer).count()).toBe(0);

    // The admin sets a registered sender; the next tick sends everything and the alert is gone.
    const resumed = await tick('SportelloLv');
    expect(resumed.counts).toMatchObject({ sent: 3 });
    await page.goto(`${server.origin}/admin/#/messages`);
    await page.getByRole('heading', { level: 1, name: text('nav.messages') }).waitFor();
    await expect.poll(() => banner(page).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });
});
