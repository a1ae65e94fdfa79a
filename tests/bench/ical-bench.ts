/**
 * iCal figure of npm run bench: rendering a feed of 500 events with the pure renderer (target < 20 ms).
 * Bounded by an iteration count and a wall-clock budget; no I/O.
 */
import { performance } from 'node:perf_hooks';
import { renderFeed, type FeedBooking, type FeedContext } from '../../worker/src/domain/ical';

const EVENTS = 500;
const WARMUP = 20;
const MAX_RUNS = 300;
const BUDGET_MS = 3_000;
const START = Date.parse('2026-09-12T07:00:00Z');
const STATUSES = ['confirmed', 'requested', 'attended', 'cancelled', 'no_show'] as const;

export interface IcalFigures {
  ical_500_ms: number;
  ical_500_bytes: number;
}

/** 500 bookings over the feed's window, with accented and comma-filled names so folding and escaping work. */
function rows(): FeedBooking[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const startAt = START + Math.floor(i / 6) * 86_400_000 + (i % 6) * 3_600_000;
    return {
      id: `bk-${i.toString(36).padStart(6, '0')}`,
      reference: `R${String(i).padStart(5, '0')}`,
      status: STATUSES[i % STATUSES.length]!,
      mode: i % 3 === 0 ? 'remote' : 'in_person',
      startAt,
      endAt: startAt + 45 * 60_000,
      icalSequence: i % 4,
      createdAt: START - 86_400_000,
      updatedAt: START,
      personName: i % 2 ? `Nicolò Dell’Acqua-Pérez ${i}` : `Anna Maria, detta “Annì”; ${i}`,
      phone: '+393471234567',
      serviceNameIt: 'Orientamento al lavoro, bilancio di competenze; revisione del curriculum vitæ',
      serviceNameEn: 'Job orientation, skills review; CV review',
      volunteerName: `Volontaria Èlena ${i % 7}`,
      videoLink: i % 3 === 0 ? `https://meet.example.org/room-${i % 7}?pwd=abc,def;ghi` : null,
    };
  });
}

/** Median render time of a 500-event desk feed. */
export function icalFigures(log: (line: string) => void): IcalFigures {
  const data = rows();
  const ctx: FeedContext = { lang: 'it', place: 'Via Bertoni 4, 00100 Roma', showVolunteer: true, includePhone: true };
  const feed = { deskName: 'Sportello Lavoro', volunteerName: null, timeZone: 'Europe/Rome' };
  const render = () => renderFeed(feed, data, ctx, START);
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) bytes = Buffer.byteLength(render());
  const times: number[] = [];
  const started = performance.now();
  while (times.length < MAX_RUNS && performance.now() - started < BUDGET_MS) {
    const t0 = performance.now();
    render();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  log(`iCal feed of ${EVENTS} events: median ${median.toFixed(2)} ms over ${times.length} renders (${bytes} bytes)`);
  if (median > 20) log(`  NOTE: above the 20 ms target`);
  return { ical_500_ms: Math.round(median * 100) / 100, ical_500_bytes: bytes };
}
