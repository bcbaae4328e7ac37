import { loadConfig } from '../config';
import { startEngine } from '../db/engine';
import { ensureEngineBinary } from '../db/engineBuild';
import { createLogger } from '../log';

const USAGE = `usage: npm run engine -- <build|start>
  build   build the embedded engine (FerretDB) into SIMPUL_ENGINE_DIR if it is missing
  start   run the embedded engine in the foreground on a free loopback port (prints its MONGODB_URI)`;

/** `npm run engine -- build|start`: the embedded engine on its own, for CI and local tools. */
async function main(): Promise<void> {
  const command = process.argv[2];
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (command === 'build') {
    const binary = await ensureEngineBinary(config.engineDir, log);
    log.info({ binary }, 'engine ready');
    return;
  }
  if (command === 'start') {
    const binary = await ensureEngineBinary(config.engineDir, log);
    const engine = await startEngine({ binary, dataDir: config.dataDir, log, timeoutMs: config.engineStartTimeoutMs, owner: 'npm run engine', serves: true });
    process.stdout.write(`MONGODB_URI=${engine.uri}\n`);
    const stop = () => void engine.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  console.error(USAGE);
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(`simpul engine: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
