import { regionCodes } from '../reference/regions';

/** The answer of every identifier parser when the input is not a valid identifier. */
export interface InvalidIdentifier {
  ok: false;
  reason: string;
}

export interface IdentifierOptions {
  /**
   * Resolves the two-digit year (a year above the reference year's last two digits is
   * 19xx, otherwise 20xx) and is the latest date a birth or issue may carry. Default: now.
   */
  referenceDate?: Date;
  /** Kecamatan codes ('35.19.01') that exist inside 35.19. Default: src/reference/wilayah-3519.csv. */
  kecamatanCodes?: ReadonlySet<string>;
}

export const REGENCY_PREFIX = '35.19';

function knownKecamatans(opts: IdentifierOptions | undefined): ReadonlySet<string> {
  return opts?.kecamatanCodes ?? regionCodes().kecamatans;
}

const DIGITS_16 = /^\d{16}$/;

/** Length and character checks shared by NIK and KK; `null` when the shape is right. */
export function shapeError(label: string, value: string): string | null {
  if (typeof value !== 'string') return `${label} must be a string of 16 digits, got ${typeof value}`;
  if (value.length !== 16) return `${label} must be 16 digits, got ${value.length}`;
  if (DIGITS_16.test(value)) return null;
  let at = 0;
  while (value[at]! >= '0' && value[at]! <= '9') at++;
  return `${label} must contain digits only, found "${value[at]}" at position ${at + 1}`;
}

export type RegionCheck = { regionCode: string; outsideRegency: boolean } | { reason: string };

/**
 * Reads the 6-digit region prefix as a kecamatan code. Inside 35.19 the kecamatan must
 * exist; elsewhere only the shape is checked, because the hub holds no national list and
 * people who moved in keep the NIK of their first registration.
 */
export function checkRegion(first6: string, opts: IdentifierOptions | undefined): RegionCheck {
  const pp = first6.slice(0, 2);
  const kk = first6.slice(2, 4);
  const cc = first6.slice(4, 6);
  const regionCode = `${pp}.${kk}.${cc}`;
  const province = Number(pp);
  if (province < 11 || province > 94) {
    return { reason: `region ${regionCode} does not exist (province ${pp} is outside 11-94)` };
  }
  if (kk === '00' || cc === '00') return { reason: `region ${regionCode} is not a kecamatan code` };
  const outsideRegency = `${pp}.${kk}` !== REGENCY_PREFIX;
  if (!outsideRegency && !knownKecamatans(opts).has(regionCode)) {
    return { reason: `region ${regionCode} does not exist` };
  }
  return { regionCode, outsideRegency };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Resolves a two-digit year against the reference date. When the 20xx reading would
 * still lie after the reference date (same two-digit year, later month), 19xx is the
 * only reading that can be a birth or issue date, so that one wins.
 */
export function resolveYear(yy: number, month: number, day: number, reference: Date): number {
  const refYear = reference.getUTCFullYear();
  const refYy = refYear % 100;
  const century = refYear - refYy;
  if (yy > refYy) return century - 100 + yy;
  const candidate = Date.UTC(century + yy, month - 1, day);
  return candidate > reference.getTime() ? century - 100 + yy : century + yy;
}

/**
 * Decodes DDMMYY into a UTC date. `dayLabel` is how the raw day is described in a
 * reason, so that a woman's encoded day (41-71) is quoted as written.
 */
export function decodeDate(day: number, month: number, yy: number, reference: Date, dayLabel: string): Date | { reason: string } {
  if (month < 1 || month > 12) return { reason: `month ${String(month).padStart(2, '0')} is not a month` };
  const year = resolveYear(yy, month, day, reference);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) {
    return { reason: `${dayLabel} is not a date in ${MONTHS[month - 1]} ${year}` };
  }
  return date;
}

/** DDMMYY of a UTC date, with `dayOffset` added to the day (40 for a woman's NIK). */
export function encodeDate(date: Date, dayOffset = 0): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError('encodeDate: invalid date');
  const dd = String(date.getUTCDate() + dayOffset).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  return dd + mm + yy;
}

const KECAMATAN_CODE = /^(\d{2})\.(\d{2})\.(\d{2})$/;

/** '35.19.01' -> '351901'; throws on anything else, since builders only take trusted input. */
export function regionDigits(kecamatanCode: string): string {
  const m = KECAMATAN_CODE.exec(kecamatanCode);
  if (!m) throw new RangeError(`"${kecamatanCode}" is not a kecamatan code like 35.19.01`);
  return m[1]! + m[2]! + m[3]!;
}

export function serialDigits(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999) {
    throw new RangeError(`serial must be an integer 1-9999, got ${serial}`);
  }
  return String(serial).padStart(4, '0');
}
