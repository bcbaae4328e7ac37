import type { Disability, Education, PersonRecord } from '../../src/domain/records';
import { buildNik } from '../../src/identifiers/nik';
import { birthDayForAge, dateOfDay } from './calendar';
import type { MemberPlan } from './families';
import { birthPlace, personName, phoneNumber } from './names';
import { weighted, type Random } from './random';

/** Where a new member lives and how well off the family is (0 poorest .. 1 richest). */
export interface MemberContext {
  householdId: string;
  desaCode: string;
  kecamatanCode: string;
  wealth: number;
  asOfDay: number;
}

/**
 * Hands out NIK serials per kecamatan and birth date, so that two people of one region
 * born on one day never share a NIK whatever their sex.
 */
export class SerialRegistry {
  // Keyed by region, then by day number: small-integer keys cost no allocation per person.
  private readonly last = new Map<string, Map<number, number>>();

  next(regionCode: string, day: number): number {
    let byDay = this.last.get(regionCode);
    if (!byDay) this.last.set(regionCode, (byDay = new Map()));
    const serial = (byDay.get(day) ?? 0) + 1;
    if (serial > 9999) throw new RangeError(`more than 9999 serials for ${regionCode} on day ${day}`);
    byDay.set(day, serial);
    return serial;
  }
}

const EDUCATION: readonly Education[] = ['NONE', 'SD', 'SMP', 'SMA', 'DIPLOMA', 'BACHELOR', 'POSTGRADUATE'];
const EDUCATION_BY_COHORT = {
  elder: [25, 52, 12, 9, 1, 1, 0.1],
  middle: [6, 34, 24, 28, 2.5, 5, 0.5],
  young: [1.5, 12, 24, 48, 4, 10, 0.5],
} as const;
const MIN_AGE_FOR_LEVEL = [0, 13, 16, 19, 21, 22, 24];

/** Highest level completed (ijazah tertinggi), as DT-SEN records it. */
function education(rng: Random, age: number, wealth: number): Education {
  if (age < 13) return 'NONE';
  if (age < 16) return 'SD';
  if (age < 19) return 'SMP';
  const base = age >= 60 ? EDUCATION_BY_COHORT.elder : age >= 40 ? EDUCATION_BY_COHORT.middle : EDUCATION_BY_COHORT.young;
  const weights = base.map((w, i) => (age >= MIN_AGE_FOR_LEVEL[i]! ? w * Math.exp((wealth - 0.45) * 1.2 * (i - 2)) : 0));
  return EDUCATION[rng.weightedIndex(weights)]!;
}

const OCCUPATIONS = [
  'PETANI',
  'BURUH TANI',
  'BURUH HARIAN LEPAS',
  'PEDAGANG',
  'WIRASWASTA',
  'KARYAWAN SWASTA',
  'TUKANG BANGUNAN',
  'SOPIR',
  'PETERNAK',
  'PNS',
  'GURU',
  'PERANGKAT DESA',
  'TIDAK BEKERJA',
] as const;
const OCCUPATION_POOR = [22, 26, 18, 6, 6, 3, 8, 2, 3, 0, 0, 0.2, 6];
const OCCUPATION_RICH = [16, 2, 2, 14, 20, 18, 2, 3, 3, 8, 8, 2, 2];
const MEN_ONLY = new Set(['TUKANG BANGUNAN', 'SOPIR']);

