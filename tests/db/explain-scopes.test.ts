import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';
import { findsOf, planOf, onEmbeddedEngine } from '../helpers/explain';

/*
 * Issue 12: the reads a scoped role sends are served by the index of its area on the embedded
 * engine. A PENDAMPING_PKH sees the PKH families of its desa: the hub asks for
 * `desaCode IN (...) AND aid IN (PKH tokens)`; `aid` holds an array in every person and
 * household, so its index cannot narrow the read (src/db/engine-patches/ item 12). The
 * commands the hub sent are captured and explained as sent. Skipped on a MongoDB server.
 */

const regency = scenarioRegency('small');
let embedded = false;
const hub = useRegencyHub('small', {
  then: async () => {
    embedded = await onEmbeddedEngine();
  },
});

const pkhDesa = regency.households.find((h) => regency.enrollments.some((e) => e.householdId === h._id && e.programmeCode === 'PKH'))!.desaCode;

it("reads a PENDAMPING_PKH's people and households of its desa through the desa index, not the aid index that every record is in", async () => {
  if (!embedded) return;
  const as = (query: string) => hub.postAs({ role: 'PENDAMPING_PKH', desa: [pkhDesa] }, query);
  const sent = await findsOf(async () => {
    const people = await as('{ persons(first: 20) { edges { node { id } } } }');
    expect(people.body.errors).toBeUndefined();
    expect(people.body.data.persons.edges.length).toBeGreaterThan(0);
    const families = await as('{ households(first: 20) { edges { node { id } } } }');
    expect(families.body.errors).toBeUndefined();
    expect(families.body.data.households.edges.length).toBeGreaterThan(0);
  });
  const scoped = sent.filter((f) => ['persons', 'households'].includes(f.collection) && JSON.stringify(f.filter).includes('"aid"'));
  expect(scoped.map((f) => f.collection).sort()).toEqual(['households', 'persons']);
  for (const f of scoped) {
    const p = await planOf({ collection: f.collection, filter: f.filter });
    expect([f.collection, p]).toEqual([f.collection, expect.stringMatching(/USING INDEX \S+_desaCode_1__id_1/)]);
    expect(p).not.toMatch(/USING INDEX \S+_aid_1/);
  }
});
