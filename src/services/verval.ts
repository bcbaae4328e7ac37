import { DataChangeRequest, Visit, type DataChangeRequestDoc, type VisitDoc } from '../db/models/verval';
import type { DiscrepancyDoc } from '../db/models/discrepancy';
import type { HouseholdDoc } from '../db/models/household';
import type { PersonDoc } from '../db/models/person';
import type { Context } from '../context';

/*
 * Reads of the verval loop's records. A visit or a data change request exists for a viewer exactly when the person or
 * family it is about does: read through the viewer's scoped loaders, null otherwise.
 */

async function visible<T extends { personId: string | null; householdId: string | null }>(ctx: Context, doc: T | null): Promise<T | null> {
  if (!doc) return null;
  if (doc.personId) return (await ctx.loaders.person.load(doc.personId)) ? doc : null;
  if (doc.householdId) return (await ctx.loaders.household.load(doc.householdId)) ? doc : null;
  return null;
}

export async function visitOf(ctx: Context, id: string | null | undefined): Promise<VisitDoc | null> {
  if (!id || id.length > 40) return null;
  return visible(ctx, await Visit.findById(id).lean<VisitDoc>());
}

export async function dataChangeRequestOf(ctx: Context, id: string | null | undefined): Promise<DataChangeRequestDoc | null> {
  if (!id || id.length > 40) return null;
  return visible(ctx, await DataChangeRequest.findById(id).lean<DataChangeRequestDoc>());
}

export const personOf = (ctx: Context, id: string | null): Promise<PersonDoc | null> => (id ? ctx.loaders.person.load(id) : Promise.resolve(null));
export const householdOf = (ctx: Context, id: string | null): Promise<HouseholdDoc | null> => (id ? ctx.loaders.household.load(id) : Promise.resolve(null));

export async function discrepanciesOf(ctx: Context, ids: readonly string[]): Promise<DiscrepancyDoc[]> {
  const found = await Promise.all(ids.map((id) => ctx.loaders.discrepancy.load(id)));
  return found.filter((d): d is DiscrepancyDoc => d !== null && d !== undefined && !(d instanceof Error));
}
