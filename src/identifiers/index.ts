export { parseNik, buildNik, maskNik, nikAttributeMismatch } from './nik';
export type { ParsedNik, NikParseResult, NikParts, NikAttribute } from './nik';
export { parseKk, buildKk, maskKk } from './kk';
export type { ParsedKk, KkParseResult, KkParts } from './kk';
export type { IdentifierOptions, InvalidIdentifier } from './shared';
