import mongoose from 'mongoose';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { backfillPersonKeys } from '../db/search-keys';
import { createLogger } from '../log';

const USAGE = `usage: npm run db:search-keys
  writes the name search keys and the household desil onto every person that lacks them or holds
  stale ones (data imported before they existed), on MONGODB_URI (or the embedded engine's
  SIMPUL_DATA_DIR when unset). Idempotent; safe while the hub runs.
exit status: 0 done, 1 failed, 2 wrong usage`;

/** `npm run db:search-keys`: the backfill of src/db/search-keys.ts. */
async function main(): Promise<void> {
  if (process.argv.length > 2) {
    console.error(`${process.argv[2] === '--help' ? '' : `unknown argument "${process.argv[2]}"\n`}${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const db = await openDatabase(config, createLogger(config.logLevel));
  let failed = true;
  try {
    const started = Date.now();
    const { read, written } = await backfillPersonKeys();
    console.log(`${written} of ${read} people updated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    failed = false;
  } catch (err) {
    console.error(`simpul db:search-keys: ${(err as Error).message}`);
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await db.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`simpul db:search-keys: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
