/**
 * THE permission matrix of the hub (docs/domain.md section 5), as data. The shield
 * rules, the masking, the row scope and docs/permissions.md are all derived
 * from this file and from nothing else.
 */

/** The write matrix (docs/domain.md section 9) lives beside this file and is part of it. */
export * from './writeMatrix';
import { MUTATION_ACTIONS } from './writeMatrix';
import { OBSERVED_FIELDS } from '../domain/observed';

/** The roles (roles.ts, beside this file so that the write matrix can name them too). */
export { PILAR_ROLES, ROLES, type Role } from './roles';
import type { Role } from './roles';

/** Field groups of docs/domain.md section 5, plus the hub's own non-personal groups. */
export const FIELD_GROUPS = [
  'BASIC',
  'NUMBERS',
  'BIRTH',
  'CONTACT',
  'WELFARE',
  'PROGRAMME',
  'HEALTH',
  'CIVIL',
  'TRAINING',
  'DATA_QUALITY',
  'AUDIT',
  /** The pilar roster (names and assignments of staff and volunteers). */
  'STAFF',
] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** F = full, M = masked, f = flags only, - = denied. */
export type Access = 'F' | 'M' | 'f' | '-';

// prettier-ignore
export const ROLE_ACCESS: Record<Exclude<Role, 'PARTNER'>, Record<FieldGroup, Access>> = {
  //                   BASIC     NUMBERS     BIRTH     CONTACT     WELFARE     PROGRAMME     HEALTH     CIVIL     TRAINING     DATA_QUALITY     AUDIT     STAFF
  ADMIN:              { BASIC: 'F', NUMBERS: 'F', BIRTH: 'F', CONTACT: 'F', WELFARE: 'F', PROGRAMME: 'F', HEALTH: 'F', CIVIL: 'F', TRAINING: 'F', DATA_QUALITY: 'F', AUDIT: 'F', STAFF: 'F' },
  OPERATOR:           { BASIC: 'F', NUMBERS: 'F', BIRTH: 'F', CONTACT: 'F', WELFARE: 'F', PROGRAMME: 'F', HEALTH: 'F', CIVIL: 'F', TRAINING: 'F', DATA_QUALITY: 'F', AUDIT: '-', STAFF: 'F' },
  PENDAMPING_PKH:     { BASIC: 'F', NUMBERS: 'F', BIRTH: 'F', CONTACT: 'F', WELFARE: 'F', PROGRAMME: 'F', HEALTH: 'F', CIVIL: 'F', TRAINING: 'F', DATA_QUALITY: 'F', AUDIT: '-', STAFF: 'F' },
  TKSK:               { BASIC: 'F', NUMBERS: 'M', BIRTH: 'F', CONTACT: '-', WELFARE: 'F', PROGRAMME: 'F', HEALTH: 'f', CIVIL: 'F', TRAINING: 'F', DATA_QUALITY: 'F', AUDIT: '-', STAFF: 'F' },
  FASILITATOR_SLRT:   { BASIC: 'F', NUMBERS: 'F', BIRTH: 'F', CONTACT: 'F', WELFARE: 'F', PROGRAMME: 'F', HEALTH: 'F', CIVIL: 'F', TRAINING: 'F', DATA_QUALITY: 'F', AUDIT: '-', STAFF: 'F' },
  PENDAMPING_REHSOS:  { BASIC: 'F', NUMBERS: 'M', BIRTH: 'F', CONTACT: 'F', WELFARE: '-', PROGRAMME: 'F', HEALTH: 'F', CIVIL: 'F', TRAINING: '-', DATA_QUALITY: '-', AUDIT: '-', STAFF: 'F' },
  TAGANA:             { BASIC: 'F', NUMBERS: '-', BIRTH: 'f', CONTACT: 'F', WELFARE: '-', PROGRAMME: '-', HEALTH: 'f', CIVIL: 'F', TRAINING: '-', DATA_QUALITY: '-', AUDIT: '-', STAFF: 'F' },
  PELOPOR_PERDAMAIAN: { BASIC: 'F', NUMBERS: '-', BIRTH: 'f', CONTACT: 'F', WELFARE: '-', PROGRAMME: '-', HEALTH: 'f', CIVIL: 'F', TRAINING: '-', DATA_QUALITY: '-', AUDIT: '-', STAFF: 'F' },
  PSM:                { BASIC: 'F', NUMBERS: 'M', BIRTH: 'f', CONTACT: '-', WELFARE: '-', PROGRAMME: 'f', HEALTH: '-', CIVIL: 'F', TRAINING: 'F', DATA_QUALITY: 'F', AUDIT: '-', STAFF: 'F' },
  KARANG_TARUNA:      { BASIC: 'F', NUMBERS: '-', BIRTH: 'f', CONTACT: '-', WELFARE: '-', PROGRAMME: '-', HEALTH: '-', CIVIL: '-', TRAINING: 'F', DATA_QUALITY: '-', AUDIT: '-', STAFF: 'F' },
  ANONYMOUS:          { BASIC: '-', NUMBERS: '-', BIRTH: '-', CONTACT: '-', WELFARE: '-', PROGRAMME: '-', HEALTH: '-', CIVIL: '-', TRAINING: '-', DATA_QUALITY: '-', AUDIT: '-', STAFF: '-' },
};

