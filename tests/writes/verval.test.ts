import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Discrepancy, type DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { Household, type HouseholdDoc } from '../../src/db/models/household';
import { Person, type PersonDoc } from '../../src/db/models/person';
import { Referral } from '../../src/db/models/referral';
import { WriteAudit } from '../../src/db/models/writes';
import { importFile } from '../../src/integration/runner';
import { databaseEnv, runCommand } from '../helpers/command';
import { importAll, type Written, useImportedSmallHub } from '../integration/helpers';
import { budgeted, UNITS } from '../helpers/budget';

/*
 * The verval loop as the portals live it: a discrepancy opened by an import, taken by the desa's PSM, verified on a
 * visit, a correction proposed and approved by an OPERATOR (maker-checker), the golden record and its provenance
 * updated, the identity fact referred to Dukcapil and exported, and the discrepancy resolved when Senopati agrees.
 */

const TAKE = 'mutation($i: TakeDiscrepancyInput!) { takeDiscrepancy(input: $i) { id status version } }';
const VISIT = 'mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id outcome date observed { fullName rt rw } discrepancies { id } } }';
const PROPOSE = 'mutation($i: ProposeDataChangeInput!) { proposeDataChange(input: $i) { id status version proposedBy changes { fullName rt rw } } }';
const APPROVE = 'mutation($i: DecideDataChangeInput!) { approveDataChange(input: $i) { id status version decidedBy referralIds } }';
const REJECT = 'mutation($i: DecideDataChangeInput!) { rejectDataChange(input: $i) { id status version } }';
const DISMISS = 'mutation($i: DismissDiscrepancyInput!) { dismissDiscrepancy(input: $i) { id status version resolution { reason by } } }';

let written: Written;
let nameConflicts: DiscrepancyDoc[];
let n = 0;
const key = () => `verval-${++n}`;
const today = new Date().toISOString().slice(0, 10);

const setup = useImportedSmallHub('verval', async () => {
  written = setup.written;
  nameConflicts = await Discrepancy.find({ status: 'OPEN', kind: 'IDENTITY_MISMATCH', aspect: 'fullName' }).sort({ _id: 1 }).lean<DiscrepancyDoc[]>();
  if (nameConflicts.length < 3) throw new Error(`the small regency has ${nameConflicts.length} name conflicts; the spec needs 3`);
});
const { hub } = setup;

const psmOf = (d: { desaCode: string }) => ({ role: 'PSM' as const, sub: 'psm-1', desa: [d.desaCode] });
const operator = (sub = 'operator-1') => ({ role: 'OPERATOR' as const, sub });
const valueOf = (d: DiscrepancyDoc, source: string) => d.values.find((v) => v.source === source)!.value;

/** Rewrites one line of a source file (the line holding `marker`), replacing `from` by `to`. */
function rewrite(file: string, marker: string, from: string, to: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker) && l.includes(from));
  if (i < 0) throw new Error(`no line of ${file} holds ${marker} and ${from}`);
  lines[i] = lines[i]!.replace(from, to);
  writeFileSync(file, lines.join('\n'));
}

