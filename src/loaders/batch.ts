import DataLoader from 'dataloader';
import type { Model } from 'mongoose';
import { oneOf } from '../db/filters';

/** Largest `$in` one batch sends; bigger batches are split by DataLoader. */
export const MAX_BATCH = 500;

/** Documents by `_id`, in key order, null for a missing key. */
export function byIdLoader<T extends { _id: string }>(model: Model<any>, projection?: Record<string, 0 | 1>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const docs = (await model.find({ _id: oneOf(ids) }, projection).lean()) as unknown as T[];
      const byId = new Map(docs.map((d) => [d._id, d]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Documents grouped by one field (children of many parents in one query), each group in `_id` order. */
export function groupLoader<T extends { _id: string }>(model: Model<any>, field: keyof T & string, projection?: Record<string, 0 | 1>): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(
    async (keys) => {
      const docs = (await model.find({ [field]: oneOf(keys) }, projection).sort({ _id: 1 }).lean()) as unknown as T[];
      const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
      for (const d of docs) groups.get(d[field] as unknown as string)?.push(d);
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