/**
 * Which rows a role may see (docs/domain.md section 5, "rows it may see").
 * - ALL: every row. NONE: no person or household rows (aggregates only).
 * - area: the kecamatan or desa of the viewer's assignment.
 * - population narrows the area further.
 */
export type RowScopeRule =
  { kind: 'ALL' } | { kind: 'NONE' } | { kind: 'AREA'; area: 'KECAMATAN' | 'DESA' | 'KABUPATEN'; population: 'EVERYONE' | 'PKH_FAMILIES' | 'WITH_DISABILITY' | 'YOUTH' };

export const ROW_SCOPE: Record<Role, RowScopeRule> = {
  ADMIN: { kind: 'ALL' },
  OPERATOR: { kind: 'ALL' },
  PENDAMPING_PKH: { kind: 'AREA', area: 'DESA', population: 'PKH_FAMILIES' },
  TKSK: { kind: 'AREA', area: 'KECAMATAN', population: 'EVERYONE' },
  FASILITATOR_SLRT: { kind: 'AREA', area: 'KECAMATAN', population: 'EVERYONE' },
  PENDAMPING_REHSOS: { kind: 'AREA', area: 'KABUPATEN', population: 'WITH_DISABILITY' },
  TAGANA: { kind: 'AREA', area: 'KECAMATAN', population: 'EVERYONE' },
  PELOPOR_PERDAMAIAN: { kind: 'AREA', area: 'KECAMATAN', population: 'EVERYONE' },
  PSM: { kind: 'AREA', area: 'DESA', population: 'EVERYONE' },
  KARANG_TARUNA: { kind: 'AREA', area: 'DESA', population: 'YOUTH' },
  // A partner key carries its own area (src/auth/apiKeys.ts); this is the default.
  PARTNER: { kind: 'AREA', area: 'KABUPATEN', population: 'EVERYONE' },
  ANONYMOUS: { kind: 'NONE' },
};

/**
 * Fields for the roles that may take an action only, on top of their read rule (issue 13 item 5): a training's places
 * left are for those who may register participants (the write matrix of issue 11: ADMIN, OPERATOR, PSM, and Karang
 * Taruna for its youth). Other roles and partner keys are denied them whatever their read access.
 */
export const ACTION_FIELDS: Readonly<Record<string, readonly Role[]>> = {
  'Training.placesLeft': ['ADMIN', 'OPERATOR', 'PSM', 'KARANG_TARUNA'],
};

/** Youth for Karang Taruna: aged 15 to 30 (docs/domain.md). */
export const YOUTH_AGES = [15, 30] as const;
/** Aggregate cells under this count are suppressed for viewers without row access. */
export const SMALL_CELL = 5;

/**
 * How a field is governed:
 * - a group and a kind: `detail` fields need F or M, `flag` fields need F, M or f,
 *   `number` fields are masked under M; `numberPart` fields (a fact written in a number's digits, such as the
 *   issue date a KK number carries) need F: under M they would give back the digits the mask hides;
 * - PUBLIC: reference data anyone may read (regions, programme catalogue, training catalogue);
 * - STRUCTURE: the shape of a response (connections, edges, page info); the rows inside are governed by their own fields.
 * - WRITE: a mutation, governed by the write matrix (writeMatrix.ts MUTATION_ACTIONS and WRITE_MATRIX), not by a group.
 * - ROWS:<group>: a root field that returns rows of persons or households: it needs the
 *   group and a row scope other than NONE (anonymous callers are told to authenticate).
 */
export type FieldRule = { group: FieldGroup; kind: 'detail' | 'flag' | 'number' } | { group: 'NUMBERS'; kind: 'numberPart'; of: string } | 'PUBLIC' | 'STRUCTURE' | 'WRITE';

const d = (group: FieldGroup): FieldRule => ({ group, kind: 'detail' });
const flag = (group: FieldGroup): FieldRule => ({ group, kind: 'flag' });
const num: FieldRule = { group: 'NUMBERS', kind: 'number' };
/** A fact written in the digits of the number field `of` (`Type.field`): readable only where that number is read whole. */
const numberPart = (of: string): FieldRule => ({ group: 'NUMBERS', kind: 'numberPart', of });
const dataQuality = (...fields: string[]): Record<string, FieldRule> => Object.fromEntries(fields.map((f) => [f, d('DATA_QUALITY')]));

/**
 * The node types of the paged lists. Each has an `XConnection` and an `XEdge` in the SDL, pure
 * structure (what a client reads through them is ruled on the node); adding a paged list adds
 * its node here and its two types to the SDL, nothing else.
 */
const PAGED_NODES = ['Person', 'Household', 'Enrollment', 'Training', 'TrainingParticipation', 'Pilar', 'AuditEvent', 'ImportRun', 'RejectedRow', 'Discrepancy'];

function pagedListTypes(nodes: readonly string[]): Record<string, Record<string, FieldRule>> {
  return Object.fromEntries(
    nodes.flatMap((n) => [
      [`${n}Connection`, { edges: 'STRUCTURE', pageInfo: 'STRUCTURE', totalCount: 'STRUCTURE' }],
      [`${n}Edge`, { cursor: 'STRUCTURE', node: 'STRUCTURE' }],
    ]),
  );
}

