import { pilar } from './Query/pilar';
import { pilars } from './Query/pilars';
import { Pilar } from './Pilar';

export const pilarResolvers = {
  Query: { pilar, pilars },
  Pilar,
};
