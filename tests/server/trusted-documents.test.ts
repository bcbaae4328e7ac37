import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenClaims } from '../../src/auth/jwt';
import { Household, type HouseholdDoc } from '../../src/db/models/household';
import { loadRegency } from '../../seeds/loadRegency';
import { run } from '../../src/cli/documents';
import { databaseEnv, runCommand, runInProcess } from '../helpers/command';
import { startTestHub, type TestHub } from '../helpers/hub';
import { scenarioRegency } from '../helpers/regency';
import { tempDir } from '../integration/helpers';
import { budgeted, UNITS } from '../helpers/budget';

/*
 * Client apps register their operations (the codegen client preset's persisted-documents.json) with
 * `npm run documents`; the hub runs them by hash, and runs nothing else for a client in
 * SIMPUL_TRUSTED_DOCUMENTS_ONLY. The client is the one its token was issued to (`client_id`).
 */

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const HOUSEHOLDS =
  'query KecamatanHouseholds($kecamatanCode: String!) { households(filter: { kecamatanCode: $kecamatanCode }, first: 10) { edges { node { id desa { code } head { fullName nik } } } } }';
const PHONES = 'query KecamatanPhones($kecamatanCode: String!) { households(filter: { kecamatanCode: $kecamatanCode }, first: 5) { edges { node { id head { phone } } } } }';
const KECAMATANS = 'query Kecamatans { kecamatans { code name } }';
const UNREGISTERED = '{ kecamatans { code } }';
const MASKED_NIK = /^NIK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('trusted documents', () => {
  const tmp = tempDir('trusted-documents');
  let hub: TestHub;
  let kecamatan: string;
  let households: HouseholdDoc[];

  /** POSTs a raw GraphQL-over-HTTP body as the bearer of a token for these claims. */
  const send = async (claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${hub.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(claims)}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const tksk = (client?: string): Partial<TokenClaims> & Pick<TokenClaims, 'role'> => ({ role: 'TKSK', kecamatan: [kecamatan], ...(client ? { client_id: client } : {}) });
  const byHash = (document: string, variables?: Record<string, unknown>) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } } });
  const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);
  const noStack = (body: unknown) => expect(JSON.stringify(body)).not.toMatch(/stacktrace|\bat .+\.[jt]s:\d+/);

  beforeAll(
    ...budgeted('starting a hub, loading the tiny regency into its database and registering documents with the documents command', 1 + UNITS.command + UNITS.regency, async () => {
      hub = await startTestHub({ SIMPUL_TRUSTED_DOCUMENTS_ONLY: 'dashboard' });
      await loadRegency(scenarioRegency('tiny'));
      const all = await Household.find({}).lean<HouseholdDoc[]>();
      kecamatan = all.map((h) => h.kecamatanCode).sort()[0]!;
      households = all.filter((h) => h.kecamatanCode === kecamatan);
      const manifest = join(tmp.dir, 'persisted-documents.json');
      // The client preset 6 writes `sha256:<hex>` keys; a bare hex key is accepted too.
      writeFileSync(manifest, JSON.stringify({ [`sha256:${sha256(HOUSEHOLDS)}`]: HOUSEHOLDS, [sha256(PHONES)]: PHONES, [sha256(KECAMATANS)]: KECAMATANS }));
      const registered = await runCommand('src/cli/documents.ts', ['register', '--client', 'dashboard', manifest], databaseEnv(hub.config.dbName));
      expect(registered).toMatchObject({ code: 0, stderr: expect.stringContaining('registered 3 documents for client dashboard') });
    }),
  );
  afterAll(async () => {
    await hub?.close();
    tmp.remove();
  });

  it('npm run documents refuses a manifest whose key is not the sha256 of its document, and registers none of it', async () => {
    const manifest = join(tmp.dir, 'tampered.json');
    writeFileSync(manifest, JSON.stringify({ [sha256(KECAMATANS)]: UNREGISTERED, [sha256(UNREGISTERED)]: UNREGISTERED }));
    // Refused before the database opens: the command's run() in this process (the same exit code and output; the hub's
    // mongoose connection is not touched). The beforeAll registers with the command as a process.
    const r = await runInProcess(run, ['register', '--client', 'dashboard', manifest], databaseEnv(hub.config.dbName));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the key is not the sha256 of its document');
    // The well-formed entry of the refused manifest was not registered either.
    const { status, body } = await send(tksk('dashboard'), byHash(UNREGISTERED));
    expect([status, codes(body)]).toEqual([400, ['PERSISTED_QUERY_NOT_FOUND']]);
  });

  it('serves a registered document by its hash, as Apollo Client sends it (extensions.persistedQuery, POST or GET) and as documentId', async () => {
    const post = await send(tksk('dashboard'), byHash(KECAMATANS));
    expect(post.status).toBe(200);
    expect(post.body.errors).toBeUndefined();
    expect(post.body.data.kecamatans.length).toBeGreaterThan(0);

    const asId = await send(tksk('dashboard'), { documentId: `sha256:${sha256(KECAMATANS)}` });
    expect(asId.body).toEqual(post.body);
    // The client preset's `__meta__.hash`, as the persisted query link then sends it.
    const prefixed = await send(tksk('dashboard'), { extensions: { persistedQuery: { version: 1, sha256Hash: `sha256:${sha256(KECAMATANS)}` } } });
    expect(prefixed.body).toEqual(post.body);

    const search = new URLSearchParams({ operationName: 'Kecamatans', extensions: JSON.stringify(byHash(KECAMATANS).extensions) });
    const res = await fetch(`http://127.0.0.1:${hub.port}/graphql?${search}`, {
      headers: { authorization: `Bearer ${await hub.token(tksk('dashboard'))}`, 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(post.body);
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (sending a document with its hash registers nothing) and a hash sent with another document with PERSISTED_QUERY_HASH_MISMATCH, without a stack', async () => {
    const unknown = await send(tksk(), byHash('query Nobody { kecamatans { name } }'));
    expect([unknown.status, codes(unknown.body)]).toEqual([400, ['PERSISTED_QUERY_NOT_FOUND']]);
    noStack(unknown.body);

    // A registered hash with another document's text: the hub runs neither.
    const mismatch = await send(tksk(), { query: UNREGISTERED, ...byHash(KECAMATANS) });
    expect([mismatch.status, codes(mismatch.body)]).toEqual([400, ['PERSISTED_QUERY_HASH_MISMATCH']]);
    expect(mismatch.body.data).toBeUndefined();
    noStack(mismatch.body);

    // Sending a document with its hash registers nothing (Apollo's automatic persisted queries would have).
    const sent = 'query SentOnce { kecamatans { code name } }';
    const withText = await send(tksk(), { query: sent, ...byHash(sent) });
    expect(withText.body.errors).toBeUndefined();
    const later = await send(tksk(), byHash(sent));
    expect([later.status, codes(later.body)]).toEqual([400, ['PERSISTED_QUERY_NOT_FOUND']]);

    const malformed = await send(tksk(), { documentId: 'not-a-hash' });
    expect([malformed.status, codes(malformed.body)]).toEqual([400, ['BAD_REQUEST']]);
  });

  it('refuses an unregistered document to a client in enforce mode (403 TRUSTED_DOCUMENT_REQUIRED), and accepts it from others', async () => {
    const refused = await send(tksk('dashboard'), { query: UNREGISTERED });
    expect([refused.status, codes(refused.body)]).toEqual([403, ['TRUSTED_DOCUMENT_REQUIRED']]);
    expect(refused.body.data).toBeUndefined();
    noStack(refused.body);

    // The registered text itself, sent in full, is the registered document.
    const registeredText = await send(tksk('dashboard'), { query: KECAMATANS });
    expect(registeredText.body.errors).toBeUndefined();

    // Another client, and a token naming none, are not in enforce mode.
    for (const claims of [tksk('reports'), tksk()]) {
      const accepted = await send(claims, { query: UNREGISTERED });
      expect([accepted.status, accepted.body.errors]).toEqual([200, undefined]);
    }
  });

  it('ties the client to the credentials: a header cannot lift a token client rule, but can subject a token naming none to one', async () => {
    const lifted = await send(tksk('dashboard'), { query: UNREGISTERED }, { 'apollographql-client-name': 'reports' });
    expect([lifted.status, codes(lifted.body)]).toEqual([403, ['CLIENT_MISMATCH']]);
    const omitted = await send(tksk('dashboard'), { query: UNREGISTERED }, {});
    expect(codes(omitted.body)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);

    const declared = await send(tksk(), { query: UNREGISTERED }, { 'apollographql-client-name': 'dashboard' });
    expect([declared.status, codes(declared.body)]).toEqual([403, ['TRUSTED_DOCUMENT_REQUIRED']]);
    const declaredRegistered = await send(tksk(), byHash(KECAMATANS), { 'apollographql-client-name': 'dashboard' });
    expect(declaredRegistered.body.errors).toBeUndefined();
  });

  it('applies the matrix to registered documents: a TKSK reads its kecamatan households with masked NIKs, and a phone is FORBIDDEN', async () => {
    const { status, body } = await send(tksk('dashboard'), byHash(HOUSEHOLDS, { kecamatanCode: kecamatan }));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.households.edges.map((e: { node: any }) => e.node);
    expect(nodes.length).toBe(Math.min(10, households.length));
    for (const n of nodes) {
      expect(n.desa.code.startsWith(kecamatan)).toBe(true);
      if (n.head) expect(n.head.nik).toMatch(MASKED_NIK);
    }
    expect(nodes.some((n: any) => n.head)).toBe(true);

    // Another kecamatan's rows are not the TKSK's, registered document or not.
    const elsewhere = await send(
      { role: 'TKSK', kecamatan: [kecamatan === '35.19.01' ? '35.19.02' : '35.19.01'], client_id: 'dashboard' },
      byHash(HOUSEHOLDS, { kecamatanCode: kecamatan }),
    );
    expect(elsewhere.body.data?.households?.edges ?? []).toEqual([]);

    const phones = await send(tksk('dashboard'), byHash(PHONES, { kecamatanCode: kecamatan }));
    expect(codes(phones.body)).toContain('FORBIDDEN');
    expect(JSON.stringify(phones.body.data)).not.toMatch(/"phone":"[^"]/);
  });
});

describe('trusted documents for every client (SIMPUL_TRUSTED_DOCUMENTS_ONLY=*)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ SIMPUL_TRUSTED_DOCUMENTS_ONLY: '*' });
  });
  afterAll(async () => hub?.close());

  it('refuses an unregistered document to every caller, named client or not', async () => {
    const { status, body } = await hub.post(UNREGISTERED);
    expect([status, body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)]).toEqual([403, ['TRUSTED_DOCUMENT_REQUIRED']]);
  });
});
