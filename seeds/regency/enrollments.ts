import type { EnrollmentRecord, EnrollmentStatus, HouseholdRecord, PkhComponent, ProgrammeCode } from '../../src/domain/records';
import { dateOfDay, dayOf, yearStartDay } from './calendar';
import { householdIndexOf, memberRange, type Population } from './population';
import { weighted, type Random } from './random';

const COMPONENT_ORDER: readonly PkhComponent[] = ['IBU_HAMIL', 'ANAK_USIA_DINI', 'SD', 'SMP', 'SMA', 'DISABILITAS_BERAT', 'LANSIA'];

/** The PKH components a family qualifies for today, from its living members, in a fixed order. */
export function pkhComponents(pop: Population, householdIndex: number): PkhComponent[] {
  const found = new Set<PkhComponent>();
  const [start, end] = memberRange(pop, householdIndex);
  for (let i = start; i < end; i++) {
    const p = pop.persons[i]!;
    if (p.isDeceased) continue;
    const age = pop.ages[i]!;
    if (p.pregnant) found.add('IBU_HAMIL');
    if (age <= 6) found.add('ANAK_USIA_DINI');
    else if (age <= 12) found.add('SD');
    else if (age <= 15) found.add('SMP');
    else if (age <= 18) found.add('SMA');
    if (p.disability?.severity === 'SEVERE') found.add('DISABILITAS_BERAT');
    if (age >= 60) found.add('LANSIA');
  }
  return COMPONENT_ORDER.filter((c) => found.has(c));
}

const householdStatus = weighted<EnrollmentStatus>([
  ['ACTIVE', 85],
  ['GRADUATED', 8],
  ['TERMINATED', 4],
  ['SUSPENDED', 3],
]);
const insuranceStatus = weighted<EnrollmentStatus>([
  ['ACTIVE', 90],
  ['TERMINATED', 6],
  ['SUSPENDED', 4],
]);
const schoolStatus = weighted<EnrollmentStatus>([
  ['ACTIVE', 92],
  ['TERMINATED', 5],
  ['SUSPENDED', 3],
]);
const grantStatus = weighted<EnrollmentStatus>([
  ['ACTIVE', 55],
  ['GRADUATED', 35],
  ['TERMINATED', 10],
]);
const rehabStatus = weighted<EnrollmentStatus>([
  ['ACTIVE', 80],
  ['GRADUATED', 12],
  ['TERMINATED', 5],
  ['SUSPENDED', 3],
]);

// Chance of enrolment by desil (index 0 = desil 1); beyond the list, the last value.
const PKH_ODDS = [0.72, 0.62, 0.48, 0.32, 0.06, 0.03, 0.01];
const BPNT_ODDS = [0.45, 0.38, 0.3, 0.22, 0.05, 0.01];
const PBI_ODDS = [0.8, 0.72, 0.62, 0.5, 0.3, 0.02];
const GRANT_ODDS = [0.025, 0.025, 0.025, 0.025, 0.01, 0.002];
const ENTERPRISING = new Set(['PEDAGANG', 'WIRASWASTA', 'IBU RUMAH TANGGA']);

function odds(table: readonly number[], desil: number | null): number {
  return desil === null ? 0 : table[Math.min(desil, table.length) - 1]!;
}

class Enroller {
  readonly out: EnrollmentRecord[] = [];
  constructor(
    private readonly rng: Random,
    private readonly asOfDay: number,
  ) {}

  /** A start day in one of the calendar years asOf-`years` .. asOf, never before `notBefore` nor after asOf. */
  startInLastYears(years: number, notBefore = -Infinity): number {
    const year = dateOfDay(this.asOfDay).getUTCFullYear() - this.rng.int(0, years);
    const from = Math.max(yearStartDay(year), notBefore);
    const to = Math.max(from, Math.min(yearStartDay(year + 1) - 1, this.asOfDay - 1));
    return this.rng.int(from, to);
  }

  add(code: ProgrammeCode, h: HouseholdRecord, personId: string | null, startDay: number, status: EnrollmentStatus, components: PkhComponent[], deathDay?: number): void {
    let endDay: number | null = null;
    if (deathDay !== undefined) {
      // Death ends a personal benefit; a still-ACTIVE one is a discrepancy to inject, not to invent here.
      if (deathDay <= startDay) return;
      status = 'TERMINATED';
      endDay = deathDay;
    } else if (status !== 'ACTIVE') {
      endDay = Math.min(this.asOfDay, startDay + 30 + this.rng.int(0, Math.max(0, this.asOfDay - startDay - 30)));
    }
    this.out.push({
      _id: `E${String(this.out.length + 1).padStart(8, '0')}`,
      programmeCode: code,
      householdId: h._id,
      personId,
      startDate: dateOfDay(startDay),
      endDate: endDay === null ? null : dateOfDay(endDay),
      status,
      components,
      desaCode: h.desaCode,
      kecamatanCode: h.kecamatanCode,
    });
  }
}

function deathDayOf(pop: Population, i: number): number | undefined {
  const d = pop.persons[i]!.deathDate;
  return d ? dayOf(d) : undefined;
}

