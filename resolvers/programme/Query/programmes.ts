import type { QueryResolvers } from '../../../src/generated/graphql';
import { listProgrammes } from '../../../src/services/programme';

export const programmes: QueryResolvers['programmes'] = () => listProgrammes();
