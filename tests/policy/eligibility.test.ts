import { programme } from '../../src/reference/programmes';
import { checkEligibility, type EligibilityMember, type EligibilitySubject } from '../../src/policy/eligibility';

const asOf = new Date('2026-06-01T00:00:00Z');
const born = (age: number): Date => new Date(Date.UTC(2026 - age, 0, 15));
const member = (age: number, extra: Partial<EligibilityMember> = {}): EligibilityMember => ({
  birthDate: born(age),
  pregnant: false,
  disability: null,
  isDeceased: false,
  ...extra,
});
const family = (desil: number | null, members: EligibilityMember[], enrollments: EligibilitySubject['enrollments'] = []): EligibilitySubject => ({
  level: 'HOUSEHOLD',
  desil,
  person: null,
  members,
  enrollments,
  asOf,
});
const person = (desil: number | null, p: EligibilityMember, enrollments: EligibilitySubject['enrollments'] = []): EligibilitySubject => ({
  level: 'PERSON',
  desil,
  person: p,
  members: [p],
  enrollments,
  asOf,
});
const since = (year: number, programmeCode: 'PKH' | 'BPNT' = 'PKH', status: 'ACTIVE' | 'GRADUATED' = 'ACTIVE', end: Date | null = null) => ({
  programmeCode,
  status,
  startDate: new Date(Date.UTC(year, 0, 1)),
  endDate: end,
});
const rules = (failures: { rule: string }[]) => failures.map((f) => f.rule);

