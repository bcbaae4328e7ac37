/**
 * What the query limits cost per request: graphql-js validation of the real
 * schema with and without the hub's rules, and the cost walk, on a typical
 * query, the IDE's introspection query and a fragment bomb (2^60 fields if
 * expanded). No database. Run: npx tsx bench/limits.ts
 */
import { getIntrospectionQuery, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ValidationRule } from 'graphql';
import { loadConfig } from '../src/config';
import { costPlugin, limitRules } from '../src/server/limits';
import { buildSchema } from '../src/server/schema';

const config = loadConfig({});
const schema = buildSchema();
const opts = { ignoreIntrospection: true };
const rules = limitRules(config.limits, opts);
const plugin = costPlugin<object>(config.limits, opts);

const typical = `query Desa($code: String!) { desa(code: $code) { code name kind kecamatan { code name desas { code name } } } }`;
const nested = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Kecamatan { code ...F${i + 1} ...F${i + 1} }`).join('\n');
const bomb = `{ kecamatans { ...F0 } }\n${nested}\nfragment F60 on Kecamatan { name }`;

function perRun(fn: () => unknown, runs: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) fn();
  return Number(process.hrtime.bigint() - started) / 1000 / runs;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function costWalk(doc: DocumentNode): Promise<void> {
  const hooks = (await plugin.requestDidStart!({} as never)) as { didResolveOperation(rc: unknown): Promise<void> };
  await hooks.didResolveOperation({ document: doc, operation: getOperationAST(doc), request: { variables: { code: '35.19.01.2001' } }, schema }).catch(() => undefined);
}

async function main(): Promise<void> {
  for (const [name, source, runs] of [
    ['typical query', typical, 500],
    ['IDE introspection query', getIntrospectionQuery(), 200],
    ['fragment bomb: 61 fragments, 2^60 fields expanded', bomb, 50],
  ] as const) {
    const doc = parse(source, { maxTokens: 100_000 });
    const check = (extra: ValidationRule[]) => () => validate(schema, doc, [...specifiedRules, ...extra]);
    const base: number[] = [];
    const guarded: number[] = [];
    for (let round = 0; round < 9; round += 1) {
      base.push(perRun(check([]), runs));
      guarded.push(perRun(check(rules), runs));
    }
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i += 1) await costWalk(doc);
    const cost = Number(process.hrtime.bigint() - started) / 1000 / runs;
    console.log(`${name}`);
    console.log(`  validation, graphql-js rules:            ${median(base).toFixed(1).padStart(8)} µs`);
    console.log(`  validation, + depth/alias/directive:     ${median(guarded).toFixed(1).padStart(8)} µs`);
    console.log(`  cost and page-size walk (with variables): ${cost.toFixed(1).padStart(7)} µs`);
  }
}

void main();
