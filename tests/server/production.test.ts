import { spawn } from 'node:child_process';
import { ConfigError, DEV_JWT_SECRET, DEV_MASK_KEY, loadConfig, PROJECT_ROOT } from '../../src/config';
import { buildSchema } from '../../src/server/schema';
import { NODE_PROCESS_ENV } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';
import { startTestHub, type TestHub } from '../helpers/hub';
import { PRODUCTION_ENV, startSchemaServer, type SchemaServer } from './support';

const DB = 'mongodb://db1.example:27017/?replicaSet=rs0';
const MASK = { SIMPUL_MASK_KEY: 'm'.repeat(32) };
const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig({ NODE_ENV: 'production', ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('production refuses to start without what it needs', () => {
  it('names every missing setting at once', () => {
    const message = refusal({});
    expect(message).toMatch(/^production configuration incomplete: /);
    expect(message).toContain('MONGODB_URI must name the production database');
    expect(message).toContain('HOST must be set explicitly');
    expect(message).toContain('JWT_SECRET (at least 32 characters) or JWT_JWKS_URL with JWT_ISSUER and JWT_AUDIENCE must be set');
    expect(message).toContain('JWT_ISSUER must name the issuer of the tokens the hub accepts');
  });

  it('refuses a shared secret without an issuer: a token of any issuer would do', () => {
    expect(refusal({ MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: 'k'.repeat(32), ...MASK })).toBe(
      'production configuration incomplete: JWT_ISSUER must name the issuer of the tokens the hub accepts (their `iss` claim)',
    );
  });

  it('bounds the token lifetime and the clock skew it accepts, and names a wrong value', () => {
    const ok = loadConfig({ NODE_ENV: 'production', MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: 'k'.repeat(32), JWT_ISSUER: 'sso', JWT_MAX_LIFETIME_SECONDS: '3600', ...MASK });
    expect(ok.jwt).toMatchObject({ strict: true, maxLifetimeSeconds: 3600, clockSkewSeconds: 60 });
    expect(() => loadConfig({ JWT_MAX_LIFETIME_SECONDS: String(30 * 24 * 3600) })).toThrow(/JWT_MAX_LIFETIME_SECONDS/);
    expect(() => loadConfig({ JWT_CLOCK_SKEW_SECONDS: '3600' })).toThrow(/JWT_CLOCK_SKEW_SECONDS/);
    expect(loadConfig({}).jwt.strict).toBe(false);
  });

  it('never writes synthetic data: no demo regency by default, and SIMPUL_SEED_ON_START=demo is refused', () => {
    const base = { MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: 'k'.repeat(32), JWT_ISSUER: 'sso', ...MASK };
    expect(loadConfig({ NODE_ENV: 'production', ...base }).seedOnStart).toBe('none');
    expect(refusal({ ...base, SIMPUL_SEED_ON_START: 'demo' })).toBe(
      'production configuration incomplete: SIMPUL_SEED_ON_START=demo would write the synthetic demo regency; production never writes synthetic data (use none)',
    );
    expect(loadConfig({}).seedOnStart).toBe('demo');
  });

  it('refuses the development secret, and secrets shorter than 32 characters', () => {
    expect(refusal({ MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: DEV_JWT_SECRET, JWT_ISSUER: 'sso', ...MASK })).toBe(
      'production configuration incomplete: JWT_SECRET is the development secret; set a secret of your own',
    );
    expect(refusal({ MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: 'short-secret' })).toContain('JWT_SECRET must be at least 32 characters');
  });

  it('says which half of a JWKS setting is missing', () => {
    expect(refusal({ MONGODB_URI: DB, HOST: '0.0.0.0', JWT_JWKS_URL: 'https://sso.example/jwks' })).toContain('(JWT_ISSUER is missing)');
  });

  it('starts with a strong secret and an issuer, or with a JWKS URL and an issuer', () => {
    const secret = loadConfig({ NODE_ENV: 'production', MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: 'k'.repeat(32), JWT_ISSUER: 'https://sso.example', ...MASK });
    expect(secret.jwt).toEqual({
      secret: 'k'.repeat(32),
      jwksUrl: undefined,
      issuer: 'https://sso.example',
      audience: 'simpul',
      strict: true,
      maxLifetimeSeconds: 8 * 3600,
      clockSkewSeconds: 60,
    });
    const jwks = loadConfig({ NODE_ENV: 'production', MONGODB_URI: DB, HOST: '0.0.0.0', JWT_JWKS_URL: 'https://sso.example/jwks', JWT_ISSUER: 'https://sso.example', ...MASK });
    expect(jwks.jwt.secret).toBeUndefined();
  });

  it('refuses to mask NIK and KK numbers with the development key, a short key or none', () => {
    const base = { MONGODB_URI: DB, HOST: '0.0.0.0', JWT_SECRET: 'k'.repeat(32), JWT_ISSUER: 'sso' };
    const message = 'production configuration incomplete: SIMPUL_MASK_KEY must be a secret of your own of at least 32 characters (it keys the masks of NIK and KK numbers)';
    expect(refusal(base)).toBe(message);
    expect(refusal({ ...base, SIMPUL_MASK_KEY: DEV_MASK_KEY })).toBe(message);
    expect(refusal({ ...base, SIMPUL_MASK_KEY: 'short' })).toBe(message);
    expect(loadConfig({ NODE_ENV: 'production', ...base, ...MASK }).maskKey).toBe(MASK.SIMPUL_MASK_KEY);
  });

  it('keeps the development secret as the default outside production', () => {
    expect(loadConfig({}).jwt.secret).toBe(DEV_JWT_SECRET);
  });

  it('the entry point of `npm start` (seeds/start.ts, run by node itself) exits 1 naming the missing settings', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'seeds/start.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...NODE_PROCESS_ENV, NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/simpul: production configuration incomplete: MONGODB_URI .*; HOST .*; JWT_SECRET is the development secret/);
  });

  it('`npm run seed` refuses to import a synthetic regency into a production database', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'seeds/command.ts', '--families', '5'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...NODE_PROCESS_ENV, ...PRODUCTION_ENV, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: uniqueDbName('prodseed') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain('production never writes synthetic data');
  });
});

