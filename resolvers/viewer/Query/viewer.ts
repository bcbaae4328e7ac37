import type { QueryResolvers } from '../../../src/generated/graphql';

export const viewer: QueryResolvers['viewer'] = (_parent, _args, ctx, info) => ({ viewer: ctx.viewer, schema: info.schema });
