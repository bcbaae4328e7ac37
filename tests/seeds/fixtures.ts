import { ageOn } from '../../src/domain/age';
import type { HouseholdRecord, PersonRecord } from '../../src/domain/records';
import { DEFAULT_AS_OF, generateRegency, type Regency } from '../../seeds/regency';
import { SCENARIOS, type ScenarioName } from '../../seeds/regency/scenarios';

export const asOf = DEFAULT_AS_OF;

const built = new Map<ScenarioName, Regency>();

/** One build per scenario per test file: the specs read it and never change it. */
export function regencyOf(name: ScenarioName): Regency {
  let regency = built.get(name);
  if (!regency) {
    regency = generateRegency(SCENARIOS[name]);
    built.set(name, regency);
  }
  return regency;
}

export function lookups(regency: Regency) {
  const households = new Map<string, HouseholdRecord>(regency.households.map((h) => [h._id, h]));
  const persons = new Map<string, PersonRecord>(regency.persons.map((p) => [p._id, p]));
  const members = new Map<string, PersonRecord[]>();
  for (const p of regency.persons) {
    const list = members.get(p.householdId!) ?? [];
    list.push(p);
    members.set(p.householdId!, list);
  }
  return { households, persons, members, age: (p: PersonRecord) => ageOn(p.birthDate, asOf) };
}

export function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(predicate).length / items.length;
}

export const YEAR_MS = 365.2425 * 86_400_000;

/**
 * Every record `check` finds a problem with, as `id: problem; problem`: a spec asserts the list is empty. One matcher
 * call for a whole regency instead of several per record (thousands of `expect` calls were most of these specs' CPU),
 * and a failure names every offending record, not only the first.
 */
export function offending<T extends { _id: string }>(records: readonly T[], check: (record: T) => readonly (string | false | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    const problems = check(r).filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) out.push(`${r._id}: ${problems.join('; ')}`);
  }
  return out;
}
