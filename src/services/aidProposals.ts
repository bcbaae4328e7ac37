import type { AidProposalDoc, ProposalStep } from '../db/models/aidProposal';
import type { HouseholdDoc } from '../db/models/household';
import type { PersonDoc } from '../db/models/person';
import type { ProgrammeDoc } from '../db/models/programme';
import type { Context } from '../context';
import type { FailedRuleRecord } from '../db/models/aidProposal';
import { failuresFor } from '../workflows/aidEligibility';
import { proposalInScope } from '../workflows/aidProposals';

/* Reads of aid proposals (schema/aid-proposal.graphql): a proposal exists for a viewer when its family or person does. */

export function aidProposalById(ctx: Context, id: string): Promise<AidProposalDoc | null> {
  return proposalInScope(ctx.viewer, id, ctx.now);
}

export function programmeOfProposal(ctx: Context, p: AidProposalDoc): Promise<ProgrammeDoc | null> {
  return ctx.loaders.programme.load(p.programmeCode);
}

export function householdOfProposal(ctx: Context, p: AidProposalDoc): Promise<HouseholdDoc | null> {
  return ctx.loaders.household.load(p.householdId);
}

export function personOfProposal(ctx: Context, p: AidProposalDoc): Promise<PersonDoc | null> {
  return p.personId ? ctx.loaders.person.load(p.personId) : Promise.resolve(null);
}

export interface ProposalStepShape {
  action: ProposalStep['action'];
  status: ProposalStep['to'];
  by: string;
  role: string;
  at: string;
  note: string | null;
}

export function stepsOfProposal(p: AidProposalDoc): ProposalStepShape[] {
  return p.steps.map((s) => ({ action: s.action, status: s.to, by: s.subject, role: s.role, at: new Date(s.at).toISOString(), note: s.note }));
}

/** The rules the subject failed, worded for the reader (a desil is not stated to a role without WELFARE). */
export async function failedRulesOf(ctx: Context, p: AidProposalDoc): Promise<FailedRuleRecord[]> {
  const programme = await ctx.loaders.programme.load(p.programmeCode);
  return programme ? failuresFor(ctx.viewer, p.failedRules, programme) : p.failedRules.map((f) => ({ rule: f.rule, reason: f.rule }));
}
