import type { HouseholdRecord, PersonRecord } from '../../src/domain/records';

/**
 * The families as built, with the two indexes later stages need. Members of a household
 * are contiguous in `persons`, head first, so a household's members are a slice of
 * indexes rather than a copied array.
 */
export interface Population {
  households: HouseholdRecord[];
  persons: PersonRecord[];
  /** Index in `persons` of each household's head, by household index. */
  firstMember: number[];
  /** Completed years on asOf, by person index. */
  ages: number[];
  asOfDay: number;
}

export function memberRange(pop: Population, householdIndex: number): [start: number, end: number] {
  const start = pop.firstMember[householdIndex]!;
  return [start, start + pop.households[householdIndex]!.memberCount];
}

/** The household a person belongs to, by binary search over the contiguous member blocks. */
export function householdIndexOf(pop: Population, personIndex: number): number {
  let lo = 0;
  let hi = pop.firstMember.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pop.firstMember[mid]! <= personIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
