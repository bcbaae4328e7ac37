import { readFileSync, writeFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { Discrepancy, type DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { Household, type HouseholdDoc } from '../../src/db/models/household';
import { ImportRun } from '../../src/db/models';
import { parseLineage } from '../../src/db/models/lineage';
import { Person, type PersonDoc } from '../../src/db/models/person';
import { WriteJournal } from '../../src/db/models/writes';
import { officeViewer } from '../../src/auth/viewer';
import { RecordCache } from '../../src/integration/cache';
import type { ImportResult } from '../../src/integration/runner';
import { approveDataChange } from '../../src/workflows/dataChanges';
import { importFile, useImportedSmallHub, type Written } from '../integration/helpers';
import { budgeted, UNITS } from '../helpers/budget';

/*
 * A value verified in the field (source VERVAL) and the sources that come after it (docs/domain.md section 9): a later
 * source stating it differently is a VERVAL_CONTRADICTED discrepancy, known only to roles that read the fact; a family
 * that Senopati moves to another desa no longer takes its address from a visit in the old one; and an approval and an
 * import of the same record never overwrite each other: the one that comes second waits (an import) or is refused (an
 * approval), src/writes/journal.ts.
 */

const VISIT = 'mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }';
const PROPOSE = 'mutation($i: ProposeDataChangeInput!) { proposeDataChange(input: $i) { id status } }';
const APPROVE = 'mutation($i: DecideDataChangeInput!) { approveDataChange(input: $i) { id status } }';
const PERSON = `query($id: ID!) { personById(id: $id) { phone occupation
  provenance { field source asOf importRun { id } }
  discrepancies(status: OPEN) { id kind aspect values { source value asOf } } } }`;

let written: Written;
let n = 0;
const key = () => `later-${++n}`;
const today = new Date().toISOString().slice(0, 10);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const operator = (sub = 'operator-1') => ({ role: 'OPERATOR' as const, sub });

// The small regency's extracts imported (once per run, tests/integration/helpers.ts importedSmall), copied into a
// database and a folder of this file's own: it changes both.
const setup = useImportedSmallHub('verval-later', async () => {
  written = setup.written;
});
const { hub } = setup;

/** Rewrites the lines of a source file holding `marker` with `edit`. */
function rewrite(file: string, marker: string, edit: (line: string) => string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  let hit = 0;
  const out = lines.map((l) => (l.includes(marker) ? (hit++, edit(l)) : l));
  if (hit === 0) throw new Error(`no line of ${file} holds ${marker}`);
  writeFileSync(file, out.join('\n'));
}

/**
 * A new DT-SEN extract for a person's family: every line of the family dated `asOf` (the first column), the person's
 * line edited by `edit` (its columns; the phone is the last).
 */
function dtsenRow(person: PersonDoc, asOf: string | null, edit: (cols: string[]) => void = () => undefined): void {
  const art = `,ART${person._id.slice(1)},`;
  const family = readFileSync(written.file('dtsen'), 'utf8')
    .split('\n')
    .find((l) => l.includes(art))!
    .split(',')[1]!;
  rewrite(written.file('dtsen'), `,${family},`, (l) => {
    const cols = l.split(',');
    if (asOf) cols[0] = asOf;
    if (l.includes(art)) edit(cols);
    return cols.join(',');
  });
}

/** A visit by an OPERATOR on `date`, a proposal, and the approval by another OPERATOR: answers the request id. */
async function approved(subject: { personId?: string; householdId?: string }, date: string, changes: Record<string, unknown>): Promise<string> {
  const v = await hub.postAs(operator(), VISIT, { i: { idempotencyKey: key(), ...subject, date, outcome: 'FOUND', observed: changes } });
  expect(v.body.errors).toBeUndefined();
  const p = await hub.postAs(operator(), PROPOSE, { i: { idempotencyKey: key(), ...subject, changes, visitId: v.body.data.recordVisit.id } });
  expect(p.body.errors).toBeUndefined();
  const id = p.body.data.proposeDataChange.id as string;
  const a = await hub.postAs(operator('operator-2'), APPROVE, { i: { idempotencyKey: key(), requestId: id, expectedVersion: 0, reason: 'verified' } });
  expect(a.body.data.approveDataChange).toEqual({ id, status: 'APPROVED' });
  return id;
}

const seededNiks = () => new Set(written.extracts.approvals.map((a) => a.nik));

async function freePersons(count: number): Promise<PersonDoc[]> {
  const taken = seededNiks();
  const all = await Person.find({ isDeceased: false }).sort({ _id: 1 }).limit(200).lean<PersonDoc[]>();
  return all.filter((p) => p.phone && !taken.has(p.nik!)).slice(0, count);
}

describe('a VERVAL value that a later source contradicts', () => {
  it(
    'is a VERVAL_CONTRADICTED discrepancy of the fact when the source states it anew after the visit, known to an OPERATOR or ADMIN, not to a TKSK or PSM who may not read it; closed when DT-SEN agrees again',
    ...budgeted('importing DT-SEN extracts of the small regency three times', 2 * UNITS.importSmall, async () => {
      const [person] = await freePersons(1);
      const p = person!;
      const verified = p.phone === '081111111111' ? '081222222222' : '081111111111';
      await approved({ personId: p._id }, '2026-08-01', { phone: verified });

      // DT-SEN, as of a month after the visit, restates the phone it stated before the visit: a lag, not news.
      dtsenRow(p, '2026-09-01');
      await importFile({ source: 'dtsen', file: written.file('dtsen') });
      expect(await Discrepancy.countDocuments({ personId: p._id, kind: 'VERVAL_CONTRADICTED' })).toBe(0);
      // A month later, DT-SEN states yet another phone, observed after the visit: contradicted.
      const laterPhone = '081999999999';
      dtsenRow(p, '2026-10-01', (c) => (c[c.length - 1] = laterPhone));
      await importFile({ source: 'dtsen', file: written.file('dtsen') });

      const asOperator = await hub.postAs(operator(), PERSON, { id: p._id });
      expect(asOperator.body.errors).toBeUndefined();
      const seen = asOperator.body.data.personById;
      // The verified value keeps its rank; the contradiction is for a pilar to verify.
      expect(seen.phone).toBe(verified);
      expect(seen.provenance.find((x: { field: string }) => x.field === 'phone')).toMatchObject({ source: 'VERVAL', asOf: '2026-08-01' });
      const contradicted = seen.discrepancies.filter((d: { kind: string }) => d.kind === 'VERVAL_CONTRADICTED');
      expect(contradicted).toEqual([
        {
          id: expect.any(String),
          kind: 'VERVAL_CONTRADICTED',
          aspect: 'phone',
          values: [
            { source: 'VERVAL', value: verified, asOf: '2026-08-01' },
            { source: 'DTSEN', value: laterPhone, asOf: '2026-10-01' },
          ],
        },
      ]);
      const id = contradicted[0].id as string;
      const list = async (claims: Parameters<typeof hub.postAs>[0]) => {
        const r = await hub.postAs(claims, '{ discrepancies(filter: { kind: VERVAL_CONTRADICTED }, first: 100) { edges { node { id aspect } } } }');
        return r.body.errors ? r.body.errors[0].extensions.code : r.body.data.discrepancies.edges.map((e: { node: { id: string } }) => e.node.id);
      };
      expect(await list(operator())).toContain(id);
      // An ADMIN sees it too; the TKSK of the kecamatan and the PSM of the desa, who may not
      // read the phone, learn nothing of it (the list, the person's discrepancies).
      const household = (await Household.findById(p.householdId).lean<HouseholdDoc>())!;
      expect(await list({ role: 'ADMIN', sub: 'admin-1' })).toContain(id);
      const tksk = { role: 'TKSK' as const, sub: 'tksk-1', kecamatan: [household.kecamatanCode] };
      const psm = { role: 'PSM' as const, sub: 'psm-1', desa: [household.desaCode] };
      for (const who of [tksk, psm]) {
        const r = await list(who);
        expect(Array.isArray(r) ? r : []).not.toContain(id);
        const mine = await hub.postAs(who, 'query($id: ID!) { personById(id: $id) { discrepancies { id kind } } }', { id: p._id });
        expect(mine.body.errors).toBeUndefined();
        expect(mine.body.data.personById.discrepancies.map((d: { id: string }) => d.id)).not.toContain(id);
      }
      const one = await hub.postAs(tksk, 'query($id: ID!) { discrepancy(id: $id) { id } }', { id });
      expect(one.body.data?.discrepancy ?? null).toBeNull();

      // DT-SEN, later still, states the verified phone: the discrepancy closes.
      dtsenRow(p, '2026-11-01', (c) => (c[c.length - 1] = verified));
      await importFile({ source: 'dtsen', file: written.file('dtsen') });
      expect((await Discrepancy.findById(id).lean<DiscrepancyDoc>())!).toMatchObject({ status: 'RESOLVED', resolution: { by: 'IMPORT' } });
    }),
  );

  it(
    'is settled by a new approval of the fact: the seeded one resolves, and a later import of the same DT-SEN data leaves it resolved',
    ...budgeted('approving, then importing a DT-SEN extract of the small regency again', UNITS.importSmall, async () => {
      const nik = written.extracts.approvals[0]!.nik;
      const p = (await Person.findOne({ nik }).lean<PersonDoc>())!;
      const open = await Discrepancy.find({ personId: p._id, kind: 'VERVAL_CONTRADICTED', status: 'OPEN' }).lean<DiscrepancyDoc[]>();
      expect(open.map((d) => d.aspect)).toEqual(['phone']);
      const dtsenPhone = open[0]!.values.find((v) => v.source === 'DTSEN')!.value;
      await approved({ personId: p._id }, today, { phone: dtsenPhone });
      expect((await Discrepancy.findById(open[0]!._id).lean<DiscrepancyDoc>())!).toMatchObject({ status: 'RESOLVED', resolution: { by: 'VERIFICATION' } });
      dtsenRow(p, '2026-09-02');
      await importFile({ source: 'dtsen', file: written.file('dtsen') });
      const after = await hub.postAs(operator(), PERSON, { id: p._id });
      expect(after.body.data.personById.phone).toBe(dtsenPhone);
      expect(after.body.data.personById.discrepancies.filter((d: { kind: string }) => d.kind === 'VERVAL_CONTRADICTED')).toEqual([]);
    }),
  );
});

describe('a VERVAL address after Senopati moves the family to another desa', () => {
  it(
    'no longer wins: the family shows the address Senopati gives in the new desa, as its PSM there sees it',
    ...budgeted('importing changed Senopati and DT-SEN extracts of the small regency', UNITS.importSmall, async () => {
      const households = await Household.find({}).sort({ _id: 1 }).limit(300).lean<HouseholdDoc[]>();
      const h = households.find((x) => x.address.rt !== '009' && x.address.rt !== '007')!;
      await approved({ householdId: h._id }, '2026-08-01', { rt: '009' });
      expect((await Household.findById(h._id).lean<HouseholdDoc>())!.address.rt).toBe('009');

      const other = households.find((x) => x.desaCode !== h.desaCode)!;
      rewrite(written.file('senopati'), `"${h.kkNumber}"`, (l) =>
        l.replace(`"kodeDesa":"${h.desaCode}"`, `"kodeDesa":"${other.desaCode}"`).replace(`"rt":"${h.address.rt}"`, '"rt":"007"'),
      );
      await importFile({ source: 'senopati', file: written.file('senopati') });

      const psm = { role: 'PSM' as const, sub: 'psm-new', desa: [other.desaCode] };
      const r = await hub.postAs(
        psm,
        'query($id: ID!) { household(id: $id) { desa { code } address { rt } provenance(field: "address") { source } discrepancies { kind aspect } } }',
        {
          id: h._id,
        },
      );
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.household).toMatchObject({ desa: { code: other.desaCode }, address: { rt: '007' }, provenance: [{ source: 'SENOPATI' }] });
      expect(r.body.data.household.discrepancies.filter((d: { kind: string }) => d.kind === 'VERVAL_CONTRADICTED')).toEqual([]);
    }),
  );
});

describe('an approval and an import of the same record', () => {
  /** A visit to the person observing `phone`, and its proposal: answers the request id. */
  async function proposed(person: PersonDoc, phone: string): Promise<string> {
    const v = await hub.postAs(operator(), VISIT, { i: { idempotencyKey: key(), personId: person._id, date: today, outcome: 'FOUND', observed: { phone } } });
    const r = await hub.postAs(operator(), PROPOSE, { i: { idempotencyKey: key(), personId: person._id, changes: { phone }, visitId: v.body.data.recordVisit.id } });
    return r.body.data.proposeDataChange.id as string;
  }

  it(
    'an import started while an approval is being applied waits for it: the approved phone and the imported occupation both hold, with their runs',
    ...budgeted('importing DT-SEN extracts of the small regency three times, once while an approval runs', 2 * UNITS.importSmall, async () => {
      const [, p] = await freePersons(2);
      const person = p!;
      const requestId = await proposed(person, '081333333333');
      const viewer = officeViewer('OPERATOR', 'user:operator-race');
      // Rows that earlier specs re-dated without changing their values count as updated at every import: the baseline.
      const baseline = (await importFile({ source: 'dtsen', file: written.file('dtsen') })).counts.updated;
      // DT-SEN states a new occupation; its import starts once the approval has decided and before it writes the person.
      dtsenRow(person, null, (c) => (c[c.length - 5] = 'Nelayan Tambak'));
      let racing: Promise<ImportResult> | undefined;
      let journalId = '';
      await approveDataChange(
        { viewer, requestId: 'race', now: new Date() },
        { idempotencyKey: key(), requestId, expectedVersion: 0, reason: 'verified' },
        {
          afterStep: async (journal, index) => {
            journalId = journal;
            if (index !== 0) return;
            const asked = new Date();
            racing = importFile({ source: 'dtsen', file: written.file('dtsen') });
            // The import has time to start its run (it would, were it not waiting for the approval's lock).
            for (let waited = 0; waited < 1500 && !(await ImportRun.exists({ startedAt: mongoose.trusted({ $gte: asked }) })); waited += 50) await pause(50);
          },
        },
      );
      const race = await racing!;
      expect(race.status).toBe('COMPLETED');
      // It ran after the approval's journal was done (it waited for the lock the approval held).
      const journal = await WriteJournal.findById(journalId).lean();
      const run = await ImportRun.findById(race.runId).lean();
      expect(journal!.finishedAt!.getTime()).toBeLessThanOrEqual(run!.startedAt.getTime());

      const seen = (await hub.postAs(operator(), PERSON, { id: person._id })).body.data.personById;
      expect([seen.phone, seen.occupation]).toEqual(['081333333333', 'Nelayan Tambak']);
      const prov = (f: string) => seen.provenance.find((x: { field: string }) => x.field === f);
      expect(prov('phone')).toMatchObject({ source: 'VERVAL' });
      expect(prov('occupation')).toMatchObject({ source: 'DTSEN', importRun: { id: race.runId } });
      const lineage = parseLineage<{ sources: Record<string, Record<string, unknown>> }>((await Person.findById(person._id).lean<PersonDoc & { lineage: string }>())!.lineage)!;
      expect([lineage.sources.DTSEN!.occupation, lineage.sources.VERVAL!.phone]).toEqual(['Nelayan Tambak', '081333333333']);
      // Nothing of the import was lost: importing the same file again finds the person's row as stored.
      const again = await importFile({ source: 'dtsen', file: written.file('dtsen') });
      expect(again.counts.updated).toBe(baseline);
    }),
  );

  it(
    'an approval whose person another writer changed after the approval read it applies its values on top (its golden step is planned again), never over them',
    ...budgeted('an approval and a write between its decision and its golden step', UNITS.command, async () => {
      const [, , , , , , p] = await freePersons(7);
      const person = p!;
      const requestId = await proposed(person, '081666666666');
      const viewer = officeViewer('OPERATOR', 'user:operator-replan');
      await approveDataChange(
        { viewer, requestId: 'replan', now: new Date() },
        { idempotencyKey: key(), requestId, expectedVersion: 0, reason: 'verified' },
        {
          afterStep: async (_journal, index) => {
            if (index !== 0) return;
            // What a writer the lock does not stop (another hub on the same MongoDB finishing an interrupted write, an
            // operator's script) may write between the approval's read of the person and its golden step.
            const doc = (await Person.collection.findOne({ _id: person._id } as never)) as unknown as { lineage: string };
            const lineage = JSON.parse(doc.lineage) as { sources: Record<string, Record<string, unknown>>; provenance: Record<string, string> };
            lineage.sources.DTSEN = { ...lineage.sources.DTSEN, occupation: 'Peternak' };
            lineage.provenance.occupation = 'DTSEN';
            await Person.collection.updateOne({ _id: person._id } as never, { $set: { occupation: 'Peternak', lineage: JSON.stringify(lineage) } });
          },
        },
      );
      const stored = (await Person.findById(person._id).lean<PersonDoc & { lineage: string }>())!;
      const lineage = parseLineage<{ sources: Record<string, Record<string, unknown>> }>(stored.lineage)!;
      expect([stored.phone, stored.occupation]).toEqual(['081666666666', 'Peternak']);
      expect([lineage.sources.DTSEN!.occupation, lineage.sources.VERVAL!.phone]).toEqual(['Peternak', '081666666666']);
    }),
  );

  it(
    "an import session's next file reads again what an approval changed after its last one: the approved phone holds",
    ...budgeted('importing DT-SEN extracts of the small regency twice in one session, an approval between them', UNITS.importSmall, async () => {
      const [, , , , p] = await freePersons(5);
      const person = p!;
      const requestId = await proposed(person, '081555555555');
      // One session (as `npm run seed` runs its files): the first file leaves the person in the session's copies.
      const cache = new RecordCache();
      expect((await importFile({ source: 'dtsen', file: written.file('dtsen'), cache })).status).toBe('COMPLETED');
      const a = await hub.postAs(operator('operator-2'), APPROVE, { i: { idempotencyKey: key(), requestId, expectedVersion: 0, reason: 'verified' } });
      expect(a.body.data.approveDataChange).toEqual({ id: requestId, status: 'APPROVED' });
      // The next file states a new occupation for the person: the import writes the person again.
      dtsenRow(person, null, (c) => (c[c.length - 5] = 'Penjahit'));
      expect((await importFile({ source: 'dtsen', file: written.file('dtsen'), cache })).status).toBe('COMPLETED');
      const seen = (await hub.postAs(operator(), PERSON, { id: person._id })).body.data.personById;
      expect([seen.phone, seen.occupation]).toEqual(['081555555555', 'Penjahit']);
    }),
  );

  it(
    'an approval sent while an import runs is refused with CONFLICT and changes nothing (the import would write the person over it); the same request goes through once the import has finished',
    ...budgeted('importing DT-SEN extracts of the small regency once, with an approval sent in the middle', UNITS.importSmall, async () => {
      const [, , p] = await freePersons(3);
      const person = p!;
      const before = (await Person.findById(person._id).lean<PersonDoc>())!.phone;
      const requestId = await proposed(person, '081444444444');
      const approval = { i: { idempotencyKey: key(), requestId, expectedVersion: 0, reason: 'verified' } };
      // DT-SEN states a new occupation for the person: the import rewrites the person's record.
      dtsenRow(person, null, (c) => (c[c.length - 5] = 'Petani Garam'));
      let refused: { errors?: { message: string; extensions: { code: string } }[]; data?: unknown } | undefined;
      const r = await importFile({
        source: 'dtsen',
        file: written.file('dtsen'),
        chunkSize: 100,
        // The first chunk with writes, journaled and not yet written: the approval is sent then.
        afterJournal: async () => {
          refused ??= (await hub.postAs(operator('operator-2'), APPROVE, approval)).body;
        },
      });
      expect(r.status).toBe('COMPLETED');
      expect(refused!.errors).toHaveLength(1);
      expect(refused!.errors![0]!.extensions.code).toBe('CONFLICT');
      expect(refused!.errors![0]!.message).toMatch(/a source import is writing these records right now; nothing was changed/);
      expect(refused!.errors![0]!.message).not.toMatch(/dtsen|\.csv|pid/); // nothing of the import's file or process
      const REQUEST = 'query($id: ID!) { dataChangeRequest(id: $id) { status version } }';
      expect((await hub.postAs(operator(), REQUEST, { id: requestId })).body.data.dataChangeRequest).toEqual({ status: 'PROPOSED', version: 0 });
      expect((await Person.findById(person._id).lean<PersonDoc>())!.phone).toBe(before);

      const again = await hub.postAs(operator('operator-2'), APPROVE, approval);
      expect(again.body.data.approveDataChange).toEqual({ id: requestId, status: 'APPROVED' });
      const seen = (await hub.postAs(operator(), PERSON, { id: person._id })).body.data.personById;
      expect([seen.phone, seen.occupation]).toEqual(['081444444444', 'Petani Garam']);
    }),
  );
});
