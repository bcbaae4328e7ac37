import { regionCodes } from '../reference/regions';
import { badInput, echo } from '../errors';

/*
 * Validation of client arguments. Every check answers BAD_USER_INPUT naming
 * the argument, so that a front-end can point at the field that was wrong.
 */

export function kecamatanArg(argument: string, code: string): string {
  if (!/^35\.19\.\d{2}$/.test(code)) throw badInput(argument, `${echo(code)} is not a kecamatan code of Kabupaten Madiun (expected 35.19.NN, e.g. 35.19.01)`);
  if (!regionCodes().kecamatans.has(code)) throw badInput(argument, `kecamatan ${code} does not exist in Kabupaten Madiun`);
  return code;
}

export function desaArg(argument: string, code: string): string {
  if (!/^35\.19\.\d{2}\.[12]\d{3}$/.test(code)) {
    throw badInput(argument, `${echo(code)} is not a desa code of Kabupaten Madiun (expected 35.19.NN.1NNN or 35.19.NN.2NNN, e.g. 35.19.01.2001)`);
  }
  if (!regionCodes().desas.has(code)) throw badInput(argument, `desa ${code} does not exist in Kabupaten Madiun`);
  return code;
}

export function intRangeArg(argument: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(argument, `must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

/** Both ends of a range, each optional; refuses min > max. */
export function rangeArgs(names: [string, string], min: number | null | undefined, max: number | null | undefined, bounds: [number, number]): void {
  if (min != null) intRangeArg(names[0], min, bounds[0], bounds[1]);
  if (max != null) intRangeArg(names[1], max, bounds[0], bounds[1]);
  if (min != null && max != null && min > max) throw badInput(names[0], `${names[0]} (${min}) is greater than ${names[1]} (${max})`);
}

const ID_PATTERNS = {
  person: [/^P\d{7}$/, 'P and 7 digits, e.g. P0000001'],
  household: [/^H\d{7}$/, 'H and 7 digits, e.g. H0000001'],
  training: [/^T\d{5}$/, 'T and 5 digits, e.g. T00001'],
  pilar: [/^PL\d{4}$/, 'PL and 4 digits, e.g. PL0001'],
} as const;

export function idArg(kind: keyof typeof ID_PATTERNS, argument: string, id: string): string {
  const [pattern, shape] = ID_PATTERNS[kind];
  if (!pattern.test(id)) throw badInput(argument, `${echo(id)} is not a ${kind} id (${shape})`);
  return id;
}

export function digitsArg(argument: string, value: string, what: string): string {
  if (!/^\d{16}$/.test(value)) throw badInput(argument, `${what} must be 16 digits, got ${echo(value)}`);
  return value;
}
