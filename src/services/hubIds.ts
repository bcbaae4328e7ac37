import { HubId, WriteCounter } from '../db/models/hubId';

/*
 * Ids of the records the hub writes itself (participations, aid proposals). They start far above
 * the importer's series (src/integration/ids.ts), so the two never meet. The embedded engine does
 * not apply `$inc` atomically between two racing writers (both read 5, both write 6), so a counter
 * alone would hand one id out twice; instead each id is claimed by inserting it into `hubIds`,
 * whose unique `_id` lets one claimant win, and the counter is only a hint of where to start.
 */

export const HUB_ID_START = 90_000_000;
export type HubIdSeries = 'TP' | 'AP';

export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; writeErrors?: { code?: unknown }[] };
  return e.code === 11000 || (Array.isArray(e.writeErrors) && e.writeErrors.every((w) => w.code === 11000));
}

/** Claims the next free id of a series: `TP90000001`, `AP90000001`, ... */
export async function nextHubId(series: HubIdSeries): Promise<string> {
  const hint = (await WriteCounter.findById(series).lean())?.next ?? 0;
  // Writers racing from one hint start a little apart (ids are opaque; gaps are harmless), so that
  // most claims succeed at the first insert instead of all queueing behind the same number.
  for (let n = hint + 1 + Math.floor(Math.random() * 16); ; n += 1 + Math.floor(Math.random() * 4)) {
    const id = series + String(HUB_ID_START + n).padStart(8, '0');
    try {
      await HubId.create({ _id: id, at: new Date() });
    } catch (err) {
      if (isDuplicateKey(err)) continue;
      throw err;
    }
    await WriteCounter.updateOne({ _id: series }, { $max: { next: n } }, { upsert: true }).catch(() => undefined);
    return id;
  }
}
