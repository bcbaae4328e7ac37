import mongoose from 'mongoose';
import { ageGroupOf, ageOn, yearsBefore } from '../domain/age';
import { aidToken, receivesAid } from '../domain/aid';
import { byId, type AgeGroup, type DisabilityType, type ProgrammeCode, type Sex } from '../domain/records';
import { nameQueryKey } from '../domain/names';
import { badInput } from '../errors';
import { rowFilter, withScope } from '../auth/scope';
import { Person, type PersonDoc } from '../db/models/person';
import type { EnrollmentDoc } from '../db/models/programme';
import type { HouseholdDoc } from '../db/models/household';
import type { TrainingParticipationDoc } from '../db/models/training';
import type { Context } from '../context';
import { desaArg, digitsArg, idArg, kecamatanArg, rangeArgs } from './arguments';
import { findPage, type Connection, type PageArgs } from './pagination';
import { orderOf, PERSON_ORDERS, type PersonOrder } from './orders';
import { readOptions } from '../db/request-scope';

export interface PersonFilterArgs {
  kecamatanCode?: string | null;
  desaCode?: string | null;
  ageMin?: number | null;
  ageMax?: number | null;
  sex?: Sex | null;
  hasDisability?: boolean | null;
  programme?: ProgrammeCode | null;
  name?: string | null;
  desilMin?: number | null;
  desilMax?: number | null;
  ageGroup?: AgeGroup | null;
  disabilityType?: DisabilityType | null;
}

/** The ages of each age band (docs/domain.md section 3), as the ageMin/ageMax range they stand for. */
const AGE_GROUP_AGES: Record<AgeGroup, [number, number]> = { CHILD: [0, 14], YOUTH: [15, 30], ADULT: [31, 59], ELDER: [60, 150] };

/** Longest name query accepted, in characters. */
const MAX_NAME_QUERY = 100;

/** A name query as the key it is matched with (src/domain/names.ts); BAD_USER_INPUT when too long or too short. */
export function nameArg(argument: string, text: string): string {
  if (text.length > MAX_NAME_QUERY) throw badInput(argument, `a name query is at most ${MAX_NAME_QUERY} characters, got ${text.length}`);
  const key = nameQueryKey(text);
  if (key.length < 2) throw badInput(argument, 'a name query needs at least 2 letters');
  return key;
}

export async function personByNik(ctx: Context, nik: string): Promise<PersonDoc | null> {
  digitsArg('nik', nik, 'a NIK');
  const filter = withScope({ nik }, rowFilter(ctx.viewer, 'persons', ctx.now));
  return filter ? Person.findOne(filter).setOptions(readOptions()).sort({ _id: 1 }).lean<PersonDoc>() : null;
}

export async function personById(ctx: Context, id: string): Promise<PersonDoc | null> {
  return ctx.loaders.person.load(idArg('person', 'id', id));
}

/** The stored filter for a client's PersonFilter, every value validated first. */
export function personFilter(f: PersonFilterArgs | null | undefined, now: Date): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (!f) return q;
  if (f.kecamatanCode != null) q.kecamatanCode = kecamatanArg('filter.kecamatanCode', f.kecamatanCode);
  if (f.desaCode != null) q.desaCode = desaArg('filter.desaCode', f.desaCode);
  rangeArgs(['filter.ageMin', 'filter.ageMax'], f.ageMin, f.ageMax, [0, 150]);
  // An age group is an age range; given with ageMin/ageMax, both apply (an empty intersection matches nobody).
  const band = f.ageGroup != null ? AGE_GROUP_AGES[f.ageGroup] : null;
  const ageMin = band ? Math.max(band[0], f.ageMin ?? 0) : f.ageMin;
  const ageMax = band ? Math.min(band[1], f.ageMax ?? 150) : f.ageMax;
  if (ageMin != null || ageMax != null) {
    const born: Record<string, Date> = {};
    if (ageMin != null) born.$lte = yearsBefore(now, ageMin);
    if (ageMax != null) born.$gt = yearsBefore(now, Math.max(ageMax, (ageMin ?? 0) - 1) + 1);
    q.birthDate = mongoose.trusted(born);
  }
  rangeArgs(['filter.desilMin', 'filter.desilMax'], f.desilMin, f.desilMax, [1, 10]);
  if (f.desilMin != null || f.desilMax != null) {
    const desil: Record<string, number> = {};
    if (f.desilMin != null) desil.$gte = f.desilMin;
    if (f.desilMax != null) desil.$lte = f.desilMax;
    q.householdDesil = mongoose.trusted(desil);
  }
  if (f.disabilityType != null) q['disability.type'] = f.disabilityType;
  // Anchored at the start of a stored key (the whole name, or the name from one of its words on): the index serves it.
  if (f.name != null) q.nameKeys = mongoose.trusted({ $regex: `^${nameArg('filter.name', f.name)}` });
  if (f.sex != null) q.sex = f.sex;
  if (f.hasDisability != null) q.disability = f.hasDisability ? mongoose.trusted({ $ne: null }) : null;
  if (f.programme != null) q.aid = aidToken(f.programme, 'ACTIVE');
  return q;
}

export function listPersons(ctx: Context, filter: PersonFilterArgs | null | undefined, page: PageArgs, orderBy?: PersonOrder | null): Promise<Connection<PersonDoc>> {
  return findPage<PersonDoc>(Person, withScope(personFilter(filter, ctx.now), rowFilter(ctx.viewer, 'persons', ctx.now)), page, orderOf(PERSON_ORDERS, orderBy));
}

export function personAge(p: PersonDoc, now: Date): number {
  return ageOn(p.birthDate, now);
}

export function personAgeGroup(p: PersonDoc, now: Date): AgeGroup {
  return ageGroupOf(ageOn(p.birthDate, now));
}

export function personReceivesAid(p: PersonDoc): boolean {
  return receivesAid(p.aid ?? []);
}

export async function householdOfPerson(ctx: Context, p: PersonDoc): Promise<HouseholdDoc | null> {
  return p.householdId ? ctx.loaders.household.load(p.householdId) : null;
}

/** A person's own enrolments and their household's household-level ones, in id order. */
export async function enrollmentsOfPerson(ctx: Context, p: PersonDoc): Promise<EnrollmentDoc[]> {
  const [own, family] = await Promise.all([
    ctx.loaders.enrollmentsByPerson.load(p._id),
    p.householdId ? ctx.loaders.enrollmentsByHousehold.load(p.householdId) : Promise.resolve([]),
  ]);
  return [...own, ...family.filter((e) => e.personId === null)].sort(byId);
}

export function trainingsOfPerson(ctx: Context, p: PersonDoc): Promise<TrainingParticipationDoc[]> {
  return ctx.loaders.participationsByPerson.load(p._id);
}
