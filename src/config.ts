import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** Repository root: every relative path in the configuration is taken from here. */
export const PROJECT_ROOT = resolve(__dirname, '..');

const fromRoot = (p: string): string => (isAbsolute(p) ? p : resolve(PROJECT_ROOT, p));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only')
    .default('simpul'),
  SIMPUL_DATA_DIR: z.string().min(1).default('.data'),
  SIMPUL_ENGINE_DIR: z.string().min(1).default('.engine'),
  SIMPUL_ENGINE_START_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SIMPUL_SEED_ON_START: z.enum(['demo', 'none']).default('demo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Set when the hub must use an existing MongoDB-compatible server; unset starts the embedded engine. */
  mongodbUri: string | undefined;
  dbName: string;
  dataDir: string;
  engineDir: string;
  engineStartTimeoutMs: number;
  seedOnStart: 'demo' | 'none';
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once. Nothing else in the hub reads
 * process.env: pass the Config object down instead.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]),
  );
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    dbName: e.MONGODB_DB,
    dataDir: fromRoot(e.SIMPUL_DATA_DIR),
    engineDir: fromRoot(e.SIMPUL_ENGINE_DIR),
    engineStartTimeoutMs: e.SIMPUL_ENGINE_START_TIMEOUT_MS,
    seedOnStart: e.SIMPUL_SEED_ON_START,
    logLevel: e.LOG_LEVEL,
  };
}
