import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { importFile } from './helpers';
import { dropDatabase, snapshot, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';

const db = () => mongoose.connection.db!;
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

async function rejectsOf(runId: string | null): Promise<{ line: number; reason: string }[]> {
  const docs = await db().collection('importRejects').find({ runId }).toArray();
  return docs.map((d) => ({ line: d.line, reason: d.reason })).sort((a, b) => a.line - b.line);
}

describe('every row of a file is accounted for', () => {
  const tmp = tempDir('accounting');
  let written: Written;

  beforeAll(async () => {
    await useFreshDatabase();
    written = await writeScenario(SCENARIOS.tiny, tmp.dir);
  });
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it('Senopati: rows that are not JSON objects, lack a field or carry an invalid NIK are rejected with their line, the rest imported', async () => {
    const good = lines(written.file('senopati'));
    const record = JSON.parse(good[0]!) as Record<string, unknown>;
    const bad = [
      '{"nik": "3519', // cut off
      '["not", "an", "object"]',
      JSON.stringify({ ...record, nik: '3519011313900001' }),
      JSON.stringify({ ...record, nik: '3519014507900099', tanggalLahir: undefined }),
      JSON.stringify({ ...record, nik: '3519014507900098', alamat: { ...(record.alamat as object), kodeDesa: '35.19.99.2999' } }),
    ];
    const path = join(tmp.dir, 'senopati-mixed.jsonl');
    writeFileSync(path, [...good, ...bad].join('\n') + '\n');
    const r = await importFile({ source: 'senopati', file: path });
    expect(r.counts).toEqual({ read: good.length + bad.length, inserted: good.length, updated: 0, unchanged: 0, rejected: bad.length });
    const rejected = await rejectsOf(r.runId);
    expect(rejected.map((x) => x.line)).toEqual(bad.map((_, i) => good.length + 1 + i));
    expect(rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/^not valid JSON/),
      'not a JSON object',
      expect.stringMatching(/^field nik: invalid NIK: month 13/),
      'field tanggalLahir: is empty',
      expect.stringMatching(/^field alamat.kodeDesa: "35.19.99.2999" is not a desa code/),
    ]);
  });

  it('DT-SEN: bad rows are rejected, and a row older than the data held is refused as superseded', async () => {
    const [header, ...rows] = lines(written.file('dtsen'));
    const cols = header!.split(',');
    const at = (name: string) => cols.indexOf(name);
    const variant = (row: string, name: string, value: string) => {
      const f = row.split(',');
      f[at(name)] = value;
      return f.join(',');
    };
    const male = rows.find((r) => r.split(',')[at('jenis_kelamin')] === 'LAKI-LAKI')!;
    const bad = [
      'just,three,fields',
      variant(rows[0]!, 'tanggal_lahir', '1985-13-01'),
      variant(rows[0]!, 'no_kk', '3519011302230000'),
      variant(male, 'hamil', 'YA'),
      variant(rows[0]!, 'daya_listrik', '777'),
      variant(variant(rows[1]!, 'periode_data', '2025-01-01'), 'nama', 'Nama Lama'),
    ];
    const first = await importFile({ source: 'dtsen', file: written.file('dtsen') });
    expect(first.counts.inserted).toBe(rows.length);
    const path = join(tmp.dir, 'dtsen-mixed.csv');
    writeFileSync(path, [header, ...rows, ...bad].join('\n') + '\n');
    const r = await importFile({ source: 'dtsen', file: path });
    expect(r.counts).toEqual({ read: rows.length + bad.length, inserted: 0, updated: 0, unchanged: rows.length, rejected: bad.length });
    const reasons = (await rejectsOf(r.runId)).map((x) => x.reason);
    expect(reasons).toEqual([
      `expected ${cols.length} columns, found 3`,
      expect.stringMatching(/^column tanggal_lahir: "1985-13-01" is not a date/),
      'column no_kk: serial 0000 is not allowed',
      'column hamil: a man cannot be recorded as pregnant',
      expect.stringMatching(/^column daya_listrik: 777 VA is not a PLN connection/),
      expect.stringMatching(/^superseded: the hub holds DTSEN data of this record as of 2026-07-01/),
    ]);
  });

  it('a roster: a NIK no one has, a wrong programme, an AKTIF row with an end date are rejected; the rest count', async () => {
    const [header, ...rows] = lines(written.file('pbi-jk'));
    const f = rows[0]!.split(',');
    const bad = [
      [f[0], 'PBI-JK-X1', f[2], '3519016601700123', 'ORANG ASING', '1970-01-26', ...f.slice(6)].join(','),
      ['BPNT', ...f.slice(1)].join(','),
      [...f.slice(0, 7), f[6], 'AKTIF', '', f[10]].join(','),
    ];
    const path = join(tmp.dir, 'pbi-mixed.csv');
    writeFileSync(path, [header, ...rows, ...bad].join('\n') + '\n');
    const r = await importFile({ source: 'pbi-jk', file: path });
    expect(r.counts).toEqual({ read: rows.length + 3, inserted: rows.length, updated: 0, unchanged: 0, rejected: 3 });
    expect((await rejectsOf(r.runId)).map((x) => x.reason)).toEqual([
      expect.stringMatching(/^NIK 3519016601700123 matches no person known to the hub, and no member of family card \d{16} has this name and birth date$/),
      'column program: BPNT in a PBI-JK roster',
      'column tanggal_selesai: an AKTIF enrolment has no end date',
    ]);
  });

  it('a CSV row that breaks RFC 4180 is rejected with the line it starts on and why; the rows after it are imported', async () => {
    const [header, ...rows] = lines(written.file('bpnt'));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const f = rows[0]!.split(',');
    const closedThenText = [`"${f[0]}"x`, ...f.slice(1)].join(','); // "ab"c: not abc
    const quoteInside = [`${f[0]}"`, ...f.slice(1)].join(',');
    const path = join(tmp.dir, 'bpnt-broken.csv');
    writeFileSync(path, [header, ...rows.slice(0, 2), closedThenText, ...rows.slice(2, 4), quoteInside, ...rows.slice(4)].join('\n') + '\n');
    const r = await importFile({ source: 'bpnt', file: path });
    expect(r.counts).toEqual({ read: rows.length + 2, inserted: rows.length, updated: 0, unchanged: 0, rejected: 2 });
    expect(await rejectsOf(r.runId)).toEqual([
      { line: 4, reason: expect.stringMatching(/^not valid CSV \(RFC 4180\): a quoted field is followed by something other than a comma/) },
      { line: 7, reason: expect.stringMatching(/^not valid CSV \(RFC 4180\): a quote inside an unquoted field/) },
    ]);
    const raw = (await db().collection('importRejects').find({ runId: r.runId }).sort({ line: 1 }).toArray()).map((d) => d.raw);
    expect(raw).toEqual([closedThenText, quoteInside]);
  });
});

