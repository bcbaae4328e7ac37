import type { QueryResolvers } from '../../../src/generated/graphql';
import { aidProposalById } from '../../../src/services/aidProposals';

export const aidProposal: QueryResolvers['aidProposal'] = (_p, { id }, ctx) => aidProposalById(ctx, id);
