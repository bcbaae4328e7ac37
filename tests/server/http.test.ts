import { startTestHub, type TestHub } from '../helpers/hub';
import { startSchemaServer, type SchemaServer } from './support';

let hub: TestHub;
let base: string;
beforeAll(async () => {
  hub = await startTestHub();
  base = `http://127.0.0.1:${hub.port}`;
});
afterAll(() => hub.close());

describe('the hub over HTTP', () => {
  it('answers /healthz while the process is alive', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when the database is reachable', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('serves GraphQL at /graphql with a request id header', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ kecamatan(code: "35.19.02") { name } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ data: { kecamatan: { name: 'Dolopo' } } });
  });

  it('answers GET queries, with the CSRF header', async () => {
    const q = encodeURIComponent('{ kecamatan(code: "35.19.01") { name } }');
    const res = await fetch(`${base}/graphql?query=${q}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { kecamatan: { name: string } } }).data.kecamatan.name).toBe('Kebonsari');
  });

  it('refuses a GET without a preflight-forcing header (CSRF prevention)', async () => {
    const q = encodeURIComponent('{ kecamatans { code } }');
    const res = await fetch(`${base}/graphql?query=${q}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/This operation has been blocked as a potential Cross-Site Request Forgery \(CSRF\)/);
  });

  it('answers invalid JSON with 400 and a clear message', async () => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('not valid JSON');
  });

  it('refuses batched requests', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ kecamatans { code } }' }, { query: '{ kecamatans { code } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Operation batching disabled/);
  });

  it('answers 404 for unknown paths', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
  });
});

describe('GraphQL over HTTP guards, on a schema with a mutation and a slow field', () => {
  let server: SchemaServer;
  let mutations = 0;
  beforeAll(async () => {
    server = await startSchemaServer(
      'type Query { ok: Boolean! slow(ms: Int!): Boolean! } type Mutation { bump: Int! }',
      {
        Query: { ok: () => true, slow: (_: unknown, { ms }: { ms: number }) => new Promise((r) => setTimeout(r, ms, true).unref()) },
        Mutation: { bump: () => ++mutations },
      },
      { SIMPUL_REQUEST_TIMEOUT_MS: '300' },
    );
  });
  afterAll(() => server.close());

  it('never runs a mutation sent with GET: 405, and the mutation did not happen', async () => {
    const q = encodeURIComponent('mutation { bump }');
    const res = await fetch(`${server.base}/graphql?query=${q}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(mutations).toBe(0);
    expect((await server.post('mutation { bump }')).body).toEqual({ data: { bump: 1 } });
  });

  it('answers 504 REQUEST_TIMEOUT when a request outlives SIMPUL_REQUEST_TIMEOUT_MS', async () => {
    const started = Date.now();
    const { status, headers, body } = await server.post('{ slow(ms: 2000) }');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(status).toBe(504);
    expect(body.errors[0]).toMatchObject({
      message: 'the request did not finish within 300 ms',
      extensions: { code: 'REQUEST_TIMEOUT', requestId: headers.get('x-request-id') },
    });
    expect((await server.post('{ slow(ms: 10) }')).body).toEqual({ data: { slow: true } });
  });

  it('stamps every error with the request id of its x-request-id header', async () => {
    const { status, headers, body } = await server.post('{ nope }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.requestId).toBe(headers.get('x-request-id'));
  });
});
