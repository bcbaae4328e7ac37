import type { AidProposalDoc } from '../../../src/db/models/aidProposal';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepAidProposal } from '../../../src/workflows/aidProposals';

export const verifyAidProposal: MutationResolvers['verifyAidProposal'] = async (_p, { input }, ctx) => (await stepAidProposal(ctx, 'VERIFY', input)) as unknown as AidProposalDoc;
