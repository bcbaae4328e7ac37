import { MongoClient, type Db } from 'mongodb';
import { budgeted, UNITS } from './budget';
import { uniqueDbName } from './config';
import { liveHandle } from './useHub';

/*
 * The one setup of a test file that talks to the run's engine with the driver alone (no hub): a client on it and a
 * database of the file's own, dropped after the file's tests.
 */

/** A database named after `prefix` (uniqueDbName) on the run's engine, opened before the file's tests; a live handle. */
export function useEngineDb(prefix: string): Db {
  let client: MongoClient | undefined;
  let db: Db | undefined;
  const what = 'a client on the run engine';
  beforeAll(
    ...budgeted(what, UNITS.engine, async () => {
      client = await MongoClient.connect(process.env.MONGODB_URI!);
      db = client.db(uniqueDbName(prefix));
    }),
  );
  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });
  return liveHandle(what, () => db, 'database');
}
