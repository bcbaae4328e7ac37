import type { Regency } from '../../seeds/regency';
import { createApiKey } from '../../src/auth/apiKeys';
import { authRegency, isYouth } from './fixture';
import { useRegencyHub } from '../helpers/useHub';

/*
 * A filter or a lookup tells the caller which rows hold the value it tests: it reveals that value as surely as the
 * field would. Each argument is governed by the field group it reveals (docs/domain.md section 5), written out again here
 * on purpose (not read from src/auth/matrix.ts), so that a wrong rule in the matrix fails a test.
 */
type Cell = 'F' | 'M' | 'f' | '-';
const GROUPS = ['BASIC', 'NUMBERS', 'BIRTH', 'WELFARE', 'PROGRAMME', 'HEALTH'] as const;
type Group = (typeof GROUPS)[number];
const TABLE: Record<string, string> = {
  ADMIN: 'F F F F F F',
  OPERATOR: 'F F F F F F',
  PENDAMPING_PKH: 'F F F F F F',
  TKSK: 'F M F F F f',
  FASILITATOR_SLRT: 'F F F F F F',
  PENDAMPING_REHSOS: 'F M F - F F',
  TAGANA: 'F - f - - f',
  PELOPOR_PERDAMAIAN: 'F - f - - f',
  PSM: 'F M f - f -',
  KARANG_TARUNA: 'F - f - - -',
};
const cell = (role: string, group: Group): Cell => TABLE[role]!.split(' ')[GROUPS.indexOf(group)] as Cell;

/** A flag argument needs f or better; a detail argument F (or M outside numbers); a number lookup the whole number. */
function allowed(role: string, group: Group, kind: 'flag' | 'detail' | 'number'): boolean {
  const c = cell(role, group);
  if (kind === 'number') return c === 'F';
  return c === 'F' || c === 'M' || (c === 'f' && kind === 'flag');
}

const hub = useRegencyHub('small', { use: 'write' });
const regency = authRegency();
const now = new Date();

interface ArgCase {
  alias: string;
  /** The root field with the argument, selecting a count or an id. */
  query: (r: Regency) => string;
  /** The argument as the FORBIDDEN error names it. */
  argument: string;
  group: Group;
  kind: 'flag' | 'detail' | 'number';
}

const ARG_CASES: ArgCase[] = [
  {
    alias: 'byDesa',
    query: (r) => `persons(first: 0, filter: { desaCode: "${r.persons[0]!.desaCode}" }) { totalCount }`,
    argument: 'filter.desaCode',
    group: 'BASIC',
    kind: 'detail',
  },
  { alias: 'bySex', query: () => 'persons(first: 0, filter: { sex: FEMALE }) { totalCount }', argument: 'filter.sex', group: 'BASIC', kind: 'detail' },
  { alias: 'byAge', query: () => 'persons(first: 0, filter: { ageMin: 15, ageMax: 30 }) { totalCount }', argument: 'filter.ageMin', group: 'BIRTH', kind: 'flag' },
  { alias: 'byDisability', query: () => 'persons(first: 0, filter: { hasDisability: true }) { totalCount }', argument: 'filter.hasDisability', group: 'HEALTH', kind: 'flag' },
  { alias: 'byPersonProgramme', query: () => 'persons(first: 0, filter: { programme: PBI_JK }) { totalCount }', argument: 'filter.programme', group: 'PROGRAMME', kind: 'detail' },
  { alias: 'byDesil', query: () => 'households(first: 0, filter: { desilMax: 1 }) { totalCount }', argument: 'filter.desilMax', group: 'WELFARE', kind: 'detail' },
  { alias: 'byProgramme', query: () => 'households(first: 0, filter: { programme: PKH }) { totalCount }', argument: 'filter.programme', group: 'PROGRAMME', kind: 'detail' },
  {
    alias: 'receivingAid',
    query: () => 'households(first: 0, filter: { enrollmentStatus: ACTIVE }) { totalCount }',
    argument: 'filter.enrollmentStatus',
    group: 'PROGRAMME',
    kind: 'flag',
  },
  {
    alias: 'graduated',
    query: () => 'households(first: 0, filter: { enrollmentStatus: GRADUATED }) { totalCount }',
    argument: 'filter.enrollmentStatus',
    group: 'PROGRAMME',
    kind: 'detail',
  },
  { alias: 'byNik', query: (r) => `person(nik: "${r.persons[0]!.nik}") { id }`, argument: 'nik', group: 'NUMBERS', kind: 'number' },
  { alias: 'byKk', query: (r) => `householdByKk(kkNumber: "${r.households[0]!.kkNumber}") { id }`, argument: 'kkNumber', group: 'NUMBERS', kind: 'number' },
];