describe('programme rules at submission (checkEligibility)', () => {
  test('a desil 2 family with a school child meets every PKH rule', () => {
    expect(checkEligibility(family(2, [member(40), member(9)]), programme('PKH'), 'ENROL')).toEqual([]);
  });

  test('a desil 6 family is outside PKH, and the reason names the ceiling', () => {
    const failures = checkEligibility(family(6, [member(40), member(9)]), programme('PKH'), 'ENROL');
    expect(rules(failures)).toEqual(['DESIL_RANGE']);
    expect(failures[0]!.reason).toBe('the family is in desil 6; PKH is for desil 1-4');
    expect(failures[0]!.overridable).toBe(true);
  });

  test('a family without a desil fails DESIL_UNKNOWN', () => {
    expect(rules(checkEligibility(family(null, [member(40), member(9)]), programme('PKH'), 'ENROL'))).toEqual(['DESIL_UNKNOWN']);
  });

  test('a family with no pregnant woman, child, severe disability or elder has no PKH component', () => {
    expect(rules(checkEligibility(family(1, [member(40), member(35)]), programme('PKH'), 'ENROL'))).toEqual(['CONDITION_HAS_PKH_COMPONENT']);
    expect(checkEligibility(family(1, [member(40, { pregnant: true })]), programme('PKH'), 'ENROL')).toEqual([]);
    expect(checkEligibility(family(1, [member(40, { disability: { type: 'PHYSICAL', severity: 'SEVERE' } })]), programme('PKH'), 'ENROL')).toEqual([]);
    expect(checkEligibility(family(1, [member(61)]), programme('PKH'), 'ENROL')).toEqual([]);
    // A dead child gives no component.
    expect(rules(checkEligibility(family(1, [member(40), member(5, { isDeceased: true })]), programme('PKH'), 'ENROL'))).toEqual(['CONDITION_HAS_PKH_COMPONENT']);
  });

  test('PKH caps a family at 5 years over all its past periods (Kemensos 2025)', () => {
    const past = [since(2019, 'PKH', 'GRADUATED', new Date('2022-01-01T00:00:00Z')), since(2023, 'PKH', 'GRADUATED', new Date('2025-06-01T00:00:00Z'))];
    const failures = checkEligibility(family(1, [member(40), member(9)], past), programme('PKH'), 'ENROL');
    expect(rules(failures)).toEqual(['MAX_YEARS']);
    expect(failures[0]!.reason).toMatch(/^already received PKH for 5\.\d years; at most 5$/);
    // BPNT years do not count against PKH.
    expect(checkEligibility(family(1, [member(40), member(9)], [since(2015, 'BPNT', 'GRADUATED', new Date('2021-01-01T00:00:00Z'))]), programme('PKH'), 'ENROL')).toEqual([]);
  });

  test('an ACTIVE enrolment makes a second one meaningless: ALREADY_ENROLLED, not overridable', () => {
    const failures = checkEligibility(family(2, [member(40), member(9)], [since(2024)]), programme('PKH'), 'ENROL');
    expect(failures.map((f) => [f.rule, f.overridable])).toEqual([['ALREADY_ENROLLED', false]]);
  });

  test('the level of the programme decides the subject: a family cannot be proposed for ATENSI', () => {
    const failures = checkEligibility(family(2, [member(40)]), programme('ATENSI'), 'ENROL');
    expect(failures).toEqual([{ rule: 'SUBJECT_LEVEL', reason: 'ATENSI enrols persons, not families', overridable: false }]);
  });

  test('Sekolah Rakyat is for children aged 13 to 18 of desil 1-2 families', () => {
    expect(checkEligibility(person(2, member(14)), programme('SEKOLAH_RAKYAT'), 'ENROL')).toEqual([]);
    const failures = checkEligibility(person(3, member(19)), programme('SEKOLAH_RAKYAT'), 'ENROL');
    expect(rules(failures)).toEqual(['DESIL_RANGE', 'CONDITION_AGED_13_TO_18']);
    expect(failures[1]!.reason).toBe('the programme is for children aged 13 to 18; the person is 19');
  });

  test('ATENSI needs a recorded disability; Permodalan Usaha an adult of 18 to 59', () => {
    expect(rules(checkEligibility(person(7, member(30)), programme('ATENSI'), 'ENROL'))).toEqual(['CONDITION_HAS_DISABILITY']);
    expect(checkEligibility(person(7, member(30, { disability: { type: 'SENSORY', severity: 'MILD' } })), programme('ATENSI'), 'ENROL')).toEqual([]);
    expect(rules(checkEligibility(person(3, member(62)), programme('PERMODALAN_USAHA'), 'ENROL'))).toEqual(['CONDITION_AGED_18_TO_59']);
  });

  test('a deceased person is not enrolled, whatever the justification', () => {
    const failures = checkEligibility(person(1, member(30, { isDeceased: true })), programme('PBI_JK'), 'ENROL');
    expect(failures.map((f) => [f.rule, f.overridable])).toEqual([['NOT_ALIVE_IN_REGENCY', false]]);
  });

  test('an unknown condition on a programme record fails rather than passes', () => {
    const odd = { ...programme('BPNT'), eligibility: { desilMin: 1, desilMax: 4, conditions: ['LIVES_ON_MARS'] } };
    expect(rules(checkEligibility(family(1, [member(40)]), odd, 'ENROL'))).toEqual(['CONDITION_UNKNOWN']);
  });

  test('graduation needs an ACTIVE enrolment and a ground: past 5 years, above the ceiling, or no component left', () => {
    expect(rules(checkEligibility(family(2, [member(40), member(9)]), programme('PKH'), 'GRADUATE'))).toEqual(['NOT_ENROLLED']);
    expect(rules(checkEligibility(family(2, [member(40), member(9)], [since(2024)]), programme('PKH'), 'GRADUATE'))).toEqual(['NO_GRADUATION_GROUND']);
    expect(checkEligibility(family(2, [member(40), member(9)], [since(2019)]), programme('PKH'), 'GRADUATE')).toEqual([]);
    expect(checkEligibility(family(5, [member(40), member(9)], [since(2024)]), programme('PKH'), 'GRADUATE')).toEqual([]);
    expect(checkEligibility(family(2, [member(40), member(35)], [since(2024)]), programme('PKH'), 'GRADUATE')).toEqual([]);
  });

  test('termination needs an ACTIVE or SUSPENDED enrolment and a ground; death is one', () => {
    expect(rules(checkEligibility(person(1, member(30)), programme('PBI_JK'), 'TERMINATE'))).toEqual(['NOT_ENROLLED']);
    const enrolled = [{ programmeCode: 'PBI_JK' as const, status: 'SUSPENDED' as const, startDate: new Date('2024-01-01T00:00:00Z'), endDate: null }];
    expect(rules(checkEligibility(person(1, member(30), enrolled), programme('PBI_JK'), 'TERMINATE'))).toEqual(['NO_TERMINATION_GROUND']);
    expect(checkEligibility(person(1, member(30, { isDeceased: true }), enrolled), programme('PBI_JK'), 'TERMINATE')).toEqual([]);
    expect(checkEligibility(person(8, member(30), enrolled), programme('PBI_JK'), 'TERMINATE')).toEqual([]);
  });
});
