/**
 * The embedded engine's cost per written document at the regency's scale (issue 12): person-shaped documents
 * written into the `persons` collection of a large data directory (a copy of /work/data-250k-reads: 807,774
 * persons with the Person model's indexes), where the indexes no longer fit SQLite's page cache.
 *
 *   1. insertMany of N new documents, 5,000 per command (ids `bench-p-…`, which the regency does not use);
 *   2. the importer's replace of them: deleteMany {_id: {$in}} + insertMany, 5,000 per command;
 *   3. the same replace as one `update` command of 1,000 `replaceOne` upserts by `_id` (simpul.6, patch item 23);
 *   4. deleteMany of them, so the directory is left as it was.
 *
 * Prints wall time and the engine process's CPU (user + system, /proc) per step and document.
 * Run: npx tsx bench/engine-writes-at-scale.ts --dir /work/data-250k-<you> [--docs 20000] [--binary path]
 *        [--pragmas 'synchronous(normal),cache_size(-16384)'] [--insert-batch 1000] [--debug-addr 127.0.0.1:6061] [--steps 1,2,3,4]
 *        [--collection personsJsonb --fill 800000]   (first creates that collection with the Person indexes and fills it
 *        to 800,000 documents: the copy's `persons` is a text table of simpul.4, a fresh import writes JSONB)
 * Never on /work/data-250k-reads itself: one engine per directory, and this one writes.
 */
import { readFileSync } from 'node:fs';
import { MongoClient, type AnyBulkWriteOperation, type Document, type IndexDirection } from 'mongodb';
import { loadConfig } from '../src/config';
import { SQLITE_PRAGMAS, startEngine } from '../src/db/engine';
import { ensureEngineBinary } from '../src/db/engineBuild';
import { Person } from '../src/db/models';
import { createLogger } from '../src/log';
import { prng } from '../tests/helpers/prng';
import { person } from './person-doc';
import { cpuSecondsOf, option } from './process';

type PersonDoc = Document & { _id: string };

async function main(): Promise<void> {
  const dir = option('--dir');
  if (!dir) throw new Error('--dir <copy of a large data directory> is required');
  const total = Number(option('--docs') ?? 20_000);
  const steps = new Set((option('--steps') ?? '1,2,3,4').split(',').map(Number));
  const pragmas = option('--pragmas')?.split(',') ?? SQLITE_PRAGMAS;
  const log = createLogger('warn');
  const binary = option('--binary') ?? (await ensureEngineBinary(loadConfig().engineDir, log));
  const engine = await startEngine({
    binary,
    dataDir: dir,
    log,
    timeoutMs: 120_000,
    sqlitePragmas: pragmas,
    insertBatch: option('--insert-batch') ? Number(option('--insert-batch')) : undefined,
    debugAddr: option('--debug-addr'),
  });
  const client = await MongoClient.connect(engine.uri);
  try {
    const persons = client.db(option('--db') ?? 'simpul').collection<PersonDoc>(option('--collection') ?? 'persons');
    const fill = Number(option('--fill') ?? 0);
    if (fill > 0) {
      // A collection this engine creates (JSONB on simpul.5 and later, as a fresh import gets) grown to the regency's size.
      const indexes = Person.schema.indexes().map(([key, opts]) => ({ key: key as Record<string, IndexDirection>, ...(opts.unique ? { unique: true } : {}) }));
      const filled = await persons.estimatedDocumentCount();
      // simpul.5 and older drop the connection on a createIndexes listing several existing indexes (patch item 22).
      if (filled === 0) await persons.createIndexes(indexes);
      const rnd = prng(99);
      for (let from = filled; from < fill; from += 5000) {
        await persons.insertMany(
          Array.from({ length: Math.min(5000, fill - from) }, (_, k) => ({ ...person(from + k, rnd, 0), _id: `fill-p-${String(from + k).padStart(7, '0')}` })),
        );
      }
    }
    console.log(`engine ${binary}\npragmas ${pragmas.join(',')}\npersons ${await persons.estimatedDocumentCount()}`);
    const step = async (label: string, docs: number, fn: () => Promise<void>) => {
      const cpu = cpuSecondsOf(engine.pid);
      const t = performance.now();
      await fn();
      const wall = (performance.now() - t) / 1000;
      const engineCpu = cpuSecondsOf(engine.pid) - cpu;
      console.log(
        `${label.padEnd(48)} ${String(docs).padStart(7)} docs  wall ${wall.toFixed(1).padStart(6)} s  engine CPU ${engineCpu.toFixed(1).padStart(6)} s  (${((engineCpu * 1e3) / docs).toFixed(3)} ms/doc)  load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
      );
    };
    const doc = (i: number, rnd: () => number, version: number) => ({ ...person(i, rnd, version), _id: `bench-p-${String(i).padStart(7, '0')}` });
    const BATCH = 5_000;
    const batches = (version: number) => {
      const rnd = prng(version);
      const out: PersonDoc[][] = [];
      for (let from = 0; from < total; from += BATCH) out.push(Array.from({ length: Math.min(BATCH, total - from) }, (_, k) => doc(from + k, rnd, version)));
      return out;
    };
    if (steps.has(1)) {
      const docs = batches(1);
      await step('insertMany (5,000 per command)', total, async () => {
        for (const b of docs) await persons.insertMany(b);
      });
    }
    if (steps.has(2)) {
      const docs = batches(2);
      await step('replace: deleteMany {_id: {$in}} + insertMany', total, async () => {
        for (const b of docs) {
          await persons.deleteMany({ _id: { $in: b.map((d) => d._id as string) } } as Document);
          await persons.insertMany(b);
        }
      });
    }
    if (steps.has(3)) {
      const docs = batches(3);
      await step('replace: update of 1,000 replaceOne upserts', total, async () => {
        for (const b of docs) {
          for (let from = 0; from < b.length; from += 1000) {
            const ops: AnyBulkWriteOperation<PersonDoc>[] = b.slice(from, from + 1000).map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } }));
            await persons.bulkWrite(ops, { ordered: false });
          }
        }
      });
    }
    if (steps.has(4)) {
      await step('deleteMany {_id: {$in}} (1,000 per command)', total, async () => {
        for (let from = 0; from < total; from += 1000) {
          const ids = Array.from({ length: Math.min(1000, total - from) }, (_, k) => `bench-p-${String(from + k).padStart(7, '0')}`);
          await persons.deleteMany({ _id: { $in: ids } } as Document);
        }
      });
    }
  } finally {
    await client.close();
    await engine.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
