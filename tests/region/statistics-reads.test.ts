import mongoose from 'mongoose';
import { refreshDirtyCounters } from '../../src/db/statisticsCounters';
import { useRegencyHub } from '../helpers/useHub';

/*
 * Issue 12: kabupaten statistics read the per-desa counters (one small document per desa of
 * the regency, 206 of them) in one round trip: a find whose first reply holds every counter,
 * no getMore, no aggregate over households or people.
 */

const STATISTICS = '{ statistics { kecamatan { code } households persons householdsReceivingAid suppressed } }';

// It counts the desas first (writes the counters), so it takes a copy of the regency, not the shared one.
const hub = useRegencyHub('small', { use: 'write', then: () => refreshDirtyCounters() });

it('answers kabupaten statistics from the counters of every desa with one find and no further batches', async () => {
  const client = mongoose.connection.getClient();
  const commands: string[] = [];
  const listener = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (['find', 'getMore', 'aggregate', 'count'].includes(e.commandName)) commands.push(`${e.commandName} ${String(e.command[e.commandName])}`);
  };
  client.on('commandStarted', listener);
  try {
    const reply = await hub.postAs({ role: 'ADMIN' }, STATISTICS, {});
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.statistics.length).toBeGreaterThan(0);
  } finally {
    client.off('commandStarted', listener);
  }
  expect(await mongoose.connection.db!.collection('statisticsCounters').countDocuments({})).toBeGreaterThan(101);
  expect(commands.filter((c) => c.startsWith('getMore'))).toEqual([]);
  expect(commands.filter((c) => c.startsWith('aggregate'))).toEqual([]);
  expect(commands).toContain('find statisticsCounters');
});
