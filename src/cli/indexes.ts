import mongoose from 'mongoose';
import { loadConfig } from '../config';
import { ensureIndexes } from '../db/connection';
import { openDatabase } from '../db/database';
import { createLogger } from '../log';

const USAGE = `usage: npm run db:indexes
  creates every collection and index the hub and the importer use, on MONGODB_URI (or the
  embedded engine's SIMPUL_DATA_DIR when unset), and lists them; existing ones are kept.
  Run it at deploy time, before the hub and before an import: on a large MongoDB
  collection an index build takes minutes, which a starting hub should not wait for.
exit status: 0 done, 1 failed, 2 wrong usage`;

const keyText = (key: Record<string, unknown>) =>
  Object.entries(key)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');

/** `npm run db:indexes`: the deploy-time index build. */
async function main(): Promise<void> {
  if (process.argv.length > 2) {
    console.error(`${process.argv[2] === '--help' ? '' : `unknown argument "${process.argv[2]}"\n`}${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const started = Date.now();
  const db = await openDatabase(config, log);
  let failed = true;
  try {
    const listed = await ensureIndexes();
    for (const c of listed) console.log(`${c.collection}: ${c.indexes.map((i) => `{ ${keyText(i.key)} }`).join(' ')}`);
    const total = listed.reduce((n, c) => n + c.indexes.length, 0);
    console.log(`${total} indexes on ${listed.length} collections of ${config.dbName}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    failed = false;
  } catch (err) {
    console.error(`simpul db:indexes: ${(err as Error).message}`);
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await db.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`simpul db:indexes: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
