import { ENROLLMENT_STATUSES, PROGRAMME_CODES } from './codes';
import type { EnrollmentStatus, ProgrammeCode } from './records';

/**
 * One programme a person or household benefits from, in one status, as a
 * token `PROGRAMME:STATUS` (e.g. `PKH:ACTIVE`). Tokens in a plain string array
 * let "households in PKH" or "people receiving aid" be an equality or `$in` on
 * one indexed array field: no join (MongoDB without $lookup), and no
 * `$elemMatch` on sub-documents, which the embedded engine does not support.
 */
export type AidToken = `${ProgrammeCode}:${EnrollmentStatus}`;

export const aidToken = (programme: ProgrammeCode, status: EnrollmentStatus): AidToken => `${programme}:${status}`;

/** The tokens that mean "in this programme" and/or "in this status" (all of them when both are absent). */
export function aidTokens(programme?: ProgrammeCode | null, status?: EnrollmentStatus | null): AidToken[] {
  const programmes = programme ? [programme] : PROGRAMME_CODES;
  const statuses = status ? [status] : ENROLLMENT_STATUSES;
  return programmes.flatMap((p) => statuses.map((s) => aidToken(p, s)));
}

export interface EnrollmentLike {
  programmeCode: ProgrammeCode;
  status: EnrollmentStatus;
  householdId: string;
  personId: string | null;
}

function addTo(list: AidToken[], e: EnrollmentLike): void {
  const token = aidToken(e.programmeCode, e.status);
  if (!list.includes(token)) list.push(token);
}

/**
 * Who benefits from which enrolment. A household benefits from its own
 * enrolments and its members'; a person from their own and from their
 * household's household-level ones.
 */
export class AidIndex {
  private readonly byHousehold = new Map<string, AidToken[]>();
  private readonly byPerson = new Map<string, AidToken[]>();
  private readonly householdLevel = new Map<string, EnrollmentLike[]>();

  constructor(enrollments: Iterable<EnrollmentLike>) {
    for (const e of enrollments) {
      addTo(this.listOf(this.byHousehold, e.householdId), e);
      if (e.personId) addTo(this.listOf(this.byPerson, e.personId), e);
      else this.householdLevel.set(e.householdId, [...(this.householdLevel.get(e.householdId) ?? []), e]);
    }
  }

  private listOf(map: Map<string, AidToken[]>, key: string): AidToken[] {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  }

  household(householdId: string): AidToken[] {
    return [...(this.byHousehold.get(householdId) ?? [])].sort();
  }

  person(personId: string, householdId: string | null): AidToken[] {
    const out = [...(this.byPerson.get(personId) ?? [])];
    for (const e of householdId ? (this.householdLevel.get(householdId) ?? []) : []) addTo(out, e);
    return out.sort();
  }
}

/** Whether the tokens hold an ACTIVE enrolment (penerima bantuan). */
export function receivesAid(aid: readonly string[]): boolean {
  return aid.some((t) => t.endsWith(':ACTIVE'));
}
