import { once } from 'node:events';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { seedRegency, type SeedResult } from '../../seeds/importExtracts';
import { firstLoadInterrupted } from '../../src/integration/clusterLoad';
import * as validate from '../../src/integration/validate';
import { RecordStore } from '../../src/integration/store';
import { importFile } from '../../src/integration/runner';
import { connectMongoose } from '../../src/db/connection';
import { budgeted, UNITS } from '../helpers/budget';
import { databaseEnv, runCommand, spawnCommand } from '../helpers/command';
import { canonicalState } from './canonicalState';
import { guardReadOnly, template } from '../helpers/fixtures';
import { dropDatabase, importedSmall, tempDir, useFreshDatabase } from './helpers';

const db = () => mongoose.connection.db!;

/**
 * Issue 12: a first load into an empty database groups the rows of the extracts into clusters of
 * families and imports them bucket by bucket, writing each record once, instead of file after
 * file (src/integration/clusterLoad.ts). Ids are handed out in another order; everything else is
 * what the file-after-file load stores.
 */
describe('a first load by clusters of families', () => {
  const tmp = tempDir('cluster-load');
  let fileByFile: Record<string, unknown>;
  /** The PKH roster of the extracts (every load of the tests writes the same files into the same folder). */
  let pkhFile: string;

  beforeAll(
    ...budgeted("the small regency's extracts loaded file after file (or waiting for it)", UNITS.importedSmall, async () => {
      // The run's load of the small regency's extracts file after file (tests/integration/helpers.ts importedSmall),
      // read where it is: nothing here writes to it.
      const built = await template(importedSmall);
      await connectMongoose(process.env.MONGODB_URI!, built.db);
      const guard = guardReadOnly(built, mongoose.connection.getClient());
      fileByFile = await canonicalState();
      await guard();
      await mongoose.disconnect();
      // The loads below write the same files into tmp.dir.
      pkhFile = join(tmp.dir, relative(built.dir, built.data.extracts.files.find((f) => f.source === 'pkh')!.path));
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'in several small buckets, stores what a load file after file stores, each generated id renamed canonically, each record checked once',
    ...budgeted("the small regency's extracts loaded by clusters, 40 families a bucket", UNITS.importSmall, async () => {
      await useFreshDatabase();
      // Records checked against the models: each once, whole, as its bucket is written (not again by every file's chunks).
      const checked = jest.spyOn(validate, 'validateWrites');
      const sent = jest.spyOn(RecordStore.prototype, 'replace');
      const seeded: SeedResult = await seedRegency({ regency: SCENARIOS.small, dir: tmp.dir, familiesPerBucket: 40 });
      const docsChecked = checked.mock.calls.reduce((n, [ops]) => n + ops.reduce((m, op) => m + op.docs.length, 0), 0);
      // What reached the engine: the buckets' writes, and the approved persons written ahead of their workflows.
      const docsSent = sent.mock.calls.reduce((n, [, docs]) => n + docs.length, 0);
      checked.mockRestore();
      sent.mockRestore();
      expect(docsSent).toBeGreaterThanOrEqual(seeded.clusterLoad!.written.inserted);
      expect(docsChecked).toBe(docsSent);
      expect(seeded.clusterLoad?.buckets).toBeGreaterThanOrEqual(5);
      // The seeded approvals ran (DT-SEN then finds VERVAL_CONTRADICTED).
      expect(seeded.extracts.approvals.length).toBeGreaterThan(0);
      expect(await canonicalState()).toEqual(fileByFile);
      expect(await firstLoadInterrupted()).toBe(false);
    }),
  );

  it(
    'stopped midway (as a kill would), is emptied and loaded again by the next load, ending as an uninterrupted one',
    ...budgeted("the small regency's extracts loaded by clusters, stopped after a bucket, then loaded again", 2 * UNITS.importSmall, async () => {
      await useFreshDatabase();
      const stop = new Error('killed after bucket 2');
      await expect(
        seedRegency({
          regency: SCENARIOS.small,
          dir: tmp.dir,
          familiesPerBucket: 40,
          afterBucket: async (b) => {
            if (b === 2) throw stop;
          },
        }),
      ).rejects.toBe(stop);
      expect(await firstLoadInterrupted()).toBe(true);
      const persons = await db().collection('persons').countDocuments();
      expect(persons).toBeGreaterThan(0);
      // A file imported on its own now would be emptied with the rest by the next load: refused, nothing written.
      const alone = await importFile({ source: 'pkh', file: pkhFile });
      expect(alone.status).toBe('REFUSED');
      expect(alone.message).toMatch(/^a first load of source extracts into this database was interrupted/);
      expect(await db().collection('persons').countDocuments()).toBe(persons);

      const again = await seedRegency({ regency: SCENARIOS.small, dir: tmp.dir, familiesPerBucket: 40 });
      expect(again.clusterLoad).not.toBeNull();
      expect(await canonicalState()).toEqual(fileByFile);
      expect(await firstLoadInterrupted()).toBe(false);
    }),
  );

  it(
    '`npm run seed` killed with SIGKILL after a bucket, run again, ends as an uninterrupted load, the restart logged',
    ...budgeted('a seed process killed after its first bucket, and the seed run again (a command each)', UNITS.importSmall + 2 * UNITS.command, async () => {
      const dbName = await useFreshDatabase();
      await mongoose.disconnect();
      const args = ['--scenario', 'small', '--out', tmp.dir, '--bucket-families', '40'];
      const env = { ...databaseEnv(dbName), LOG_LEVEL: 'info' };
      const killed = spawnCommand('seeds/command.ts', args, env);
      killed.stdout.resume();
      // One progress line per file and bucket (stderr is not a terminal): killed once Senopati's first bucket is written.
      for await (const line of createInterface({ input: killed.stderr })) {
        if (/^senopati .* [1-9][\d,]* rows/.test(line)) {
          killed.kill('SIGKILL');
          break;
        }
      }
      const [, signal] = (await once(killed, 'exit')) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');

      const again = await runCommand('seeds/command.ts', args, env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('an interrupted first load is emptied and loaded again');
      await connectMongoose(process.env.MONGODB_URI!, dbName);
      expect(await canonicalState()).toEqual(fileByFile);
      expect(await firstLoadInterrupted()).toBe(false);
    }),
  );
});
