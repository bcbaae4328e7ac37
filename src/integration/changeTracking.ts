import { cloneRecord, UNCACHED_COLLECTIONS, type RecordCache } from './cache';
import { receivesAid } from '../domain/aid';
import { parseLineage } from '../db/models/lineage';
import type { RecordStore } from './store';
import { LINEAGE_FIELDS } from './workingRecords';

/**
 * A stable text form of a stored record (keys sorted, dates as ISO text), to
 * tell whether a chunk changed it: only changed records are written, so an
 * import that changes nothing writes nothing.
 */
export function canonical(value: unknown): string {
  return canonicalText(value, '') ?? (undefined as unknown as string);
}

/** Keys JavaScript enumerates first, in numeric order, whatever the insertion order (array indices). */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
const isIndexKey = (k: string) => INDEX_KEY.test(k) && Number(k) < 4294967295;

/**
 * What `JSON.stringify(value, sortingReplacer)` gives, written directly: the same text (the
 * stored discrepancy hashes depend on it; tests/integration/canonical.test.ts compares both on
 * imported records) at a fraction of the cost, which was the importer's largest own cost after
 * validation. Keys sorted as the replacer's rebuilt object enumerates them: index-like keys in
 * numeric order first, then the others in sort order.
 */
function canonicalText(value: unknown, key: string): string | undefined {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        const parts: string[] = [];
        for (let i = 0; i < v.length; i++) parts.push(canonicalText(v[i], String(i)) ?? 'null');
        return `[${parts.join(',')}]`;
      }
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      const ordered = keys.some(isIndexKey) ? [...keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndexKey(k))] : keys;
      const parts: string[] = [];
      for (const k of ordered) {
        const text = canonicalText(o[k], k);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'bigint':
      return JSON.stringify(v);
    default:
      return undefined;
  }
}

/**
 * Whether two stored records are the same value, structurally: primitives by identity, dates by
 * time, arrays element by element, objects by their keys with a defined value. Never true when
 * canonical() of the two differs (so a record it calls unchanged is unchanged); it may say false
 * where canonical() agrees (key order inside the lineage text, objects with their own toJSON),
 * and callers then compare canonical() texts. It costs a small part of building two texts.
 */
export function sameStored(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (b instanceof Date) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] === undefined || b[i] === undefined || !sameStored(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (typeof (a as { toJSON?: unknown }).toJSON === 'function' || typeof (b as { toJSON?: unknown }).toJSON === 'function') return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k) || x[k] === undefined) continue;
    defined++;
    if (!Object.hasOwn(y, k) || !sameStored(x[k], y[k])) return false;
  }
  for (const k in y) if (Object.hasOwn(y, k) && y[k] !== undefined) defined--;
  return defined === 0;
}

/** ISO texts of recent dates: a record's observations share a few data dates. Bounded: emptied when full. */
const isoTexts = new Map<number, string>();

/**
 * The value with every Date of its plain objects and arrays replaced by the text JSON.stringify
 * would give it (copies only where a date is below; the value is not changed). Other objects are
 * left to JSON.stringify.
 */
function datesAsText(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) {
    if (Object.getPrototypeOf(v) !== Date.prototype || Object.hasOwn(v, 'toJSON')) return v;
    const t = v.getTime();
    if (Number.isNaN(t)) return null;
    let text = isoTexts.get(t);
    if (text === undefined) {
      if (isoTexts.size >= 100_000) isoTexts.clear();
      isoTexts.set(t, (text = v.toISOString()));
    }
    return text;
  }
  if (Object.hasOwn(v, 'toJSON')) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === null || typeof x !== 'object') continue;
      const y = datesAsText(x);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  let out: Record<string, unknown> | undefined;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (!Object.hasOwn(o, k) || k === '__proto__') continue;
    const x = o[k];
    if (x === null || typeof x !== 'object') continue;
    const y = datesAsText(x);
    if (y !== x) (out ??= { ...o })[k] = y;
  }
  return out ?? v;
}

/**
 * JSON.stringify(value), the same text: a Date's toJSON sends JSON.stringify off its fast path,
 * which made the lineage text the largest single cost of a chunk's changes() (and the journal's
 * texts a large one of its commit); the dates are turned into their texts first.
 * tests/integration/lineage-text.test.ts compares both.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(datesAsText(value));
}

/**
 * A record as read with its lineage text unpacked into fields: the record itself when it has no
 * text, else a new object with the same keys in the same order as `Object.assign(record,
 * parseLineage(text))` followed by `delete record.lineage` gave, built without the delete (which
 * left every record read a slow dictionary-mode object). Its values are the record's own (not copied).
 */
