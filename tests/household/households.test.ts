import type { EnrollmentRecord, HouseholdRecord } from '../../src/domain/records';
import {
  countBy,
  cursorFromList,
  expectBadInput,
  expectFirstZeroHasNextPage,
  expectForeignCursorRefused,
  idsOf,
  isoDay,
  itPagesLikeAConnection,
  PAGE_FIELDS,
  scenarioRegency,
  walkPages,
  type PagedList,
  type PagingSubject,
} from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

const KEBONSARI = '35.19.01';

const HOUSEHOLDS: PagedList = {
  query: `query($filter: HouseholdFilter, $first: Int, $after: String) { households(filter: $filter, first: $first, after: $after) { ${PAGE_FIELDS} } }`,
  connection: (data) => data.households,
};

/** Enrolments of the household and of its members: every enrolment that names the household. */
const enrollmentsOf = (h: HouseholdRecord): EnrollmentRecord[] => regency.enrollments.filter((e) => e.householdId === h._id);

describe('household(id)', () => {
  const FIELDS = `id kkNumber kkHistory { kkNumber from to } head { id } members { id } memberCount desa { code }
    address { street rt rw } desil housing { floor wall roof water sanitation electricityVa cookingFuel } assets receivesAid enrollments { id }`;

  function expected(h: HouseholdRecord) {
    const members = regency.persons.filter((p) => p.householdId === h._id);
    const others = members
      .filter((p) => p._id !== h.headId)
      .map((p) => p._id)
      .sort();
    return {
      id: h._id,
      kkNumber: h.kkNumber,
      kkHistory: [...h.kkHistory].sort((a, b) => b.from.getTime() - a.from.getTime()).map((k) => ({ kkNumber: k.kkNumber, from: isoDay(k.from), to: isoDay(k.to) })),
      head: { id: h.headId },
      members: [h.headId, ...others].map((id) => ({ id })),
      memberCount: members.length,
      desa: { code: h.desaCode },
      address: h.address,
      desil: h.desil,
      housing: h.housing,
      assets: h.assets,
      receivesAid: enrollmentsOf(h).some((e) => e.status === 'ACTIVE'),
      enrollments: idsOf(enrollmentsOf(h)).map((id) => ({ id })),
    };
  }

  const samples = (): HouseholdRecord[] => {
    const hs = regency.households;
    const picks = [
      hs[0]!,
      hs.find((h) => h.kkHistory.length > 1)!,
      hs.find((h) => h.desil === null) ?? hs[1]!,
      hs.find((h) => enrollmentsOf(h).some((e) => e.status === 'ACTIVE'))!,
      hs.find((h) => enrollmentsOf(h).length > 0 && !enrollmentsOf(h).some((e) => e.status === 'ACTIVE')) ?? hs[2]!,
      hs.find((h) => enrollmentsOf(h).length === 0)!,
      hs[hs.length - 1]!,
    ];
    for (const h of picks) expect(h).toBeDefined();
    return picks;
  };

  it('finds a household by id with its card history newest first, its head first among the members, and every enrolment that names it', async () => {
    for (const h of samples()) {
      const { body } = await hub.post(`query($id: ID!) { household(id: $id) { ${FIELDS} } }`, { id: h._id });
      expect(body.errors).toBeUndefined();
      expect(body.data.household).toEqual(expected(h));
    }
  });

  it('answers null for a well-formed id no household has', async () => {
    const { body } = await hub.post('{ household(id: "H9999999") { id } }');
    expect(body).toEqual({ data: { household: null } });
  });

  it.each(['H1', 'P0000001', 'h0000001', 'H00000001'])('refuses the malformed household id %p with BAD_USER_INPUT naming id', async (id) => {
    const { body } = await hub.post('query($id: ID!) { household(id: $id) { id } }', { id });
    expect(body.data.household).toBeNull();
    expectBadInput(body, 'id');
  });
});

