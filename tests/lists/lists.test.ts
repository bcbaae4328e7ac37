import { createApiKey } from '../../src/auth/apiKeys';
import { Person } from '../../src/db/models/person';
import { backfillPersonKeys } from '../../src/db/search-keys';
import type { Regency } from '../../seeds/regency';
import type { TestHub } from '../helpers/hub';
import { completedYears, expectBadInput, scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

/*
 * Issue 13 item 4: lists a dashboard can use. Orders with stable keyset cursors, backward pages, name search that
 * tolerates spelling variants within the viewer's rows, and the filters dashboards asked for; each governed by the
 * read matrix like the fields it sorts, searches or tests.
 */

/** A few people renamed so that the name search has known spellings to find, in two kecamatan. */
function renamed(r: Regency): Regency {
  const first = r.persons[0]!;
  const other = r.persons.find((p) => p.kecamatanCode !== first.kecamatanCode)!;
  const sameKec = r.persons.filter((p) => p.kecamatanCode === first.kecamatanCode);
  const names = new Map<string, string>([
    [first._id, 'Waherjo Soetomo'],
    [other._id, 'WAHARJO SUTOMO'],
    [sameKec[1]!._id, 'Djoko Tjahjono'],
    [sameKec[2]!._id, 'Siti Aminah'],
    [sameKec[3]!._id, 'Achmad Sjahrir'],
  ]);
  return { ...r, persons: r.persons.map((p) => (names.has(p._id) ? { ...p, fullName: names.get(p._id)! } : p)) };
}

const regency = scenarioRegency('small', renamed);
const FIRST = regency.persons[0]!;
const KEC_A = FIRST.kecamatanCode;
const OTHER = regency.persons.find((p) => p.kecamatanCode !== KEC_A)!;
const inKecA = regency.persons.filter((p) => p.kecamatanCode === KEC_A);
const [, DJOKO, SITI, ACHMAD] = inKecA;
const desilOf = new Map(regency.households.map((h) => [h._id, h.desil ?? null]));

const hub = useRegencyHub('small', { reshape: renamed, use: 'write' });

type Key = string | number | Date | null;

/** MongoDB's order for the values these lists sort by: null (and missing) below everything, then the values; ties by id. */
function sortedIds<T extends { _id: string }>(rows: readonly T[], key: (r: T) => Key, direction: 1 | -1): string[] {
  const rank = (v: Key) => (v instanceof Date ? v.getTime() : v);
  return [...rows]
    .sort((a, b) => {
      const x = rank(key(a));
      const y = rank(key(b));
      let c = 0;
      if (x === null && y !== null) c = -1;
      else if (x !== null && y === null) c = 1;
      else if (x !== null && y !== null) c = x < y ? -1 : x > y ? 1 : 0;
      if (c === 0) c = a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
      return c * direction;
    })
    .map((r) => r._id);
}

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';

interface List {
  field: string;
  filterType: string;
  orderType: string;
}
const PERSONS: List = { field: 'persons', filterType: 'PersonFilter', orderType: 'PersonOrder' };
const HOUSEHOLDS: List = { field: 'households', filterType: 'HouseholdFilter', orderType: 'HouseholdOrder' };
const ENROLLMENTS: List = { field: 'enrollments', filterType: 'EnrollmentFilter', orderType: 'EnrollmentOrder' };

const listQuery = (l: List) =>
  `query($filter: ${l.filterType}, $orderBy: ${l.orderType}, $first: Int, $after: String, $last: Int, $before: String) {
    ${l.field}(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) { ${PAGE} } }`;

async function page(l: List, variables: Record<string, unknown>): Promise<Page> {
  const { body } = await hub.post(listQuery(l), variables);
  expect(body.errors).toBeUndefined();
  return body.data[l.field] as Page;
}

/** Every page forwards (first/after), checking the flags on the way. */
async function forwards(l: List, variables: Record<string, unknown>, size: number, between?: (n: number) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let n = 0; n < 1000; n++) {
    const p = await page(l, { ...variables, first: size, after });
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    ids.push(...p.edges.map((e) => e.node.id));
    if (!p.pageInfo.hasNextPage) break;
    expect(p.edges).toHaveLength(size);
    after = p.pageInfo.endCursor;
    await between?.(n);
  }
  return ids;
}

