import { ApiKey } from '../../src/db/models/apiKey';
import { createApiKey, grantOf, rotateApiKey, verifyApiKey } from '../../src/auth/apiKeys';
import { KeyLimiter } from '../../src/auth/keyLimits';
import { ApiKeyUsage } from '../../src/db/models/apiKeyUsage';
import { AidIndex } from '../../src/domain/aid';
import { authRegency } from './fixture';
import { useRegencyHub } from '../helpers/useHub';

/*
 * Partner keys that fit a purpose: limited to rows (a programme's ACTIVE recipients, an area), expiring, rate-limited
 * and held to a daily quota, rotated; their use visible to an ADMIN only.
 */
const hub = useRegencyHub('small', { use: 'write' });
const regency = authRegency();

const asKey = (token: string, query: string, variables?: Record<string, unknown>) => hub.post(query, variables, { authorization: `ApiKey ${token}` });
const raw = (token: string, query = '{ kecamatans { code } }') =>
  fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `ApiKey ${token}` }, body: JSON.stringify({ query }) });
const base = { createdBy: 'user:test-admin' };
const PERSON_FIELDS = [
  'Query.persons',
  'Query.personById',
  'Query.households',
  'Query.enrollments',
  'PersonConnection.totalCount',
  'Person.id',
  'Person.household',
  'Household.id',
  'Household.members',
  'Household.enrollments',
  'Enrollment.id',
  'Enrollment.programme',
  'Enrollment.status',
  'Desa.households',
];

describe('a key limited to a programme and a kecamatan', () => {
  it("sees only that programme's ACTIVE recipients of its kecamatan, in lists, counts, lookups and nested paths", async () => {
    const kec = regency.households[0]!.kecamatanCode;
    const aid = new AidIndex(regency.enrollments);
    const recipients = regency.persons.filter((p) => p.kecamatanCode === kec && aid.person(p._id, p.householdId).includes('PKH:ACTIVE'));
    const others = regency.persons.filter((p) => p.kecamatanCode === kec && !recipients.includes(p));
    const families = regency.households.filter((h) => h.kecamatanCode === kec && aid.household(h._id).includes('PKH:ACTIVE'));
    expect([recipients.length > 0, others.length > 0, families.length > 0]).toEqual([true, true, true]);
    const key = await createApiKey({ ...base, name: 'Dinas PKH', purpose: 'PKH recipients follow-up', fields: PERSON_FIELDS, kecamatanCodes: [kec], programmeCodes: ['PKH'] });

    const lists = await asKey(
      key.token,
      '{ persons(first: 100) { totalCount edges { node { id } } } households(first: 100) { totalCount } enrollments(first: 100) { totalCount edges { node { programme { code } status } } } }',
    );
    expect(lists.body.errors).toBeUndefined();
    expect(lists.body.data.persons.totalCount).toBe(recipients.length);
    expect(lists.body.data.persons.edges.map((e: any) => e.node.id).sort()).toEqual(
      recipients
        .map((p) => p._id)
        .sort()
        .slice(0, 100),
    );
    expect(lists.body.data.households.totalCount).toBe(families.length);
    expect(new Set(lists.body.data.enrollments.edges.map((e: any) => `${e.node.programme.code}:${e.node.status}`))).toEqual(new Set(['PKH:ACTIVE']));

    const lookup = await asKey(key.token, 'query($a: ID!, $b: ID!) { a: personById(id: $a) { id } b: personById(id: $b) { id } }', { a: recipients[0]!._id, b: others[0]!._id });
    expect(lookup.body.data).toEqual({ a: { id: recipients[0]!._id }, b: null });

    // Nested: a desa's households, a family's members and enrolments: recipients and PKH enrolments only.
    const desa = families[0]!.desaCode;
    const nested = await asKey(key.token, `{ households(first: 100) { edges { node { members { id } enrollments { programme { code } } } } } }`);
    const members = nested.body.data.households.edges.flatMap((e: any) => e.node.members.map((m: any) => m.id));
    expect(members.every((id: string) => recipients.some((p) => p._id === id))).toBe(true);
    expect(new Set(nested.body.data.households.edges.flatMap((e: any) => e.node.enrollments.map((x: any) => x.programme.code)))).toEqual(new Set(['PKH']));
    const inDesa = await asKey(key.token, `{ desa(code: "${desa}") { households(first: 100) { totalCount } } }`);
    expect(inDesa.body.data.desa.households.totalCount).toBe(families.filter((h) => h.desaCode === desa).length);
    const outside = regency.households.find((h) => h.kecamatanCode !== kec)!.desaCode;
    const otherKec = await asKey(key.token, `{ desa(code: "${outside}") { households(first: 100) { totalCount } } }`);
    expect(otherKec.body.data.desa.households.totalCount).toBe(0);
    // The key's holder is told its limits.
    const viewer = await asKey(key.token, '{ viewer { rows kecamatanCodes key { programmes } } }');
    expect(viewer.body.data.viewer).toEqual({ rows: "the key's kecamatan and desa, recipients of PKH only", kecamatanCodes: [kec], key: { programmes: ['PKH'] } });
  });
});

