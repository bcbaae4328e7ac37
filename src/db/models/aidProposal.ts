import { Schema, model } from 'mongoose';
import { PROGRAMME_CODES } from '../../domain/codes';
import type { ProgrammeCode } from '../../domain/records';
import { existingDesa, existingKecamatan } from './validators';

/*
 * An aid proposal (usulan bantuan, docs/domain.md section 9): a family or a person proposed for a
 * programme (ENROL), for graduation or for termination, going through the desa -> kecamatan ->
 * Dinsos tiers. `version` grows by one with every transition; a transition filters on the version
 * its caller read, so a lost race matches nothing and answers CONFLICT instead of overwriting.
 */

export const AID_PROPOSAL_KINDS = ['ENROL', 'GRADUATE', 'TERMINATE'] as const;
export type AidProposalKind = (typeof AID_PROPOSAL_KINDS)[number];

/** SUBMITTED -> VERIFIED (TKSK) -> APPROVED | REJECTED (OPERATOR, ADMIN); SUBMITTED -> RETURNED (TKSK, with a reason). */
export const AID_PROPOSAL_STATUSES = ['SUBMITTED', 'RETURNED', 'VERIFIED', 'APPROVED', 'REJECTED'] as const;
export type AidProposalStatus = (typeof AID_PROPOSAL_STATUSES)[number];

/** Who took a step, in which role, when, and why (the purpose the request stated). */
export interface ProposalActor {
  subject: string;
  role: string;
  pilarId: string | null;
  at: Date;
}

export interface ProposalStep extends ProposalActor {
  action: 'SUBMIT' | 'VERIFY' | 'RETURN' | 'APPROVE' | 'REJECT';
  from: AidProposalStatus | null;
  to: AidProposalStatus;
  /** The reason of a return or rejection, or the note of a verification or approval. */
  note: string | null;
}

export interface FailedRuleRecord {
  rule: string;
  reason: string;
}

export interface AidProposalDoc {
  _id: string; // 'AP' + 8 digits
  kind: AidProposalKind;
  programmeCode: ProgrammeCode;
  subjectType: 'HOUSEHOLD' | 'PERSON';
  householdId: string;
  personId: string | null;
  /** Where the subject lives when proposed: the row scope of the proposal. */
  desaCode: string;
  kecamatanCode: string;
  status: AidProposalStatus;
  version: number;
  /** The programme rules the subject did not meet at submission (empty when eligible). */
  failedRules: FailedRuleRecord[];
  /** Why the proposer goes on despite the failed rules (required when there are any). */
  justification: string | null;
  submitted: ProposalActor;
  steps: ProposalStep[];
  updatedAt: Date;
  /** When `npm run export -- aid-proposals` last wrote it for SIKS-NG (approved proposals only); null before. */
  exportedAt?: Date | null;
}

const actor = {
  subject: { type: String, required: true },
  role: { type: String, required: true },
  pilarId: { type: String, default: null },
  at: { type: Date, required: true },
};

const aidProposalSchema = new Schema<AidProposalDoc>(
  {
    _id: { type: String, required: true, match: /^AP\d{8}$/ },
    kind: { type: String, required: true, enum: AID_PROPOSAL_KINDS },
    programmeCode: { type: String, required: true, enum: PROGRAMME_CODES },
    subjectType: { type: String, required: true, enum: ['HOUSEHOLD', 'PERSON'] },
    householdId: { type: String, required: true, match: /^H\d{7}$/ },
    personId: { type: String, default: null, match: /^P\d{7}$/ },
    desaCode: { type: String, required: true, validate: existingDesa },
    kecamatanCode: { type: String, required: true, validate: existingKecamatan },
    status: { type: String, required: true, enum: AID_PROPOSAL_STATUSES },
    version: { type: Number, required: true, min: 1 },
    failedRules: { type: [{ _id: false, rule: { type: String, required: true }, reason: { type: String, required: true } }], default: [] },
    justification: { type: String, default: null, maxlength: 2000 },
    submitted: { _id: false, ...actor },
    steps: {
      type: [
        {
          _id: false,
          ...actor,
          action: { type: String, required: true, enum: ['SUBMIT', 'VERIFY', 'RETURN', 'APPROVE', 'REJECT'] },
          from: { type: String, default: null, enum: [...AID_PROPOSAL_STATUSES, null] },
          to: { type: String, required: true, enum: AID_PROPOSAL_STATUSES },
          note: { type: String, default: null, maxlength: 2000 },
        },
      ],
      default: [],
    },
    updatedAt: { type: Date, required: true },
    exportedAt: { type: Date, default: null },
  },
  { collection: 'aidProposals', versionKey: false },
);
// Queues (worklist) by status and area, the export by status, a subject's proposals.
aidProposalSchema.index({ status: 1, kecamatanCode: 1, _id: 1 });
aidProposalSchema.index({ status: 1, desaCode: 1, _id: 1 });
aidProposalSchema.index({ householdId: 1 });
aidProposalSchema.index({ personId: 1 });

export const AidProposal = model<AidProposalDoc>('AidProposal', aidProposalSchema);
