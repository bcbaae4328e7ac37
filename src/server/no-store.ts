import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `cache-control: no-store` on every GraphQL response, as Apollo's cache-control plugin answered (the schema declares
 * no cache hints, so no answer was ever cacheable: every one carries personal data or the viewer's own view of it).
 * That plugin is off (src/server/apollo.ts): it ran a hook on every resolved field to compute a policy that was always
 * "no-store".
 */
export function noStorePlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
