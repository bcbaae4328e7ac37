import { loadConfig } from '../config';
import { createLogger } from '../log';
import { startHub, type Hub } from '../server/hub';

/** `npm start`: runs the hub until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
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
  hub = await startHub(config, log);
  if (stopping) await hub.close();
}

main().catch((err: unknown) => {
  console.error(`simpul: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
