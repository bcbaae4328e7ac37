import type { Regency } from '../../seeds/regency';
import { regionReference } from '../../src/reference/regions';
import { completedYears, countBy, expectBadInput, scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

/*
 * Issue 13 item 5: breakdowns of persons, households and enrolments in one request, scoped, governed per
 * dimension, with small cells suppressed so that no hidden cell comes back by subtraction; and a training's places
 * left for those who may register participants.
 */

/**
 * One kecamatan reshaped so that exactly one of its desa is small: all its families in two desa, three of them in
 * the second. Primary suppression alone would hide that desa only, and the kecamatan's count would give it back.
 */
function oneSmallDesa(r: Regency): Regency {
  const kec = r.households[0]!.kecamatanCode;
  const desas = regionReference()
    .desas.filter((d) => d.kecamatanCode === kec)
    .map((d) => d.code);
  const own = r.households.filter((h) => h.kecamatanCode === kec).map((h) => h._id);
  const desaOf = new Map(own.map((id, i) => [id, i < 3 ? desas[1]! : desas[0]!]));
  const move = <T extends { desaCode: string }>(x: T, householdId: string | null): T => (householdId && desaOf.has(householdId) ? { ...x, desaCode: desaOf.get(householdId)! } : x);
  return {
    ...r,
    households: r.households.map((h) => move(h, h._id)),
    persons: r.persons.map((p) => move(p, p.householdId)),
    enrollments: r.enrollments.map((e) => move(e, e.householdId)),
  };
}

const regency = scenarioRegency('small', oneSmallDesa);
const hub = useRegencyHub('small', { reshape: oneSmallDesa });

const BREAKDOWN = `query($subject: BreakdownSubject!, $by: [BreakdownDimension!]!, $filter: BreakdownFilter) {
  breakdown(subject: $subject, by: $by, filter: $filter) { subject total totalSuppressed tables { by cells { key count suppressed } } } }`;

interface Cell {
  key: string;
  count: number | null;
  suppressed: boolean;
}
interface Table {
  by: string;
  cells: Cell[];
}

const now = new Date();
const band = (age: number) => (age < 15 ? 'CHILD' : age <= 30 ? 'YOUTH' : age < 60 ? 'ADULT' : 'ELDER');
const desilOf = new Map(regency.households.map((h) => [h._id, h.desil ?? null]));
const KEC = regency.persons[0]!.kecamatanCode;

/** The counts as the regency holds them (written out here, not borrowed from the hub). */
function rawPersons(persons: typeof regency.persons): Record<string, Record<string, number>> {
  return {
    DESA: countBy(persons, (p) => p.desaCode),
    DESIL: countBy(persons, (p) => String((p.householdId ? desilOf.get(p.householdId) : null) ?? 'UNRANKED')),
    AGE_GROUP: countBy(persons, (p) => band(completedYears(p.birthDate, now))),
    SEX: countBy(persons, (p) => p.sex),
  };
}

/** What a reader of one answer can work out: a table whose hidden cells are exactly one gives it back as total - shown. */
function recoverable(total: number | null, table: Table): string[] {
  if (total === null) return [];
  const hidden = table.cells.filter((c) => c.suppressed);
  if (hidden.length !== 1) return [];
  const shown = table.cells.reduce((s, c) => s + (c.count ?? 0), 0);
  return [`${table.by}:${hidden[0]!.key}=${total - shown}`];
}

describe('breakdown', () => {
  it('people of a kecamatan by desa, desil, age group and sex in one request: exact where shown, 1-4 always hidden', async () => {
    const { body } = await hub.post(BREAKDOWN, { subject: 'PERSONS', by: ['DESA', 'DESIL', 'AGE_GROUP', 'SEX'], filter: { kecamatanCode: KEC } });
    expect(body.errors).toBeUndefined();
    const inKec = regency.persons.filter((p) => p.kecamatanCode === KEC);
    const raw = rawPersons(inKec);
    expect(body.data.breakdown.total).toBe(inKec.length);
    for (const table of body.data.breakdown.tables as Table[]) {
      const expected = raw[table.by]!;
      expect(table.cells.map((c) => c.key).sort()).toEqual(Object.keys(expected).sort());
      for (const c of table.cells) {
        const n = expected[c.key]!;
        if (n < 5) expect(c).toEqual({ key: c.key, count: null, suppressed: true });
        if (!c.suppressed) expect(c.count).toBe(n);
      }
    }
  });

  it('no hidden cell can be recovered by subtraction: not from the total, not from another table of the same request', async () => {
    // The whole regency by desa has many small desa; desil and sex tables give other partitions of the same total.
    for (const subject of ['PERSONS', 'HOUSEHOLDS'] as const) {
      const by = subject === 'PERSONS' ? ['DESA', 'DESIL', 'AGE_GROUP', 'SEX'] : ['DESA', 'DESIL'];
      const { body } = await hub.post(BREAKDOWN, { subject, by });
      expect(body.errors).toBeUndefined();
      const b = body.data.breakdown;
      const tables = b.tables as Table[];
      expect(tables.flatMap((t) => t.cells).some((c) => c.suppressed)).toBe(true);
      // From the total: every table whose cells partition it.
      expect(tables.flatMap((t) => recoverable(b.total, t))).toEqual([]);
      // From another table: the total is the sum of any fully shown table, so a table with one hidden cell would fall to it.
      for (const other of tables.filter((t) => t.cells.every((c) => !c.suppressed))) {
        const sum = other.cells.reduce((s, c) => s + c.count!, 0);
        expect(tables.flatMap((t) => recoverable(sum, t))).toEqual([]);
      }
    }
  });

  it('statistics suppress the same way: a hidden desa never comes back as its kecamatan cell less the other desa', async () => {
    // A role without household rows sees whole-regency statistics, suppressed.
    const rehsos = { role: 'PENDAMPING_REHSOS' as const };
    const kecs = (await hub.postAs(rehsos, '{ statistics { kecamatan { code } households persons } }')).body.data.statistics;
    const desas = (await hub.postAs(rehsos, '{ statistics(level: DESA) { kecamatan { code } desa { code } households persons suppressed } }')).body.data.statistics;
    let hiddenSeen = 0;
    const recovered: string[] = [];
    for (const measure of ['households', 'persons'] as const) {
      for (const k of kecs) {
        const own = desas.filter((d: any) => d.kecamatan.code === k.kecamatan.code);
        const hidden = own.filter((d: any) => d[measure] === null);
        hiddenSeen += hidden.length;
        if (k[measure] !== null && hidden.length === 1)
          recovered.push(`${measure} ${hidden[0].desa.code} = ${k[measure] - own.reduce((s: number, d: any) => s + (d[measure] ?? 0), 0)}`);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(0);
    expect(recovered).toEqual([]);
    // One kecamatan asked for alone is suppressed exactly as in the list of all of them.
    for (const k of kecs.slice(0, 3)) {
      const alone = (await hub.postAs(rehsos, `{ statistics(kecamatanCode: "${k.kecamatan.code}") { households persons } }`)).body.data.statistics;
      expect(alone).toEqual([{ households: k.households, persons: k.persons }]);
    }
  });

  it('enrolments by programme and status, and households by programme', async () => {
    const { body } = await hub.post(BREAKDOWN, { subject: 'ENROLLMENTS', by: ['PROGRAMME', 'STATUS'] });
    expect(body.errors).toBeUndefined();
    expect(body.data.breakdown.total).toBe(regency.enrollments.length);
    const byProgramme = countBy(regency.enrollments, (e) => e.programmeCode);
    for (const c of body.data.breakdown.tables[0].cells as Cell[]) if (!c.suppressed) expect(c.count).toBe(byProgramme[c.key]);
    const byStatus = countBy(regency.enrollments, (e) => e.status);
    for (const c of body.data.breakdown.tables[1].cells as Cell[]) if (!c.suppressed) expect(c.count).toBe(byStatus[c.key]);

    const households = await hub.post(BREAKDOWN, { subject: 'HOUSEHOLDS', by: ['PROGRAMME'] });
    expect(households.body.errors).toBeUndefined();
    const activeIn = (code: string) => new Set(regency.enrollments.filter((e) => e.status === 'ACTIVE' && e.programmeCode === code).map((e) => e.householdId)).size;
    for (const c of households.body.data.breakdown.tables[0].cells as Cell[]) if (!c.suppressed) expect(c.count).toBe(activeIn(c.key));
  });

  it('follows the viewer rows: a TKSK counts its own kecamatan only', async () => {
    const { body } = await hub.postAs({ role: 'TKSK', kecamatan: [KEC] }, BREAKDOWN, { subject: 'HOUSEHOLDS', by: ['DESA', 'DESIL'] });
    expect(body.errors).toBeUndefined();
    expect(body.data.breakdown.total).toBe(regency.households.filter((h) => h.kecamatanCode === KEC).length);
    expect(body.data.breakdown.tables[0].cells.every((c: Cell) => c.key.startsWith(KEC))).toBe(true);
  });

  it('a small total hides the whole breakdown', async () => {
    const perDesa = countBy(regency.persons, (p) => p.desaCode);
    const small = Object.entries(perDesa).find(([, n]) => n > 0 && n < 5);
    expect(small).toBeDefined();
    const { body } = await hub.postAs({ role: 'PSM', desa: [small![0]] }, BREAKDOWN, { subject: 'PERSONS', by: ['SEX', 'DESA'] });
    expect(body.errors).toBeUndefined();
    expect(body.data.breakdown).toMatchObject({ total: null, totalSuppressed: true });
    expect(body.data.breakdown.tables.flatMap((t: Table) => t.cells).every((c: Cell) => c.suppressed && c.count === null)).toBe(true);
  });

  it('each dimension needs the field it counts by: a PSM may not break down by desil nor count enrolments; anonymous callers sign in', async () => {
    const psm = { role: 'PSM' as const, desa: [regency.persons[0]!.desaCode] };
    const desil = await hub.postAs(psm, BREAKDOWN, { subject: 'PERSONS', by: ['SEX', 'DESIL'] });
    expect(desil.body.data).toBeNull();
    expect(desil.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'by' });
    expect(desil.body.errors[0].message).toContain('Household.desil');
    const enrolments = await hub.postAs(psm, BREAKDOWN, { subject: 'ENROLLMENTS', by: ['DESA'] });
    expect(enrolments.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'subject' });
    const rehsosDesil = await hub.postAs({ role: 'PENDAMPING_REHSOS' }, BREAKDOWN, { subject: 'HOUSEHOLDS', by: ['DESIL'] });
    expect(rehsosDesil.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'by' });
    const anonymous = await hub.post(BREAKDOWN, { subject: 'PERSONS', by: ['DESA'] }, { authorization: '' });
    expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', argument: 'by' });
    const tksk = await hub.postAs({ role: 'TKSK', kecamatan: [KEC] }, BREAKDOWN, { subject: 'PERSONS', by: ['DESIL', 'AGE_GROUP'] });
    expect(tksk.body.errors).toBeUndefined();
  });

  it('a dimension that does not apply to the subject, or one asked twice, is BAD_USER_INPUT', async () => {
    expectBadInput((await hub.post(BREAKDOWN, { subject: 'HOUSEHOLDS', by: ['SEX'] })).body, 'by');
    expectBadInput((await hub.post(BREAKDOWN, { subject: 'PERSONS', by: ['STATUS'] })).body, 'by');
    expectBadInput((await hub.post(BREAKDOWN, { subject: 'PERSONS', by: ['SEX', 'SEX'] })).body, 'by');
    expectBadInput((await hub.post(BREAKDOWN, { subject: 'PERSONS', by: ['SEX'], filter: { kecamatanCode: '35.19.99' } })).body, 'filter.kecamatanCode');
  });

  it('is priced like the aggregations it runs: one fits the cost limit, two aliased do not', async () => {
    const one = await hub.post('{ breakdown(subject: PERSONS, by: [SEX]) { total } }');
    expect(one.status).toBe(200);
    const two = await hub.post('{ a: breakdown(subject: PERSONS, by: [SEX]) { total } b: breakdown(subject: HOUSEHOLDS, by: [DESA]) { total } }');
    expect(two.status).toBe(400);
    expect(two.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });
});

describe('training places left', () => {
  const QUERY = 'query($id: ID!) { training(id: $id) { quota placesLeft participants(first: 100) { edges { node { id } } } } }';
  const taken = (id: string) => regency.participations.filter((p) => p.trainingId === id && p.status !== 'DROPPED').length;
  const personDesa = new Map(regency.persons.map((p) => [p._id, p.desaCode]));
  // A training with participants from more than one desa: a PSM of one sees places taken by the others, not who took them.
  const training = regency.trainings.find((t) => new Set(regency.participations.filter((p) => p.trainingId === t._id).map((p) => personDesa.get(p.personId))).size > 1)!;

  it('registrars see the quota less every registration not dropped, including those of people they may not see', async () => {
    expect(training).toBeDefined();
    const desa = personDesa.get(regency.participations.find((p) => p.trainingId === training._id)!.personId)!;
    const expected = Math.max(0, training.quota - taken(training._id));
    for (const claims of [{ role: 'ADMIN' as const }, { role: 'OPERATOR' as const }, { role: 'PSM' as const, desa: [desa] }, { role: 'KARANG_TARUNA' as const, desa: [desa] }]) {
      const { body } = await hub.postAs(claims, QUERY, { id: training._id });
      expect([claims.role, body.errors]).toEqual([claims.role, undefined]);
      expect([claims.role, body.data.training.placesLeft]).toEqual([claims.role, expected]);
    }
    // The PSM sees the number, not the people of other desa behind it.
    const psm = await hub.postAs({ role: 'PSM', desa: [desa] }, QUERY, { id: training._id });
    const visible = psm.body.data.training.participants.edges.length;
    expect(visible).toBeLessThan(taken(training._id) + regency.participations.filter((p) => p.trainingId === training._id && p.status === 'DROPPED').length);
  });

  it('roles that may not register participants, and partner keys, are FORBIDDEN it', async () => {
    for (const claims of [
      { role: 'TKSK' as const, kecamatan: [KEC] },
      { role: 'PENDAMPING_PKH' as const, desa: [regency.persons[0]!.desaCode] },
    ]) {
      const { body } = await hub.postAs(claims, '{ trainings(first: 1) { edges { node { quota placesLeft } } } }');
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0].message).toContain('Training.placesLeft');
    }
  });
});
