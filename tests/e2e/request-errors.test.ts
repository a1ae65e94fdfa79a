import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  allBookings,
  bookingByReference,
  newPage,
  pageErrors,
  SERVICES,
  useWidgetWorld,
  type WidgetServer,
} from './harness';
import { WidgetUi } from './widget-ui';

describe('the request is refused and the person recovers', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  /** Another client books `start` through the public API, as many times as there are volunteers. */
  async function takeSlotEverywhere(start: string): Promise<void> {
    for (let i = 0; i <= server.volunteerIds.length; i++) {
      const res = await fetch(`${server.apiOrigin}/api/public/requests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          service: SERVICES.guidance.id,
          mode: 'in_person',
          start,
          name: `Altra Persona ${i}`,
          phone: `+39 347 000 11${i}${i}`,
          consent: true,
        }),
      });
      // One per volunteer succeeds; one more proves the slot is now full.
      expect(res.status).toBe(i < server.volunteerIds.length ? 201 : 409);
    }
  }

  test('409: the slot goes between choice and submit; the widget says so, offers fresh slots, keeps the details', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    await ui.chooseService('guidance');
    const first = await ui.chooseFirstSlot(await ui.chooseMode('in_person'));
    const details = {
      name: 'Luca Bianchi',
      phone: '347 765 4321',
      email: 'luca@example.org',
      note: 'Vengo con mia sorella',
    };
    await ui.fillDetails(details);
    await ui.toReview();

    await takeSlotEverywhere(first);
    const before = (await allBookings(server.db)).length;

    const fresh = ui.nextAvailability();
    await ui.button('action.submit').click();
    await ui.waitForMessage('error.slot_taken');
    const freshSlots = (await fresh).days.flatMap((d) => d.slots.map((s) => s.start));
    expect(freshSlots).not.toContain(first);
    expect((await allBookings(server.db)).length).toBe(before);

    // Back on the day and time view, the fresh slots on screen without the one that went.
    await ui.expectFocusOnHeading('day');
    const next = freshSlots[0]!;
    await ui.slotButton(next).waitFor();
    expect(await ui.slotButton(first).count()).toBe(0);

    await ui.chooseSlot(next);
    expect(await ui.field('field.name').inputValue()).toBe(details.name);
    expect(await ui.field('field.phone').inputValue()).toBe(details.phone);
    expect(await ui.field('field.email').inputValue()).toBe(details.email);
    expect(await ui.field('field.note').inputValue()).toBe(details.note);
    if (!(await ui.checkbox('field.consent').isChecked())) await ui.checkbox('field.consent').check();
    await ui.toReview();
    const reference = await ui.submit();
    expect(await bookingByReference(server.db, reference)).toMatchObject({
      status: 'requested',
      startAt: Date.parse(next),
      personName: details.name,
      phone: '+393477654321',
    });
    expect(pageErrors(page)).toEqual([]);
  });

  test('422: a landline number gets an error summary (focused) and a message at the field; fixed, it goes through', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    await ui.chooseService('guidance');
    const start = await ui.chooseFirstSlot(await ui.chooseMode('in_person'));
    await ui.fillDetails({ name: 'Sara Verdi', phone: '06 1234 5678' });
    const before = (await allBookings(server.db)).length;

    await ui.submitExpectingFieldErrors();
    // Focus goes to the summary (its heading or the box around it).
    const summaryText = ui.text('error.summary_heading');
    await ui.expectFocus((f) => f.text.includes(summaryText), 'error summary');

    const phone = ui.field('field.phone');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await ui.field('field.name').getAttribute('aria-invalid')).not.toBe('true');
    // The message is tied to the field (aria-describedby or aria-errormessage) and says something.
    const fieldMessage = await phone.evaluate((el) => {
      const root = el.getRootNode() as Document | ShadowRoot;
      const ids = `${el.getAttribute('aria-describedby') ?? ''} ${el.getAttribute('aria-errormessage') ?? ''}`;
      return ids
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => root.getElementById(id)?.textContent?.trim() ?? '')
        .join(' ')
        .trim();
    });
    expect(fieldMessage.length).toBeGreaterThan(3);
    expect((await allBookings(server.db)).length).toBe(before);

    await phone.fill('347 111 2233');
    await ui.toReview();
    const reference = await ui.submit();
    expect(await bookingByReference(server.db, reference)).toMatchObject({
      status: 'requested',
      startAt: Date.parse(start),
      personName: 'Sara Verdi',
      phone: '+393471112233',
    });
  });
});
