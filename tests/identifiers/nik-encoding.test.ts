import { buildNik, nikAttributeMismatch, nikEncodedText } from '../../src/identifiers';

describe('what a NIK encodes, as a discrepancy states it (the one decoder, src/identifiers/nik.ts)', () => {
  const woman = buildNik({ kecamatanCode: '35.19.01', birthDate: new Date(Date.UTC(1990, 4, 7)), sex: 'FEMALE', serial: 1 });
  const man = buildNik({ kecamatanCode: '35.19.01', birthDate: new Date(Date.UTC(1990, 4, 7)), sex: 'MALE', serial: 2 });

  it("names the sex from the day digits (a woman's day is 40 higher) and the date digits as written", () => {
    expect([nikEncodedText(woman, 'sex'), nikEncodedText(man, 'sex')]).toEqual(['FEMALE', 'MALE']);
    expect(nikEncodedText(woman, 'birthDate')).toBe('47-05-90 (DD-MM-YY, women +40)');
    expect(nikEncodedText(man, 'birthDate')).toBe('07-05-90 (DD-MM-YY, women +40)');
  });

  it("agrees with the mismatch check: a man recorded with a woman's NIK mismatches on the sex it encodes", () => {
    expect(nikAttributeMismatch(woman, { sex: 'MALE', birthDate: new Date(Date.UTC(1990, 4, 7)) })).toEqual(['sex']);
    expect(nikEncodedText(woman, 'sex')).not.toBe('MALE');
  });
});
