import type { DiscrepancyKind, MoveOut } from '../../src/domain/provenance';
import type { EnrollmentRecord, EnrollmentStatus, HouseholdRecord, PersonRecord, Sex } from '../../src/domain/records';
import { buildNik, parseNik } from '../../src/identifiers';
import type { Regency } from '../regency';
import { dateOfDay, dayOf } from '../regency/calendar';
import { phoneNumber } from '../regency/names';
import { Random, type Seed } from '../regency/random';
import { regionReference } from '../../src/reference/regions';
import type { DiscrepancyRates } from './rates';

/** How DT-SEN states a member differently from the truth. */
export interface DtsenOverride {
  nik?: string;
  fullName?: string;
  sex?: Sex;
  birthDate?: Date;
  /** DT-SEN lists the person in this other family. */
  familyOf?: string;
}

export interface FamilyOverride {
  desaCode?: string;
  desil?: number;
}

export interface RosterOverride {
  removed?: boolean;
  status?: EnrollmentStatus;
  endDate?: Date | null;
  startDate?: Date;
  nik?: string;
  fullName?: string;
}

/** One injected discrepancy, named the way the hub will name it. */
export interface Injection {
  kind: DiscrepancyKind;
  personId?: string;
  householdId?: string;
  aspect: string | null;
  note: string;
}

/** What the extracts say differently from the generated truth, and why. */
export interface Plan {
  asOf: Date;
  /** NIKs every source writes differently from the generator (NIK_ATTRIBUTE_MISMATCH). */
  nik: Map<string, string>;
  notInCivil: Set<string>;
  movedOut: Map<string, MoveOut>;
  dtsen: Map<string, DtsenOverride>;
  family: Map<string, FamilyOverride>;
  roster: Map<string, RosterOverride>;
  /** DT-SEN writes an older family card for these families (a lag, not a discrepancy: the card history links them). */
  oldCard: Set<string>;
  /** Household-level enrolments name this member as the one who receives the aid. */
  pengurus: Map<string, string>;
  injections: Injection[];
  /**
   * Corrections verified in the field and approved before the extracts' data date (seeds/extracts/verval.ts applies
   * them between the Senopati and the DT-SEN import): DT-SEN, dated later, still states the old phone.
   */
  verval: VervalApproval[];
}

/** A data change approved in the seeded world: a visit on `visitDate` saw the person's phone as `phone`. */
export interface VervalApproval {
  personId: string;
  phone: string;
  visitDate: Date;
}

const DESTINATIONS = ['35.77.01', '35.77.02', '35.77.03', '35.20.04', '35.21.05', '35.02.01', '35.78.07', '31.71.01'];
const YEAR_DAYS = 365.2425;

/** The parts of the regency the plan looks up often, indexed once. */
export class RegencyIndex {
  readonly members = new Map<string, PersonRecord[]>();
  readonly household = new Map<string, HouseholdRecord>();
  readonly person = new Map<string, PersonRecord>();
  readonly enrollmentsOf = new Map<string, EnrollmentRecord[]>();

  constructor(readonly regency: Regency) {
    for (const h of regency.households) {
      this.household.set(h._id, h);
      this.members.set(h._id, []);
    }
    for (const p of regency.persons) {
      this.person.set(p._id, p);
      this.members.get(p.householdId!)!.push(p);
    }
    for (const e of regency.enrollments) {
      const list = this.enrollmentsOf.get(e.householdId) ?? [];
      list.push(e);
      this.enrollmentsOf.set(e.householdId, list);
    }
  }
}

export function nikOf(plan: Plan, p: PersonRecord): string {
  return plan.nik.get(p._id) ?? p.nik;
}

/** A NIK that breaks one rule of docs/domain.md section 2. */
function corrupt(rng: Random, nik: string, asOf: Date): string {
  for (;;) {
    const variants = [
      () => '',
      () => nik.slice(0, 15),
      () => `${nik.slice(0, 9)}O${nik.slice(10)}`,
      () => `${nik.slice(0, 8)}13${nik.slice(10)}`,
      () => `${nik.slice(0, 12)}0000`,
      () => `351999${nik.slice(6)}`,
    ];
    const bad = rng.pick(variants)();
    if (!parseNik(bad, { referenceDate: asOf }).ok) return bad;
  }
}