export function unpacked(record: Record<string, unknown>): Record<string, unknown> {
  const text = record.lineage;
  if (typeof text !== 'string') return record;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record)) if (k !== 'lineage') out[k] = record[k];
  Object.assign(out, parseLineage<Record<string, unknown>>(text));
  // A lineage that names `lineage` itself (never written so) is removed as before.
  if (Object.hasOwn(out, 'lineage')) delete out.lineage;
  return out;
}

/**
 * Whether a record without lineage is its stored form as read: what changes() finds for `{...doc}`
 * (no changed field, and the same lineage value, which such a record only has when it was read with one).
 */
function unchangedPlain(doc: Record<string, unknown>, original: Readonly<Record<string, unknown>>): boolean {
  for (const k of Object.keys(doc)) if (k !== 'lineage' && !sameStored(doc[k], original[k])) return false;
  for (const k of Object.keys(original)) if (k !== 'lineage' && !Object.hasOwn(doc, k) && !sameStored(undefined, original[k])) return false;
  return (Object.hasOwn(doc, 'lineage') ? doc.lineage : undefined) === original.lineage;
}

/** unpacked(cloneRecord(stored)) in one pass: the lineage text is not copied first. */
export function cloneUnpacked(stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const text = stored.lineage;
  if (typeof text !== 'string') return cloneRecord(stored) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(stored)) if (k !== 'lineage') out[k] = cloneRecord(stored[k]);
  Object.assign(out, parseLineage<Record<string, unknown>>(text));
  if (Object.hasOwn(out, 'lineage')) delete out.lineage;
  return out;
}

/** One write of a chunk, as the journal keeps it. */
export interface WriteOp {
  collection: string;
  docs: Record<string, unknown>[];
  /** Ids of `docs` that already existed (the scan engine deletes them first). */
  existed: string[];
  /**
   * For each existing record of `docs`: its top-level fields whose values differ from the record
   * as read, the lineage text aside (empty when only the lineage changed). The other fields are
   * the stored ones, which validate.ts need not check again. Not journaled.
   */
  changedFields?: ReadonlyMap<string, readonly string[]>;
  /** For each existing record of `docs`: its stored form as read, which an undo journal keeps (journal.ts). Not journaled. */
  before?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

/**
 * The records of one collection a chunk has read or written, in memory.
 * Records are loaded in batches by `_id` (one scan per batch on the embedded
 * engine, so callers gather ids and load once per stage), changed in place,
 * and written together at the end of the chunk.
 */
export class Tracked<T extends { _id: string }> {
  private readonly docs = new Map<string, T>();
  /**
   * Each record as read, in its stored form (lineage as text; never changed); absent for records
   * created in this chunk. Compared with the stored form of the record at the end of the chunk
   * (changes()): only changed records are written.
   */
  private readonly originals = new Map<string, Readonly<Record<string, unknown>>>();
  /** Ids looked up and not found. */
  private readonly missing = new Set<string>();
  /** The desa of each record as read, and whether it received aid, for the statistics counters (src/db/statisticsCounters.ts). */
  private readonly desaAsRead = new Map<string, string>();
  private readonly aidedAsRead = new Set<string>();

  private readonly cache: RecordCache | null;
  /** Where the records of the chunk whose writes are in flight are read from, whatever the collection (cache.ts pin()). */
  private readonly flight: RecordCache | null;
  private readonly lineage: readonly string[];
  private readonly lineageSet: ReadonlySet<string>;

  constructor(
    readonly collection: string,
    private readonly store: RecordStore,
    cache: RecordCache | null,
  ) {
    this.cache = UNCACHED_COLLECTIONS.has(collection) ? null : cache;
    this.flight = cache;
    this.lineage = LINEAGE_FIELDS[collection] ?? [];
    this.lineageSet = new Set(this.lineage);
  }

  /** A record as read, its lineage already unpacked (unpacked(), cloneUnpacked()); `stored` is its stored form, which nothing changes. */
  private loaded(d: T, stored: Readonly<Record<string, unknown>>): void {
    const doc = d as unknown as Record<string, unknown>;
    this.docs.set(d._id, d);
    this.originals.set(d._id, stored);
    if (typeof doc.desaCode === 'string') this.desaAsRead.set(d._id, doc.desaCode);
    if (Array.isArray(doc.aid) && receivesAid(doc.aid as string[])) this.aidedAsRead.add(d._id);
  }

  /** The desa a record had when it was read (undefined for records created in this chunk or without one). */
  desaBefore(id: string): string | undefined {
    return this.desaAsRead.get(id);
  }

