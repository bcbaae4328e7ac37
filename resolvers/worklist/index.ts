import type { OpenTrainingResolvers, WorklistResolvers } from '../../src/generated/graphql';
import { awaitingDataChanges, awaitingProposals, openDiscrepancies, openTrainings } from '../../src/services/worklist';
import { worklist } from './Query/worklist';

const Worklist: WorklistResolvers = {
  openDiscrepancies: (_w, { first, after }, ctx) => openDiscrepancies(ctx, { first, after }),
  aidProposals: (_w, _a, ctx) => awaitingProposals(ctx),
  dataChangeRequests: (_w, _a, ctx) => awaitingDataChanges(ctx),
  openTrainings: (_w, _a, ctx) => openTrainings(ctx),
};

const OpenTraining: OpenTrainingResolvers = {
  training: (o) => o.training,
  placesLeft: (o) => o.placesLeft,
};

/** Each viewer's queue (schema/worklist.graphql). */
export const worklistResolvers = { Query: { worklist }, Worklist, OpenTraining };
