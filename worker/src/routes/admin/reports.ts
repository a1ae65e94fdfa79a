import { Hono } from 'hono';
import { allow } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { failureResponse } from '../../http/failure';
import { renderCsv } from '../../domain/csv';
import { buildReport, REPORT_CSV_HEADER, reportCsvRows } from '../../domain/reports';
import { readReportCounts } from '../../db/repo/reports';
import { validateReportQuery } from '../../validation/reports';

/**
 * /api/admin/reports?from=YYYY-MM&to=YYYY-MM[&format=csv]: the funders' report (PRODUCT.md "Reports"),
 * admin and reception. Figures per month of the appointment and per year, from report_counts only (no
 * personal data, unchanged by erasure). The CSV (README "Reports") is Italian: one row per period and group.
 */
export const reportRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception'), async (c) => {
  const lang = c.get('lang');
  const q = validateReportQuery(c.req.query(), lang);
  if (!q.ok) return failureResponse(c, fail('invalid_input', q.fields));
  const { months, format } = q.value;
  const from = months[0]!;
  const to = months[months.length - 1]!;
  const read = await readReportCounts(c.var.deps.db, from, to);
  const names = new Map(read.services.map((s) => [s.id, s]));
  // Figures move with every booking: never serve a stale copy.
  c.header('Cache-Control', 'no-store');
  if (format === 'csv') {
    const report = buildReport(months, read.counts, (id) => names.get(id)?.nameIt ?? id);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="rapporto-${from}-${to}.csv"`);
    return c.body(renderCsv(REPORT_CSV_HEADER, reportCsvRows(report)), 200);
  }
  const report = buildReport(months, read.counts, (id) => {
    const s = names.get(id);
    return s ? (lang === 'en' ? s.nameEn : s.nameIt) : id;
  });
  return c.json({ from, to, ...report });
});
