import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';
import { findsOf, planOf, onEmbeddedEngine } from '../helpers/explain';
import { NESTED } from './nested-query';

/*
 * Issue 12: the nested page reads the children of a page's rows (members, enrolments,
 * trainings, participants) with one `$in` per relation, served by the field's index. The
 * hub orders each parent's children by id itself (src/loaders/batch.ts): the engine is
 * asked for no sort, which it would do over the whole read (a temporary B-tree keyed by a
 * JSON parse of every row). The API still lists every group in id order, for ADMIN and for
 * a scoped role.
 */

const regency = scenarioRegency('small');
let embedded = false;
const hub = useRegencyHub('small', {
  then: async () => {
    embedded = await onEmbeddedEngine();
  },
});

const sorted = (ids: string[]) => [...ids].sort();
const kecamatan = regency.households[0]!.kecamatanCode;

/** The children the nested page lists, each list as the API returned it. */
function lists(page: any[]): string[][] {
  const out: string[][] = [];
  for (const h of page) {
    out.push(
      h.members.map((m: any) => m.id),
      h.enrollments.map((e: any) => e.id),
    );
    for (const m of h.members) {
      out.push(
        m.enrollments.map((e: any) => e.id),
        m.trainings.map((t: any) => t.id),
      );
      for (const t of m.trainings) out.push(t.training.participants.edges.map((e: any) => e.node.id));
    }
  }
  return out;
}

describe('the children of a page of households', () => {
  it('are read with $in finds that ask the engine for no sort, and come back in id order, as ADMIN and as a TKSK of one kecamatan', async () => {
    for (const as of [{ role: 'ADMIN' }, { role: 'TKSK', kecamatan: [kecamatan] }] as const) {
      let body: any;
      const sent = await findsOf(async () => {
        ({ body } = await hub.postAs(as as any, NESTED, { first: 30 }));
      });
      expect(body.errors).toBeUndefined();
      const page = body.data.households.edges.map((e: any) => e.node);
      expect(page.length).toBeGreaterThan(0);
      const all = lists(page);
      expect(all.some((l) => l.length > 1)).toBe(true);
      for (const l of all) expect(l).toEqual(sorted(l));
      const children = sent.filter((f) => ['householdId', 'personId', 'trainingId'].some((k) => JSON.stringify(f.filter).includes(`"${k}":{"$in"`)));
      expect(children.length).toBeGreaterThanOrEqual(4);
      for (const f of children) expect([f.collection, f.sort]).toEqual([f.collection, undefined]);
    }
  });

  it("reads the members of the page's households from the householdId index without a temporary B-tree on the embedded engine", async () => {
    if (!embedded) return;
    let body: any;
    const sent = await findsOf(async () => {
      ({ body } = await hub.post(NESTED, { first: 30 }));
    });
    expect(body.errors).toBeUndefined();
    const members = sent.find((f) => f.collection === 'persons' && JSON.stringify(f.filter).includes('"householdId":{"$in"'))!;
    const plan = await planOf(members);
    expect(plan).toMatch(/USING INDEX \S+_householdId_1/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
