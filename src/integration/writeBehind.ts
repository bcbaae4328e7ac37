import { cloneRecord } from './cache';
import { RecordStore, type StoreTally } from './store';
import { validateWrites } from './validate';

type Doc = Record<string, unknown> & { _id: string };

interface Held {
  doc: Doc;
  /** Not in the database yet: inserted at the flush; otherwise replaced. */
  fresh: boolean;
}

/** What one flush wrote. */
export interface FlushTally {
  inserted: number;
  replaced: number;
}

/**
 * The record store of a first load by clusters (clusterLoad.ts): the chunks' writes are not sent
 * to the engine but kept here, merged by collection and `_id` (the last version wins), until the
 * bucket ends and `flush()` writes each record once. Reads of a held record are answered from
 * here, never from the engine (which does not have it yet); other ids go to the engine. Nothing
 * is evicted: a bucket's records stay until its flush.
 *
 * A record is inserted at the flush when the first write of it in this buffer did not replace a
 * stored record (the chunk did not read it from the engine or the cache), replaced otherwise.
 * There is no journal: a first load is all or nothing (its marker, clusterLoad.ts). The records are
 * checked against the models here, each once and whole as it is written (validate.ts), not by each
 * chunk that changed it.
 */
export class WriteBehindStore extends RecordStore {
  private held = new Map<string, Map<string, Held>>();
  /** The records of the flush under way (startFlush), answered from here until they are written. */
  private flushing: Map<string, Map<string, Held>> | null = null;
  private flushed: Promise<unknown> = Promise.resolve();
  /** Ids read and records handed over, per label (the file being imported), for the benchmarks. */
  private readonly tallies = new Map<string, StoreTally>();
  private label = '';

  constructor(readonly engine: RecordStore) {
    super(engine.profile);
  }

  /** Names the file whose chunks now read and write (its tally). */
  setLabel(label: string): void {
    this.label = label;
  }

  /** Ids asked of the buffer and the engine, and records handed to the buffer, while `label` was set. */
  tallyOf(label: string): StoreTally {
    let t = this.tallies.get(label);
    if (!t) this.tallies.set(label, (t = { idsRead: {}, docsWritten: {} }));
    return t;
  }

  private collection(name: string): Map<string, Held> {
    let c = this.held.get(name);
    if (!c) this.held.set(name, (c = new Map()));
    return c;
  }

  /** Records held, all collections. */
  get size(): number {
    let n = 0;
    for (const c of this.held.values()) n += c.size;
    return n;
  }

  override async fetch(name: string, ids: readonly string[]): Promise<(Doc & Record<string, any>)[]> {
    if (ids.length === 0) return [];
    const t = this.tallyOf(this.label);
    t.idsRead[name] = (t.idsRead[name] ?? 0) + ids.length;
    const c = this.held.get(name);
    const f = this.flushing?.get(name);
    const out: Doc[] = [];
    const rest: string[] = [];
    for (const id of ids) {
      const h = c?.get(id) ?? f?.get(id);
      // A copy: the chunk changes the records it reads in place.
      if (h) out.push(cloneRecord(h.doc));
      else rest.push(id);
    }
    if (rest.length > 0) out.push(...((await this.engine.fetch(name, rest)) as Doc[]));
    return out;
  }

  override async isEmpty(name: string): Promise<boolean> {
    return (this.held.get(name)?.size ?? 0) === 0 && (this.flushing?.get(name)?.size ?? 0) === 0 && (await this.engine.isEmpty(name));
  }

  override async replace(name: string, docs: readonly (Record<string, unknown> & { _id: string })[], maybeExisting: readonly string[]): Promise<void> {
    if (docs.length === 0) return;
    const t = this.tallyOf(this.label);
    t.docsWritten[name] = (t.docsWritten[name] ?? 0) + docs.length;
    const c = this.collection(name);
    const existing = new Set(maybeExisting);
    for (const doc of docs) {
      const id = String(doc._id);
      const before = c.get(id);
      c.set(id, { doc, fresh: before ? before.fresh : !existing.has(id) });
    }
  }

  override async remove(name: string, ids: readonly string[]): Promise<void> {
    const c = this.held.get(name);
    const stored: string[] = [];
    for (const id of ids) {
      const h = c?.get(id);
      c?.delete(id);
      if (!h || !h.fresh) stored.push(id);
    }
    await this.engine.remove(name, stored);
  }

  /** The held record (not a copy: do not change it), or undefined. */
  peekHeld(name: string, id: string): Readonly<Doc> | undefined {
    return this.held.get(name)?.get(id)?.doc;
  }

  /**
   * Writes these held records now and stops holding them (a workflow is about to read and change
   * them in the database): a later write of them replaces what is stored.
   */
  async writeNow(name: string, ids: readonly string[]): Promise<void> {
    const c = this.held.get(name);
    if (!c) return;
    const part = new Map<string, Held>();
    for (const id of ids) {
      const h = c.get(id);
      if (h) part.set(id, h);
      c.delete(id);
    }
    await this.write(name, part);
  }

  private async write(name: string, held: ReadonlyMap<string, Held>): Promise<FlushTally> {
    const fresh: Doc[] = [];
    const old: Doc[] = [];
    for (const h of held.values()) (h.fresh ? fresh : old).push(h.doc);
    // Each record once, whole, in its final form: the chunks that wrote it here did not check it (chunkImport.ts).
    await validateWrites([{ collection: name, docs: [...fresh, ...old], existed: [] }]);
    if (fresh.length > 0) await this.engine.replace(name, fresh as never, []);
    if (old.length > 0)
      await this.engine.replace(
        name,
        old as never,
        old.map((d) => d._id),
      );
    return { inserted: fresh.length, replaced: old.length };
  }

  /** Writes every held record once (new ones inserted, stored ones replaced) and empties the buffer. */
  async flush(): Promise<FlushTally> {
    return await await this.startFlush();
  }

  /**
   * Waits for the flush under way, then starts writing every held record once (new ones
   * inserted, stored ones replaced) and empties the buffer, answering the write's promise
   * without waiting for it: the next bucket is imported while this one is written. Until the
   * write ends its records are answered from here, not from the engine.
   */
  async startFlush(): Promise<Promise<FlushTally>> {
    await this.flushed;
    const batch = this.held;
    this.held = new Map();
    this.flushing = batch;
    const write = (async () => {
      const total: FlushTally = { inserted: 0, replaced: 0 };
      for (const [name, c] of batch) {
        const t = await this.write(name, c);
        total.inserted += t.inserted;
        total.replaced += t.replaced;
      }
      this.flushing = null;
      return total;
    })();
    // Awaited by the next flush; a failure surfaces through the promise answered here.
    this.flushed = write.catch(() => undefined);
    return write;
  }
}
