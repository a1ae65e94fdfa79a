/**
 * CSV as Italian spreadsheets open it: UTF-8 with a byte-order mark (so Excel reads accents right), `;` between
 * fields (the Italian locale's list separator: a comma is the decimal mark), CRLF line ends (RFC 4180).
 * Pure.
 */

/** The byte-order mark every file starts with. */
export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

// A field is quoted when it holds the separator, a quote or a line break, or starts or ends with a space
// (some readers trim those otherwise).
const NEEDS_QUOTES_RE = /[;"\r\n]|^\s|\s$/;
// A cell starting with one of these is a formula to a spreadsheet: a name like "=HYPERLINK(…)" must stay text.
const FORMULA_START_RE = /^[=+\-@\t\r]/;
// An E.164 number starts with '+' too, but is no formula: it stays as the desk typed it.
const E164_RE = /^\+\d{6,15}$/;

export type CsvValue = string | number | boolean | null | undefined;

/** One field: numbers as they are, booleans as 1/0, empty for null; text quoted when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  // A leading apostrophe keeps a would-be formula as text (the OWASP advice for CSV injection).
  const text = FORMULA_START_RE.test(value) && !E164_RE.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES_RE.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the mark, the header line, then one line per row, each ended by CRLF. */
export function renderCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  let out = CSV_BOM + header.map(csvField).join(CSV_SEPARATOR) + '\r\n';
  for (const row of rows) out += row.map(csvField).join(CSV_SEPARATOR) + '\r\n';
  return out;
}
