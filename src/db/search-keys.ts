import type { AnyBulkWriteOperation } from 'mongodb';
import { nameSearchKeys } from '../domain/names';
import { Household } from './models/household';
import { Person } from './models/person';

const BATCH = 1000;

/**
 * Writes the fields that lists search and sort by onto people imported before they existed (issue 13 item 4): the
 * name search keys (src/domain/names.ts) and the household's desil. The importer writes both with every golden
 * record it changes, but an unchanged re-import writes nothing, so existing data gets them here
 * (`npm run db:search-keys`). Pages through people by `_id`; only records that differ are written; idempotent.
 */
export async function backfillPersonKeys(onProgress?: (done: number, written: number) => void): Promise<{ read: number; written: number }> {
  const desil = new Map<string, number | null>();
  for await (const h of Household.collection.find({}, { projection: { desil: 1 } })) desil.set(String(h._id), (h.desil as number | null | undefined) ?? null);
  let after = '';
  let read = 0;
  let written = 0;
  for (;;) {
    const page = await Person.collection
      .find({ _id: { $gt: after } } as never, { projection: { fullName: 1, householdId: 1, nameKeys: 1, householdDesil: 1 } })
      .sort({ _id: 1 })
      .limit(BATCH)
      .toArray();
    if (page.length === 0) break;
    const ops: AnyBulkWriteOperation[] = [];
    for (const p of page) {
      const nameKeys = nameSearchKeys(String(p.fullName ?? ''));
      const householdDesil = p.householdId ? (desil.get(String(p.householdId)) ?? null) : null;
      if (JSON.stringify(p.nameKeys ?? null) !== JSON.stringify(nameKeys) || (p.householdDesil ?? null) !== householdDesil) {
        ops.push({ updateOne: { filter: { _id: p._id }, update: { $set: { nameKeys, householdDesil } } } });
      }
    }
    if (ops.length > 0) await Person.collection.bulkWrite(ops as never, { ordered: false });
    read += page.length;
    written += ops.length;
    after = String(page[page.length - 1]!._id);
    onProgress?.(read, written);
  }
  return { read, written };
}
