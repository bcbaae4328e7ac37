import mongoose from 'mongoose';
import type { TokenClaims } from '../../src/auth/jwt';
import { markCountersDirty, recomputeDesaCounters, refreshDirtyCounters } from '../../src/db/statisticsCounters';
import { useImportedSmallHub } from '../integration/helpers';

/*
 * Kabupaten statistics after an import are read from counters kept per desa
 * (src/db/statisticsCounters.ts) instead of grouping the households and people
 * of the whole regency; the cells, the scope and the small-cell rule are the
 * same as counting the records.
 */

const db = () => mongoose.connection.db!;
const STATISTICS = `query($level: StatisticsLevel, $k: String) { statistics(level: $level, kecamatanCode: $k) {
  kecamatan { code } desa { code } households persons householdsReceivingAid suppressed } }`;

type Claims = Partial<TokenClaims> & Pick<TokenClaims, 'role'>;

describe('statistics from the counters per desa', () => {
  const setup = useImportedSmallHub('counters');
  const { hub } = setup;

  /** One statistics request (anonymous when `claims` is null) and the aggregate commands it sent. */
  async function statistics(claims: Claims | null, variables: Record<string, unknown>): Promise<{ cells: unknown[]; aggregates: string[] }> {
    const client = mongoose.connection.getClient();
    const aggregates: string[] = [];
    const listener = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'aggregate') aggregates.push(String(e.command.aggregate));
    };
    client.on('commandStarted', listener);
    try {
      const reply = claims ? await hub.postAs(claims, STATISTICS, variables) : await hub.post(STATISTICS, variables, { authorization: '' });
      expect(reply.body.errors).toBeUndefined();
      return { cells: reply.body.data.statistics, aggregates };
    } finally {
      client.off('commandStarted', listener);
    }
  }

  /** The cells counted from the records themselves (the counters are set aside while a desa is marked). */
  async function counted(claims: Claims | null, variables: Record<string, unknown>): Promise<unknown[]> {
    await markCountersDirty(['35.19.01.2001']);
    try {
      const { cells, aggregates } = await statistics(claims, variables);
      expect(aggregates.length).toBeGreaterThan(0);
      return cells;
    } finally {
      await refreshDirtyCounters();
    }
  }

  const household = () =>
    db()
      .collection('households')
      .findOne({ desaCode: { $exists: true } });

  it('answers an ADMIN from the counters, without grouping households or people, with the counts of the records', async () => {
    const variables = { level: 'DESA' };
    const { cells, aggregates } = await statistics({ role: 'ADMIN' }, variables);
    expect(aggregates).toEqual([]);
    expect(cells).toEqual(await counted({ role: 'ADMIN' }, variables));
    const total = (cells as { households: number }[]).reduce((n, c) => n + c.households, 0);
    expect(total).toBe(await db().collection('households').countDocuments({}));
  });

  it('gives a TKSK, a PSM of one desa and an anonymous caller the cells that counting the records gives them (scope and small cells unchanged)', async () => {
    const h = (await household())!;
    const viewers: (Claims | null)[] = [{ role: 'TKSK', kecamatan: [h.kecamatanCode] }, { role: 'PSM', desa: [h.desaCode] }, null];
    for (const viewer of viewers) {
      for (const variables of [{ level: 'DESA' }, { level: 'KECAMATAN' }, { level: 'DESA', k: h.kecamatanCode }]) {
        const { cells, aggregates } = await statistics(viewer, variables);
        expect(aggregates).toEqual([]);
        expect(cells).toEqual(await counted(viewer, variables));
      }
    }
    const anonymous = (await statistics(null, { level: 'DESA' })).cells as { suppressed: boolean; households: number | null }[];
    expect(anonymous.some((c) => c.suppressed && c.households === null)).toBe(true);
  });

  it('counts the records for a scope the counters do not describe (a PKH companion sees PKH families only)', async () => {
    const h = (await household())!;
    const { aggregates } = await statistics({ role: 'PENDAMPING_PKH', desa: [h.desaCode] }, { level: 'DESA' });
    expect(aggregates.length).toBeGreaterThan(0);
  });

  it('shows a family that moved once recomputeDesaCounters has counted both desas, as the workflows that change records call it', async () => {
    const h = (await household())!;
    const to = h.desaCode === '35.19.01.2001' ? '35.19.01.2002' : '35.19.01.2001';
    await db()
      .collection('households')
      .updateOne({ _id: h._id }, { $set: { desaCode: to, kecamatanCode: '35.19.01' } });
    await db()
      .collection('persons')
      .updateMany({ householdId: h._id }, { $set: { desaCode: to, kecamatanCode: '35.19.01' } });
    await recomputeDesaCounters([h.desaCode, to]);
    const { cells, aggregates } = await statistics({ role: 'ADMIN' }, { level: 'DESA' });
    expect(aggregates).toEqual([]);
    expect(cells).toEqual(await counted({ role: 'ADMIN' }, { level: 'DESA' }));
    const cellOf = (code: string) => (cells as { desa: { code: string }; households: number }[]).find((c) => c.desa.code === code)!.households;
    expect(cellOf(to)).toBe(await db().collection('households').countDocuments({ desaCode: to }));
  });

  it('counts the records while an import has desas marked (a killed import), and uses the counters again once the next finish recounts them', async () => {
    const h = (await household())!;
    await markCountersDirty([h.desaCode]);
    await db().collection('households').deleteOne({ _id: h._id });
    const during = await statistics({ role: 'ADMIN' }, { level: 'DESA' });
    expect(during.aggregates.length).toBeGreaterThan(0);
    const cellOf = (cells: unknown[]) => (cells as { desa: { code: string }; households: number }[]).find((c) => c.desa.code === h.desaCode)!.households;
    const now = await db().collection('households').countDocuments({ desaCode: h.desaCode });
    expect(cellOf(during.cells)).toBe(now);
    await refreshDirtyCounters();
    const after = await statistics({ role: 'ADMIN' }, { level: 'DESA' });
    expect(after.aggregates).toEqual([]);
    expect(cellOf(after.cells)).toBe(now);
  });
});
