import type { AidProposalDoc } from '../../../src/db/models/aidProposal';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepAidProposal } from '../../../src/workflows/aidProposals';

export const rejectAidProposal: MutationResolvers['rejectAidProposal'] = async (_p, { input }, ctx) => (await stepAidProposal(ctx, 'REJECT', input)) as unknown as AidProposalDoc;
