import { ageGroupOf, ageOn } from '../../src/domain/age';

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('ageOn', () => {
  it('counts completed years, turning a year older on the birthday itself', () => {
    expect(ageOn(utc(1990, 7, 5), utc(2026, 7, 4))).toBe(35);
    expect(ageOn(utc(1990, 7, 5), utc(2026, 7, 5))).toBe(36);
    expect(ageOn(utc(2026, 7, 1), utc(2026, 7, 1))).toBe(0);
  });

  it('lets someone born on 29 February age on 1 March in common years', () => {
    expect(ageOn(utc(2000, 2, 29), utc(2025, 2, 28))).toBe(24);
    expect(ageOn(utc(2000, 2, 29), utc(2025, 3, 1))).toBe(25);
  });
});

describe('ageGroupOf', () => {
  it.each([
    [0, 'CHILD'],
    [14, 'CHILD'],
    [15, 'YOUTH'],
    [30, 'YOUTH'],
    [31, 'ADULT'],
    [59, 'ADULT'],
    [60, 'ELDER'],
    [101, 'ELDER'],
  ])('puts age %i in %s', (age, group) => {
    expect(ageGroupOf(age)).toBe(group);
  });

  it('refuses a negative age', () => {
    expect(() => ageGroupOf(-1)).toThrow(RangeError);
  });
});
