import type { Observation } from '../db/models/lineage';
import type { DataSource, SourceStamp } from '../domain/provenance';
import type { Chunk } from './chunk';
import { isoDate, RowRejected, type Fields } from './fields';
import { canonical, sameStored } from './changeTracking';
import type { HouseholdWork, PersonWork } from './workingRecords';

/** What a row did to the hub: the source states a record for the first time, differently, or identically. */
export type Outcome = 'inserted' | 'updated' | 'unchanged';

/**
 * One kind of source file: how it is recognised, read, linked and applied.
 * `prefetch` reads, in a few batches, everything the chunk's rows refer to,
 * so that `apply` links each row in memory.
 */
export interface SourceSpec<Row> {
  /** Name on the command line: `npm run import -- <name> <file>`. */
  name: string;
  dataSource: DataSource;
  format: 'csv' | 'jsonl';
  /** What the file should be, for the refusal message. */
  description: string;
  /** CSV: the exact set of header columns. */
  columns?: readonly string[];
  /** JSONL: keys every record has. */
  requiredKeys?: readonly string[];
  parse(fields: Fields): Row;
  /** A reason to refuse the whole file, judged on its first row (a BPNT roster given as PKH). */
  sniff?(row: Row): string | null;
  prefetch(rows: readonly Row[], chunk: Chunk): Promise<void>;
  /**
   * The link keys that tie a row to the records of its family (NIK, KK, DT-SEN ids, enrolment and
   * participation keys): the keys its `prefetch` reads, less those of global records (a training).
   * A first load groups rows sharing any key into one cluster (clusterLoad.ts). Absent for the
   * global rosters (trainings, pilar), whose records no family row creates.
   */
  clusterKeys?(row: Row): string[];
  apply(row: Row, stamp: SourceStamp, chunk: Chunk): Outcome;
}

/** Compares a new observation with the one held: unchanged, updated or inserted; an older one is refused. */
export function outcomeOf(source: string, previous: SourceStamp | undefined | null, next: SourceStamp): Outcome {
  if (!previous) return 'inserted';
  if (previous.hash === next.hash) return 'unchanged';
  if (previous.asOf > next.asOf) {
    throw new RowRejected(`superseded: the hub holds ${source} data of this record as of ${isoDate(previous.asOf)}, newer than this row (${isoDate(next.asOf)})`);
  }
  return 'updated';
}

/** Replaces an observation when its values (not its stamp) differ; says whether it did. */
export function observe(target: { sources?: Partial<Record<DataSource, Observation>> }, source: DataSource, values: Record<string, unknown>, stamp: SourceStamp): boolean {
  const sources = (target.sources ??= {});
  const previous = sources[source];
  if (previous) {
    const { asOf: _a, runId: _r, line: _l, hash: _h, ...before } = previous;
    // sameStored() first: it never calls differing values the same, and is far cheaper than two texts when they are (a
    // household stated again by each member's row).
    if (sameStored(before, values) || canonical(before) === canonical(values)) return false;
  }
  sources[source] = { ...values, ...stamp };
  return true;
}

/** A golden person about to receive its first observation; recompute (golden.ts) fills its values. */
export function newPerson(id: string): PersonWork {
  return { _id: id, sources: {}, provenance: {}, aid: [], enrollmentIds: [], discrepancyIds: [], openDiscrepancies: [] } as unknown as PersonWork;
}

export function newHousehold(id: string): HouseholdWork {
  return { _id: id, sources: {}, provenance: {}, aid: [], memberIds: [], enrollmentIds: [], discrepancyIds: [], openDiscrepancies: [] } as unknown as HouseholdWork;
}

export function addId(list: string[] | undefined, id: string): string[] {
  return list?.includes(id) ? list : [...(list ?? []), id];
}

export function removeId(list: string[] | undefined, id: string): string[] {
  return (list ?? []).filter((x) => x !== id);
}
