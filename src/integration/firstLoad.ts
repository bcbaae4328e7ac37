import mongoose, { type Model } from 'mongoose';
import { ensureIndexes } from '../db/connection';
import { allModels } from '../db/models';
import type { Logger } from '../log';

/** The collections the importer writes: a load into a database where they are all empty is a first load. */
export const IMPORTED_COLLECTIONS = new Set(['persons', 'households', 'enrollments', 'trainings', 'trainingParticipations', 'pilar', 'discrepancies', 'linkKeys', 'importRejects']);

/** Whether a collection holds no document (one read of at most one `_id`). */
export async function collectionIsEmpty(name: string): Promise<boolean> {
  return (await mongoose.connection.db!.collection(name).findOne({}, { projection: { _id: 1 } })) === null;
}

/** Whether every collection the importer writes is empty (the condition of a first load). */
export async function isFirstLoad(): Promise<boolean> {
  for (const c of IMPORTED_COLLECTIONS) if (!(await collectionIsEmpty(c))) return false;
  return true;
}

/** The `importState` document a first load by clusters keeps from its start until its indexes are built (clusterLoad.ts). */
export const FIRST_LOAD_MARKER = 'firstLoad';

/** Whether a first load by clusters was interrupted (its marker is still there): the database holds part of it. */
export async function firstLoadInterrupted(): Promise<boolean> {
  return (await mongoose.connection.db!.collection<{ _id: string }>('importState').findOne({ _id: FIRST_LOAD_MARKER })) !== null;
}

const importedModels = (): Model<any>[] => allModels().filter((m) => IMPORTED_COLLECTIONS.has(m.collection.collectionName));

/**
 * Drops the secondary indexes of the collections the importer writes when they are all empty,
 * so that a first load does not maintain them per inserted and replaced record; `_id` and unique
 * indexes stay (they decide clashes). Says whether it dropped any. The importer reads records
 * by `_id` only (store.ts), so nothing it does needs them.
 */
export async function deferSecondaryIndexes(): Promise<boolean> {
  if (!(await isFirstLoad())) return false;
  const models = importedModels();
  let dropped = false;
  for (const m of models) {
    const indexes = (await m.collection.indexes()) as { name?: string; unique?: boolean }[];
    for (const index of indexes) {
      if (!index.name || index.name === '_id_' || index.unique) continue;
      await m.collection.dropIndex(index.name);
      dropped = true;
    }
  }
  return dropped;
}

/**
 * Runs a load (the demo start, `npm run seed`, a benchmark) with the secondary indexes built once,
 * after the data, when the database holds no imported record yet; otherwise runs it as it is. The
 * indexes are built again before this returns or throws. A process killed midway leaves them
 * missing, and every start builds them before anything else (src/db/database.ts openDatabase
 * runs ensureIndexes), then resumes the interrupted import with them in place: the hub never
 * serves without its indexes.
 */
export async function withIndexesAfterLoad<T>(load: () => Promise<T>, log?: Logger): Promise<T> {
  const deferred = await deferSecondaryIndexes();
  if (deferred) log?.info('first load: secondary indexes are built after the data');
  try {
    return await load();
  } finally {
    if (deferred) {
      const started = Date.now();
      await ensureIndexes();
      log?.info({ seconds: (Date.now() - started) / 1000 }, 'first load: secondary indexes built');
    }
  }
}
