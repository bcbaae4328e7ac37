import mongoose from 'mongoose';
import { allModels } from '../../src/db/models';
import { startTestHub, type TestHub } from '../helpers/hub';

/**
 * autoIndex is off (src/db/connection.ts): an index exists only when the hub's
 * start builds it, from allModels(). Every model the hub registers must be
 * there, or its declared indexes are never built and its queries scan.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

describe('indexes at start', () => {
  it('every model the hub registers is one of allModels(), so none is left without its collection and indexes', () => {
    const listed = allModels().map((m) => m.modelName);
    expect(mongoose.modelNames().filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('every index a model declares exists in the database once the hub has started', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const name of mongoose.modelNames()) {
      const model = mongoose.model(name);
      const existing = (await model.collection.listIndexes().toArray()).map((i) => JSON.stringify(i.key));
      for (const [key] of model.schema.indexes()) {
        checked++;
        if (!existing.includes(JSON.stringify(key))) missing.push(`${name} (${model.collection.collectionName}) ${JSON.stringify(key)}`);
      }
    }
    expect(missing).toEqual([]);
    // The audit trail's lookups are among them: "who looked at this person" must not scan.
    expect(checked).toBeGreaterThan(30);
    const audit = (await mongoose.model('AuditEvent').collection.listIndexes().toArray()).map((i) => i.key);
    expect(audit).toEqual(
      expect.arrayContaining([
        { personIds: 1, at: -1 },
        { householdIds: 1, at: -1 },
        { subject: 1, at: -1 },
      ]),
    );
  });
});
