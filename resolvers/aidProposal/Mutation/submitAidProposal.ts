import type { AidProposalDoc } from '../../../src/db/models/aidProposal';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { submitAidProposal as submit } from '../../../src/workflows/aidProposals';

export const submitAidProposal: MutationResolvers['submitAidProposal'] = async (_p, { input }, ctx) => (await submit(ctx, input)) as unknown as AidProposalDoc;