function enrolHousehold(e: Enroller, rng: Random, pop: Population, hi: number): void {
  const h = pop.households[hi]!;
  const components = pkhComponents(pop, hi);
  const [start, end] = memberRange(pop, hi);
  // A family cannot have received aid before its head was grown up.
  const formed = dayOf(pop.persons[start]!.birthDate) + 17 * 365;
  const pkh = rng.chance(odds(PKH_ODDS, h.desil) * (components.length > 0 ? 1 : 0.15));
  if (pkh) e.add('PKH', h, null, e.startInLastYears(9, formed), householdStatus(rng), components);
  if (rng.chance(pkh ? 0.8 : odds(BPNT_ODDS, h.desil))) e.add('BPNT', h, null, e.startInLastYears(9, formed), householdStatus(rng), []);

  const pbiStart = rng.chance(odds(PBI_ODDS, h.desil)) ? e.startInLastYears(9) : null;
  for (let i = start; i < end; i++) {
    const p = pop.persons[i]!;
    const age = pop.ages[i]!;
    const birthDay = dayOf(p.birthDate);
    const death = deathDayOf(pop, i);
    if (pbiStart !== null && rng.chance(0.92)) e.add('PBI_JK', h, p._id, Math.max(pbiStart, birthDay + 1), insuranceStatus(rng), [], death);
    if (p.isDeceased) continue;
    if (h.desil !== null && h.desil <= 2 && age >= 13 && age <= 18 && rng.chance(0.12)) {
      e.add('SEKOLAH_RAKYAT', h, p._id, pop.asOfDay - rng.int(1, 365), schoolStatus(rng), []);
    }
    if (age >= 18 && age <= 59 && rng.chance(odds(GRANT_ODDS, h.desil) * (ENTERPRISING.has(p.occupation) ? 2 : 1))) {
      e.add('PERMODALAN_USAHA', h, p._id, e.startInLastYears(3), grantStatus(rng), []);
    }
    if (p.disability && rng.chance(p.disability.severity === 'SEVERE' ? 0.6 : 0.3)) {
      e.add('ATENSI', h, p._id, e.startInLastYears(4, birthDay + 1), rehabStatus(rng), []);
    }
  }
}

type Candidate = (pop: Population, personIndex: number, householdIndex: number) => boolean;

const living: Candidate = (pop, i) => !pop.persons[i]!.isDeceased;
const desilAtMost =
  (max: number): Candidate =>
  (pop, _i, hi) =>
    (pop.households[hi]!.desil ?? 99) <= max;
const agedBetween =
  (lo: number, hi: number): Candidate =>
  (pop, i) =>
    pop.ages[i]! >= lo && pop.ages[i]! <= hi;
const all =
  (...cs: Candidate[]): Candidate =>
  (pop, i, hi) =>
    cs.every((c) => c(pop, i, hi));

/** From the strictest rule to the loosest: the first that finds anyone supplies the enrolment. */
const FALLBACKS: Record<ProgrammeCode, Candidate[]> = {
  PKH: [desilAtMost(4), () => true],
  BPNT: [desilAtMost(4), () => true],
  PBI_JK: [all(living, desilAtMost(5)), living],
  SEKOLAH_RAKYAT: [all(living, agedBetween(13, 18), desilAtMost(2)), all(living, agedBetween(13, 18), desilAtMost(4)), all(living, agedBetween(13, 18))],
  PERMODALAN_USAHA: [all(living, agedBetween(18, 59), desilAtMost(5)), all(living, agedBetween(18, 59))],
  ATENSI: [all(living, (pop, i) => pop.persons[i]!.disability !== null)],
};

/**
 * Small regencies can miss a programme by chance; tests and demos need every programme
 * present, so the missing ones get one enrolment each from the best-fitting candidate.
 */
function ensureEveryProgramme(e: Enroller, rng: Random, pop: Population): void {
  const seen = new Set(e.out.map((x) => x.programmeCode));
  const n = pop.persons.length;
  if (n === 0) return;
  for (const code of Object.keys(FALLBACKS) as ProgrammeCode[]) {
    if (seen.has(code)) continue;
    const offset = rng.int(0, n - 1);
    search: for (const rule of FALLBACKS[code]) {
      for (let k = 0; k < n; k++) {
        const i = (offset + k) % n;
        const hi = householdIndexOf(pop, i);
        if (!rule(pop, i, hi)) continue;
        const h = pop.households[hi]!;
        if (code === 'PKH' || code === 'BPNT') {
          e.add(code, h, null, e.startInLastYears(9), 'ACTIVE', code === 'PKH' ? pkhComponents(pop, hi) : []);
        } else {
          const birthDay = dayOf(pop.persons[i]!.birthDate);
          e.add(code, h, pop.persons[i]!._id, e.startInLastYears(2, birthDay + 1), 'ACTIVE', []);
        }
        break search;
      }
    }
  }
}

export function generateEnrollments(rng: Random, pop: Population): EnrollmentRecord[] {
  const e = new Enroller(rng, pop.asOfDay);
  for (let hi = 0; hi < pop.households.length; hi++) enrolHousehold(e, rng, pop, hi);
  ensureEveryProgramme(e, rng, pop);
  return e.out;
}
