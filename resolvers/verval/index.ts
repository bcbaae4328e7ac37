import { Discrepancy } from './Discrepancy';
import { releaseDiscrepancy } from './Mutation/releaseDiscrepancy';
import { takeDiscrepancy } from './Mutation/takeDiscrepancy';

/** The verval loop: visits, the discrepancy life cycle, data change requests (schema/discrepancy-workflow.graphql, schema/verval.graphql). */
export const vervalResolvers = {
  Mutation: { takeDiscrepancy, releaseDiscrepancy },
  Discrepancy,
};