describe('one family through the verval loop', () => {
  it(
    'import -> take -> visit -> proposals -> OPERATOR approval -> golden record and provenance -> referral exported -> resolved when Senopati agrees',
    ...budgeted('exporting referrals twice (a command each) and importing a Senopati extract of the small regency', 2 * UNITS.command + UNITS.importSmall, async () => {
      const d = nameConflicts[0]!;
      const person = (await Person.findById(d.personId).lean<PersonDoc>())!;
      const household = (await Household.findById(person.householdId).lean<HouseholdDoc>())!;
      const psm = psmOf(d);
      const dtsenName = valueOf(d, 'DTSEN');
      const senopatiName = valueOf(d, 'SENOPATI');
      expect(person.fullName).toBe(senopatiName);

      // The PSM of the desa takes it.
      const take = await hub.postAs(psm, TAKE, { i: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } });
      expect(take.body).toEqual({ data: { takeDiscrepancy: { id: d._id, status: 'IN_VERIFICATION', version: 1 } } });

      // Visits the person (the name on the KTP in hand is DT-SEN's) and the family (the RT/RW changed).
      const v1 = await hub.postAs(psm, VISIT, {
        i: { idempotencyKey: key(), personId: person._id, date: today, outcome: 'FOUND', observed: { fullName: dtsenName }, discrepancyIds: [d._id] },
      });
      expect(v1.body.errors).toBeUndefined();
      expect(v1.body.data.recordVisit).toMatchObject({ outcome: 'FOUND', date: today, observed: { fullName: dtsenName }, discrepancies: [{ id: d._id }] });
      const newRt = household.address.rt === '009' ? '008' : '009';
      const v2 = await hub.postAs(psm, VISIT, {
        i: { idempotencyKey: key(), householdId: household._id, date: today, outcome: 'FOUND', observed: { rt: newRt, rw: household.address.rw } },
      });
      expect(v2.body.errors).toBeUndefined();

      // Proposes both corrections.
      const p1 = await hub.postAs(psm, PROPOSE, {
        i: { idempotencyKey: key(), personId: person._id, changes: { fullName: dtsenName }, visitId: v1.body.data.recordVisit.id, discrepancyId: d._id },
      });
      const p2 = await hub.postAs(psm, PROPOSE, { i: { idempotencyKey: key(), householdId: household._id, changes: { rt: newRt }, visitId: v2.body.data.recordVisit.id } });
      expect(p1.body.data.proposeDataChange).toMatchObject({ status: 'PROPOSED', version: 0, proposedBy: 'user:psm-1', changes: { fullName: dtsenName } });
      expect(p2.body.data.proposeDataChange).toMatchObject({ status: 'PROPOSED', version: 0, changes: { rt: newRt } });

      // Both wait in an OPERATOR's worklist, none in the PSM's (it may not decide them).
      const queue = async (who: Parameters<typeof hub.postAs>[0]) =>
        ((await hub.postAs(who, '{ worklist { dataChangeRequests { id status } } }')).body.data.worklist.dataChangeRequests as { id: string }[]).map((r) => r.id);
      expect(await queue(operator())).toEqual(expect.arrayContaining([p1.body.data.proposeDataChange.id, p2.body.data.proposeDataChange.id]));
      expect(await queue(psm)).toEqual([]);

      // The PSM cannot approve its own (the matrix says no); an OPERATOR approves.
      const self = await hub.postAs(psm, APPROVE, { i: { idempotencyKey: key(), requestId: p1.body.data.proposeDataChange.id, expectedVersion: 0 } });
      expect(self.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const a1 = await hub.postAs(operator(), APPROVE, { i: { idempotencyKey: key(), requestId: p1.body.data.proposeDataChange.id, expectedVersion: 0 } });
      const a2 = await hub.postAs(operator(), APPROVE, { i: { idempotencyKey: key(), requestId: p2.body.data.proposeDataChange.id, expectedVersion: 0 } });
      expect(a1.body.data.approveDataChange).toMatchObject({ status: 'APPROVED', version: 1, decidedBy: 'user:operator-1' });
      expect(a1.body.data.approveDataChange.referralIds).toHaveLength(1);
      expect(a2.body.data.approveDataChange).toMatchObject({ status: 'APPROVED', referralIds: [] });
      expect(await queue(operator())).not.toEqual(expect.arrayContaining([p1.body.data.proposeDataChange.id]));

      // The golden record: the address from VERVAL, with the request (proposer, approver, visit) as provenance; the name,
      // an identity fact, unchanged.
      const read = await hub.postAs(
        operator(),
        `query($p: ID!, $h: ID!) {
      personById(id: $p) { fullName provenance(field: "fullName") { source } }
      household(id: $h) { address { rt rw } provenance(field: "address") { source asOf changeRequest { id proposedBy decidedBy visit { id } } } }
    }`,
        { p: person._id, h: household._id },
      );
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.personById).toEqual({ fullName: senopatiName, provenance: [{ source: 'SENOPATI' }] });
      expect(read.body.data.household.address).toEqual({ rt: newRt, rw: household.address.rw });
      expect(read.body.data.household.provenance).toEqual([
        {
          source: 'VERVAL',
          asOf: today,
          changeRequest: { id: p2.body.data.proposeDataChange.id, proposedBy: 'user:psm-1', decidedBy: 'user:operator-1', visit: { id: v2.body.data.recordVisit.id } },
        },
      ]);

      // The discrepancy stays in verification until Senopati confirms.
      expect((await Discrepancy.findById(d._id).lean())!.status).toBe('IN_VERIFICATION');

      // The referral is exported for Dukcapil, with row accounting.
      const out = join(setup.dir, 'referrals.csv');
      const exported = await runCommand('src/cli/export.ts', ['referrals', '--out', out], databaseEnv(mongoose.connection.name));
      expect([exported.code, exported.stderr]).toEqual([0, '']);
      expect(exported.stdout).toContain('referrals: read 1 = written 1 + skipped 0');
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('referral_id,nik,field,recorded_value,observed_value,desa_code,visit_id,visit_date,change_request_id,proposed_by,approved_by,approved_at');
      expect(lines.slice(1).map((l) => l.split(',').slice(1, 5))).toEqual([[person.nik, 'fullName', senopatiName, dtsenName]]);
      // Exported once: a second run lists nothing new.
      const again = await runCommand('src/cli/export.ts', ['referrals', '--out', out], databaseEnv(mongoose.connection.name));
      expect(again.stdout).toContain('referrals: read 0 = written 0 + skipped 0');

      // Dukcapil corrects the name; the next Senopati import agrees with DT-SEN and the discrepancy is resolved.
      rewrite(written.file('senopati'), person.nik, `"nama":"${senopatiName}"`, `"nama":"${dtsenName}"`);
      // The same extract moves the family to yet another RT: the address verified in the field ranks above it.
      const senopati = written.file('senopati');
      const otherRt = ['001', '002', '003'].find((rt) => rt !== newRt && rt !== household.address.rt)!;
      writeFileSync(
        senopati,
        readFileSync(senopati, 'utf8')
          .split('\n')
          .map((l) => (l.includes(`"noKk":"${household.kkNumber}"`) ? l.replace(`"rt":"${household.address.rt}"`, `"rt":"${otherRt}"`) : l))
          .join('\n'),
      );
      await importFile({ source: 'senopati', file: written.file('senopati') });
      const after = (await Household.findById(household._id).lean<HouseholdDoc>())!;
      expect(after.address.rt).toBe(newRt);
      const closed = (await Discrepancy.findById(d._id).lean())!;
      expect(closed).toMatchObject({ status: 'RESOLVED', resolution: { by: 'IMPORT' } });
      expect((await Person.findById(person._id).lean())!.fullName).toBe(dtsenName);

      // Every step is in the write audit of the person.
      const audit = await WriteAudit.find({ personIds: person._id }).lean();
      expect(audit.map((a) => a.mutation).sort()).toEqual(['approveDataChange', 'approveDataChange', 'proposeDataChange', 'recordVisit', 'takeDiscrepancy']);
      expect(await Referral.countDocuments({ personId: person._id })).toBe(1);
    }),
  );
});

