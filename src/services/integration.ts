import { forbiddenDiscrepancyKind, mayKnowDiscrepancyKind } from '../auth/decide';
import { discrepancyValuesReader } from '../auth/discrepancyValues';
import { importRunScope, rowFilter, withScope } from '../auth/scope';
import { Discrepancy, type DiscrepancyDoc } from '../db/models/discrepancy';
import type { HouseholdDoc } from '../db/models/household';
import { ImportReject, ImportRun, type ImportRejectDoc, type ImportRunDoc, type ImportRunStatus } from '../db/models/importRun';
import type { PersonDoc } from '../db/models/person';
import type { DataSource, DiscrepancyKind, DiscrepancyStatus, SubjectType } from '../domain/provenance';
import { badInput, echo } from '../errors';
import type { Context } from '../context';
import { desaArg, kecamatanArg } from './arguments';
import { findPage, type Connection, type PageArgs } from './pagination';
import { DISCREPANCY_ORDERS, orderOf, type DiscrepancyOrder } from './orders';
import { lineageOf } from './provenance';
import { byId } from '../domain/records';

export interface ImportRunFilterArgs {
  source?: DataSource | null;
  status?: ImportRunStatus | null;
}

export interface DiscrepancyFilterArgs {
  kind?: DiscrepancyKind | null;
  status?: DiscrepancyStatus | null;
  subjectType?: SubjectType | null;
  kecamatanCode?: string | null;
  desaCode?: string | null;
}

export interface DiscrepancyListArgs {
  kind?: DiscrepancyKind | null;
  status?: DiscrepancyStatus | null;
}

/** Import runs, newest first. */
export function listImportRuns(ctx: Context, f: ImportRunFilterArgs | null | undefined, page: PageArgs): Promise<Connection<ImportRunDoc>> {
  const q: Record<string, unknown> = {};
  if (f?.source != null) q.source = f.source;
  if (f?.status != null) q.status = f.status;
  return findPage<ImportRunDoc>(ImportRun, withScope(q, importRunScope(ctx.viewer)), page, -1);
}

export function importRunById(ctx: Context, id: string): Promise<ImportRunDoc | null> {
  if (!/^IR\d{6}$/.test(id)) throw badInput('id', `${echo(id)} is not an import run id (IR and 6 digits, e.g. IR000001)`);
  return ctx.loaders.importRun.load(id);
}

export function importRunOf(ctx: Context, id: string | null | undefined): Promise<ImportRunDoc | null> {
  return id ? ctx.loaders.importRun.load(id) : Promise.resolve(null);
}

/** A run's rejected rows in line order (their ids are handed out in line order). */
export function rejectedRowsOf(_ctx: Context, run: ImportRunDoc, page: PageArgs): Promise<Connection<ImportRejectDoc>> {
  return findPage<ImportRejectDoc>(ImportReject, { runId: run._id }, page);
}

/** A kind argument names facts (EXCLUSION_ERROR: desil 1): a viewer who may not know of that kind is refused, nothing counted. */
function kindArg(ctx: Context, argument: string, kind: DiscrepancyKind): DiscrepancyKind {
  if (!mayKnowDiscrepancyKind(ctx.viewer, kind)) throw forbiddenDiscrepancyKind(argument, kind);
  return kind;
}

export function discrepancyFilter(ctx: Context, f: DiscrepancyFilterArgs | null | undefined): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (!f) return q;
  if (f.kind != null) q.kind = kindArg(ctx, 'filter.kind', f.kind);
  if (f.status != null) q.status = f.status;
  if (f.subjectType != null) q.subjectType = f.subjectType;
  if (f.kecamatanCode != null) q.kecamatanCode = kecamatanArg('filter.kecamatanCode', f.kecamatanCode);
  if (f.desaCode != null) q.desaCode = desaArg('filter.desaCode', f.desaCode);
  return q;
}

export function listDiscrepancies(
  ctx: Context,
  f: DiscrepancyFilterArgs | null | undefined,
  page: PageArgs,
  orderBy?: DiscrepancyOrder | null,
): Promise<Connection<DiscrepancyDoc>> {
  return findPage<DiscrepancyDoc>(Discrepancy, withScope(discrepancyFilter(ctx, f), rowFilter(ctx.viewer, 'discrepancies', ctx.now)), page, orderOf(DISCREPANCY_ORDERS, orderBy));
}

export function discrepancyById(ctx: Context, id: string): Promise<DiscrepancyDoc | null> {
  if (!/^DQ\d{8}$/.test(id)) throw badInput('id', `${echo(id)} is not a discrepancy id (DQ and 8 digits, e.g. DQ00000001)`);
  return ctx.loaders.discrepancy.load(id);
}

async function discrepanciesByIds(ctx: Context, ids: readonly string[], args: DiscrepancyListArgs): Promise<DiscrepancyDoc[]> {
  if (args.kind != null) kindArg(ctx, 'kind', args.kind);
  const found = await ctx.loaders.discrepancy.loadMany([...new Set(ids)]);
  return found
    .filter((d): d is DiscrepancyDoc => d !== null && !(d instanceof Error))
    .filter((d) => (args.kind == null || d.kind === args.kind) && (args.status == null || d.status === args.status))
    .sort(byId);
}

/** Discrepancies about a person, reached through the ids its lineage keeps (no scan of the discrepancies). */
export function discrepanciesOfPerson(ctx: Context, p: PersonDoc, args: DiscrepancyListArgs): Promise<DiscrepancyDoc[]> {
  return discrepanciesByIds(ctx, lineageOf(p).discrepancyIds ?? [], args);
}

export async function discrepanciesOfHousehold(ctx: Context, h: HouseholdDoc, args: DiscrepancyListArgs & { includeMembers?: boolean | null }): Promise<DiscrepancyDoc[]> {
  const own = await discrepanciesByIds(ctx, lineageOf(h).discrepancyIds ?? [], args);
  if (!args.includeMembers) return own.filter((d) => d.subjectType === 'HOUSEHOLD');
  const members = await ctx.loaders.membersByHousehold.load(h._id);
  return discrepanciesByIds(ctx, [...(lineageOf(h).discrepancyIds ?? []), ...members.flatMap((m) => lineageOf(m).discrepancyIds ?? [])], args);
}

export function subjectPersonOf(ctx: Context, d: DiscrepancyDoc): Promise<PersonDoc | null> {
  return d.personId ? ctx.loaders.person.load(d.personId) : Promise.resolve(null);
}

export function subjectHouseholdOf(ctx: Context, d: DiscrepancyDoc): Promise<HouseholdDoc | null> {
  return d.householdId ? ctx.loaders.household.load(d.householdId) : Promise.resolve(null);
}

/** Related persons the viewer may see; the others do not exist for them. */
export async function relatedPersonsOf(ctx: Context, d: DiscrepancyDoc): Promise<PersonDoc[]> {
  const found = await ctx.loaders.person.loadMany(d.relatedPersonIds);
  return found.filter((p): p is PersonDoc => p !== null && !(p instanceof Error));
}

/** The conflicting values of a discrepancy as this viewer may read them (src/auth/discrepancyValues.ts decides). */
export async function discrepancyValuesFor(ctx: Context, d: DiscrepancyDoc): Promise<DiscrepancyDoc['values']> {
  const read = discrepancyValuesReader(ctx.viewer, ctx.masks, d);
  const others = [...new Set(d.values.flatMap((v) => (v.personId ? [v.personId] : [])))];
  const seen = new Set((await ctx.loaders.person.loadMany(others)).flatMap((p) => (p && !(p instanceof Error) ? [p._id] : [])));
  return read(seen);
}
