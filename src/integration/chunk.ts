import type { DiscrepancyDoc } from '../db/models/discrepancy';
import type { ImportRejectDoc } from '../db/models/importRun';
import type { LinkKeyDoc } from '../db/models/linkKey';
import type { ProgrammeDoc } from '../db/models/programme';
import type { DataSource } from '../domain/provenance';
import type { ProgrammeCode } from '../domain/records';
import type { RecordCache } from './cache';
import { COUNTERS_ID, type IdAllocator } from './ids';
import type { RecordStore } from './store';
import { Tracked, type WriteOp } from './changeTracking';
import { receivesAid } from '../domain/aid';
import type { CounterDelta, CounterDeltas } from '../db/statisticsCounters';
import type { EnrollmentWork, HouseholdWork, ParticipationWork, PersonWork, PilarWork, TrainingWork } from './workingRecords';

/** What every chunk of one run shares. */
export interface RunContext {
  runId: string;
  /** Stamped on discrepancies opened or closed by this run: a resumed run stamps the same moment. */
  startedAt: Date;
  source: DataSource;
  programmes: ReadonlyMap<ProgrammeCode, ProgrammeDoc>;
}

/**
 * The unit of work of one chunk of rows: every record it reads, creates or
 * changes, the link keys it resolves and adds, and the golden records whose
 * values and discrepancies must be recomputed before the chunk is written.
 */
export class Chunk {
  readonly keys: Tracked<LinkKeyDoc>;
  readonly persons: Tracked<PersonWork>;
  readonly households: Tracked<HouseholdWork>;
  readonly enrollments: Tracked<EnrollmentWork>;
  readonly trainings: Tracked<TrainingWork>;
  readonly participations: Tracked<ParticipationWork>;
  readonly pilar: Tracked<PilarWork>;
  readonly discrepancies: Tracked<DiscrepancyDoc>;
  readonly rejects: ImportRejectDoc[] = [];
  /** Persons whose observations changed: their golden values are recomputed. */
  readonly touchedPersons = new Set<string>();
  /** Households whose family (members, enrolments, observations) changed: the whole family is re-evaluated. */
  readonly touchedHouseholds = new Set<string>();

  constructor(
    readonly run: RunContext,
    store: RecordStore,
    readonly ids: IdAllocator,
    cache: RecordCache | null = null,
  ) {
    this.keys = new Tracked('linkKeys', store, cache);
    this.persons = new Tracked('persons', store, cache);
    this.households = new Tracked('households', store, cache);
    this.enrollments = new Tracked('enrollments', store, cache);
    this.trainings = new Tracked('trainings', store, cache);
    this.participations = new Tracked('trainingParticipations', store, cache);
    this.pilar = new Tracked('pilar', store, cache);
    this.discrepancies = new Tracked('discrepancies', store, cache);
  }

  /** The golden id a link key points at, if the key is known (load it first). */
  link(key: string): string | undefined {
    return this.keys.get(key)?.id;
  }

  setLink(key: string, id: string): void {
    const current = this.keys.get(key);
    if (current?.id !== id) this.keys.put({ _id: key, id });
  }

  /**
   * What the writes change in the statistics counters of each desa: households, people and
   * households receiving aid that arrive (+1) or leave (-1), from the records as read and as written.
   */
  counterDeltas(ops: readonly WriteOp[]): CounterDeltas {
    const deltas: CounterDeltas = new Map();
    const add = (desa: unknown, field: keyof CounterDelta, n: number) => {
      if (typeof desa !== 'string') return;
      let d = deltas.get(desa);
      if (!d) deltas.set(desa, (d = { households: 0, persons: 0, householdsReceivingAid: 0 }));
      d[field] += n;
    };
    for (const op of ops) {
      const tracked = op.collection === 'households' ? this.households : op.collection === 'persons' ? this.persons : null;
      if (!tracked) continue;
      const field = op.collection === 'households' ? 'households' : 'persons';
      const existed = new Set(op.existed);
      for (const doc of op.docs) {
        const id = String(doc._id);
        add(doc.desaCode, field, 1);
        if (field === 'households' && Array.isArray(doc.aid) && receivesAid(doc.aid as string[])) add(doc.desaCode, 'householdsReceivingAid', 1);
        // Every desa a chunk touches gets an entry, even when its counts stay (a record changed in place).
        if (!existed.has(id)) continue;
        add(tracked.desaBefore(id), field, -1);
        if (field === 'households' && tracked.aidedBefore(id)) add(tracked.desaBefore(id), 'householdsReceivingAid', -1);
      }
    }
    return deltas;
  }

  /** Every write of the chunk, the id counters last; none when the chunk changed nothing. */
  writes(): WriteOp[] {
    const ops: WriteOp[] = [];
    for (const t of [this.keys, this.households, this.persons, this.enrollments, this.trainings, this.participations, this.pilar, this.discrepancies]) {
      const op = t.changes();
      if (op) ops.push(op);
    }
    if (this.rejects.length > 0) ops.push({ collection: 'importRejects', docs: this.rejects.map((r) => ({ ...r })), existed: [] });
    if (ops.length === 0) return ops;
    ops.push({ collection: 'importState', docs: [{ _id: COUNTERS_ID, ...this.ids.snapshot() }], existed: [COUNTERS_ID] });
    return ops;
  }
}