/** Every page backwards (last/before) from the end, checking the flags on the way. */
async function backwards(l: List, variables: Record<string, unknown>, size: number): Promise<string[]> {
  const pages: string[][] = [];
  let before: string | null = null;
  for (let n = 0; n < 1000; n++) {
    const p = await page(l, { ...variables, last: size, before });
    expect(p.pageInfo.hasNextPage).toBe(before !== null);
    pages.unshift(p.edges.map((e) => e.node.id));
    if (!p.pageInfo.hasPreviousPage) break;
    expect(p.edges).toHaveLength(size);
    before = p.pageInfo.startCursor;
  }
  return pages.flat();
}

describe('orderBy: every order, forwards and backwards, with ties broken by id', () => {
  const personsA = regency.persons.filter((p) => p.kecamatanCode === KEC_A);
  const householdsA = regency.households.filter((h) => h.kecamatanCode === KEC_A);
  const enrollmentsA = regency.enrollments.filter((e) => e.kecamatanCode === KEC_A);
  const cases: [List, string, string[]][] = [
    [PERSONS, 'NAME_ASC', sortedIds(personsA, (p) => p.fullName, 1)],
    [PERSONS, 'NAME_DESC', sortedIds(personsA, (p) => p.fullName, -1)],
    [PERSONS, 'BIRTH_DATE_ASC', sortedIds(personsA, (p) => p.birthDate, 1)],
    [PERSONS, 'BIRTH_DATE_DESC', sortedIds(personsA, (p) => p.birthDate, -1)],
    [PERSONS, 'DESIL_ASC', sortedIds(personsA, (p) => (p.householdId ? (desilOf.get(p.householdId) ?? null) : null), 1)],
    [PERSONS, 'DESIL_DESC', sortedIds(personsA, (p) => (p.householdId ? (desilOf.get(p.householdId) ?? null) : null), -1)],
    [HOUSEHOLDS, 'DESIL_ASC', sortedIds(householdsA, (h) => h.desil ?? null, 1)],
    [HOUSEHOLDS, 'DESIL_DESC', sortedIds(householdsA, (h) => h.desil ?? null, -1)],
    [HOUSEHOLDS, 'MEMBER_COUNT_ASC', sortedIds(householdsA, (h) => h.memberCount, 1)],
    [HOUSEHOLDS, 'MEMBER_COUNT_DESC', sortedIds(householdsA, (h) => h.memberCount, -1)],
    [ENROLLMENTS, 'START_DATE_ASC', sortedIds(enrollmentsA, (e) => e.startDate, 1)],
    [ENROLLMENTS, 'START_DATE_DESC', sortedIds(enrollmentsA, (e) => e.startDate, -1)],
    [ENROLLMENTS, 'END_DATE_ASC', sortedIds(enrollmentsA, (e) => e.endDate ?? null, 1)],
    [ENROLLMENTS, 'END_DATE_DESC', sortedIds(enrollmentsA, (e) => e.endDate ?? null, -1)],
  ];

  it('the test data has ties and nulls in the orders, so that the tie-break and null handling are exercised', () => {
    expect(new Set(householdsA.map((h) => h.memberCount)).size).toBeLessThan(householdsA.length);
    expect(new Set(enrollmentsA.map((e) => e.startDate.getTime())).size).toBeLessThan(enrollmentsA.length);
    expect(householdsA.some((h) => h.desil === null)).toBe(true);
    expect(enrollmentsA.some((e) => e.endDate === null) && enrollmentsA.some((e) => e.endDate !== null)).toBe(true);
  });

  it.each(cases.map(([l, orderBy, expected]) => [l.field, orderBy, l, expected] as const))(
    '%s(orderBy: %s) pages forwards and backwards through every row once, in order',
    async (_name, orderBy, l, expected) => {
      const variables = { filter: { kecamatanCode: KEC_A }, orderBy };
      expect(expected.length).toBeGreaterThan(14);
      expect(await forwards(l, variables, 7)).toEqual(expected);
      expect(await backwards(l, variables, 7)).toEqual(expected);
    },
  );

  it('last/before and first/after meet: the page before a cursor ends right before it, and flags say more lies on both sides', async () => {
    const variables = { filter: { kecamatanCode: KEC_A }, orderBy: 'NAME_ASC' };
    const expected = cases[0]![2];
    const middle = await page(PERSONS, { ...variables, first: 5, after: (await page(PERSONS, { ...variables, first: 10 })).pageInfo.endCursor });
    expect(middle.edges.map((e) => e.node.id)).toEqual(expected.slice(10, 15));
    const back = await page(PERSONS, { ...variables, last: 4, before: middle.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.id)).toEqual(expected.slice(6, 10));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // Backwards in the id order too (no orderBy).
    const ids = [...personsA.map((p) => p._id)].sort();
    expect(await backwards(PERSONS, { filter: { kecamatanCode: KEC_A } }, 9)).toEqual(ids);
  });

  it('rows inserted while a client pages by name appear once if they sort after its position, and never shift a row twice or away', async () => {
    const variables = { filter: { kecamatanCode: KEC_A }, orderBy: 'NAME_ASC' };
    const template = (await Person.findById(FIRST._id).lean())!;
    const inserted: string[] = [];
    const seen = await forwards(PERSONS, variables, 7, async (n) => {
      if (n !== 1) return;
      // One sorts before every page already read, one after all of them.
      for (const [id, fullName] of [
        ['P9999991', 'AAAAA Early'],
        ['P9999992', 'ZZZZZ Late'],
      ] as const) {
        await Person.collection.insertOne({ ...template, _id: id, nik: null, fullName } as never);
        inserted.push(id);
      }
    });
    await Person.collection.deleteMany({ _id: { $in: inserted } } as never);
    expect(seen).toEqual([...cases[0]![2], 'P9999992']);
  });

  it('a cursor is valid only with the order it came from: another order, or none, is BAD_USER_INPUT', async () => {
    const byName = await page(PERSONS, { orderBy: 'NAME_ASC', first: 2 });
    const byBirth = await hub.post(listQuery(PERSONS), { orderBy: 'BIRTH_DATE_ASC', first: 2, after: byName.pageInfo.endCursor });
    expectBadInput(byBirth.body, 'after');
    expect(byBirth.body.errors[0].message).toContain('another orderBy');
    const unordered = await hub.post(listQuery(PERSONS), { first: 2, before: byName.pageInfo.startCursor });
    expectBadInput(unordered.body, 'before');
    const plain = await page(PERSONS, { first: 2 });
    const ordered = await hub.post(listQuery(PERSONS), { orderBy: 'NAME_DESC', last: 2, before: plain.pageInfo.endCursor });
    expectBadInput(ordered.body, 'before');
    const households = await page(HOUSEHOLDS, { orderBy: 'DESIL_ASC', first: 1 });
    const foreign = await hub.post(listQuery(PERSONS), { orderBy: 'DESIL_ASC', first: 1, after: households.pageInfo.endCursor });
    expectBadInput(foreign.body, 'after');
    const junk = await hub.post(listQuery(PERSONS), { orderBy: 'NAME_ASC', first: 1, after: Buffer.from('v2:persons:NAME_ASC:[{"$gt":""},"P1"]').toString('base64url') });
    expectBadInput(junk.body, 'after');
  });

  it('last is a page size like first: above the largest page it is refused before anything runs', async () => {
    const { status, body } = await hub.post(listQuery(PERSONS), { last: 101 });
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
  });

  it('discrepancies take orderBy and last/before too', async () => {
    const { body } = await hub.post('{ discrepancies(orderBy: OPENED_AT_DESC, last: 3) { pageInfo { hasNextPage hasPreviousPage } edges { node { id } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.discrepancies.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false });
  });
});

describe('ordering by a field the caller may not read is FORBIDDEN (a sorted page is an oracle of that field)', () => {
  const psm = { role: 'PSM' as const, desa: [FIRST.desaCode] };
  const forbidden = (body: any, argument: string) => {
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argument });
  };

  it('a PSM (birth dates as age flags only, no welfare) may order people by name but not by birth date or desil', async () => {
    const byName = await hub.postAs(psm, '{ persons(orderBy: NAME_ASC, first: 3) { edges { node { fullName } } } }');
    expect(byName.body.errors).toBeUndefined();
    forbidden((await hub.postAs(psm, '{ persons(orderBy: BIRTH_DATE_ASC, first: 3) { edges { node { id } } } }')).body, 'orderBy');
    forbidden((await hub.postAs(psm, '{ persons(orderBy: DESIL_DESC, first: 3) { edges { node { id } } } }')).body, 'orderBy');
    forbidden((await hub.postAs(psm, '{ households(orderBy: DESIL_ASC, first: 3) { edges { node { id } } } }')).body, 'orderBy');
    const bySize = await hub.postAs(psm, '{ households(orderBy: MEMBER_COUNT_DESC, first: 3) { edges { node { memberCount } } } }');
    expect(bySize.body.errors).toBeUndefined();
  });

  it('a TAGANA (no welfare, birth as flags) may not order by birth date either', async () => {
    forbidden((await hub.postAs({ role: 'TAGANA', kecamatan: [KEC_A] }, '{ persons(orderBy: BIRTH_DATE_DESC, first: 3) { edges { node { id } } } }')).body, 'orderBy');
  });
});

