import type { Regency } from '../../seeds/regency';
import { regencyOf } from './fixtures';

function expectSequentialIds(ids: string[], prefix: string, digits: number): void {
  expect(ids).toEqual(ids.map((_, i) => `${prefix}${String(i + 1).padStart(digits, '0')}`));
}

describe.each(['tiny', 'small', 'demo'] as const)('referential integrity of the %s regency', (name) => {
  const regency: Regency = regencyOf(name);
  const householdIds = new Set(regency.households.map((h) => h._id));
  const personIds = new Set(regency.persons.map((p) => p._id));
  const trainingIds = new Set(regency.trainings.map((t) => t._id));
  const programmeIds = new Set(regency.programmes.map((p) => p._id));

  it('numbers every collection with its own prefix, in order and without gaps', () => {
    expectSequentialIds(
      regency.persons.map((p) => p._id),
      'P',
      7,
    );
    expectSequentialIds(
      regency.households.map((h) => h._id),
      'H',
      7,
    );
    expectSequentialIds(
      regency.enrollments.map((e) => e._id),
      'E',
      8,
    );
    expectSequentialIds(
      regency.trainings.map((t) => t._id),
      'T',
      5,
    );
    expectSequentialIds(
      regency.participations.map((tp) => tp._id),
      'TP',
      8,
    );
    expectSequentialIds(
      regency.pilar.map((p) => p._id),
      'PL',
      4,
    );
  });

  it('points every reference at a record that exists', () => {
    for (const p of regency.persons) expect(householdIds.has(p.householdId!)).toBe(true);
    for (const h of regency.households) expect(personIds.has(h.headId)).toBe(true);
    for (const e of regency.enrollments) {
      expect(programmeIds.has(e.programmeCode)).toBe(true);
      expect(householdIds.has(e.householdId)).toBe(true);
      if (e.personId !== null) expect(personIds.has(e.personId)).toBe(true);
    }
    for (const tp of regency.participations) {
      expect(trainingIds.has(tp.trainingId)).toBe(true);
      expect(personIds.has(tp.personId)).toBe(true);
    }
  });

  it('adds up household member counts to the number of persons', () => {
    expect(regency.households.reduce((n, h) => n + h.memberCount, 0)).toBe(regency.persons.length);
  });

  it('never enrols the same beneficiary twice in one programme', () => {
    const keys = regency.enrollments.map((e) => `${e.programmeCode}|${e.personId ?? e.householdId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
