import { buildNik, nikAttributeMismatch, parseNik } from '../../src/identifiers';

const referenceDate = new Date(Date.UTC(2026, 6, 1));
const parse = (nik: string) => parseNik(nik, { referenceDate });
const reasonOf = (nik: string): string => {
  const result = parse(nik);
  if (result.ok) throw new Error(`expected ${nik} to be invalid`);
  return result.reason;
};
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('parseNik', () => {
  it('reads region, birth date, sex and serial from a man’s NIK of Kabupaten Madiun', () => {
    expect(parse('3519010507900001')).toEqual({
      ok: true,
      nik: '3519010507900001',
      regionCode: '35.19.01',
      birthDate: utc(1990, 7, 5),
      sex: 'MALE',
      serial: 1,
      outsideRegency: false,
    });
  });

  it('reads a day of 41-71 as a woman born on day minus 40', () => {
    const result = parse('3519154507900012');
    expect(result).toMatchObject({ ok: true, sex: 'FEMALE', birthDate: utc(1990, 7, 5), serial: 12, regionCode: '35.19.15' });
    expect(parse('3519017101900001')).toMatchObject({ ok: true, sex: 'FEMALE', birthDate: utc(1990, 1, 31) });
  });

  it('rejects a NIK of the wrong length, saying how long it was', () => {
    expect(reasonOf('351901050790001')).toBe('NIK must be 16 digits, got 15');
    expect(reasonOf('35190105079000011')).toBe('NIK must be 16 digits, got 17');
    expect(reasonOf('')).toBe('NIK must be 16 digits, got 0');
  });

  it('rejects letters and spaces, naming the first one and its position', () => {
    expect(reasonOf('35190105079O0001')).toBe('NIK must contain digits only, found "O" at position 12');
    expect(reasonOf('3519 10507900001')).toBe('NIK must contain digits only, found " " at position 5');
  });

  it.each([
    ['00', '3519010007900001'],
    ['32', '3519013207900001'],
    ['40', '3519014007900001'],
    ['72', '3519017207900001'],
  ])('rejects day %s, which is neither a man’s (1-31) nor a woman’s (41-71) day', (day, nik) => {
    expect(reasonOf(nik)).toBe(`day ${day} is not a date`);
  });

  it('rejects month 13 and month 00', () => {
    expect(reasonOf('3519011513900001')).toBe('month 13 is not a month');
    expect(reasonOf('3519011500900001')).toBe('month 00 is not a month');
  });

  it('rejects 29 February of a common year for men and women, and accepts it in a leap year', () => {
    expect(reasonOf('3519012902230001')).toBe('day 29 is not a date in February 2023');
    expect(reasonOf('3519016902230001')).toBe('day 69 (29 for a woman) is not a date in February 2023');
    expect(reasonOf('3519013104900001')).toBe('day 31 is not a date in April 1990');
    expect(parse('3519012902240001')).toMatchObject({ ok: true, birthDate: utc(2024, 2, 29) });
    expect(parse('3519016902000001')).toMatchObject({ ok: true, birthDate: utc(2000, 2, 29), sex: 'FEMALE' });
  });

  it('rejects serial 0000', () => {
    expect(reasonOf('3519010507900000')).toBe('serial 0000 is not allowed');
  });

  it('rejects a kecamatan code that does not exist in Kabupaten Madiun', () => {
    expect(reasonOf('3519990507900001')).toBe('region 35.19.99 does not exist');
    expect(reasonOf('3519160507900001')).toBe('region 35.19.16 does not exist');
    expect(reasonOf('3519000507900001')).toBe('region 35.19.00 is not a kecamatan code');
  });

  it('accepts a well-formed NIK from outside 35.19 but flags it', () => {
    expect(parse('3578010507900001')).toMatchObject({ ok: true, regionCode: '35.78.01', outsideRegency: true });
    expect(parse('1101014507900001')).toMatchObject({ ok: true, regionCode: '11.01.01', outsideRegency: true });
  });

  it('rejects provinces outside 11-94 and zero kabupaten or kecamatan codes elsewhere', () => {
    expect(reasonOf('9901010507900001')).toBe('region 99.01.01 does not exist (province 99 is outside 11-94)');
    expect(reasonOf('1001010507900001')).toBe('region 10.01.01 does not exist (province 10 is outside 11-94)');
    expect(reasonOf('3500010507900001')).toBe('region 35.00.01 is not a kecamatan code');
  });

  it('resolves the century against the reference year: above its two digits is 19xx, otherwise 20xx', () => {
    expect(parse('3519010503260001')).toMatchObject({ ok: true, birthDate: utc(2026, 3, 5) });
    expect(parse('3519010503270001')).toMatchObject({ ok: true, birthDate: utc(1927, 3, 5) });
    expect(parse('3519010503000001')).toMatchObject({ ok: true, birthDate: utc(2000, 3, 5) });
    expect(parseNik('3519010503270001', { referenceDate: utc(2030, 1, 1) })).toMatchObject({ birthDate: utc(2027, 3, 5) });
  });

  it('reads a date later in the reference year as the previous century rather than as a future birth', () => {
    expect(parse('3519010512260001')).toMatchObject({ ok: true, birthDate: utc(1926, 12, 5) });
    expect(parse('3519010107260001')).toMatchObject({ ok: true, birthDate: utc(2026, 7, 1) });
  });

  it('checks Madiun kecamatan against a caller-supplied list when one is given', () => {
    const kecamatanCodes = new Set(['35.19.01']);
    expect(parseNik('3519020507900001', { referenceDate, kecamatanCodes })).toEqual({ ok: false, reason: 'region 35.19.02 does not exist' });
    expect(parseNik('3519010507900001', { referenceDate, kecamatanCodes }).ok).toBe(true);
  });
});

