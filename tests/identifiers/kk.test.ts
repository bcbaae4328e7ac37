import { buildKk, parseKk } from '../../src/identifiers';

const referenceDate = new Date(Date.UTC(2026, 6, 1));
const parse = (kk: string) => parseKk(kk, { referenceDate });
const reasonOf = (kk: string): string => {
  const result = parse(kk);
  if (result.ok) throw new Error(`expected ${kk} to be invalid`);
  return result.reason;
};
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('parseKk', () => {
  it('reads the issuing kecamatan, issue date and serial', () => {
    expect(parse('3519051403210012')).toEqual({
      ok: true,
      kk: '3519051403210012',
      regionCode: '35.19.05',
      issueDate: utc(2021, 3, 14),
      serial: 12,
      outsideRegency: false,
    });
  });

  it('rejects the wrong length and non-digits', () => {
    expect(reasonOf('351905140321001')).toBe('KK number must be 16 digits, got 15');
    expect(reasonOf('35190514032100a2')).toBe('KK number must contain digits only, found "a" at position 15');
  });

  it('has no +40 day for women: days 0, 32 and 41 are not dates', () => {
    expect(reasonOf('3519050003210012')).toBe('day 00 is not a date');
    expect(reasonOf('3519053203210012')).toBe('day 32 is not a date');
    expect(reasonOf('3519054103210012')).toBe('day 41 is not a date');
  });

  it('rejects month 13 and 29 February of a common year', () => {
    expect(reasonOf('3519051413210012')).toBe('month 13 is not a month');
    expect(reasonOf('3519052902210012')).toBe('day 29 is not a date in February 2021');
    expect(parse('3519052902200012')).toMatchObject({ ok: true, issueDate: utc(2020, 2, 29) });
  });

  it('rejects serial 0000 and an unknown Madiun kecamatan', () => {
    expect(reasonOf('3519051403210000')).toBe('serial 0000 is not allowed');
    expect(reasonOf('3519991403210012')).toBe('region 35.19.99 does not exist');
  });

  it('accepts a card issued outside 35.19 but flags it', () => {
    expect(parse('3577011403210012')).toMatchObject({ ok: true, regionCode: '35.77.01', outsideRegency: true });
  });

  it('never reads an issue date as lying after the reference date', () => {
    expect(parse('3519051412260001')).toMatchObject({ ok: true, issueDate: utc(1926, 12, 14) });
    expect(parse('3519053006260001')).toMatchObject({ ok: true, issueDate: utc(2026, 6, 30) });
  });
});

describe('buildKk', () => {
  it('composes a KK number that parses back to its parts', () => {
    const kk = buildKk({ kecamatanCode: '35.19.05', issueDate: utc(2021, 3, 14), serial: 12 });
    expect(kk).toBe('3519051403210012');
    expect(parse(kk)).toMatchObject({ ok: true, regionCode: '35.19.05', issueDate: utc(2021, 3, 14), serial: 12 });
  });

  it('refuses a serial of 0', () => {
    expect(() => buildKk({ kecamatanCode: '35.19.05', issueDate: utc(2021, 3, 14), serial: 0 })).toThrow(RangeError);
  });
});