/** Every field of the schema, type by type. A test fails when the schema has a field missing here. */
export const FIELD_RULES: Record<string, Record<string, FieldRule>> = {
  // Mutations are governed by the write matrix: one rule per mutation it declares.
  Mutation: Object.fromEntries(Object.keys(MUTATION_ACTIONS).map((m) => [m, 'WRITE' as const])),
  Query: {
    kecamatans: 'PUBLIC',
    kecamatan: 'PUBLIC',
    desa: 'PUBLIC',
    programmes: 'PUBLIC',
    programme: 'PUBLIC',
    training: 'PUBLIC',
    trainings: 'PUBLIC',
    statistics: 'PUBLIC',
    // Each dimension is governed by its argument rule below; a breakdown is counts, suppressed small.
    breakdown: 'PUBLIC',
    person: d('BASIC'),
    personById: d('BASIC'),
    persons: d('BASIC'),
    household: d('BASIC'),
    householdByKk: d('BASIC'),
    households: d('BASIC'),
    enrollments: d('PROGRAMME'),
    pilar: d('STAFF'),
    pilars: d('STAFF'),
    auditTrail: d('AUDIT'),
    auditByViewer: d('AUDIT'),
    importRuns: d('DATA_QUALITY'),
    importRun: d('DATA_QUALITY'),
    discrepancies: d('DATA_QUALITY'),
    discrepancy: d('DATA_QUALITY'),
    viewer: 'PUBLIC',
    apiKeys: d('AUDIT'),
    writeAuditOfSubject: d('AUDIT'),
    writeAuditOfViewer: d('AUDIT'),
    visit: d('BASIC'),
    dataChangeRequest: d('BASIC'),
    // A proposal is programme data about its subject: flags suffice (a PSM, PROGRAMME f, follows what it proposed).
    aidProposal: flag('PROGRAMME'),
    // Each part of the worklist is governed below; the queue itself needs a caller with rows.
    worklist: d('BASIC'),
  },
  Kecamatan: { code: 'PUBLIC', name: 'PUBLIC', desas: 'PUBLIC' },
  Desa: { code: 'PUBLIC', name: 'PUBLIC', kind: 'PUBLIC', kecamatan: 'PUBLIC', households: d('BASIC') },
  PageInfo: { hasNextPage: 'STRUCTURE', hasPreviousPage: 'STRUCTURE', startCursor: 'STRUCTURE', endCursor: 'STRUCTURE' },
  ...pagedListTypes(PAGED_NODES),
  WriteAuditConnection: { edges: 'STRUCTURE', pageInfo: 'STRUCTURE', totalCount: 'STRUCTURE' },
  WriteAuditEdge: { cursor: 'STRUCTURE', node: 'STRUCTURE' },
  Person: {
    id: d('BASIC'),
    fullName: d('BASIC'),
    sex: d('BASIC'),
    relationship: d('BASIC'),
    desa: d('BASIC'),
    household: d('BASIC'),
    nik: num,
    birthDate: d('BIRTH'),
    birthPlace: d('BIRTH'),
    age: flag('BIRTH'),
    ageGroup: flag('BIRTH'),
    phone: d('CONTACT'),
    education: d('WELFARE'),
    occupation: d('WELFARE'),
    receivesAid: flag('PROGRAMME'),
    enrollments: d('PROGRAMME'),
    hasDisability: flag('HEALTH'),
    pregnant: flag('HEALTH'),
    disability: d('HEALTH'),
    maritalStatus: d('CIVIL'),
    isDeceased: d('CIVIL'),
    deathDate: d('CIVIL'),
    trainings: d('TRAINING'),
    provenance: d('DATA_QUALITY'),
    discrepancies: d('DATA_QUALITY'),
    movedOut: d('CIVIL'),
    karangTaruna: d('TRAINING'),
  },
  Disability: { type: d('HEALTH'), severity: d('HEALTH') },
  Household: {
    id: d('BASIC'),
    head: d('BASIC'),
    members: d('BASIC'),
    memberCount: d('BASIC'),
    desa: d('BASIC'),
    address: d('BASIC'),
    kkNumber: num,
    kkHistory: d('NUMBERS'),
    desil: d('WELFARE'),
    housing: d('WELFARE'),
    assets: d('WELFARE'),
    receivesAid: flag('PROGRAMME'),
    enrollments: d('PROGRAMME'),
    provenance: d('DATA_QUALITY'),
    discrepancies: d('DATA_QUALITY'),
  },
  // A KK number's digits 7 to 12 are the day it was issued, and a card is replaced on the day the next one is issued.
  KkHistoryEntry: { kkNumber: num, from: numberPart('KkHistoryEntry.kkNumber'), to: numberPart('KkHistoryEntry.kkNumber') },
  Address: { street: d('BASIC'), rt: d('BASIC'), rw: d('BASIC') },
  Housing: {
    floor: d('WELFARE'),
    wall: d('WELFARE'),
    roof: d('WELFARE'),
    water: d('WELFARE'),
    sanitation: d('WELFARE'),
    electricityVa: d('WELFARE'),
    cookingFuel: d('WELFARE'),
  },
  Programme: {
    code: 'PUBLIC',
    name: 'PUBLIC',
    level: 'PUBLIC',
    maxYears: 'PUBLIC',
    eligibility: 'PUBLIC',
    enrollments: d('PROGRAMME'),
  },
  Eligibility: { desilMin: 'PUBLIC', desilMax: 'PUBLIC', conditions: 'PUBLIC' },
  Enrollment: {
    id: d('PROGRAMME'),
    programme: d('PROGRAMME'),
    household: d('PROGRAMME'),
    person: d('PROGRAMME'),
    startDate: d('PROGRAMME'),
    endDate: d('PROGRAMME'),
    status: d('PROGRAMME'),
    components: d('PROGRAMME'),
    yearsReceived: d('PROGRAMME'),
    exceedsMaxDuration: d('PROGRAMME'),
  },
  Training: {
    id: 'PUBLIC',
    title: 'PUBLIC',
    organizer: 'PUBLIC',
    category: 'PUBLIC',
    startDate: 'PUBLIC',
    endDate: 'PUBLIC',
    desa: 'PUBLIC',
    quota: 'PUBLIC',
    participantCount: d('TRAINING'),
    // Counts every participation, not only those the viewer sees, and only for registrars (ACTION_FIELDS).
    placesLeft: d('TRAINING'),
    participants: d('TRAINING'),
  },
  TrainingParticipation: {
    id: d('TRAINING'),
    training: d('TRAINING'),
    person: d('TRAINING'),
    status: d('TRAINING'),
    outcome: d('TRAINING'),
  },
  Pilar: {
    id: d('STAFF'),
    fullName: d('STAFF'),
    role: d('STAFF'),
    kecamatans: d('STAFF'),
    desas: d('STAFF'),
    active: d('STAFF'),
  },
  StatisticsCell: {
    kecamatan: 'PUBLIC',
    desa: 'PUBLIC',
    households: 'PUBLIC',
    persons: 'PUBLIC',
    householdsReceivingAid: 'PUBLIC',
    suppressed: 'PUBLIC',
  },
  Breakdown: { subject: 'PUBLIC', total: 'PUBLIC', totalSuppressed: 'PUBLIC', tables: 'PUBLIC' },
  BreakdownTable: { by: 'PUBLIC', cells: 'PUBLIC' },
  BreakdownCell: { key: 'PUBLIC', count: 'PUBLIC', suppressed: 'PUBLIC' },
  AuditEvent: {
    id: d('AUDIT'),
    at: d('AUDIT'),
    subject: d('AUDIT'),
    role: d('AUDIT'),
    operation: d('AUDIT'),
    purpose: d('AUDIT'),
    purposeDetail: d('AUDIT'),
    requestId: d('AUDIT'),
    personIds: d('AUDIT'),
    householdIds: d('AUDIT'),
    fields: d('AUDIT'),
  },
  // Import runs, provenance and discrepancies (schema/integration.graphql, schema/discrepancy.graphql).
  // Import runs and their rejected rows (raw rows of anyone) exist only for viewers who see every row (importRunScope, src/auth/scope.ts).
  ImportRun: dataQuality('id', 'source', 'file', 'contentHash', 'sizeBytes', 'status', 'message', 'startedAt', 'finishedAt', 'resumedAt', 'counts', 'rejectedRows'),
  ImportCounts: dataQuality('read', 'inserted', 'updated', 'unchanged', 'rejected'),
  RejectedRow: dataQuality('id', 'line', 'reason', 'raw'),
  FieldProvenance: dataQuality('field', 'source', 'asOf', 'importRun', 'changeRequest'),
  Discrepancy: dataQuality(
    'id',
    'kind',
    'status',
    'subjectType',
    'person',
    'household',
    'relatedPersons',
    'aspect',
    'values',
    'desa',
    'openedAt',
    'openedBy',
    'updatedBy',
    'closedAt',
    'resolution',
    'version',
    'takenBy',
    'takenAt',
  ),
  ConflictingValue: dataQuality('source', 'value', 'asOf', 'importRun'),
  DiscrepancyResolution: dataQuality('reason', 'by', 'at', 'importRun'),
  MoveOut: { date: d('CIVIL'), destinationCode: d('CIVIL') },
  // The verval loop (schema/verval.graphql): a visit or request exists for whoever sees its person or family; the
  // values observed or proposed read exactly as the fields they describe.
  Visit: {
    id: d('BASIC'),
    person: d('BASIC'),
    household: d('BASIC'),
    date: d('BASIC'),
    outcome: d('BASIC'),
    observed: 'STRUCTURE',
    notes: d('DATA_QUALITY'),
    recordedBy: d('BASIC'),
    discrepancies: d('DATA_QUALITY'),
  },
  DataChangeRequest: {
    ...Object.fromEntries(
      ['id', 'status', 'version', 'person', 'household', 'visit', 'note', 'proposedBy', 'proposedAt', 'decidedBy', 'decidedAt', 'decisionReason'].map((f) => [f, d('BASIC')]),
    ),
    changes: 'STRUCTURE',
    discrepancy: d('DATA_QUALITY'),
    referralIds: d('DATA_QUALITY'),
  },
  // Aid proposals (schema/aid-proposal.graphql): the proposal, its failed rules and steps are programme facts.
  AidProposal: Object.fromEntries(
    ['id', 'kind', 'programme', 'subjectType', 'household', 'person', 'status', 'version', 'failedRules', 'justification', 'steps'].map((f) => [f, flag('PROGRAMME')]),
  ),
  FailedRule: { rule: flag('PROGRAMME'), reason: flag('PROGRAMME') },
  AidProposalStep: Object.fromEntries(['action', 'status', 'by', 'role', 'at', 'note'].map((f) => [f, flag('PROGRAMME')])),
  // The worklist (schema/worklist.graphql): discrepancies are DATA_QUALITY, proposals PROGRAMME, places public.
  Worklist: { openDiscrepancies: d('DATA_QUALITY'), aidProposals: flag('PROGRAMME'), dataChangeRequests: d('BASIC'), openTrainings: 'PUBLIC' },
  OpenTraining: { training: 'PUBLIC', placesLeft: 'PUBLIC' },
  // The write audit (schema/writes.graphql): old and new values of residents' data, like the read audit.
  WriteAuditEntry: Object.fromEntries(
    ['id', 'at', 'viewer', 'role', 'purpose', 'requestId', 'mutation', 'action', 'subjectType', 'subjectId', 'personIds', 'householdIds', 'oldValues', 'newValues'].map((f) => [
      f,
      d('AUDIT'),
    ]),
  ),
  KarangTarunaMembership: { desa: d('TRAINING'), role: d('TRAINING'), since: d('TRAINING') },
  // The caller's own contract (schema/viewer.graphql): computed from its own credentials, so anyone may ask for it.
  Viewer: Object.fromEntries(['role', 'subject', 'kecamatanCodes', 'desaCodes', 'rows', 'purpose', 'key', 'groups', 'types', 'contract'].map((f) => [f, 'PUBLIC'])),
  ViewerGroup: { group: 'PUBLIC', access: 'PUBLIC' },
  ViewerType: { name: 'PUBLIC', fields: 'PUBLIC' },
  ViewerField: { name: 'PUBLIC', access: 'PUBLIC', arguments: 'PUBLIC' },
  ViewerArgument: { name: 'PUBLIC', access: 'PUBLIC', values: 'PUBLIC' },
  // Partner keys and their use (schema/apikey.graphql): the AUDIT group, an ADMIN's alone, never granted to a key.
  ApiKeyUsage: Object.fromEntries(
    ['id', 'name', 'purpose', 'revoked', 'expiresAt', 'rotatedAt', 'ratePerMinute', 'dailyQuota', 'programmes', 'area', 'requestsToday', 'deniedToday', 'lastUsedAt'].map((f) => [
      f,
      d('AUDIT'),
    ]),
  ),
  ViewerKey: Object.fromEntries(['id', 'name', 'expiresAt', 'ratePerMinute', 'dailyQuota', 'programmes'].map((f) => [f, 'PUBLIC'])),
};