describe('name search: case, spacing and spelling variants, within the viewer rows', () => {
  const search = (name: string, claims?: Parameters<TestHub['postAs']>[0]) => {
    const q = 'query($name: String) { persons(filter: { name: $name }, first: 100) { edges { node { id desa { code } } } } }';
    return claims ? hub.postAs(claims, q, { name }) : hub.post(q, { name });
  };
  const ids = (body: any): string[] => body.data.persons.edges.map((e: any) => e.node.id);

  it.each([
    ['Waharjo', [FIRST._id, OTHER._id]],
    ['waherjo', [FIRST._id, OTHER._id]],
    ['  WA-HAR jo ', [FIRST._id, OTHER._id]],
    ['Sutomo', [FIRST._id, OTHER._id]],
    ['Waharjo Soetomo', [FIRST._id, OTHER._id]],
    ['Joko Cahyono', [DJOKO!._id]],
    ['djoko tjahjono', [DJOKO!._id]],
    ['Cahyono', [DJOKO!._id]],
    ['siti   aminah', [SITI!._id]],
    ['SitiAminah', [SITI!._id]],
    ['Aminah', [SITI!._id]],
    ['Ahmad Syahrir', [ACHMAD!._id]],
    ['Akhmad Sahrir', []],
  ])('"%s" finds the people spelled that way or another way', async (name, expected) => {
    const { body } = await search(name);
    expect(body.errors).toBeUndefined();
    for (const id of expected) expect(ids(body)).toContain(id);
    if (expected.length === 0) expect(ids(body)).not.toContain(ACHMAD!._id);
  });

  it('a TKSK finds only the matches of its own kecamatan', async () => {
    const { body } = await search('waharjo', { role: 'TKSK', kecamatan: [KEC_A] });
    expect(body.errors).toBeUndefined();
    expect(ids(body)).toContain(FIRST._id);
    expect(ids(body)).not.toContain(OTHER._id);
    expect(body.data.persons.edges.every((e: any) => e.node.desa.code.startsWith(KEC_A))).toBe(true);
  });

  it('people stored before the keys existed are found once db:search-keys has run, and a second run writes nothing', async () => {
    await Person.collection.updateMany({ _id: { $in: [FIRST._id, OTHER._id] } } as never, { $unset: { nameKeys: '', householdDesil: '' } });
    expect(ids((await search('waharjo')).body)).not.toContain(FIRST._id);
    const first = await backfillPersonKeys();
    expect(first).toEqual({ read: regency.persons.length, written: 2 });
    expect(ids((await search('waharjo')).body)).toEqual(expect.arrayContaining([FIRST._id, OTHER._id]));
    expect((await backfillPersonKeys()).written).toBe(0);
  });

  it('a query with fewer than 2 letters, or longer than 100 characters, is BAD_USER_INPUT', async () => {
    expectBadInput((await search('a!')).body, 'filter.name');
    expectBadInput((await search('x'.repeat(101))).body, 'filter.name');
  });

  it('a name search is itself governed: a partner key without names may not search by name; one with names may', async () => {
    const blind = await createApiKey({ name: 'Dinas Kesehatan', purpose: 'counts', fields: ['Query.persons', 'Person.id'], createdBy: 'user:test-admin' });
    const q = '{ persons(first: 5, filter: { name: "waharjo" }) { edges { node { id } } } }';
    const denied = await hub.post(q, undefined, { authorization: `ApiKey ${blind.token}` });
    expect(denied.body.data).toEqual({ persons: null });
    expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.name' });
    const named = await createApiKey({ name: 'Dinas Kesehatan', purpose: 'outreach', fields: ['Query.persons', 'Person.id', 'Person.fullName'], createdBy: 'user:test-admin' });
    const allowed = await hub.post(q, undefined, { authorization: `ApiKey ${named.token}` });
    expect(allowed.body.errors).toBeUndefined();
    expect(ids(allowed.body)).toContain(FIRST._id);
  });
});

