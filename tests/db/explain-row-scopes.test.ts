import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';
import { findsOf, planOf, onEmbeddedEngine } from '../helpers/explain';

/*
 * Issue 12: no lookup and no row scope reads a whole collection on the embedded engine. Each role
 * asks for its lists as an API user would; the finds the hub sends (the role's row scope, as
 * rowFilter builds it, with the list's own filter and order) are captured and explained as sent:
 * SQLite must search an index, never scan the table. The kabupaten-wide scope of a
 * PENDAMPING_REHSOS (`disability: {$ne: null}`) and the lookup by a KK number held now or before
 * (`kkHistory.kkNumber`, a path into an array of documents) were table scans before
 * src/db/engine-patches/ items 20 and 21. Skipped on a MongoDB server.
 */

const regency = scenarioRegency('small');
let embedded = false;
const hub = useRegencyHub('small', {
  then: async () => {
    embedded = await onEmbeddedEngine();
  },
});

/** A plan line that reads the whole table: `SCAN <table>` without an index. */
const TABLE_SCAN = /SCAN [a-zA-Z]+_[0-9a-f]{8}(\n|$)/;

const desa = regency.households[0]!.desaCode;
const kecamatan = regency.households[0]!.kecamatanCode;
const SCOPED = ['persons', 'households', 'enrollments', 'discrepancies'];

const LISTS = [
  '{ persons(first: 20) { edges { node { id } } } }',
  '{ households(first: 20) { edges { node { id } } } }',
  '{ enrollments(first: 20) { edges { node { id } } } }',
  '{ discrepancies(first: 20) { edges { node { id } } } }',
];

const VIEWERS = [
  { role: 'PENDAMPING_REHSOS' as const },
  { role: 'PENDAMPING_PKH' as const, desa: [desa] },
  { role: 'PSM' as const, desa: [desa] },
  { role: 'KARANG_TARUNA' as const, desa: [desa] },
  { role: 'TKSK' as const, kecamatan: [kecamatan] },
  { role: 'FASILITATOR_SLRT' as const, kecamatan: [kecamatan] },
  { role: 'TAGANA' as const, kecamatan: [kecamatan] },
];

describe("every role's row scope on the embedded engine", () => {
  it.each(VIEWERS)("reads the people, families, enrolments and discrepancies a $role sees through an index, not a table scan (its lists' finds as sent)", async (viewer) => {
    if (!embedded) return;
    const sent = await findsOf(async () => {
      for (const q of LISTS) {
        const reply = await hub.postAs(viewer, q);
        // A list the role may not read at all is refused before any read; what it may read must answer.
        for (const e of reply.body.errors ?? []) expect(e.extensions?.code).toBe('FORBIDDEN');
      }
    });
    const scoped = sent.filter((f) => SCOPED.includes(f.collection));
    expect(scoped.length).toBeGreaterThan(0);
    for (const f of scoped) expect({ ...f, plan: await planOf(f) }).toEqual({ ...f, plan: expect.not.stringMatching(TABLE_SCAN) });
  });

  it("finds a PENDAMPING_REHSOS's people across the regency (disability: {$ne: null}) from the disability index, and counts them", async () => {
    if (!embedded) return;
    const withDisability = regency.persons.filter((p) => p.disability != null).length;
    const { body } = await hub.postAs({ role: 'PENDAMPING_REHSOS' }, '{ persons(first: 5) { totalCount edges { node { id } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.totalCount).toBe(withDisability);
    const p = await planOf({ collection: 'persons', filter: { disability: { $ne: null } } });
    expect(p).toMatch(/SEARCH \S+ USING INDEX \S+_disability_1 \(<expr>[<>]\?\)/);
    expect(p).not.toMatch(TABLE_SCAN);
  });
});

describe('the lookups by KK number on the embedded engine', () => {
  const family = regency.households.find((h) => h.kkHistory.length > 1) ?? regency.households[0]!;
  const former = family.kkHistory.find((k) => k.kkNumber !== family.kkNumber)?.kkNumber ?? family.kkNumber;

  it('finds a family by a card it held before, and by its current card, as ADMIN and as a FASILITATOR_SLRT of its kecamatan, through the side table of kkHistory.kkNumber and the _id index', async () => {
    if (!embedded) return;
    const query = 'query($kk: String!) { householdByKk(kkNumber: $kk) { id kkNumber } }';
    const sent = await findsOf(async () => {
      for (const viewer of [{ role: 'ADMIN' as const }, { role: 'FASILITATOR_SLRT' as const, kecamatan: [family.kecamatanCode] }]) {
        for (const kk of [former, family.kkNumber]) {
          const { body } = await hub.postAs(viewer, query, { kk });
          expect(body.errors).toBeUndefined();
          expect(body.data.householdByKk).toEqual({ id: family._id, kkNumber: family.kkNumber });
        }
      }
    });
    const lookups = sent.filter((f) => f.collection === 'households');
    expect(lookups).toHaveLength(4);
    for (const f of lookups) {
      const p = await planOf(f);
      expect(p).not.toMatch(TABLE_SCAN);
      expect(p).toMatch(/simpul_mk_kkHistory__kkNumber|kecamatanCode_1__id_1/);
    }
    expect(await planOf(lookups[0]!)).toMatch(/SEARCH \S+ USING INDEX \S+__id_ \(<expr>=\?\)[\s\S]*SEARCH \S+_simpul_mk_kkHistory__kkNumber/);
  });

  it('finds a family by the card it holds now through the kkNumber index', async () => {
    if (!embedded) return;
    expect(await planOf({ collection: 'households', filter: { kkNumber: family.kkNumber } })).toMatch(/SEARCH \S+ USING INDEX \S+_kkNumber_1 \(<expr>=\?\)/);
  });
});
