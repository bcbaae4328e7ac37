import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRates, DEFAULT_RATES } from '../../seeds/extracts';
import { csvLine, parseCsvLine, readCsv } from '../../src/integration/csv';
import { readJsonl } from '../../src/integration/jsonl';
import { decode, RELATIONSHIP } from '../../src/integration/vocabulary';
import { tempDir } from './helpers';

describe('the readers of source files', () => {
  const tmp = tempDir('formats');
  afterAll(() => tmp.remove());

  const readAll = async (name: string, text: string) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    const records = [];
    for await (const r of readCsv(path)) records.push(r);
    return records;
  };

  it('split CSV with quotes, doubled quotes, commas and line breaks inside quotes', async () => {
    expect(parseCsvLine('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(parseCsvLine(csvLine(['Jl. Mawar, RT 1', 'x"y', ' lead']).trimEnd())).toEqual(['Jl. Mawar, RT 1', 'x"y', ' lead']);
    const records = await readAll('multi.csv', '\ufeffh1,h2\r\n1,"two\r\nlines"\r\n\r\n3,4\r\n  \r\n5,"never closed\n');
    expect(records.map((r) => [r.line, r.fields, r.error ?? null])).toEqual([
      [1, ['h1', 'h2'], null],
      [2, ['1', 'two\nlines'], null],
      [5, ['3', '4'], null],
      [7, [], 'not valid CSV (RFC 4180): a quoted field is not closed before the end of the file'],
    ]);
  });

  it('read RFC 4180 strictly: a stray quote rejects its row with the line it starts on, and the rows after it are read', async () => {
    const records = await readAll('strict.csv', ['h1,h2', '"ab"c,1', 'ok,2', 'ab"c,3', '"multi', 'line"x,4', '', 'ok,5', ' "sp" ,6', '"a ""q""",7', '"open,8', 'ok,9'].join('\n'));
    expect(records.map((r) => [r.line, r.fields, r.error?.replace(/;.*/, '') ?? null, r.error ? r.raw : null])).toEqual([
      [1, ['h1', 'h2'], null, null],
      [2, [], 'not valid CSV (RFC 4180): a quoted field is followed by something other than a comma or the end of the line', '"ab"c,1'],
      [3, ['ok', '2'], null, null],
      [4, [], 'not valid CSV (RFC 4180): a quote inside an unquoted field', 'ab"c,3'],
      [5, [], 'not valid CSV (RFC 4180): a quoted field is followed by something other than a comma or the end of the line', '"multi\nline"x,4'],
      [8, ['ok', '5'], null, null],
      [9, [], 'not valid CSV (RFC 4180): a quote inside an unquoted field', ' "sp" ,6'],
      [10, ['a "q"', '7'], null, null],
      [11, [], 'not valid CSV (RFC 4180): a quoted field is not closed before the end of the file', '"open,8'],
      [12, ['ok', '9'], null, null],
    ]);
  });

  it('read large files in batches without losing a line number, whatever the number of bad rows', async () => {
    const lines = ['n,v'];
    for (let i = 0; i < 5000; i++) lines.push(i % 97 === 3 ? `"${i}"x,bad` : `${i},"v, ${i}"`);
    const records = await readAll('large.csv', lines.join('\r\n') + '\r\n');
    expect(records).toHaveLength(5001);
    for (const r of records.slice(1)) {
      const i = r.line - 2;
      if (i % 97 === 3) expect([r.error?.slice(0, 21), r.raw]).toEqual(['not valid CSV (RFC 41', `"${i}"x,bad`]);
      else expect(r.fields).toEqual([String(i), `v, ${i}`]);
    }
  });

  it('take a quote that is never closed within 100 000 characters for a stray one, and read on from the next line', async () => {
    const records = await readAll('stray.csv', ['h1,h2', '"stray,1', ...Array.from({ length: 6000 }, (_, i) => `${i},${'x'.repeat(40)}`)].join('\n'));
    expect(records[1]).toMatchObject({ line: 2, raw: '"stray,1', error: expect.stringContaining('a quoted field is not closed within 100000 characters') });
    expect(records.slice(2).map((r) => r.line)).toEqual(Array.from({ length: 6000 }, (_, i) => i + 3));
  });

  it('read JSON lines one object per line, numbering lines and skipping blank ones', async () => {
    const path = join(tmp.dir, 'lines.jsonl');
    writeFileSync(path, '{"a":1}\n\n{"b":\n[1]\n');
    const records = [];
    for await (const r of readJsonl(path)) records.push([r.line, r.value, r.error?.slice(0, 14) ?? null]);
    expect(records).toEqual([
      [1, { a: 1 }, null],
      [3, null, 'not valid JSON'],
      [4, [1], null],
    ]);
  });

  it("read the sources' words case-insensitively and name the accepted ones when a word is unknown", () => {
    expect(decode(RELATIONSHIP, ' suami ')).toBe('SPOUSE');
    expect(decode(RELATIONSHIP, 'istri')).toBe('SPOUSE');
    expect(decode(RELATIONSHIP, 'TETANGGA')).toEqual({ reason: expect.stringMatching(/^relationship "TETANGGA" is not one of: KEPALA KELUARGA, ISTRI, ANAK/) });
  });

  it('take injection rates as KIND=rate, refusing unknown kinds and rates outside 0-1', () => {
    expect(parseRates('INVALID_NIK=0.5, EXCLUSION_ERROR=0')).toEqual({ ...DEFAULT_RATES, INVALID_NIK: 0.5, EXCLUSION_ERROR: 0 });
    expect(() => parseRates('TYPO=0.1')).toThrow(/unknown discrepancy kind "TYPO"/);
    expect(() => parseRates('INVALID_NIK=2')).toThrow(/from 0 to 1/);
  });
});
