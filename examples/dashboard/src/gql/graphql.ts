/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** The kinds of disagreement the hub detects (docs/domain.md section 4; national audit findings). */
export type DiscrepancyKind =
  /** The civil registry says the person died, and an enrolment still pays them (penerima meninggal). */
  | 'DECEASED_RECIPIENT'
  /** DT-SEN and the civil registry put the family in different desa, or the person moved out of Kabupaten Madiun. */
  | 'DOMICILE_MISMATCH'
  /** One NIK on two different people (NIK ganda). */
  | 'DUPLICATE_NIK'
  /** PKH or BPNT received longer than the programme's maximum (5 years). */
  | 'EXCEEDS_MAX_DURATION'
  /** A desil 1 family with children, elders or a disability and no ACTIVE aid (exclusion error). */
  | 'EXCLUSION_ERROR'
  /** DT-SEN and the civil registry put the person in different families. */
  | 'FAMILY_MISMATCH'
  /** Name, sex, birth date or NIK differ between DT-SEN or a roster and the civil registry. */
  | 'IDENTITY_MISMATCH'
  /** An ACTIVE PKH or BPNT family ranked above the programme's desil ceiling (inclusion error). */
  | 'INCLUSION_ERROR'
  /** A source gives a NIK that breaks the NIK rules (NIK tidak valid). */
  | 'INVALID_NIK'
  /** The birth date or sex the NIK encodes differs from the person's record. */
  | 'NIK_ATTRIBUTE_MISMATCH'
  /** A NIK in DT-SEN or a roster that the civil registry does not know (tidak terdaftar di Dukcapil). */
  | 'NOT_IN_CIVIL_REGISTRY'
  /**
   * A value verified in the field and approved (source VERVAL) that a source observed after the visit states differently
   * (DT-SEN, Senopati): the aspect names the fact (phone, occupation, education, disability, pregnant, address, housing).
   * The VERVAL value still ranks first until a pilar verifies it again; closed when the sources agree with it again or a
   * new approved change settles it.
   */
  | 'VERVAL_CONTRADICTED';

/** Where a discrepancy's verification stands (status verval). */
export type DiscrepancyStatus =
  /** Closed without change: verification found no error. */
  | 'DISMISSED'
  /** A pilar is verifying it. */
  | 'IN_VERIFICATION'
  /** Found, not yet taken up. */
  | 'OPEN'
  /** Closed: the conflict is gone. */
  | 'RESOLVED';

/** Status of an enrolment (status kepesertaan). */
export type EnrollmentStatus =
  /** Receiving benefit (aktif). */
  | 'ACTIVE'
  /** Left the programme having become self-reliant (graduasi). */
  | 'GRADUATED'
  /** Benefit paused pending verification (ditangguhkan). */
  | 'SUSPENDED'
  /** Removed from the programme (dihentikan). */
  | 'TERMINATED';

/** Code of a social-assistance programme. */
export type ProgrammeCode =
  /** Asistensi Rehabilitasi Sosial: social rehabilitation assistance. */
  | 'ATENSI'
  /** Bantuan Pangan Non Tunai: non-cash food assistance. */
  | 'BPNT'
  /** Penerima Bantuan Iuran Jaminan Kesehatan: state-paid health insurance premium. */
  | 'PBI_JK'
  /** Bantuan permodalan usaha: business-capital aid. */
  | 'PERMODALAN_USAHA'
  /** Program Keluarga Harapan: conditional cash transfer to poor families. */
  | 'PKH'
  /** Sekolah Rakyat: boarding school for children of the poorest families. */
  | 'SEKOLAH_RAKYAT';

export type KecamatanHouseholdsQueryVariables = Exact<{
  kecamatanCode: string;
  first: number;
  after?: string | null | undefined;
}>;


export type KecamatanHouseholdsQuery = { households: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, desil: number | null, memberCount: number | null, desa: { code: string, name: string } | null, head: { id: string, fullName: string | null, nik: string | null } | null, enrollments: Array<{ id: string, status: EnrollmentStatus | null, programme: { code: ProgrammeCode } | null }> | null, discrepancies: Array<{ id: string, kind: DiscrepancyKind | null, status: DiscrepancyStatus | null }> | null } }> } | null };


export const KecamatanHouseholdsDocument = {"__meta__":{"hash":"sha256:66c2e47ba5b4c8617af9d8228e3d98f4d9daf8c4513f1608c30adf6d41c2339a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KecamatanHouseholds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kecamatanCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"households"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"kecamatanCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kecamatanCode"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"desil"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"desa"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"head"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"nik"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"programme"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"discrepancies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeMembers"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<KecamatanHouseholdsQuery, KecamatanHouseholdsQueryVariables>;