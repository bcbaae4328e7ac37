import type { EnrollmentRecord } from '../../src/domain/records';
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
const CODES = ['PKH', 'BPNT', 'PBI_JK', 'SEKOLAH_RAKYAT', 'PERMODALAN_USAHA', 'ATENSI'] as const;

const ENROLLMENTS: PagedList = {
  query: `query($filter: EnrollmentFilter, $first: Int, $after: String) { enrollments(filter: $filter, first: $first, after: $after) { ${PAGE_FIELDS} } }`,
  connection: (data) => data.enrollments,
};

describe('programmes and programme(code)', () => {
  const FIELDS = 'code name level maxYears eligibility { desilMin desilMax conditions }';

  it('lists the six programmes in code order, as the roster reference defines them', async () => {
    const { body } = await hub.post(`{ programmes { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    const expected = [...regency.programmes]
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((p) => ({ code: p._id, name: p.name, level: p.level, maxYears: p.maxYears, eligibility: p.eligibility }));
    expect(body.data.programmes).toEqual(expected);
  });

  it('holds the rules of docs/domain.md section 6: PKH and BPNT for desil 1-4 and at most 5 years, Sekolah Rakyat for desil 1-2', async () => {
    const { body } = await hub.post(`{ pkh: programme(code: PKH) { ${FIELDS} } bpnt: programme(code: BPNT) { ${FIELDS} } sr: programme(code: SEKOLAH_RAKYAT) { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    const { pkh, bpnt, sr } = body.data;
    for (const p of [pkh, bpnt]) {
      expect(p).toMatchObject({ level: 'HOUSEHOLD', maxYears: 5, eligibility: { desilMin: 1, desilMax: 4 } });
    }
    expect(sr.eligibility).toMatchObject({ desilMin: 1, desilMax: 2 });
  });

  it('finds each programme by code', async () => {
    for (const code of CODES) {
      const { body } = await hub.post('query($c: ProgrammeCode!) { programme(code: $c) { code name } }', { c: code });
      expect(body.data.programme).toEqual({ code, name: regency.programmes.find((p) => p._id === code)!.name });
    }
  });

  it('refuses a programme code the schema does not know with BAD_USER_INPUT', async () => {
    const { body } = await hub.post('query($c: ProgrammeCode!) { programme(code: $c) { code } }', { c: 'BLT' });
    expectBadInput(body);
  });
});

describe('enrollments(filter)', () => {
  type Case = [string, Record<string, unknown>, (e: EnrollmentRecord) => boolean];
  const desa = Object.entries(countBy(regency.enrollments, (e) => e.desaCode)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const cases: Case[] = [
    ['no filter', {}, () => true],
    ...CODES.map((code): Case => [`programme ${code}`, { programme: code }, (e) => e.programmeCode === code]),
    ...(['ACTIVE', 'GRADUATED', 'TERMINATED', 'SUSPENDED'] as const).map((status): Case => [`status ${status}`, { status }, (e) => e.status === status]),
    ['startYear 2021', { startYear: 2021 }, (e) => e.startDate.getUTCFullYear() === 2021],
    ['startYear 2010 (before any enrolment)', { startYear: 2010 }, () => false],
    ['kecamatanCode Kebonsari (the beneficiary family lives there)', { kecamatanCode: KEBONSARI }, (e) => e.kecamatanCode === KEBONSARI],
    [`desaCode ${desa}`, { desaCode: desa }, (e) => e.desaCode === desa],
    ['programme PKH in status GRADUATED', { programme: 'PKH', status: 'GRADUATED' }, (e) => e.programmeCode === 'PKH' && e.status === 'GRADUATED'],
    [
      'every condition at once: active PBI_JK in Kebonsari started in 2026',
      { programme: 'PBI_JK', status: 'ACTIVE', startYear: 2026, kecamatanCode: KEBONSARI },
      (e) => e.programmeCode === 'PBI_JK' && e.status === 'ACTIVE' && e.startDate.getUTCFullYear() === 2026 && e.kecamatanCode === KEBONSARI,
    ],
  ];

  it('has the generated regency to filter: enrolments of every programme and status', () => {
    for (const [name, , keep] of cases.filter(([n]) => !n.includes('before any'))) {
      expect({ name, some: regency.enrollments.some(keep) }).toEqual({ name, some: true });
    }
  });

  it.each(cases)('%s answers exactly the enrolments the generated regency holds for it', async (_name, filter, keep) => {
    const expected = idsOf(regency.enrollments.filter(keep));
    const { ids, pages } = await walkPages(hub, ENROLLMENTS, { filter }, 100);
    expect(ids).toEqual(expected);
    expect(pages[0]!.totalCount).toBe(expected.length);
  });

  it.each([
    [{ startYear: 1800 }, 'filter.startYear', 'whole number from 1945 to 2100'],
    [{ startYear: 2101 }, 'filter.startYear', 'whole number from 1945 to 2100'],
    [{ kecamatanCode: '35.19.00' }, 'filter.kecamatanCode', 'does not exist'],
    [{ desaCode: '35.19.01.20011' }, 'filter.desaCode', 'is not a desa code'],
  ])('refuses the filter %j with BAD_USER_INPUT naming %s', async (filter, argument, why) => {
    const { body } = await hub.post(ENROLLMENTS.query, { filter, first: 10 });
    expect(expectBadInput(body, argument).message).toContain(why);
  });

  it('refuses a status the schema does not know with BAD_USER_INPUT', async () => {
    const { body } = await hub.post(ENROLLMENTS.query, { filter: { status: 'PAID' }, first: 10 });
    expectBadInput(body);
  });
});

describe('an enrolment', () => {
  const YEAR_DAYS = 365.2425;
  const DAY = 86_400_000;

  /** The same day `years` calendar years later (29 February becomes 1 March). */
  const addYears = (d: Date, years: number) => new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));

  async function allEnrollments(): Promise<any[]> {
    const list: PagedList = {
      query: `query($first: Int, $after: String) { enrollments(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id programme { code maxYears } household { id } person { id household { id } } startDate endDate status components yearsReceived exceedsMaxDuration } } } }`,
      connection: (data) => data.enrollments,
    };
    const { pages } = await walkPages(hub, list, {}, 100);
    return pages.flatMap((p) => p.edges.map((e) => e.node));
  }

  it('names its programme, its family, its person (person-level programmes only), its dates, status and components as the roster does', async () => {
    const byId = new Map(regency.enrollments.map((e) => [e._id, e]));
    const level = new Map(regency.programmes.map((p) => [p._id, p.level]));
    const nodes = await allEnrollments();
    expect(nodes.map((n) => n.id)).toEqual(idsOf(regency.enrollments));
    for (const n of nodes) {
      const e = byId.get(n.id)!;
      expect(n).toMatchObject({
        programme: { code: e.programmeCode },
        household: { id: e.householdId },
        person: e.personId ? { id: e.personId, household: { id: e.householdId } } : null,
        startDate: isoDay(e.startDate),
        endDate: isoDay(e.endDate),
        status: e.status,
        components: e.components,
      });
      expect(n.person === null).toBe(level.get(e.programmeCode) === 'HOUSEHOLD');
    }
  });

  it('counts yearsReceived from the start to the end, or to today while it goes on, to one decimal', async () => {
    const before = Date.now();
    const nodes = await allEnrollments();
    const after = Date.now();
    const byId = new Map(regency.enrollments.map((e) => [e._id, e]));
    for (const n of nodes) {
      const e = byId.get(n.id)!;
      const years = (now: number) => ((e.endDate && e.endDate.getTime() < now ? e.endDate.getTime() : now) - e.startDate.getTime()) / DAY / YEAR_DAYS;
      expect(Number.isInteger(Math.round(n.yearsReceived * 10 * 1000) / 1000)).toBe(true);
      expect(n.yearsReceived).toBeGreaterThanOrEqual(years(before) - 0.1 - 1e-9);
      expect(n.yearsReceived).toBeLessThanOrEqual(years(after) + 0.05 + 1e-9);
    }
  });

  it('exceeds the maximum duration only in PKH and BPNT, when benefit lasted longer than 5 years up to its end or today', async () => {
    const nodes = await allEnrollments();
    const now = new Date();
    const byId = new Map(regency.enrollments.map((e) => [e._id, e]));
    let exceeding = 0;
    let endedInTime = 0;
    for (const n of nodes) {
      const e = byId.get(n.id)!;
      if (e.programmeCode !== 'PKH' && e.programmeCode !== 'BPNT') {
        expect(n.exceedsMaxDuration).toBe(false);
        continue;
      }
      const end = e.endDate && e.endDate < now ? e.endDate : now;
      const limit = addYears(e.startDate, 5);
      // Within two days of the fifth anniversary the length of "a year" decides; the rule does not.
      if (Math.abs(end.getTime() - limit.getTime()) < 2 * DAY) continue;
      expect({ id: e._id, exceeds: n.exceedsMaxDuration }).toEqual({ id: e._id, exceeds: end > limit });
      if (end > limit) exceeding += 1;
      if (e.endDate && addYears(e.startDate, 5) < now && e.endDate < limit) endedInTime += 1;
    }
    // The generator starts enrolments up to 9 years back: both sides of the rule are exercised.
    expect(exceeding).toBeGreaterThan(0);
    expect(endedInTime).toBeGreaterThan(0);
  });
});

describe('enrollments', () => {
  const subject = (): PagingSubject => ({
    hub,
    list: ENROLLMENTS,
    variables: {},
    expectedIds: idsOf(regency.enrollments),
    emptyVariables: { filter: { startYear: 2010 } },
    foreignCursor: () => cursorFromList(hub, 'persons'),
  });
  itPagesLikeAConnection('all enrolments', subject);

  it('refuses a cursor taken from the persons list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('answers first: 0 on a non-empty list with hasNextPage true', () => expectFirstZeroHasNextPage(subject()));
});

describe('programme(code).enrollments(status)', () => {
  const list: PagedList = {
    query: `query($code: ProgrammeCode!, $status: EnrollmentStatus, $first: Int, $after: String) {
      programme(code: $code) { enrollments(status: $status, first: $first, after: $after) { ${PAGE_FIELDS} } } }`,
    connection: (data) => data.programme.enrollments,
  };
  itPagesLikeAConnection('active PBI_JK enrolments', () => ({
    hub,
    list,
    variables: { code: 'PBI_JK', status: 'ACTIVE' },
    expectedIds: idsOf(regency.enrollments.filter((e) => e.programmeCode === 'PBI_JK' && e.status === 'ACTIVE')),
    emptyVariables: { code: 'SEKOLAH_RAKYAT', status: 'GRADUATED' },
    foreignCursor: () => cursorFromList(hub, 'persons'),
  }));

  it('lists every status when none is given', async () => {
    const { ids } = await walkPages(hub, list, { code: 'PKH' }, 100);
    expect(ids).toEqual(idsOf(regency.enrollments.filter((e) => e.programmeCode === 'PKH')));
  });
});
