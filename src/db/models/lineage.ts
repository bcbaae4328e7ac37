import { Schema } from 'mongoose';
import type { DataSource, KarangTarunaMembership, MoveOut, OpenDiscrepancyRef, ProvenanceMap, SourceStamp } from '../../domain/provenance';

/*
 * What the import pipeline (src/integration) keeps on the golden records
 * besides their values: each source's observation of the record (so golden
 * values can be recomputed with the precedence of docs/domain.md section 3 when
 * any source changes), which source each golden field came from, and the ids
 * that let the importer reach a record's family, enrolments and discrepancies
 * by `_id` alone. It is stored as one JSON text field, `lineage`: nothing
 * queries inside it, and the embedded engine decodes a document field by
 * field on every scan, which made person records with nested observations
 * about four times slower to read for every query of the hub. Records written
 * by the test builders (seeds/loadRegency.ts) carry no lineage.
 */

/** What a source stated about one record, as of when, from which run and line. */
export type Observation = SourceStamp & Record<string, unknown>;

export interface PersonLineage {
  /** Keyed by DataSource (SENOPATI, DTSEN, ROSTER_KARANG_TARUNA). */
  sources?: Partial<Record<DataSource, Observation>>;
  provenance?: ProvenanceMap;
  /** Person-level enrolments of this person (PBI-JK, Sekolah Rakyat, ...). */
  enrollmentIds?: string[];
  /** Every discrepancy about this person, open or closed. */
  discrepancyIds?: string[];
  /** Discrepancies this record owns and that are still open. */
  openDiscrepancies?: OpenDiscrepancyRef[];
  /** Hash of what the row scope tests of this record, as last copied onto every discrepancy about it (discrepancies.ts). */
  discrepancyScope?: string;
}

export interface HouseholdLineage {
  sources?: Partial<Record<DataSource, Observation>>;
  provenance?: ProvenanceMap;
  /** Golden persons whose household this is, in the order they joined. */
  memberIds?: string[];
  /** Household-level enrolments (PKH, BPNT). */
  enrollmentIds?: string[];
  discrepancyIds?: string[];
  openDiscrepancies?: OpenDiscrepancyRef[];
  discrepancyScope?: string;
}

/** A record that one roster row states entirely (an enrolment, a training, a pilar). */
export interface RecordSource extends SourceStamp {
  source: DataSource;
  /** The roster's own id of the record (id_peserta, kode_pelatihan, ...). */
  externalId: string;
  /** Identity as the roster wrote it, for comparison with the civil registry. */
  nik?: string | null;
  fullName?: string | null;
  birthDate?: Date | null;
  /** The person the roster's NIK belongs to, when it is not the person the row was linked to. */
  nikOwnerId?: string | null;
}

const moveOutSchema = new Schema<MoveOut>(
  {
    date: { type: Date, required: true },
    destinationCode: { type: String, required: true, match: /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/ },
  },
  { _id: false },
);

const karangTarunaSchema = new Schema<KarangTarunaMembership>(
  {
    desaCode: { type: String, required: true, match: /^35\.19\.\d{2}\.[12]\d{3}$/ },
    role: { type: String, required: true, enum: ['KETUA', 'SEKRETARIS', 'BENDAHARA', 'ANGGOTA'] },
    since: { type: Date, required: true },
  },
  { _id: false },
);

// No defaults: a record the pipeline never touched stays exactly as it was written.
/** The stored form of the lineage: JSON text (dates as ISO strings); absent on records the pipeline never wrote. */
export const lineageField = { lineage: { type: String, default: undefined } };

export const personLineageFields = {
  ...lineageField,
  movedOut: { type: moveOutSchema, default: undefined },
  karangTaruna: { type: karangTarunaSchema, default: undefined },
};

export const householdLineageFields = lineageField;

/** On enrolments, trainings, participations and pilar: the lineage holds the roster row they come from (`source`). */
export const recordSourceField = lineageField;

/** Stored shape added to every record the pipeline writes. */
export interface Stored {
  lineage?: string;
}

/** The golden-record fields of a person that are values, not lineage. */
export interface PersonCivil {
  movedOut?: MoveOut | null;
  karangTaruna?: KarangTarunaMembership | null;
}

/** Lineage of a record a roster states whole. */
export interface RecordLineage {
  source?: RecordSource;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Dates in parsed JSON, in place: what a reviver turning ISO date-time texts into dates gives, several times faster. */
function reviveDates(v: unknown): unknown {
  if (typeof v === 'string') return v.length === 24 && ISO_DATE_TIME.test(v) ? new Date(v) : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = reviveDates(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) if (k !== '__proto__') o[k] = reviveDates(o[k]);
  return o;
}

/** Reads a stored lineage: dates come back as dates. */
export function parseLineage<T>(text: string | undefined | null): T | undefined {
  if (!text) return undefined;
  return reviveDates(JSON.parse(text)) as T;
}
