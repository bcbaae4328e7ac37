import type { QueryResolvers } from '../../../src/generated/graphql';
import { listApiKeyUsage } from '../../../src/services/apiKeys';

export const apiKeys: QueryResolvers['apiKeys'] = (_parent, _args, ctx) => listApiKeyUsage(ctx);
