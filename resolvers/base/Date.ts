import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(text: unknown): Date {
  const m = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== text) {
    throw new GraphQLError(`Date must be a real calendar date written YYYY-MM-DD, got ${JSON.stringify(text)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return d;
}

/** Dates travel as `YYYY-MM-DD` (UTC calendar days, no time of day). */
export const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  serialize: (value) => {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Error('Date field holds no valid date');
    return value.toISOString().slice(0, 10);
  },
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string written YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
    return parse(ast.value);
  },
});
