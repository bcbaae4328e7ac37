import type { Model, Schema, SchemaType } from 'mongoose';

/*
 * The models' per-path rules, compiled once per model from its schema, for the plain records
 * the importer writes (validate.ts). Mongoose's `Model.validate` casts a copy of the whole
 * record, then runs every path's validators through promises: about 0.3 ms a new person, the
 * largest part of the importer's own CPU time. A record whose every value already has its
 * path's type is checked here by running the same validator functions mongoose would run, on
 * the same values, with the same skipping rules (a missing or null value only meets `required`).
 *
 * The check only ever says "valid" when mongoose would: anything it does not handle exactly (a
 * value of another type, which mongoose would cast; a validator that answers with a promise; a
 * schema feature it does not know) makes it answer "unsure", and the caller asks mongoose. A
 * failed rule also answers "unsure": mongoose then gives the verdict and its message.
 * tests/integration/compiled-validation.test.ts runs both on generated valid and invalid
 * records, every rule of every model the importer writes at least once.
 */

type Plain = Record<string, unknown>;

interface ValidatorSpec {
  validator: unknown;
  propsParameter?: boolean;
}

interface CompiledPath {
  /** The top-level field, for a check restricted to the fields a chunk changed. */
  field: string;
  path: string;
  pieces: string[];
  check: (value: unknown, scope: Plain) => boolean;
}

/** A compiled schema: true when the record certainly passes its path rules, false when unsure. */
export type CompiledCheck = (doc: Plain, fields?: readonly string[]) => boolean;

/** A schema feature this compiler does not reproduce exactly: the model is left to mongoose. */
class Unsupported extends Error {}

const isPlainObject = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype;

/** Whether the value is one mongoose's cast of this type returns unchanged (no cast needed). */
function primitiveCheck(st: SchemaType): (v: unknown) => boolean {
  switch (st.instance) {
    case 'String':
      return (v) => typeof v === 'string';
    case 'Number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'Date':
      return (v) => v instanceof Date && !Number.isNaN(v.getTime());
    case 'Boolean':
      return (v) => typeof v === 'boolean';
    default:
      throw new Unsupported(`${st.path}: ${st.instance}`);
  }
}

/** Runs the path's validators as SchemaType.doValidate does; false when one fails or cannot be judged here. */
function validatorsOf(st: SchemaType): (value: unknown, scope: Plain) => boolean {
  const raw = (st as unknown as { validators: ValidatorSpec[]; requiredValidator?: unknown }).validators.filter((v) => typeof v === 'object' && v !== null);
  const required = (st as unknown as { requiredValidator?: unknown }).requiredValidator;
  const validators = raw.map((v) => ({ fn: v.validator, isRequired: v.validator === required, props: v.propsParameter === true }));
  for (const v of validators) if (!(v.fn instanceof RegExp) && typeof v.fn !== 'function') throw new Unsupported(`${st.path}: a validator of another kind`);
  if (validators.length === 0) return () => true;
  return (value, scope) => {
    for (const v of validators) {
      if (value === undefined && !v.isRequired) continue;
      if (v.fn instanceof RegExp) {
        if (!v.fn.test(value as string)) return false;
        continue;
      }
      let ok: unknown;
      try {
        ok = v.props
          ? (v.fn as (this: Plain, x: unknown, p: unknown) => unknown).call(scope, value, { path: st.path, value })
          : (v.fn as (this: Plain, x: unknown) => unknown).call(scope, value);
      } catch {
        return false;
      }
      if (typeof (ok as { then?: unknown } | null)?.then === 'function') return false;
      if (ok !== undefined && !ok) return false;
    }
    return true;
  };
}

/**
 * How a missing or null value reaches the validators, as mongoose gives it:
 * - `top`: Model.validate checks a cast copy of the record, which leaves null and missing values
 *   out, so validators see undefined (only `required` runs);
 * - `single`: a single nested record is cast the same way, then made a subdocument, which fills
 *   the left-out paths with their defaults;
 * - `element`: an element of a document array is made a subdocument from the record as given
 *   (null stays null, a missing path gets its default).
 */
type Mode = 'top' | 'single' | 'element';

function defaultOf(st: SchemaType): unknown {
  const d = (st as unknown as { defaultValue?: unknown }).defaultValue;
  if (typeof d === 'function') throw new Unsupported(`${st.path}: a computed default in a subdocument`);
  return d;
}

