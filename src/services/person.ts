import mongoose from 'mongoose';
import { ageGroupOf, ageOn, yearsBefore } from '../domain/age';
import { aidToken, receivesAid } from '../domain/aid';
import type { AgeGroup, ProgrammeCode, Sex } from '../domain/records';
import { rowFilter, withScope } from '../auth/scope';
import { Person, type PersonDoc } from '../db/models/person';
import type { EnrollmentDoc } from '../db/models/programme';
import type { HouseholdDoc } from '../db/models/household';
import type { TrainingParticipationDoc } from '../db/models/training';
import type { Context } from '../context';
import { desaArg, digitsArg, idArg, kecamatanArg, rangeArgs } from './arguments';
import { findPage, type Connection, type PageArgs } from './pagination';
import { readOptions } from '../db/request-scope';

export interface PersonFilterArgs {
  kecamatanCode?: string | null;
  desaCode?: string | null;
  ageMin?: number | null;
  ageMax?: number | null;
  sex?: Sex | null;
  hasDisability?: boolean | null;
  programme?: ProgrammeCode | null;
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
  if (f.ageMin != null || f.ageMax != null) {
    const born: Record<string, Date> = {};
    if (f.ageMin != null) born.$lte = yearsBefore(now, f.ageMin);
    if (f.ageMax != null) born.$gt = yearsBefore(now, f.ageMax + 1);
    q.birthDate = mongoose.trusted(born);
  }
  if (f.sex != null) q.sex = f.sex;
  if (f.hasDisability != null) q.disability = f.hasDisability ? mongoose.trusted({ $ne: null }) : null;
  if (f.programme != null) q.aid = aidToken(f.programme, 'ACTIVE');
  return q;
}

export function listPersons(ctx: Context, filter: PersonFilterArgs | null | undefined, page: PageArgs): Promise<Connection<PersonDoc>> {
  return findPage<PersonDoc>(Person, withScope(personFilter(filter, ctx.now), rowFilter(ctx.viewer, 'persons', ctx.now)), page);
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
  return [...own, ...family.filter((e) => e.personId === null)].sort((a, b) => (a._id < b._id ? -1 : 1));
}

export function trainingsOfPerson(ctx: Context, p: PersonDoc): Promise<TrainingParticipationDoc[]> {
  return ctx.loaders.participationsByPerson.load(p._id);
}
