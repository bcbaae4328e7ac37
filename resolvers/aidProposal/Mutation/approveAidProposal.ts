import type { AidProposalDoc } from '../../../src/db/models/aidProposal';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepAidProposal } from '../../../src/workflows/aidProposals';

export const approveAidProposal: MutationResolvers['approveAidProposal'] = async (_p, { input }, ctx) =>
  (await stepAidProposal(ctx, 'APPROVE', input)) as unknown as AidProposalDoc;
