/** Query checks of the funders' report and the register export (/api/admin/reports, /api/admin/bookings/export). */
import type { FieldErrors } from '../errors';
import { t, type Lang } from '../i18n';
import { isValidMonth } from '../domain/stats';
import { daysBetween, isValidDate } from '../domain/time';
import { MAX_REPORT_MONTHS, monthsBetween } from '../domain/reports';
import type { Validated } from './public';

/** The register export covers at most this many days (a year, leap day included). */
export const MAX_EXPORT_DAYS = 366;

const isUsableDate = (s: string) => isValidDate(s) && s >= '2000-01-01' && s <= '2999-12-31';

/** `format` when it is one of `allowed` (the first is the default when absent). */
function formatOf<F extends string>(value: string | undefined, allowed: readonly F[]): F | undefined {
  if (value === undefined || value === '') return allowed[0];
  return (allowed as readonly string[]).includes(value) ? (value as F) : undefined;
}

/** GET /api/admin/reports: from and to ('YYYY-MM', both required, in order, at most MAX_REPORT_MONTHS). */
export function validateReportQuery(
  q: Record<string, string | undefined>,
  lang: Lang,
): Validated<{ months: string[]; format: 'json' | 'csv' }> {
  const fields: FieldErrors = {};
  const from = q.from ?? '';
  const to = q.to ?? '';
  if (!isValidMonth(from)) fields.from = t(lang, 'field.month');
  if (!isValidMonth(to)) fields.to = t(lang, 'field.month');
  const format = formatOf(q.format, ['json', 'csv'] as const);
  if (!format) fields.format = t(lang, 'field.invalid');
  if (Object.keys(fields).length > 0 || !format) return { ok: false, fields };
  const months = monthsBetween(from, to);
  if (months.length === 0) return { ok: false, fields: { to: t(lang, 'field.date_order') } };
  if (months.length > MAX_REPORT_MONTHS) return { ok: false, fields: { to: t(lang, 'field.invalid') } };
  return { ok: true, value: { months, format } };
}

export interface ExportQuery {
  /** Inclusive local dates of the desk. */
  from: string;
  to: string;
  format: 'csv' | 'ics';
  volunteer?: string;
}

/** GET /api/admin/bookings/export: from and to (YYYY-MM-DD, required, at most MAX_EXPORT_DAYS), csv or ics. */
export function validateExportQuery(q: Record<string, string | undefined>, lang: Lang): Validated<ExportQuery> {
  const fields: FieldErrors = {};
  const from = q.from ?? '';
  const to = q.to ?? '';
  if (!isUsableDate(from)) fields.from = t(lang, 'field.date');
  if (!isUsableDate(to)) fields.to = t(lang, 'field.date');
  const format = formatOf(q.format, ['csv', 'ics'] as const);
  if (!format) fields.format = t(lang, 'field.invalid');
  const volunteer = q.volunteer;
  if (volunteer !== undefined && (volunteer.length === 0 || volunteer.length > 64)) {
    fields.volunteer = t(lang, 'field.volunteer_unknown');
  }
  if (Object.keys(fields).length > 0 || !format) return { ok: false, fields };
  const span = daysBetween(from, to);
  if (span < 0) return { ok: false, fields: { to: t(lang, 'field.date_order') } };
  if (span + 1 > MAX_EXPORT_DAYS)
    return { ok: false, fields: { to: t(lang, 'field.date_range', { max: MAX_EXPORT_DAYS }) } };
  return { ok: true, value: { from, to, format, ...(volunteer !== undefined ? { volunteer } : {}) } };
}
