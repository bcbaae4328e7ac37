import { GraphQLError } from 'graphql';
import { findDocument, SHA256_HEX, sha256Hex } from '../auth/trustedDocuments';
import type { Viewer } from '../auth/viewer';
import { echo, ErrorCode } from '../errors';

/**
 * Requests by hash (trusted documents, docs/security.md). A request names a
 * registered document by its sha256 in either of the forms clients send:
 * `extensions.persistedQuery.sha256Hash` (Apollo Client's PersistedQueryLink,
 * fed the client preset's `__meta__.hash`) or `documentId`, each as `<hex>` or
 * `sha256:<hex>` (what the client preset 6 writes, and the GraphQL-over-HTTP
 * persisted documents draft). The hub swaps in the registered text before Apollo
 * sees the request; Apollo's own automatic persisted queries are off
 * (src/server/apollo.ts), so no client can register a document over HTTP.
 */

/** Which clients may run registered documents only (SIMPUL_TRUSTED_DOCUMENTS_ONLY). */
export interface TrustedDocumentsPolicy {
  /** Client names; `*` means every request, whichever client it names or none. */
  enforcedClients: readonly string[];
}

/** What the hub knows of the document a request runs, for the check once the caller is known. */
export interface DocumentFacts {
  /** sha256 of the document run. */
  hash: string | null;
  /** Clients that registered it; null when it is not registered (or was not looked up: no client is enforced). */
  registeredFor: string[] | null;
}

/** A request refused before it reaches Apollo. */
export class TrustedDocumentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The client header Apollo Client sends (`new ApolloClient({ clientAwareness: { name } })`). */
export const CLIENT_NAME_HEADER = 'apollographql-client-name';

interface Parameters {
  query: unknown;
  documentId: unknown;
  extensions: unknown;
}

function hashOf(p: Parameters): string | null {
  const persisted = typeof p.extensions === 'object' && p.extensions !== null ? (p.extensions as { persistedQuery?: unknown }).persistedQuery : undefined;
  // The client preset (6.x) writes its hashes as `sha256:<hex>`, in the manifest and in `__meta__.hash` alike.
  const bare = (h: unknown) => (typeof h === 'string' ? h.replace(/^sha256:/, '') : h);
  const fromExtensions = bare(typeof persisted === 'object' && persisted !== null ? (persisted as { sha256Hash?: unknown }).sha256Hash : undefined);
  const fromId = bare(p.documentId);
  if (fromExtensions !== undefined && fromId !== undefined && fromExtensions !== fromId) {
    throw new TrustedDocumentError(400, ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, 'documentId and extensions.persistedQuery.sha256Hash name different documents');
  }
  const hash = fromExtensions ?? fromId;
  if (hash === undefined || hash === null) return null;
  if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) {
    throw new TrustedDocumentError(400, 'BAD_REQUEST', `a document hash is 64 lower-case hex digits (sha256), got ${echo(typeof hash === 'string' ? hash : JSON.stringify(hash))}`);
  }
  return hash;
}

/**
 * Resolves the document of a request's parameters: by hash, the registered text
 * (PERSISTED_QUERY_NOT_FOUND when no client registered it; a query sent along
 * must be the document of that hash); by text, whether that text is registered
 * (looked up only when some client is enforced). Returns the parameters Apollo
 * should see: the query text, no `documentId`, no `persistedQuery` extension.
 */
async function resolveParameters(p: Parameters, policy: TrustedDocumentsPolicy): Promise<{ query: unknown; extensions: unknown; facts: DocumentFacts }> {
  const hash = hashOf(p);
  const extensions = withoutPersistedQuery(p.extensions);
  const text = typeof p.query === 'string' && p.query !== '' ? p.query : null;
  if (hash === null) {
    if (text === null || policy.enforcedClients.length === 0) return { query: p.query, extensions, facts: { hash: null, registeredFor: null } };
    const textHash = sha256Hex(text);
    const found = await findDocument(textHash);
    return { query: p.query, extensions, facts: { hash: textHash, registeredFor: found?.clients ?? null } };
  }
  if (text !== null && sha256Hex(text) !== hash) {
    throw new TrustedDocumentError(
      400,
      ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
      `the query sent is not the document of hash ${hash.slice(0, 12)}…: send the hash alone, or the document whose sha256 it is`,
    );
  }
  const found = await findDocument(hash);
  if (!found && text === null) {
    throw new TrustedDocumentError(
      400,
      ErrorCode.PERSISTED_QUERY_NOT_FOUND,
      `PersistedQueryNotFound: no document is registered under hash ${hash.slice(0, 12)}… (register the client's manifest: npm run documents -- register)`,
    );
  }
  return { query: found?.document ?? text, extensions, facts: { hash, registeredFor: found?.clients ?? null } };
}

