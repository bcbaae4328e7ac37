import { fieldDecision } from '../auth/decide';
import type { Viewer } from '../auth/viewer';
import { parseLineage, type Observation } from '../db/models/lineage';
import type { DataSource, ProvenanceMap } from '../domain/provenance';

/** Parent shape of FieldProvenance (codegen mapper). */
export interface FieldProvenanceShape {
  field: string;
  source: DataSource;
  asOf: Date | null;
  runId: string | null;
}

interface Lineage {
  sources?: Partial<Record<DataSource, Observation>>;
  provenance?: ProvenanceMap;
  discrepancyIds?: string[];
  memberIds?: string[];
}

// A record is read once per request but its lineage may be asked for by several fields.
const parsed = new WeakMap<object, Lineage>();

/** The lineage the import pipeline stored on a record (src/db/models/lineage.ts); empty for records it never wrote. */
export function lineageOf(doc: { lineage?: string }): Lineage {
  let l = parsed.get(doc);
  if (!l) parsed.set(doc, (l = parseLineage<Lineage>(doc.lineage) ?? {}));
  return l;
}

/**
 * Where each golden field of a person or household came from, field by field in name order, for the fields this
 * viewer may read: an entry exists only when its source stated the fact (a Karang Taruna roster row, say), so an entry
 * for a field the viewer may not read would reveal that fact.
 */
export function provenanceOf(viewer: Viewer, type: 'Person' | 'Household', doc: { lineage?: string }, field?: string | null): FieldProvenanceShape[] {
  const { provenance = {}, sources = {} } = lineageOf(doc);
  return Object.entries(provenance)
    .filter(([f]) => field === null || field === undefined || f === field)
    .filter(([f]) => fieldDecision(viewer, type, f) !== 'deny')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([f, source]) => ({ field: f, source, asOf: asOfField(sources[source], f), runId: runOf(sources[source], f) }));
}

/** When the source stated a field: for VERVAL the date of the visit that observed this field. */
function asOfField(o: Observation | undefined, field: string): Date | null {
  const on = (o?.observedOn as Record<string, Date> | undefined)?.[field];
  return on ?? o?.asOf ?? null;
}

/** The run that brought a field: an import run, or for VERVAL the data change request that last set this field. */
function runOf(o: Observation | undefined, field: string): string | null {
  const requests = o?.requests as Record<string, string> | undefined;
  return requests?.[field] ?? o?.runId ?? null;
}
