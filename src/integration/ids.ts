import mongoose from 'mongoose';

/** The id series the pipeline hands out, with their digits and the collection holding them. */
export const ID_SERIES = {
  P: { digits: 7, collection: 'persons' },
  H: { digits: 7, collection: 'households' },
  E: { digits: 8, collection: 'enrollments' },
  T: { digits: 5, collection: 'trainings' },
  TP: { digits: 8, collection: 'trainingParticipations' },
  PL: { digits: 4, collection: 'pilar' },
  DQ: { digits: 8, collection: 'discrepancies' },
  RJ: { digits: 8, collection: 'importRejects' },
} as const;
export type IdSeries = keyof typeof ID_SERIES;

export const COUNTERS_ID = 'ids';

/**
 * Hands out ids in order. The next numbers live in one document written with
 * every chunk's journal, so an import resumed after a crash hands out exactly
 * the ids the uninterrupted one would have.
 */
export class IdAllocator {
  constructor(private readonly nextBySeries: Record<IdSeries, number>) {}

  next(series: IdSeries): string {
    const n = this.nextBySeries[series]++;
    const { digits } = ID_SERIES[series];
    if (n >= 10 ** digits) throw new Error(`id series ${series} is exhausted (${digits} digits)`);
    return series + String(n).padStart(digits, '0');
  }

  snapshot(): Record<IdSeries, number> {
    return { ...this.nextBySeries };
  }
}

/**
 * The counters document, or, for a database written by the test builders,
 * one past the highest id of each collection (read once).
 */
export async function loadCounters(): Promise<Record<IdSeries, number>> {
  const db = mongoose.connection.db!;
  const stored = (await db.collection<{ _id: string }>('importState').findOne({ _id: COUNTERS_ID })) as Record<string, unknown> | null;
  const out = {} as Record<IdSeries, number>;
  for (const [series, { collection }] of Object.entries(ID_SERIES) as [IdSeries, (typeof ID_SERIES)[IdSeries]][]) {
    const n = stored?.[series];
    if (typeof n === 'number') {
      out[series] = n;
      continue;
    }
    let max = 0;
    const pattern = new RegExp(`^${series}(\\d+)$`);
    for await (const d of db.collection<{ _id: string }>(collection).find({}, { projection: { _id: 1 } })) {
      const m = pattern.exec(String(d._id));
      if (m) max = Math.max(max, Number(m[1]));
    }
    out[series] = max + 1;
  }
  return out;
}
