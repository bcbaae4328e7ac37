import { startTestHub, type TestHub } from '../helpers/hub';

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
  });

  it('answers 404 for unknown paths', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
  });
});
