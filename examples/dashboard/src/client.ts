import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';

/** Where the hub is and who is asking: read from the page's fragment (`#hub=…&token=…&kecamatan=…`), never sent to the page's server. */
export interface Settings {
  hub: string;
  token: string;
  kecamatan: string;
}

export function settingsFromLocation(location: Location): Partial<Settings> {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const get = (name: string) => params.get(name) ?? undefined;
  return { hub: get('hub') ?? import.meta.env.VITE_SIMPUL_URL, token: get('token'), kecamatan: get('kecamatan') };
}

/**
 * Apollo Client sending trusted documents: the persisted query link sends only the hash the client preset
 * computed (`__meta__.hash`, the key of persisted-documents.json), never the text, and does not fall back to
 * the text when the hub does not know the hash: register the manifest instead (npm run documents).
 */
export function createClient(settings: Settings): ApolloClient {
  const persisted = new PersistedQueryLink({
    generateHash: (document: DocumentNode) => (document as DocumentNode & { __meta__: { hash: string } }).__meta__.hash,
    retry: () => false,
    disable: () => false,
  });
  const http = new HttpLink({ uri: settings.hub, headers: { authorization: `Bearer ${settings.token}` } });
  return new ApolloClient({
    link: persisted.concat(http),
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { households: { keyArgs: ['filter'], merge: (existing, incoming) => ({ ...incoming, edges: [...(existing?.edges ?? []), ...incoming.edges] }) } } },
      },
    }),
    // Sent as apollographql-client-name; the hub trusts the token's client_id over it (docs/security.md).
    clientAwareness: { name: 'dashboard', version: '1' },
  });
}
