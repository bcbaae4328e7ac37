import mongoose from 'mongoose';
import { withScope } from '../../src/auth/scope';
import { inList, oneOf } from '../../src/db/filters';
import { Household } from '../../src/db/models/household';
import { Person } from '../../src/db/models/person';
import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';
import { onEmbeddedEngine } from '../helpers/explain';

/*
 * The hub's hot reads are served by indexes on the embedded engine: `explain`
 * shows the SQLite plan of each (src/db/engine-patches/). The filters are
 * built as the services and loaders build them, plain (ADMIN) and within a
 * desa's scope (a PSM of that desa). Skipped on a MongoDB server.
 */

const regency = scenarioRegency('small');
let embedded = false;
// The hub's models serve the explains below (its database: the shared template).
useRegencyHub('small', {
  then: async () => {
    embedded = await onEmbeddedEngine();
  },
});

interface Explained {
  plan: string;
  sql: string;
  sorted: boolean;
  /** A countDocuments pipeline counted by SQLite, not by decoding documents. */
  counted: boolean;
}

function explained(e: unknown): Explained {
  const doc = (Array.isArray(e) ? e[0] : e) as { queryPlanner: { Plan: string[]; SQL: string }; sortPushdown: boolean; countPushdown?: boolean };
  return { plan: doc.queryPlanner.Plan.join('\n'), sql: doc.queryPlanner.SQL, sorted: doc.sortPushdown, counted: doc.countPushdown === true };
}

const find = async (q: mongoose.Query<unknown, unknown>) => explained(await q.explain('queryPlanner'));
const usesIndex = (name: string) => new RegExp(`(SEARCH|SCAN) \\S+ USING INDEX \\S+_${name}\\b`);

const desa = regency.households[0]!.desaCode;
const desaScope = { desaCode: inList([desa]) };
const kecamatanScope = { $or: [{ kecamatanCode: inList([regency.households[0]!.kecamatanCode]) }, { desaCode: inList([desa]) }] };
const someHouseholds = regency.households.slice(0, 100).map((h) => h._id);
const somePersons = regency.persons.slice(0, 100).map((p) => p._id);

