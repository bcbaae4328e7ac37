import { MongoClient, type Db } from 'mongodb';
import { run } from '../../src/cli/indexes';
import { allModels } from '../../src/db/models';
import { databaseEnv, runCommand, runInProcess, type CommandResult } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';
import { budgeted, UNITS } from '../helpers/budget';

/** `npm run db:indexes` as one process on the run's engine and this database. */
function runIndexes(dbName: string, ...args: string[]): Promise<CommandResult> {
  return runCommand('src/cli/indexes.ts', args, databaseEnv(dbName));
}

/**
 * The same command run in this process (its run(): the same exit code and output, no process to start). It opens and
 * closes mongoose's connections (mongoose.disconnect closes every one), so the tests read the database through a
 * driver client of their own.
 */
function runIndexesHere(dbName: string, ...args: string[]): Promise<CommandResult> {
  return runInProcess(run, args, databaseEnv(dbName));
}

describe('the deploy-time index command', () => {
  const dbName = uniqueDbName('idx');
  const client = new MongoClient(process.env.MONGODB_URI!);
  let db: Db;

  beforeAll(async () => {
    db = (await client.connect()).db(dbName);
  });
  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  });

  it(
    'creates every collection and every index the models declare on an empty database, and lists them',
    ...budgeted('the index command run to its end', UNITS.command, async () => {
      const r = await runIndexes(dbName);
      expect(r.code).toBe(0);
      for (const model of allModels()) {
        const declared = model.schema.indexes().map(([key]) => key);
        const stored = (await db.collection(model.collection.collectionName).indexes()).map((i) => i.key);
        for (const key of declared) expect(stored).toContainEqual(key);
      }
      expect(r.stdout).toMatch(/^persons: \{ _id: 1 \} .*\{ nik: 1 \}/m);
      const collections = new Set(allModels().map((m) => m.collection.collectionName)).size;
      expect(r.stdout).toMatch(new RegExp(`^\\d+ indexes on ${collections} collections of idx_\\S+, ready in [\\d.]+ s$`, 'm'));
    }),
  );

  it(
    'builds the indexes of the audit trail, which answers "who looked at my data" by person and by viewer',
    ...budgeted('the index command run to its end', UNITS.command, async () => {
      await runIndexesHere(dbName);
      const keys = (await db.collection('auditEvents').indexes()).map((i) => i.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          { personIds: 1, at: -1 },
          { householdIds: 1, at: -1 },
          { subject: 1, at: -1 },
        ]),
      );
    }),
  );

  it(
    'changes nothing when run again',
    ...budgeted('the index command run again', UNITS.command, async () => {
      const before = await db.collection('households').indexes();
      const r = await runIndexesHere(dbName);
      expect(r.code).toBe(0);
      expect(await db.collection('households').indexes()).toEqual(before);
    }),
  );

  it(
    'answers a wrong argument with the usage and exit status 2',
    ...budgeted('the index command run with wrong arguments', UNITS.command, async () => {
      const r = await runIndexesHere(dbName, '--drop');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: npm run db:indexes');
    }),
  );
});
