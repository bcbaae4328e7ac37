import { AbsenceFilter } from './absence';

/**
 * Records an import session has already read or written, kept between its
 * chunks and between the files of one `seed`: on the embedded engine every
 * read of a collection is a scan, and the families a chunk recomputes are
 * mostly the ones the previous chunk or file just wrote. Whoever else writes
 * these records does it under the import lock too (hub writes, for a moment:
 * src/writes/journal.ts), never during a file: a copy is exact until the next
 * file, and each file of a session starts by emptying the cache when a hub
 * write held the lock since the last (`hubWritesSeen`, runner.ts).
 * Discrepancies, which people change while verifying, are never cached.
 * Oldest entries go first when the session holds more than `maxEntries`.
 */
/**
 * A deep copy of a stored record (plain objects, arrays, dates). Not
 * structuredClone: its copies are made in the host's realm, so `instanceof
 * Date` fails on them wherever code runs in a VM context (jest does).
 */
export function cloneRecord<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      // A sparse array keeps its holes, as map() does.
      if (!(i in value)) return value.map(cloneRecord) as T;
      out.push(cloneRecord(value[i]));
    }
    return out as T;
  }
  // Keys walked once, no [key, value] pair per field (the copy of every record read went through Object.entries).
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = cloneRecord(o[k]);
  return out as T;
}

/** Collections whose absent ids the session tracks when they were empty at its start (absence.ts). */
export const ABSENCE_TRACKED = ['linkKeys'] as const;

export class RecordCache {
  /** The count of hub writes (runs.ts hubWritesCount) when the session's last file took the lock; null before its first. */
  hubWritesSeen: number | null = null;
  /**
   * Per collection of ABSENCE_TRACKED: the ids that may exist (the collection was empty when the
   * session first looked, and the session wrote these since), or null when the collection held
   * records then (nothing is known absent). No entry: not looked yet.
   */
  private readonly absence = new Map<string, AbsenceFilter | null>();
  private readonly entries = new Map<string, Record<string, unknown> | null>();
  /**
   * Walks the entries oldest first, across evictions: a fresh `keys()` per eviction would step
   * again over every entry deleted before it (a Map keeps their slots until it is rebuilt), which
   * made each `set` into a full cache cost up to a millisecond at 200,000 entries.
   */
  private oldest: MapIterator<string> = this.entries.keys();
  /**
   * The records of the chunk whose writes are at the engine (chunkImport.ts), every collection's,
   * discrepancies included: the next chunk reads them here, never from the engine while their
   * write is in flight, and eviction does not drop them. Replaced per chunk, emptied once written.
   */
  private inFlight = new Map<string, Record<string, unknown>>();

  constructor(readonly maxEntries = 200_000) {}

  private static key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  /** A private copy of the record, null when known to be absent, undefined when unknown. */
  get(collection: string, id: string): Record<string, unknown> | null | undefined {
    const v = this.entries.get(RecordCache.key(collection, id));
    return v ? cloneRecord(v) : v;
  }

  /**
   * The cache's own copy, not a private one: the caller must not change it (Tracked keeps it as
   * a record's form as read, to compare with what the chunk writes).
   */
  peek(collection: string, id: string): Readonly<Record<string, unknown>> | null | undefined {
    const k = RecordCache.key(collection, id);
    return this.inFlight.get(k) ?? this.entries.get(k);
  }

  /**
   * The record as the chunk in flight writes it, of any collection (UNCACHED_COLLECTIONS too);
   * undefined when that chunk does not write it. The caller must not change it.
   */
  pinned(collection: string, id: string): Readonly<Record<string, unknown>> | undefined {
    return this.inFlight.size === 0 ? undefined : this.inFlight.get(RecordCache.key(collection, id));
  }

  /**
   * Holds the records a chunk is about to write (their final stored form, which the caller no
   * longer changes) until unpin(): readers get them from here while the write is in flight.
   * The records of cached collections are also kept in the cache (without a copy: the caller
   * hands them over). At most one chunk is pinned.
   */
  pin(writes: readonly { collection: string; docs: readonly Record<string, unknown>[] }[]): void {
    this.inFlight = new Map();
    for (const op of writes) {
      const cached = !UNCACHED_COLLECTIONS.has(op.collection);
      const absence = this.absence.get(op.collection);
      for (const doc of op.docs) {
        const id = String(doc._id);
        absence?.add(id);
        const k = RecordCache.key(op.collection, id);
        this.inFlight.set(k, doc);
        // Not copied: the chunk hands over its final records, which nothing changes any more.
        if (cached) this.keep(k, doc);
      }
    }
  }

  /** The pinned chunk's writes are at the engine: its records are read from the cache or the engine again. */
  unpin(): void {
    this.inFlight = new Map();
  }

  set(collection: string, id: string, doc: Record<string, unknown> | null): void {
    if (doc) this.absence.get(collection)?.add(id);
    this.keep(RecordCache.key(collection, id), doc ? cloneRecord(doc) : null);
  }

  /** Keeps a record the cache now owns (no copy). */
  private keep(k: string, doc: Record<string, unknown> | null): void {
    this.entries.delete(k);
    this.entries.set(k, doc);
    while (this.entries.size > this.maxEntries) {
      let oldest = this.oldest.next();
      if (oldest.done) {
        this.oldest = this.entries.keys();
        oldest = this.oldest.next();
      }
      this.entries.delete(oldest.value!);
    }
  }

  /** Drops what is known of one record (another writer changed it): it is read from the database again. */
  forget(collection: string, id: string): void {
    this.entries.delete(RecordCache.key(collection, id));
    // Another writer: what the session knows absent from this collection no longer holds.
    if (this.absence.get(collection)) this.absence.set(collection, null);
  }

  /**
   * Notes, once per session and collection of ABSENCE_TRACKED, whether the collection is empty
   * (`isEmpty` asks the engine); from then on the ids the session writes are recorded. Call it
   * only when no chunk's writes are in flight (at the start of a file).
   */
  async noteEmpty(isEmpty: (collection: string) => Promise<boolean>): Promise<void> {
    for (const c of ABSENCE_TRACKED) {
      if (this.absence.has(c) || this.inFlight.size > 0) continue;
      this.absence.set(c, (await isEmpty(c)) ? new AbsenceFilter() : null);
    }
  }

  /** Whether the record certainly does not exist: its collection was empty at the session's start and the session never wrote it. */
  knownAbsent(collection: string, id: string): boolean {
    return this.absence.get(collection)?.absent(id) ?? false;
  }

  clear(): void {
    this.absence.clear();
    this.entries.clear();
    this.inFlight = new Map();
    this.oldest = this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }
}

export const UNCACHED_COLLECTIONS = new Set(['discrepancies', 'importRejects', 'importState']);
