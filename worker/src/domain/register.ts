/**
 * The booking register as a CSV file for the desk's own records (README "Register export"). Pure: rows and
 * the zone come in. Accessibility details (needs, longer appointment, interpreter) are columns only for the
 * roles that may print them: the file outlives the screen.
 */
import type { CsvValue } from './csv';
import { isoAt } from './time';

/** A booking of the register as the CSV needs it. */
export interface RegisterBooking {
  reference: string;
  status: string;
  localDate: string;
  localTime: string;
  endAt: number;
  serviceNameIt: string;
  mode: string;
  volunteerName: string;
  channel: string;
  language: string;
  personName: string | null;
  phone: string | null;
  email: string | null;
  note: string | null;
  staffNote: string | null;
  lateCancellation: boolean;
  followUpOf: string | null;
  checkedInAt: number | null;
  accessibilityNeeds: string | null;
  longAppointment: boolean;
  interpreterLanguage: string | null;
}

/** The columns every role gets, in order (Italian: the desk's spreadsheets are). */
const BASE_HEADER = [
  'riferimento',
  'data',
  'ora',
  'fine',
  'stato',
  'servizio',
  'modalita',
  'volontario',
  'canale',
  'lingua',
  'nome',
  'telefono',
  'email',
  'nota',
  'nota_staff',
  'cancellazione_tardiva',
  'prossimo_passo',
  'arrivo',
] as const;

/** The columns added for admin and reception. */
const NEEDS_HEADER = ['bisogni_accessibilita', 'appuntamento_lungo', 'interprete'] as const;

/** The header and rows of the register; `withNeeds` adds the accessibility columns. */
export function registerCsv(
  rows: readonly RegisterBooking[],
  timeZone: string,
  withNeeds: boolean,
): { header: string[]; rows: CsvValue[][] } {
  const hhmm = (ms: number) => isoAt(ms, timeZone).slice(11, 16);
  return {
    header: withNeeds ? [...BASE_HEADER, ...NEEDS_HEADER] : [...BASE_HEADER],
    rows: rows.map((r) => {
      const base: CsvValue[] = [
        r.reference,
        r.localDate,
        r.localTime,
        hhmm(r.endAt),
        r.status,
        r.serviceNameIt,
        r.mode,
        r.volunteerName,
        r.channel,
        r.language,
        r.personName,
        r.phone,
        r.email,
        r.note,
        r.staffNote,
        r.lateCancellation,
        r.followUpOf !== null,
        r.checkedInAt === null ? null : hhmm(r.checkedInAt),
      ];
      return withNeeds ? [...base, r.accessibilityNeeds, r.longAppointment, r.interpreterLanguage] : base;
    }),
  };
}
