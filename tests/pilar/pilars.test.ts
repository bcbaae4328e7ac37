import type { PilarRecord } from '../../src/domain/records';
import { regionReference } from '../../src/reference/regions';
import {
  countBy,
  cursorFromList,
  expectBadInput,
  expectFirstZeroHasNextPage,
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

// The pilar do not depend on the number of families: the smallest regency holds all 272.
const regency = scenarioRegency('tiny');
const hub = useRegencyHub('tiny');

const PILARS: PagedList = {
  query: `query($filter: PilarFilter, $first: Int, $after: String) { pilars(filter: $filter, first: $first, after: $after) { ${PAGE_FIELDS} } }`,
  connection: (data) => data.pilars,
};

const KEBONSARI = '35.19.01';
const inKecamatan = (p: PilarRecord, code: string) => p.kecamatanCodes.includes(code) || p.desaCodes.some((d) => d.startsWith(`${code}.`));

describe('the 272 pilar sosial of docs/domain.md section 7', () => {
  it.each([
    ['PENDAMPING_PKH', 82],
    ['TKSK', 15],
    ['FASILITATOR_SLRT', 52],
    ['PENDAMPING_REHSOS', 6],
    ['PSM', 40],
    ['KARANG_TARUNA', 10],
  ])('counts %s as %i', async (role, count) => {
    const { body } = await hub.post('query($role: PilarRole) { pilars(filter: { role: $role }, first: 0) { totalCount } }', { role });
    expect(body.data.pilars.totalCount).toBe(count);
  });

  it('counts 67 Tagana and Pelopor Perdamaian together', async () => {
    const { body } = await hub.post('{ t: pilars(filter: { role: TAGANA }, first: 0) { totalCount } p: pilars(filter: { role: PELOPOR_PERDAMAIAN }, first: 0) { totalCount } }');
    expect(body.data.t.totalCount + body.data.p.totalCount).toBe(67);
  });

  it('lists 272 pilar in all, each with one role, and the roles add up to the total', async () => {
    const list: PagedList = {
      query:
        'query($first: Int, $after: String) { pilars(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id role } } } }',
      connection: (data) => data.pilars,
    };
    const { pages } = await walkPages(hub, list, {}, 100);
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node as unknown as { id: string; role: string }));
    expect(pages[0]!.totalCount).toBe(272);
    expect(nodes).toHaveLength(272);
    expect(countBy(nodes, (n) => n.role)).toEqual(countBy(regency.pilar, (p) => p.role));
  });
});

describe('pilar(id)', () => {
  const FIELDS = 'id fullName role active kecamatans { code name } desas { code name kecamatan { code } }';
  const names = new Map([...regionReference().kecamatans, ...regionReference().desas].map((r) => [r.code, r.name]));

  it('finds a pilar of every role by id, with the kecamatan or desa it is assigned', async () => {
    const oneOfEachRole = [...new Map(regency.pilar.map((p) => [p.role, p])).values()];
    expect(oneOfEachRole).toHaveLength(8);
    for (const p of oneOfEachRole) {
      const { body } = await hub.post(`query($id: ID!) { pilar(id: $id) { ${FIELDS} } }`, { id: p._id });
      expect(body.data.pilar).toEqual({
        id: p._id,
        fullName: p.fullName,
        role: p.role,
        active: p.active,
        kecamatans: p.kecamatanCodes.map((code) => ({ code, name: names.get(code) })),
        desas: p.desaCodes.map((code) => ({ code, name: names.get(code), kecamatan: { code: code.slice(0, 8) } })),
      });
    }
  });

  it('answers null for a well-formed id no pilar has', async () => {
    const { body } = await hub.post('{ pilar(id: "PL9999") { id } }');
    expect(body).toEqual({ data: { pilar: null } });
  });

  it.each(['PL1', 'P0000001', 'pl0001', 'PL00001'])('refuses the malformed pilar id %p with BAD_USER_INPUT naming id', async (id) => {
    const { body } = await hub.post('query($id: ID!) { pilar(id: $id) { id } }', { id });
    expect(body.data.pilar).toBeNull();
    expectBadInput(body, 'id');
  });
});