describe('buildNik', () => {
  it('composes region, birth date (+40 for women) and a zero-padded serial', () => {
    expect(buildNik({ kecamatanCode: '35.19.01', birthDate: utc(1990, 7, 5), sex: 'MALE', serial: 1 })).toBe('3519010507900001');
    expect(buildNik({ kecamatanCode: '35.19.12', birthDate: utc(2003, 12, 31), sex: 'FEMALE', serial: 427 })).toBe('3519127112030427');
  });

  it('round-trips through parseNik', () => {
    for (const [date, sex] of [
      [utc(1950, 2, 28), 'FEMALE'],
      [utc(2000, 2, 29), 'MALE'],
      [utc(2025, 11, 30), 'FEMALE'],
    ] as const) {
      const parsed = parse(buildNik({ kecamatanCode: '35.19.07', birthDate: date, sex, serial: 9999 }));
      expect(parsed).toMatchObject({ ok: true, birthDate: date, sex, serial: 9999, regionCode: '35.19.07' });
    }
  });

  it('refuses malformed parts instead of producing a wrong NIK', () => {
    const birthDate = utc(1990, 7, 5);
    expect(() => buildNik({ kecamatanCode: '35.19', birthDate, sex: 'MALE', serial: 1 })).toThrow(RangeError);
    expect(() => buildNik({ kecamatanCode: '35.19.01', birthDate, sex: 'MALE', serial: 0 })).toThrow(RangeError);
    expect(() => buildNik({ kecamatanCode: '35.19.01', birthDate, sex: 'MALE', serial: 10_000 })).toThrow(RangeError);
    expect(() => buildNik({ kecamatanCode: '35.19.01', birthDate: new Date(NaN), sex: 'MALE', serial: 1 })).toThrow(RangeError);
  });
});

describe('nikAttributeMismatch', () => {
  const nik = '3519014507900001';

  it('finds nothing when the stored birth date and sex agree with the NIK', () => {
    expect(nikAttributeMismatch(nik, { birthDate: utc(1990, 7, 5), sex: 'FEMALE' })).toEqual([]);
  });

  it('names the birth date, the sex, or both when they disagree', () => {
    expect(nikAttributeMismatch(nik, { birthDate: utc(1990, 7, 6), sex: 'FEMALE' })).toEqual(['birthDate']);
    expect(nikAttributeMismatch(nik, { birthDate: utc(1990, 7, 5), sex: 'MALE' })).toEqual(['sex']);
    expect(nikAttributeMismatch(nik, { birthDate: utc(1991, 7, 5), sex: 'MALE' })).toEqual(['birthDate', 'sex']);
  });

  it('does not invent a mismatch from the century the two-digit year leaves open', () => {
    expect(nikAttributeMismatch('3519010503260001', { birthDate: utc(1926, 3, 5), sex: 'MALE' })).toEqual([]);
  });

  it('compares only what is stored, and nothing for a NIK that is not 16 digits', () => {
    expect(nikAttributeMismatch(nik, { sex: 'MALE' })).toEqual(['sex']);
    expect(nikAttributeMismatch(nik, { birthDate: null, sex: null })).toEqual([]);
    expect(nikAttributeMismatch('35190145079', { birthDate: utc(1990, 7, 5), sex: 'MALE' })).toEqual([]);
  });
});
