/**
 * Records an import session has already read or written, kept between its
 * chunks and between the files of one `seed`: on the embedded engine every
 * read of a collection is a scan, and the families a chunk recomputes are
 * mostly the ones the previous chunk or file just wrote. Only the importer
 * writes these records (one import at a time, under the import lock), so a
 * copy is exact until the session ends; discrepancies, which people may
 * change while verifying, are never cached. Oldest entries go first when the
 * session holds more than `maxEntries`.
 */
export class RecordCache {
  private readonly entries = new Map<string, Record<string, unknown> | null>();

  constructor(readonly maxEntries = 250_000) {}

  private static key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  /** A private copy of the record, null when known to be absent, undefined when unknown. */
  get(collection: string, id: string): Record<string, unknown> | null | undefined {
    const v = this.entries.get(RecordCache.key(collection, id));
    return v ? structuredClone(v) : v;
  }

  set(collection: string, id: string, doc: Record<string, unknown> | null): void {
    const k = RecordCache.key(collection, id);
    this.entries.delete(k);
    this.entries.set(k, doc ? structuredClone(doc) : null);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export const UNCACHED_COLLECTIONS = new Set(['discrepancies', 'importRejects', 'importState']);
