import { regionReference } from '../../seeds/regions';
import { aidTokens } from '../domain/aid';
import { inList } from './filters';
import { Household } from './models/household';
import { ImportState } from './models/linkKey';
import { Person } from './models/person';
import { StatisticsCounter, type StatisticsCounterDoc } from './models/statisticsCounter';

/*
 * Counters per desa behind kabupaten `statistics` (src/services/statistics.ts): grouping the
 * households and people of a whole regency reads every record on the embedded engine (16 s for
 * 2,000 families), while the counters are 206 small documents.
 *
 * They are exact or not used. Their state is one document in `importState`:
 *   - `ready`: every desa has been counted once (the first import counts them all, whatever was
 *     in the database before); until then statistics group the collections as before;
 *   - `dirty`: desas whose records an import is changing. The importer adds a chunk's desas
 *     before it writes the chunk (so a process killed midway leaves them listed) and recounts
 *     them at the finish of the file. While any desa is listed, statistics group the collections.
 * Writers other than the importer (the portals' workflows) call `recomputeDesaCounters` with the
 * desas whose households or people they changed (both the old and the new desa of a move).
 */

const STATE_ID = 'statisticsCounters';

interface CounterState {
  ready?: boolean;
  dirty?: string[];
}

const state = () => ImportState.collection;

async function readState(): Promise<CounterState | null> {
  return (await state().findOne({ _id: STATE_ID as never })) as CounterState | null;
}

/** Desa codes of the regency, with their kecamatan. */
function desaKecamatans(): Map<string, string> {
  return new Map(regionReference().desas.map((d) => [d.code, d.kecamatanCode]));
}

/**
 * Counts the households, people and households receiving aid of each given desa again and
 * stores the counts (codes outside the regency are ignored). Each count is one `countDocuments`
 * on the `desaCode` index, so this costs the size of those desas, not of the regency. Call it
 * after changing households or people outside the importer.
 */
export async function recomputeDesaCounters(desaCodes: Iterable<string>): Promise<void> {
  const kecamatanOf = desaKecamatans();
  const codes = [...new Set(desaCodes)].filter((c) => kecamatanOf.has(c)).sort();
  const active = aidTokens(null, 'ACTIVE');
  let at = 0;
  const worker = async () => {
    while (at < codes.length) {
      const code = codes[at++]!;
      const [households, persons, householdsReceivingAid] = await Promise.all([
        Household.countDocuments({ desaCode: code }),
        Person.countDocuments({ desaCode: code }),
        Household.countDocuments({ desaCode: code, aid: inList(active) }),
      ]);
      const doc: StatisticsCounterDoc = { _id: code, kecamatanCode: kecamatanOf.get(code)!, households, persons, householdsReceivingAid, countedAt: new Date() };
      await StatisticsCounter.replaceOne({ _id: code }, doc, { upsert: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, codes.length) }, worker));
}

/** The importer, before writing a chunk: these desas' counters are about to be wrong. */
export async function markCountersDirty(desaCodes: Iterable<string>): Promise<void> {
  const codes = [...new Set(desaCodes)].sort();
  if (codes.length === 0) return;
  await state().updateOne({ _id: STATE_ID as never }, { $addToSet: { dirty: { $each: codes } } } as never, { upsert: true });
}

/**
 * The importer, at the finish of a file: recounts the desas marked dirty (every desa the first
 * time), then clears the marks. Safe to repeat: a run killed before the end leaves the marks for
 * the next finish.
 */
export async function refreshDirtyCounters(): Promise<void> {
  const s = await readState();
  const dirty = s?.dirty ?? [];
  if (s?.ready) {
    if (dirty.length === 0) return;
    await recomputeDesaCounters(dirty);
    await state().updateOne({ _id: STATE_ID as never }, { $pullAll: { dirty } } as never);
    return;
  }
  await recomputeDesaCounters(desaKecamatans().keys());
  await state().updateOne({ _id: STATE_ID as never }, { $set: { ready: true }, $pullAll: { dirty } } as never, { upsert: true });
}

/**
 * The counters by desa when they are exact (every desa counted, none being changed), null
 * otherwise: the caller then counts the records themselves.
 */
export async function readDesaCounters(options: { maxTimeMS?: number; signal?: AbortSignal } = {}): Promise<Map<string, StatisticsCounterDoc> | null> {
  const s = await readState();
  if (!s?.ready || (s.dirty?.length ?? 0) > 0) return null;
  const docs = await StatisticsCounter.find({}).lean<StatisticsCounterDoc[]>().setOptions(options);
  return new Map(docs.map((d) => [d._id, d]));
}
