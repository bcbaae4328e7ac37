import { isNonNullType, isObjectType } from 'graphql';
import { FIELD_RULES } from '../../src/auth/matrix';
import { buildBareSchema } from '../../src/server/schema';

const schema = buildBareSchema();
const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));

describe('the permission matrix', () => {
  it('has an entry for every field of the schema', () => {
    const missing = objectTypes.flatMap((t) => (isObjectType(t) ? Object.keys(t.getFields()).filter((f) => !FIELD_RULES[t.name]?.[f]).map((f) => `${t.name}.${f}`) : []));
    expect(missing).toEqual([]);
  });

  it('names no field the schema does not have', () => {
    const stale = Object.entries(FIELD_RULES).flatMap(([type, fields]) => {
      const t = schema.getType(type);
      return Object.keys(fields).filter((f) => !(isObjectType(t) && t.getFields()[f])).map((f) => `${type}.${f}`);
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
});
