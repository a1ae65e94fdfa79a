/**
 * The dashboard's no-show figures of a month, shaped from the aggregate rows (db/repo/no-show-figures.ts).
 * Every breakdown lists each value of its vocabulary, zeros included, so a table has a stable shape.
 */
import { median, noShowRate } from './stats';
import {
  CALL_OUTCOMES,
  CHANNELS,
  LANGUAGES,
  REMINDER_PLANS,
  type CallOutcome,
  type Channel,
  type Language,
  type ReminderPlan,
} from './vocabulary';

/** Appointments with an outcome, and the share nobody came to (null without any). */
export interface Outcomes {
  attended: number;
  noShows: number;
  rate: number | null;
}

export type Breakdown<K extends string> = ({ key: K } & Outcomes)[];

export interface NoShowMonth {
  month: string;
  overall: Outcomes;
  byReminderPlan: Breakdown<ReminderPlan>;
  byAttendanceConfirmed: Breakdown<'confirmed' | 'not_confirmed'>;
  byChannel: Breakdown<Channel>;
  byLanguage: Breakdown<Language>;
  cancellations: number;
  lateCancellations: number;
  waitlist: { freedSlots: number; refilled: number; refillShare: number | null; medianRefillMinutes: number | null };
  calls: Record<CallOutcome, number>;
}

export interface OutcomeCount {
  idx: number;
  plan: ReminderPlan;
  confirmed: boolean;
  channel: Channel;
  language: Language;
  status: 'attended' | 'no_show';
  n: number;
}

export interface NoShowRows {
  outcomes: OutcomeCount[];
  scalars: Map<
    number,
    {
      cancellations: number;
      lateCancellations: number;
      offeredSlots: number;
      unofferedCancellations: number;
      refilled: number;
    }
  >;
  refillMinutes: { idx: number; minutes: number }[];
  calls: { idx: number; outcome: CallOutcome; n: number }[];
}

function outcomesOf(rows: readonly OutcomeCount[]): Outcomes {
  let attended = 0;
  let noShows = 0;
  for (const r of rows) {
    if (r.status === 'attended') attended += r.n;
    else noShows += r.n;
  }
  return { attended, noShows, rate: noShowRate(attended, noShows) };
}

function breakdown<K extends string>(
  keys: readonly K[],
  rows: readonly OutcomeCount[],
  keyOf: (r: OutcomeCount) => K,
): Breakdown<K> {
  return keys.map((key) => ({ key, ...outcomesOf(rows.filter((r) => keyOf(r) === key)) }));
}

/** The figures of each month (`months[i]` is period index i). */
export function noShowMonths(months: readonly string[], rows: NoShowRows): NoShowMonth[] {
  return months.map((month, idx) => {
    const outcomes = rows.outcomes.filter((r) => r.idx === idx);
    const s = rows.scalars.get(idx);
    const freedSlots = (s?.offeredSlots ?? 0) + (s?.unofferedCancellations ?? 0);
    const refilled = s?.refilled ?? 0;
    const minutes = median(rows.refillMinutes.filter((r) => r.idx === idx).map((r) => r.minutes));
    const calls = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;
    for (const c of rows.calls) if (c.idx === idx) calls[c.outcome] += c.n;
    return {
      month,
      overall: outcomesOf(outcomes),
      byReminderPlan: breakdown(REMINDER_PLANS, outcomes, (r) => r.plan),
      byAttendanceConfirmed: breakdown(['confirmed', 'not_confirmed'] as const, outcomes, (r) =>
        r.confirmed ? 'confirmed' : 'not_confirmed',
      ),
      byChannel: breakdown(CHANNELS, outcomes, (r) => r.channel),
      byLanguage: breakdown(LANGUAGES, outcomes, (r) => r.language),
      cancellations: s?.cancellations ?? 0,
      lateCancellations: s?.lateCancellations ?? 0,
      waitlist: {
        freedSlots,
        refilled,
        refillShare: freedSlots === 0 ? null : refilled / freedSlots,
        medianRefillMinutes: minutes === null ? null : Math.round(minutes),
      },
      calls,
    };
  });
}
