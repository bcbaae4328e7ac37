import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** Repository root: every relative path in the configuration is taken from here. */
export const PROJECT_ROOT = resolve(__dirname, '..');

const fromRoot = (p: string): string => (isAbsolute(p) ? p : resolve(PROJECT_ROOT, p));

function positiveInt(fallback: number) {
  return z.coerce.number().int().positive().default(fallback);
}

/** Signs development tokens; production refuses to start with it (docs/security.md). */
export const DEV_JWT_SECRET = 'simpul-dev-secret-change-me';
const MIN_SECRET_LENGTH = 32;
/** Keys the tags of masked NIK and KK numbers (src/identifiers/mask.ts); production refuses to start with it. */
export const DEV_MASK_KEY = 'simpul-dev-mask-key-change-me';

/** Browser origins allowed outside production when SIMPUL_CORS_ORIGINS is unset: the usual local dev servers (Vite, CRA/Next). */
export const DEV_CORS_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:3000', 'http://127.0.0.1:3000'];

/** Largest SIMPUL_MAX_PAGE_SIZE the hub accepts. */
export const MAX_PAGE_SIZE_CEILING = 1000;
/** Longest token lifetime JWT_MAX_LIFETIME_SECONDS may allow: 7 days. */
const MAX_TOKEN_LIFETIME_CEILING = 7 * 24 * 3600;

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
  // No default here: production's default differs (loadConfig).
  SIMPUL_SEED_ON_START: z.enum(['demo', 'none']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIMPUL_MAX_DEPTH: positiveInt(12),
  SIMPUL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  SIMPUL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
  SIMPUL_MAX_TOKENS: positiveInt(2_000),
  SIMPUL_MAX_COST: positiveInt(10_000),
  // Above a thousand, one page no longer fits the loaders' batches (src/loaders/batch.ts) or a sane reply.
  SIMPUL_MAX_PAGE_SIZE: z.coerce.number().int().positive().max(MAX_PAGE_SIZE_CEILING).default(100),
  SIMPUL_CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'each origin is scheme://host[:port], no path, no wildcard')))
    .optional(),
  SIMPUL_TRUSTED_DOCUMENTS_ONLY: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    )
    .pipe(z.array(z.string().regex(/^(\*|[a-z0-9][a-z0-9._-]{0,63})$/, 'each entry is a client name (lower-case letters, digits, ".", "_", "-") or *')))
    .optional(),
  SIMPUL_CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  SIMPUL_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  SIMPUL_DB_MAX_TIME_MS: z.coerce.number().int().positive().optional(),
  SIMPUL_DB_SERVER_SELECTION_TIMEOUT_MS: positiveInt(3_000),
  SIMPUL_SHUTDOWN_GRACE_MS: positiveInt(10_000),
  JWT_SECRET: z.string().optional(),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).default('simpul'),
  SIMPUL_MASK_KEY: z.string().optional(),
  JWT_MAX_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(MAX_TOKEN_LIFETIME_CEILING)
    .default(8 * 3600),
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
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
  /** `demo` writes the synthetic regency into an empty database; production only ever has `none`. */
  seedOnStart: 'demo' | 'none';
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** What one GraphQL request may ask for (src/server/limits.ts). */
  limits: {
    maxDepth: number;
    /** Aliased fields per operation, `__typename` included. */
    maxAliases: number;
    maxDirectives: number;
    /** Lexical tokens per document; longer documents are refused by the parser (HTTP 400). */
    maxTokens: number;
    /** Estimated cost per operation: 1 per field plus its database work, the selection below a `first` argument counted `first` times (src/server/limits.ts). */
    maxCost: number;
    /** Largest `first` a paged field accepts (pagination and the cost limit alike), at most MAX_PAGE_SIZE_CEILING. */
    maxPageSize: number;
    /** Deadline of one HTTP request; slower requests are answered 504 REQUEST_TIMEOUT. */
    requestTimeoutMs: number;
  };
  database: {
    /** `maxTimeMS` of every database read. */
    maxTimeMs: number;
    /** How long a query waits for a reachable server before answering DATABASE_UNAVAILABLE. */
    serverSelectionTimeoutMs: number;
  };
  /** How long SIGTERM waits for in-flight requests before cutting them. */
  shutdownGraceMs: number;
  /** Browser origins allowed to call the API (src/server/cors.ts): none by default in production, local dev servers otherwise. */
  cors: { origins: string[]; maxAgeSeconds: number };
  /** Clients that run registered documents only (src/server/trusted-documents.ts); `*` for every request. None by default. */
  trustedDocuments: { enforcedClients: string[] };
  /** Token verification: a shared secret (HS256) or a JWKS endpoint with issuer and audience. */
  jwt: {
    /** Unset only in production when a JWKS URL is configured. */
    secret: string | undefined;
    jwksUrl: string | undefined;
    /** Required `iss`; always set in production. Unset (development): any issuer is accepted. */
    issuer: string | undefined;
    audience: string;
    /**
     * Production rules (src/auth/jwt.ts, src/auth/authenticate.ts): `exp` and `iat` required,
     * `exp - iat` at most maxLifetimeSeconds, `iat` not in the future, and the area only from
     * the pilar record. Off in development and tests, whose tokens may name an area directly.
     */
    strict: boolean;
    /** Longest lifetime (`exp - iat`) and age a token may have when strict. */
    maxLifetimeSeconds: number;
    /** Tolerance for clocks that disagree, on `exp`, `nbf` and `iat`. */
    clockSkewSeconds: number;
  };
  /** Secret key of the tags that stand for masked NIK and KK numbers (src/identifiers/mask.ts). */
  maskKey: string;
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once. Nothing else in the hub reads
 * process.env: pass the Config object down instead.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = productionProblems(e, blankToUndefined.HOST !== undefined);
    if (missing.length > 0) {
      throw new ConfigError(`production configuration incomplete: ${missing.join('; ')}`);
    }
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    dbName: e.MONGODB_DB,
    dataDir: fromRoot(e.SIMPUL_DATA_DIR),
    engineDir: fromRoot(e.SIMPUL_ENGINE_DIR),
    engineStartTimeoutMs: e.SIMPUL_ENGINE_START_TIMEOUT_MS,
    seedOnStart: e.SIMPUL_SEED_ON_START ?? (production ? 'none' : 'demo'),
    logLevel: e.LOG_LEVEL,
    limits: {
      maxDepth: e.SIMPUL_MAX_DEPTH,
      maxAliases: e.SIMPUL_MAX_ALIASES,
      maxDirectives: e.SIMPUL_MAX_DIRECTIVES,
      maxTokens: e.SIMPUL_MAX_TOKENS,
      maxCost: e.SIMPUL_MAX_COST,
      maxPageSize: e.SIMPUL_MAX_PAGE_SIZE,
      requestTimeoutMs: e.SIMPUL_REQUEST_TIMEOUT_MS ?? (production ? 15_000 : 60_000),
    },
    database: {
      // The embedded engine (development, tests) scans whole collections and serves a whole
      // test run: its reads are far slower than production's indexed MongoDB.
      maxTimeMs: e.SIMPUL_DB_MAX_TIME_MS ?? (production ? 5_000 : 30_000),
      serverSelectionTimeoutMs: e.SIMPUL_DB_SERVER_SELECTION_TIMEOUT_MS,
    },
    shutdownGraceMs: e.SIMPUL_SHUTDOWN_GRACE_MS,
    trustedDocuments: { enforcedClients: e.SIMPUL_TRUSTED_DOCUMENTS_ONLY ?? [] },
    cors: { origins: e.SIMPUL_CORS_ORIGINS ?? (production ? [] : DEV_CORS_ORIGINS), maxAgeSeconds: e.SIMPUL_CORS_MAX_AGE_SECONDS },
    jwt: {
      secret: e.JWT_SECRET ?? (production ? undefined : DEV_JWT_SECRET),
      jwksUrl: e.JWT_JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      strict: production,
      maxLifetimeSeconds: e.JWT_MAX_LIFETIME_SECONDS,
      clockSkewSeconds: e.JWT_CLOCK_SKEW_SECONDS,
    },
    maskKey: e.SIMPUL_MASK_KEY ?? DEV_MASK_KEY,
  };
}

