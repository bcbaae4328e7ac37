import * as connections from './connections';
import { DateScalar } from './Date';

export const baseResolvers = { Date: DateScalar, ...connections };
