import type { Regency } from '../../seeds/regency';
import { regionReference } from '../../src/reference/regions';
import {
  countBy,
  cursorFromList,
  expectBadInput,
  expectForeignCursorRefused,
  idsOf,
  itPagesLikeAConnection,
  PAGE_FIELDS,
  scenarioRegency,
  walkPages,
  type PagedList,
  type PagingSubject,
} from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

const KEBONSARI = '35.19.01';
/** Where every family of Kebonsari lives in this spec; the other desa of Kebonsari are left empty. */
const GATHERED = '35.19.01.2001';

/**
 * A desa of the generated regency holds one or two families, too few to page
 * through: this spec moves every family of Kebonsari (with its members and
 * enrolments) into one desa, which leaves the other desa of Kebonsari empty.
 */
function gatherKebonsari(r: Regency): Regency {
  const moved = new Set(r.households.filter((h) => h.kecamatanCode === KEBONSARI).map((h) => h._id));
  const move = <T extends { desaCode: string }>(x: T, householdId: string | null): T => (householdId && moved.has(householdId) ? { ...x, desaCode: GATHERED } : x);
  return {
    ...r,
    households: r.households.map((h) => move(h, h._id)),
    persons: r.persons.map((p) => move(p, p.householdId)),
    enrollments: r.enrollments.map((e) => move(e, e.householdId)),
  };
}

const regency = scenarioRegency('small', gatherKebonsari);
const hub = useRegencyHub('small', { reshape: gatherKebonsari });

const perDesa = countBy(regency.households, (h) => h.desaCode);
const EMPTIED = regionReference().desas.find((d) => d.kecamatanCode === KEBONSARI && d.code !== GATHERED)!.code;

const DESA_HOUSEHOLDS: PagedList = {
  query: `query($code: String!, $first: Int, $after: String) { desa(code: $code) { households(first: $first, after: $after) { ${PAGE_FIELDS} } } }`,
  connection: (data) => data.desa.households,
};

describe('Desa.households', () => {
  it('has the regency to page through: one desa holds every family of Kebonsari, another none', () => {
    expect(perDesa[GATHERED]).toBeGreaterThan(10);
    expect(perDesa[EMPTIED]).toBeUndefined();
  });

  it('lists the families of a desa, each living there', async () => {
    const { body } = await hub.post('query($code: String!) { desa(code: $code) { households(first: 100) { totalCount edges { node { id desa { code } } } } } }', {
      code: GATHERED,
    });
    const expected = idsOf(regency.households.filter((h) => h.desaCode === GATHERED));
    expect(body.data.desa.households.totalCount).toBe(expected.length);
    expect(body.data.desa.households.edges.map((e: any) => e.node)).toEqual(expected.map((id) => ({ id, desa: { code: GATHERED } })));
  });

  it.each([KEBONSARI, '35.19.02'])('counts the families of every desa of kecamatan %s as the regency holds them, in three aggregations (statistics)', async (code) => {
    const { body } = await hub.post('query($code: String!) { statistics(level: DESA, kecamatanCode: $code) { desa { code } households } }', { code });
    expect(body.errors).toBeUndefined();
    const counts = body.data.statistics.map((c: any) => [c.desa.code, c.households]);
    const expected = regionReference()
      .desas.filter((d) => d.kecamatanCode === code)
      .map((d) => [d.code, perDesa[d.code] ?? 0]);
    expect(counts).toEqual(expected);
  });

  it('refuses a count per desa of a whole kecamatan before running it: a page read and a count for each of up to 19 desa', async () => {
    const { status, body } = await hub.post('query($code: String!) { kecamatan(code: $code) { desas { code households(first: 0) { totalCount } } } }', { code: KEBONSARI });
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });

  it('answers a desa where nobody lives with no edges, null cursors and totalCount 0', async () => {
    const { body } = await hub.post(DESA_HOUSEHOLDS.query, { code: EMPTIED, first: 10 });
    expect(body.errors).toBeUndefined();
    expect(body.data.desa.households).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('pages the same families as households(filter: { desaCode })', async () => {
    const households: PagedList = {
      query: `query($code: String!, $first: Int, $after: String) { households(filter: { desaCode: $code }, first: $first, after: $after) { ${PAGE_FIELDS} } }`,
      connection: (data) => data.households,
    };
    const viaDesa = await walkPages(hub, DESA_HOUSEHOLDS, { code: GATHERED }, 4);
    const viaFilter = await walkPages(hub, households, { code: GATHERED }, 4);
    expect(viaDesa.ids).toEqual(viaFilter.ids);
    expect(viaDesa.pages.map((p) => p.edges.map((e) => e.cursor))).toEqual(viaFilter.pages.map((p) => p.edges.map((e) => e.cursor)));
  });

  const subject = (): PagingSubject => ({
    hub,
    list: DESA_HOUSEHOLDS,
    variables: { code: GATHERED },
    expectedIds: idsOf(regency.households.filter((h) => h.desaCode === GATHERED)),
    emptyVariables: { code: EMPTIED },
    foreignCursor: () => cursorFromList(hub, 'persons'),
  });
  itPagesLikeAConnection('the families of the desa holding all of Kebonsari', subject);

  it('refuses a cursor taken from the persons list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('refuses first over 100 for the households of every desa at once', async () => {
    const { body } = await hub.post('{ kecamatan(code: "35.19.01") { desas { households(first: 101) { totalCount } } } }');
    expectBadInput(body, 'first');
  });
});
