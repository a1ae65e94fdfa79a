/**
 * Whether a longer appointment (the service's duration doubled) fits the chosen time. Asked once per time,
 * with one availability call for its day (`long=1`), only once the person is on the details step: the first
 * times never wait for it. Until the answer comes, and if it cannot come, the choice is simply not offered.
 */
import { getAvailability, type Mode, type Slot } from '../api';
import type { Lang } from '../i18n';

/** The chosen time and where to ask. */
export interface LongQuery {
  base: string;
  lang: Lang;
  service?: string;
  mode?: Mode;
  day?: string;
  slot?: Slot;
}

/** Answers by service, mode and start; undefined while asked. Kept for the page's life: a few entries at most. */
const answers = new Map<string, boolean | undefined>();

const keyOf = (q: LongQuery) => (q.service && q.mode && q.slot ? `${q.service} ${q.mode} ${q.slot.start}` : '');

/** True when the longer appointment fits `q`'s time; asks the server the first time (then `redraw`). */
export function longFits(q: LongQuery, redraw: () => void): boolean {
  const key = keyOf(q);
  if (!key || !q.day) return false;
  if (!answers.has(key)) {
    answers.set(key, undefined);
    const { service, mode, day, slot } = q as Required<LongQuery>;
    getAvailability(q.base, q.lang, { service, mode, from: day, to: day, long: true })
      .then(
        (a) =>
          answers.set(
            key,
            a.days.some((d) => d.slots.some((s) => s.start === slot.start)),
          ),
        // Not offered rather than an error: the person can still ask the desk.
        () => answers.set(key, false),
      )
      .finally(redraw);
  }
  return answers.get(key) === true;
}

/** The answer already known for `q`'s time, without asking (for the request body and the review). */
export function longKnownToFit(q: Omit<LongQuery, 'base' | 'lang'>): boolean {
  return answers.get(keyOf(q as LongQuery)) === true;
}
