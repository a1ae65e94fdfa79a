import { html, nothing } from 'lit';
import type { BookingDetail } from '../api';
import type { MessageKey } from '../i18n';
import { href } from '../links';

/**
 * The booking page's "Next step": from a meeting that took place (attended, or confirmed and begun), a link
 * to the booking form with the follow-up preselected (`#/book?followUp=<id>`). The desk and the booking's
 * own volunteer see it (a volunteer reaches only their own bookings' pages).
 */
export function nextStep(b: BookingDetail, t: (key: MessageKey) => string, now = Date.now()) {
  const took = b.status === 'attended' || (b.status === 'confirmed' && Date.parse(b.start) <= now);
  if (!took || b.erased) return nothing;
  return html`<section aria-labelledby="next-step-h">
    <h2 id="next-step-h">${t('followup.heading')}</h2>
    <p class="hint" id="next-step-hint">${t('followup.open_hint')}</p>
    <a class="button primary" id="next-step" href=${href('book', { followUp: b.id })} aria-describedby="next-step-hint"
      >${t('followup.open')}</a
    >
  </section>`;
}
