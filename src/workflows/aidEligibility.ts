import { fieldDecision } from '../auth/decide';
import type { Viewer } from '../auth/viewer';
import { Household, type HouseholdDoc } from '../db/models/household';
import { Person, type PersonDoc } from '../db/models/person';
import { Enrollment } from '../db/models/programme';
import type { ProgrammeRecord } from '../domain/records';
import type { EligibilitySubject } from '../policy/eligibility';

/*
 * Reads what the programme rules need about a proposed family or person (src/policy/eligibility.ts decides), and words
 * the failures for the viewer who proposes: the rule that fails is the answer the workflow owes, but the value behind
 * it is not repeated to a viewer who may not read it (a PSM, without WELFARE, learns that the family is outside PKH's
 * desil range, not its desil).
 */

export interface ProposedSubject {
  level: 'HOUSEHOLD' | 'PERSON';
  household: HouseholdDoc;
  person: PersonDoc | null;
}

const memberFields = { birthDate: 1, pregnant: 1, disability: 1, isDeceased: 1, movedOut: 1 } as const;

/** The subject's facts as the rules read them, read whole (the viewer's scope was checked on the subject itself). */
export async function eligibilitySubject(subject: ProposedSubject, now: Date): Promise<EligibilitySubject> {
  const members = await Person.find({ householdId: subject.household._id }, memberFields).lean();
  const enrollments =
    subject.level === 'HOUSEHOLD'
      ? await Enrollment.find({ householdId: subject.household._id, personId: null }, { programmeCode: 1, status: 1, startDate: 1, endDate: 1 }).lean()
      : await Enrollment.find({ personId: subject.person!._id }, { programmeCode: 1, status: 1, startDate: 1, endDate: 1 }).lean();
  return { level: subject.level, desil: subject.household.desil, person: subject.person, members, enrollments, asOf: now };
}

/** The household of a proposed person, read whole: its desil is a rule's input, not an answer to the viewer. */
export async function householdOf(person: PersonDoc): Promise<HouseholdDoc | null> {
  return person.householdId ? Household.findById(person.householdId).lean() : null;
}

/**
 * Rule failures worded for this viewer: values of groups it may not read are left out of the reasons. Proposals store
 * the reasons in full and every reader gets them worded for itself (a PSM reading what a TKSK proposed included).
 */
export function failuresFor<F extends { rule: string; reason: string }>(viewer: Viewer, failures: F[], programme: Pick<ProgrammeRecord, '_id' | 'eligibility' | 'maxYears'>): F[] {
  const readsDesil = fieldDecision(viewer, 'Household', 'desil') === 'allow';
  const readsEnrolments = fieldDecision(viewer, 'Person', 'enrollments') === 'allow';
  const { desilMin, desilMax } = programme.eligibility;
  return failures.map((f) => {
    if (f.rule === 'DESIL_RANGE' && !readsDesil) return { ...f, reason: `the family's welfare rank is outside ${programme._id}'s range (desil ${desilMin}-${desilMax})` };
    if (f.rule === 'MAX_YEARS' && !readsEnrolments) return { ...f, reason: `the subject has already received ${programme._id} for its maximum of ${programme.maxYears} years` };
    return f;
  });
}
