import { DEFAULT_AS_OF, generateRegency, type GenerateRegencyOptions, type Regency } from './index';
import { DEFAULT_FAMILIES, isScenarioName, SCENARIOS } from './scenarios';

export const REGENCY_USAGE =
  'options: [--scenario tiny|small|demo] [--families N] [--seed S] [--as-of YYYY-MM-DD]\n' +
  `defaults: ${DEFAULT_FAMILIES} families, seed "${String(SCENARIOS.demo.seed)}", as of ${DEFAULT_AS_OF.toISOString().slice(0, 10)}`;

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
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const [flag, inline] = word.split('=', 2) as [string, string | undefined];
    if (!['--scenario', '--families', '--seed', '--as-of'].includes(flag)) fail(`unknown option "${word}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') fail(`${flag} needs a value`);
    values.set(flag, value!);
  }
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