describe('householdByKk(kkNumber)', () => {
  it('finds every household by its current family card number', async () => {
    for (const h of regency.households.slice(0, 10)) {
      const { body } = await hub.post('query($kk: String!) { householdByKk(kkNumber: $kk) { id kkNumber } }', { kk: h.kkNumber });
      expect(body.data.householdByKk).toEqual({ id: h._id, kkNumber: h.kkNumber });
    }
  });

  it('finds a household by a card it held before a move or split, answering its current number', async () => {
    const moved = regency.households.filter((h) => h.kkHistory.length > 1);
    expect(moved.length).toBeGreaterThan(0);
    for (const h of moved) {
      const old = h.kkHistory.find((k) => k.kkNumber !== h.kkNumber)!;
      const { body } = await hub.post('query($kk: String!) { householdByKk(kkNumber: $kk) { id kkNumber kkHistory { kkNumber } } }', { kk: old.kkNumber });
      expect(body.data.householdByKk).toEqual({ id: h._id, kkNumber: h.kkNumber, kkHistory: [{ kkNumber: h.kkNumber }, { kkNumber: old.kkNumber }] });
    }
  });

  it('answers null for a 16-digit number no household ever held', async () => {
    const kk = '3519010101260999';
    expect(regency.households.some((h) => h.kkHistory.some((k) => k.kkNumber === kk))).toBe(false);
    const { body } = await hub.post('query($kk: String!) { householdByKk(kkNumber: $kk) { id } }', { kk });
    expect(body).toEqual({ data: { householdByKk: null } });
  });

  it.each(['351901010126099', '35190101012609991', '35190101012609A1', '', '{"$ne": null}'])('refuses the malformed number %p with BAD_USER_INPUT naming kkNumber', async (kk) => {
    const { body } = await hub.post('query($kk: String!) { householdByKk(kkNumber: $kk) { id } }', { kk });
    expect(body.data.householdByKk).toBeNull();
    expectBadInput(body, 'kkNumber');
  });
});

