import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { loadConfig } from '../../src/config';
import { startEngine, type Engine } from '../../src/db/engine';
import { ensureEngineBinary } from '../../src/db/engineBuild';
import { budgeted, deadlineMs, UNITS } from '../helpers/budget';
import { createLogger } from '../../src/log';

/*
 * An `update` command carries many statements (bulkWrite's replaceOne/updateOne, updateMany of several
 * filters). FerretDB v1 kept every statement's query open until the end of the command, each holding one of
 * the pool's 100 SQLite connections, so the 100th statement waited forever for a connection to write with:
 * the command never answered and the engine's collection stayed locked (simpul.5 closes each statement's
 * query before the next; src/db/engine-patches/README.md item 18).
 */

type Doc = { _id: string; n: number; name?: string };
const log = createLogger('silent');
let engine: Engine;
let dir: string;
let client: MongoClient;
let col: Collection<Doc>;

beforeAll(
  ...budgeted('an engine of its own started, 600 documents written', UNITS.engine, async () => {
    const config = loadConfig();
    const binary = process.env.SIMPUL_TEST_ENGINE_BINARY ?? (await ensureEngineBinary(config.engineDir, log));
    dir = mkdtempSync(join(tmpdir(), 'simpul-bulk-'));
    engine = await startEngine({ binary, dataDir: join(dir, 'data'), log, timeoutMs: deadlineMs(UNITS.engine) });
    client = await MongoClient.connect(engine.uri);
    col = client.db('bulk').collection<Doc>('docs');
    await col.createIndex({ n: 1 });
    await col.insertMany(Array.from({ length: 600 }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}`, n: i })));
  }),
);

afterAll(async () => {
  await client?.close();
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The promise's value, or 'NO ANSWER' when the engine has not answered within ms. */
const within = <T>(ms: number, p: Promise<T>): Promise<T | 'NO ANSWER'> => Promise.race([p, new Promise<'NO ANSWER'>((res) => setTimeout(() => res('NO ANSWER'), ms).unref())]);

describe('update commands of many statements on the embedded engine', () => {
  it(
    'answers a bulkWrite of 250 replaceOne and 250 updateOne in one command, and applies every one',
    ...budgeted('500 update statements in one command on an engine of its own', 2 * UNITS.engine, async () => {
      const ops: AnyBulkWriteOperation<Doc>[] = [];
      for (let i = 0; i < 250; i++) ops.push({ replaceOne: { filter: { _id: `d${String(i).padStart(4, '0')}` }, replacement: { n: -i, name: `R${i}` } } });
      for (let i = 250; i < 500; i++) ops.push({ updateOne: { filter: { n: i }, update: { $set: { name: `U${i}` } } } });
      const result = await within(30_000, col.bulkWrite(ops, { ordered: true }));
      expect(result === 'NO ANSWER' ? result : { matched: result.matchedCount, modified: result.modifiedCount }).toEqual({ matched: 500, modified: 500 });
      expect(await col.countDocuments({ name: { $regex: '^R' } })).toBe(250);
      expect(await col.countDocuments({ name: { $regex: '^U' } })).toBe(250);
      expect(await col.findOne({ _id: 'd0007' })).toEqual({ _id: 'd0007', n: -7, name: 'R7' });
      // The collection is not left locked: the next write answers.
      expect(
        await within(
          10_000,
          col.updateOne({ _id: 'd0599' }, { $set: { name: 'last' } }).then((r) => r.modifiedCount),
        ),
      ).toBe(1);
    }),
  );
});
