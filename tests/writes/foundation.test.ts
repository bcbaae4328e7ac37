import mongoose from 'mongoose';
import { createApiKey } from '../../src/auth/apiKeys';
import { Discrepancy, type DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { WriteAudit, WriteJournal, WriteReceipt } from '../../src/db/models/writes';
import { applyJournal, encodeSteps, resumeJournals, type Step } from '../../src/writes/journal';
import { useImportedSmallHub } from '../integration/helpers';

/*
 * The write foundation every portal workflow stands on (src/writes/), seen through the simplest transition,
 * taking a discrepancy: the write matrix and the row scope, idempotency keys, expected versions, the journal,
 * the write audit and input errors that name the input.
 */

const TAKE = `mutation($input: TakeDiscrepancyInput!) { takeDiscrepancy(input: $input) { id status version takenBy } }`;
const RELEASE = `mutation($input: ReleaseDiscrepancyInput!) { releaseDiscrepancy(input: $input) { id status version takenBy } }`;

let open: DiscrepancyDoc[];

const setup = useImportedSmallHub('writes-foundation', async () => {
  // Discrepancies about people a PSM may know of (identity and NIK conflicts; not birth dates, which it reads as a flag only).
  const all = await Discrepancy.find({ status: 'OPEN', subjectType: 'PERSON' }).sort({ _id: 1 }).lean<DiscrepancyDoc[]>();
  open = all.filter((d) => ['IDENTITY_MISMATCH', 'INVALID_NIK', 'NOT_IN_CIVIL_REGISTRY'].includes(d.kind) && d.aspect !== 'birthDate');
  if (open.length < 6) throw new Error(`the small regency has ${open.length} open identity conflicts; the spec needs 6`);
});
const { hub } = setup;

const psm = (d: DiscrepancyDoc, sub = 'psm-a') => ({ role: 'PSM' as const, sub, desa: [d.desaCode] });
const key = () => `k-${Math.random().toString(36).slice(2)}`;

describe('a mutation over HTTP', () => {
  it('is served: a PSM takes an OPEN discrepancy of its desa, which is then IN_VERIFICATION at version 1, taken by it', async () => {
    const d = open[0]!;
    const { status, body } = await hub.postAs(psm(d), TAKE, { input: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { takeDiscrepancy: { id: d._id, status: 'IN_VERIFICATION', version: 1, takenBy: 'user:psm-a' } } });
  });

  it('is refused over GET (405), so a link cannot change anything', async () => {
    const q = encodeURIComponent('mutation { takeDiscrepancy(input: {idempotencyKey: "x", discrepancyId: "DQ00000001", expectedVersion: 0}) { id } }');
    const res = await fetch(`http://127.0.0.1:${hub.port}/graphql?query=${q}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
  });

  it('keeps subscriptions refused with 400 OPERATION_NOT_SUPPORTED', async () => {
    const { status, body } = await hub.post('subscription { x }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('OPERATION_NOT_SUPPORTED');
  });
});

describe('the write matrix and the row scope', () => {
  it("answers NOT_FOUND for a discrepancy outside the viewer's desa, as for one that does not exist, and changes nothing", async () => {
    const d = open[1]!;
    const other = open.find((o) => o.desaCode !== d.desaCode)!;
    const outside = await hub.postAs(psm(other), TAKE, { input: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } });
    const missing = await hub.postAs(psm(other), TAKE, { input: { idempotencyKey: key(), discrepancyId: 'DQ99999999', expectedVersion: 0 } });
    for (const { body } of [outside, missing]) {
      expect(body.data).toEqual({ takeDiscrepancy: null });
      expect(body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.discrepancyId' });
    }
    expect(outside.body.errors[0].message).toBe(`input.discrepancyId: no discrepancy "${d._id}"`);
    expect((await Discrepancy.findById(d._id).lean())!.status).toBe('OPEN');
  });

  it('answers FORBIDDEN to a role the matrix says no to (TAGANA), to a partner key, and UNAUTHENTICATED to anonymous', async () => {
    const d = open[1]!;
    const input = { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 };
    const tagana = await hub.postAs({ role: 'TAGANA', kecamatan: [d.kecamatanCode] }, TAKE, { input });
    expect(tagana.body.errors[0]).toMatchObject({ message: 'your role (TAGANA) may not take, release, resolve or dismiss a discrepancy', extensions: { code: 'FORBIDDEN' } });
    const partner = await createApiKey({ name: 'partner', purpose: 'verval', fields: ['Discrepancy.id', 'Discrepancy.status'], kecamatanCodes: [], createdBy: 'user:test-admin' });
    const byKey = await hub.post(TAKE, { input }, { authorization: `ApiKey ${partner.token}` });
    expect(byKey.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await hub.post(TAKE, { input }, { authorization: '' });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await Discrepancy.findById(d._id).lean())!.status).toBe('OPEN');
    expect(await WriteReceipt.countDocuments({ viewer: 'user:test-tagana' })).toBe(0);
    expect(await WriteReceipt.countDocuments({ viewer: `apikey:${partner.id}` })).toBe(0);
  });
});

describe('idempotency keys', () => {
  it('a retry with the same key returns the first result and changes nothing: one version step, one audit entry', async () => {
    const d = open[2]!;
    const input = { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 };
    const first = await hub.postAs(psm(d), TAKE, { input });
    const again = await hub.postAs(psm(d), TAKE, { input });
    expect(first.body).toEqual({ data: { takeDiscrepancy: { id: d._id, status: 'IN_VERIFICATION', version: 1, takenBy: 'user:psm-a' } } });
    expect(again.body).toEqual(first.body);
    expect((await Discrepancy.findById(d._id).lean())!.version).toBe(1);
    expect(await WriteAudit.countDocuments({ subjectId: d._id })).toBe(1);
  });

  it('the same key with a different input is BAD_USER_INPUT naming input.idempotencyKey, and changes nothing', async () => {
    const d = open[2]!;
    const k = key();
    await hub.postAs(psm(d), RELEASE, { input: { idempotencyKey: k, discrepancyId: d._id, expectedVersion: 1 } });
    const reused = await hub.postAs(psm(d), RELEASE, { input: { idempotencyKey: k, discrepancyId: d._id, expectedVersion: 1, reason: 'another' } });
    expect(reused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    expect((await Discrepancy.findById(d._id).lean())!).toMatchObject({ status: 'OPEN', version: 2 });
  });

  it('keys are per viewer: another viewer using the same key acts on its own', async () => {
    const d = open[3]!;
    const k = key();
    const a = await hub.postAs(psm(d, 'psm-a'), TAKE, { input: { idempotencyKey: k, discrepancyId: d._id, expectedVersion: 0 } });
    const b = await hub.postAs(psm(d, 'psm-b'), TAKE, { input: { idempotencyKey: k, discrepancyId: d._id, expectedVersion: 0 } });
    expect(a.body.data.takeDiscrepancy.takenBy).toBe('user:psm-a');
    expect(b.body.errors[0].extensions.code).toBe('CONFLICT');
  });
});

describe('expected versions', () => {
  it('a stale expectedVersion is CONFLICT with the current state, and changes nothing', async () => {
    const d = open[3]!; // taken by psm-a above: IN_VERIFICATION at version 1
    const { body } = await hub.postAs(psm(d, 'psm-b'), RELEASE, { input: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } });
    expect(body.data).toEqual({ releaseDiscrepancy: null });
    expect(body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', current: { status: 'IN_VERIFICATION', version: 1, takenBy: 'user:psm-a' } });
    expect(body.errors[0].message).toBe(`discrepancy ${d._id} is IN_VERIFICATION at version 1; expected IN_VERIFICATION at version 0. Read it again and decide again`);
    expect((await Discrepancy.findById(d._id).lean())!).toMatchObject({ status: 'IN_VERIFICATION', version: 1, takenBy: 'user:psm-a' });
  });

  it('of two pilar taking one discrepancy at the same moment, one gets it and the other CONFLICT', async () => {
    const d = open[4]!;
    const replies = await Promise.all(
      ['psm-c', 'psm-d', 'psm-e', 'psm-f'].map((sub) => hub.postAs(psm(d, sub), TAKE, { input: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } })),
    );
    const won = replies.filter((r) => r.body.data.takeDiscrepancy !== null);
    const lost = replies.filter((r) => r.body.data.takeDiscrepancy === null);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.body.errors[0].extensions.code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    const stored = (await Discrepancy.findById(d._id).lean())!;
    expect(stored).toMatchObject({ status: 'IN_VERIFICATION', version: 1, takenBy: won[0]!.body.data.takeDiscrepancy.takenBy });
    expect(await WriteAudit.countDocuments({ subjectId: d._id })).toBe(1);
  });

  it('only who took a discrepancy (or Dinsos staff) may release it: FORBIDDEN for another pilar', async () => {
    const d = open[3]!;
    const { body } = await hub.postAs(psm(d, 'psm-b'), RELEASE, { input: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 1 } });
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.discrepancyId' });
  });
});

describe('input errors name the input', () => {
  it('text too long: BAD_USER_INPUT with extensions.field, the message bounded', async () => {
    const d = open[3]!;
    const { body } = await hub.postAs(psm(d), RELEASE, { input: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 1, reason: 'x'.repeat(100_000) } });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(body.errors[0].message).toBe('input.reason: is 100000 characters long; at most 500 are accepted');
  });

  it('an empty or overlong idempotency key: BAD_USER_INPUT naming input.idempotencyKey', async () => {
    const d = open[5]!;
    for (const k of ['', 'x'.repeat(101), 'has space']) {
      const { body } = await hub.postAs(psm(d), TAKE, { input: { idempotencyKey: k, discrepancyId: d._id, expectedVersion: 0 } });
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    }
  });
});

describe('the write audit', () => {
  it('an ADMIN reads per subject and per viewer who changed what, in which role, with old and new values', async () => {
    const d = open[0]!; // taken by psm-a in the first spec
    const fields = 'totalCount edges { node { viewer role mutation action subjectType subjectId personIds oldValues newValues at } }';
    const bySubject = await hub.post(`{ writeAuditOfSubject(id: "${d._id}") { ${fields} } }`);
    expect(bySubject.body.errors).toBeUndefined();
    const entry = bySubject.body.data.writeAuditOfSubject.edges[0].node;
    expect(entry).toMatchObject({ viewer: 'user:psm-a', role: 'PSM', mutation: 'takeDiscrepancy', action: 'WORK_DISCREPANCY', subjectType: 'discrepancies', subjectId: d._id });
    expect(JSON.parse(entry.oldValues)).toEqual({ status: 'OPEN', version: 0, takenBy: null });
    expect(JSON.parse(entry.newValues)).toMatchObject({ status: 'IN_VERIFICATION', version: 1, takenBy: 'user:psm-a' });
    if (d.personId) {
      const byPerson = await hub.post(`{ writeAuditOfSubject(id: "${d.personId}") { totalCount } }`);
      expect(byPerson.body.data.writeAuditOfSubject.totalCount).toBeGreaterThanOrEqual(1);
    }
    const byViewer = await hub.post(`{ writeAuditOfViewer(subject: "user:psm-a") { ${fields} } }`);
    expect(byViewer.body.data.writeAuditOfViewer.totalCount).toBe(await WriteAudit.countDocuments({ viewer: 'user:psm-a' }));
  });

  it('is ADMIN only: an OPERATOR or the PSM who wrote is FORBIDDEN', async () => {
    const d = open[0]!;
    for (const claims of [{ role: 'OPERATOR' as const }, psm(d)]) {
      const { body } = await hub.postAs(claims, `{ writeAuditOfSubject(id: "${d._id}") { totalCount } }`);
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('the journal', () => {
  const coll = () => mongoose.connection.collection('journalProbe');

  it('a journal interrupted after a step (applied, not yet noted) is finished by a resume, each step applied exactly once', async () => {
    await coll().insertOne({ _id: 'A', n: 0 } as never);
    const steps: Step[] = [
      { kind: 'update', collection: 'journalProbe', id: 'A', where: { n: 0 }, inc: { n: 1 } },
      { kind: 'update', collection: 'journalProbe', id: 'A', inc: { m: 5 } },
      { kind: 'insert', collection: 'journalProbe', doc: { _id: 'B', made: true } },
    ];
    const journal = {
      _id: 'j-interrupted',
      status: 'PENDING' as const,
      subjects: ['A'],
      steps: encodeSteps(steps),
      next: 0,
      result: { collection: 'journalProbe', id: 'A' },
      createdAt: new Date(Date.now() - 3_600_000),
      finishedAt: null,
    };
    await WriteJournal.create(journal);
    const crash = new Error('crash after step 1');
    await expect(
      applyJournal(journal, {
        afterStep: (_id, i) => {
          if (i === 1) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    // The worst moment: step 1 was applied but the crash lost the note of it, so the resume applies it again.
    await WriteJournal.updateOne({ _id: 'j-interrupted' }, { $set: { next: 1 } });
    expect(await resumeJournals(['A'])).toBe(1);
    // A second resume changes nothing.
    expect(await resumeJournals(['A'])).toBe(0);
    expect(await coll().find({}).sort({ _id: 1 }).project({ lastWrite: 0 }).toArray()).toEqual([
      { _id: 'A', n: 1, m: 5 },
      { _id: 'B', made: true },
    ]);
    expect((await WriteJournal.findById('j-interrupted').lean())!.status).toBe('DONE');
  });
});