/** A spelling slip: one letter replaced by another, so the name no longer matches. */
function typo(rng: Random, name: string): string {
  const letters = [...name].map((c, i) => (/[A-Za-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const at = rng.pick(letters);
  const old = name[at]!;
  let c = old;
  while (c.toUpperCase() === old.toUpperCase()) c = String.fromCharCode(97 + rng.int(0, 25));
  return name.slice(0, at) + (old === old.toUpperCase() ? c.toUpperCase() : c) + name.slice(at + 1);
}

/** Another day near `date`, never after the day before asOf and never `date` itself. */
function shiftDay(date: Date, by: number, asOfDay: number): Date {
  const day = dayOf(date);
  let shifted = Math.min(asOfDay - 1, day + by);
  if (shifted === day) shifted = day - Math.abs(by);
  return dateOfDay(shifted);
}

/** The candidates a rate picks; at least one when the rate is above zero, so that a small regency still shows every kind. */
function choose<T>(rng: Random, candidates: readonly T[], rate: number): T[] {
  const out = candidates.filter(() => rng.chance(rate));
  if (out.length === 0 && rate > 0 && candidates.length > 0) out.push(rng.pick(candidates));
  return out;
}

const normal = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();

/**
 * Chooses which records get which discrepancy. Each person and each family
 * gets at most one injected discrepancy, so that one injection cannot hide or
 * create another; the answer key (answerKey.ts) then adds what the data
 * holds by nature.
 */
export function planInjections(regency: Regency, rates: DiscrepancyRates, seed: Seed, asOf: Date): Plan {
  const rng = new Random(seed, 'extracts');
  const idx = new RegencyIndex(regency);
  const plan: Plan = {
    asOf,
    nik: new Map(),
    notInCivil: new Set(),
    movedOut: new Map(),
    dtsen: new Map(),
    family: new Map(),
    roster: new Map(),
    oldCard: new Set(),
    pengurus: new Map(),
    injections: [],
    verval: [],
  };
  const used = new Set<string>();
  const usedFamily = new Set<string>();
  const allNiks = new Set(regency.persons.map((p) => p.nik));
  const asOfDay = dayOf(asOf);
  const inject = (i: Injection) => plan.injections.push(i);
  const isHead = (p: PersonRecord) => idx.household.get(p.householdId!)!.headId === p._id;
  const free = (p: PersonRecord) => !used.has(p._id);
  const persons = regency.persons;

  for (const h of regency.households) if (h.kkHistory.length > 1 && rng.chance(0.5)) plan.oldCard.add(h._id);

  for (const p of choose(rng, persons.filter(free), rates.NIK_ATTRIBUTE_MISMATCH)) {
    const bySex = rng.chance(0.5);
    const sex: Sex = bySex ? (p.sex === 'MALE' ? 'FEMALE' : 'MALE') : p.sex;
    const birthDate = bySex ? p.birthDate : shiftDay(p.birthDate, rng.pick([-1, 1]) * rng.int(1, 27), asOfDay);
    const region = `${p.nik.slice(0, 2)}.${p.nik.slice(2, 4)}.${p.nik.slice(4, 6)}`;
    let serial = 9000 + rng.int(0, 900);
    let nik = buildNik({ kecamatanCode: region, birthDate, sex, serial });
    while (allNiks.has(nik)) nik = buildNik({ kecamatanCode: region, birthDate, sex, serial: ++serial });
    allNiks.add(nik);
    plan.nik.set(p._id, nik);
    used.add(p._id);
    inject({ kind: 'NIK_ATTRIBUTE_MISMATCH', personId: p._id, aspect: bySex ? 'sex' : 'birthDate', note: `the NIK encodes another ${bySex ? 'sex' : 'birth date'}` });
  }
  for (const p of choose(
    rng,
    persons.filter((p) => free(p) && !p.isDeceased && !isHead(p)),
    rates.NOT_IN_CIVIL_REGISTRY,
  )) {
    plan.notInCivil.add(p._id);
    used.add(p._id);
    inject({ kind: 'NOT_IN_CIVIL_REGISTRY', personId: p._id, aspect: null, note: 'left out of the Senopati extract' });
  }
  for (const b of choose(rng, persons.filter(free), rates.DUPLICATE_NIK)) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const a = rng.pick(persons);
      if (a.householdId === b.householdId || plan.notInCivil.has(a._id) || normal(a.fullName) === normal(b.fullName) || a.birthDate.getTime() === b.birthDate.getTime()) continue;
      plan.dtsen.set(b._id, { nik: nikOf(plan, a) });
      used.add(b._id);
      inject({ kind: 'DUPLICATE_NIK', personId: b._id, aspect: 'DTSEN', note: `DT-SEN gives the NIK of ${a._id}` });
      break;
    }
  }
  for (const p of choose(rng, persons.filter(free), rates.INVALID_NIK)) {
    plan.dtsen.set(p._id, { nik: corrupt(rng, nikOf(plan, p), asOf) });
    used.add(p._id);
    inject({ kind: 'INVALID_NIK', personId: p._id, aspect: 'DTSEN', note: 'DT-SEN gives an invalid NIK' });
  }
  for (const p of choose(rng, persons.filter(free), rates.IDENTITY_MISMATCH)) {
    const roll = rng.next();
    let field: 'fullName' | 'birthDate' | 'sex' = roll < 0.5 ? 'fullName' : roll < 0.8 ? 'birthDate' : 'sex';
    if (field === 'sex' && p.pregnant) field = 'fullName';
    const o: DtsenOverride = {};
    if (field === 'fullName') o.fullName = typo(rng, p.fullName);
    if (field === 'sex') o.sex = p.sex === 'MALE' ? 'FEMALE' : 'MALE';
    if (field === 'birthDate') {
      o.birthDate = shiftDay(p.birthDate, rng.pick([-1, 1]) * rng.int(1, 40), asOfDay);
    }
    plan.dtsen.set(p._id, o);
    used.add(p._id);
    inject({ kind: 'IDENTITY_MISMATCH', personId: p._id, aspect: field, note: `DT-SEN states another ${field}` });
  }
  const movable = persons.filter((p) => free(p) && !isHead(p) && idx.members.get(p.householdId!)!.length >= 2);
  for (const p of choose(rng, movable, rates.FAMILY_MISMATCH)) {
    let other = rng.pick(regency.households);
    while (other._id === p.householdId) other = rng.pick(regency.households);
    plan.dtsen.set(p._id, { familyOf: other._id });
    used.add(p._id);
    inject({ kind: 'FAMILY_MISMATCH', personId: p._id, aspect: null, note: `DT-SEN lists the person in ${other._id}` });
  }
  for (const p of choose(
    rng,
    persons.filter((p) => free(p) && !p.isDeceased && !isHead(p)),
    rates.DOMICILE_MISMATCH / 2,
  )) {
    const date = dateOfDay(Math.max(dayOf(p.birthDate) + 1, asOfDay - rng.int(30, 700)));
    plan.movedOut.set(p._id, { date, destinationCode: rng.pick(DESTINATIONS) });
    used.add(p._id);
    inject({ kind: 'DOMICILE_MISMATCH', personId: p._id, aspect: 'movedOut', note: 'Senopati reports a move out; DT-SEN still lists the person' });
  }
  const endedByDeath = regency.enrollments.filter((e) => {
    const p = e.personId ? idx.person.get(e.personId)! : null;
    return !!p?.isDeceased && free(p) && e.status === 'TERMINATED' && e.endDate?.getTime() === p.deathDate?.getTime();
  });
  for (const e of choose(rng, endedByDeath, rates.DECEASED_RECIPIENT)) {
    const p = idx.person.get(e.personId!)!;
    plan.roster.set(e._id, { status: 'ACTIVE', endDate: null });
    used.add(p._id);
    usedFamily.add(e.householdId);
    inject({ kind: 'DECEASED_RECIPIENT', personId: p._id, aspect: e.programmeCode, note: `the ${e.programmeCode} roster still has the deceased person ACTIVE` });
  }
  planFamilies(rng, idx, plan, rates, usedFamily, used);
  // Last, so that adding it left every other injection of a seed as it was.
  for (const p of choose(
    rng,
    persons.filter((p) => free(p) && !p.isDeceased && p.phone !== null),
    rates.VERVAL_CONTRADICTED,
  )) {
    let phone = phoneNumber(rng);
    while (phone === p.phone) phone = phoneNumber(rng);
    plan.verval.push({ personId: p._id, phone, visitDate: dateOfDay(asOfDay - rng.int(10, 120)) });
    used.add(p._id);
    inject({ kind: 'VERVAL_CONTRADICTED', personId: p._id, aspect: 'phone', note: 'a visit verified another phone before the DT-SEN data date; DT-SEN still states the old one' });
  }
  return plan;
}

function planFamilies(rng: Random, idx: RegencyIndex, plan: Plan, rates: DiscrepancyRates, usedFamily: Set<string>, used: Set<string>): void {
  const { regency } = idx;
  const asOfDay = dayOf(plan.asOf);
  const desas = regionReference().desas.map((d) => d.code);
  const inject = (i: Injection) => plan.injections.push(i);
  const activeHouseholdLevel = (h: HouseholdRecord) =>
    (idx.enrollmentsOf.get(h._id) ?? []).filter((e) => e.personId === null && e.status === 'ACTIVE' && (e.programmeCode === 'PKH' || e.programmeCode === 'BPNT'));

  for (const h of choose(
    rng,
    regency.households.filter((h) => !usedFamily.has(h._id)),
    rates.DOMICILE_MISMATCH,
  )) {
    let desa = rng.pick(desas);
    while (desa === h.desaCode) desa = rng.pick(desas);
    plan.family.set(h._id, { desaCode: desa });
    usedFamily.add(h._id);
    inject({ kind: 'DOMICILE_MISMATCH', householdId: h._id, aspect: 'desa', note: `DT-SEN surveyed the family in ${desa}` });
  }
  const aided = regency.households.filter((h) => !usedFamily.has(h._id) && activeHouseholdLevel(h).length > 0 && h.desil !== null && h.desil <= 4);
  for (const h of choose(rng, aided, rates.INCLUSION_ERROR)) {
    const active = activeHouseholdLevel(h);
    plan.family.set(h._id, { desil: rng.int(5, 10) });
    usedFamily.add(h._id);
    for (const code of new Set(active.map((e) => e.programmeCode)))
      inject({ kind: 'INCLUSION_ERROR', householdId: h._id, aspect: code, note: 'DT-SEN ranks the aided family above desil 4' });
  }
  const recent = regency.households.filter((h) => !usedFamily.has(h._id)).flatMap((h) => activeHouseholdLevel(h).filter((e) => (asOfDay - dayOf(e.startDate)) / YEAR_DAYS < 4.9));
  for (const e of choose(rng, recent, rates.EXCEEDS_MAX_DURATION)) {
    plan.roster.set(e._id, { startDate: dateOfDay(asOfDay - rng.int(Math.ceil(5.1 * YEAR_DAYS), Math.floor(8 * YEAR_DAYS))) });
    usedFamily.add(e.householdId);
    inject({ kind: 'EXCEEDS_MAX_DURATION', householdId: e.householdId, aspect: e.programmeCode, note: `the ${e.programmeCode} roster dates the enrolment more than 5 years back` });
  }
  const needy = regency.households.filter((h) => {
    const members = idx.members.get(h._id)!;
    const eligible = members.some((m) => {
      if (m.isDeceased || plan.movedOut.has(m._id)) return false;
      const age = (asOfDay - dayOf(m.birthDate)) / YEAR_DAYS;
      return age < 15 || age >= 60 || m.disability !== null;
    });
    const aidedNow = (idx.enrollmentsOf.get(h._id) ?? []).some((e) => e.status === 'ACTIVE');
    return !usedFamily.has(h._id) && h.desil === 1 && eligible && aidedNow && !members.some((m) => used.has(m._id));
  });
  for (const h of choose(rng, needy, rates.EXCLUSION_ERROR)) {
    for (const e of idx.enrollmentsOf.get(h._id) ?? []) plan.roster.set(e._id, { removed: true });
    usedFamily.add(h._id);
    inject({ kind: 'EXCLUSION_ERROR', householdId: h._id, aspect: null, note: 'left out of every roster' });
  }
  // PBI-JK rows that misstate their person, among rows still written and persons free of any other injection.
  const pbiRows = () => regency.enrollments.filter((e) => e.programmeCode === 'PBI_JK' && !plan.roster.has(e._id) && e.personId && !used.has(e.personId));
  for (const e of choose(rng, pbiRows(), rates.INVALID_NIK)) {
    const p = idx.person.get(e.personId!)!;
    plan.roster.set(e._id, { nik: corrupt(rng, nikOf(plan, p), plan.asOf) });
    used.add(p._id);
    inject({ kind: 'INVALID_NIK', personId: p._id, aspect: 'ROSTER_PBI_JK', note: 'the PBI-JK roster gives an invalid NIK' });
  }
  for (const e of choose(rng, pbiRows(), rates.IDENTITY_MISMATCH)) {
    const p = idx.person.get(e.personId!)!;
    plan.roster.set(e._id, { fullName: typo(rng, p.fullName) });
    used.add(p._id);
    inject({ kind: 'IDENTITY_MISMATCH', personId: p._id, aspect: 'fullName', note: 'the PBI-JK roster misspells the name' });
  }
  for (const h of regency.households) plan.pengurus.set(h._id, pengurusOf(idx.members.get(h._id)!, asOfDay));
}

/** Who receives a family's PKH or BPNT: the mother when she is alive, else the oldest living adult, else the head. */
function pengurusOf(members: readonly PersonRecord[], asOfDay: number): string {
  const living = members.filter((m) => !m.isDeceased);
  const adult = (m: PersonRecord) => asOfDay - dayOf(m.birthDate) >= 17 * YEAR_DAYS;
  const mother = living.find((m) => m.sex === 'FEMALE' && adult(m) && (m.relationship === 'HEAD' || m.relationship === 'SPOUSE'));
  const oldest = living.filter(adult).sort((a, b) => a.birthDate.getTime() - b.birthDate.getTime())[0];
  return (mother ?? oldest ?? living[0] ?? members[0]!)._id;
}
