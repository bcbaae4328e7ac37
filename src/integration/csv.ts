import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse/sync';

/** One record of a CSV file: its fields, the line it starts on (1 = header) and its text as written. */
export interface CsvRecord {
  line: number;
  fields: string[];
  raw: string;
  /** Set when the record is not valid CSV (RFC 4180): why, for the reject. */
  error?: string;
}

/** The fields of one CSV record given as text (RFC 4180, strict): for tools and tests that edit a line. */
export function parseCsvLine(text: string): string[] {
  const [fields = ['']] = parse(text, { ...PARSE_OPTIONS, skip_empty_lines: false }) as string[][];
  return fields;
}

/** Quotes a field when it needs it, for the writers of the seed extracts. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) || s.startsWith(' ') || s.endsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',') + '\n';
}

/**
 * Records are read with csv-parse, strictly (RFC 4180: no quote inside an
 * unquoted field, nothing but a comma or the line end after a closing quote),
 * a batch of lines at a time. A malformed record is rejected with the line it
 * starts on, and reading resumes on the line after the error: one bad row
 * never hides the rows after it.
 */
const PARSE_OPTIONS = {
  bom: false, // stripped from the first line before parsing
  record_delimiter: '\n', // lines are joined with LF whatever the file used (readline takes LF and CRLF)
  relax_column_count: true, // the reader counts columns against the header and says so (src/integration/reader.ts)
  relax_quotes: false,
  skip_empty_lines: true,
} as const;

/** A quoted field may span lines, up to this much text; past it the opening quote is taken for a stray one. */
const MAX_RECORD_CHARS = 100_000;
/** Text of a rejected row kept for the reject record. */
const MAX_RAW = 2_000;
/** Lines parsed together: many while rows are sound, few again after an error. */
const [MIN_BATCH, MAX_BATCH] = [16, 1_024];

/** A reason a field worker or an operator can act on, for each way a record breaks RFC 4180. */
function reasonOf(err: CsvError, atEnd: boolean): string {
  switch (err.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'not valid CSV (RFC 4180): a quoted field is followed by something other than a comma or the end of the line; write a quote inside a quoted field as ""';
    case 'INVALID_OPENING_QUOTE':
      return 'not valid CSV (RFC 4180): a quote inside an unquoted field; quote the whole field and write the quote as ""';
    case 'CSV_QUOTE_NOT_CLOSED':
      return atEnd
        ? 'not valid CSV (RFC 4180): a quoted field is not closed before the end of the file'
        : `not valid CSV (RFC 4180): a quoted field is not closed within ${MAX_RECORD_CHARS} characters`;
    default:
      return `not valid CSV (RFC 4180): ${err.code}`;
  }
}

/** Lines read but not yet parsed, and the number of the first. */
interface Pending {
  lines: string[];
  first: number;
}

/**
 * Parses the pending lines into records, dropping what it consumed. Returns
 * false when the last record is a quoted field still open and more lines may
 * close it.
 */
function drain(pending: Pending, atEnd: boolean, out: CsvRecord[]): boolean {
  if (plainLines(pending, out)) return true;
  while (pending.lines.length > 0) {
    const { lines, first } = pending;
    let lastEnd = 0;
    try {
      parse(`${lines.join('\n')}\n`, {
        ...PARSE_OPTIONS,
        // `lines` is the line the record ends on; it starts on the first non-empty line after the one before.
        on_record: (fields: string[], { lines: end }) => {
          let start = lastEnd;
          while (start < end - 1 && lines[start] === '') start++;
          lastEnd = end;
          const raw = end - start === 1 ? lines[start]! : lines.slice(start, end).join('\n');
          // A line of spaces is a blank line too.
          if (!(fields.length === 1 && raw.trim() === '')) out.push({ line: first + start, fields, raw });
          return null;
        },
      });
      pending.first += lines.length;
      pending.lines = [];
      return true;
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      // The broken record starts on the first non-empty line after the last good one.
      let start = lastEnd;
      while (start < lines.length && lines[start] === '') start++;
      const open = err.code === 'CSV_QUOTE_NOT_CLOSED';
      if (open && !atEnd && lines.slice(start).reduce((n, l) => n + l.length + 1, 0) <= MAX_RECORD_CHARS) {
        pending.lines = lines.slice(start);
        pending.first = first + start;
        return false;
      }
      // An unclosed quote is taken for a stray one on the line that opens it.
      const end = open ? start + 1 : Math.min(Math.max(Number(err.lines) || start + 1, start + 1), lines.length);
      out.push({ line: first + start, fields: [], raw: lines.slice(start, end).join('\n').slice(0, MAX_RAW), error: reasonOf(err, atEnd) });
      pending.lines = lines.slice(end);
      pending.first = first + end;
    }
  }
  return true;
}

/**
 * A batch without a quote or a carriage return: each line is one record whose fields are its text
 * split at the commas, which is what csv-parse gives for it (with these options), at a fraction of
 * the cost; empty and blank lines are skipped as drain() skips them. Returns false, having done
 * nothing, for any other batch (csv-parse reads it).
 */
function plainLines(pending: Pending, out: CsvRecord[]): boolean {
  const { lines, first } = pending;
  for (const line of lines) if (line.includes('"') || line.includes('\r')) return false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw === '') continue;
    const fields = raw.split(',');
    if (!(fields.length === 1 && raw.trim() === '')) out.push({ line: first + i, fields, raw });
  }
  pending.first += lines.length;
  pending.lines = [];
  return true;
}

/** Reads a CSV file record by record without holding it in memory; a quoted field may span lines. */
export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  const input = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const pending: Pending = { lines: [], first: 1 };
  let batch = MIN_BATCH;
  let waitFor = batch;
  let lineNo = 0;
  const out: CsvRecord[] = [];
  for await (let text of input) {
    if (++lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    pending.lines.push(text);
    if (pending.lines.length < waitFor) continue;
    const closed = drain(pending, false, out);
    const rejected = out.some((r) => r.error);
    batch = rejected ? MIN_BATCH : Math.min(batch * 2, MAX_BATCH);
    waitFor = closed ? batch : pending.lines.length + batch;
    yield* out.splice(0);
  }
  drain(pending, true, out);
  yield* out.splice(0);
}
