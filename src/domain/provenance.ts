/**
 * Where values come from and how sources disagree: the vocabulary shared by the
 * importers (src/integration), the stored shapes (src/db/models) and the seeds'
 * answer key. docs/domain.md sections 3 and 4.
 */

/** A source that sends data to the hub; HUB marks facts the hub derives itself (e.g. "no active enrolment"). */
export const DATA_SOURCES = [
  'SENOPATI',
  'DTSEN',
  'ROSTER_PKH',
  'ROSTER_BPNT',
  'ROSTER_PBI_JK',
  'ROSTER_SEKOLAH_RAKYAT',
  'ROSTER_PERMODALAN_USAHA',
  'ROSTER_ATENSI',
  'ROSTER_PELATIHAN',
  'ROSTER_PESERTA_PELATIHAN',
  'ROSTER_KARANG_TARUNA',
  'ROSTER_PILAR',
  'HUB',
  /** Values verified in the field and approved by Dinsos (src/workflows/dataChanges.ts): above DT-SEN for contact, address within the desa and socio-economic attributes. */
  'VERVAL',
] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

export const DISCREPANCY_KINDS = [
  'INVALID_NIK',
  'NIK_ATTRIBUTE_MISMATCH',
  'DUPLICATE_NIK',
  'NOT_IN_CIVIL_REGISTRY',
  'IDENTITY_MISMATCH',
  'DOMICILE_MISMATCH',
  'FAMILY_MISMATCH',
  'DECEASED_RECIPIENT',
  'EXCEEDS_MAX_DURATION',
  'INCLUSION_ERROR',
  'EXCLUSION_ERROR',
  'VERVAL_CONTRADICTED',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export const DISCREPANCY_STATUSES = ['OPEN', 'IN_VERIFICATION', 'RESOLVED', 'DISMISSED'] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];

export type SubjectType = 'PERSON' | 'HOUSEHOLD';

/** When and from which run and line a source last stated a record. */
export interface SourceStamp {
  asOf: Date;
  runId: string;
  line: number;
  /** Hash of the source row: an identical row later is "unchanged". */
  hash: string;
}

/** Golden field name (as the GraphQL schema names it) -> the source its value was taken from. */
export type ProvenanceMap = Record<string, DataSource>;

/** One side of a disagreement: what a source states. */
export interface ConflictValue {
  source: DataSource;
  value: string;
  asOf: Date | null;
  runId: string | null;
  /**
   * Set when the value states a fact about another person than the subject (DUPLICATE_NIK: the NIK
   * the civil registry gives to that person): it is read only by viewers who see that person.
   */
  personId?: string;
  /**
   * The value as a viewer who reads NIK and KK numbers masked reads it, when more than the numbers
   * must go (NIK_ATTRIBUTE_MISMATCH: the digits the NIK encodes); the numbers in it are masked when read.
   */
  maskedValue?: string;
}

/** A discrepancy a golden record owns while it is open: enough to know, without reading it, whether it changed. */
export interface OpenDiscrepancyRef {
  key: string;
  id: string;
  /** Hash of its conflicting values. */
  hash: string;
}

export interface MoveOut {
  date: Date;
  /** Region code (PP.KK.CC or PP.KK.CC.DDDD) the person moved to, outside 35.19. */
  destinationCode: string;
}

export type KarangTarunaRole = 'KETUA' | 'SEKRETARIS' | 'BENDAHARA' | 'ANGGOTA';

export interface KarangTarunaMembership {
  desaCode: string;
  role: KarangTarunaRole;
  since: Date;
}

/* The parents of the GraphQL types MoveOut and KarangTarunaMembership (codegen.ts mappers). */
export type MoveOutShape = MoveOut;
export type KarangTarunaMembershipShape = KarangTarunaMembership;
