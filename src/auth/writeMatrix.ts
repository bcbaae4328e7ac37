/**
 * THE write matrix of the hub (docs/domain.md section 9), as data, next to the read matrix (matrix.ts re-exports it).
 * The mutation rules (src/auth/permissions.ts), the scope check of every write (src/writes/guard.ts) and the write
 * table of docs/permissions.md are derived from this file and from nothing else.
 */
import type { Role } from './roles';

/** One action per row of section 9's write matrix. */
export const WRITE_ACTIONS = [
  'RECORD_VISIT',
  'WORK_DISCREPANCY',
  'PROPOSE_DATA_CHANGE',
  'DECIDE_DATA_CHANGE',
  'SUBMIT_AID_PROPOSAL',
  'VERIFY_AID_PROPOSAL',
  'DECIDE_AID_PROPOSAL',
  'MANAGE_TRAINING_PARTICIPANT',
] as const;
export type WriteAction = (typeof WRITE_ACTIONS)[number];

/** What each action means, for the docs and for FORBIDDEN messages ("your role may not ..."). */
export const WRITE_ACTION_LABELS: Record<WriteAction, string> = {
  RECORD_VISIT: 'record a verification visit',
  WORK_DISCREPANCY: 'take, release, resolve or dismiss a discrepancy',
  PROPOSE_DATA_CHANGE: 'propose a data change',
  DECIDE_DATA_CHANGE: 'approve or reject a data change',
  SUBMIT_AID_PROPOSAL: 'submit an aid proposal',
  VERIFY_AID_PROPOSAL: 'verify or return an aid proposal',
  DECIDE_AID_PROPOSAL: 'approve or reject an aid proposal',
  MANAGE_TRAINING_PARTICIPANT: 'register, attend, complete or drop a training participant',
};

/**
 * One cell: `-` no; `✓` any subject in the role's row scope (rowFilter); `P` only subjects of the role's population,
 * which for these roles is already what its row scope holds (PKH families, people with a disability, youth), and,
 * where `programmes` is given, only proposals for those programmes (PENDAMPING_PKH: PKH; PENDAMPING_REHSOS: ATENSI).
 */
export type WriteCell = '-' | '✓' | { population: 'PKH_FAMILIES' | 'WITH_DISABILITY' | 'YOUTH'; programmes?: readonly string[] };

const P_PKH = { population: 'PKH_FAMILIES' } as const;
const P_REHSOS = { population: 'WITH_DISABILITY' } as const;

