import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

export interface CommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Reads command-line words with node:util `parseArgs` (strict: an option not declared is an
 * error), answering in the words the commands have always used: `unknown option "--x"` and
 * `--x needs a value` (an empty `--x=` included). Throws an Error with that message.
 */
export function readCommandLine(argv: readonly string[], options: CommandOptions, allowPositionals = false): CommandLine {
  let parsed: CommandLine;
  try {
    parsed = parseArgs({ args: attachValues(argv, options), options, allowPositionals, strict: true }) as CommandLine;
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    const named = /'([^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Error(`${named} needs a value`, { cause: err });
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new Error(`unknown option "${named}"`, { cause: err });
    throw err;
  }
  for (const [name, value] of Object.entries(parsed.values)) if (value === '') throw new Error(`--${name} needs a value`);
  return parsed;
}

/**
 * A value option takes the next word as its value even when that word starts with `-`
 * (`--families -3` is a bad number, not a missing value), unless the word is another
 * declared option: parseArgs alone would call `-3` ambiguous.
 */
function attachValues(argv: readonly string[], options: CommandOptions): string[] {
  const declared = new Set(Object.keys(options).map((name) => `--${name}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const next = argv[i + 1];
    const takesValue = word.startsWith('--') && !word.includes('=') && options[word.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && next.startsWith('-') && !declared.has(next.split('=')[0]!)) {
      out.push(`${word}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}
