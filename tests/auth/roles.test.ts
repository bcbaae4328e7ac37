import type { Regency } from '../../seeds/regency';
import type { PersonRecord } from '../../src/domain/records';
import { authRegency, errorsByPath, isYouth, mask, pkhHouseholds } from './fixture';
import { useRegencyHub } from '../helpers/useHub';

/*
 * docs/domain.md section 5, written out again here on purpose (not read from
 * src/auth/matrix.ts), so that a wrong cell in the matrix fails a test.
 */
type Cell = 'F' | 'M' | 'f' | '-';
const GROUPS = ['BASIC', 'NUMBERS', 'BIRTH', 'CONTACT', 'WELFARE', 'PROGRAMME', 'HEALTH', 'CIVIL', 'TRAINING'] as const;
const TABLE: Record<string, string> = {
  ADMIN: 'F F F F F F F F F',
  OPERATOR: 'F F F F F F F F F',
  PENDAMPING_PKH: 'F F F F F F F F F',
  TKSK: 'F M F - F F f F F',
  FASILITATOR_SLRT: 'F F F F F F F F F',
  PENDAMPING_REHSOS: 'F M F F - F F F -',
  TAGANA: 'F - f F - - f F -',
  PELOPOR_PERDAMAIAN: 'F - f F - - f F -',
  PSM: 'F M f - - f - F F',
  KARANG_TARUNA: 'F - f - - - - - F',
};
const access = (role: string, group: (typeof GROUPS)[number]): Cell => TABLE[role]!.split(' ')[GROUPS.indexOf(group)] as Cell;

/** Each person field, its group, and whether it is the group's flag. */
const FIELDS: [string, (typeof GROUPS)[number], 'detail' | 'flag' | 'number'][] = [
  ['fullName', 'BASIC', 'detail'],
  ['nik', 'NUMBERS', 'number'],
  ['birthDate', 'BIRTH', 'detail'],
  ['ageGroup', 'BIRTH', 'flag'],
  ['phone', 'CONTACT', 'detail'],
  ['occupation', 'WELFARE', 'detail'],
  ['receivesAid', 'PROGRAMME', 'flag'],
  ['enrollments { id }', 'PROGRAMME', 'detail'],
  ['hasDisability', 'HEALTH', 'flag'],
  ['disability { type }', 'HEALTH', 'detail'],
  ['isDeceased', 'CIVIL', 'detail'],
  ['trainings { id }', 'TRAINING', 'detail'],
];

const PERSON_QUERY = `query($id: ID!) { personById(id: $id) { id ${FIELDS.map((f) => f[0]).join(' ')} } }`;

const hub = useRegencyHub('small');
const regency = authRegency();
const now = new Date();

interface Case {
  role: string;
  claims: Record<string, string[]>;
  /** Rows the role may see, computed from the generated records. */
  sees: (p: PersonRecord) => boolean;
}

function cases(r: Regency): Case[] {
  const desa = r.households[0]!.desaCode;
  const kec = r.households[0]!.kecamatanCode;
  const pkh = pkhHouseholds(r);
  const pkhDesa = r.households.find((h) => pkh.has(h._id))!.desaCode;
  const youthDesa = r.persons.find((p) => isYouth(p, now))!.desaCode;
  return [
    { role: 'ADMIN', claims: {}, sees: () => true },
    { role: 'OPERATOR', claims: {}, sees: () => true },
    { role: 'PENDAMPING_PKH', claims: { desa: [pkhDesa] }, sees: (p) => p.desaCode === pkhDesa && pkh.has(p.householdId!) },
    { role: 'TKSK', claims: { kecamatan: [kec] }, sees: (p) => p.kecamatanCode === kec },
    { role: 'FASILITATOR_SLRT', claims: { kecamatan: [kec] }, sees: (p) => p.kecamatanCode === kec },
    { role: 'PENDAMPING_REHSOS', claims: {}, sees: (p) => p.disability !== null },
    { role: 'TAGANA', claims: { kecamatan: [kec] }, sees: (p) => p.kecamatanCode === kec },
    { role: 'PELOPOR_PERDAMAIAN', claims: { kecamatan: [kec] }, sees: (p) => p.kecamatanCode === kec },
    { role: 'PSM', claims: { desa: [desa] }, sees: (p) => p.desaCode === desa },
    { role: 'KARANG_TARUNA', claims: { desa: [youthDesa] }, sees: (p) => p.desaCode === youthDesa && isYouth(p, now) },
  ];
}