describe('the missing filters', () => {
  const count = async (list: string, filter: Record<string, unknown>, claims?: Parameters<TestHub['postAs']>[0]) => {
    const type = list === 'persons' ? 'PersonFilter' : 'EnrollmentFilter';
    const q = `query($filter: ${type}) { ${list}(filter: $filter, first: 0) { totalCount } }`;
    const { body } = claims ? await hub.postAs(claims, q, { filter }) : await hub.post(q, { filter });
    return body;
  };
  const now = new Date();
  const ageOf = (p: { birthDate: Date }) => completedYears(p.birthDate, now);

  it('desil range on persons (their household desil)', async () => {
    const body = await count('persons', { desilMin: 2, desilMax: 4 });
    expect(body.errors).toBeUndefined();
    const expected = regency.persons.filter((p) => {
      const d = p.householdId ? desilOf.get(p.householdId) : null;
      return d != null && d >= 2 && d <= 4;
    }).length;
    expect(expected).toBeGreaterThan(0);
    expect(body.data.persons.totalCount).toBe(expected);
    expectBadInput(await count('persons', { desilMin: 5, desilMax: 3 }), 'filter.desilMin');
  });

  it.each([
    ['CHILD', 0, 14],
    ['YOUTH', 15, 30],
    ['ADULT', 31, 59],
    ['ELDER', 60, 200],
  ] as const)('age group %s on persons', async (group, lo, hi) => {
    const body = await count('persons', { ageGroup: group });
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.totalCount).toBe(regency.persons.filter((p) => ageOf(p) >= lo && ageOf(p) <= hi).length);
  });

  it('age group and age range together: both apply', async () => {
    const body = await count('persons', { ageGroup: 'YOUTH', ageMin: 25 });
    expect(body.data.persons.totalCount).toBe(regency.persons.filter((p) => ageOf(p) >= 25 && ageOf(p) <= 30).length);
    const none = await count('persons', { ageGroup: 'CHILD', ageMin: 40 });
    expect(none.data.persons.totalCount).toBe(0);
  });

  it('disability type on persons, for roles that read HEALTH in full; a TKSK (disability as a flag only) is FORBIDDEN', async () => {
    const body = await count('persons', { disabilityType: 'PHYSICAL' });
    expect(body.data.persons.totalCount).toBe(regency.persons.filter((p) => p.disability?.type === 'PHYSICAL').length);
    const tksk = await count('persons', { disabilityType: 'PHYSICAL' }, { role: 'TKSK', kecamatan: [KEC_A] });
    expect(tksk.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.disabilityType' });
    const rehsos = await count('persons', { disabilityType: 'PHYSICAL' }, { role: 'PENDAMPING_REHSOS' });
    expect(rehsos.errors).toBeUndefined();
  });

  it('desil and age group are FORBIDDEN where the role may not read them', async () => {
    const psm = { role: 'PSM' as const, desa: [FIRST.desaCode] };
    expect((await count('persons', { desilMax: 3 }, psm)).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.desilMax' });
    // Age groups are the age flag, which a PSM reads.
    expect((await count('persons', { ageGroup: 'ELDER' }, psm)).errors).toBeUndefined();
  });

  it('programme components on enrolments (PKH components)', async () => {
    const body = await count('enrollments', { component: 'LANSIA' });
    expect(body.errors).toBeUndefined();
    const expected = regency.enrollments.filter((e) => (e.components ?? []).includes('LANSIA' as never)).length;
    expect(expected).toBeGreaterThan(0);
    expect(body.data.enrollments.totalCount).toBe(expected);
  });
});
