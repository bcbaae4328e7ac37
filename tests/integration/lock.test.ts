import { SCENARIOS } from '../../seeds/regency/scenarios';
import { importFile } from '../../src/integration/runner';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import mongoose from 'mongoose';
import { acquireLock, hubWritesCount, ImportBusy, releaseLock } from '../../src/integration/runs';
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

  it('is held by a hub write for a moment: an import waits for it, and a hub write finding an import is refused at once', async () => {
    const before = await hubWritesCount();
    const write = await acquireLock('hub write J1', 'write');
    const asked = Date.now();
    setTimeout(() => void releaseLock(write), 300);
    const importing = await acquireLock('dtsen c.csv');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(300);
    expect(await hubWritesCount()).toBe(before + 1);
    const refused = acquireLock('hub write J2', 'write');
    await expect(refused).rejects.toThrow(/another import is running \(dtsen c\.csv/);
    await expect(refused).rejects.toMatchObject({ byImport: true });
    await releaseLock(importing);
    expect(await hubWritesCount()).toBe(before + 1);
  });

  it("is taken over from a hub write whose process died holding it, counted as a hub write (an import session's copies may be stale)", async () => {
    const before = await hubWritesCount();
    const dead = spawnSync('true').pid!;
    await db()
      .collection('importState')
      .insertOne({ _id: 'lock', owner: 'hub write J3', kind: 'write', token: 'gone', pid: dead, host: hostname(), at: new Date() } as never);
    const lock = await acquireLock('senopati d.jsonl');
    expect((await lockDoc())?.owner).toBe('senopati d.jsonl');
    expect(await hubWritesCount()).toBe(before + 1);
    await releaseLock(lock);
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
