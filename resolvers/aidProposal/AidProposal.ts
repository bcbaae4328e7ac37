import type { AidProposalResolvers } from '../../src/generated/graphql';
import { failedRulesOf, householdOfProposal, personOfProposal, programmeOfProposal, stepsOfProposal } from '../../src/services/aidProposals';

export const AidProposal: AidProposalResolvers = {
  id: (p) => p._id,
  programme: (p, _a, ctx) => programmeOfProposal(ctx, p),
  household: (p, _a, ctx) => householdOfProposal(ctx, p),
  person: (p, _a, ctx) => personOfProposal(ctx, p),
  failedRules: (p, _a, ctx) => failedRulesOf(ctx, p),
  steps: (p) => stepsOfProposal(p),
};
