import type { Regency } from '../../seeds/regency';
import { offending, regencyOf } from './fixtures';

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
    const missing = (ids: Set<string>, id: string | null | undefined, what: string) => !ids.has(id!) && `${what} ${id} does not exist`;
    expect(offending(regency.persons, (p) => [missing(householdIds, p.householdId, 'household')])).toEqual([]);
    expect(offending(regency.households, (h) => [missing(personIds, h.headId, 'head')])).toEqual([]);
    expect(
      offending(regency.enrollments, (e) => [
        missing(programmeIds, e.programmeCode, 'programme'),
        missing(householdIds, e.householdId, 'household'),
        e.personId !== null && missing(personIds, e.personId, 'person'),
      ]),
    ).toEqual([]);
    expect(offending(regency.participations, (tp) => [missing(trainingIds, tp.trainingId, 'training'), missing(personIds, tp.personId, 'person')])).toEqual([]);
  });

  it('adds up household member counts to the number of persons', () => {
    expect(regency.households.reduce((n, h) => n + h.memberCount, 0)).toBe(regency.persons.length);
  });

  it('never enrols the same beneficiary twice in one programme', () => {
    const keys = regency.enrollments.map((e) => `${e.programmeCode}|${e.personId ?? e.householdId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
