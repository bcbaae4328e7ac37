import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { cloneRecord } from '../../src/integration/cache';
import { readCsv, type CsvRecord } from '../../src/integration/csv';
import { tempDir } from './helpers';
import { cloneUnpacked, unpacked } from '../../src/integration/changeTracking';
import { parseIsoDate } from '../../src/integration/fields';
import { isValidNik, normalName } from '../../src/integration/linkage';
import { parseLineage } from '../../src/db/models/lineage';
import { parseNik } from '../../src/identifiers';

/*
 * The importer's per-row helpers were rewritten for speed (fewer objects, texts and parses per
 * row). What they return is stored, hashed or decides a link, so each is compared here with the
 * version it replaced, kept below as written then, on generated input.
 */

/** A small deterministic generator (mulberry32): the same cases on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const oldCloneRecord = <T>(value: T): T => {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(oldCloneRecord) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = oldCloneRecord(v);
    return out as T;
  }
  return value;
};

const oldNormalName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();

const oldParseIsoDate = (text: string): Date | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text ? d : null;
};

const oldUnpacked = (record: Record<string, unknown>): Record<string, unknown> => {
  if (typeof record.lineage === 'string') {
    Object.assign(record, parseLineage<Record<string, unknown>>(record.lineage));
    delete record.lineage;
  }
  return record;
};

/** readCsv as it was (every batch through csv-parse), the reasons of its rejects left out. */
type OldRecord = Pick<CsvRecord, 'line' | 'fields' | 'raw'> & { error?: true };
async function oldReadCsv(text: string): Promise<OldRecord[]> {
  const OPTIONS = { bom: false, record_delimiter: '\n', relax_column_count: true, relax_quotes: false, skip_empty_lines: true } as const;
  const pending = { lines: [] as string[], first: 1 };
  const out: OldRecord[] = [];
  const drain = (atEnd: boolean): boolean => {
    while (pending.lines.length > 0) {
      const { lines, first } = pending;
      let lastEnd = 0;
      try {
        parse(`${lines.join('\n')}\n`, {
          ...OPTIONS,
          on_record: (fields: string[], { lines: end }) => {
            let start = lastEnd;
            while (start < end - 1 && lines[start] === '') start++;
            lastEnd = end;
            const raw = lines.slice(start, end).join('\n');
            if (!(fields.length === 1 && raw.trim() === '')) out.push({ line: first + start, fields, raw });
            return null;
          },
        });
        pending.first += lines.length;
        pending.lines = [];
        return true;
      } catch (err) {
        if (!(err instanceof CsvError)) throw err;
        let start = lastEnd;
        while (start < lines.length && lines[start] === '') start++;
        const open = err.code === 'CSV_QUOTE_NOT_CLOSED';
        if (open && !atEnd && lines.slice(start).reduce((n, l) => n + l.length + 1, 0) <= 100_000) {
          pending.lines = lines.slice(start);
          pending.first = first + start;
          return false;
        }
        const end = open ? start + 1 : Math.min(Math.max(Number(err.lines) || start + 1, start + 1), lines.length);
        out.push({ line: first + start, fields: [], raw: lines.slice(start, end).join('\n').slice(0, 2000), error: true });
        pending.lines = lines.slice(end);
        pending.first = first + end;
      }
    }
    return true;
  };
  const records: OldRecord[] = [];
  let batch = 16;
  let waitFor = batch;
  let lineNo = 0;
  for await (let line of createInterface({ input: Readable.from([text]), crlfDelay: Infinity })) {
    if (++lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    pending.lines.push(line);
    if (pending.lines.length < waitFor) continue;
    const closed = drain(false);
    batch = out.some((r) => r.error) ? 16 : Math.min(batch * 2, 1024);
    waitFor = closed ? batch : pending.lines.length + batch;
    records.push(...out.splice(0));
  }
  drain(true);
  records.push(...out.splice(0));
  return records;
}

/** Structure, key order, dates by time and kind: what the stored BSON of a value depends on. */
function shape(v: unknown): unknown {
  if (v instanceof Date) return { date: v.getTime() };
  if (Array.isArray(v)) return { list: v.map(shape), holes: v.length - Object.keys(v).length };
  if (v && typeof v === 'object') return { keys: Object.keys(v), values: Object.values(v).map(shape) };
  return { [typeof v]: v };
}

/**
 * The cases where the new helper and the old one differ, each with its input: asserted once per test as an empty list
 * (a comparison per case through expect() cost more than the helpers compared; the strict deep equality here is at
 * least as strict as toEqual, and a failure still names every differing input).
 */
class Differences {
  readonly found: unknown[] = [];
  check(input: unknown, got: unknown, want: unknown): void {
    if (this.found.length < 20 && !isDeepStrictEqual(got, want)) this.found.push({ input, got, want });
  }
  /** A new object or date where the old one is: never the input's own (a shared one would change with the copy). */
  fresh(copy: Record<string, unknown>, record: Record<string, unknown>): void {
    if (this.found.length >= 20) return;
    if (copy === record) this.found.push({ input: record, sameObject: true });
    for (const [k, v] of Object.entries(record)) if (v !== null && typeof v === 'object' && copy[k] === v) this.found.push({ input: record, sharedKey: k });
  }
}

function generatedRecord(r: () => number, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const key = ['_id', 'nik', 'fullName', 'birthDate', 'sources', 'aid', 'memberIds', 'asOf', 'x', '0', '10', 'lineage'][Math.floor(r() * 12)]!;
    const pick = r();
    if (pick < 0.2) out[key] = new Date(Math.floor(r() * 2e12));
    else if (pick < 0.35 && depth < 3) out[key] = generatedRecord(r, depth + 1);
    else if (pick < 0.5 && depth < 3) out[key] = Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.5 ? generatedRecord(r, depth + 1) : r().toString(36)));
    else if (pick < 0.6) out[key] = null;
    else if (pick < 0.65) out[key] = undefined;
    else if (pick < 0.8) out[key] = Math.floor(r() * 1000) - 500;
    else if (pick < 0.85) out[key] = r() < 0.5;
    else out[key] = r().toString(36);
  }
  return out;
}

