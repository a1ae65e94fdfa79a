import { describe, expect, it } from 'vitest';
import { escapeLike, nameKey, readPersonQuery } from '../../worker/src/domain/person-search';

describe('nameKey', () => {
  it('folds accents, case, letters without a decomposition and separators', () => {
    expect(nameKey('  José  ÑÚÑEZ ')).toBe('jose nunez');
    expect(nameKey('Đorđe Đorđević')).toBe('dorde dordevic');
    expect(nameKey('Ayşe Şahin-İlhan')).toBe('ayse sahin ilhan');
    expect(nameKey('Jürgen Müller')).toBe('jurgen muller');
    expect(nameKey('Anna Straße, Łódź')).toBe('anna strasse lodz');
    expect(nameKey('Søren Ærø Œuvre')).toBe('soren aero oeuvre');
    expect(nameKey("D’Angelo O'Brien")).toBe('d angelo o brien');
    expect(nameKey('ＭＡＲＩＡ')).toBe('maria');
    // Scripts without Latin letters keep their letters, lower-cased.
    expect(nameKey('Олена ШЕВЧЕНКО')).toBe('олена шевченко');
  });

  it('keeps null for no name and gives "" for punctuation only', () => {
    expect(nameKey(null)).toBeNull();
    expect(nameKey('...')).toBe('');
  });
});

describe('readPersonQuery', () => {
  it('reads digits with separators as a number: the start with the country code, the end from six digits', () => {
    expect(readPersonQuery('347 12')).toEqual({ kind: 'phone', prefix: '+3934712', suffix: null });
    expect(readPersonQuery('347-123.456')).toEqual({ kind: 'phone', prefix: '+39347123456', suffix: '347123456' });
    expect(readPersonQuery('+40 721 234')).toEqual({ kind: 'phone', prefix: '+40721234', suffix: '40721234' });
    expect(readPersonQuery('0040 (721)')).toEqual({ kind: 'phone', prefix: '+40721', suffix: '0040721' });
  });

  it('reads anything else as a folded name fragment, or nothing', () => {
    expect(readPersonQuery('Ñúñez')).toEqual({ kind: 'name', key: 'nunez' });
    expect(readPersonQuery('Anna 2')).toEqual({ kind: 'name', key: 'anna 2' });
    expect(readPersonQuery('--')).toBeNull();
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});
