import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Collection } from 'mongodb';
import { loadConfig } from '../../src/config';
import { startEngine, type Engine } from '../../src/db/engine';
import { ensureEngineBinary } from '../../src/db/engineBuild';
import { createLogger } from '../../src/log';

/*
 * MongoDB makes each write atomic on its document: a conditional update
 * (`{_id, version: 1}`, `{placesLeft: {$gt: 0}}`) is a compare-and-set, and
 * `$inc` never loses an increment. FerretDB v1 ran update, findAndModify and
 * delete as read, filter, write back, with nothing held in between, so racing
 * writers all saw the old document and all wrote (10 racing version bumps had
 * 2 to 10 winners; 50 concurrent `$inc` added 7). The engine patch holds one
 * lock per collection across each of those commands. The portals' workflows
 * (expected versions, training quotas) depend on it.
 */

const log = createLogger('silent');
let engine: Engine;
let dir: string;
let client: MongoClient;
let col: Collection<{ _id: string; version?: number; left?: number; n?: number }>;

beforeAll(async () => {
  const config = loadConfig();
  const binary = process.env.SIMPUL_TEST_ENGINE_BINARY ?? (await ensureEngineBinary(config.engineDir, log));
  dir = mkdtempSync(join(tmpdir(), 'simpul-atomic-'));
  engine = await startEngine({ binary, dataDir: join(dir, 'data'), log, timeoutMs: config.engineStartTimeoutMs });
  client = await MongoClient.connect(engine.uri, { maxPoolSize: 40 });
  col = client.db('atomic').collection('docs');
});

afterAll(async () => {
  await client?.close();
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('writes on the embedded engine are atomic per document, as on MongoDB', () => {
  it('lets exactly one of 10 racing updates conditioned on the same version win, round after round', async () => {
    const winners: number[] = [];
    for (let round = 0; round < 5; round++) {
      await col.deleteMany({});
      await col.insertOne({ _id: 'subject', version: 1 });
      const results = await Promise.all(Array.from({ length: 10 }, () => col.updateOne({ _id: 'subject', version: 1 }, { $set: { version: 2 } })));
      winners.push(results.filter((r) => r.modifiedCount === 1).length);
    }
    expect(winners).toEqual([1, 1, 1, 1, 1]);
  });

  it('grants 29 of 30 concurrent findOneAndUpdate claims on 29 places, and never goes below zero', async () => {
    await col.deleteMany({});
    await col.insertOne({ _id: 'training', left: 29 });
    const claims = await Promise.all(Array.from({ length: 30 }, () => col.findOneAndUpdate({ _id: 'training', left: { $gt: 0 } }, { $inc: { left: -1 } })));
    expect(claims.filter((c) => c !== null)).toHaveLength(29);
    expect((await col.findOne({ _id: 'training' }))?.left).toBe(0);
  });

  it('keeps every one of 50 concurrent $inc', async () => {
    await col.deleteMany({});
    await col.insertOne({ _id: 'counter', n: 0 });
    await Promise.all(Array.from({ length: 50 }, () => col.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
    expect((await col.findOne({ _id: 'counter' }))?.n).toBe(50);
  });

  it('deletes a document once when 10 deletes race for it', async () => {
    await col.deleteMany({});
    await col.insertOne({ _id: 'gone', version: 1 });
    const results = await Promise.all(Array.from({ length: 10 }, () => col.deleteOne({ _id: 'gone', version: 1 })));
    expect(results.reduce((sum, r) => sum + r.deletedCount, 0)).toBe(1);
  });
});
