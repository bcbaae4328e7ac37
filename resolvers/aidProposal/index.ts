import { AidProposal } from './AidProposal';
import { approveAidProposal } from './Mutation/approveAidProposal';
import { rejectAidProposal } from './Mutation/rejectAidProposal';
import { returnAidProposal } from './Mutation/returnAidProposal';
import { submitAidProposal } from './Mutation/submitAidProposal';
import { verifyAidProposal } from './Mutation/verifyAidProposal';
import { aidProposal } from './Query/aidProposal';

/** Aid proposals through the desa, kecamatan and Dinsos tiers (schema/aid-proposal.graphql). */
export const aidProposalResolvers = {
  Query: { aidProposal },
  Mutation: { submitAidProposal, verifyAidProposal, returnAidProposal, approveAidProposal, rejectAidProposal },
  AidProposal,
};
