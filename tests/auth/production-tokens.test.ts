import { SignJWT, type JWTPayload } from 'jose';
import { useRegencyHub } from '../helpers/useHub';
import { PRODUCTION_ENV } from '../server/support';
import { authRegency } from './fixture';

/**
 * A production hub (NODE_ENV=production) accepts only tokens that say who issued
 * them, when they stop being valid and for how long, and takes a pilar's area
 * from its pilar record, never from the token. Development keeps tokens that
 * name an area (tests/auth/authentication.test.ts).
 */
// It only reads: the run's shared small regency, read-only (tests/helpers/fixtures.ts), under a production hub.
const hub = useRegencyHub('small', { env: { ...PRODUCTION_ENV, JWT_MAX_LIFETIME_SECONDS: '3600' } });
const regency = authRegency();

const now = () => Math.floor(Date.now() / 1000);
const COUNT = '{ persons(first: 0) { totalCount } }';

/** Signs claims as the production identity provider would, with what `claims` leaves out omitted. */
function sign(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(hub.config.jwt.secret!));
}
const good = (): JWTPayload => ({ sub: 'budi', role: 'ADMIN', iss: hub.config.jwt.issuer, aud: hub.config.jwt.audience, iat: now(), exp: now() + 600 });
const count = async (token: string) => hub.post(COUNT, undefined, { authorization: `Bearer ${token}` });

describe('a production hub', () => {
  it('accepts a token from its issuer that expires within the allowed lifetime', async () => {
    const { status, body } = await count(await sign(good()));
    expect(status).toBe(200);
    expect(body.data.persons.totalCount).toBe(regency.persons.length);
  });

  it.each<[string, (c: JWTPayload) => JWTPayload, RegExp]>([
    ['a token without exp', ({ exp: _exp, ...c }) => c, /no exp claim/],
    ['a token without iat', ({ iat: _iat, ...c }) => c, /no iat claim/],
    ['a token without iss', ({ iss: _iss, ...c }) => c, /iss claim/],
    ['a token of another issuer', (c) => ({ ...c, iss: 'https://evil.example' }), /iss claim check failed/],
    ['a token issued a year ahead', (c) => ({ ...c, iat: now() + 365 * 86400, exp: now() + 365 * 86400 + 600 }), /iat claim check failed/],
    ['a token valid for a year', (c) => ({ ...c, exp: now() + 365 * 86400 }), /valid for \d+ s; tokens may be valid for at most 3600 s/],
    ['a token issued longer ago than the lifetime', (c) => ({ ...c, iat: now() - 7200, exp: now() + 60 }), /expired|valid for/],
    ['a token not valid yet', (c) => ({ ...c, nbf: now() + 3600 }), /nbf claim check failed/],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, change, reason) => {
    const { status, body } = await count(await sign(change(good())));
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toMatch(reason);
    expect(body.data).toBeUndefined();
  });

  it('tolerates a clock a few seconds ahead of its own', async () => {
    expect((await count(await sign({ ...good(), iat: now() + 20, exp: now() + 620 }))).status).toBe(200);
  });

  it('refuses a token that claims an area, so a PSM cannot widen its rows by naming a kecamatan', async () => {
    const psm = regency.pilar.find((p) => p.role === 'PSM' && p.active)!;
    const kecamatan = psm.desaCodes[0]!.slice(0, 8);
    for (const claims of [
      { role: 'PSM', kecamatan: [kecamatan] },
      { role: 'PSM', pilar: psm._id, kecamatan: [kecamatan] },
      { role: 'TKSK', desa: [psm.desaCodes[0]] },
    ]) {
      const { status, body } = await count(await sign({ ...good(), ...claims }));
      expect(status).toBe(401);
      expect(body.errors[0].message).toMatch(/the area comes only from the pilar record/);
    }
  });

  it('refuses a pilar role without its pilar', async () => {
    const { status, body } = await count(await sign({ ...good(), role: 'TKSK' }));
    expect(status).toBe(401);
    expect(body.errors[0].message).toBe('a TKSK token must name its pilar (claim "pilar"): its area comes from the pilar record');
  });

  it('gives a pilar token exactly the rows of its pilar record', async () => {
    const psm = regency.pilar.find((p) => p.role === 'PSM' && p.active)!;
    const { status, body } = await count(await sign({ ...good(), role: 'PSM', pilar: psm._id }));
    expect(status).toBe(200);
    expect(body.data.persons.totalCount).toBe(regency.persons.filter((p) => psm.desaCodes.includes(p.desaCode)).length);
  });
});
