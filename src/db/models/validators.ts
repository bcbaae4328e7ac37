import type { Schema } from 'mongoose';
import { regionCodes } from '../../reference/regions';
import { parseKk, parseNik } from '../../identifiers';

/** Mongoose validators shared by the models: the rules of docs/domain.md section 2. */
export const validNik = {
  validator: (v: string | null) => v === null || v === undefined || parseNik(v).ok,
  message: (props: { value: string }) => {
    const r = parseNik(props.value);
    return r.ok ? 'valid' : `invalid NIK: ${r.reason}`;
  },
};

export const validKk = {
  validator: (v: string) => parseKk(v).ok,
  message: (props: { value: string }) => {
    const r = parseKk(props.value);
    return r.ok ? 'valid' : `invalid KK number: ${r.reason}`;
  },
};

export const existingDesa = {
  validator: (v: string) => regionCodes().desas.has(v),
  message: (props: { value: string }) => `desa ${props.value} does not exist in Kabupaten Madiun`,
};

export const existingKecamatan = {
  validator: (v: string) => regionCodes().kecamatans.has(v),
  message: (props: { value: string }) => `kecamatan ${props.value} does not exist in Kabupaten Madiun`,
};

export const existingDesas = {
  validator: (v: string[]) => v.every((c) => regionCodes().desas.has(c)),
  message: 'every desa must exist in Kabupaten Madiun',
};

export const existingKecamatans = {
  validator: (v: string[]) => v.every((c) => regionCodes().kecamatans.has(c)),
  message: 'every kecamatan must exist in Kabupaten Madiun',
};

const EARLIEST = new Date(Date.UTC(1900, 0, 1));

/** A date no earlier than 1900 and not in the future. */
export const pastDate = {
  validator: (v: Date | null) => v === null || v === undefined || (v >= EARLIEST && v.getTime() <= Date.now()),
  message: (props: { path: string; value: Date }) => `${props.path} must lie between 1900-01-01 and today, got ${String(props.value)}`,
};

/** A rule on a whole record: the path it fails on and why, or null when the record keeps it. */
export type DocumentRule = (doc: Record<string, unknown>) => { path: string; message: string; value: unknown } | null;

const DOCUMENT_RULES = new WeakMap<Schema<any>, DocumentRule[]>();

/** The document-level rules of a schema, for checks of plain records that skip mongoose's hooks (the importer's). */
export function documentRules(schema: Schema<any>): readonly DocumentRule[] {
  return DOCUMENT_RULES.get(schema) ?? [];
}

/** Adds a document-level rule: `later` must not precede `earlier` when both are set. */
export function dateOrder<T>(schema: Schema<T>, later: keyof T & string, earlier: keyof T & string): void {
  const rule: DocumentRule = (doc) => {
    const l = doc[later] as Date | null | undefined;
    const e = doc[earlier] as Date | null | undefined;
    return l && e && l < e ? { path: later, message: `${later} must not precede ${earlier}`, value: l } : null;
  };
  DOCUMENT_RULES.set(schema, [...(DOCUMENT_RULES.get(schema) ?? []), rule]);
  schema.pre('validate', function () {
    const broken = rule(this as unknown as Record<string, unknown>);
    if (broken) this.invalidate(broken.path, broken.message, broken.value);
  });
}