function withoutPersistedQuery(extensions: unknown): unknown {
  if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions)) return extensions;
  const { persistedQuery: _dropped, ...rest } = extensions as Record<string, unknown>;
  return rest;
}

/** A POST body (parsed JSON) with its document resolved; other bodies pass through untouched. */
export async function resolvePostBody(body: unknown, policy: TrustedDocumentsPolicy): Promise<{ body: unknown; facts: DocumentFacts }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { body, facts: { hash: null, registeredFor: null } };
  const { documentId, ...rest } = body as Record<string, unknown>;
  const r = await resolveParameters({ query: rest.query, documentId, extensions: rest.extensions }, policy);
  const resolved: Record<string, unknown> = { ...rest, query: r.query };
  if (r.extensions === undefined) delete resolved.extensions;
  else resolved.extensions = r.extensions;
  if (resolved.query === undefined) delete resolved.query;
  return { body: resolved, facts: r.facts };
}

/** A GET query string with its document resolved (Apollo Client's `useGETForHashedQueries`). */
export async function resolveSearch(search: string, policy: TrustedDocumentsPolicy): Promise<{ search: string; facts: DocumentFacts }> {
  const params = new URLSearchParams(search);
  let extensions: unknown = undefined;
  const rawExtensions = params.get('extensions');
  if (rawExtensions !== null) {
    try {
      extensions = JSON.parse(rawExtensions);
    } catch {
      // Apollo answers a malformed `extensions` parameter itself.
      return { search, facts: { hash: null, registeredFor: null } };
    }
  }
  const r = await resolveParameters({ query: params.get('query') ?? undefined, documentId: params.get('documentId') ?? undefined, extensions }, policy);
  params.delete('documentId');
  if (typeof r.query === 'string') params.set('query', r.query);
  if (rawExtensions !== null) params.set('extensions', JSON.stringify(r.extensions));
  const out = params.toString();
  return { search: out ? `?${out}` : '', facts: r.facts };
}

/**
 * The client a request comes from, and whether it may run this document.
 *
 * The client is the one its credentials were issued to (a token's `client_id`)
 * when they name one; the `apollographql-client-name` header only fills in for
 * credentials that name none, and must agree when both are present
 * (CLIENT_MISMATCH). A header can thus only subject a request to a client's
 * rule, never lift one: a token issued to an enforced client runs that client's
 * registered documents only, whatever headers come with it.
 */
export function checkTrustedDocument(policy: TrustedDocumentsPolicy, viewer: Pick<Viewer, 'client'> | undefined, header: string | undefined, facts: DocumentFacts): void {
  const claimed = header?.trim() || null;
  // Contexts built without a viewer (servers without authentication, in tests) name no client.
  const bound = viewer?.client ?? null;
  if (bound && claimed && claimed !== bound) {
    throw new GraphQLError(`the ${CLIENT_NAME_HEADER} header says ${echo(claimed)}, but these credentials were issued to client "${bound}"`, {
      extensions: { code: ErrorCode.CLIENT_MISMATCH, http: { status: 403 } },
    });
  }
  const client = bound ?? claimed;
  const everyone = policy.enforcedClients.includes('*');
  if (!everyone && (client === null || !policy.enforcedClients.includes(client))) return;
  const registered = facts.registeredFor !== null && (client === null ? facts.registeredFor.length > 0 : facts.registeredFor.includes(client));
  if (registered) return;
  const who = client === null ? 'this hub runs' : `client ${echo(client)} runs`;
  throw new GraphQLError(
    `${who} registered documents only, and this document is not registered${client === null ? '' : ' for it'}: register the client's manifest (npm run documents -- register) and send its hash`,
    {
      extensions: { code: ErrorCode.TRUSTED_DOCUMENT_REQUIRED, http: { status: 403 } },
    },
  );
}
