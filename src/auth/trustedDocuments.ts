import { createHash } from 'node:crypto';
import { Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { CLIENT_NAME } from './client';
import { TrustedDocument, type TrustedDocumentDoc } from '../db/models/trustedDocument';

/**
 * Trusted documents: the operations client apps registered ahead of time, by the
 * sha256 of their text, as the codegen client preset writes them with
 * `persistedDocuments: true` (`persisted-documents.json`: `{ "sha256:<hex>": "<document>" }`).
 *
 * Stored in the database, not in files: every hub of a deployment reads the same
 * registrations, a client's release registers its manifest without redeploying
 * the hub, and registrations carry who registered them, like API keys.
 */

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ManifestError extends Error {}

/**
 * Reads a persisted-documents manifest and checks every entry: the key is the
 * sha256 of its document (a manifest edited by hand, or hashed differently, is
 * refused), the document parses, holds queries only and is valid against the
 * served schema (a manifest built from a stale contract is refused before any
 * client sends it).
 */
export function readManifest(json: string, schema: GraphQLSchema): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(json);
  } catch {
    throw new ManifestError('the manifest is not valid JSON (expected persisted-documents.json: { "<sha256>": "<document>" })');
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ManifestError('the manifest must be a JSON object mapping sha256 hashes to documents');
  }
  const entries = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, document] of Object.entries(manifest)) {
    // The client preset 6 writes `sha256:<hex>` keys; older versions and other tools write the bare hex.
    const hash = key.replace(/^sha256:/, '');
    const name = hash.slice(0, 12);
    if (!SHA256_HEX.test(hash)) problems.push(`${name}…: the key is not a sha256 hash (64 lower-case hex digits, optionally after "sha256:")`);
    else if (typeof document !== 'string') problems.push(`${name}…: the document is not a string`);
    else if (sha256Hex(document) !== hash) problems.push(`${name}…: the key is not the sha256 of its document`);
    else {
      const problem = documentProblem(document, schema);
      if (problem) problems.push(`${name}…: ${problem}`);
      else entries.set(hash, document);
    }
  }
  if (problems.length > 0) throw new ManifestError(`the manifest was not registered:\n  ${problems.join('\n  ')}`);
  if (entries.size === 0) throw new ManifestError('the manifest holds no documents');
  return entries;
}

function documentProblem(document: string, schema: GraphQLSchema): string | null {
  try {
    const ast = parse(document);
    if (ast.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation !== 'query')) return 'only queries can be registered';
    const errors = validate(schema, ast);
    return errors.length > 0 ? `not valid against the schema: ${errors[0]!.message}` : null;
  } catch (err) {
    return `does not parse: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Registers documents for a client; returns how many were new to the hub. Registering again changes nothing. */
export async function registerDocuments(client: string, documents: ReadonlyMap<string, string>, at = new Date()): Promise<number> {
  if (!CLIENT_NAME.test(client)) throw new ManifestError(`client name must match ${CLIENT_NAME} (got ${JSON.stringify(client.slice(0, 100))})`);
  let added = 0;
  for (const [hash, document] of documents) {
    const r = await TrustedDocument.updateOne({ _id: hash }, { $setOnInsert: { document, registeredAt: at }, $addToSet: { clients: client } }, { upsert: true });
    added += r.upsertedCount;
  }
  return added;
}

/** Withdraws documents (all of the client's when `hashes` is empty); a document no client keeps is deleted. */
export async function removeDocuments(client: string, hashes: readonly string[]): Promise<number> {
  const filter = hashes.length > 0 ? { _id: { $in: [...hashes] }, clients: client } : { clients: client };
  const r = await TrustedDocument.updateMany(filter, { $pull: { clients: client } });
  await TrustedDocument.deleteMany({ clients: { $size: 0 } });
  return r.modifiedCount;
}

export async function listDocuments(client?: string): Promise<TrustedDocumentDoc[]> {
  return TrustedDocument.find(client ? { clients: client } : {})
    .sort({ _id: 1 })
    .lean<TrustedDocumentDoc[]>();
}

/** The registered document of a hash, or null: one read by `_id`. */
export async function findDocument(hash: string): Promise<Pick<TrustedDocumentDoc, 'document' | 'clients'> | null> {
  return TrustedDocument.findById(hash, { document: 1, clients: 1 }).lean<TrustedDocumentDoc>();
}
