import { once } from 'node:events';
import { DataChangeRequest } from '../../src/db/models/verval';
import { Person, type PersonDoc } from '../../src/db/models/person';
import { Referral } from '../../src/db/models/referral';
import { WriteAudit, WriteJournal } from '../../src/db/models/writes';
import { resumeInterrupted } from '../../src/writes/journal';
import { databaseEnv, spawnCommand } from '../helpers/command';
import mongoose from 'mongoose';
import { useImportedSmallHub } from '../integration/helpers';
import { budgeted, UNITS } from '../helpers/budget';

/*
 * An approval's effects touch several documents (the request, Dukcapil referrals, the golden record, the audit). A
 * process killed with SIGKILL midway leaves a journal; the hub's start finishes it, to the same state as an approval
 * never interrupted, nothing lost and nothing doubled, and a retry of the approval answers its result.
 */

const VISIT = 'mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }';
const PROPOSE = 'mutation($i: ProposeDataChangeInput!) { proposeDataChange(input: $i) { id } }';
const APPROVE = 'mutation($i: DecideDataChangeInput!) { approveDataChange(input: $i) { id status version referralIds } }';
const CHANGES = { fullName: 'Nama Sesuai KTP', birthPlace: 'Madiun', phone: '081298765432', occupation: 'Petani' };
const today = new Date().toISOString().slice(0, 10);

let people: PersonDoc[];

const setup = useImportedSmallHub('verval-crash', async () => {
  people = await Person.find({}).sort({ _id: 1 }).limit(2).lean<PersonDoc[]>();
});
const { hub } = setup;

/** An ADMIN's visit and proposal for this person: identity facts (two referrals) and contact and occupation (golden record). */
async function propose(p: PersonDoc, k: string): Promise<string> {
  const v = await hub.postAs({ role: 'ADMIN', sub: 'admin-1' }, VISIT, { i: { idempotencyKey: `${k}-v`, personId: p._id, date: today, outcome: 'FOUND', observed: CHANGES } });
  const r = await hub.postAs({ role: 'ADMIN', sub: 'admin-1' }, PROPOSE, {
    i: { idempotencyKey: `${k}-p`, personId: p._id, changes: CHANGES, visitId: v.body.data.recordVisit.id },
  });
  return r.body.data.proposeDataChange.id;
}

/** What an approval leaves, without its ids and times. */
async function outcome(requestId: string, personId: string) {
  const r = (await DataChangeRequest.findById(requestId).lean())!;
  const p = (await Person.findById(personId).lean<PersonDoc>())!;
  const referrals = await Referral.find({ changeRequestId: requestId }).sort({ field: 1 }).lean();
  const audit = await WriteAudit.find({ personIds: personId, mutation: 'approveDataChange' }).sort({ subjectType: 1 }).lean();
  const lineage = JSON.parse(p.lineage!);
  return {
    request: { status: r.status, version: r.version, referrals: r.referralIds.length },
    golden: {
      fullName: p.fullName === people.find((x) => x._id === personId)!.fullName,
      phone: p.phone,
      occupation: p.occupation,
      provenance: [lineage.provenance.phone, lineage.provenance.occupation, lineage.provenance.fullName],
    },
    referrals: referrals.map((x) => [x.field, x.observedValue]),
    audit: audit.map((a) => [a.subjectType, JSON.parse(a.newValues!).status ?? JSON.parse(a.newValues!).field ?? JSON.parse(a.newValues!).phone]),
  };
}

describe('an approval killed with SIGKILL midway through its effects', () => {
  it(
    'is finished at the next start to the state of an uninterrupted approval, nothing lost or doubled',
    ...budgeted('approving in a process killed midway (a command), and finishing the approval at the next start', 2 * UNITS.command, async () => {
      const [a, b] = people as [PersonDoc, PersonDoc];
      const uninterrupted = await propose(a, 'calm');
      const approved = await hub.postAs({ role: 'OPERATOR', sub: 'operator-kill' }, APPROVE, { i: { idempotencyKey: 'calm-a', requestId: uninterrupted, expectedVersion: 0 } });
      expect(approved.body.data.approveDataChange).toMatchObject({ status: 'APPROVED', version: 1 });

      const killed = await propose(b, 'kill');
      // Steps: 0 the decision, 1-2 the referrals, 3 the golden record, 4.. the audit. Die after the first referral.
      const child = spawnCommand('tests/writes/fixtures/approve-and-die.ts', [killed, 'kill-a', '1'], databaseEnv(mongoose.connection.name));
      let out = '';
      child.stdout.on('data', (x: Buffer) => (out += x.toString()));
      const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect([signal, out]).toEqual(['SIGKILL', '']);
      // Midway: decided, one referral of two, golden record not yet changed.
      expect(await Referral.countDocuments({ changeRequestId: killed })).toBe(1);
      expect(await WriteJournal.countDocuments({ 'result.id': killed, status: 'PENDING' })).toBe(1);

      // What the hub does at start.
      expect((await resumeInterrupted()).resumed).toBe(1);
      expect(await outcome(killed, b._id)).toEqual(await outcome(uninterrupted, a._id));
      // Nothing doubles when the hub starts again.
      expect((await resumeInterrupted()).resumed).toBe(0);
      expect(await Referral.countDocuments({ changeRequestId: killed })).toBe(2);
    }),
  );
});
