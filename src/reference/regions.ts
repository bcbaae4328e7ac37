import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A kecamatan of Kabupaten Madiun as the reference list names it. */
export interface KecamatanRef {
  code: string;
  name: string;
}

/** A desa or kelurahan of Kabupaten Madiun as the reference list names it. */
export interface DesaRef {
  code: string;
  name: string;
  kecamatanCode: string;
  kind: 'DESA' | 'KELURAHAN';
}

export interface RegionReference {
  kecamatans: KecamatanRef[];
  desas: DesaRef[];
}

export const REFERENCE_CSV = join(__dirname, 'wilayah-3519.csv');

const KECAMATAN_CODE = /^35\.19\.\d{2}$/;
const DESA_CODE = /^(35\.19\.\d{2})\.([12])\d{3}$/;

/**
 * Parses the Kemendagri reference list. Fails loudly on any row it does not
 * understand: reference data that silently loses a desa would hide families.
 */
export function parseRegionCsv(text: string): RegionReference {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'code,name') {
    throw new Error(`region reference: expected header "code,name", got "${lines[0] ?? ''}"`);
  }
  const kecamatans: KecamatanRef[] = [];
  const desas: DesaRef[] = [];
  lines.slice(1).forEach((line, i) => {
    const comma = line.indexOf(',');
    const code = line.slice(0, comma).trim();
    const name = line.slice(comma + 1).trim();
    if (comma < 0 || name === '') throw new Error(`region reference line ${i + 2}: malformed "${line}"`);
    if (code === '35.19') return;
    if (KECAMATAN_CODE.test(code)) {
      kecamatans.push({ code, name });
      return;
    }
    const desa = DESA_CODE.exec(code);
    if (!desa) throw new Error(`region reference line ${i + 2}: unknown code "${code}"`);
    desas.push({ code, name, kecamatanCode: desa[1]!, kind: desa[2] === '1' ? 'KELURAHAN' : 'DESA' });
  });
  const known = new Set(kecamatans.map((k) => k.code));
  for (const d of desas) {
    if (!known.has(d.kecamatanCode)) throw new Error(`region reference: desa ${d.code} has no kecamatan`);
  }
  return { kecamatans, desas };
}

let cached: RegionReference | undefined;

/** The regions of Kabupaten Madiun, read once from `src/reference/wilayah-3519.csv`. */
export function regionReference(): RegionReference {
  cached ??= parseRegionCsv(readFileSync(REFERENCE_CSV, 'utf8'));
  return cached;
}

export interface RegionCodes {
  kecamatans: ReadonlySet<string>;
  desas: ReadonlySet<string>;
  /** Desa code -> the code of its kecamatan. */
  kecamatanOfDesa: ReadonlyMap<string, string>;
}

let codes: RegionCodes | undefined;

/** The codes of the regions, built once: what argument checks, model validators, identifiers and importers look up. */
export function regionCodes(): RegionCodes {
  if (!codes) {
    const ref = regionReference();
    codes = {
      kecamatans: new Set(ref.kecamatans.map((k) => k.code)),
      desas: new Set(ref.desas.map((d) => d.code)),
      kecamatanOfDesa: new Map(ref.desas.map((d) => [d.code, d.kecamatanCode])),
    };
  }
  return codes;
}
