import { hash } from 'node:crypto';
import { access, stat } from 'node:fs/promises';
import { readCsv, type CsvRecord } from './csv';
import { Fields, RowRejected } from './fields';
import { readJsonl } from './jsonl';
import type { SourceSpec } from './source';
import { canonical } from './changeTracking';

/** One data row of a source file, not yet validated. */
export interface SourceRecord {
  line: number;
  raw: string;
  /** Bytes of the file this record took, for progress. */
  bytes: number;
  fields: Fields | null;
  /** Why the row cannot even be read as a record of the format. */
  error: string | null;
  hash: string;
  /**
   * What `fields` reads: the CSV fields (with `header`) or the JSON value; kept so that a first
   * load can spill the record to a bucket file and read it back as it was (clusterLoad.ts).
   */
  values?: { header: readonly string[]; fields: readonly string[] } | { json: unknown };
}

// One-shot crypto.hash: the same digest as createHash('sha1').update(text).digest('base64url'), without a Hash object per row.
const sha1 = (text: string) => hash('sha1', text, 'base64url');

/** Streams the data rows of a file (a CSV header is read and checked by checkFormat, then skipped). */
export async function* readRecords(spec: SourceSpec<unknown>, path: string): AsyncGenerator<SourceRecord> {
  if (spec.format === 'csv') {
    let header: string[] | null = null;
    for await (const r of readCsv(path)) {
      const bytes = Buffer.byteLength(r.raw) + 1;
      if (!header) {
        header = r.fields.map((h) => h.trim());
        continue;
      }
      let error = r.error ?? null;
      if (!error && r.fields.length !== header.length) error = `expected ${header.length} columns, found ${r.fields.length}`;
      yield {
        line: r.line,
        raw: r.raw,
        bytes,
        fields: error ? null : Fields.csv(header, r.fields),
        error,
        hash: sha1(r.fields.join('\u001f')),
        values: { header, fields: r.fields },
      };
    }
    return;
  }
  for await (const r of readJsonl(path)) {
    const bytes = Buffer.byteLength(r.raw) + 1;
    const isObject = r.value !== null && typeof r.value === 'object' && !Array.isArray(r.value);
    const error = r.error ?? (isObject ? null : 'not a JSON object');
    yield {
      line: r.line,
      raw: r.raw,
      bytes,
      fields: error ? null : Fields.json(r.value as Record<string, unknown>),
      error,
      hash: sha1(canonical(r.value)),
      values: { json: r.value },
    };
  }
}

/** Parses a record, turning a row-level problem into its reason. */
export function parseRecord<Row>(spec: SourceSpec<Row>, r: SourceRecord): { row: Row } | { reason: string } {
  if (r.error || !r.fields) return { reason: r.error ?? 'unreadable row' };
  try {
    return { row: spec.parse(r.fields) };
  } catch (err) {
    if (err instanceof RowRejected) return { reason: err.message };
    throw err;
  }
}

const list = (names: readonly string[]) => names.join(', ');

/**
 * Whether the file is the kind of file the source expects, judged on its
 * header (CSV) or first record (JSON lines) and on its first readable row.
 * Returns the reason to refuse it, or null.
 */
export async function formatProblem(spec: SourceSpec<unknown>, path: string): Promise<string | null> {
  try {
    await access(path);
    if (!(await stat(path)).isFile()) return `${path} is not a file`;
  } catch (err) {
    return `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  const not = `not ${spec.description}`;
  if (spec.format === 'csv') {
    let first: CsvRecord | undefined;
    for await (const r of readCsv(path)) {
      first = r;
      break;
    }
    if (!first) return `${not}: the file is empty`;
    if (first.raw.includes('\u0000')) return `${not}: it is not a text file`;
    if (first.raw.trimStart().startsWith('{')) return `${not}: it holds JSON objects, not CSV`;
    if (first.error) return `${not}: its header (line ${first.line}) is ${first.error}`;
    const header = first.fields.map((h) => h.trim());
    const expected = spec.columns!;
    const missing = expected.filter((c) => !header.includes(c));
    const unknown = header.filter((c) => !expected.includes(c));
    if (missing.length > 0 || unknown.length > 0 || header.length !== expected.length) {
      const quoted = unknown.map((c) => JSON.stringify(c.slice(0, 40)));
      const parts = [
        missing.length > 0 ? `lacks ${missing.length > 5 ? `${missing.length} of the ${expected.length} columns` : list(missing)}` : '',
        unknown.length > 5 ? `has ${unknown.length} unknown columns (${list(quoted.slice(0, 5))}, ...)` : unknown.length > 0 ? `has unknown columns ${list(quoted)}` : '',
      ];
      return `${not}: its header ${parts.filter(Boolean).join(' and ') || 'repeats a column'}; expected the columns ${list(expected)}`;
    }
  }
  let checked = 0;
  for await (const r of readRecords(spec, path)) {
    if (spec.format === 'jsonl' && checked === 0) {
      if (r.error) return `${not}: line ${r.line} is ${r.error}`;
      const missing = (spec.requiredKeys ?? []).filter((k) => r.fields!.value(k) === undefined);
      if (missing.length > 0) return `${not}: the object on line ${r.line} lacks ${list(missing)}`;
    }
    if (++checked > 20) break;
    const parsed = parseRecord(spec, r);
    if ('row' in parsed) {
      const reason = spec.sniff?.(parsed.row) ?? null;
      return reason ? `${not}: ${reason}` : null;
    }
  }
  // A CSV with its header alone is an empty extract; a JSON-lines file without a line is nothing at all.
  return checked === 0 && spec.format === 'jsonl' ? `${not}: the file is empty` : null;
}
