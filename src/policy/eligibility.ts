import { ageOn } from '../domain/age';
import type { Disability, EnrollmentRecord, ProgrammeRecord } from '../domain/records';
import { exceedsMaxDuration, yearsReceived } from './programmes';

/*
 * Programme rules checked when an aid proposal is submitted (docs/domain.md section 6 and 9).
 * Pure: the caller reads the subject, its family and its enrolments, and this decides. The
 * numbers (desil range, maxYears) and condition codes come from the programme record, so a
 * change of national policy stays a data change.
 */

export type ProposalKind = 'ENROL' | 'GRADUATE' | 'TERMINATE';

/** What the rules need to know of one member of the family (or of the person proposed). */
export interface EligibilityMember {
  birthDate: Date;
  pregnant: boolean;
  disability: Disability | null;
  isDeceased: boolean;
  movedOut?: unknown;
}

export interface EligibilitySubject {
  /** HOUSEHOLD when a family is proposed, PERSON when one person is. */
  level: 'HOUSEHOLD' | 'PERSON';
  /** The family's welfare rank (desil); for a person, their family's. Null when DT-SEN has none. */
  desil: number | null;
  /** The person proposed (PERSON level). */
  person: EligibilityMember | null;
  /** The family's members (both levels: the PKH components are counted over them). */
  members: readonly EligibilityMember[];
  /** The subject's enrolments in any programme (the family's own for HOUSEHOLD, the person's own for PERSON). */
  enrollments: readonly Pick<EnrollmentRecord, 'programmeCode' | 'status' | 'startDate' | 'endDate'>[];
  /** The day the rules are checked on. */
  asOf: Date;
}

/**
 * One rule the proposal does not meet. `overridable` rules may be set aside by a proposer who gives a
 * justification; the others make the proposal meaningless (proposing a family for a person-level
 * programme, graduating a family that is not enrolled) and no justification helps.
 */
export interface RuleFailure {
  rule: EligibilityRule;
  reason: string;
  overridable: boolean;
}

export type EligibilityRule =
  | 'SUBJECT_LEVEL'
  | 'NOT_ALIVE_IN_REGENCY'
  | 'ALREADY_ENROLLED'
  | 'NOT_ENROLLED'
  | 'DESIL_UNKNOWN'
  | 'DESIL_RANGE'
  | 'MAX_YEARS'
  | 'CONDITION_HAS_PKH_COMPONENT'
  | 'CONDITION_AGED_13_TO_18'
  | 'CONDITION_AGED_18_TO_59'
  | 'CONDITION_HAS_DISABILITY'
  | 'CONDITION_UNKNOWN'
  | 'NO_GRADUATION_GROUND'
  | 'NO_TERMINATION_GROUND';

const living = (m: EligibilityMember): boolean => !m.isDeceased && !m.movedOut;

/** The PKH components (docs/domain.md section 6) a family's living members give it. */
export function pkhComponentsOf(members: readonly EligibilityMember[], asOf: Date): string[] {
  const found = new Set<string>();
  for (const m of members.filter(living)) {
    const age = ageOn(m.birthDate, asOf);
    if (m.pregnant) found.add('IBU_HAMIL');
    if (age <= 6) found.add('ANAK_USIA_DINI');
    else if (age <= 12) found.add('SD');
    else if (age <= 15) found.add('SMP');
    else if (age <= 18) found.add('SMA');
    if (m.disability?.severity === 'SEVERE') found.add('DISABILITAS_BERAT');
    if (age >= 60) found.add('LANSIA');
  }
  return [...found].sort();
}

/** A condition of the programme's eligibility: null when it holds, else why not. */
function conditionFailure(code: string, subject: EligibilitySubject): RuleFailure | null {
  const overridable = true;
  const age = subject.person ? ageOn(subject.person.birthDate, subject.asOf) : null;
  switch (code) {
    case 'HAS_PKH_COMPONENT':
      return pkhComponentsOf(subject.members, subject.asOf).length > 0
        ? null
        : {
            rule: 'CONDITION_HAS_PKH_COMPONENT',
            reason: 'the family has no PKH component: no pregnant woman, child up to 18, person with a severe disability or elder of 60 or more',
            overridable,
          };
    case 'AGED_13_TO_18':
      return age !== null && age >= 13 && age <= 18
        ? null
        : { rule: 'CONDITION_AGED_13_TO_18', reason: `the programme is for children aged 13 to 18${age === null ? '' : `; the person is ${age}`}`, overridable };
    case 'AGED_18_TO_59':
      return age !== null && age >= 18 && age <= 59
        ? null
        : { rule: 'CONDITION_AGED_18_TO_59', reason: `the programme is for adults aged 18 to 59${age === null ? '' : `; the person is ${age}`}`, overridable };
    case 'HAS_DISABILITY':
      return subject.person?.disability
        ? null
        : { rule: 'CONDITION_HAS_DISABILITY', reason: 'the programme is for people with a disability; none is recorded for the person', overridable };
    default:
      // Deny by default: a condition this hub cannot test is not assumed to hold.
      return { rule: 'CONDITION_UNKNOWN', reason: `the programme names a condition the hub cannot check (${code.slice(0, 40)})`, overridable };
  }
}

