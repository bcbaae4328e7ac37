import { NUMBER_FIELDS } from '../../src/auth/masking';
import { FIELD_RULES } from '../../src/auth/matrix';
import { buildNik, maskNumber } from '../../src/identifiers';

const KEY = 'k'.repeat(32);
const desaNiks = Array.from({ length: 44 }, (_, i) => buildNik({ kecamatanCode: '35.19.01', birthDate: new Date(Date.UTC(1990, 6, 5)), sex: 'FEMALE', serial: i + 1 }));

describe('maskNumber', () => {
  it('keeps no digit of the number: a tag labelled with what it stands for', () => {
    for (const nik of desaNiks) {
      const masked = maskNumber(KEY, 'pilar:PL0001', 'NIK', nik);
      expect(masked).toMatch(/^NIK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(masked).not.toContain(nik.slice(0, 4));
    }
    expect(maskNumber(KEY, 'pilar:PL0001', 'KK', '3519051403210012')).toMatch(/^KK-/);
  });

  it('tells the people of one desa apart, and is the same for the same number and viewer', () => {
    const masks = desaNiks.map((n) => maskNumber(KEY, 'pilar:PL0001', 'NIK', n));
    expect(new Set(masks).size).toBe(desaNiks.length);
    expect(desaNiks.map((n) => maskNumber(KEY, 'pilar:PL0001', 'NIK', n))).toEqual(masks);
  });

  it('differs between viewers, kinds of number and keys, so masks do not link across them', () => {
    const nik = desaNiks[0]!;
    const mine = maskNumber(KEY, 'pilar:PL0001', 'NIK', nik);
    expect(maskNumber(KEY, 'apikey:ak_0123456789abcdef', 'NIK', nik)).not.toBe(mine);
    expect(maskNumber(KEY, 'pilar:PL0001', 'KK', nik).slice(3)).not.toBe(mine.slice(4));
    expect(maskNumber('x'.repeat(32), 'pilar:PL0001', 'NIK', nik)).not.toBe(mine);
  });
});

it('every maskable field of the matrix says which kind of number it holds', () => {
  const maskable = Object.entries(FIELD_RULES).flatMap(([type, fields]) =>
    Object.entries(fields).flatMap(([field, rule]) => (typeof rule === 'object' && rule.kind === 'number' ? [`${type}.${field}`] : [])),
  );
  expect(maskable.sort()).toEqual(Object.keys(NUMBER_FIELDS).sort());
});
