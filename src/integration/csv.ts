import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One record of a CSV file: its fields, the line it starts on (1 = header) and its text as written. */
export interface CsvRecord {
  line: number;
  fields: string[];
  raw: string;
  /** Set when the record cannot be read as CSV at all (an unterminated quote). */
  error?: string;
}

/**
 * Splits one record (RFC 4180: commas, double quotes, "" inside quotes).
 * Returns null while a quoted field is still open at the end of the text,
 * which means the record continues on the next line.
 */
export function splitCsv(text: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
    i++;
  }
  if (quoted) return null;
  fields.push(field);
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

/** Reads a CSV file record by record without holding it in memory; a quoted field may span lines. */
export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let pending: { line: number; text: string } | null = null;
  for await (let text of lines) {
    lineNo++;
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const start: { line: number; text: string } = pending ?? { line: lineNo, text: '' };
    const joined: string = pending ? `${pending.text}\n${text}` : text;
    const fields = splitCsv(joined);
    if (fields === null) {
      // Guard against a stray quote swallowing the rest of the file into one record.
      if (joined.length > 100_000) {
        yield { line: start.line, fields: [], raw: joined.slice(0, 2000), error: 'a quoted field is not closed' };
        pending = null;
      } else pending = { line: start.line, text: joined };
      continue;
    }
    pending = null;
    if (joined.trim() === '') continue;
    yield { line: start.line, fields, raw: joined };
  }
  if (pending) yield { line: pending.line, fields: [], raw: pending.text.slice(0, 2000), error: 'a quoted field is not closed before the end of the file' };
}
