import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from '../../worker/src/domain/csv';

describe('CSV for Italian spreadsheets', () => {
  it('quotes only what must be quoted, doubling quotes', () => {
    expect(csvField('Maria Rossi')).toBe('Maria Rossi');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('riga\r\naltra')).toBe('"riga\r\naltra"');
    expect(csvField('lui disse "sì"')).toBe('"lui disse ""sì"""');
    expect(csvField(' spazio')).toBe('" spazio"');
  });

  it('writes numbers as they are, booleans as 1/0 and nothing for null', () => {
    expect([csvField(12), csvField(true), csvField(false), csvField(null), csvField(undefined)]).toEqual([
      '12',
      '1',
      '0',
      '',
      '',
    ]);
  });

  it('keeps a would-be formula as text, but not a phone number', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('+393471234567')).toBe('+393471234567');
  });

  it('reads back as written: mark, separator, CRLF, every awkward value intact', () => {
    const rows = [
      ['Ñúñez; Àlvaro', 'nota\ncon "virgolette"', 3],
      ['', null, true],
    ];
    const text = renderCsv(['nome', 'nota', 'n'], rows);
    expect(text.startsWith('\uFEFFnome;nota;n\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { bom: true, delimiter: ';' })).toEqual([
      ['nome', 'nota', 'n'],
      ['Ñúñez; Àlvaro', 'nota\ncon "virgolette"', '3'],
      ['', '', '1'],
    ]);
  });
});
