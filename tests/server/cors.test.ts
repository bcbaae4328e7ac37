import { loadConfig } from '../../src/config';
import { startTestHub, type TestHub } from '../helpers/hub';

/*
 * A dashboard served from another origin (Vite on http://localhost:5173) calls
 * the hub from the browser: the preflight and the request carry CORS headers
 * for listed origins only, credentials stay in the Authorization header, and
 * CSRF prevention still refuses a cross-origin request that skips the preflight.
 */

const DASHBOARD = 'http://localhost:5173';
const STRANGER = 'http://evil.example';
let hub: TestHub;
let url: string;

beforeAll(async () => {
  hub = await startTestHub({ SIMPUL_CORS_ORIGINS: `${DASHBOARD}, https://dashboard.dinsos.example`, SIMPUL_CORS_MAX_AGE_SECONDS: '900' });
  url = `http://127.0.0.1:${hub.port}/graphql`;
});
afterAll(() => hub.close());

const preflight = (origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-purpose' },
  });

describe('browsers on other origins', () => {
  it('a listed origin passes the preflight, cached for the configured time, without ambient credentials', async () => {
    const res = await preflight(DASHBOARD);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-purpose']));
    expect(res.headers.get('access-control-max-age')).toBe('900');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('a listed origin reads the answer and its request id', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { origin: DASHBOARD, 'content-type': 'application/json', authorization: `Bearer ${await hub.token({ role: 'ADMIN' })}` },
      body: JSON.stringify({ query: '{ kecamatan(code: "35.19.01") { name } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(await res.json()).toEqual({ data: { kecamatan: { name: expect.any(String) } } });
  });

  it('an origin not listed gets no CORS headers, so the browser refuses it', async () => {
    const res = await preflight(STRANGER);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
    const post = await fetch(url, {
      method: 'POST',
      headers: { origin: STRANGER, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ kecamatans { code } }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention: a request a browser would send without a preflight is refused, even from a listed origin', async () => {
    const res = await fetch(`${url}?query=${encodeURIComponent('{ kecamatans { code } }')}`, { headers: { origin: DASHBOARD } });
    expect(res.status).toBe(400);
    const form = await fetch(url, { method: 'POST', headers: { origin: DASHBOARD, 'content-type': 'text/plain' }, body: '{"query":"{ kecamatans { code } }"}' });
    expect(form.status).toBe(400);
  });
});

describe('the allow-list is configuration', () => {
  const production = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db/', HOST: '0.0.0.0', JWT_SECRET: 'k'.repeat(32), JWT_ISSUER: 'sso', SIMPUL_MASK_KEY: 'm'.repeat(32) };

  it('is empty by default in production and lists the local dev servers in development', () => {
    expect(loadConfig(production).cors.origins).toEqual([]);
    expect(loadConfig({}).cors.origins).toEqual(expect.arrayContaining([DASHBOARD, 'http://127.0.0.1:5173']));
    expect(loadConfig({ ...production, SIMPUL_CORS_ORIGINS: 'https://dashboard.dinsos.example' }).cors.origins).toEqual(['https://dashboard.dinsos.example']);
  });

  it('refuses a wildcard or a path, naming the variable', () => {
    expect(() => loadConfig({ SIMPUL_CORS_ORIGINS: '*' })).toThrow(/SIMPUL_CORS_ORIGINS/);
    expect(() => loadConfig({ SIMPUL_CORS_ORIGINS: 'http://localhost:5173/app' })).toThrow(/SIMPUL_CORS_ORIGINS/);
  });
});
