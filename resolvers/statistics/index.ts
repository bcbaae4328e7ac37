import { breakdown } from './Query/breakdown';
import { statistics } from './Query/statistics';

export const statisticsResolvers = {
  Query: { statistics, breakdown },
};