describe('a dismissed discrepancy and later imports', () => {
  it(
    'stays dismissed after a re-import of unchanged files, and reopens when the conflicting values change',
    ...budgeted("importing the small regency's extracts again, then a changed DT-SEN extract", 2 * UNITS.importSmall, async () => {
      const d = nameConflicts[1]!;
      const psm = psmOf(d);
      await hub.postAs(psm, TAKE, { i: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } });
      const visit = await hub.postAs(psm, VISIT, { i: { idempotencyKey: key(), personId: d.personId, date: today, outcome: 'FOUND', discrepancyIds: [d._id] } });
      const dismissed = await hub.postAs(psm, DISMISS, {
        i: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 1, reason: 'both spellings are in use; the KTP is right', visitId: visit.body.data.recordVisit.id },
      });
      expect(dismissed.body.data.dismissDiscrepancy).toEqual({
        id: d._id,
        status: 'DISMISSED',
        version: 2,
        resolution: { reason: 'both spellings are in use; the KTP is right', by: 'VERIFICATION' },
      });

      await importAll(written.extracts);
      expect((await Discrepancy.findById(d._id).lean())!).toMatchObject({ status: 'DISMISSED', version: 2 });

      const nik = (await Person.findById(d.personId).lean())!.nik!;
      const dtsenName = valueOf(d, 'DTSEN');
      rewrite(written.file('dtsen'), nik, `,${dtsenName},`, `,${dtsenName} Baru,`);
      await importFile({ source: 'dtsen', file: written.file('dtsen') });
      const reopened = (await Discrepancy.findById(d._id).lean())!;
      expect(reopened).toMatchObject({ status: 'OPEN', version: 3, resolution: null });
      expect(reopened.values.find((v) => v.source === 'DTSEN')!.value).toBe(`${dtsenName} Baru`);
    }),
  );

  it('a dismissal needs a visit that verified it: BAD_USER_INPUT naming input.visitId otherwise', async () => {
    const d = nameConflicts[2]!;
    const psm = psmOf(d);
    await hub.postAs(psm, TAKE, { i: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 0 } });
    const visit = await hub.postAs(psm, VISIT, { i: { idempotencyKey: key(), personId: d.personId, date: today, outcome: 'FOUND' } });
    const { body } = await hub.postAs(psm, DISMISS, {
      i: { idempotencyKey: key(), discrepancyId: d._id, expectedVersion: 1, reason: 'fine', visitId: visit.body.data.recordVisit.id },
    });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.visitId' });
  });
});

