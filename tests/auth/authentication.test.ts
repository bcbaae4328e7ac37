import { SignJWT } from 'jose';
import { createApiKey, revokeApiKey } from '../../src/auth/apiKeys';
import { mintToken } from '../../src/auth/jwt';
import { Pilar } from '../../src/db/models/pilar';
import { authRegency, errorsByPath, mask } from './fixture';
import { useRegencyHub } from '../helpers/useHub';

const hub = useRegencyHub('small', { use: 'write' });
const regency = authRegency();

const COUNT = '{ persons(first: 0) { totalCount } }';
const withAuth = (authorization: string) => hub.post(COUNT, undefined, { authorization });

describe('credentials', () => {
  it('an anonymous caller is told to sign in for rows, and still gets statistics', async () => {
    const { status, body } = await hub.post(`{ persons(first: 1) { totalCount } statistics { households } }`, undefined, { authorization: '' });
    expect(status).toBe(200);
    expect(body.data.persons).toBeNull();
    expect(errorsByPath(body).get('persons')).toBe('UNAUTHENTICATED');
    expect(body.data.statistics).toHaveLength(15);
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['a token that is not a JWT', 'Bearer not-a-token'],
    ['a token signed with another secret', 'SIGNED_ELSEWHERE'],
    ['an expired token', 'EXPIRED'],
    ['a token for another audience', 'OTHER_AUDIENCE'],
    ['a token without a role', 'NO_ROLE'],
  ])('%s is answered 401 UNAUTHENTICATED, never as anonymous', async (_name, kind) => {
    const sign = (secret: string) => new TextEncoder().encode(secret);
    const auth: Record<string, () => Promise<string>> = {
      SIGNED_ELSEWHERE: async () => `Bearer ${await mintToken({ ...hub.config.jwt, secret: 'another-secret-another-secret-123' }, { sub: 'x', role: 'ADMIN' })}`,
      EXPIRED: async () => `Bearer ${await mintToken(hub.config.jwt, { sub: 'x', role: 'ADMIN' }, Math.floor(Date.now() / 1000) - 60)}`,
      OTHER_AUDIENCE: async () => `Bearer ${await mintToken({ ...hub.config.jwt, audience: 'other-app' }, { sub: 'x', role: 'ADMIN' })}`,
      NO_ROLE: async () =>
        `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setAudience(hub.config.jwt.audience).setExpirationTime('1h').sign(sign(hub.config.jwt.secret!))}`,
    };
    const { status, body } = await withAuth(auth[kind] ? await auth[kind]!() : kind);
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });
});

describe('pilar accounts', () => {
  it('take their area from the pilar record, so a reassignment applies without a new token', async () => {
    const psm = regency.pilar.find((p) => p.role === 'PSM' && p.active)!;
    const token = await hub.token({ role: 'PSM', pilar: psm._id });
    const [first, second] = [regency.households[0]!.desaCode, regency.households[regency.households.length - 1]!.desaCode];
    const count = (desa: string) => regency.persons.filter((p) => p.desaCode === desa).length;
    await Pilar.updateOne({ _id: psm._id }, { $set: { desaCodes: [first] } });
    expect((await withAuth(`Bearer ${token}`)).body.data.persons.totalCount).toBe(count(first));
    await Pilar.updateOne({ _id: psm._id }, { $set: { desaCodes: [second] } });
    expect((await withAuth(`Bearer ${token}`)).body.data.persons.totalCount).toBe(count(second));
  });

  it('see only their own pilar record', async () => {
    const psm = regency.pilar.find((p) => p.role === 'PSM' && p.active)!;
    const { body } = await hub.postAs({ role: 'PSM', pilar: psm._id }, '{ pilars(first: 100) { totalCount edges { node { id role } } } }');
    expect(body.data.pilars).toEqual({ totalCount: 1, edges: [{ node: { id: psm._id, role: 'PSM' } }] });
  });

  it('are refused when the pilar is inactive or holds another role', async () => {
    const inactive = regency.pilar.find((p) => !p.active)!;
    expect((await withAuth(`Bearer ${await hub.token({ role: inactive.role, pilar: inactive._id })}`)).status).toBe(401);
    const tksk = regency.pilar.find((p) => p.role === 'TKSK' && p.active)!;
    const wrongRole = await withAuth(`Bearer ${await hub.token({ role: 'ADMIN', pilar: tksk._id })}`);
    expect(wrongRole.status).toBe(401);
    expect(wrongRole.body.errors[0].message).toContain('has role TKSK');
  });
});

