import mongoose from 'mongoose';
import type { EnrollmentStatus, ProgrammeCode } from '../domain/records';
import { rowFilter, withScope } from '../auth/scope';
import { Enrollment, Programme, type EnrollmentDoc, type ProgrammeDoc } from '../db/models/programme';
import type { HouseholdDoc } from '../db/models/household';
import type { PersonDoc } from '../db/models/person';
import { exceedsMaxDuration, yearsReceived } from '../policy/programmes';
import type { Context } from '../context';
import { desaArg, intRangeArg, kecamatanArg } from './arguments';
import { findPage, type Connection, type PageArgs } from './pagination';
import { ENROLLMENT_ORDERS, orderOf, type EnrollmentOrder } from './orders';
import type { PkhComponent } from '../domain/records';
import { readOptions } from '../db/request-scope';

export interface EnrollmentFilterArgs {
  programme?: ProgrammeCode | null;
  status?: EnrollmentStatus | null;
  startYear?: number | null;
  kecamatanCode?: string | null;
  desaCode?: string | null;
  component?: PkhComponent | null;
}

export function listProgrammes(): Promise<ProgrammeDoc[]> {
  return Programme.find({}).setOptions(readOptions()).sort({ _id: 1 }).lean<ProgrammeDoc[]>().exec();
}

export function programmeByCode(ctx: Context, code: ProgrammeCode): Promise<ProgrammeDoc | null> {
  return ctx.loaders.programme.load(code);
}

export function enrollmentFilter(f: EnrollmentFilterArgs | null | undefined): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (!f) return q;
  if (f.programme != null) q.programmeCode = f.programme;
  if (f.status != null) q.status = f.status;
  if (f.startYear != null) {
    const year = intRangeArg('filter.startYear', f.startYear, 1945, 2100);
    q.startDate = mongoose.trusted({ $gte: new Date(Date.UTC(year, 0, 1)), $lt: new Date(Date.UTC(year + 1, 0, 1)) });
  }
  if (f.kecamatanCode != null) q.kecamatanCode = kecamatanArg('filter.kecamatanCode', f.kecamatanCode);
  if (f.desaCode != null) q.desaCode = desaArg('filter.desaCode', f.desaCode);
  if (f.component != null) q.components = f.component;
  return q;
}

export function listEnrollments(
  ctx: Context,
  filter: EnrollmentFilterArgs | null | undefined,
  page: PageArgs,
  orderBy?: EnrollmentOrder | null,
): Promise<Connection<EnrollmentDoc>> {
  return findPage<EnrollmentDoc>(Enrollment, withScope(enrollmentFilter(filter), rowFilter(ctx.viewer, 'enrollments', ctx.now)), page, orderOf(ENROLLMENT_ORDERS, orderBy));
}

export function enrollmentsOfProgramme(ctx: Context, p: ProgrammeDoc, status: EnrollmentStatus | null | undefined, page: PageArgs): Promise<Connection<EnrollmentDoc>> {
  return listEnrollments(ctx, { programme: p._id, status }, page);
}

export async function programmeOf(ctx: Context, e: EnrollmentDoc): Promise<ProgrammeDoc> {
  const p = await ctx.loaders.programme.load(e.programmeCode);
  if (!p) throw new Error(`enrolment ${e._id} refers to missing programme ${e.programmeCode}`);
  return p;
}

export function householdOfEnrollment(ctx: Context, e: EnrollmentDoc): Promise<HouseholdDoc | null> {
  return ctx.loaders.household.load(e.householdId);
}

export function personOfEnrollment(ctx: Context, e: EnrollmentDoc): Promise<PersonDoc | null> {
  return e.personId ? ctx.loaders.person.load(e.personId) : Promise.resolve(null);
}

export function enrollmentYears(ctx: Context, e: EnrollmentDoc): number {
  return yearsReceived(e, ctx.now);
}

export async function enrollmentExceedsMax(ctx: Context, e: EnrollmentDoc): Promise<boolean> {
  return exceedsMaxDuration(e, await programmeOf(ctx, e), ctx.now);
}