describe('pilars(filter)', () => {
  type Case = [string, Record<string, unknown>, (p: PilarRecord) => boolean];
  const psmDesa = regency.pilar.find((p) => p.role === 'PSM')!.desaCodes[0]!;
  const plain: Case[] = [
    ['role TKSK', { role: 'TKSK' }, (p) => p.role === 'TKSK'],
    ['role PENDAMPING_REHSOS (regency-wide)', { role: 'PENDAMPING_REHSOS' }, (p) => p.role === 'PENDAMPING_REHSOS'],
    [`desaCode ${psmDesa}`, { desaCode: psmDesa }, (p) => p.desaCodes.includes(psmDesa)],
    ['active true', { active: true }, (p) => p.active],
    ['active false', { active: false }, (p) => !p.active],
    ['role PSM in one desa, active', { role: 'PSM', desaCode: psmDesa, active: true }, (p) => p.role === 'PSM' && p.desaCodes.includes(psmDesa) && p.active],
  ];
  // Assigned to the kecamatan itself (TKSK, Tagana, SLRT) or to one of its desa (Pendamping PKH, PSM, Karang Taruna).
  const byKecamatan: Case[] = [
    ['kecamatanCode Kebonsari (directly or through its desa)', { kecamatanCode: KEBONSARI }, (p) => inKecamatan(p, KEBONSARI)],
    [
      'role PENDAMPING_PKH in Kebonsari (assigned through desa only)',
      { role: 'PENDAMPING_PKH', kecamatanCode: KEBONSARI },
      (p) => p.role === 'PENDAMPING_PKH' && inKecamatan(p, KEBONSARI),
    ],
    [
      'every condition at once',
      { role: 'PSM', kecamatanCode: psmDesa.slice(0, 8), desaCode: psmDesa, active: true },
      (p) => p.role === 'PSM' && p.desaCodes.includes(psmDesa) && p.active,
    ],
  ];

  it('has the generated pilar to filter: inactive ones, and each case keeps some', () => {
    for (const [name, , keep] of [...plain, ...byKecamatan]) expect({ name, some: regency.pilar.some(keep) }).toEqual({ name, some: true });
  });

  async function expectFilter(filter: Record<string, unknown>, keep: (p: PilarRecord) => boolean): Promise<void> {
    const expected = idsOf(regency.pilar.filter(keep));
    const { ids, pages } = await walkPages(hub, PILARS, { filter }, 100);
    expect(ids).toEqual(expected);
    expect(pages[0]!.totalCount).toBe(expected.length);
  }

  it.each(plain)('%s answers exactly the pilar the generated roster holds for it', (_name, filter, keep) => expectFilter(filter, keep));

  it.each(byKecamatan)('%s answers exactly the pilar the generated roster holds for it', (_name, filter, keep) => expectFilter(filter, keep));

  it.each([
    [{ kecamatanCode: '35.19.99' }, 'filter.kecamatanCode', 'does not exist'],
    [{ desaCode: '35.19.01.2999' }, 'filter.desaCode', 'does not exist'],
    [{ desaCode: '35.19.01' }, 'filter.desaCode', 'is not a desa code'],
  ])('refuses the filter %j with BAD_USER_INPUT naming %s', async (filter, argument, why) => {
    const { body } = await hub.post(PILARS.query, { filter, first: 10 });
    expect(expectBadInput(body, argument).message).toContain(why);
  });

  it('refuses a role the schema does not know with BAD_USER_INPUT', async () => {
    const { body } = await hub.post(PILARS.query, { filter: { role: 'LURAH' }, first: 10 });
    expectBadInput(body);
  });
});

describe('pilars', () => {
  const subject = (): PagingSubject => ({
    hub,
    list: PILARS,
    variables: {},
    expectedIds: idsOf(regency.pilar),
    emptyVariables: { filter: { role: 'PENDAMPING_REHSOS', desaCode: '35.19.01.2001' } },
    foreignCursor: () => cursorFromList(hub, 'trainings'),
  });
  itPagesLikeAConnection('all pilar', subject);

  it('refuses a cursor taken from the trainings list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('answers first: 0 on a non-empty list with hasNextPage true', () => expectFirstZeroHasNextPage(subject()));
});
