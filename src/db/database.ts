import type { Config } from '../config';
import type { Logger } from '../log';
import { connectMongoose, disconnectMongoose, ensureIndexes } from './connection';
import { dataDirHolder, DataDirBusy } from './dataDirLock';
import { startEngine, type Engine } from './engine';
import { ensureEngineBinary } from './engineBuild';

export interface Database {
  /** Connection string of the server in use (the embedded engine's when it was started). */
  uri: string;
  /** The embedded engine this process started, or null when MONGODB_URI named a server. */
  engine: Engine | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Who is opening it, named to any other process that finds the data directory taken. Default: the hub. */
  owner?: string;
  /**
   * A command (import, seed, apikey) uses the embedded engine of a hub already
   * running on the data directory, so the hub sees what it writes at once. The
   * hub itself never shares: a second hub on one directory is refused.
   */
  shareRunningEngine?: boolean;
}

/**
 * The address of the engine another process runs on this data directory, for a
 * command to use: null when the directory is free. A holder that does not serve
 * others (another command, whose engine stops when it ends) refuses.
 */
async function runningEngine(config: Config): Promise<string | null> {
  const deadline = Date.now() + config.engineStartTimeoutMs;
  for (;;) {
    const holder = dataDirHolder(config.dataDir);
    if (!holder) return null;
    if (!holder.serves) throw new DataDirBusy(config.dataDir, holder);
    if (holder.uri) return holder.uri;
    // Its engine is starting: wait for the address.
    if (Date.now() > deadline) throw new DataDirBusy(config.dataDir, holder);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The one launcher for `npm start`, the command line and the tests: uses
 * MONGODB_URI when set; otherwise, for a command, the embedded engine of the
 * hub running on the data directory; otherwise builds (once) and starts the
 * embedded engine, holding the data directory's lock (src/db/dataDirLock.ts).
 * Then connects mongoose and ensures indexes.
 */
export async function openDatabase(config: Config, log: Logger, opts: OpenDatabaseOptions = {}): Promise<Database> {
  let engine: Engine | null = null;
  let uri = config.mongodbUri;
  const shared = !uri && opts.shareRunningEngine ? await runningEngine(config) : null;
  if (uri) {
    log.info({ dbName: config.dbName }, 'database: using MONGODB_URI; no embedded engine started');
  } else if (shared) {
    uri = shared;
    log.info({ uri, dataDir: config.dataDir }, 'database: using the embedded engine already running on the data directory');
  } else {
    const binary = await ensureEngineBinary(config.engineDir, log);
    const owner = opts.owner ?? 'the hub';
    engine = await startEngine({ binary, dataDir: config.dataDir, log, timeoutMs: config.engineStartTimeoutMs, owner, serves: !opts.shareRunningEngine });
    uri = engine.uri;
  }
  try {
    await connectMongoose(uri, config.dbName, config.database.serverSelectionTimeoutMs);
    await ensureIndexes();
  } catch (err) {
    await engine?.stop();
    throw err;
  }
  return {
    uri,
    engine,
    async close() {
      await disconnectMongoose().catch(() => undefined);
      await engine?.stop();
    },
  };
}
