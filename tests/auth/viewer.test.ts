import { buildSchema } from 'graphql';
import { createApiKey } from '../../src/auth/apiKeys';
import { startTestHub, type TestHub } from '../helpers/hub';

/*
 * The `viewer` query: who the caller is and what it may use, from the matrix. It answers about the caller's own
 * credentials only: nothing about other roles, other keys, or fields beyond its own contract.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const QUERY = `{ viewer { role subject kecamatanCodes desaCodes rows purpose key { id name dailyQuota ratePerMinute programmes }
  groups { group access } types { name fields { name access arguments { name access values } } } contract } }`;

type Reply = { data: { viewer: any } };
const typeOf = (v: any, name: string) => v.types.find((t: any) => t.name === name);
const fieldOf = (v: any, type: string, field: string) => typeOf(v, type)?.fields.find((f: any) => f.name === field);
const groupOf = (v: any, group: string) => v.groups.find((g: any) => g.group === group)?.access;

describe('the viewer query', () => {
  it('tells a PSM its desa, its masked NIK, its flags, and that WELFARE and HEALTH are denied, leaving denied fields out', async () => {
    const { status, body } = (await hub.postAs({ role: 'PSM', desa: ['35.19.01.2001'] }, QUERY)) as { status: number; body: Reply };
    expect(status).toBe(200);
    const v = body.data.viewer;
    expect([v.role, v.subject, v.desaCodes, v.rows, v.key]).toEqual(['PSM', 'user:test-psm', ['35.19.01.2001'], 'everyone, assigned desa', null]);
    expect([groupOf(v, 'BASIC'), groupOf(v, 'NUMBERS'), groupOf(v, 'BIRTH'), groupOf(v, 'WELFARE'), groupOf(v, 'HEALTH'), groupOf(v, 'AUDIT')]).toEqual([
      'FULL',
      'MASKED',
      'FLAG',
      'DENIED',
      'DENIED',
      'DENIED',
    ]);
    expect(fieldOf(v, 'Person', 'nik').access).toBe('MASKED');
    expect(fieldOf(v, 'Person', 'ageGroup').access).toBe('FLAG');
    expect(fieldOf(v, 'Person', 'fullName').access).toBe('FULL');
    for (const [type, field] of [
      ['Person', 'birthDate'],
      ['Person', 'phone'],
      ['Person', 'disability'],
      ['Household', 'desil'],
      ['Query', 'auditTrail'],
      ['Query', 'person'],
      ['Query', 'householdByKk'],
    ]) {
      expect([type, field, fieldOf(v, type!, field!)]).toEqual([type, field, undefined]);
    }
    // No type only denied fields lead to (the audit trail, disability, housing) is listed.
    expect(['AuditEvent', 'Disability', 'Housing'].map((t) => typeOf(v, t))).toEqual([undefined, undefined, undefined]);
    // Arguments it may not use are left out; one it may use with some values only says which.
    const households = fieldOf(v, 'Query', 'households').arguments.map((a: any) => a.name);
    expect(households).toEqual(expect.arrayContaining(['filter', 'filter.desaCode', 'first', 'after']));
    expect(households).not.toContain('filter.desilMax');
    expect(fieldOf(v, 'Query', 'households').arguments.find((a: any) => a.name === 'filter.enrollmentStatus')).toEqual({
      name: 'filter.enrollmentStatus',
      access: 'FLAG',
      values: ['ACTIVE'],
    });
    expect(fieldOf(v, 'Query', 'persons').arguments.map((a: any) => a.name)).not.toContain('filter.hasDisability');
    // Its contract is a schema of its own, with the same types.
    const contract = buildSchema(v.contract);
    expect(Object.keys(contract.getTypeMap()).filter((n) => /^[A-Z]/.test(n) && !['String', 'Boolean', 'Int', 'ID', 'Float'].includes(n))).toEqual(
      expect.arrayContaining(v.types.map((t: any) => t.name)),
    );
    expect(contract.getType('Housing')).toBeUndefined();
  });

  it('tells a TKSK that NIKs are masked and HEALTH is flags only, and an ADMIN that it reads everything', async () => {
    const tksk = ((await hub.postAs({ role: 'TKSK', kecamatan: ['35.19.01'] }, QUERY)).body as Reply).data.viewer;
    expect([fieldOf(tksk, 'Person', 'nik').access, fieldOf(tksk, 'Person', 'hasDisability').access, fieldOf(tksk, 'Household', 'desil').access]).toEqual([
      'MASKED',
      'FLAG',
      'FULL',
    ]);
    expect(fieldOf(tksk, 'Person', 'disability')).toBeUndefined();
    const admin = ((await hub.post(QUERY)).body as Reply).data.viewer;
    expect(admin.groups.every((g: any) => g.access === 'FULL')).toBe(true);
    expect([fieldOf(admin, 'Query', 'auditTrail').access, fieldOf(admin, 'Person', 'nik').access]).toEqual(['FULL', 'FULL']);
  });

  it('tells an anonymous caller it has the public catalogue and statistics only', async () => {
    const { body } = (await hub.post(QUERY, undefined, { authorization: '' })) as { body: Reply };
    const v = body.data.viewer;
    expect([v.role, v.rows, v.groups.every((g: any) => g.access === 'DENIED')]).toEqual(['ANONYMOUS', 'no person or household rows (statistics only)', true]);
    expect(
      typeOf(v, 'Query')
        .fields.map((f: any) => f.name)
        .sort(),
    ).toEqual(['desa', 'kecamatan', 'kecamatans', 'programme', 'programmes', 'statistics', 'training', 'trainings', 'viewer']);
    expect(typeOf(v, 'Person')).toBeUndefined();
  });

  it('tells a partner its own key, purpose and granted fields, and nothing of other keys', async () => {
    const key = await createApiKey({
      name: 'Dinas Kesehatan',
      purpose: 'disability screening',
      fields: ['Query.persons', 'PersonConnection.edges', 'Person.fullName', 'Person.nik:masked', 'Person.hasDisability'],
      kecamatanCodes: ['35.19.01'],
      createdBy: 'user:test-admin',
    });
    await createApiKey({ name: 'Other agency', purpose: 'another purpose', fields: ['Query.households', 'Household.desil'], createdBy: 'user:test-admin' });
    const { body } = (await hub.post(QUERY, undefined, { authorization: `ApiKey ${key.token}`, 'x-purpose': 'case 17' })) as { body: Reply };
    const v = body.data.viewer;
    expect([v.role, v.subject, v.purpose, v.kecamatanCodes, v.groups]).toEqual(['PARTNER', `apikey:${key.id}`, 'disability screening', ['35.19.01'], []]);
    expect(v.key).toEqual({ id: key.id, name: 'Dinas Kesehatan', dailyQuota: null, ratePerMinute: null, programmes: [] });
    expect(
      typeOf(v, 'Person')
        .fields.map((f: any) => `${f.name} ${f.access}`)
        .sort(),
    ).toEqual(['fullName FULL', 'hasDisability FULL', 'nik MASKED']);
    expect(fieldOf(v, 'Query', 'persons').arguments.map((a: any) => a.name)).toEqual(['filter', 'filter.hasDisability', 'filter.name', 'first', 'after', 'last', 'before']);
    expect([typeOf(v, 'Household'), fieldOf(v, 'Query', 'households')]).toEqual([undefined, undefined]);
    expect(v.contract).toContain('disability screening');
    expect(v.contract).not.toContain('another purpose');
  });
});

describe('introspection as the caller', () => {
  const PERSON = '{ __type(name: "Person") { fields { name description } } }';
  const names = (body: any) => (body.data.__type?.fields ?? []).map((f: any) => f.name);

  it('shows a PSM its contract: the masked NIK described as masked, no birth date, no housing, no audit trail', async () => {
    const { status, body } = await hub.postAs({ role: 'PSM', desa: ['35.19.01.2001'] }, PERSON);
    expect(status).toBe(200);
    expect(names(body)).toEqual(expect.arrayContaining(['fullName', 'nik', 'ageGroup']));
    expect(names(body)).not.toEqual(expect.arrayContaining(['birthDate']));
    expect(body.data.__type.fields.find((f: any) => f.name === 'nik').description).toMatch(/MASKED/);
    const types = (await hub.postAs({ role: 'PSM', desa: ['35.19.01.2001'] }, '{ __schema { queryType { fields { name } } types { name } } }')).body.data.__schema;
    expect(types.types.map((t: any) => t.name)).not.toContain('Housing');
    expect(types.queryType.fields.map((f: any) => f.name)).not.toContain('auditTrail');
  });

  it('shows an anonymous caller no Person type and an ADMIN every field', async () => {
    expect((await hub.post(PERSON, undefined, { authorization: '' })).body.data.__type).toBeNull();
    expect(names((await hub.post(PERSON)).body)).toEqual(expect.arrayContaining(['birthDate', 'phone', 'disability', 'nik']));
  });

  it('refuses introspection mixed with data fields in one operation', async () => {
    const { status, body } = await hub.postAs({ role: 'PSM', desa: ['35.19.01.2001'] }, '{ kecamatans { code } __type(name: "Person") { name } }');
    expect([status, body.errors[0].extensions.code, body.data]).toEqual([400, 'BAD_USER_INPUT', undefined]);
    expect((await hub.post('{ __typename kecamatans { code } }')).status).toBe(200);
  });
});