function claimsOf(role: string, r: Regency): Record<string, string[]> {
  if (['PSM', 'PENDAMPING_PKH'].includes(role)) return { desa: [r.persons[0]!.desaCode] };
  if (role === 'KARANG_TARUNA') return { desa: [r.persons.find((p) => isYouth(p, now))!.desaCode] };
  if (['TKSK', 'FASILITATOR_SLRT', 'TAGANA', 'PELOPOR_PERDAMAIAN'].includes(role)) return { kecamatan: [r.persons[0]!.kecamatanCode] };
  return {};
}

type GraphQLErrorBody = { message: string; path?: (string | number)[]; extensions?: { code?: string; argument?: string } };

describe.each(Object.keys(TABLE))('a %s', (role) => {
  it('uses a filter or lookup argument only when it may read the field group the argument reveals', async () => {
    const query = `{ ${ARG_CASES.map((c) => `${c.alias}: ${c.query(regency)}`).join(' ')} }`;
    const { status, body } = await hub.postAs({ role: role as never, ...claimsOf(role, regency) }, query);
    expect(status).toBe(200);
    const errors = new Map<string, GraphQLErrorBody>((body.errors ?? []).map((e: GraphQLErrorBody) => [String(e.path?.[0]), e]));
    for (const c of ARG_CASES) {
      const error = errors.get(c.alias);
      if (allowed(role, c.group, c.kind)) {
        expect([c.alias, error?.message]).toEqual([c.alias, undefined]);
        if (c.kind !== 'number') expect([c.alias, typeof body.data[c.alias].totalCount]).toEqual([c.alias, 'number']);
      } else {
        // Nothing listed, nothing counted: the field is null, and the error names the argument, not its value.
        expect([c.alias, body.data[c.alias], error?.extensions?.code, error?.extensions?.argument]).toEqual([c.alias, null, 'FORBIDDEN', c.argument]);
        expect(error!.message).toContain(c.argument);
        expect(error!.message).not.toMatch(/\d{16}|PBI_JK|GRADUATED/);
      }
    }
  });
});

