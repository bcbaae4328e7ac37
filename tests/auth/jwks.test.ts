import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestHub, type TestHub } from '../helpers/hub';

/*
 * Production verifies RS256/ES256 tokens against the identity provider's
 * JWKS endpoint, with issuer and audience checks. A JWKS server on loopback
 * plays the identity provider.
 */
let jwks: Server;
let hub: TestHub;
let sign: (claims: Record<string, unknown>, issuer?: string, audience?: string) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  }).listen(0, '127.0.0.1');
  await once(jwks, 'listening');
  const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  hub = await startTestHub({ JWT_JWKS_URL: url, JWT_ISSUER: 'https://sso.madiunkab.example', JWT_AUDIENCE: 'simpul' });
  sign = (claims, issuer = 'https://sso.madiunkab.example', audience = 'simpul') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('sso-user').setIssuer(issuer).setAudience(audience).setExpirationTime('5m').sign(privateKey);
});
afterAll(async () => {
  await hub.close();
  jwks.close();
});

const ask = async (token: string) => hub.post('{ persons(first: 0) { totalCount } }', undefined, { authorization: `Bearer ${token}` });

describe('tokens verified against a JWKS endpoint', () => {
  it('accepts an ES256 token from the configured issuer and audience', async () => {
    const { status, body } = await ask(await sign({ role: 'OPERATOR' }));
    expect(status).toBe(200);
    expect(body.data.persons.totalCount).toBe(0);
  });

  it('refuses a token from another issuer or for another audience', async () => {
    expect((await ask(await sign({ role: 'OPERATOR' }, 'https://evil.example'))).status).toBe(401);
    expect((await ask(await sign({ role: 'OPERATOR' }, undefined, 'another-api'))).status).toBe(401);
  });

  it('refuses a development HS256 token once a JWKS endpoint is configured', async () => {
    const { status, body } = await ask(await hub.token({ role: 'ADMIN' }));
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
