import type { MaritalStatus, Relationship, Sex } from '../../src/domain/records';
import { weighted, type Random } from './random';

/** Who lives in a family, before any attribute beyond age, sex and marriage is drawn. */
export interface MemberPlan {
  relationship: Relationship;
  sex: Sex;
  age: number;
  maritalStatus: MaritalStatus;
}

export const MAX_FAMILY_SIZE = 8;
const MAX_AGE = 95;

type FamilyKind = 'NUCLEAR' | 'EXTENDED' | 'SINGLE_PARENT' | 'ELDER_COUPLE' | 'SINGLE_ELDER' | 'SINGLE_ADULT';

// Shares tuned so that the whole regency lands near the rural pyramid of docs/domain.md
// (about 22% 0-14, 24% 15-30, 40% 31-59, 14% 60+) with a mean family size near 3.2.
const familyKind = weighted<FamilyKind>([
  ['NUCLEAR', 60],
  ['EXTENDED', 13],
  ['SINGLE_PARENT', 8],
  ['ELDER_COUPLE', 7],
  ['SINGLE_ELDER', 6],
  ['SINGLE_ADULT', 6],
]);

const headAgeBand = weighted<readonly [number, number]>([
  [[22, 29], 12],
  [[30, 39], 25],
  [[40, 49], 27],
  [[50, 59], 25],
  [[60, 70], 12],
]);

const wantedChildren = weighted<number>([
  [0, 6],
  [1, 20],
  [2, 36],
  [3, 24],
  [4, 10],
  [5, 4],
]);

function member(relationship: Relationship, sex: Sex, age: number, maritalStatus: MaritalStatus): MemberPlan {
  return { relationship, sex, age: Math.max(0, Math.min(MAX_AGE, age)), maritalStatus };
}

function randomSex(rng: Random): Sex {
  return rng.chance(0.51) ? 'MALE' : 'FEMALE';
}

/** Whether a grown child still lives with the parents: most leave in their twenties. */
function stillHome(rng: Random, age: number): boolean {
  if (age < 19) return true;
  if (age <= 22) return rng.chance(0.85);
  if (age <= 27) return rng.chance(0.55);
  if (age <= 35) return rng.chance(0.2);
  return rng.chance(0.05);
}

/** Children of a mother aged `motherAge`, born from her late teens at 2-6 year spacings. */
function children(rng: Random, motherAge: number): MemberPlan[] {
  const wanted = wantedChildren(rng);
  const out: MemberPlan[] = [];
  let motherAgeAtBirth = rng.int(19, 28);
  for (let i = 0; i < wanted && motherAgeAtBirth <= 44; i++) {
    const age = motherAge - motherAgeAtBirth;
    if (age < 0) break;
    if (stillHome(rng, age)) {
      const marital: MaritalStatus = age >= 25 && rng.chance(0.1) ? 'DIVORCED' : 'SINGLE';
      out.push(member('CHILD', randomSex(rng), age, marital));
    }
    motherAgeAtBirth += rng.int(2, 6);
  }
  return out;
}

function couple(rng: Random, headAge: number): [MemberPlan, MemberPlan] {
  const wifeAge = rng.chance(0.1) ? headAge + rng.int(1, 3) : Math.max(18, headAge - rng.int(0, 6));
  return [member('HEAD', 'MALE', headAge, 'MARRIED'), member('SPOUSE', 'FEMALE', wifeAge, 'MARRIED')];
}

function grandchildren(rng: Random, count: number, maxAge: number): MemberPlan[] {
  const out: MemberPlan[] = [];
  for (let i = 0; i < count; i++) out.push(member('GRANDCHILD', randomSex(rng), rng.int(0, Math.max(0, maxAge)), 'SINGLE'));
  return out;
}

/** A married child who stayed, with a spouse and small children: the three-generation household. */
function marriedChildWithFamily(rng: Random, motherAge: number): MemberPlan[] {
  const childAge = Math.max(20, motherAge - rng.int(20, 28));
  const childSex = randomSex(rng);
  const inLawAge = Math.max(19, childAge + (childSex === 'FEMALE' ? rng.int(0, 5) : -rng.int(0, 4)));
  const out = [member('CHILD', childSex, childAge, 'MARRIED'), member('IN_LAW', childSex === 'FEMALE' ? 'MALE' : 'FEMALE', inLawAge, 'MARRIED')];
  const mother = Math.min(childAge, inLawAge);
  return out.concat(grandchildren(rng, rng.int(0, 2), mother - 20));
}

