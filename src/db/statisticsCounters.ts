import { regionReference } from '../reference/regions';
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
 *   - `ready`: the counters describe the database (set when the first import starts on an empty
 *     database, or after counting every desa once); until then statistics count the records;
 *   - `dirty`: desas whose counters may be wrong. The importer marks a chunk's desas before it
 *     writes the chunk, adds what the chunk changed (`counterDeltas` of the chunk: records as read
 *     and as written) once the chunk is written, then clears the marks. A process killed in
 *     between leaves the marks; the next import recounts those desas before it starts. While any
 *     desa is marked, statistics count the records.
 * Writers other than the importer (the portals' workflows) call `recomputeDesaCounters` with the
 * desas whose households or people they changed (both the old and the new desa of a move).
 */

export interface CounterDelta {
  households: number;
  persons: number;
  householdsReceivingAid: number;
}

/** Changes per desa code. */
export type CounterDeltas = Map<string, CounterDelta>;

const STATE_ID = 'statisticsCounters';
/** More than the desas of a regency, so that statistics read their counters in one round trip. */
const COUNTERS_BATCH = 1000;

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

/**
 * The importer, when it starts on a file (after finishing any chunk a killed run left pending):
 * recounts the desas a killed run left marked, and on a database that has never had counters,
 * starts them at zero if it holds no households and no people yet.
 */
export async function beginCounters(): Promise<void> {
  const s = await readState();
  if (!s) {
    const empty = (await Household.countDocuments({})) === 0 && (await Person.countDocuments({})) === 0;
    if (empty) await state().updateOne({ _id: STATE_ID as never }, { $set: { ready: true, dirty: [] } } as never, { upsert: true });
    return;
  }
  if (s.ready && (s.dirty?.length ?? 0) > 0) await refreshDirtyCounters();
}

/**
 * The importer, once a chunk is written: adds the chunk's changes to the counters of its desas
 * (which `markCountersDirty` marked before the writes), then clears their marks. Counters that are
 * not ready are left to the full count at the finish.
 */
export async function applyCounterDeltas(deltas: CounterDeltas): Promise<void> {
  if (deltas.size === 0) return;
  const s = await readState();
  if (!s?.ready) return;
  const kecamatanOf = desaKecamatans();
  const codes = [...deltas.keys()].filter((c) => kecamatanOf.has(c));
  const current = new Map((await StatisticsCounter.collection.find({ _id: { $in: codes } as never }).toArray()).map((d) => [String(d._id), d as unknown as StatisticsCounterDoc]));
  const countedAt = new Date();
  const docs: StatisticsCounterDoc[] = codes.map((code) => {
    const was = current.get(code);
    const d = deltas.get(code)!;
    return {
      _id: code,
      kecamatanCode: kecamatanOf.get(code)!,
      households: (was?.households ?? 0) + d.households,
      persons: (was?.persons ?? 0) + d.persons,
      householdsReceivingAid: (was?.householdsReceivingAid ?? 0) + d.householdsReceivingAid,
      countedAt,
    };
  });
  if (docs.length > 0) {
    await StatisticsCounter.collection.deleteMany({ _id: { $in: codes } as never });
    await StatisticsCounter.collection.insertMany(docs as never[]);
  }
  await state().updateOne({ _id: STATE_ID as never }, { $pullAll: { dirty: [...deltas.keys()].sort() } } as never);
}

/** The importer, before writing a chunk: these desas' counters are about to be wrong. */
export async function markCountersDirty(desaCodes: Iterable<string>): Promise<void> {
  const codes = [...new Set(desaCodes)].sort();
  if (codes.length === 0) return;
  await state().updateOne({ _id: STATE_ID as never }, { $addToSet: { dirty: { $each: codes } } } as never, { upsert: true });
}

/**
 * Recounts the desas marked dirty (every desa when the counters are not ready yet), then clears
 * the marks: at the finish of every import (normally nothing is left to do), and for the marks a
 * killed import left. Safe to repeat.
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
  // One reply for every desa (206 in the regency; the driver's first batch is 101 documents).
  const docs = await StatisticsCounter.find({}).batchSize(COUNTERS_BATCH).lean<StatisticsCounterDoc[]>().setOptions(options);
  return new Map(docs.map((d) => [d._id, d]));
}
