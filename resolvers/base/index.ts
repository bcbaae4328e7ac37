import { DateScalar } from './Date';

// Connections need no resolvers: `totalCount` is a method of the connection (src/services/pagination.ts),
// which GraphQL's default resolver calls only when a client asks for the total.
export const baseResolvers = { Date: DateScalar };
