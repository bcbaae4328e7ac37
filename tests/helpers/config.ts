import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config';

/** A database name of its own for each test file (the engine keeps one SQLite file per database). */
export function uniqueDbName(prefix = 't'): string {
  return `${prefix}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(5).toString('hex')}`;
}

/** Configuration for a hub under test: the run's engine, a fresh database, a free port, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  if (!process.env.MONGODB_URI) throw new Error('tests need MONGODB_URI (set by tests/setup/globalSetup.ts)');
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_DB: uniqueDbName(),
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SIMPUL_SEED_ON_START: 'none',
    ...overrides,
  });
}
