/**
 * The embedded engine's cost per update statement (issue 12, patch item 19): 20,000 person-shaped documents
 * in a fresh engine's `persons` with the Person model's indexes, then 3,000 `replaceOne` and 3,000 `updateOne`
 * (`$set`) by `_id`, in `bulkWrite` commands of 50 (simpul.4 and older hang at 100 statements per command).
 * Prints the engine process's CPU (/proc) and the wall time of each.
 * Run: npx tsx bench/engine-updates.ts <engine binary>
 */
import { MongoClient } from 'mongodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../src/db/engine';
import { createLogger } from '../src/log';
import { Person } from '../src/db/models';
import { cpuSecondsOf } from './process';
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'simpul-engine-updates-'));
  const engine = await startEngine({ binary: process.argv[2]!, dataDir: dir, log: createLogger('warn'), timeoutMs: 60000 });
  const client = await MongoClient.connect(engine.uri);
  const c = client.db('bench').collection<{ _id: string; [k: string]: unknown }>('persons');
  await c.createIndexes(Person.schema.indexes().map(([key]) => ({ key: key as Record<string, 1> })));
  const doc = (i: number, v: number) => ({
    nik: `35${i}`,
    fullName: `NAME ${i % 97}`,
    nameKeys: ['name', `${i % 97}`],
    desaCode: `35.19.0${i % 9}.2001`,
    kecamatanCode: `35.19.0${i % 9}`,
    householdId: `h${i >> 2}`,
    birthDate: new Date(i * 1e6),
    aid: ['PKH'],
    householdDesil: i % 10,
    v,
  });
  await c.insertMany(Array.from({ length: 20000 }, (_, i) => ({ _id: `p${i}`, ...doc(i, 0) })));
  for (const mode of ['replaceOne', 'updateOne']) {
    const t0 = cpuSecondsOf(engine.pid),
      w = Date.now();
    for (let from = 0; from < 3000; from += 50) {
      await c.bulkWrite(
        Array.from({ length: 50 }, (_, k) =>
          mode === 'replaceOne'
            ? { replaceOne: { filter: { _id: `p${from + k}` }, replacement: doc(from + k, 1) } }
            : { updateOne: { filter: { _id: `p${from + k}` }, update: { $set: { v: 2 } } } },
        ),
      );
    }
    console.log(mode, 3000, 'engine CPU', (cpuSecondsOf(engine.pid) - t0).toFixed(2), 's wall', Date.now() - w, 'ms');
  }
  await client.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
