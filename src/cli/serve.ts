import { loadConfig } from '../config';
import { createLogger } from '../log';
import type { Hub, HubOptions } from '../server/hub';

/** Runs the hub until SIGINT or SIGTERM (`npm start` runs it through seeds/start.ts, with the demo loader). */
export async function serve(options: HubOptions = {}): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // A start the embedded engine cannot make is refused before the server loads: no engine binary and no Go to build it,
  // or a data directory another process holds (src/db/database.ts checks both again, the lock for good, when it starts
  // the engine).
  if (!config.mongodbUri) {
    const [{ ensureEngineBinary }, { dataDirHolder, DataDirBusy }] = await Promise.all([import('../db/engineBuild'), import('../db/dataDirLock')]);
    await ensureEngineBinary(config.engineDir, log);
    const holder = dataDirHolder(config.dataDir);
    if (holder) throw new DataDirBusy(config.dataDir, holder);
  }
  // The server (Apollo, the schema, the database) is loaded once the configuration passed: a refused start loads little.
  const { startHub } = await import('../server/hub');
  let hub: Hub | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'hub stopping');
    // The grace period bounds the requests; this bounds closing the database and the engine after it.
    const limitMs = config.shutdownGraceMs + 15_000;
    const force = setTimeout(() => {
      log.error({ limitMs }, 'hub did not stop in time; exiting');
      process.exit(1);
    }, limitMs);
    force.unref();
    void (hub?.close() ?? Promise.resolve()).then(
      () => {
        log.info('hub stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'hub stopped with an error');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A crash exits the process; the engine's watchdog sees its pipe close and stops it.
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'hub crashed');
    process.exit(1);
  });
  hub = await startHub(config, log, options);
  if (stopping) await hub.close();
}

/** Ends the process with the reason a start failed, without a stack trace. */
export function exitOnFailure(err: unknown): never {
  console.error(`simpul: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

if (require.main === module) serve().catch(exitOnFailure);
