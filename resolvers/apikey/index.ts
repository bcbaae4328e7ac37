import { apiKeys } from './Query/apiKeys';

export const apiKeyResolvers = {
  Query: { apiKeys },
};