/**
 * What production needs that development supplies by default, each named with
 * its variable: the embedded engine, the loopback default for HOST, the
 * development secret, tokens of any issuer and the demo data are conveniences
 * that must not reach a real deployment.
 */
function productionProblems(e: z.infer<typeof schema>, hostGiven: boolean): string[] {
  const problems: string[] = [];
  if (!e.MONGODB_URI) problems.push('MONGODB_URI must name the production database (the embedded engine is for development)');
  if (!hostGiven) problems.push('HOST must be set explicitly (e.g. 0.0.0.0 behind the proxy)');
  if (e.SIMPUL_SEED_ON_START === 'demo') problems.push('SIMPUL_SEED_ON_START=demo would write the synthetic demo regency; production never writes synthetic data (use none)');
  const jwks = e.JWT_JWKS_URL !== undefined && e.JWT_ISSUER !== undefined;
  if (e.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push('JWT_SECRET is the development secret; set a secret of your own');
  } else if (e.JWT_SECRET !== undefined && e.JWT_SECRET.length < MIN_SECRET_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  } else if (e.JWT_SECRET === undefined && !jwks) {
    const partial = e.JWT_JWKS_URL !== undefined ? ' (JWT_ISSUER is missing)' : e.JWT_ISSUER !== undefined ? ' (JWT_JWKS_URL is missing)' : '';
    problems.push(`JWT_SECRET (at least ${MIN_SECRET_LENGTH} characters) or JWT_JWKS_URL with JWT_ISSUER and JWT_AUDIENCE must be set${partial}`);
  }
  if (e.SIMPUL_MASK_KEY === undefined || e.SIMPUL_MASK_KEY === DEV_MASK_KEY || e.SIMPUL_MASK_KEY.length < MIN_SECRET_LENGTH) {
    problems.push(`SIMPUL_MASK_KEY must be a secret of your own of at least ${MIN_SECRET_LENGTH} characters (it keys the masks of NIK and KK numbers)`);
  }
  if (e.JWT_ISSUER === undefined && (e.JWT_SECRET !== undefined || e.JWT_JWKS_URL === undefined)) {
    problems.push('JWT_ISSUER must name the issuer of the tokens the hub accepts (their `iss` claim)');
  }
  return problems;
}