function occupation(rng: Random, plan: MemberPlan, age: number, edu: Education, wealth: number, disability: Disability | null): string {
  if (age < 7) return 'BELUM BEKERJA';
  if (age < 16) return 'PELAJAR';
  if (age < 19) return rng.chance(0.1 + (1 - wealth) * 0.15) ? 'BURUH HARIAN LEPAS' : 'PELAJAR';
  if (disability?.severity === 'SEVERE') return 'TIDAK BEKERJA';
  const educated = EDUCATION.indexOf(edu) >= 3;
  if (age <= 23 && educated && plan.maritalStatus === 'SINGLE' && rng.chance(0.1 + wealth * 0.35)) return 'MAHASISWA';
  if (plan.sex === 'FEMALE' && plan.maritalStatus === 'MARRIED' && rng.chance(0.45)) return 'IBU RUMAH TANGGA';
  if (plan.sex === 'FEMALE' && rng.chance(0.15)) return 'IBU RUMAH TANGGA';
  if (age >= 58 && educated && rng.chance(0.5 * wealth)) return 'PENSIUNAN';
  if (age >= 65 && rng.chance(0.45)) return 'TIDAK BEKERJA';
  let job: string = OCCUPATIONS[rng.blendedIndex(OCCUPATION_POOR, OCCUPATION_RICH, wealth)]!;
  if ((job === 'PNS' && !educated) || (job === 'GURU' && EDUCATION.indexOf(edu) < 4)) job = 'WIRASWASTA';
  if (plan.sex === 'FEMALE' && MEN_ONLY.has(job)) job = 'PEDAGANG';
  return job;
}

const disabilityType = weighted<Disability['type']>([
  ['PHYSICAL', 40],
  ['SENSORY', 20],
  ['INTELLECTUAL', 15],
  ['MENTAL', 15],
  ['MULTIPLE', 10],
]);
const disabilitySeverity = weighted<Disability['severity']>([
  ['MILD', 45],
  ['MODERATE', 30],
  ['SEVERE', 25],
]);

/** Prevalence rises with age, which lands the regency near 2-3% overall. */
function disability(rng: Random, age: number): Disability | null {
  const p = age < 15 ? 0.01 : age < 60 ? 0.018 : age < 75 ? 0.05 : 0.1;
  return rng.chance(p) ? { type: disabilityType(rng), severity: disabilitySeverity(rng) } : null;
}

const CAN_BE_PREGNANT = new Set(['HEAD', 'SPOUSE', 'CHILD', 'IN_LAW']);

export function buildPerson(rng: Random, id: string, plan: MemberPlan, ctx: MemberContext, serials: SerialRegistry): PersonRecord {
  const birthDay = birthDayForAge(ctx.asOfDay, plan.age, rng.next());
  const birthDate = dateOfDay(birthDay);
  const age = plan.age;
  const dis = disability(rng, age);
  const edu = education(rng, age, ctx.wealth);
  const deceased = rng.chance(age >= 60 ? 0.024 : 0.0012);
  const deathDay = deceased ? Math.max(birthDay + 1, ctx.asOfDay - rng.int(1, 3 * 365)) : 0;
  const pregnant = !deceased && plan.sex === 'FEMALE' && plan.maritalStatus === 'MARRIED' && age >= 18 && age <= 42 && CAN_BE_PREGNANT.has(plan.relationship) && rng.chance(0.07);
  const phoneShare = age < 15 ? 0 : age < 17 ? 0.3 : age >= 60 ? 0.45 : 0.8 + ctx.wealth * 0.15;
  const phone = rng.chance(phoneShare) ? phoneNumber(rng) : null;
  return {
    _id: id,
    nik: buildNik({
      kecamatanCode: ctx.kecamatanCode,
      birthDate,
      sex: plan.sex,
      serial: serials.next(ctx.kecamatanCode, birthDay),
    }),
    fullName: personName(rng, plan.sex, birthDate.getUTCFullYear()),
    sex: plan.sex,
    birthDate,
    birthPlace: birthPlace(rng),
    phone,
    householdId: ctx.householdId,
    relationship: plan.relationship,
    maritalStatus: plan.maritalStatus,
    education: edu,
    occupation: occupation(rng, plan, age, edu, ctx.wealth, dis),
    disability: dis,
    pregnant,
    isDeceased: deceased,
    deathDate: deceased ? dateOfDay(deathDay) : null,
    desaCode: ctx.desaCode,
    kecamatanCode: ctx.kecamatanCode,
  };
}