// prettier-ignore
export const WRITE_MATRIX: Record<Exclude<Role, 'ANONYMOUS'>, Record<WriteAction, WriteCell>> = {
  //                  RECORD_VISIT  WORK_DISCREPANCY  PROPOSE_DATA_CHANGE  DECIDE_DATA_CHANGE  SUBMIT_AID_PROPOSAL  VERIFY_AID_PROPOSAL  DECIDE_AID_PROPOSAL  MANAGE_TRAINING_PARTICIPANT
  ADMIN:              { RECORD_VISIT: '✓', WORK_DISCREPANCY: '✓', PROPOSE_DATA_CHANGE: '✓', DECIDE_DATA_CHANGE: '✓', SUBMIT_AID_PROPOSAL: '✓', VERIFY_AID_PROPOSAL: '✓', DECIDE_AID_PROPOSAL: '✓', MANAGE_TRAINING_PARTICIPANT: '✓' },
  OPERATOR:           { RECORD_VISIT: '✓', WORK_DISCREPANCY: '✓', PROPOSE_DATA_CHANGE: '✓', DECIDE_DATA_CHANGE: '✓', SUBMIT_AID_PROPOSAL: '✓', VERIFY_AID_PROPOSAL: '✓', DECIDE_AID_PROPOSAL: '✓', MANAGE_TRAINING_PARTICIPANT: '✓' },
  PENDAMPING_PKH:     { RECORD_VISIT: P_PKH, WORK_DISCREPANCY: P_PKH, PROPOSE_DATA_CHANGE: P_PKH, DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: { population: 'PKH_FAMILIES', programmes: ['PKH'] }, VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
  TKSK:               { RECORD_VISIT: '✓', WORK_DISCREPANCY: '✓', PROPOSE_DATA_CHANGE: '✓', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '✓', VERIFY_AID_PROPOSAL: '✓', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
  FASILITATOR_SLRT:   { RECORD_VISIT: '✓', WORK_DISCREPANCY: '✓', PROPOSE_DATA_CHANGE: '✓', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '✓', VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
  PENDAMPING_REHSOS:  { RECORD_VISIT: P_REHSOS, WORK_DISCREPANCY: '-', PROPOSE_DATA_CHANGE: P_REHSOS, DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: { population: 'WITH_DISABILITY', programmes: ['ATENSI'] }, VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
  TAGANA:             { RECORD_VISIT: '-', WORK_DISCREPANCY: '-', PROPOSE_DATA_CHANGE: '-', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '-', VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
  PELOPOR_PERDAMAIAN: { RECORD_VISIT: '-', WORK_DISCREPANCY: '-', PROPOSE_DATA_CHANGE: '-', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '-', VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
  PSM:                { RECORD_VISIT: '✓', WORK_DISCREPANCY: '✓', PROPOSE_DATA_CHANGE: '✓', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '✓', VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '✓' },
  KARANG_TARUNA:      { RECORD_VISIT: '-', WORK_DISCREPANCY: '-', PROPOSE_DATA_CHANGE: '-', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '-', VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: { population: 'YOUTH' } },
  // A partner agency's key reads for a stated purpose; it never writes.
  PARTNER:            { RECORD_VISIT: '-', WORK_DISCREPANCY: '-', PROPOSE_DATA_CHANGE: '-', DECIDE_DATA_CHANGE: '-', SUBMIT_AID_PROPOSAL: '-', VERIFY_AID_PROPOSAL: '-', DECIDE_AID_PROPOSAL: '-', MANAGE_TRAINING_PARTICIPANT: '-' },
};

/**
 * Every mutation of the schema and the action it performs. A mutation missing here is denied to everyone (the shield's
 * fallback) and a test fails; a workflow adds its mutations here and nowhere else.
 */
export const MUTATION_ACTIONS: Record<string, WriteAction> = {
  recordVisit: 'RECORD_VISIT',
  // Aid proposals (schema/aid-proposal.graphql) and training registration (schema/training-registration.graphql).
  submitAidProposal: 'SUBMIT_AID_PROPOSAL',
  verifyAidProposal: 'VERIFY_AID_PROPOSAL',
  returnAidProposal: 'VERIFY_AID_PROPOSAL',
  approveAidProposal: 'DECIDE_AID_PROPOSAL',
  rejectAidProposal: 'DECIDE_AID_PROPOSAL',
  registerTrainingParticipant: 'MANAGE_TRAINING_PARTICIPANT',
  markTrainingAttendance: 'MANAGE_TRAINING_PARTICIPANT',
  completeTrainingParticipation: 'MANAGE_TRAINING_PARTICIPANT',
  dropTrainingParticipant: 'MANAGE_TRAINING_PARTICIPANT',
  takeDiscrepancy: 'WORK_DISCREPANCY',
  releaseDiscrepancy: 'WORK_DISCREPANCY',
  resolveDiscrepancy: 'WORK_DISCREPANCY',
  dismissDiscrepancy: 'WORK_DISCREPANCY',
  proposeDataChange: 'PROPOSE_DATA_CHANGE',
  approveDataChange: 'DECIDE_DATA_CHANGE',
  rejectDataChange: 'DECIDE_DATA_CHANGE',
};

/** The cell of one role and action; anonymous callers may do nothing. */
export function writeCell(role: Role, action: WriteAction): WriteCell {
  return role === 'ANONYMOUS' ? '-' : WRITE_MATRIX[role][action];
}

/** The programmes a role may act on for this action; null when not limited. */
export function writeProgrammes(role: Role, action: WriteAction): readonly string[] | null {
  const cell = writeCell(role, action);
  return typeof cell === 'object' ? (cell.programmes ?? null) : null;
}

/** The cell as docs/permissions.md shows it. */
export function writeCellText(cell: WriteCell): string {
  if (typeof cell === 'string') return cell;
  const who = { PKH_FAMILIES: 'PKH families', WITH_DISABILITY: 'people with a disability', YOUTH: 'youth' }[cell.population];
  return `P (${who}${cell.programmes ? `; ${cell.programmes.join(', ')} only` : ''})`;
}
