import DataLoader from 'dataloader';
import type { Model } from 'mongoose';
import { withScope, type RowFilter } from '../auth/scope';
import { oneOf } from '../db/filters';
import { readOptions } from '../db/request-scope';
import { byId } from '../domain/records';
import type { Projection } from './projection';

/** Largest `$in` one batch sends; bigger batches are split by DataLoader. */
export const MAX_BATCH = 500;

/** Documents in the first reply of a loader's find: a whole batch in one round trip, no getMore (replies stay under 16 MB). */
const FIRST_BATCH = 100_000;

/** The documents matching `filter` within the scope (none when the scope rules every row out), with only `fields` when given. */
async function scopedFind<T>(model: Model<any>, filter: Record<string, unknown>, scope: RowFilter, fields?: () => Projection | null): Promise<T[]> {
  const scoped = withScope(filter, scope);
  if (!scoped) return [];
  return (await model
    .find(scoped, fields?.() ?? undefined)
    .setOptions(readOptions())
    .batchSize(FIRST_BATCH)
    .lean()) as unknown as T[];
}

/**
 * Documents by `_id`, in key order, null for a missing key and for a row
 * outside the viewer's scope (`scope`: {} = every row, null = none).
 */
export function byIdLoader<T extends { _id: string }>(model: Model<any>, scope: RowFilter = {}, fields?: () => Projection | null): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const docs = await scopedFind<T>(model, { _id: oneOf(ids) }, scope, fields);
      const byId = new Map(docs.map((d) => [d._id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Documents grouped by one field (children of many parents in one query), each group in `_id` order, within the scope.
 * The groups are ordered here, not by the database: a sort there orders the whole read by a key the `$in`'s index does
 * not give (on the embedded engine a temporary B-tree and one JSON parse per row), while a group is a few dozen rows.
 * `loaded` sees each document read, e.g. to prime the by-id loader of the same collection and the same scope (and the
 * same `fields`: the stored fields to read, whole rows when it answers null, src/loaders/projection.ts).
 */
export function groupLoader<T extends { _id: string }>(
  model: Model<any>,
  field: keyof T & string,
  scope: RowFilter = {},
  loaded?: (doc: T) => void,
  fields?: () => Projection | null,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(
    async (keys) => {
      const docs = await scopedFind<T>(model, { [field]: oneOf(keys) }, scope, fields);
      const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
      for (const d of docs) groups.get(d[field] as unknown as string)?.push(d);
      for (const g of groups.values()) g.sort(byId);
      if (loaded) for (const d of docs) loaded(d);
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
