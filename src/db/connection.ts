import mongoose from 'mongoose';
import { allModels } from './models';

// Safety settings for every query the hub makes (docs/security.md): an unknown filter
// key is an error, not a silent `{}` that returns every document, and operators
// smuggled inside filter values are neutralised.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

export async function connectMongoose(uri: string, dbName: string, serverSelectionTimeoutMS = 10_000): Promise<typeof mongoose> {
  // monitorCommands: the hub's metrics count the driver's command events (src/server/metrics.ts);
  // the driver emits none without it. A short server selection makes queries fail fast while the
  // database is away, instead of hanging.
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS, monitorCommands: true });
  return mongoose;
}

/** One collection's indexes after ensureIndexes: names and keys, as the server lists them. */
export interface CollectionIndexes {
  collection: string;
  indexes: { name: string; key: Record<string, unknown> }[];
}

/**
 * Creates every collection and index the API's query paths and the importer
 * need (idempotent: existing ones are left as they are), and lists them.
 */
export async function ensureIndexes(): Promise<CollectionIndexes[]> {
  const out: CollectionIndexes[] = [];
  for (const model of allModels()) {
    await model.createCollection().catch((err: { codeName?: string }) => {
      if (err.codeName !== 'NamespaceExists') throw err;
    });
    await model.createIndexes();
    const listed = (await model.collection.indexes()) as { name?: string; key: Record<string, unknown> }[];
    out.push({ collection: model.collection.collectionName, indexes: listed.map((i) => ({ name: i.name ?? '', key: i.key })) });
  }
  return out;
}

export async function disconnectMongoose(): Promise<void> {
  await mongoose.disconnect();
}
