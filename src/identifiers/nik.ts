import type { Sex } from '../domain/records';
import { checkRegion, decodeDate, encodeDate, regionDigits, serialDigits, shapeError, type IdentifierOptions, type InvalidIdentifier } from './shared';

/** A NIK that passed every rule of docs/domain.md section 2, with what it encodes. */
export interface ParsedNik {
  ok: true;
  nik: string;
  /** Kecamatan of first registration, 'PP.KK.CC'. */
  regionCode: string;
  /** Midnight UTC; the century is resolved against the reference date. */
  birthDate: Date;
  sex: Sex;
  serial: number;
  /** Well-formed but registered outside Kabupaten Madiun (35.19): valid, yet worth a flag. */
  outsideRegency: boolean;
}

export type NikParseResult = ParsedNik | InvalidIdentifier;

const FEMALE_DAY_OFFSET = 40;

export function parseNik(nik: string, opts?: IdentifierOptions): NikParseResult {
  const shape = shapeError('NIK', nik);
  if (shape) return { ok: false, reason: shape };

  const region = checkRegion(nik.slice(0, 6), opts);
  if ('reason' in region) return { ok: false, reason: region.reason };

  const rawDay = Number(nik.slice(6, 8));
  const female = rawDay >= 41 && rawDay <= 71;
  if (!female && (rawDay < 1 || rawDay > 31)) return { ok: false, reason: `day ${nik.slice(6, 8)} is not a date` };
  const day = female ? rawDay - FEMALE_DAY_OFFSET : rawDay;
  const dayLabel = female ? `day ${rawDay} (${day} for a woman)` : `day ${day}`;
  const birthDate = decodeDate(day, Number(nik.slice(8, 10)), Number(nik.slice(10, 12)), opts?.referenceDate ?? new Date(), dayLabel);
  if (!(birthDate instanceof Date)) return { ok: false, reason: birthDate.reason };

  const serial = Number(nik.slice(12));
  if (serial === 0) return { ok: false, reason: 'serial 0000 is not allowed' };

  return {
    ok: true,
    nik,
    regionCode: region.regionCode,
    birthDate,
    sex: female ? 'FEMALE' : 'MALE',
    serial,
    outsideRegency: region.outsideRegency,
  };
}

export interface NikParts {
  /** 'PP.KK.CC', e.g. '35.19.01'. */
  kecamatanCode: string;
  birthDate: Date;
  sex: Sex;
  /** 1-9999. */
  serial: number;
}

/** Composes a NIK; throws on malformed parts, because callers build from trusted data. */
export function buildNik({ kecamatanCode, birthDate, sex, serial }: NikParts): string {
  return regionDigits(kecamatanCode) + encodeDate(birthDate, sex === 'FEMALE' ? FEMALE_DAY_OFFSET : 0) + serialDigits(serial);
}

export type NikAttribute = 'birthDate' | 'sex';

/**
 * Which stored attributes disagree with what the NIK encodes. The birth date is compared
 * on day, month and two-digit year only: the century is a guess and must not invent a
 * mismatch. A NIK that is not 16 digits encodes nothing and yields no mismatch (it is an
 * INVALID_NIK instead); an absent attribute is not compared.
 */
export function nikAttributeMismatch(nik: string, stored: { birthDate?: Date | null; sex?: Sex | null }): NikAttribute[] {
  if (shapeError('NIK', nik)) return [];
  const encodedSex = nikEncodedSex(nik);
  const mismatches: NikAttribute[] = [];
  if (stored.birthDate && !Number.isNaN(stored.birthDate.getTime())) {
    const asEncoded = encodeDate(stored.birthDate, encodedSex === 'FEMALE' ? FEMALE_DAY_OFFSET : 0);
    if (asEncoded !== nik.slice(6, 12)) mismatches.push('birthDate');
  }
  if (stored.sex && stored.sex !== encodedSex) mismatches.push('sex');
  return mismatches;
}

/** The sex a 16-digit NIK encodes: a woman's day of birth is written 40 higher. */
function nikEncodedSex(nik: string): Sex {
  return Number(nik.slice(6, 8)) > FEMALE_DAY_OFFSET ? 'FEMALE' : 'MALE';
}

/** What a 16-digit NIK encodes of an attribute, as a discrepancy states it: the sex, or the date digits. */
export function nikEncodedText(nik: string, attr: NikAttribute): string {
  return attr === 'sex' ? nikEncodedSex(nik) : `${nik.slice(6, 8)}-${nik.slice(8, 10)}-${nik.slice(10, 12)} (DD-MM-YY, women +40)`;
}
