import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { startEngine } from '../../src/db/engine';
import { ensureEngineBinary } from '../../src/db/engineBuild';
import { createLogger } from '../../src/log';
import { measureReferenceWork } from './calibrate';

/**
 * Starts one embedded engine for the whole test run (unless MONGODB_URI names a
 * server) and hands its address to the test workers through MONGODB_URI; gives the
 * run an id and a folder for the fixtures built once per run (tests/helpers/fixtures.ts),
 * and measures the reference work (and the load average then) hook deadlines derive from (tests/helpers/budget.ts).
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  const runId = randomBytes(4).toString('hex');
  process.env.SIMPUL_TEST_RUN_ID = runId;
  process.env.SIMPUL_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'simpul-test-run-'));
  if (!config.mongodbUri) {
    const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
    const dataDir = mkdtempSync(join(tmpdir(), 'simpul-test-'));
    const binary = await ensureEngineBinary(config.engineDir, log);
    const engine = await startEngine({ binary, dataDir, log, timeoutMs: config.engineStartTimeoutMs });
    process.env.MONGODB_URI = engine.uri;
    process.env.SIMPUL_TEST_ENGINE_STARTED = '1';
    (globalThis as Record<string, unknown>).__simpulEngine = { engine, dataDir };
  }
  process.env.SIMPUL_TEST_REFERENCE_MS = String(await measureReferenceWork(process.env.MONGODB_URI!, `calibrate_${runId}`));
  process.env.SIMPUL_TEST_REFERENCE_LOAD = String(loadavg()[0]);
}
