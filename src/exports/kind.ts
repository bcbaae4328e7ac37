/**
 * One kind of export for a system that acts on the hub's decisions (Dukcapil referrals, SIKS-NG aid proposals).
 *
 * An export reads what is ready (`select`), writes one line per record to the file and tells, record by record, whether
 * it was written or why not; the command prints the row accounting `read N = written W + skipped S` and the reasons,
 * and fails when the sum does not hold. `markExported` is called once the file is complete (fsync'd and renamed into
 * place), with the ids written, so that a record is exported once unless `--again` is given.
 */
export interface ExportKind {
  /** One line for `npm run export` usage. */
  describe: string;
  /** The document describing the file format, under docs/formats/. */
  format: string;
  /** The header line of the file (CSV), or null for none. */
  header: string | null;
  /** The records to consider, in a stable order; `again`: also those already exported. */
  select(again: boolean): AsyncIterable<ExportRecord>;
  /** Marks the records written as exported, at this moment. */
  markExported(ids: string[], at: Date): Promise<void>;
}

/** One record considered: its line, or why it is not written. */
export type ExportRecord = { id: string; line: string } | { id: string; skipped: string };

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