describe('a production hub gives away nothing about its schema or internals', () => {
  let prod: TestHub;
  // mongoose is one per process: the development twin runs the same schema without a database.
  let dev: SchemaServer;
  beforeAll(async () => {
    // SIMPUL_SEED_ON_START left to its production default.
    [prod, dev] = await Promise.all([startTestHub({ ...PRODUCTION_ENV, SIMPUL_SEED_ON_START: '' }), startSchemaServer(buildSchema(), {}, { NODE_ENV: 'development' })]);
  });
  afterAll(() => Promise.all([prod.close(), dev.close()]));

  it('leaves an empty database empty: production never loads the synthetic demo regency', async () => {
    const { body } = await prod.post('{ persons(first: 0) { totalCount } households(first: 0) { totalCount } }');
    expect(body).toEqual({ data: { persons: { totalCount: 0 }, households: { totalCount: 0 } } });
  });

  it('refuses introspection', async () => {
    const { status, body } = await prod.post('{ __schema { types { name } } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/introspection is not allowed/i);
    expect((await dev.post('{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe('Query');
  });

  it('serves no IDE: a browser asking for /graphql gets the GraphQL answer, and /ide/ files are 404', async () => {
    const base = `http://127.0.0.1:${prod.port}`;
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(page.status).toBe(400);
    expect((await fetch(`${base}/ide/graphiql.min.js`)).status).toBe(404);
  });

  it('suggests no field names for a misspelt field', async () => {
    const q = '{ kecamatans { nmae } }';
    const { status, body } = await prod.post(q);
    expect(status).toBe(400);
    expect(body.errors[0].message).toBe('Cannot query field "nmae" on type "Kecamatan".');
    expect((await dev.post(q)).body.errors[0].message).toMatch(/Did you mean "name"\?/);
  });

  it('includes no stack traces (nor does development for a client mistake: it is not an exception)', async () => {
    const { body } = await prod.post('{ kecamatan(code: "nope") { name } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].extensions.stacktrace).toBeUndefined();
    const inDevelopment = (await dev.post('{ kecamatan(code: "nope") { name } }')).body.errors[0];
    expect(inDevelopment.extensions.code).toBe('BAD_USER_INPUT');
    expect(inDevelopment.extensions.stacktrace).toBeUndefined();
  });
});

describe('production error masking, on a schema with an enum argument and a failing field', () => {
  const typeDefs = 'enum Kind { DESA KELURAHAN } type Query { count(kind: Kind!): Int! broken: Int }';
  const resolvers = {
    Query: {
      count: () => 1,
      broken: () => {
        throw new Error('connect failed for mongodb://simpul:hunter2@db1.internal:27017');
      },
    },
  };
  let prod: SchemaServer;
  let dev: SchemaServer;
  beforeAll(async () => {
    [prod, dev] = await Promise.all([startSchemaServer(typeDefs, resolvers, PRODUCTION_ENV), startSchemaServer(typeDefs, resolvers, { NODE_ENV: 'development' })]);
  });
  afterAll(() => Promise.all([prod.close(), dev.close()]));

  it('suggests no enum values, whether the value is written in the query or passed as a variable', async () => {
    const literal = await prod.post('{ count(kind: DES) }');
    expect(literal.status).toBe(400);
    expect(literal.body.errors[0].message).toBe('Value "DES" does not exist in "Kind" enum.');
    const variable = await prod.post('query Q($k: Kind!) { count(kind: $k) }', { k: 'DES' });
    expect(variable.status).toBe(400);
    expect(variable.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(variable.body.errors[0].message).toBe('Variable "$k" got invalid value "DES"; Value "DES" does not exist in "Kind" enum.');
    expect((await dev.post('query Q($k: Kind!) { count(kind: $k) }', { k: 'DES' })).body.errors[0].message).toMatch(/Did you mean the enum value "DESA"\?/);
  });

  it('masks an unexpected error as INTERNAL_SERVER_ERROR with the request id, and logs the original under that id', async () => {
    const { status, headers, body } = await prod.post('query Broken { broken }');
    const requestId = headers.get('x-request-id');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { broken: null },
      errors: [{ message: 'Internal server error', locations: [{ line: 1, column: 16 }], path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
    });
    const logged = prod.logs.lines.find((l) => l.msg === 'graphql: unexpected error');
    expect(logged).toMatchObject({ requestId, path: 'broken', err: { message: expect.stringContaining('db1.internal') } });
    const access = await prod.logs.line((l) => l.msg === 'graphql request' && l.requestId === requestId);
    expect(access).toMatchObject({ operation: 'query:broken', operationName: 'Broken', outcome: 'error', errorCodes: ['INTERNAL_SERVER_ERROR'] });
  });

  it('shows the message and the stack in development', async () => {
    const { body } = await dev.post('{ broken }');
    expect(body.errors[0].message).toMatch(/connect failed/);
    expect(body.errors[0].extensions.stacktrace).toEqual(expect.any(Array));
  });
});