describe('the hot reads on the embedded engine', () => {
  it('finds a person by NIK through the nik index', async () => {
    if (!embedded) return;
    const nik = regency.persons[0]!.nik!;
    expect((await find(Person.find({ nik }))).plan).toMatch(usesIndex('nik_1'));
    expect((await find(Person.find(withScope({ nik }, desaScope)!))).plan).toMatch(usesIndex('(nik_1|desaCode_1__id_1)'));
  });

  it('loads the members of 100 households through the householdId index', async () => {
    if (!embedded) return;
    expect((await find(Person.find({ householdId: oneOf(someHouseholds) }).sort({ _id: 1 }))).plan).toMatch(usesIndex('householdId_1'));
    const scoped = withScope({ householdId: oneOf(someHouseholds) }, kecamatanScope)!;
    // The $in of 100 households is more selective than the viewer's scope ($or of kecamatan and desa): SQLite reads it, not the scope.
    expect((await find(Person.find(scoped).sort({ _id: 1 }))).plan).toMatch(usesIndex('householdId_1'));
  });

  it('loads 100 persons and 100 households by _id through the unique _id index', async () => {
    if (!embedded) return;
    expect((await find(Person.find({ _id: oneOf(somePersons) }))).plan).toMatch(usesIndex('_id_'));
    expect((await find(Household.find(withScope({ _id: oneOf(someHouseholds) }, desaScope)!))).plan).toMatch(/USING INDEX/);
  });

  it("reads a desa's keyset page of households from an index, in _id order, without sorting the desa", async () => {
    if (!embedded) return;
    const after = regency.households
      .filter((h) => h.desaCode === desa)
      .map((h) => h._id)
      .sort()[0]!;
    for (const filter of [{ desaCode: desa }, withScope({ desaCode: desa }, desaScope)!]) {
      const page = await find(
        Household.find({ $and: [filter, { _id: mongoose.trusted({ $gt: after }) }] })
          .sort({ _id: 1 })
          .limit(101),
      );
      expect(page.plan).toMatch(usesIndex('(desaCode_1__id_1|_id_)'));
      expect(page.sorted).toBe(true);
    }
    // The whole regency's first page (ADMIN): the _id index gives the order, no sort of the collection.
    const first = await find(Household.find({}).sort({ _id: 1 }).limit(101));
    expect(first.plan).toMatch(usesIndex('_id_'));
    expect(first.plan).not.toMatch(/TEMP B-TREE/);
    expect(first.sorted).toBe(true);
  });

  it('reads a page of persons in name order (orderBy NAME_ASC, first page and after a cursor, ADMIN and kecamatan-scoped) from the name index, in order, without sorting the collection', async () => {
    if (!embedded) return;
    const byName = [...regency.persons].sort((a, b) => (a.fullName! < b.fullName! ? -1 : a.fullName! > b.fullName! ? 1 : a._id < b._id ? -1 : 1));
    const at = byName[Math.floor(byName.length / 2)]!;
    // The keyset condition src/services/pagination.ts builds for the page after `at` (forwards), and before it (backwards).
    const after = { $or: [{ fullName: mongoose.trusted({ $gt: at.fullName }) }, { fullName: at.fullName, _id: mongoose.trusted({ $gt: at._id }) }] };
    const before = { $or: [{ fullName: mongoose.trusted({ $lt: at.fullName }) }, { fullName: at.fullName, _id: mongoose.trusted({ $lt: at._id }) }, { fullName: null }] };
    const page = (filter: Record<string, unknown>, direction: 1 | -1 = 1) => find(Person.find(filter).sort({ fullName: direction, _id: direction }).limit(101));
    const first = await page({});
    expect(first.plan).toMatch(usesIndex('simpul_sort_fullName'));
    expect(first.plan).not.toMatch(/TEMP B-TREE/);
    expect(first.sorted).toBe(true);
    // After a cursor: SQLite starts reading at the cursor's name (a range on the index), not at the first row.
    for (const p of [await page(after), await page(before, -1)]) {
      expect(p.plan).toMatch(/SEARCH \S+ USING INDEX \S+_simpul_sort_fullName \(<expr>[<>]\?\)/);
      expect(p.plan).not.toMatch(/TEMP B-TREE/);
      expect(p.sorted).toBe(true);
    }
    // Within a kecamatan's scope SQLite picks the name index (reading the order until the page is full) or the scope's
    // indexes (reading the scope and sorting it itself); either way no table scan, and only the page is decoded.
    for (const p of [await page(withScope({}, kecamatanScope)!), await page(withScope(after, kecamatanScope)!)]) {
      expect(p.plan).toMatch(usesIndex('(simpul_sort_fullName|kecamatanCode_1__id_1|desaCode_1__id_1)'));
      expect(p.plan).not.toMatch(/SCAN \S+(\n|$)/);
      expect(p.sorted).toBe(true);
    }
    // The ordered page as the API user sees it: the same rows in the same order as MongoDB's order of the generated regency.
    const rows = (await Person.find(after).sort({ fullName: 1, _id: 1 }).limit(5).lean()) as unknown as { _id: string }[];
    expect(rows.map((r) => r._id)).toEqual(byName.slice(byName.indexOf(at) + 1, byName.indexOf(at) + 6).map((p) => p._id));
  });

  it('reads a page in name order from the name index in every database of the engine, and again after the collection is dropped and made anew', async () => {
    if (!embedded) return;
    // The engine creates the sort index on first use; it must do so per collection, not once per table name (the same
    // in every database, and after a drop).
    const sorted = () => find(Person.find({}).sort({ fullName: 1, _id: 1 }).limit(101));
    expect((await sorted()).plan).toMatch(usesIndex('simpul_sort_fullName'));
    const other = mongoose.connection.useDb(`${mongoose.connection.db!.databaseName}_other`, { useCache: false });
    try {
      const OtherPerson = other.model('Person', Person.schema);
      const docs = await Person.find({}).sort({ _id: 1 }).limit(50).lean();
      for (let round = 0; round < 2; round++) {
        await OtherPerson.createIndexes();
        await OtherPerson.collection.insertMany(docs as never[]);
        const plan = explained(await OtherPerson.find({}).sort({ fullName: 1, _id: 1 }).limit(10).explain('queryPlanner'));
        expect(plan.plan).toMatch(usesIndex('simpul_sort_fullName'));
        expect(plan.sorted).toBe(true);
        await OtherPerson.collection.drop();
      }
    } finally {
      await other.dropDatabase();
    }
  });

  it("reads a desa's keyset page of persons in _id order from the {desaCode, _id} index alone (equality, then the order)", async () => {
    if (!embedded) return;
    const page = await find(Person.find(withScope({}, desaScope)!).sort({ _id: 1 }).limit(101));
    expect(page.plan).toMatch(/SEARCH \S+ USING INDEX \S+_desaCode_1__id_1 \(<expr>=\?\)/);
    expect(page.plan).not.toMatch(/TEMP B-TREE/);
    expect(page.sorted).toBe(true);
  });

  it("counts a desa's households, and the whole regency's, in SQLite from the indexes", async () => {
    if (!embedded) return;
    const count = explained(await Household.aggregate([{ $match: { desaCode: desa } }, { $group: { _id: 1, n: { $sum: 1 } } }]).explain('queryPlanner'));
    expect(count.plan).toMatch(usesIndex('desaCode_1__id_1'));
    expect(count.counted).toBe(true);
    // The whole regency's count (ADMIN's totalCount) is SQLite's count(*), no document decoded.
    expect(explained(await Household.aggregate([{ $match: {} }, { $group: { _id: 1, n: { $sum: 1 } } }]).explain('queryPlanner')).counted).toBe(true);
    expect(await Household.countDocuments({ desaCode: desa })).toBe(regency.households.filter((h) => h.desaCode === desa).length);
  });
});
