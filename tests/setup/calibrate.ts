import mongoose from 'mongoose';
import { generateRegency } from '../../seeds/regency';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { loadRegency } from '../../seeds/loadRegency';
import { connectMongoose, ensureIndexes } from '../../src/db/connection';

/**
 * The reference work of tests/helpers/budget.ts, measured on the run's database: generating the tiny regency and
 * loading it through the models into a scratch database (dropped after). Returns milliseconds.
 */
export async function measureReferenceWork(uri: string, dbName: string): Promise<number> {
  await connectMongoose(uri, dbName);
  try {
    await ensureIndexes();
    const started = performance.now();
    await loadRegency(generateRegency(SCENARIOS.tiny));
    return Math.round(performance.now() - started);
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}
