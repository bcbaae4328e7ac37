import type { QueryResolvers } from '../../../src/generated/graphql';

/** The worklist's fields read for the viewer of the request; the object itself carries nothing. */
export const worklist: QueryResolvers['worklist'] = () => ({});
