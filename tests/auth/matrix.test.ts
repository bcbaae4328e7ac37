import { getNamedType, isEnumType, isInputObjectType, isNonNullType, isObjectType } from 'graphql';
import { ACTION_FIELDS, ARGUMENT_RULES, FIELD_RULES, INPUT_FIELD_RULES, type ArgumentRule } from '../../src/auth/matrix';
import { buildBareSchema } from '../../src/server/schema';

const schema = buildBareSchema();
const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));

describe('the permission matrix', () => {
  it('has an entry for every field of the schema', () => {
    const missing = objectTypes.flatMap((t) =>
      isObjectType(t)
        ? Object.keys(t.getFields())
            .filter((f) => !FIELD_RULES[t.name]?.[f])
            .map((f) => `${t.name}.${f}`)
        : [],
    );
    expect(missing).toEqual([]);
  });

  it('names no field the schema does not have', () => {
    const stale = Object.entries(FIELD_RULES).flatMap(([type, fields]) => {
      const t = schema.getType(type);
      return Object.keys(fields)
        .filter((f) => !(isObjectType(t) && t.getFields()[f]))
        .map((f) => `${type}.${f}`);
    });
    expect(stale).toEqual([]);
  });

  it('leaves every guarded field nullable, so a denied field answers null without erasing its parent', () => {
    const nonNull = objectTypes.flatMap((t) =>
      isObjectType(t)
        ? Object.values(t.getFields())
            .filter((f) => typeof FIELD_RULES[t.name]?.[f.name] === 'object' && isNonNullType(f.type) && !(t.name !== 'Query' && f.name === 'id'))
            .map((f) => `${t.name}.${f.name}`)
        : [],
    );
    // Ids of a row are BASIC, which every role with row access reads.
    expect(nonNull.filter((f) => !/^(Disability|Housing|Address|KkHistoryEntry|Eligibility)\./.test(f))).toEqual([]);
  });

  it('has a rule for every argument of every field and every field of every input object', () => {
    const missing = objectTypes.flatMap((t) =>
      isObjectType(t)
        ? Object.values(t.getFields()).flatMap((f) => f.args.filter((a) => !ARGUMENT_RULES[t.name]?.[f.name]?.[a.name]).map((a) => `${t.name}.${f.name}(${a.name})`))
        : [],
    );
    const inputs = Object.values(schema.getTypeMap()).filter((t) => isInputObjectType(t) && !t.name.startsWith('__'));
    const missingInput = inputs.flatMap((t) =>
      isInputObjectType(t)
        ? Object.keys(t.getFields())
            .filter((f) => !INPUT_FIELD_RULES[t.name]?.[f])
            .map((f) => `${t.name}.${f}`)
        : [],
    );
    expect([...missing, ...missingInput]).toEqual([]);
  });

  it('names no argument or input field the schema does not have, and INPUT only on input objects', () => {
    const stale = Object.entries(ARGUMENT_RULES).flatMap(([type, fields]) =>
      Object.entries(fields).flatMap(([field, args]) => {
        const t = schema.getType(type);
        const f = isObjectType(t) ? t.getFields()[field] : undefined;
        return Object.entries(args)
          .filter(([arg, rule]) => {
            const a = f?.args.find((x) => x.name === arg);
            return !a || (rule === 'INPUT') !== isInputObjectType(getNamedType(a.type));
          })
          .map(([arg]) => `${type}.${field}(${arg})`);
      }),
    );
    const staleInput = Object.entries(INPUT_FIELD_RULES).flatMap(([type, fields]) => {
      const t = schema.getType(type);
      return Object.entries(fields)
        .filter(([f, rule]) => !isInputObjectType(t) || !t.getFields()[f] || (rule === 'INPUT') !== isInputObjectType(getNamedType(t.getFields()[f]!.type)))
        .map(([f]) => `${type}.${f}`);
    });
    expect([...stale, ...staleInput]).toEqual([]);
  });

  it('governs arguments only by fields the matrix knows', () => {
    const rules: ArgumentRule[] = [
      ...Object.values(ARGUMENT_RULES).flatMap((fields) => Object.values(fields).flatMap((args) => Object.values(args))),
      ...Object.values(INPUT_FIELD_RULES).flatMap((f) => Object.values(f)),
    ];
    const named = rules.flatMap((r) => (typeof r === 'object' ? [...r.reveals, ...Object.values(r.byValue ?? {}).flat()] : []));
    expect(
      named.filter((f) => {
        const [type, field] = f.split('.');
        return !FIELD_RULES[type!]?.[field!];
      }),
    ).toEqual([]);
  });

  it('names a rule for every value of an argument governed value by value (orderBy, breakdown dimensions): a new value is not silently open', () => {
    const open: string[] = [];
    for (const t of objectTypes) {
      if (!isObjectType(t)) continue;
      for (const field of Object.values(t.getFields())) {
        for (const arg of field.args) {
          const rule = ARGUMENT_RULES[t.name]?.[field.name]?.[arg.name];
          const type = getNamedType(arg.type);
          if (typeof rule !== 'object' || rule.reveals.length > 0 || !rule.byValue || !isEnumType(type)) continue;
          // Values that reveal nothing must say so with an empty list, not by being left out.
          for (const v of type.getValues()) if (!(v.name in rule.byValue)) open.push(`${t.name}.${field.name}(${arg.name}: ${v.name})`);
        }
      }
    }
    expect(open).toEqual([]);
  });

  it('lists in ACTION_FIELDS only fields the matrix knows', () => {
    expect(
      Object.keys(ACTION_FIELDS).filter((f) => {
        const [type, field] = f.split('.');
        return !FIELD_RULES[type!]?.[field!];
      }),
    ).toEqual([]);
  });
});
