import mongoose from 'mongoose';
import { aidTokens, receivesAid } from '../domain/aid';
import { inList } from '../db/filters';
import type { EnrollmentStatus, ProgrammeCode } from '../domain/records';
import { rowFilter, withScope } from '../auth/scope';
import { Household, type HouseholdDoc } from '../db/models/household';
import type { PersonDoc } from '../db/models/person';
import type { EnrollmentDoc } from '../db/models/programme';
import type { Context } from '../context';
import { desaArg, digitsArg, idArg, kecamatanArg, rangeArgs } from './arguments';
import { findPage, primed, type Connection, type PageArgs } from './pagination';
import { HOUSEHOLD_ORDERS, orderOf, type HouseholdOrder } from './orders';
import { readOptions } from '../db/request-scope';

export interface HouseholdFilterArgs {
  kecamatanCode?: string | null;
  desaCode?: string | null;
  desilMin?: number | null;
  desilMax?: number | null;
  programme?: ProgrammeCode | null;
  enrollmentStatus?: EnrollmentStatus | null;
}

export function householdById(ctx: Context, id: string): Promise<HouseholdDoc | null> {
  return ctx.loaders.household.load(idArg('household', 'id', id));
}

/** The household holding this KK number now or in its history. */
export async function householdByKk(ctx: Context, kkNumber: string): Promise<HouseholdDoc | null> {
  digitsArg('kkNumber', kkNumber, 'a KK number');
  const filter = withScope({ 'kkHistory.kkNumber': kkNumber }, rowFilter(ctx.viewer, 'households', ctx.now));
  return filter ? Household.findOne(filter).setOptions(readOptions()).sort({ _id: 1 }).lean<HouseholdDoc>() : null;
}

export function householdFilter(f: HouseholdFilterArgs | null | undefined): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (!f) return q;
  if (f.kecamatanCode != null) q.kecamatanCode = kecamatanArg('filter.kecamatanCode', f.kecamatanCode);
  if (f.desaCode != null) q.desaCode = desaArg('filter.desaCode', f.desaCode);
  rangeArgs(['filter.desilMin', 'filter.desilMax'], f.desilMin, f.desilMax, [1, 10]);
  if (f.desilMin != null || f.desilMax != null) {
    const desil: Record<string, number> = {};
    if (f.desilMin != null) desil.$gte = f.desilMin;
    if (f.desilMax != null) desil.$lte = f.desilMax;
    q.desil = mongoose.trusted(desil);
  }
  if (f.programme != null || f.enrollmentStatus != null) q.aid = inList(aidTokens(f.programme, f.enrollmentStatus));
  return q;
}

// Both pages hold the households loader's row scope: their rows prime it (a member's household reads nothing).
export async function listHouseholds(
  ctx: Context,
  filter: HouseholdFilterArgs | null | undefined,
  page: PageArgs,
  orderBy?: HouseholdOrder | null,
): Promise<Connection<HouseholdDoc>> {
  const scoped = withScope(householdFilter(filter), rowFilter(ctx.viewer, 'households', ctx.now));
  return primed(ctx.loaders.household, await findPage<HouseholdDoc>(Household, scoped, page, orderOf(HOUSEHOLD_ORDERS, orderBy)));
}

export async function householdsOfDesa(ctx: Context, desaCode: string, page: PageArgs): Promise<Connection<HouseholdDoc>> {
  return primed(ctx.loaders.household, await findPage<HouseholdDoc>(Household, withScope({ desaCode }, rowFilter(ctx.viewer, 'households', ctx.now)), page));
}

/** Members in family order: the head first, then by id. */
export async function membersOf(ctx: Context, h: HouseholdDoc): Promise<PersonDoc[]> {
  const members = await ctx.loaders.membersByHousehold.load(h._id);
  return [...members].sort((a, b) => (a._id === h.headId ? -1 : b._id === h.headId ? 1 : a._id < b._id ? -1 : 1));
}

/**
 * The head is one of the members: reading it through the members' loader
 * shares one batched read with `members` instead of a second one by id.
 */
export async function headOf(ctx: Context, h: HouseholdDoc): Promise<PersonDoc | null> {
  const member = (await ctx.loaders.membersByHousehold.load(h._id)).find((m) => m._id === h.headId);
  // A head recorded in another family (a source disagreement) is still found by id.
  return member ?? ctx.loaders.person.load(h.headId);
}

export function enrollmentsOfHousehold(ctx: Context, h: HouseholdDoc): Promise<EnrollmentDoc[]> {
  return ctx.loaders.enrollmentsByHousehold.load(h._id);
}

export function householdReceivesAid(h: HouseholdDoc): boolean {
  return receivesAid(h.aid ?? []);
}

/** Card history newest first. */
export function kkHistoryOf(h: HouseholdDoc): HouseholdDoc['kkHistory'] {
  return [...h.kkHistory].sort((a, b) => b.from.getTime() - a.from.getTime());
}
