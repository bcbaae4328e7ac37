import { statistics } from './Query/statistics';

export const statisticsResolvers = {
  Query: { statistics },
};
