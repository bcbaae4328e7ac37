/**
 * The embedded engine's cost per written document (issue 12), without the importer: person-shaped
 * documents written into a fresh engine's `persons` collection carrying the Person model's indexes.
 *
 *   1. insertMany of N documents in batches of 5,000 (the importer's batch);
 *   2. the importer's replace of the same N: deleteMany {_id: {$in}} + insertMany, per batch of 5,000;
 *   3. bulkWrite replaceOne of N/5 documents, 50 per command (the update path; simpul.4 and older hang
 *      on an update command of 100 statements or more).
 *
 * Prints wall time and the engine process's CPU (user + system, /proc) per step.
 * Run: npx tsx bench/engine-writes.ts [--docs 50000] [--binary path]   (default binary: SIMPUL_ENGINE_DIR's)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type AnyBulkWriteOperation, type Document, type IndexDirection } from 'mongodb';
import { loadConfig } from '../src/config';
import { startEngine } from '../src/db/engine';
import { ensureEngineBinary } from '../src/db/engineBuild';
import { Person } from '../src/db/models';
import { createLogger } from '../src/log';
import { prng } from '../tests/helpers/prng';
import { person } from './person-doc';
import { cpuSecondsOf, option } from './process';

async function main(): Promise<void> {
  const total = Number(option('--docs') ?? 50_000);
  const log = createLogger('warn');
  const binary = option('--binary') ?? (await ensureEngineBinary(loadConfig().engineDir, log));
  const dir = mkdtempSync(join(tmpdir(), 'simpul-engine-writes-'));
  const engine = await startEngine({ binary, dataDir: dir, log, timeoutMs: 60_000 });
  const client = await MongoClient.connect(engine.uri);
  try {
    const persons = client.db('bench').collection('persons');
    const indexes = Person.schema.indexes().map(([key, opts]) => ({ key: key as Record<string, IndexDirection>, ...(opts.unique ? { unique: true } : {}) }));
    await persons.createIndexes(indexes);
    console.log(`engine ${binary}`);
    const step = async (label: string, docs: number, fn: () => Promise<void>) => {
      const cpu = cpuSecondsOf(engine.pid);
      const t = performance.now();
      await fn();
      const wall = (performance.now() - t) / 1000;
      const engineCpu = cpuSecondsOf(engine.pid) - cpu;
      console.log(
        `${label.padEnd(44)} ${String(docs).padStart(7)} docs  wall ${wall.toFixed(1).padStart(6)} s  engine CPU ${engineCpu.toFixed(1).padStart(6)} s  (${((engineCpu * 1e3) / docs).toFixed(3)} ms/doc)`,
      );
    };
    const BATCH = 5_000;
    let rnd = prng(1);
    await step('insertMany (5,000 per command)', total, async () => {
      for (let from = 0; from < total; from += BATCH) {
        await persons.insertMany(Array.from({ length: Math.min(BATCH, total - from) }, (_, k) => person(from + k, rnd, 1)));
      }
    });
    rnd = prng(2);
    await step('replace: deleteMany {_id: {$in}} + insertMany', total, async () => {
      for (let from = 0; from < total; from += BATCH) {
        const docs = Array.from({ length: Math.min(BATCH, total - from) }, (_, k) => person(from + k, rnd, 2));
        await persons.deleteMany({ _id: { $in: docs.map((d) => d._id as string) } } as Document);
        await persons.insertMany(docs);
      }
    });
    rnd = prng(3);
    const replaced = Math.floor(total / 5);
    await step('bulkWrite replaceOne (50 per command)', replaced, async () => {
      for (let from = 0; from < replaced; from += 50) {
        const ops: AnyBulkWriteOperation<Document>[] = Array.from({ length: Math.min(50, replaced - from) }, (_, k) => {
          const { _id, ...rest } = person(from + k, rnd, 3);
          return { replaceOne: { filter: { _id }, replacement: rest } };
        });
        await persons.bulkWrite(ops, { ordered: true });
      }
    });
    if ((await persons.countDocuments({})) !== total) throw new Error('lost documents');
    console.log(`load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await client.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