describe("the importer's per-row helpers give what the versions they replaced gave", () => {
  const tmp = tempDir('row-helpers');
  afterAll(() => tmp.remove());

  it('readCsv: the same records, lines, texts and rejects, for files of plain lines, quoted fields, blank lines and broken quotes', async () => {
    const r = rng(6);
    const plain = () => Array.from({ length: 1 + Math.floor(r() * 5) }, () => ['', 'a', ' b ', 'Jl. Mawar', '3519', 'é', '\t', ';x;y'][Math.floor(r() * 8)]).join(',');
    const tricky = ['', '   ', '"q, a",1', '"two', 'lines",2', 'ab"c,3', '"ab"c,4', '"never closed', 'x\ry,5', '\ufeffz,6'];
    for (let file = 0; file < 40; file++) {
      const n = Math.floor(r() * (file % 4 === 0 ? 3000 : 200));
      const rate = file % 3 === 0 ? 0 : r() * 0.05;
      const lines = ['h1,h2,h3', ...Array.from({ length: n }, () => (r() < rate ? tricky[Math.floor(r() * tricky.length)]! : plain()))];
      const text = (file % 5 === 0 ? '\ufeff' : '') + lines.join(file % 2 === 0 ? '\n' : '\r\n') + (r() < 0.5 ? '\n' : '');
      const path = join(tmp.dir, `f${file}.csv`);
      writeFileSync(path, text);
      const got: unknown[] = [];
      for await (const rec of readCsv(path)) got.push({ line: rec.line, fields: rec.fields, raw: rec.raw, error: rec.error !== undefined });
      const want = (await oldReadCsv(text)).map((rec) => ({ line: rec.line, fields: rec.fields, raw: rec.raw, error: rec.error !== undefined }));
      expect(got).toEqual(want);
    }
  });

  it('cloneRecord: the same structure, key order and date times, in new objects and dates', () => {
    const r = rng(1);
    const differences = new Differences();
    for (let i = 0; i < 2000; i++) {
      const record = generatedRecord(r);
      const copy = cloneRecord(record);
      differences.check(record, shape(copy), shape(oldCloneRecord(record)));
      differences.fresh(copy, record);
    }
    expect(differences.found).toEqual([]);
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3];
    expect(shape(cloneRecord(sparse))).toEqual(shape(oldCloneRecord(sparse)));
  });

  it('unpacked and cloneUnpacked: the record as read with its lineage fields, in the key order Object.assign and delete gave', () => {
    const r = rng(2);
    const differences = new Differences();
    for (let i = 0; i < 2000; i++) {
      const record = generatedRecord(r);
      const lineage = generatedRecord(r);
      delete lineage.lineage;
      // In place when the record has the key already (its text may sit before other fields), else last.
      if ('lineage' in record || r() < 0.8) record.lineage = JSON.stringify(lineage);
      const before = oldUnpacked(oldCloneRecord(record));
      differences.check(record, shape(unpacked(oldCloneRecord(record))), shape(before));
      const copy = cloneUnpacked(record);
      differences.check(record, shape(copy), shape(before));
      differences.fresh(copy, record);
    }
    expect(differences.found).toEqual([]);
  });

  it('normalName: the same name key for ASCII, accented, other-script and control characters', () => {
    const r = rng(3);
    const alphabet = ['a', 'Z', ' ', '  ', '-', "'", '.', 'é', 'É', 'ñ', 'ü', 'ß', 'ﬁ', 'Å', '\u0301', '\t', '\u0000', '\u00a0', 'ı', 'İ', 'ǅ', '日', '1', '~', '😀'];
    const differences = new Differences();
    for (let i = 0; i < 5000; i++) {
      const name = Array.from({ length: Math.floor(r() * 20) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      differences.check(name, normalName(name), oldNormalName(name));
    }
    expect(differences.found).toEqual([]);
  });

  it('isValidNik: the verdict of parseNik for the NIK and the data date, asked once or many times', () => {
    const r = rng(4);
    const dates = [new Date('2026-07-01T00:00:00.000Z'), new Date('2000-03-01T00:00:00.000Z'), new Date('1990-12-31T00:00:00.000Z'), new Date(NaN)];
    const niks: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const day = Math.floor(r() * 75);
      const digits = (n: number, w: number) => String(n).padStart(w, '0');
      niks.push(
        r() < 0.1
          ? r().toString(36).slice(2)
          : `${r() < 0.8 ? '3519' : digits(Math.floor(r() * 100), 2) + digits(Math.floor(r() * 100), 2)}${digits(Math.floor(r() * 20), 2)}${digits(day, 2)}${digits(Math.floor(r() * 13), 2)}${digits(Math.floor(r() * 100), 2)}${digits(Math.floor(r() * 3), 4)}`,
      );
    }
    const differences = new Differences();
    for (let round = 0; round < 2; round++)
      for (const nik of niks) for (const asOf of dates) differences.check({ nik, asOf, round }, isValidNik(nik, asOf), parseNik(nik, { referenceDate: asOf }).ok);
    expect(differences.found).toEqual([]);
    expect(niks.some((n) => isValidNik(n, dates[0]!))).toBe(true);
    expect(niks.some((n) => !isValidNik(n, dates[0]!))).toBe(true);
  });

  it('parseIsoDate: the same date or refusal for well-formed, impossible and malformed texts', () => {
    const r = rng(5);
    const digits = (n: number, w: number) => String(n).padStart(w, '0');
    const differences = new Differences();
    for (let i = 0; i < 5000; i++) {
      const text =
        r() < 0.05
          ? `${digits(Math.floor(r() * 10000), 4)}/${digits(Math.floor(r() * 13), 2)}-01`
          : `${digits(Math.floor(r() * (r() < 0.1 ? 200 : 10000)), 4)}-${digits(Math.floor(r() * 14), 2)}-${digits(Math.floor(r() * 33), 2)}`;
      const got = parseIsoDate(text);
      const want = oldParseIsoDate(text);
      differences.check(text, got === null ? null : got.getTime(), want === null ? null : want.getTime());
    }
    expect(differences.found).toEqual([]);
  });
});