describe.each(cases(require('./fixture').authRegency()).map((c) => [c.role, c] as const))('a %s', (_role, c) => {
  const as = (query: string, variables?: Record<string, unknown>) => hub.postAs({ role: c.role as never, ...c.claims }, query, variables);

  it('reads each field group of a person in scope exactly as docs/domain.md section 5 says', async () => {
    const person = regency.persons.find((p) => c.sees(p) && p.disability !== null) ?? regency.persons.find(c.sees)!;
    const { status, body } = await as(PERSON_QUERY, { id: person._id });
    expect(status).toBe(200);
    const node = body.data.personById;
    expect(node.id).toBe(person._id);
    const errors = errorsByPath(body);
    for (const [field, group, kind] of FIELDS) {
      const name = field.split(' ')[0]!;
      const cell = access(c.role, group);
      const allowed = cell === 'F' || cell === 'M' || (cell === 'f' && kind === 'flag');
      if (!allowed) {
        expect([name, node[name], errors.get(`personById.${name}`)]).toEqual([name, null, 'FORBIDDEN']);
        continue;
      }
      expect([name, errors.get(`personById.${name}`)]).toEqual([name, undefined]);
      if (name === 'nik') expect(node.nik).toBe(cell === 'M' ? mask(hub, `user:test-${c.role.toLowerCase()}`, 'NIK', person.nik) : person.nik);
      if (name === 'fullName') expect(node.fullName).toBe(person.fullName);
      if (name === 'birthDate') expect(node.birthDate).toBe(person.birthDate.toISOString().slice(0, 10));
      if (name === 'phone') expect(node.phone).toBe(person.phone);
      if (name === 'hasDisability') expect(node.hasDisability).toBe(person.disability !== null);
      if (name === 'disability') expect(node.disability).toEqual(person.disability ? { type: person.disability.type } : null);
    }
  });

  it('does not find a person outside its scope: null, no error', async () => {
    const outside = regency.persons.find((p) => !c.sees(p));
    if (!outside) return expect(c.role).toMatch(/ADMIN|OPERATOR/);
    // Only a role that reads NIKs in full may look one up (tests/auth/arguments.test.ts).
    const byNik = access(c.role, 'NUMBERS') === 'F' ? ' person(nik: "' + outside.nik + '") { id }' : '';
    const { body } = await as('query($id: ID!) { personById(id: $id) { id }' + byNik + ' }', { id: outside._id });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(byNik ? { personById: null, person: null } : { personById: null });
  });

  it('counts only the people in its scope', async () => {
    const { body } = await as('{ persons(first: 100) { totalCount edges { node { id } } } }');
    const expected = regency.persons
      .filter(c.sees)
      .map((p) => p._id)
      .sort();
    expect(body.data.persons.totalCount).toBe(expected.length);
    expect(body.data.persons.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.slice(0, 100));
  });
});

