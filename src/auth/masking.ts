import { maskNumber, type NumberKind } from '../identifiers/mask';
import { discrepancyValueFields } from './decide';
import type { Viewer } from './viewer';

/** The fields of the schema that hold a NIK or KK number (matrix.ts rules of kind `number`), by kind. */
export const NUMBER_FIELDS: Readonly<Record<string, NumberKind>> = {
  'Person.nik': 'NIK',
  'Household.kkNumber': 'KK',
  'KkHistoryEntry.kkNumber': 'KK',
};

/** A word that is an identifier (a NIK, a KK number, or a malformed one): at least 8 digits, no separators. */
const IDENTIFIER = /\b(?=(?:[0-9A-Za-z]*\d){8})[0-9A-Za-z]+\b/g;

/** Masks NIK and KK numbers for one viewer of one request (src/identifiers/mask.ts). */
export class IdentifierMasks {
  constructor(
    private readonly key: string,
    private readonly viewer: Viewer,
  ) {}

  /** A number as the viewer reads it masked; `kind` tells NIKs and KK numbers apart. */
  number(kind: NumberKind, value: string): string {
    return maskNumber(this.key, this.viewer.subject, kind, value);
  }

  /** The value of a `number` field of the schema, masked. */
  field(type: string, field: string, value: string): string {
    return this.number(NUMBER_FIELDS[`${type}.${field}`] ?? 'NIK', value);
  }

  /** Every identifier in a text of a discrepancy of this kind and aspect, masked as the number it reveals. */
  inDiscrepancyText(kind: string, aspect: string | null, text: string): string {
    const numbers = discrepancyValueFields(kind, aspect)
      .map((f) => NUMBER_FIELDS[f])
      .filter((k): k is NumberKind => k !== undefined);
    return text.replace(IDENTIFIER, (word) => this.number(numbers[0] ?? 'NIK', word));
  }
}
