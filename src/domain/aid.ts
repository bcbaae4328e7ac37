import type { EnrollmentStatus, ProgrammeCode } from './records';

/** One programme a person or household benefits from, in one status. */
export interface AidSummary {
  programme: ProgrammeCode;
  status: EnrollmentStatus;
}

export interface EnrollmentLike {
  programmeCode: ProgrammeCode;
  status: EnrollmentStatus;
  householdId: string;
  personId: string | null;
}

function addTo(list: AidSummary[], e: EnrollmentLike): void {
  if (!list.some((a) => a.programme === e.programmeCode && a.status === e.status)) {
    list.push({ programme: e.programmeCode, status: e.status });
  }
}

/**
 * Who benefits from which enrolment, kept on persons and households so that
 * "households in PKH" or "people receiving aid" need no join (MongoDB without
 * $lookup). A household benefits from its own enrolments and its members'; a
 * person from their own and from their household's household-level ones.
 */
export class AidIndex {
  private readonly byHousehold = new Map<string, AidSummary[]>();
  private readonly byPerson = new Map<string, AidSummary[]>();
  private readonly householdLevel = new Map<string, EnrollmentLike[]>();

  constructor(enrollments: Iterable<EnrollmentLike>) {
    for (const e of enrollments) {
      this.list(this.byHousehold, e.householdId, addTo, e);
      if (e.personId) this.list(this.byPerson, e.personId, addTo, e);
      else this.householdLevel.set(e.householdId, [...(this.householdLevel.get(e.householdId) ?? []), e]);
    }
  }

  private list(map: Map<string, AidSummary[]>, key: string, fn: typeof addTo, e: EnrollmentLike): void {
    const list = map.get(key) ?? [];
    fn(list, e);
    map.set(key, list);
  }

  household(householdId: string): AidSummary[] {
    return this.byHousehold.get(householdId) ?? [];
  }

  person(personId: string, householdId: string | null): AidSummary[] {
    const out = [...(this.byPerson.get(personId) ?? [])];
    for (const e of householdId ? (this.householdLevel.get(householdId) ?? []) : []) addTo(out, e);
    return out;
  }
}

/** Whether an aid summary holds an ACTIVE enrolment (penerima bantuan). */
export function receivesAid(aid: readonly AidSummary[]): boolean {
  return aid.some((a) => a.status === 'ACTIVE');
}
