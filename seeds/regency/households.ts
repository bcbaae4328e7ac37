import type { Asset, CookingFuel, FloorType, Housing, KkHistoryEntry, RoofType, Sanitation, WallType, WaterSource } from '../../src/domain/records';
import { buildKk } from '../../src/identifiers/kk';
import type { DesaRef } from '../../src/reference/regions';
import { dateOfDay } from './calendar';
import { SerialRegistry } from './persons';
import { weighted, type Random } from './random';

/**
 * Families per desa: one each first (when there are enough families), the rest by a
 * seeded weight per desa, with kelurahan denser, split by largest remainder so the
 * counts add up exactly.
 */
export function familiesPerDesa(rng: Random, desas: readonly DesaRef[], families: number): number[] {
  const weights = desas.map((d) => (0.5 + rng.next()) * (d.kind === 'KELURAHAN' ? 1.6 : 1));
  const base = families >= desas.length ? 1 : 0;
  const rest = families - base * desas.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / total);
  const counts = exact.map((x) => base + Math.floor(x));
  let missing = families - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

// Skewed poorer than uniform: desil 1-4 hold about 46% of families.
const desilPick = weighted<number>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d, i) => [d, [13, 12, 11, 10, 10, 9, 9, 9, 9, 8][i]!] as const));

/** DT-SEN rank, or null for the few families the survey never reached. */
export function drawDesil(rng: Random): number | null {
  return rng.chance(0.01) ? null : desilPick(rng);
}

/** 0 (poorest) .. 1 (richest): the desil with some noise, so housing is correlated, not determined. */
export function wealthOf(rng: Random, desil: number | null): number {
  const centre = desil === null ? 0.5 : (desil - 1) / 9;
  return Math.min(1, Math.max(0, centre + (rng.next() - 0.5) * 0.2));
}

function pickBlended<T>(rng: Random, values: readonly T[], poor: readonly number[], rich: readonly number[], wealth: number): T {
  return values[rng.blendedIndex(poor, rich, wealth)]!;
}

const FLOORS: readonly FloorType[] = ['EARTH', 'BAMBOO', 'WOOD', 'CEMENT', 'TILE', 'CERAMIC'];
const WALLS: readonly WallType[] = ['BAMBOO', 'WOOD', 'PLASTERED_BRICK', 'UNPLASTERED_BRICK'];
const ROOFS: readonly RoofType[] = ['THATCH', 'ASBESTOS', 'ZINC', 'CLAY_TILE', 'CONCRETE'];
const WATER: readonly WaterSource[] = ['PIPED', 'BOTTLED', 'PROTECTED_WELL', 'UNPROTECTED_WELL', 'SPRING', 'RIVER'];
const SANITATION: readonly Sanitation[] = ['PRIVATE', 'SHARED', 'PUBLIC', 'NONE'];
const ELECTRICITY_VA = [0, 450, 900, 1300, 2200];
const FUELS: readonly CookingFuel[] = ['LPG', 'ELECTRIC', 'KEROSENE', 'WOOD', 'CHARCOAL'];

export function drawHousing(rng: Random, wealth: number): Housing {
  return {
    floor: pickBlended(rng, FLOORS, [28, 4, 8, 42, 12, 6], [0, 0, 1, 14, 20, 65], wealth),
    wall: pickBlended(rng, WALLS, [22, 14, 34, 30], [0, 2, 95, 3], wealth),
    roof: pickBlended(rng, ROOFS, [3, 18, 10, 68, 1], [0, 5, 3, 80, 12], wealth),
    water: pickBlended(rng, WATER, [8, 4, 48, 30, 7, 3], [30, 35, 33, 2, 0, 0], wealth),
    sanitation: pickBlended(rng, SANITATION, [55, 20, 8, 17], [99, 1, 0, 0], wealth),
    electricityVa: pickBlended(rng, ELECTRICITY_VA, [3, 57, 33, 6, 1], [0, 2, 28, 45, 25], wealth),
    cookingFuel: pickBlended(rng, FUELS, [58, 0, 2, 38, 2], [90, 8, 0, 2, 0], wealth),
  };
}

/** Chance of owning each asset for the poorest and the richest family. */
const ASSET_ODDS: readonly (readonly [Asset, number, number])[] = [
  ['MOTORCYCLE', 0.55, 0.97],
  ['CAR', 0.01, 0.4],
  ['REFRIGERATOR', 0.22, 0.96],
  ['TELEVISION', 0.72, 0.99],
  ['SMARTPHONE', 0.55, 0.99],
  ['LAND', 0.2, 0.75],
  ['LIVESTOCK', 0.38, 0.22],
  ['GOLD', 0.05, 0.6],
];

export function drawAssets(rng: Random, wealth: number): Asset[] {
  const assets: Asset[] = [];
  for (const [asset, poor, rich] of ASSET_ODDS) if (rng.chance(poor + (rich - poor) * wealth)) assets.push(asset);
  return assets;
}

export function drawRtRw(rng: Random): { rt: string; rw: string } {
  return { rt: String(rng.int(1, 6)).padStart(3, '0'), rw: String(rng.int(1, 8)).padStart(3, '0') };
}

export interface KkInput {
  kecamatanCode: string;
  /** Every kecamatan of the regency: an older card may come from before a move. */
  kecamatanCodes: readonly string[];
  headBirthDay: number;
  youngestBirthDay: number;
  asOfDay: number;
}

const YEAR = 365;

/**
 * The current card is issued after the youngest member's birth, because adding a member
 * reissues the card. About 5% of families also keep an older card from before a split,
 * a move or a change of head.
 */
export function drawKk(rng: Random, serials: SerialRegistry, input: KkInput): { kkNumber: string; kkHistory: KkHistoryEntry[] } {
  const { kecamatanCode, headBirthDay, youngestBirthDay, asOfDay } = input;
  const adultHead = headBirthDay + 17 * YEAR;
  const lower = Math.min(asOfDay, Math.max(youngestBirthDay + 1, asOfDay - 12 * YEAR, adultHead));
  const issueDay = rng.int(lower, asOfDay);
  const kkNumber = issue(serials, kecamatanCode, issueDay);
  const current: KkHistoryEntry = { kkNumber, from: dateOfDay(issueDay), to: null };

  const olderLower = Math.max(adultHead, asOfDay - 25 * YEAR);
  const olderUpper = issueDay - 180;
  if (!rng.chance(0.05) || olderLower > olderUpper) return { kkNumber, kkHistory: [current] };
  const olderRegion = rng.chance(0.65) ? kecamatanCode : rng.pick(input.kecamatanCodes);
  const olderDay = rng.int(olderLower, olderUpper);
  const older: KkHistoryEntry = { kkNumber: issue(serials, olderRegion, olderDay), from: dateOfDay(olderDay), to: current.from };
  return { kkNumber, kkHistory: [older, current] };
}

function issue(serials: SerialRegistry, kecamatanCode: string, day: number): string {
  return buildKk({ kecamatanCode, issueDate: dateOfDay(day), serial: serials.next(kecamatanCode, day) });
}
