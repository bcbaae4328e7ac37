import { regionCodes } from '../reference/regions';
import { parseKk } from '../identifiers';
import { decode, type Vocabulary } from './vocabulary';

/** A row the importer cannot take; the message is kept with the line number. */
export class RowRejected extends Error {}

/** Desa code -> its kecamatan code, for the 206 desa of Kabupaten Madiun. */
export function desaKecamatan(): ReadonlyMap<string, string> {
  return regionCodes().kecamatanOfDesa;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(y, mo - 1, day));
  // The date's own parts, not its ISO text: the same answer (a day past the month's end, month 13 or a year
  // below 100, which Date.UTC reads as 19xx, come back different) without a text per date.
  return d.getUTCFullYear() === y && d.getUTCMonth() === mo - 1 && d.getUTCDate() === day ? d : null;
}

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

const COLUMN_INDEX = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/**
 * Typed access to one row's fields by name. Every accessor throws RowRejected
 * with a message naming the field, so that a parser reads as a list of fields
 * and the first problem becomes the row's reason.
 */
export class Fields {
  constructor(
    private readonly values: (name: string) => unknown,
    /** How a field is named in messages: "column x" for CSV, "field x" for JSON. */
    private readonly label: (name: string) => string,
  ) {}

  static csv(header: readonly string[], fields: readonly string[]): Fields {
    // One column index per header (a file's rows share it), not one per row.
    let at = COLUMN_INDEX.get(header);
    if (!at) COLUMN_INDEX.set(header, (at = new Map(header.map((h, i) => [h, i]))));
    const index = at;
    return new Fields(
      (name) => fields[index.get(name)!],
      (name) => `column ${name}`,
    );
  }

  static json(record: Record<string, unknown>): Fields {
    return new Fields(
      (path) => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), record),
      (name) => `field ${name}`,
    );
  }

  fail(name: string, problem: string): never {
    throw new RowRejected(`${this.label(name)}: ${problem}`);
  }

  /** The field as it was written (JSON: any value). */
  value(name: string): unknown {
    return this.values(name);
  }

  /** The field as text, trimmed; '' when absent or null. */
  raw(name: string): string {
    const v = this.values(name);
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(name, `expected text, got ${Array.isArray(v) ? 'a list' : typeof v}`);
  }

  text(name: string, max = 120): string {
    const v = this.raw(name);
    if (v === '') this.fail(name, 'is empty');
    if (v.length > max) this.fail(name, `is longer than ${max} characters`);
    return v;
  }

  optionalText(name: string, max = 120): string | null {
    return this.raw(name) === '' ? null : this.text(name, max);
  }

  date(name: string, notAfter?: Date): Date {
    const v = this.raw(name);
    if (v === '') this.fail(name, 'is empty');
    const d = parseIsoDate(v);
    if (!d) this.fail(name, `"${v}" is not a date written YYYY-MM-DD`);
    if (d.getUTCFullYear() < 1900) this.fail(name, `${v} is before 1900`);
    if (notAfter && d > notAfter) this.fail(name, `${v} is after the data date ${isoDate(notAfter)}`);
    return d;
  }

  optionalDate(name: string, notAfter?: Date): Date | null {
    return this.raw(name) === '' ? null : this.date(name, notAfter);
  }

  int(name: string, min: number, max: number): number {
    const v = this.raw(name);
    if (!/^-?\d+$/.test(v)) this.fail(name, `"${v}" is not a whole number`);
    const n = Number(v);
    if (n < min || n > max) this.fail(name, `${n} is not between ${min} and ${max}`);
    return n;
  }

  optionalInt(name: string, min: number, max: number): number | null {
    return this.raw(name) === '' ? null : this.int(name, min, max);
  }

  code<T extends string>(name: string, v: Vocabulary<T>): T {
    const text = this.raw(name);
    if (text === '') this.fail(name, 'is empty');
    const code = decode(v, text);
    if (typeof code === 'object') this.fail(name, code.reason);
    return code;
  }

  optionalCode<T extends string>(name: string, v: Vocabulary<T>): T | null {
    return this.raw(name) === '' ? null : this.code(name, v);
  }

  /** A `;`-separated list of labels, without repeats. */
  codes<T extends string>(name: string, v: Vocabulary<T>): T[] {
    const text = this.raw(name);
    if (text === '') return [];
    const out: T[] = [];
    for (const part of text.split(';')) {
      const code = decode(v, part);
      if (typeof code === 'object') this.fail(name, code.reason);
      if (!out.includes(code)) out.push(code);
    }
    return out;
  }

  /** The NIK as the source wrote it: checking it is the linkage's job, since an invalid one is a discrepancy, not a reason to lose the row. */
  nik(name: string): string {
    const v = this.raw(name);
    if (v.length > 32) this.fail(name, 'is longer than 32 characters');
    return v;
  }

  kk(name: string, referenceDate: Date): string {
    const v = this.raw(name);
    const parsed = parseKk(v, { referenceDate });
    if (!parsed.ok) this.fail(name, parsed.reason);
    return v;
  }

  desa(name: string): string {
    const v = this.raw(name);
    if (!desaKecamatan().has(v)) this.fail(name, `"${v}" is not a desa code of Kabupaten Madiun`);
    return v;
  }

  id(name: string): string {
    const v = this.raw(name);
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/.test(v)) this.fail(name, `"${v}" is not an id (1-40 letters, digits, . _ / -)`);
    return v;
  }
}