describe('nested paths keep the scope', () => {
  it('a PSM sees a household of its desa with every member, and KK masked', async () => {
    const h = regency.households[0]!;
    const { body } = await hub.postAs({ role: 'PSM', desa: [h.desaCode] }, 'query($id: ID!) { household(id: $id) { kkNumber members { id nik } desil } }', { id: h._id });
    const members = regency.persons.filter((p) => p.householdId === h._id);
    expect(body.data.household.kkNumber).toBe(mask(hub, 'user:test-psm', 'KK', h.kkNumber));
    expect(body.data.household.members.map((m: { id: string }) => m.id).sort()).toEqual(members.map((m) => m._id).sort());
    expect(body.data.household.members.map((m: { id: string; nik: string }) => m.nik)).toEqual(
      body.data.household.members.map((m: { id: string }) => mask(hub, 'user:test-psm', 'NIK', members.find((p) => p._id === m.id)!.nik)),
    );
    expect(body.data.household.desil).toBeNull();
    expect(errorsByPath(body).get('household.desil')).toBe('FORBIDDEN');
  });

  it('a viewer who reads KK numbers masked reads the KK history masked, without the issue dates the numbers carry', async () => {
    const h = regency.households.find((x) => x.kkHistory.length > 1) ?? regency.households[0]!;
    const query = 'query($id: ID!) { household(id: $id) { kkHistory { kkNumber from to } } }';
    for (const role of ['PSM', 'TKSK'] as const) {
      const viewer = { role, desa: [h.desaCode], kecamatan: [h.kecamatanCode] };
      const { body } = await hub.postAs(viewer, query, { id: h._id });
      // The dates are digits 7 to 12 of the numbers the mask hides: refused, naming the field.
      expect(errorsByPath(body).get('household.kkHistory.0.from')).toBe('FORBIDDEN');
      expect(JSON.stringify(body)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      const tags = await hub.postAs(viewer, 'query($id: ID!) { household(id: $id) { kkHistory { kkNumber } } }', { id: h._id });
      expect(tags.body.errors).toBeUndefined();
      expect(tags.body.data.household.kkHistory).toHaveLength(h.kkHistory.length);
      expect(tags.body.data.household.kkHistory.every((e: { kkNumber: string }) => /^KK-/.test(e.kkNumber))).toBe(true);
    }
    const { body } = await hub.postAs({ role: 'OPERATOR' }, query, { id: h._id });
    expect(body.errors).toBeUndefined();
    expect(body.data.household.kkHistory.map((e: { from: string }) => e.from).sort()).toEqual(h.kkHistory.map((e) => e.from.toISOString().slice(0, 10)).sort());
  });

  it('a Karang Taruna member sees no household rows, only youth, even through a training', async () => {
    const t = regency.trainings.find((tr) => regency.participations.some((tp) => tp.trainingId === tr._id))!;
    const desa = regency.persons.find((p) => regency.participations.some((tp) => tp.trainingId === t._id && tp.personId === p._id))!.desaCode;
    const youth = new Set(regency.persons.filter((p) => p.desaCode === desa && isYouth(p, now)).map((p) => p._id));
    const expected = regency.participations
      .filter((tp) => tp.trainingId === t._id && youth.has(tp.personId))
      .map((tp) => tp.personId)
      .sort();
    const { body } = await hub.postAs(
      { role: 'KARANG_TARUNA', desa: [desa] },
      'query($id: ID!) { training(id: $id) { participantCount participants(first: 100) { totalCount edges { node { person { id household { id } } } } } } }',
      { id: t._id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.training.participantCount).toBe(expected.length);
    expect(body.data.training.participants.totalCount).toBe(expected.length);
    const people = body.data.training.participants.edges.map((e: { node: { person: { id: string; household: unknown } } }) => e.node.person);
    expect(people.map((p: { id: string }) => p.id).sort()).toEqual(expected);
    expect(people.every((p: { household: unknown }) => p.household === null)).toBe(true);
  });

  it('a Karang Taruna member walking a training’s participants two at a time meets exactly the youth, none hidden between pages', async () => {
    const now = new Date();
    // The training with the most participants hidden from a Karang Taruna of its participants' desas (the older
    // ones), so that pages must skip over them.
    const best = regency.trainings
      .map((t) => {
        const tps = regency.participations.filter((tp) => tp.trainingId === t._id);
        const people = tps.map((tp) => regency.persons.find((p) => p._id === tp.personId)!);
        const youth = tps.filter((_tp, i) => isYouth(people[i]!, now));
        return { t, desas: [...new Set(people.map((p) => p.desaCode))], expected: youth.map((tp) => tp._id).sort(), hidden: tps.length - youth.length };
      })
      .filter((x) => x.expected.length >= 3)
      .sort((a, b) => b.hidden - a.hidden)[0]!;
    expect(best.hidden).toBeGreaterThan(0);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const { body } = await hub.postAs(
        { role: 'KARANG_TARUNA', desa: best.desas },
        'query($id: ID!, $after: String) { training(id: $id) { participants(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }',
        { id: best.t._id, after },
      );
      expect(body.errors).toBeUndefined();
      const page = body.data.training.participants;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(page.edges.length).toBe(page.pageInfo.hasNextPage ? 2 : page.edges.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(best.expected);
  });

  it('a TKSK of one kecamatan counts only its own households, and statistics follow the same scope', async () => {
    const kec = regency.households[0]!.kecamatanCode;
    const { body } = await hub.postAs({ role: 'TKSK', kecamatan: [kec] }, '{ households(first: 0) { totalCount } statistics { kecamatan { code } households persons } }');
    const own = regency.households.filter((h) => h.kecamatanCode === kec).length;
    expect(body.data.households.totalCount).toBe(own);
    for (const cell of body.data.statistics) {
      expect(cell.households).toBe(cell.kecamatan.code === kec ? own : 0);
    }
  });

  it('a pilar of a role without rows of a kind sees the statistics of that kind with small cells suppressed', async () => {
    const { body } = await hub.postAs({ role: 'PENDAMPING_REHSOS' }, '{ statistics(level: DESA) { kecamatan { code } desa { code } households persons } }');
    const perDesa = new Map<string, number>();
    for (const h of regency.households) perDesa.set(h.desaCode, (perDesa.get(h.desaCode) ?? 0) + 1);
    const hiddenPerKecamatan = new Map<string, number>();
    for (const cell of body.data.statistics) {
      const n = perDesa.get(cell.desa.code) ?? 0;
      // 1 to 4 hidden; a larger one hidden only with them (complementary suppression, tests/region/breakdown.test.ts).
      if (n > 0 && n < 5) expect(cell.households).toBeNull();
      else if (cell.households !== null) expect(cell.households).toBe(n);
      if (cell.households === null) hiddenPerKecamatan.set(cell.kecamatan.code, (hiddenPerKecamatan.get(cell.kecamatan.code) ?? 0) + 1);
    }
    expect([...hiddenPerKecamatan.values()].filter((n) => n === 1)).toEqual([]);
  });
});
