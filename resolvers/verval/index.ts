import { DataChangeRequest } from './DataChangeRequest';
import { Discrepancy } from './Discrepancy';
import { FieldProvenance } from './FieldProvenance';
import { approveDataChange } from './Mutation/approveDataChange';
import { dismissDiscrepancy } from './Mutation/dismissDiscrepancy';
import { proposeDataChange } from './Mutation/proposeDataChange';
import { recordVisit } from './Mutation/recordVisit';
import { rejectDataChange } from './Mutation/rejectDataChange';
import { releaseDiscrepancy } from './Mutation/releaseDiscrepancy';
import { resolveDiscrepancy } from './Mutation/resolveDiscrepancy';
import { takeDiscrepancy } from './Mutation/takeDiscrepancy';
import { dataChangeRequest } from './Query/dataChangeRequest';
import { visit } from './Query/visit';
import { Visit } from './Visit';

/** The verval loop: visits, the discrepancy life cycle, data change requests (schema/discrepancy-workflow.graphql, schema/verval.graphql). */
export const vervalResolvers = {
  Query: { visit, dataChangeRequest },
  Mutation: { recordVisit, takeDiscrepancy, releaseDiscrepancy, resolveDiscrepancy, dismissDiscrepancy, proposeDataChange, approveDataChange, rejectDataChange },
  Discrepancy,
  Visit,
  DataChangeRequest,
  FieldProvenance,
};