function desilFailure(subject: EligibilitySubject, programme: ProgrammeRecord): RuleFailure | null {
  const { desilMin, desilMax } = programme.eligibility;
  if (subject.desil === null) {
    return { rule: 'DESIL_UNKNOWN', reason: `the family has no welfare rank (desil) in DT-SEN; ${programme._id} is for desil ${desilMin}-${desilMax}`, overridable: true };
  }
  if (subject.desil < desilMin || subject.desil > desilMax) {
    return { rule: 'DESIL_RANGE', reason: `the family is in desil ${subject.desil}; ${programme._id} is for desil ${desilMin}-${desilMax}`, overridable: true };
  }
  return null;
}

/** Years already received in the programme, over all its enrolments (the 5-year cap counts every period). */
function yearsInProgramme(subject: EligibilitySubject, programme: ProgrammeRecord): number {
  return subject.enrollments.filter((e) => e.programmeCode === programme._id).reduce((sum, e) => sum + yearsReceived(e, subject.asOf), 0);
}

function enrolFailures(subject: EligibilitySubject, programme: ProgrammeRecord): RuleFailure[] {
  const out: RuleFailure[] = [];
  const current = subject.enrollments.find((e) => e.programmeCode === programme._id && (e.status === 'ACTIVE' || e.status === 'SUSPENDED'));
  if (current) out.push({ rule: 'ALREADY_ENROLLED', reason: `already enrolled in ${programme._id} (${current.status})`, overridable: false });
  const desil = desilFailure(subject, programme);
  if (desil) out.push(desil);
  if (programme.maxYears !== null) {
    const years = Math.round(yearsInProgramme(subject, programme) * 10) / 10;
    if (years >= programme.maxYears) {
      out.push({ rule: 'MAX_YEARS', reason: `already received ${programme._id} for ${years} years; at most ${programme.maxYears}`, overridable: true });
    }
  }
  for (const code of programme.eligibility.conditions) {
    const failure = conditionFailure(code, subject);
    if (failure) out.push(failure);
  }
  return out;
}

/** Graduation candidates (docs/domain.md section 6): past the cap, above the ceiling, or no component left. */
function graduationGrounds(subject: EligibilitySubject, programme: ProgrammeRecord, active: EligibilitySubject['enrollments'][number]): string[] {
  const grounds: string[] = [];
  if (exceedsMaxDuration(active, programme, subject.asOf)) grounds.push('past the maximum duration');
  if (subject.desil !== null && subject.desil > programme.eligibility.desilMax) grounds.push(`desil ${subject.desil} is above the ceiling`);
  for (const code of programme.eligibility.conditions) if (conditionFailure(code, subject)) grounds.push(`no longer meets ${code}`);
  return grounds;
}

/**
 * The rules a proposal of `kind` for `subject` in `programme` does not meet; empty when it meets them all.
 * - ENROL: the programme's level, not already enrolled, desil range, the maximum years over all past
 *   enrolments, every eligibility condition.
 * - GRADUATE: an ACTIVE enrolment, and a ground for graduation (past maxYears, above the desil ceiling,
 *   a condition no longer met).
 * - TERMINATE: an ACTIVE or SUSPENDED enrolment, and a ground (the person or whole family deceased or
 *   moved out, above the ceiling, a condition no longer met).
 */
export function checkEligibility(subject: EligibilitySubject, programme: ProgrammeRecord, kind: ProposalKind): RuleFailure[] {
  if (subject.level !== programme.level) {
    return [
      {
        rule: 'SUBJECT_LEVEL',
        reason: `${programme._id} enrols ${programme.level === 'HOUSEHOLD' ? 'families' : 'persons'}, not ${subject.level === 'HOUSEHOLD' ? 'families' : 'persons'}`,
        overridable: false,
      },
    ];
  }
  const alive = subject.level === 'PERSON' ? subject.person !== null && living(subject.person) : subject.members.some(living);
  const inProgramme = subject.enrollments.filter((e) => e.programmeCode === programme._id);
  if (kind === 'ENROL') {
    if (!alive)
      return [
        {
          rule: 'NOT_ALIVE_IN_REGENCY',
          reason: subject.level === 'PERSON' ? 'the person is deceased or moved out of the regency' : 'no living member of the family remains in the regency',
          overridable: false,
        },
      ];
    return enrolFailures(subject, programme);
  }
  const active = inProgramme.find((e) => e.status === 'ACTIVE') ?? (kind === 'TERMINATE' ? inProgramme.find((e) => e.status === 'SUSPENDED') : undefined);
  if (!active) {
    return [
      {
        rule: 'NOT_ENROLLED',
        reason: `no ${kind === 'GRADUATE' ? 'ACTIVE' : 'ACTIVE or SUSPENDED'} enrolment in ${programme._id} to ${kind === 'GRADUATE' ? 'graduate from' : 'terminate'}`,
        overridable: false,
      },
    ];
  }
  const grounds = graduationGrounds(subject, programme, active);
  if (kind === 'GRADUATE') {
    return grounds.length > 0
      ? []
      : [
          {
            rule: 'NO_GRADUATION_GROUND',
            reason: `still within ${programme._id}'s rules: not past the maximum duration, not above the desil ceiling, every condition met`,
            overridable: true,
          },
        ];
  }
  if (!alive) return [];
  return grounds.length > 0 ? [] : [{ rule: 'NO_TERMINATION_GROUND', reason: `still within ${programme._id}'s rules, alive and in the regency`, overridable: true }];
}
