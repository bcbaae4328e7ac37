import { DEFAULT_AS_OF, generateRegency, type GenerateRegencyOptions, type Regency } from './index';
import { readCommandLine, type CommandOptions } from '../../src/cli/args';
import { DEFAULT_FAMILIES, isScenarioName, SCENARIOS } from './scenarios';

export const REGENCY_USAGE =
  'options: [--scenario tiny|small|demo] [--families N] [--seed S] [--as-of YYYY-MM-DD]\n' +
  `defaults: ${DEFAULT_FAMILIES} families, seed "${String(SCENARIOS.demo.seed)}", as of ${DEFAULT_AS_OF.toISOString().slice(0, 10)}`;

/** The generator's options, for node:util parseArgs (src/cli/args.ts). */
export const REGENCY_OPTIONS = {
  scenario: { type: 'string' },
  families: { type: 'string' },
  seed: { type: 'string' },
  'as-of': { type: 'string' },
} as const satisfies CommandOptions;

/**
 * Reads generator options from command-line words, for the seed command to call. Throws
 * an Error whose message names the bad word and ends with the usage text. A scenario sets
 * families and seed; explicit --families or --seed override it.
 */
export function parseRegencyArgs(argv: readonly string[]): GenerateRegencyOptions {
  const fail = (message: string): never => {
    throw new Error(`${message}\n${REGENCY_USAGE}`);
  };
  const opts: GenerateRegencyOptions = { ...SCENARIOS.demo };
  let read: Record<string, string | boolean | undefined> = {};
  try {
    read = readCommandLine(argv, REGENCY_OPTIONS).values;
  } catch (err) {
    fail((err as Error).message);
  }
  const values = new Map(Object.entries(read).map(([name, value]) => [`--${name}`, String(value)]));
  const name = values.get('--scenario');
  if (name !== undefined) {
    if (!isScenarioName(name)) fail(`unknown scenario "${name}"`);
    Object.assign(opts, SCENARIOS[name as keyof typeof SCENARIOS]);
  }
  const families = values.get('--families');
  if (families !== undefined) {
    if (!/^\d+$/.test(families)) fail(`--families must be a whole number, got "${families}"`);
    opts.families = Number(families);
  }
  const seed = values.get('--seed');
  if (seed !== undefined) opts.seed = seed;
  const asOf = values.get('--as-of');
  if (asOf !== undefined) {
    const date = new Date(`${asOf}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(date.getTime())) fail(`--as-of must be YYYY-MM-DD, got "${asOf}"`);
    opts.asOf = date;
  }
  return opts;
}

/** Collection sizes, for a seed command to print after writing. */
export function summarizeRegency(regency: Regency): Record<keyof Regency, number> {
  const out = {} as Record<keyof Regency, number>;
  for (const key of Object.keys(regency) as (keyof Regency)[]) out[key] = regency[key].length;
  return out;
}

export function generateRegencyFromArgs(argv: readonly string[]): Regency {
  return generateRegency(parseRegencyArgs(argv));
}
