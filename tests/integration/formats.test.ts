import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRates, DEFAULT_RATES } from '../../seeds/extracts';
import { csvLine, readCsv, splitCsv } from '../../src/integration/csv';
import { readJsonl } from '../../src/integration/jsonl';
import { decode, RELATIONSHIP } from '../../src/integration/vocabulary';
import { tempDir } from './helpers';

describe('the readers of source files', () => {
  const tmp = tempDir('formats');
  afterAll(() => tmp.remove());

  it('split CSV with quotes, doubled quotes, commas and line breaks inside quotes', async () => {
    expect(splitCsv('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(splitCsv('"open')).toBeNull();
    expect(splitCsv(csvLine(['Jl. Mawar, RT 1', 'x"y', ' lead']).trimEnd())).toEqual(['Jl. Mawar, RT 1', 'x"y', ' lead']);
    const path = join(tmp.dir, 'multi.csv');
    writeFileSync(path, '\ufeffh1,h2\r\n1,"two\r\nlines"\r\n\r\n3,4\r\n5,"never closed\n');
    const records = [];
    for await (const r of readCsv(path)) records.push(r);
    expect(records.map((r) => [r.line, r.fields, r.error ?? null])).toEqual([
      [1, ['h1', 'h2'], null],
      [2, ['1', 'two\nlines'], null],
      [5, ['3', '4'], null],
      [6, [], 'a quoted field is not closed before the end of the file'],
    ]);
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

  it('read the sources\' words case-insensitively and name the accepted ones when a word is unknown', () => {
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
