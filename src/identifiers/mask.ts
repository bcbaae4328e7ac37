import { createHmac } from 'node:crypto';

/** What kind of number a mask stands for: its label, and part of what the tag is keyed with. */
export type NumberKind = 'NIK' | 'KK';

/** Crockford base 32: no I, L, O or U, so a tag read aloud or copied by hand is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 60 bits: two numbers of the whole regency (about 740,000 people) share a tag with odds under one in two million. */
const TAG_CHARS = 12;

/**
 * A masked NIK or KK number (`NIK-7KQ2-M9XD-A3F1`): an HMAC tag of the number, keyed by the hub's
 * masking secret and made for one audience (the viewer), that keeps no digit of it.
 *
 * Every digit a mask kept could be combined with what the viewer reads elsewhere: a NIK is kecamatan,
 * birth date, sex and a serial, and a viewer who reads the first three and the serial has the NIK
 * (`3519********0001` kept exactly the serial). A keyed tag reveals nothing without the secret,
 * and cannot be found by hashing every possible NIK. It is the same for the same number and viewer,
 * across requests and fields (a person's `nik` and that NIK inside a discrepancy), so a field worker
 * tells people apart; and differs between viewers, so two partners cannot join their data on it.
 */
export function maskNumber(key: string, audience: string, kind: NumberKind, value: string): string {
  const mac = createHmac('sha256', key).update(`${kind}\u0000${audience}\u0000${value}`, 'utf8').digest();
  let bits = mac.readBigUInt64BE(0) >> BigInt(64 - TAG_CHARS * 5);
  let tag = '';
  for (let i = 0; i < TAG_CHARS; i++) {
    tag = ALPHABET[Number(bits & 31n)]! + tag;
    bits >>= 5n;
  }
  return `${kind}-${tag.slice(0, 4)}-${tag.slice(4, 8)}-${tag.slice(8)}`;
}