describe('partner API keys', () => {
  it('read only the fields and the area they were granted, NIK masked when granted masked', async () => {
    const kec = regency.households[0]!.kecamatanCode;
    const key = await createApiKey({
      name: 'BPJS Kesehatan Madiun',
      purpose: 'verify PBI-JK membership',
      fields: ['Query.persons', 'Person.fullName', 'Person.nik:masked'],
      kecamatanCodes: [kec],
      createdBy: 'user:test-admin',
    });
    const { body } = await hub.post('{ persons(first: 1) { totalCount edges { node { fullName nik birthDate } } } }', undefined, { authorization: `ApiKey ${key.token}` });
    const inKec = regency.persons.filter((p) => p.kecamatanCode === kec).sort((a, b) => (a._id < b._id ? -1 : 1));
    expect(body.data.persons.totalCount).toBe(inKec.length);
    expect(body.data.persons.edges[0].node).toEqual({ fullName: inKec[0]!.fullName, nik: mask(hub, `apikey:${key.id}`, 'NIK', inKec[0]!.nik), birthDate: null });
    expect(errorsByPath(body).get('persons.edges.0.node.birthDate')).toBe('FORBIDDEN');
    const viaHeader = await hub.post('{ households(first: 1) { totalCount } }', undefined, { authorization: '', 'x-api-key': key.token });
    expect(errorsByPath(viaHeader.body).get('households')).toBe('FORBIDDEN');
  });

  it('stop working once revoked, and are refused when forged', async () => {
    const key = await createApiKey({ name: 'Dinas Kesehatan', purpose: 'disability screening', fields: ['Query.persons'], createdBy: 'user:test-admin' });
    expect((await withAuth(`ApiKey ${key.token}`)).status).toBe(200);
    await revokeApiKey(key.id);
    const revoked = await withAuth(`ApiKey ${key.token}`);
    expect([revoked.status, revoked.body.errors[0].message]).toEqual([401, 'API key has been revoked']);
    const forged = await withAuth(`ApiKey ${key.id}.${'x'.repeat(43)}`);
    expect([forged.status, forged.body.errors[0].message]).toEqual([401, 'API key is not valid']);
  });

  it('cannot be granted the audit trail or fields that do not exist', async () => {
    await expect(createApiKey({ name: 'x agency', purpose: 'curiosity', fields: ['Query.auditTrail', 'Person.shoeSize'], createdBy: 'user:a' })).rejects.toThrow(
      /Query.auditTrail: the audit trail is never granted to partners; Person.shoeSize: no such field/,
    );
  });

  it('cannot be granted the issue dates of KK numbers it reads masked or not at all', async () => {
    for (const numbers of [['KkHistoryEntry.kkNumber:masked'], []]) {
      const fields = ['Query.household', 'Household.kkHistory', ...numbers, 'KkHistoryEntry.from'];
      await expect(createApiKey({ name: 'x agency', purpose: 'family cards', fields, createdBy: 'user:a' })).rejects.toThrow(
        /KkHistoryEntry.from: written in the digits of KkHistoryEntry.kkNumber, so it needs KkHistoryEntry.kkNumber granted unmasked/,
      );
    }
    const whole = await createApiKey({
      name: 'x agency',
      purpose: 'family cards',
      fields: ['Query.household', 'Household.kkHistory', 'KkHistoryEntry.kkNumber', 'KkHistoryEntry.from'],
      createdBy: 'user:a',
    });
    expect(whole.id).toBeTruthy();
  });
});

describe('two viewers in one process', () => {
  it('never see each other’s answers when they query the same rows at the same time', async () => {
    const desa = regency.households[0]!.desaCode;
    const query = `{ persons(first: 20, filter: { desaCode: "${desa}" }) { totalCount edges { node { id nik phone } } } }`;
    const admin = await hub.token({ role: 'ADMIN' });
    const psm = await hub.token({ role: 'PSM', desa: [desa] });
    const tagana = await hub.token({ role: 'TAGANA', kecamatan: [regency.households[0]!.kecamatanCode] });
    const expected = regency.persons
      .filter((p) => p.desaCode === desa)
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .slice(0, 20);
    const runs = Array.from({ length: 30 }, (_, i) => {
      const [who, token] = [
        ['admin', admin],
        ['psm', psm],
        ['tagana', tagana],
      ][i % 3]! as [string, string];
      return hub.post(query, undefined, { authorization: `Bearer ${token}` }).then((r) => [who, r.body] as const);
    });
    for (const [who, body] of await Promise.all(runs)) {
      if (!body.data?.persons) throw new Error(JSON.stringify(body.errors).slice(0, 600));
      const nodes = body.data.persons.edges.map((e: { node: unknown }) => e.node);
      if (who === 'admin') expect(nodes).toEqual(expected.map((p) => ({ id: p._id, nik: p.nik, phone: p.phone })));
      if (who === 'psm') expect(nodes).toEqual(expected.map((p) => ({ id: p._id, nik: mask(hub, 'user:test-psm', 'NIK', p.nik), phone: null })));
      if (who === 'tagana') expect(nodes).toEqual(expected.map((p) => ({ id: p._id, nik: null, phone: p.phone })));
    }
  });
});