describe('households(filter)', () => {
  type Case = [string, Record<string, unknown>, (h: HouseholdRecord) => boolean];
  const desilIn = (h: HouseholdRecord, min: number, max: number) => h.desil !== null && h.desil >= min && h.desil <= max;
  const enrolled = (h: HouseholdRecord, f: (e: EnrollmentRecord) => boolean) => enrollmentsOf(h).some(f);
  const desa = Object.entries(countBy(regency.households, (h) => h.desaCode)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];

  const plain: Case[] = [
    ['no filter', {}, () => true],
    ['kecamatanCode Kebonsari', { kecamatanCode: KEBONSARI }, (h) => h.kecamatanCode === KEBONSARI],
    [`desaCode ${desa}`, { desaCode: desa }, (h) => h.desaCode === desa],
    ['desilMin 5 (unranked families excluded)', { desilMin: 5 }, (h) => desilIn(h, 5, 10)],
    ['desilMax 4', { desilMax: 4 }, (h) => desilIn(h, 1, 4)],
    ['desil 1-4 in Kebonsari', { kecamatanCode: KEBONSARI, desilMin: 1, desilMax: 4 }, (h) => h.kecamatanCode === KEBONSARI && desilIn(h, 1, 4)],
    ['desilMin = desilMax = 10', { desilMin: 10, desilMax: 10 }, (h) => h.desil === 10],
  ];

  // Enrolment conditions: any enrolment naming the household (its own or a member's) that meets them.
  const byEnrolment: Case[] = [
    ...(['PKH', 'BPNT', 'PBI_JK', 'SEKOLAH_RAKYAT', 'PERMODALAN_USAHA', 'ATENSI'] as const).map((code): Case => [
      `programme ${code}, any status`,
      { programme: code },
      (h) => enrolled(h, (e) => e.programmeCode === code),
    ]),
    ...(['ACTIVE', 'GRADUATED', 'TERMINATED', 'SUSPENDED'] as const).map((status): Case => [
      `enrollmentStatus ${status}, any programme`,
      { enrollmentStatus: status },
      (h) => enrolled(h, (e) => e.status === status),
    ]),
    [
      'programme PKH in status GRADUATED (one enrolment meets both)',
      { programme: 'PKH', enrollmentStatus: 'GRADUATED' },
      (h) => enrolled(h, (e) => e.programmeCode === 'PKH' && e.status === 'GRADUATED'),
    ],
    [
      'every condition at once: desil 1-4 in Kebonsari with an ACTIVE PBI_JK',
      { kecamatanCode: KEBONSARI, desilMin: 1, desilMax: 4, programme: 'PBI_JK', enrollmentStatus: 'ACTIVE' },
      (h) => h.kecamatanCode === KEBONSARI && desilIn(h, 1, 4) && enrolled(h, (e) => e.programmeCode === 'PBI_JK' && e.status === 'ACTIVE'),
    ],
  ];

  it('has the generated regency to filter: every case but the last finds some households and leaves some out', () => {
    for (const [name, , keep] of [...plain.slice(1), ...byEnrolment]) {
      const n = regency.households.filter(keep).length;
      expect({ name, some: n > 0, notAll: n < regency.households.length }).toEqual({ name, some: true, notAll: true });
    }
  });

  async function expectFilter(filter: Record<string, unknown>, keep: (h: HouseholdRecord) => boolean): Promise<void> {
    const expected = idsOf(regency.households.filter(keep));
    const { ids, pages } = await walkPages(hub, HOUSEHOLDS, { filter }, 100);
    expect(ids).toEqual(expected);
    expect(pages[0]!.totalCount).toBe(expected.length);
  }

  it.each(plain)('%s answers exactly the households the generated regency holds for it', (_name, filter, keep) => expectFilter(filter, keep));

  it.each(byEnrolment)('%s answers exactly the households the generated regency holds for it', (_name, filter, keep) => expectFilter(filter, keep));

  it.each([
    [{ kecamatanCode: '35.19.16' }, 'filter.kecamatanCode', 'does not exist'],
    [{ kecamatanCode: 'Kebonsari' }, 'filter.kecamatanCode', 'is not a kecamatan code'],
    [{ desaCode: '35.19.01.2099' }, 'filter.desaCode', 'does not exist'],
    [{ desaCode: '35.19.01.3001' }, 'filter.desaCode', 'is not a desa code'],
    [{ desilMin: 0 }, 'filter.desilMin', 'whole number from 1 to 10'],
    [{ desilMax: 11 }, 'filter.desilMax', 'whole number from 1 to 10'],
    [{ desilMin: 5, desilMax: 4 }, 'filter.desilMin', 'greater than'],
  ])('refuses the filter %j with BAD_USER_INPUT naming %s', async (filter, argument, why) => {
    const { body } = await hub.post(HOUSEHOLDS.query, { filter, first: 10 });
    const error = expectBadInput(body, argument);
    expect(error.message).toContain(why);
  });
});

describe('households', () => {
  // A desa and a desil none of its families has: a filter that matches nothing.
  const emptyFilter = (() => {
    const h = regency.households[0]!;
    const desils = new Set(regency.households.filter((x) => x.desaCode === h.desaCode).map((x) => x.desil));
    const missing = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((d) => !desils.has(d))!;
    return { desaCode: h.desaCode, desilMin: missing, desilMax: missing };
  })();
  const subject = (): PagingSubject => ({
    hub,
    list: HOUSEHOLDS,
    variables: {},
    expectedIds: idsOf(regency.households),
    emptyVariables: { filter: emptyFilter },
    foreignCursor: () => cursorFromList(hub, 'persons'),
  });
  itPagesLikeAConnection('all households', subject);

  it('refuses a cursor taken from the persons list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('answers first: 0 on a non-empty list with hasNextPage true', () => expectFirstZeroHasNextPage(subject()));
});
