import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { parseLineage } from '../../src/db/models/lineage';
import { csvLine, parseCsvLine } from '../../src/integration/csv';
import { importFile } from './helpers';
import { senopatiRecord } from '../../seeds/extracts/writers';
import { dropDatabase, importedSmallCopy, tempDir, useFreshDatabase, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;

async function discrepanciesOf(nik: string, kind: string) {
  const person = await db().collection('persons').findOne({ nik });
  const all = await db().collection('discrepancies').find({ personId: person!._id, kind }).toArray();
  return all.sort((a, b) => (a._id < b._id ? -1 : 1));
}

describe('discrepancies follow the data', () => {
  const tmp = tempDir('living');
  let written: Written;
  let typo: { nik: string; row: number; wrong: string; right: string };
  let header: string;
  let rows: string[];

  beforeAll(
    ...budgeted('importing the extracts of the small regency (or waiting for it) and copying them', UNITS.importedSmall, async () => {
      const imported = await importedSmallCopy(tmp.dir);
      await useFreshDatabase(imported.db);
      written = imported.written;
      const entry = written.extracts.answerKey.entries.find((e) => e.kind === 'IDENTITY_MISMATCH' && e.aspect === 'fullName' && e.note.startsWith('DT-SEN'))!;
      const senopati = readFileSync(written.file('senopati'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { nik: string; nama: string });
      [header, ...rows] = readFileSync(written.file('dtsen'), 'utf8').split('\n').filter(Boolean) as [string, ...string[]];
      const cols = parseCsvLine(header);
      const row = rows.findIndex((r) => parseCsvLine(r)[cols.indexOf('nik')] === entry.nik);
      typo = { nik: entry.nik!, row, wrong: parseCsvLine(rows[row]!)[cols.indexOf('nama')]!, right: senopati.find((s) => s.nik === entry.nik)!.nama };
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  function dtsenWithName(name: string): string {
    const cols = parseCsvLine(header);
    const fields = parseCsvLine(rows[typo.row]!);
    fields[cols.indexOf('nama')] = name;
    const path = join(tmp.dir, `dtsen-${name.replace(/\W/g, '')}.csv`);
    writeFileSync(path, [header, ...rows.map((r, i) => (i === typo.row ? csvLine(fields).trimEnd() : r))].join('\n') + '\n');
    return path;
  }

  it('closes by itself, with the reason, when a later import brings the corrected name', async () => {
    expect(typo.wrong).not.toBe(typo.right);
    const [open] = await discrepanciesOf(typo.nik, 'IDENTITY_MISMATCH');
    expect(open).toMatchObject({ status: 'OPEN', aspect: 'fullName' });
    expect(open!.values.map((v: { source: string; value: string }) => [v.source, v.value])).toEqual([
      ['SENOPATI', typo.right],
      ['DTSEN', typo.wrong],
    ]);

    const r = await importFile({ source: 'dtsen', file: dtsenWithName(typo.right) });
    expect(r.counts).toMatchObject({ updated: 1, unchanged: rows.length - 1, rejected: 0 });
    const [closed, ...more] = await discrepanciesOf(typo.nik, 'IDENTITY_MISMATCH');
    expect(more).toEqual([]);
    expect(closed).toMatchObject({ _id: open!._id, status: 'RESOLVED', resolution: { reason: 'the sources now agree on fullName', by: 'IMPORT', runId: r.runId } });
  });

  it('opens a new one when the conflict comes back, and never duplicates it', async () => {
    const wrongAgain = dtsenWithName(typo.wrong);
    const r = await importFile({ source: 'dtsen', file: wrongAgain });
    expect(r.counts.updated).toBe(1);
    const [old, reopened] = await discrepanciesOf(typo.nik, 'IDENTITY_MISMATCH');
    expect(old!.status).toBe('RESOLVED');
    expect(reopened).toMatchObject({ status: 'OPEN', openedRunId: r.runId });
    expect(reopened!._id).not.toBe(old!._id);

    const again = await importFile({ source: 'dtsen', file: wrongAgain });
    expect(again.counts.unchanged).toBe(rows.length);
    const after = await discrepanciesOf(typo.nik, 'IDENTITY_MISMATCH');
    expect(after.map((d) => [d._id, d.status])).toEqual([
      [old!._id, 'RESOLVED'],
      [reopened!._id, 'OPEN'],
    ]);
    const person = await db().collection('persons').findOne({ nik: typo.nik });
    expect(parseLineage<{ discrepancyIds: string[] }>(person!.lineage)!.discrepancyIds).toEqual(expect.arrayContaining([old!._id, reopened!._id]));
  });

  it('closes NOT_IN_CIVIL_REGISTRY when Senopati starts to know the person, whose identity then comes from Senopati', async () => {
    const entry = written.extracts.answerKey.entries.find((e) => e.kind === 'NOT_IN_CIVIL_REGISTRY')!;
    const p = written.regency.persons.find((x) => x.nik === entry.nik)!;
    const h = written.regency.households.find((x) => x._id === p.householdId)!;
    const [open] = await discrepanciesOf(p.nik, 'NOT_IN_CIVIL_REGISTRY');
    expect(open!.status).toBe('OPEN');

    expect(p.deathDate).toBeNull();
    const line = senopatiRecord(p, h, { nik: p.nik, asOf: new Date('2026-08-01') });
    const path = join(tmp.dir, 'senopati-late.jsonl');
    writeFileSync(path, `${JSON.stringify(line)}\n`);
    const r = await importFile({ source: 'senopati', file: path });
    expect(r.counts).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0 });

    const [closed] = await discrepanciesOf(p.nik, 'NOT_IN_CIVIL_REGISTRY');
    expect(closed).toMatchObject({ _id: open!._id, status: 'RESOLVED', resolution: { reason: 'Senopati now has a record of this person', runId: r.runId } });
    const person = await db().collection('persons').findOne({ nik: p.nik });
    const { provenance } = parseLineage<{ provenance: Record<string, string> }>(person!.lineage)!;
    expect([provenance.fullName, provenance.birthDate, provenance.education]).toEqual(['SENOPATI', 'SENOPATI', 'DTSEN']);
  });
});
