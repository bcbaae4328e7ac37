import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { run } from '../../src/cli/import';
import { connectMongoose } from '../../src/db/connection';
import { databaseEnv, runCommand, runInProcess, type CommandResult } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';
import { dropDatabase, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

/** `npm run import -- <args>`, its output captured (not a terminal: plain progress lines). */
function spawnImport(dbName: string, ...args: string[]): Promise<CommandResult> {
  return runCommand('src/cli/import.ts', args, databaseEnv(dbName));
}

/**
 * The same command's run() in this process (the same exit code and output, no process to start: about 1.3 s of CPU
 * less each). It opens and closes mongoose's global connection, which the file's own reads use: the file's connection
 * is closed before and opened again after. The entry point's own wiring keeps one spawned run (the first test).
 */
async function runImport(dbName: string, ...args: string[]): Promise<CommandResult> {
  await mongoose.disconnect();
  try {
    return await runInProcess(run, args, databaseEnv(dbName));
  } finally {
    await connectMongoose(process.env.MONGODB_URI!, dbName);
  }
}

describe('the import command', () => {
  const tmp = tempDir('cli');
  let written: Written;
  let dbName: string;

  beforeAll(async () => {
    written = await writeScenario(SCENARIOS.tiny, tmp.dir);
    dbName = await useFreshDatabase();
  });
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'imports a file with a progress line per chunk and a summary that accounts for every row',
    ...budgeted("importing the tiny regency's Senopati extract with the import command", UNITS.command + UNITS.importTiny, async () => {
      const rows = written.extracts.files.find((f) => f.source === 'senopati')!.rows;
      const r = await spawnImport(dbName, 'senopati', written.file('senopati'), '--chunk-size', '50');
      expect(r.code).toBe(0);
      const progress = r.stderr.trim().split('\n');
      expect(progress.length).toBeGreaterThanOrEqual(Math.floor(rows / 50));
      expect(progress.every((l) => /^senopati +\d+%  [\d,]+ rows  [\d,]+ rows\/s$/.test(l))).toBe(true);
      expect(progress.at(-1)).toMatch(new RegExp(`^senopati 100%  ${rows} rows`));
      const out = r.stdout.trim().split('\n');
      expect(out[0]).toMatch(/^senopati .*senopati\.jsonl: COMPLETED \(import run IR\d{6}\) in [\d.]+ s$/);
      expect(out[1]).toBe(`  read ${rows} = inserted ${rows} + updated 0 + unchanged 0 + rejected 0`);
      expect(await mongoose.connection.db!.collection('persons').countDocuments()).toBe(rows);
    }),
  );

  it(
    'reports a second import of the same file as unchanged',
    ...budgeted("importing the tiny regency's Senopati extract again with the import command", UNITS.command + UNITS.importTiny, async () => {
      const rows = written.extracts.files.find((f) => f.source === 'senopati')!.rows;
      const r = await runImport(dbName, 'senopati', written.file('senopati'));
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`  read ${rows} = inserted 0 + updated 0 + unchanged ${rows} + rejected 0`);
    }),
  );

  it(
    'lists the first rejected rows with their line and reason, and still exits 0',
    ...budgeted('importing a file with rejected rows with the import command', UNITS.command + UNITS.importTiny, async () => {
      const bad = join(tmp.dir, 'pilar-bad.csv');
      writeFileSync(bad, 'id_pilar,nama,peran,kode_kecamatan,kode_desa,aktif,tanggal_data\nPS-9999,Budi,PENDAMPING PKH,,35.19.99.2999,YA,2026-07-01\n');
      const r = await runImport(dbName, 'pilar', bad);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('  read 1 = inserted 0 + updated 0 + unchanged 0 + rejected 1');
      expect(r.stdout).toContain('    line 2: column kode_desa: "35.19.99.2999" is not a desa code of Kabupaten Madiun');
    }),
  );

  it(
    'refuses a file that is not the named source, writes nothing and exits 1',
    ...budgeted('the import command refusing a file', UNITS.command, async () => {
      const before = await mongoose.connection.db!.collection('households').countDocuments();
      const r = await runImport(dbName, 'dtsen', written.file('pkh'));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/: REFUSED \(import run IR\d{6}\)/);
      expect(r.stdout).toMatch(/  refused: not a DT-SEN extract/);
      expect(r.stdout).toContain('  no record was written; the refusal is kept as the import run');
      expect(await mongoose.connection.db!.collection('households').countDocuments()).toBe(before);
    }),
  );

  it(
    'explains wrong usage and exits 2',
    ...budgeted('the import command run three times with wrong usage', 3 * UNITS.command, async () => {
      // Refused before the database opens: run in this process (its run(), the same exit code and output).
      const runImport = (db: string, ...args: string[]) => runInProcess(run, args, databaseEnv(db));
      const unknown = await runImport(uniqueDbName('cli'), 'dukcapil', 'x.csv');
      expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'unknown source "dukcapil"']);
      expect(unknown.stderr).toContain('usage: npm run import -- <source> <file>');
      const chunk = await runImport(uniqueDbName('cli'), 'dtsen', 'x.csv', '--chunk-size', '0');
      expect([chunk.code, chunk.stderr.split('\n')[0]]).toEqual([2, '--chunk-size must be a whole number of 1 or more, got "0"']);
    }),
  );

  it(
    'names a missing file and exits 1',
    ...budgeted('the import command naming a missing file', UNITS.command, async () => {
      const r = await runImport(dbName, 'dtsen', join(tmp.dir, 'missing.csv'));
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toMatch(/missing\.csv/);
    }),
  );
});