describe('a file that is not the expected format', () => {
  const tmp = tempDir('refused');
  let written: Written;

  beforeAll(async () => {
    await useFreshDatabase();
    written = await writeScenario(SCENARIOS.tiny, tmp.dir);
    await importFile({ source: 'senopati', file: written.file('senopati') });
  });
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  const cases: [string, string, () => string, RegExp][] = [
    [
      "another source's CSV",
      'dtsen',
      () => written.file('pkh'),
      /^not a DT-SEN extract .*: its header lacks 26 of the 30 columns and has 7 unknown columns \("program", "id_peserta"/,
    ],
    ['JSON lines given as CSV', 'dtsen', () => written.file('senopati'), /it holds JSON objects, not CSV/],
    ['CSV given as JSON lines', 'senopati', () => written.file('dtsen'), /^not a Senopati extract .*: line 1 is not valid JSON/],
    ['a BPNT roster given as PKH', 'pkh', () => written.file('bpnt'), /its first row is a BPNT enrolment, not PKH/],
    ['an empty file', 'senopati', () => (writeFileSync(join(tmp.dir, 'empty.jsonl'), ''), join(tmp.dir, 'empty.jsonl')), /the file is empty/],
    ['a missing file', 'pilar', () => join(tmp.dir, 'nope.csv'), /^cannot read .*nope.csv: ENOENT/],
    ['a binary file', 'pilar', () => (writeFileSync(join(tmp.dir, 'bin.csv'), Buffer.from([0, 1, 2, 3, 0, 255])), join(tmp.dir, 'bin.csv')), /not a text file/],
  ];

  it.each(cases)('is refused with a clear message and nothing written: %s', async (_name, source, file, message) => {
    const before = await snapshot();
    const r = await importFile({ source, file: file() });
    expect(r.status).toBe('REFUSED');
    expect(r.message).toMatch(message);
    expect(r.counts).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });
    expect(await snapshot()).toEqual(before);
    expect(
      await db()
        .collection('importRuns')
        .findOne({ _id: r.runId as never }),
    ).toMatchObject({ status: 'REFUSED', message: r.message });
  });
});
