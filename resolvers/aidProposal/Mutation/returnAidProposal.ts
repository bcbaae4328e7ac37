import type { AidProposalDoc } from '../../../src/db/models/aidProposal';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepAidProposal } from '../../../src/workflows/aidProposals';

export const returnAidProposal: MutationResolvers['returnAidProposal'] = async (_p, { input }, ctx) => (await stepAidProposal(ctx, 'RETURN', input)) as unknown as AidProposalDoc;
