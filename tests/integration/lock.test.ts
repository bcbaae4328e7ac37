import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { importFile } from '../../src/integration/runner';
import { acquireLock, ImportBusy, releaseLock } from '../../src/integration/runs';
import { dropDatabase, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';

const db = () => mongoose.connection.db!;
const lockDoc = () =>
  db()
    .collection('importState')
    .findOne({ _id: 'lock' as never });

describe('the import lock', () => {
  const tmp = tempDir('lock');
  let written: Written;

  beforeAll(async () => {
    await useFreshDatabase();
    written = await writeScenario(SCENARIOS.tiny, tmp.dir);
  });
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it('belongs to one import: a second import in the same process is refused, and releasing another lock leaves it held', async () => {
    const held = await acquireLock('senopati a.jsonl');
    await expect(acquireLock('dtsen b.csv')).rejects.toThrow(ImportBusy);
    await expect(acquireLock('dtsen b.csv')).rejects.toThrow(/another import is running \(senopati a\.jsonl/);
    await releaseLock({ token: 'an import that gave up' });
    expect((await lockDoc())?.owner).toBe('senopati a.jsonl');
    await releaseLock(held);
    expect(await lockDoc()).toBeNull();
  });

  it('is released by an import whose caller gave up: it stops before its next chunk, its run is resumed by the next import of the file', async () => {
    const file = written.file('senopati');
    const rows = written.extracts.files.find((f) => f.source === 'senopati')!.rows;
    const gaveUp = new AbortController();
    const stopped = importFile({
      source: 'senopati',
      file,
      chunkSize: 20,
      signal: gaveUp.signal,
      onProgress: () => gaveUp.abort(new Error('the test timed out')),
    });
    await expect(stopped).rejects.toThrow('the test timed out');
    expect(await lockDoc()).toBeNull();
    const run = await db().collection('importRuns').findOne({ status: 'RUNNING' });
    expect([run?.chunks, run?.checkpointLine, run?.message]).toEqual([1, 20, 'the test timed out']);

    const again = await importFile({ source: 'senopati', file, chunkSize: 20 });
    expect([again.status, again.resumed, again.runId, again.counts.read]).toEqual(['COMPLETED', true, run!._id, rows]);
    expect(await lockDoc()).toBeNull();
  });
});
