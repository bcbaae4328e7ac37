import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { rowReadsOf } from '../loaders/projection';

/**
 * Tells the request's loaders which stored fields of persons and households its query can need, once the operation is
 * known and before any resolver runs (src/loaders/projection.ts): fewer bytes read, sent and decoded per row.
 */
export function rowReadsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue }) {
          // Schemas under test may run with a context of their own, without loaders.
          const reads = (contextValue.loaders as Context['loaders'] | undefined)?.reads;
          if (reads) Object.assign(reads, rowReadsOf(schema, document));
        },
      };
    },
  };
}