function nuclear(rng: Random): MemberPlan[] {
  const [lo, hi] = headAgeBand(rng);
  const [head, wife] = couple(rng, rng.int(lo, hi));
  return [head, wife, ...children(rng, wife.age)];
}

function extended(rng: Random): MemberPlan[] {
  const family = nuclear(rng);
  const head = family[0]!;
  const wife = family[1]!;
  if (head.age >= 48 && rng.chance(0.6)) return family.concat(marriedChildWithFamily(rng, wife.age));
  const parentAge = Math.max(head.age, wife.age) + rng.int(22, 32);
  if (parentAge > MAX_AGE) return family.concat(grandchildren(rng, 1, 12));
  if (rng.chance(0.25)) {
    return family.concat(member('PARENT', 'MALE', parentAge + rng.int(0, 4), 'MARRIED'), member('PARENT', 'FEMALE', parentAge, 'MARRIED'));
  }
  const parentSex: Sex = rng.chance(0.72) ? 'FEMALE' : 'MALE';
  return family.concat(member('PARENT', parentSex, parentAge, rng.chance(0.9) ? 'WIDOWED' : 'DIVORCED'));
}

function singleParent(rng: Random): MemberPlan[] {
  const sex: Sex = rng.chance(0.82) ? 'FEMALE' : 'MALE';
  const age = rng.int(27, 66);
  const head = member('HEAD', sex, age, rng.chance(0.55) ? 'WIDOWED' : 'DIVORCED');
  const kids = children(rng, sex === 'FEMALE' ? age : age - rng.int(0, 5));
  if (kids.length === 0) kids.push(member('CHILD', randomSex(rng), rng.int(3, Math.min(20, age - 19)), 'SINGLE'));
  return [head, ...kids];
}

function elderCouple(rng: Random): MemberPlan[] {
  const family: MemberPlan[] = [...couple(rng, rng.int(58, 88))];
  // Grandparents raising grandchildren whose parents work in the cities is common here.
  if (rng.chance(0.3)) return family.concat(grandchildren(rng, rng.int(1, 2), 17));
  if (rng.chance(0.15)) family.push(member('CHILD', randomSex(rng), rng.int(24, 40), rng.chance(0.7) ? 'SINGLE' : 'DIVORCED'));
  return family;
}

function singleElder(rng: Random): MemberPlan[] {
  const sex: Sex = rng.chance(0.7) ? 'FEMALE' : 'MALE';
  const status: MaritalStatus = rng.chance(0.82) ? 'WIDOWED' : rng.chance(0.6) ? 'DIVORCED' : 'SINGLE';
  const family = [member('HEAD', sex, rng.int(60, 92), status)];
  if (rng.chance(0.2)) return family.concat(grandchildren(rng, 1, 17).map((g) => ({ ...g, age: Math.max(5, g.age) })));
  return family;
}

function singleAdult(rng: Random): MemberPlan[] {
  const status: MaritalStatus = rng.chance(0.6) ? 'SINGLE' : rng.chance(0.75) ? 'DIVORCED' : 'WIDOWED';
  return [member('HEAD', rng.chance(0.55) ? 'MALE' : 'FEMALE', rng.int(20, 59), status)];
}

const BUILDERS: Record<FamilyKind, (rng: Random) => MemberPlan[]> = {
  NUCLEAR: nuclear,
  EXTENDED: extended,
  SINGLE_PARENT: singleParent,
  ELDER_COUPLE: elderCouple,
  SINGLE_ELDER: singleElder,
  SINGLE_ADULT: singleAdult,
};

/** One family, head first, never more than MAX_FAMILY_SIZE members. */
export function planFamily(rng: Random): MemberPlan[] {
  const members = BUILDERS[familyKind(rng)](rng);
  return members.length > MAX_FAMILY_SIZE ? members.slice(0, MAX_FAMILY_SIZE) : members;
}
