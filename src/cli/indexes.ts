import { loadConfig } from '../config';
import { commandOf, runAsProcess, type Command, type CommandIo } from './io';

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
export const run: Command = commandOf('db:indexes', 1, indexes);

async function indexes(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.length > 0) {
    io.err(`${argv[0] === '--help' ? '' : `unknown argument "${argv[0]}"\n`}${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(io.env);
  // The database and the models are loaded once the arguments passed: wrong usage loads little.
  const [{ default: mongoose }, { ensureIndexes }, { openDatabase }, { createLogger }] = await Promise.all([
    import('mongoose'),
    import('../db/connection'),
    import('../db/database'),
    import('../log'),
  ]);
  const log = createLogger(config.logLevel);
  const started = Date.now();
  const db = await openDatabase(config, log);
  let failed = true;
  try {
    const listed = await ensureIndexes();
    for (const c of listed) io.out(`${c.collection}: ${c.indexes.map((i) => `{ ${keyText(i.key)} }`).join(' ')}\n`);
    const total = listed.reduce((n, c) => n + c.indexes.length, 0);
    io.out(`${total} indexes on ${listed.length} collections of ${config.dbName}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    failed = false;
  } catch (err) {
    io.err(`simpul db:indexes: ${(err as Error).message}\n`);
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await db.close();
  }
  return failed ? 1 : 0;
}

if (require.main === module) runAsProcess(run, { exitWhenDone: true });
