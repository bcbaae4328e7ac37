import type { PilarRecord, PilarRole } from '../../src/domain/records';
import type { RegionReference } from '../../src/reference/regions';
import { pilarName } from './names';
import type { Random } from './random';

/**
 * The 272 pilar sosial of June 2025 (docs/domain.md section 7). The published figure lumps
 * Tagana and Pelopor Perdamaian together as 67; the 45/22 split is this seed's choice.
 */
export const PILAR_COMPOSITION: Readonly<Record<PilarRole, number>> = Object.freeze({
  PENDAMPING_PKH: 82,
  TKSK: 15,
  TAGANA: 45,
  PELOPOR_PERDAMAIAN: 22,
  FASILITATOR_SLRT: 52,
  PENDAMPING_REHSOS: 6,
  PSM: 40,
  KARANG_TARUNA: 10,
});

export const PILAR_TOTAL = 272;

/**
 * Splits each kecamatan's desa into groups of two or three so that every desa has exactly
 * one Pendamping PKH and no pendamping crosses a kecamatan border. Starts from the fewest
 * groups each kecamatan allows and adds groups where desa per pendamping is highest.
 */
export function pkhAssignments(regions: RegionReference, pendamping: number): string[][] {
  const byKecamatan = regions.kecamatans.map((k) => regions.desas.filter((d) => d.kecamatanCode === k.code).map((d) => d.code));
  const groups = byKecamatan.map((desas) => Math.ceil(desas.length / 3));
  let total = groups.reduce((a, b) => a + b, 0);
  while (total < pendamping) {
    let best = -1;
    for (let k = 0; k < groups.length; k++) {
      if (2 * (groups[k]! + 1) > byKecamatan[k]!.length) continue;
      if (best < 0 || byKecamatan[k]!.length / groups[k]! > byKecamatan[best]!.length / groups[best]!) best = k;
    }
    if (best < 0) throw new RangeError(`cannot give ${pendamping} Pendamping PKH two or three desa each`);
    groups[best]! += 1;
    total += 1;
  }
  if (total > pendamping) throw new RangeError(`${pendamping} Pendamping PKH cannot cover every desa with three each`);
  const out: string[][] = [];
  byKecamatan.forEach((desas, k) => {
    const g = groups[k]!;
    const threes = desas.length - 2 * g;
    let at = 0;
    for (let i = 0; i < g; i++) {
      const size = i < threes ? 3 : 2;
      out.push(desas.slice(at, at + size));
      at += size;
    }
  });
  return out;
}

/** `count` distinct desa, dealt round the kecamatans so each gets its share. */
function spreadDesas(rng: Random, regions: RegionReference, count: number): string[] {
  const decks = rng.shuffle(regions.kecamatans.map((k) => rng.shuffle(regions.desas.filter((d) => d.kecamatanCode === k.code).map((d) => d.code))));
  const out: string[] = [];
  for (let round = 0; out.length < count; round++) {
    let dealt = false;
    for (const deck of decks) {
      if (out.length >= count) break;
      const desa = deck[round];
      if (desa === undefined) continue;
      out.push(desa);
      dealt = true;
    }
    if (!dealt) throw new RangeError(`only ${out.length} desa to assign, ${count} wanted`);
  }
  return out;
}

/**
 * One area array holds the pilar's scope and the other stays empty: a desa-scoped PSM
 * that also listed its kecamatan would read as scoped to the whole kecamatan.
 */
export function generatePilar(rng: Random, regions: RegionReference): PilarRecord[] {
  const out: PilarRecord[] = [];
  const kecamatanCodes = regions.kecamatans.map((k) => k.code);
  const add = (role: PilarRole, kecamatans: string[], desas: string[], degreeShare: number): void => {
    out.push({
      _id: `PL${String(out.length + 1).padStart(4, '0')}`,
      fullName: pilarName(rng, degreeShare),
      role,
      kecamatanCodes: kecamatans,
      desaCodes: desas,
      active: !rng.chance(0.03),
    });
  };
  const byKecamatan = (role: PilarRole, degreeShare: number): void => {
    const offset = rng.int(0, kecamatanCodes.length - 1);
    for (let i = 0; i < PILAR_COMPOSITION[role]; i++) add(role, [kecamatanCodes[(offset + i) % kecamatanCodes.length]!], [], degreeShare);
  };

  for (const desas of rng.shuffle(pkhAssignments(regions, PILAR_COMPOSITION.PENDAMPING_PKH))) add('PENDAMPING_PKH', [], desas, 0.8);
  for (let i = 0; i < PILAR_COMPOSITION.TKSK; i++) add('TKSK', [kecamatanCodes[i % kecamatanCodes.length]!], [], 0.3);
  byKecamatan('TAGANA', 0.1);
  byKecamatan('PELOPOR_PERDAMAIAN', 0.1);
  byKecamatan('FASILITATOR_SLRT', 0.7);
  for (let i = 0; i < PILAR_COMPOSITION.PENDAMPING_REHSOS; i++) add('PENDAMPING_REHSOS', [], [], 0.9);
  for (const desa of spreadDesas(rng, regions, PILAR_COMPOSITION.PSM)) add('PSM', [], [desa], 0.15);
  for (const desa of spreadDesas(rng, regions, PILAR_COMPOSITION.KARANG_TARUNA)) add('KARANG_TARUNA', [], [desa], 0.1);
  return out;
}
