import { checkRegion, decodeDate, encodeDate, regionDigits, serialDigits, shapeError, type IdentifierOptions, type InvalidIdentifier } from './shared';

/** A KK (Kartu Keluarga) number that passed the rules of docs/domain.md section 2. */
export interface ParsedKk {
  ok: true;
  kk: string;
  /** Issuing kecamatan, 'PP.KK.CC'. */
  regionCode: string;
  /** Midnight UTC; the century is resolved against the reference date. */
  issueDate: Date;
  serial: number;
  outsideRegency: boolean;
}

export type KkParseResult = ParsedKk | InvalidIdentifier;

export function parseKk(kk: string, opts?: IdentifierOptions): KkParseResult {
  const shape = shapeError('KK number', kk);
  if (shape) return { ok: false, reason: shape };

  const region = checkRegion(kk.slice(0, 6), opts);
  if ('reason' in region) return { ok: false, reason: region.reason };

  const day = Number(kk.slice(6, 8));
  if (day < 1 || day > 31) return { ok: false, reason: `day ${kk.slice(6, 8)} is not a date` };
  const issueDate = decodeDate(day, Number(kk.slice(8, 10)), Number(kk.slice(10, 12)), opts?.referenceDate ?? new Date(), `day ${day}`);
  if (!(issueDate instanceof Date)) return { ok: false, reason: issueDate.reason };

  const serial = Number(kk.slice(12));
  if (serial === 0) return { ok: false, reason: 'serial 0000 is not allowed' };

  return { ok: true, kk, regionCode: region.regionCode, issueDate, serial, outsideRegency: region.outsideRegency };
}

export interface KkParts {
  /** Issuing kecamatan 'PP.KK.CC'. */
  kecamatanCode: string;
  issueDate: Date;
  /** 1-9999. */
  serial: number;
}

/** Composes a KK number; throws on malformed parts, because callers build from trusted data. */
export function buildKk({ kecamatanCode, issueDate, serial }: KkParts): string {
  return regionDigits(kecamatanCode) + encodeDate(issueDate) + serialDigits(serial);
}