describe('filters as oracles', () => {
  it('a Karang Taruna member cannot list PBI-JK recipients by name, in a literal or in variables', async () => {
    const desa = claimsOf('KARANG_TARUNA', regency).desa!;
    const literal = await hub.postAs({ role: 'KARANG_TARUNA', desa }, '{ persons(filter: { programme: PBI_JK }) { totalCount edges { node { fullName } } } }');
    expect(literal.body.data).toEqual({ persons: null });
    expect(literal.body.errors.map((e: GraphQLErrorBody) => [e.extensions?.code, e.extensions?.argument])).toEqual([['FORBIDDEN', 'filter.programme']]);
    const viaVariables = await hub.postAs({ role: 'KARANG_TARUNA', desa }, 'query($f: PersonFilter) { persons(filter: $f) { totalCount edges { node { fullName } } } }', {
      f: { ageMin: 15, programme: 'PBI_JK' },
    });
    expect(viaVariables.body.data).toEqual({ persons: null });
    expect(viaVariables.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.programme' });
  });

  it.each(['TAGANA', 'PSM'])('a %s cannot list the poorest families with desilMax, while a TKSK can', async (role) => {
    const kec = regency.persons[0]!.kecamatanCode;
    const desa = regency.persons[0]!.desaCode;
    const q = '{ households(first: 100, filter: { desilMax: 1 }) { totalCount edges { node { id head { fullName } } } } }';
    const denied = await hub.postAs({ role: role as never, ...(role === 'PSM' ? { desa: [desa] } : { kecamatan: [kec] }) }, q);
    expect(denied.body.data).toEqual({ households: null });
    expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.desilMax' });
    const tksk = await hub.postAs({ role: 'TKSK', kecamatan: [kec] }, q);
    expect(tksk.body.errors).toBeUndefined();
    const poorest = regency.households
      .filter((h) => h.kecamatanCode === kec && h.desil === 1)
      .map((h) => h._id)
      .sort();
    expect(tksk.body.data.households.totalCount).toBe(poorest.length);
    expect(tksk.body.data.households.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(poorest.slice(0, 100));
  });

  it('a PSM may ask which families receive aid (its flag) but not which programme or status', async () => {
    const desa = regency.persons[0]!.desaCode;
    const { body } = await hub.postAs(
      { role: 'PSM', desa: [desa] },
      '{ aided: households(first: 0, filter: { enrollmentStatus: ACTIVE }) { totalCount } pkh: households(first: 0, filter: { programme: PKH, enrollmentStatus: ACTIVE }) { totalCount } }',
    );
    const active = new Set(regency.enrollments.filter((e) => e.status === 'ACTIVE').map((e) => e.householdId));
    expect(body.data.aided.totalCount).toBe(regency.households.filter((h) => h.desaCode === desa && active.has(h._id)).length);
    expect(body.data.pkh).toBeNull();
    expect(body.errors.map((e: GraphQLErrorBody) => [e.path?.join('.'), e.extensions?.argument])).toEqual([['pkh', 'filter.programme']]);
  });

  it('a role that reads NIKs masked, or not at all, cannot confirm a NIK or a KK number by looking it up', async () => {
    const p = regency.persons[0]!;
    const h = regency.households.find((x) => x._id === p.householdId)!;
    const q = `{ person(nik: "${p.nik}") { fullName } householdByKk(kkNumber: "${h.kkNumber}") { id } }`;
    for (const role of ['TKSK', 'PSM', 'TAGANA', 'KARANG_TARUNA', 'PENDAMPING_REHSOS']) {
      const { body } = await hub.postAs({ role: role as never, ...claimsOf(role, regency) }, q);
      expect([role, body.data]).toEqual([role, { person: null, householdByKk: null }]);
      expect([role, body.errors.map((e: GraphQLErrorBody) => e.extensions?.argument).sort()]).toEqual([role, ['kkNumber', 'nik']]);
    }
    const slrt = await hub.postAs({ role: 'FASILITATOR_SLRT', kecamatan: [p.kecamatanCode] }, q);
    expect(slrt.body).toEqual({ data: { person: { fullName: p.fullName }, householdByKk: { id: h._id } } });
  });

  it('each alias is judged on its own: an allowed filter answers while a denied one beside it is refused', async () => {
    const desa = regency.persons[0]!.desaCode;
    const { body } = await hub.postAs(
      { role: 'PSM', desa: [desa] },
      '{ elders: persons(first: 0, filter: { ageMin: 60 }) { totalCount } disabled: persons(first: 0, filter: { hasDisability: true }) { totalCount } }',
    );
    expect(typeof body.data.elders.totalCount).toBe('number');
    expect(body.data.disabled).toBeNull();
    expect(body.errors.map((e: GraphQLErrorBody) => [e.path?.join('.'), e.extensions?.code, e.extensions?.argument])).toEqual([['disabled', 'FORBIDDEN', 'filter.hasDisability']]);
  });
});

describe('partner keys use the arguments of the fields they were granted', () => {
  const asKey = (token: string, query: string, variables?: Record<string, unknown>) => hub.post(query, variables, { authorization: `ApiKey ${token}` });

  it('a key granted only Query.persons and names cannot enumerate people with a disability, nor filter by desa', async () => {
    const key = await createApiKey({ name: 'Dinas Kesehatan', purpose: 'vaccination outreach', fields: ['Query.persons', 'Person.fullName'], createdBy: 'user:test-admin' });
    const { body } = await asKey(key.token, '{ persons(first: 100, filter: { hasDisability: true }) { totalCount edges { node { fullName } } } }');
    expect(body.data).toEqual({ persons: null });
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.hasDisability' });
    expect(body.errors[0].message).toContain('your key may not read');
    const byDesa = await asKey(key.token, `{ persons(first: 0, filter: { desaCode: "${regency.persons[0]!.desaCode}" }) { totalCount } }`);
    expect(byDesa.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.desaCode' });
  });

  it('a key granted the disability flag may filter by it', async () => {
    const key = await createApiKey({
      name: 'Dinas Kesehatan',
      purpose: 'disability screening',
      fields: ['Query.persons', 'Person.fullName', 'Person.hasDisability'],
      createdBy: 'user:test-admin',
    });
    const { body } = await asKey(key.token, '{ persons(first: 0, filter: { hasDisability: true }) { totalCount } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.totalCount).toBe(regency.persons.filter((p) => p.disability !== null).length);
  });

  it('a key granted NIKs masked cannot look a NIK up; one granted them in full can', async () => {
    const p = regency.persons[0]!;
    const masked = await createApiKey({
      name: 'BPJS Kesehatan',
      purpose: 'verify PBI-JK membership',
      fields: ['Query.person', 'Person.fullName', 'Person.nik:masked'],
      createdBy: 'user:test-admin',
    });
    const denied = await asKey(masked.token, 'query($nik: String!) { person(nik: $nik) { fullName } }', { nik: p.nik });
    expect(denied.body.data).toEqual({ person: null });
    expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'nik' });
    expect(denied.body.errors[0].message).toContain('reads masked only');
    const full = await createApiKey({
      name: 'BPJS Kesehatan',
      purpose: 'verify PBI-JK membership',
      fields: ['Query.person', 'Person.fullName', 'Person.nik'],
      createdBy: 'user:test-admin',
    });
    expect((await asKey(full.token, 'query($nik: String!) { person(nik: $nik) { fullName } }', { nik: p.nik })).body).toEqual({ data: { person: { fullName: p.fullName } } });
  });

  it('arguments of nested lists are governed too: a programme’s enrolments by status need Enrollment.status', async () => {
    const key = await createApiKey({ name: 'Bappeda', purpose: 'programme reach', fields: ['Programme.enrollments', 'Enrollment.id'], createdBy: 'user:test-admin' });
    const { body } = await asKey(
      key.token,
      '{ programme(code: PKH) { code all: enrollments(first: 0) { totalCount } graduated: enrollments(first: 0, status: GRADUATED) { totalCount } } }',
    );
    expect(body.data.programme.code).toBe('PKH');
    expect(body.data.programme.all.totalCount).toBe(regency.enrollments.filter((e) => e.programmeCode === 'PKH').length);
    expect(body.data.programme.graduated).toBeNull();
    expect(body.errors.map((e: GraphQLErrorBody) => [e.path?.join('.'), e.extensions?.argument])).toEqual([['programme.graduated', 'status']]);
  });

  it('a value that tests nothing is open: includeMembers false answers, true needs the members and their discrepancies', async () => {
    const h = regency.households[0]!;
    const key = await createApiKey({
      name: 'Inspektorat',
      purpose: 'audit of family data quality',
      fields: ['Query.household', 'Household.id', 'Household.discrepancies', 'Discrepancy.id'],
      createdBy: 'user:test-admin',
    });
    const { body } = await asKey(key.token, `{ household(id: "${h._id}") { own: discrepancies { id } all: discrepancies(includeMembers: true) { id } } }`);
    expect(Array.isArray(body.data.household.own)).toBe(true);
    expect(body.data.household.all).toBeNull();
    expect(body.errors.map((e: GraphQLErrorBody) => [e.path?.join('.'), e.extensions?.code, e.extensions?.argument])).toEqual([['household.all', 'FORBIDDEN', 'includeMembers']]);
  });
});
