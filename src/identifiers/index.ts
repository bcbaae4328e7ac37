export { parseNik, buildNik, nikAttributeMismatch, nikEncodedText } from './nik';
export type { ParsedNik, NikParseResult, NikParts, NikAttribute } from './nik';
export { parseKk, buildKk } from './kk';
export type { ParsedKk, KkParseResult, KkParts } from './kk';
export type { IdentifierOptions, InvalidIdentifier } from './shared';
export { maskNumber, type NumberKind } from './mask';