describe('maker-checker under races and retries', () => {
  async function proposal(d: DiscrepancyDoc): Promise<string> {
    const psm = psmOf(d);
    const v = await hub.postAs(psm, VISIT, { i: { idempotencyKey: key(), personId: d.personId, date: today, outcome: 'FOUND', observed: { fullName: 'Nama Baru' } } });
    const p = await hub.postAs(psm, PROPOSE, { i: { idempotencyKey: key(), personId: d.personId, changes: { fullName: 'Nama Baru' }, visitId: v.body.data.recordVisit.id } });
    return p.body.data.proposeDataChange.id;
  }

  it('two OPERATORs approving one request at once: one APPROVED, one CONFLICT, one referral', async () => {
    const id = await proposal(nameConflicts[2]!);
    const [a, b] = await Promise.all([
      hub.postAs(operator('op-a'), APPROVE, { i: { idempotencyKey: key(), requestId: id, expectedVersion: 0 } }),
      hub.postAs(operator('op-b'), APPROVE, { i: { idempotencyKey: key(), requestId: id, expectedVersion: 0 } }),
    ]);
    const replies = [a, b].map((r) => r.body.data.approveDataChange?.status ?? r.body.errors[0].extensions.code).sort();
    expect(replies).toEqual(['APPROVED', 'CONFLICT']);
    expect(await Referral.countDocuments({ changeRequestId: id })).toBe(1);
    // An approval racing a rejection: the loser is CONFLICT too, with the state it lost to.
    const late = await hub.postAs(operator('op-c'), REJECT, { i: { idempotencyKey: key(), requestId: id, expectedVersion: 0, reason: 'no' } });
    expect(late.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', current: { status: 'APPROVED', version: 1 } });
  });

  it('a retried approval with the same key returns the first result and changes nothing', async () => {
    const id = await proposal(nameConflicts[0]!);
    const i = { idempotencyKey: key(), requestId: id, expectedVersion: 0 };
    const first = await hub.postAs(operator(), APPROVE, { i });
    const retry = await hub.postAs(operator(), APPROVE, { i });
    expect(retry.body).toEqual(first.body);
    expect(await Referral.countDocuments({ changeRequestId: id })).toBe(1);
    expect(await WriteAudit.countDocuments({ subjectId: id })).toBe(2); // proposed, approved
  });

  it('a rejection needs a reason, and changes nothing in the golden record', async () => {
    const d = nameConflicts[1]!;
    const id = await proposal(d);
    const before = await Person.findById(d.personId).lean();
    const noReason = await hub.postAs(operator(), REJECT, { i: { idempotencyKey: key(), requestId: id, expectedVersion: 0 } });
    expect(noReason.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const rejected = await hub.postAs(operator(), REJECT, { i: { idempotencyKey: key(), requestId: id, expectedVersion: 0, reason: 'the visit did not see the KTP' } });
    expect(rejected.body.data.rejectDataChange).toEqual({ id, status: 'REJECTED', version: 1 });
    expect(await Person.findById(d.personId).lean()).toEqual(before);
  });
});

describe('visit input', () => {
  const d = () => nameConflicts[0]!;
  it.each([
    ['a date in the future', { date: '2999-01-01', outcome: 'FOUND' }, 'input.date'],
    ['values observed of someone NOT_FOUND', { date: today, outcome: 'NOT_FOUND', observed: { fullName: 'X' } }, 'input.observed.fullName'],
    ['a death date of someone FOUND', { date: today, outcome: 'FOUND', observed: { deathDate: today } }, 'input.observed.deathDate'],
    ['notes too long', { date: today, outcome: 'FOUND', notes: 'x'.repeat(5000) }, 'input.notes'],
    ['a family value on a person', { date: today, outcome: 'FOUND', observed: { rt: '001' } }, 'input.observed.rt'],
  ])('refuses %s: BAD_USER_INPUT naming the input, and records nothing', async (_what, input, field) => {
    const before = await mongoose.connection.collection('visits').countDocuments();
    const { body } = await hub.postAs(psmOf(d()), VISIT, { i: { idempotencyKey: key(), personId: d().personId, ...input } });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(body.errors[0].message.length).toBeLessThan(300);
    expect(await mongoose.connection.collection('visits').countDocuments()).toBe(before);
  });

  it('refuses a value of a field the viewer may not read: a PSM observing a phone is FORBIDDEN naming input.observed.phone', async () => {
    const { body } = await hub.postAs(psmOf(d()), VISIT, {
      i: { idempotencyKey: key(), personId: d().personId, date: today, outcome: 'FOUND', observed: { phone: '081234567890' } },
    });
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.observed.phone' });
  });
});

describe('what a record cites', () => {
  it('a change to a family cannot cite a discrepancy about another family, nor a visit to one, even in the same desa', async () => {
    // A family-level discrepancy (no person) and another family of its desa.
    const theirs = (await Discrepancy.findOne({ status: 'OPEN', personId: null, householdId: mongoose.trusted({ $ne: null }) }).lean<DiscrepancyDoc>())!;
    expect(theirs).toBeTruthy();
    const ours = (await Household.findOne({ desaCode: theirs.desaCode, _id: mongoose.trusted({ $ne: theirs.householdId }) }).lean<HouseholdDoc>())!;
    // An OPERATOR sees both families and every kind of discrepancy: only what the discrepancy concerns decides.
    const office = operator('operator-cites');
    const ourVisit = await hub.postAs(office, VISIT, { i: { idempotencyKey: key(), householdId: ours._id, date: today, outcome: 'FOUND' } });
    const theirVisit = await hub.postAs(office, VISIT, { i: { idempotencyKey: key(), householdId: theirs.householdId, date: today, outcome: 'FOUND' } });
    const before = await mongoose.connection.collection('dataChangeRequests').countDocuments();
    const cases: [Record<string, unknown>, string][] = [
      [{ visitId: ourVisit.body.data.recordVisit.id, discrepancyId: theirs._id }, 'input.discrepancyId'],
      [{ visitId: theirVisit.body.data.recordVisit.id }, 'input.visitId'],
    ];
    for (const [cited, field] of cases) {
      const { body } = await hub.postAs(office, PROPOSE, { i: { idempotencyKey: key(), householdId: ours._id, changes: { rt: '009' }, ...cited } });
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // Recording a visit to our family that lists their discrepancy is refused the same way.
    const listed = await hub.postAs(office, VISIT, { i: { idempotencyKey: key(), householdId: ours._id, date: today, outcome: 'FOUND', discrepancyIds: [theirs._id] } });
    expect(listed.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.discrepancyIds.0' });
    expect(await mongoose.connection.collection('dataChangeRequests').countDocuments()).toBe(before);
  });
});
