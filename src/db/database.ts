import type { Config } from '../config';
import type { Logger } from '../log';
import { connectMongoose, disconnectMongoose, ensureIndexes } from './connection';
import { ensureEngineBinary, startEngine, type Engine } from './engine';

export interface Database {
  /** Connection string of the server in use (the embedded engine's when it was started). */
  uri: string;
  /** The embedded engine this process started, or null when MONGODB_URI named a server. */
  engine: Engine | null;
  close(): Promise<void>;
}

/**
 * The one launcher for `npm start`, the command line and the tests: uses
 * MONGODB_URI when set, otherwise builds (once) and starts the embedded engine;
 * then connects mongoose and ensures indexes.
 */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  let engine: Engine | null = null;
  let uri = config.mongodbUri;
  if (uri) {
    log.info({ dbName: config.dbName }, 'database: using MONGODB_URI; no embedded engine started');
  } else {
    const binary = await ensureEngineBinary(config.engineDir, log);
    engine = await startEngine({ binary, dataDir: config.dataDir, log, timeoutMs: config.engineStartTimeoutMs });
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
