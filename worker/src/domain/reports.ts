/**
 * The funders' report: monthly counts (kept by the database, drizzle/0017_report_counts.sql) turned into
 * figures per month and per year, overall and by service, mode, channel, language, new or returning person,
 * and follow-ups. Pure: the counts and the service names come in as arguments. No personal data anywhere.
 */
import type { CsvValue } from './csv';

/** At most this many months in one report (ten years): the answer stays small. */
export const MAX_REPORT_MONTHS = 120;

/** A row of report_counts. */
export interface ReportCount {
  month: string;
  dimension: string;
  key: string;
  outcome: string;
  n: number;
}

/**
 * What the report counts for a set of appointments dated in a period:
 * - bookings: every booking dated in the period, whatever became of it (PRODUCT.md): confirmed, attended,
 *   no-show, cancelled, and also requests still waiting, refused or lapsed;
 * - attended, noShows: the outcomes recorded;
 * - cancellations: cancelled ones, late ones included; lateCancellations: inside the desk's notice.
 */
export interface Figures {
  bookings: number;
  attended: number;
  noShows: number;
  cancellations: number;
  lateCancellations: number;
}

const zero = (): Figures => ({ bookings: 0, attended: 0, noShows: 0, cancellations: 0, lateCancellations: 0 });

function add(f: Figures, outcome: string, n: number): void {
  f.bookings += n;
  if (outcome === 'attended') f.attended += n;
  else if (outcome === 'no_show') f.noShows += n;
  else if (outcome === 'cancelled') f.cancellations += n;
  else if (outcome === 'late_cancelled') {
    f.cancellations += n;
    f.lateCancellations += n;
  }
}

/** The groups of one period, each a map from key to figures. */
type Groups = Map<string, Map<string, Figures>>;

/** A period's figures as the API answers them. */
export interface PeriodReport extends Figures {
  byService: ({ id: string; name: string } & Figures)[];
  byMode: ({ mode: string } & Figures)[];
  byChannel: ({ channel: string } & Figures)[];
  byLanguage: ({ language: string } & Figures)[];
  /** New people (no earlier booking with their number), returning ones, and unknown (no number to tell). */
  byPerson: ({ person: string } & Figures)[];
  /** Appointments booked as the next step of an attended one; `attended` are the follow-ups that happened. */
  followUps: Figures;
}

export interface Report {
  months: ({ month: string } & PeriodReport)[];
  /** Totals per calendar year of the months asked for (a range that starts mid-year gives a part of it). */
  years: ({ year: string; months: number } & PeriodReport)[];
}

/** The months from `from` to `to` ('YYYY-MM', both included), oldest first; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let k = index(from); k <= index(to); k++) {
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

const PERSON_ORDER = ['new', 'returning', 'unknown'];

function figuresOf(groups: Groups, dimension: string, key: string): Figures {
  return groups.get(dimension)?.get(key) ?? zero();
}

/** The keys of a dimension with at least one appointment, in a stable order. */
function keysOf(groups: Groups, dimension: string): string[] {
  return [...(groups.get(dimension) ?? new Map<string, Figures>())]
    .filter(([, f]) => f.bookings > 0)
    .map(([k]) => k)
    .sort();
}

function periodReport(groups: Groups, serviceName: (id: string) => string): PeriodReport {
  const list = <K extends string>(dimension: string, field: K) =>
    keysOf(groups, dimension).map(
      (k) => ({ [field]: k, ...figuresOf(groups, dimension, k) }) as Record<K, string> & Figures,
    );
  const byService = keysOf(groups, 'service')
    .map((id) => ({ id, name: serviceName(id), ...figuresOf(groups, 'service', id) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'it') || a.id.localeCompare(b.id));
  const byPerson = list('person', 'person').sort(
    (a, b) => PERSON_ORDER.indexOf(a.person) - PERSON_ORDER.indexOf(b.person),
  );
  return {
    ...figuresOf(groups, 'all', ''),
    byService,
    byMode: list('mode', 'mode'),
    byChannel: list('channel', 'channel'),
    byLanguage: list('language', 'language'),
    byPerson,
    followUps: figuresOf(groups, 'follow_up', 'yes'),
  };
}

/**
 * The report of `months` (consecutive, oldest first) from their counts: every month is listed, an empty
 * one with zeros; the years are the sums of their months. `serviceName` names a service id (the id itself
 * for one that no longer exists).
 */
export function buildReport(
  months: readonly string[],
  counts: readonly ReportCount[],
  serviceName: (id: string) => string,
): Report {
  const byMonth = new Map<string, Groups>(months.map((m) => [m, new Map()]));
  const byYear = new Map<string, Groups>();
  for (const m of months) if (!byYear.has(m.slice(0, 4))) byYear.set(m.slice(0, 4), new Map());
  for (const c of counts) {
    for (const groups of [byMonth.get(c.month), byYear.get(c.month.slice(0, 4))]) {
      if (!groups) continue;
      let keys = groups.get(c.dimension);
      if (!keys) groups.set(c.dimension, (keys = new Map()));
      let f = keys.get(c.key);
      if (!f) keys.set(c.key, (f = zero()));
      add(f, c.outcome, c.n);
    }
  }
  return {
    months: months.map((month) => ({ month, ...periodReport(byMonth.get(month)!, serviceName) })),
    years: [...byYear].map(([year, groups]) => ({
      year,
      months: months.filter((m) => m.startsWith(year)).length,
      ...periodReport(groups, serviceName),
    })),
  };
}

/** The CSV's columns (README "Reports"): Italian, as the funders read them. */
export const REPORT_CSV_HEADER = [
  'periodo',
  'gruppo',
  'chiave',
  'nome',
  'prenotazioni',
  'presenti',
  'assenti',
  'cancellazioni',
  'cancellazioni_tardive',
] as const;

const figureCells = (f: Figures): CsvValue[] => [
  f.bookings,
  f.attended,
  f.noShows,
  f.cancellations,
  f.lateCancellations,
];

/** One CSV row per period and group: the total first, then each dimension; months first, then years. */
export function reportCsvRows(report: Report): CsvValue[][] {
  const rows: CsvValue[][] = [];
  const period = (label: string, p: PeriodReport) => {
    rows.push([label, 'totale', '', '', ...figureCells(p)]);
    for (const s of p.byService) rows.push([label, 'servizio', s.id, s.name, ...figureCells(s)]);
    for (const g of p.byMode) rows.push([label, 'modalita', g.mode, '', ...figureCells(g)]);
    for (const g of p.byChannel) rows.push([label, 'canale', g.channel, '', ...figureCells(g)]);
    for (const g of p.byLanguage) rows.push([label, 'lingua', g.language, '', ...figureCells(g)]);
    for (const g of p.byPerson) rows.push([label, 'persona', g.person, '', ...figureCells(g)]);
    rows.push([label, 'percorso', 'prossimo_passo', '', ...figureCells(p.followUps)]);
  };
  for (const m of report.months) period(m.month, m);
  for (const y of report.years) period(y.year, y);
  return rows;
}