describe('an expired key', () => {
  it('is refused with 401 API_KEY_EXPIRED, and a key cannot be created already expired', async () => {
    const key = await createApiKey({ ...base, name: 'Dinas Kesehatan', purpose: 'screening', fields: ['Query.persons'], expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await raw(key.token)).status).toBe(200);
    await ApiKey.updateOne({ _id: key.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await raw(key.token);
    const body = (await res.json()) as any;
    expect([res.status, body.errors[0].extensions.code, body.data]).toEqual([401, 'API_KEY_EXPIRED', undefined]);
    expect(body.errors[0].message).toMatch(/^API key expired at \d{4}-\d\d-\d\dT.*ask Dinsos for a new key$/);
    await expect(createApiKey({ ...base, name: 'x agency', purpose: 'screening', fields: ['Query.persons'], expiresAt: new Date(Date.now() - 1) })).rejects.toThrow(
      /expiry must be a date in the future/,
    );
  });
});

describe('rate limit and daily quota', () => {
  it('answer 429 RATE_LIMITED with Retry-After past N requests a minute, also when they arrive at once', async () => {
    const key = await createApiKey({ ...base, name: 'BPBD', purpose: 'disaster response', fields: ['Query.persons'], ratePerMinute: 3 });
    const replies = await Promise.all(Array.from({ length: 7 }, () => raw(key.token)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429, 429, 429]);
    const refused = replies.find((r) => r.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as any;
    expect(body.errors[0]).toMatchObject({
      message: expect.stringMatching(/may make 3 requests per minute; try again in \d+ s/),
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
    });
    expect(body.errors[0].extensions.stacktrace).toBeUndefined();
  });

  it('answer 429 DAILY_QUOTA_EXCEEDED past the day’s quota, kept in the database across a restart', async () => {
    const key = await createApiKey({ ...base, name: 'Bappeda', purpose: 'planning', fields: ['Query.persons'], dailyQuota: 4 });
    const replies = await Promise.all(Array.from({ length: 6 }, () => raw(key.token)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = replies.find((r) => r.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('DAILY_QUOTA_EXCEEDED');
    const usage = await ApiKeyUsage.findOne({ keyId: key.id }).lean();
    expect([usage!.requests, usage!.denied]).toEqual([4, 2]);
    // A new process (a restarted hub) reads the day's count back: no fresh quota.
    const doc = await ApiKey.findById(key.id).lean();
    await expect(new KeyLimiter().admit(grantOf(doc as never))).rejects.toMatchObject({ extensions: { code: 'DAILY_QUOTA_EXCEEDED' } });
  });
});

describe('rotation', () => {
  it('issues a new secret for the same key; the old one is refused at once, or after a grace period', async () => {
    const key = await createApiKey({ ...base, name: 'Dukcapil', purpose: 'identity check', fields: ['Query.persons'], ratePerMinute: 100 });
    const rotated = await rotateApiKey(key.id);
    expect(rotated.token.startsWith(`${key.id}.`)).toBe(true);
    const old = await raw(key.token);
    expect([old.status, ((await old.json()) as any).errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await raw(rotated.token)).status).toBe(200);
    const graced = await rotateApiKey(key.id, 600);
    expect([(await raw(rotated.token)).status, (await raw(graced.token)).status]).toEqual([200, 200]);
    await expect(verifyApiKey(rotated.token, new Date(Date.now() + 601_000))).rejects.toThrow('API key is not valid');
    // Same id, same grants and limits.
    expect((await ApiKey.findById(key.id).lean())!.ratePerMinute).toBe(100);
  });
});

describe('usage per key', () => {
  const USAGE = '{ apiKeys { id name requestsToday deniedToday lastUsedAt dailyQuota } }';

  it('is visible to an ADMIN: requests today, denied, last used', async () => {
    const key = await createApiKey({ ...base, name: 'Kominfo', purpose: 'open data', fields: ['Query.persons'], dailyQuota: 2 });
    for (let i = 0; i < 3; i++) await raw(key.token);
    const { body } = await hub.post(USAGE);
    expect(body.errors).toBeUndefined();
    const mine = body.data.apiKeys.find((k: any) => k.id === key.id);
    expect(mine).toMatchObject({ name: 'Kominfo', requestsToday: 2, deniedToday: 1, dailyQuota: 2 });
    expect(Date.now() - Date.parse(mine.lastUsedAt)).toBeLessThan(60_000);
  });

  it('is denied to everyone else: an OPERATOR, a pilar, a partner key, an anonymous caller', async () => {
    for (const role of ['OPERATOR', 'TKSK'] as const) {
      const { body } = await hub.postAs({ role, kecamatan: ['35.19.01'] }, USAGE);
      expect([role, body.data.apiKeys, body.errors[0].extensions.code]).toEqual([role, null, 'FORBIDDEN']);
    }
    const key = await createApiKey({ ...base, name: 'Curious agency', purpose: 'curiosity', fields: ['Query.persons'] });
    const partner = await asKey(key.token, USAGE);
    expect([partner.body.data.apiKeys, partner.body.errors[0].extensions.code]).toEqual([null, 'FORBIDDEN']);
    const anonymous = await hub.post(USAGE, undefined, { authorization: '' });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await expect(createApiKey({ ...base, name: 'Curious agency', purpose: 'curiosity', fields: ['Query.apiKeys'] })).rejects.toThrow(/never granted/);
  });
});