function compilePath(st: SchemaType, mode: Mode): (value: unknown, scope: Plain) => boolean {
  const s = st as unknown as {
    $isMongooseArray?: boolean;
    $isMongooseDocumentArray?: boolean;
    $isSingleNested?: boolean;
    schema?: Schema;
    caster?: SchemaType;
    embeddedSchemaType?: SchemaType;
    setters?: unknown[];
  };
  const own = validatorsOf(st);
  const dflt = mode === 'top' ? undefined : defaultOf(st);
  /** The value the validators see in place of a null or missing one. */
  const absent = (value: null | undefined): unknown => (mode === 'top' ? undefined : mode === 'element' && value === null ? null : dflt);
  const body = ((): ((value: unknown, scope: Plain) => boolean) => {
    if (s.$isMongooseDocumentArray) {
      const element = compileSchema(s.schema!, 'element');
      return (value, scope) => {
        if (!Array.isArray(value)) return false;
        for (const e of value) if (!isPlainObject(e) || !element(e)) return false;
        return own(value, scope);
      };
    }
    if (s.$isMongooseArray) {
      const caster = s.embeddedSchemaType ?? s.caster;
      const kind = caster as unknown as { $isMongooseArray?: boolean; $isSingleNested?: boolean } | undefined;
      if (!caster || kind?.$isMongooseArray || kind?.$isSingleNested) throw new Unsupported(`${st.path}: array of ${caster?.instance}`);
      const typed = primitiveCheck(caster);
      const each = validatorsOf(caster);
      return (value, scope) => {
        if (!Array.isArray(value)) return false;
        for (const e of value) if (!typed(e) || !each(e, scope)) return false;
        return own(value, scope);
      };
    }
    if (s.$isSingleNested) {
      const inner = compileSchema(s.schema!, 'single');
      return (value, scope) => isPlainObject(value) && inner(value) && own(value, scope);
    }
    // Setters (trim) do not run in Model.validate's cast; only a string's are known harmless here.
    if ((s.setters?.length ?? 0) > 0 && st.instance !== 'String') throw new Unsupported(`${st.path}: setters`);
    const typed = primitiveCheck(st);
    return (value, scope) => typed(value) && own(value, scope);
  })();
  return (value, scope) => {
    if (value !== null && value !== undefined) return body(value, scope);
    const v = absent(value);
    return v === null || v === undefined ? own(v, scope) : body(v, scope);
  };
}

/** What valueAt answers when a piece of the path is not a plain object (the compiler cannot judge it). */
const NOT_PLAIN: unique symbol = Symbol('not a plain object');

/** The value at the path (undefined below a null or missing piece), or NOT_PLAIN; no object per path and record. */
function valueAt(doc: Plain, pieces: readonly string[]): unknown {
  let cur: unknown = doc;
  for (let i = 0; i < pieces.length; i++) {
    if (cur === null || cur === undefined) return undefined;
    if (!isPlainObject(cur)) return NOT_PLAIN;
    cur = cur[pieces[i]!];
  }
  return cur;
}

function compileSchema(schema: Schema, mode: Mode): CompiledCheck {
  const paths: CompiledPath[] = Object.entries(schema.paths).map(([path, st]) => {
    const pieces = path.split('.');
    return { field: pieces[0]!, path, pieces, check: compilePath(st, mode) };
  });
  return (doc, fields) => {
    // A top-level path of a plain record (most of them) is read directly.
    const plain = isPlainObject(doc);
    for (const p of paths) {
      const value = p.pieces.length === 1 ? (plain ? doc[p.field] : NOT_PLAIN) : valueAt(doc, p.pieces);
      if (value === NOT_PLAIN) return false;
      // A field outside the ones to check: mongoose still casts it (a value of another type
      // fails), so a set value must pass here too, or mongoose decides.
      if (fields && !fields.includes(p.field) && (value === null || value === undefined)) continue;
      if (!p.check(value, doc)) return false;
    }
    return true;
  };
}

const COMPILED = new WeakMap<Schema, CompiledCheck | null>();

/**
 * The compiled check of a model's schema, or null when the schema uses a feature the compiler
 * does not reproduce (the caller then uses mongoose for every record).
 */
export function compiledCheck(model: Model<any>): CompiledCheck | null {
  const schema = model.schema;
  if (COMPILED.has(schema)) return COMPILED.get(schema)!;
  let check: CompiledCheck | null;
  try {
    check = compileSchema(schema, 'top');
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    check = null;
  }
  COMPILED.set(schema, check);
  return check;
}