// A value observed in a visit or proposed in a change request reads exactly as the field it describes
// (src/domain/observed.ts OBSERVED_FIELDS, which governs writing it too: INPUT_FIELD_RULES.ObservedValuesInput).
FIELD_RULES.ObservedValues = Object.fromEntries(
  Object.entries(OBSERVED_FIELDS).map(([value, field]) => {
    const [type, name] = field.split('.') as [string, string];
    return [value, FIELD_RULES[type]![name]!];
  }),
);

/**
 * What the conflicting values of a discrepancy reveal, as the schema fields holding the same facts,
 * by `kind:aspect` or by kind. A viewer reads `Discrepancy.values` only when it may read every one of
 * these fields of the person or family; NIK and KK numbers in the values are masked when one of them
 * is masked for it. A kind missing here is denied to everyone (a test checks every kind is listed).
 */
export const DISCREPANCY_VALUES: Record<string, readonly string[]> = {
  INVALID_NIK: ['Person.nik'],
  DUPLICATE_NIK: ['Person.nik'],
  NOT_IN_CIVIL_REGISTRY: ['Person.nik'],
  'IDENTITY_MISMATCH:nik': ['Person.nik'],
  'IDENTITY_MISMATCH:fullName': ['Person.fullName'],
  'IDENTITY_MISMATCH:sex': ['Person.sex'],
  'IDENTITY_MISMATCH:birthDate': ['Person.birthDate'],
  'NIK_ATTRIBUTE_MISMATCH:sex': ['Person.nik', 'Person.sex'],
  'NIK_ATTRIBUTE_MISMATCH:birthDate': ['Person.nik', 'Person.birthDate'],
  'DOMICILE_MISMATCH:desa': ['Household.desa'],
  'DOMICILE_MISMATCH:movedOut': ['Person.movedOut', 'Household.kkNumber'],
  FAMILY_MISMATCH: ['Household.kkNumber'],
  DECEASED_RECIPIENT: ['Person.deathDate', 'Person.enrollments'],
  EXCEEDS_MAX_DURATION: ['Household.enrollments'],
  INCLUSION_ERROR: ['Household.desil', 'Household.enrollments'],
  EXCLUSION_ERROR: ['Household.desil', 'Person.hasDisability', 'Person.age', 'Household.receivesAid'],
  // A value verified in the field that a later source contradicts: known only to roles reading the fact itself.
  'VERVAL_CONTRADICTED:phone': ['Person.phone'],
  'VERVAL_CONTRADICTED:occupation': ['Person.occupation'],
  'VERVAL_CONTRADICTED:education': ['Person.education'],
  'VERVAL_CONTRADICTED:disability': ['Person.disability'],
  'VERVAL_CONTRADICTED:pregnant': ['Person.pregnant'],
  'VERVAL_CONTRADICTED:address': ['Household.address'],
  'VERVAL_CONTRADICTED:housing': ['Household.housing'],
};