  /** Whether a record received aid (an ACTIVE enrolment) when it was read. */
  aidedBefore(id: string): boolean {
    return this.aidedAsRead.has(id);
  }

  /** A record as stored: its lineage fields packed into one text. */
  private packed(d: T): Record<string, unknown> {
    const doc = d as unknown as Record<string, unknown>;
    if (this.lineage.length === 0) return { ...doc };
    // Built key by key, not a copy with the lineage fields deleted: a delete turns the copy into a
    // slow dictionary-mode object, which every later reader (validation, the journal's text, BSON) pays for.
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(doc)) if (!this.lineageSet.has(k)) out[k] = doc[k];
    let lineage: Record<string, unknown> | undefined;
    for (const f of this.lineage) if (doc[f] !== undefined) (lineage ??= {})[f] = doc[f];
    if (lineage) out.lineage = jsonText(lineage);
    return out;
  }

  /** Reads the given ids that are not known yet, in one batch. */
  async load(ids: Iterable<string | null | undefined>): Promise<void> {
    const wanted = new Set<string>();
    for (const id of ids) {
      if (!id || this.docs.has(id) || this.missing.has(id)) continue;
      // Written by the previous chunk, whose writes may still be at the engine: never read from it.
      const pinned = this.flight?.pinned(this.collection, id);
      if (pinned) {
        this.loaded(cloneUnpacked(pinned) as unknown as T, pinned);
        continue;
      }
      const cached = this.cache?.peek(this.collection, id);
      // Never written to a collection that was empty when the session began (absence.ts): not asked of the engine, nor kept as null.
      if (cached === undefined && this.cache?.knownAbsent(this.collection, id)) this.missing.add(id);
      else if (cached === undefined) wanted.add(id);
      else if (cached === null) this.missing.add(id);
      else this.loaded(cloneUnpacked(cached) as unknown as T, cached);
    }
    if (wanted.size === 0) return;
    for (const d of await this.store.fetch(this.collection, [...wanted])) {
      // The cache keeps the stored form: the lineage text is smaller than its objects.
      let stored: Readonly<Record<string, unknown>> | null | undefined;
      if (this.cache) {
        this.cache.set(this.collection, d._id, d);
        stored = this.cache.peek(this.collection, d._id);
      }
      stored ??= cloneRecord(d);
      this.loaded(unpacked(d as unknown as Record<string, unknown>) as unknown as T, stored);
      wanted.delete(d._id);
    }
    for (const id of wanted) {
      this.missing.add(id);
      this.cache?.set(this.collection, id, null);
    }
  }

  get(id: string | null | undefined): T | undefined {
    return id ? this.docs.get(id) : undefined;
  }

  /** The record, which must have been loaded or created. */
  need(id: string): T {
    const d = this.docs.get(id);
    if (!d) throw new Error(`${this.collection} ${id} was not loaded`);
    return d;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  isLoaded(id: string): boolean {
    return this.docs.has(id) || this.missing.has(id);
  }

  put(doc: T): T {
    this.docs.set(doc._id, doc);
    this.missing.delete(doc._id);
    return doc;
  }

  existedBefore(id: string): boolean {
    return this.originals.has(id);
  }

  all(): T[] {
    return [...this.docs.values()];
  }

  /** The records this chunk created or changed, as one write. */
  changes(): WriteOp | null {
    const docs: Record<string, unknown>[] = [];
    const existed: string[] = [];
    const changedFields = new Map<string, string[]>();
    const before = new Map<string, Readonly<Record<string, unknown>>>();
    for (const [id, doc] of this.docs) {
      const original = this.originals.get(id);
      // Without lineage the stored form is a plain copy of the record: an unchanged one is told
      // from the record itself, and copied only when written (most link keys a chunk reads stay).
      if (this.lineage.length === 0 && original !== undefined && unchangedPlain(doc as unknown as Record<string, unknown>, original)) continue;
      const out = this.packed(doc);
      if (original !== undefined) {
        const changed: string[] = [];
        // The keys of both, each once, in that order (no merged copy per record).
        for (const k of Object.keys(out)) if (k !== 'lineage' && !sameStored(out[k], original[k])) changed.push(k);
        for (const k of Object.keys(original)) if (k !== 'lineage' && !Object.hasOwn(out, k) && !sameStored(undefined, original[k])) changed.push(k);
        // The same record (its lineage text may differ only in key order, which is then written again).
        if (changed.length === 0 && out.lineage === original.lineage) continue;
        existed.push(id);
        changedFields.set(id, changed);
        before.set(id, original);
      }
      docs.push(out);
    }
    return docs.length > 0 ? { collection: this.collection, docs, existed, changedFields, before } : null;
  }
}