/** What a role may do with a field: read it, read it masked, or nothing. */
export type Decision = 'allow' | 'mask' | 'deny';

export function decide(access: Access, rule: FieldRule): Decision {
  if (rule === 'PUBLIC' || rule === 'STRUCTURE') return 'allow';
  // A mutation is never read: the write matrix decides it (src/auth/permissions.ts).
  if (rule === 'WRITE') return 'deny';
  switch (access) {
    case 'F':
      return 'allow';
    case 'M':
      return rule.kind === 'number' ? 'mask' : rule.kind === 'numberPart' ? 'deny' : 'allow';
    case 'f':
      return rule.kind === 'flag' ? 'allow' : 'deny';
    case '-':
      return 'deny';
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Argument rules
// ---------------------------------------------------------------------------------------------------------------------

/**
 * How an argument (or a field of an input object) is governed. A filter or a lookup tells the caller which rows have
 * the value it tests, so it reveals that value as surely as reading the field would: an argument names the schema
 * fields holding the facts it tests, and a viewer may use it only when it may read every one of them in full (a
 * masked number is not enough: a lookup by a whole NIK confirms the whole NIK). For roles this follows the group and
 * kind of those fields in ROLE_ACCESS (a flag argument needs f, a detail argument F); for partners, the key's grants.
 * - PUBLIC: tests public reference data only (regions, the programme and training catalogues).
 * - PAGING: `first`, `after`, `last` and `before`, which choose a page and test nothing.
 * - INPUT: an input object, governed field by field in INPUT_FIELD_RULES.
 * - reveals: the fields whose facts the argument tests; `byValue` replaces them for one value (by its string form),
 *   for arguments whose values reveal different facts (`enrollmentStatus: ACTIVE` is the `receivesAid` flag,
 *   `includeMembers: false` tests nothing).
 * A missing rule denies the argument to everyone; a test fails when the schema has an argument missing here.
 */
export type ArgumentRule = 'PUBLIC' | 'PAGING' | 'INPUT' | { reveals: readonly string[]; byValue?: Readonly<Record<string, readonly string[]>> };

const reveals = (...fields: string[]): ArgumentRule => ({ reveals: fields });
const PAGE = { first: 'PAGING', after: 'PAGING' } as const satisfies Record<string, ArgumentRule>;
/** Pages of the lists that also page backwards (issue 13 item 4). */
const BOTH_WAYS = { ...PAGE, last: 'PAGING', before: 'PAGING' } as const satisfies Record<string, ArgumentRule>;

/**
 * An `orderBy` argument: a page in the order of a field tells the order of that field's values (who is older, which
 * family is poorer), so each order needs the field it sorts by, in full. Orders not named here reveal nothing.
 */
const orderBy = (byValue: Record<string, readonly string[]>): ArgumentRule => ({ reveals: [], byValue });

/** Every argument of every field of the schema: type -> field -> argument -> rule. */
export const ARGUMENT_RULES: Record<string, Record<string, Record<string, ArgumentRule>>> = {
  Query: {
    kecamatan: { code: 'PUBLIC' },
    desa: { code: 'PUBLIC' },
    programme: { code: 'PUBLIC' },
    training: { id: 'PUBLIC' },
    trainings: { filter: 'INPUT', ...PAGE },
    statistics: { level: 'PUBLIC', kecamatanCode: 'PUBLIC' },
    breakdown: {
      // Counting enrolments at all is programme detail; people and households are counted by statistics already.
      subject: { reveals: [], byValue: { PERSONS: [], HOUSEHOLDS: [], ENROLLMENTS: ['Enrollment.programme'] } },
      by: {
        reveals: [],
        byValue: {
          DESA: ['Person.desa', 'Household.desa'],
          DESIL: ['Household.desil'],
          AGE_GROUP: ['Person.ageGroup'],
          SEX: ['Person.sex'],
          PROGRAMME: ['Household.enrollments', 'Person.enrollments'],
          STATUS: ['Enrollment.status'],
        },
      },
      filter: 'INPUT',
    },
    person: { nik: reveals('Person.nik') },
    personById: { id: reveals('Person.id') },
    persons: {
      filter: 'INPUT',
      ...BOTH_WAYS,
      orderBy: orderBy({
        NAME_ASC: ['Person.fullName'],
        NAME_DESC: ['Person.fullName'],
        BIRTH_DATE_ASC: ['Person.birthDate'],
        BIRTH_DATE_DESC: ['Person.birthDate'],
        DESIL_ASC: ['Person.household', 'Household.desil'],
        DESIL_DESC: ['Person.household', 'Household.desil'],
      }),
    },
    household: { id: reveals('Household.id') },
    householdByKk: { kkNumber: reveals('Household.kkNumber', 'Household.kkHistory') },
    households: {
      filter: 'INPUT',
      ...BOTH_WAYS,
      orderBy: orderBy({
        DESIL_ASC: ['Household.desil'],
        DESIL_DESC: ['Household.desil'],
        MEMBER_COUNT_ASC: ['Household.memberCount'],
        MEMBER_COUNT_DESC: ['Household.memberCount'],
      }),
    },
    enrollments: {
      filter: 'INPUT',
      ...BOTH_WAYS,
      orderBy: orderBy({
        START_DATE_ASC: ['Enrollment.startDate'],
        START_DATE_DESC: ['Enrollment.startDate'],
        END_DATE_ASC: ['Enrollment.endDate'],
        END_DATE_DESC: ['Enrollment.endDate'],
      }),
    },
    pilar: { id: reveals('Pilar.id') },
    pilars: { filter: 'INPUT', ...PAGE },
    auditTrail: { nik: reveals('Person.nik'), ...PAGE },
    auditByViewer: { subject: reveals('AuditEvent.subject'), ...PAGE },
    importRuns: { filter: 'INPUT', ...PAGE },
    importRun: { id: reveals('ImportRun.id') },
    discrepancies: {
      filter: 'INPUT',
      ...BOTH_WAYS,
      orderBy: orderBy({
        OPENED_AT_ASC: ['Discrepancy.openedAt'],
        OPENED_AT_DESC: ['Discrepancy.openedAt'],
        CLOSED_AT_ASC: ['Discrepancy.closedAt'],
        CLOSED_AT_DESC: ['Discrepancy.closedAt'],
      }),
    },
    discrepancy: { id: reveals('Discrepancy.id') },
    writeAuditOfSubject: { id: reveals('WriteAuditEntry.subjectId'), ...PAGE },
    writeAuditOfViewer: { subject: reveals('WriteAuditEntry.viewer'), ...PAGE },
    visit: { id: reveals('Visit.id') },
    dataChangeRequest: { id: reveals('DataChangeRequest.id') },
    aidProposal: { id: reveals('AidProposal.id') },
  },
  // Mutations: the input is governed field by field below; a value the viewer may not read cannot be written.
  Mutation: Object.fromEntries(Object.keys(MUTATION_ACTIONS).map((m) => [m, { input: 'INPUT' as const }])),
  Desa: { households: PAGE },
  Programme: { enrollments: { status: reveals('Enrollment.status'), ...PAGE } },
  Training: { participants: PAGE },
  Worklist: { openDiscrepancies: PAGE },
  ImportRun: { rejectedRows: PAGE },
  Person: {
    provenance: { field: reveals('Person.provenance') },
    discrepancies: { kind: reveals('Discrepancy.kind'), status: reveals('Discrepancy.status') },
  },
  Household: {
    provenance: { field: reveals('Household.provenance') },
    discrepancies: {
      kind: reveals('Discrepancy.kind'),
      status: reveals('Discrepancy.status'),
      includeMembers: { reveals: ['Household.members', 'Person.discrepancies'], byValue: { false: [] } },
    },
  },
};

/** Every field of every input object of the schema: input type -> field -> rule. */
export const INPUT_FIELD_RULES: Record<string, Record<string, ArgumentRule>> = {
  PersonFilter: {
    kecamatanCode: reveals('Person.desa'),
    desaCode: reveals('Person.desa'),
    ageMin: reveals('Person.age'),
    ageMax: reveals('Person.age'),
    sex: reveals('Person.sex'),
    hasDisability: reveals('Person.hasDisability'),
    // An ACTIVE enrolment in one named programme: the enrolment itself, not only the receivesAid flag.
    programme: reveals('Person.enrollments'),
    // A name search answers "is someone called X here": it needs the names themselves.
    name: reveals('Person.fullName'),
    desilMin: reveals('Person.household', 'Household.desil'),
    desilMax: reveals('Person.household', 'Household.desil'),
    ageGroup: reveals('Person.ageGroup'),
    // The kind of a disability is HEALTH detail, not the hasDisability flag.
    disabilityType: reveals('Person.disability'),
  },
  HouseholdFilter: {
    kecamatanCode: reveals('Household.desa'),
    desaCode: reveals('Household.desa'),
    desilMin: reveals('Household.desil'),
    desilMax: reveals('Household.desil'),
    programme: reveals('Household.enrollments'),
    // "Some enrolment is ACTIVE" is what the receivesAid flag says; any other status is enrolment detail.
    enrollmentStatus: { reveals: ['Household.enrollments'], byValue: { ACTIVE: ['Household.receivesAid'] } },
  },
  EnrollmentFilter: {
    programme: reveals('Enrollment.programme'),
    status: reveals('Enrollment.status'),
    startYear: reveals('Enrollment.startDate'),
    kecamatanCode: reveals('Enrollment.household', 'Household.desa'),
    desaCode: reveals('Enrollment.household', 'Household.desa'),
    component: reveals('Enrollment.components'),
  },
  BreakdownFilter: { kecamatanCode: reveals('Person.desa', 'Household.desa'), desaCode: reveals('Person.desa', 'Household.desa') },
  TrainingFilter: { category: 'PUBLIC', from: 'PUBLIC', to: 'PUBLIC', kecamatanCode: 'PUBLIC', desaCode: 'PUBLIC' },
  PilarFilter: {
    role: reveals('Pilar.role'),
    kecamatanCode: reveals('Pilar.kecamatans', 'Pilar.desas'),
    desaCode: reveals('Pilar.desas'),
    active: reveals('Pilar.active'),
  },
  ImportRunFilter: { source: reveals('ImportRun.source'), status: reveals('ImportRun.status') },
  // Inputs of the portals' mutations. Ids and versions name a subject the write then reads in the viewer's scope
  // (not found outside it); values written are governed by the fields they go to.
  TakeDiscrepancyInput: { idempotencyKey: 'PUBLIC', discrepancyId: reveals('Discrepancy.id'), expectedVersion: reveals('Discrepancy.version') },
  ResolveDiscrepancyInput: {
    idempotencyKey: 'PUBLIC',
    discrepancyId: reveals('Discrepancy.id'),
    expectedVersion: reveals('Discrepancy.version'),
    resolution: 'PUBLIC',
    visitId: reveals('Visit.id'),
  },
  DismissDiscrepancyInput: {
    idempotencyKey: 'PUBLIC',
    discrepancyId: reveals('Discrepancy.id'),
    expectedVersion: reveals('Discrepancy.version'),
    reason: 'PUBLIC',
    visitId: reveals('Visit.id'),
  },
  RecordVisitInput: {
    idempotencyKey: 'PUBLIC',
    personId: reveals('Person.id'),
    householdId: reveals('Household.id'),
    date: 'PUBLIC',
    outcome: 'PUBLIC',
    observed: 'INPUT',
    notes: 'PUBLIC',
    discrepancyIds: reveals('Discrepancy.id'),
  },
  ProposeDataChangeInput: {
    idempotencyKey: 'PUBLIC',
    personId: reveals('Person.id'),
    householdId: reveals('Household.id'),
    changes: 'INPUT',
    visitId: reveals('Visit.id'),
    discrepancyId: reveals('Discrepancy.id'),
    note: 'PUBLIC',
  },
  DecideDataChangeInput: { idempotencyKey: 'PUBLIC', requestId: reveals('DataChangeRequest.id'), expectedVersion: reveals('DataChangeRequest.version'), reason: 'PUBLIC' },
  // A value observed or proposed reveals the field it describes (src/workflows/observed.ts OBSERVED_FIELDS).
  ObservedValuesInput: Object.fromEntries(Object.entries(OBSERVED_FIELDS).map(([k, f]) => [k, reveals(f)])),
  ReleaseDiscrepancyInput: { idempotencyKey: 'PUBLIC', discrepancyId: reveals('Discrepancy.id'), expectedVersion: reveals('Discrepancy.version'), reason: 'PUBLIC' },
  // Aid proposals and training registration: ids name a subject read in the viewer's scope; codes and texts are the
  // proposal's own; a participation's status and outcome are its fields.
  SubmitAidProposalInput: {
    idempotencyKey: 'PUBLIC',
    kind: 'PUBLIC',
    programme: 'PUBLIC',
    householdId: reveals('Household.id'),
    personId: reveals('Person.id'),
    justification: 'PUBLIC',
  },
  AidProposalStepInput: { idempotencyKey: 'PUBLIC', proposalId: reveals('AidProposal.id'), expectedVersion: reveals('AidProposal.version'), note: 'PUBLIC' },
  AidProposalReasonInput: { idempotencyKey: 'PUBLIC', proposalId: reveals('AidProposal.id'), expectedVersion: reveals('AidProposal.version'), reason: 'PUBLIC' },
  RegisterTrainingParticipantInput: { idempotencyKey: 'PUBLIC', trainingId: 'PUBLIC', personId: reveals('Person.id') },
  TrainingParticipationStepInput: { idempotencyKey: 'PUBLIC', participationId: reveals('TrainingParticipation.id'), expectedStatus: reveals('TrainingParticipation.status') },
  CompleteTrainingParticipationInput: {
    idempotencyKey: 'PUBLIC',
    participationId: reveals('TrainingParticipation.id'),
    expectedStatus: reveals('TrainingParticipation.status'),
    outcome: reveals('TrainingParticipation.outcome'),
  },
  // Baseline: what each field of a discrepancy states. The rules per kind and aspect (leak 4) replace these.
  DiscrepancyFilter: {
    kind: reveals('Discrepancy.kind'),
    status: reveals('Discrepancy.status'),
    subjectType: reveals('Discrepancy.subjectType'),
    kecamatanCode: reveals('Discrepancy.desa'),
    desaCode: reveals('Discrepancy.desa'),
  },
};
