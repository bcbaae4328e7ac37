import { ageOn } from '../../src/domain/age';
import type { KarangTarunaRole } from '../../src/domain/provenance';
import { dateOfDay, dayOf } from '../regency/calendar';
import { Random, type Seed } from '../regency/random';
import type { Plan, RegencyIndex } from './plan';

export interface KarangTarunaMember {
  personId: string;
  desaCode: string;
  role: KarangTarunaRole;
  since: Date;
}

const OFFICERS: KarangTarunaRole[] = ['KETUA', 'SEKRETARIS', 'BENDAHARA'];

/**
 * The Karang Taruna (youth organisation) of each desa: the generator has none,
 * so the extract draws about one young resident in twelve (15-30, living, not
 * moved out) from its own stream; the first three of a desa hold its offices.
 */
export function karangTarunaMembers(idx: RegencyIndex, plan: Plan, seed: Seed): KarangTarunaMember[] {
  const rng = new Random(seed, 'karang-taruna');
  const asOfDay = dayOf(plan.asOf);
  const perDesa = new Map<string, number>();
  const out: KarangTarunaMember[] = [];
  for (const p of idx.regency.persons) {
    const age = ageOn(p.birthDate, plan.asOf);
    if (p.isDeceased || plan.movedOut.has(p._id) || age < 15 || age > 30 || !rng.chance(1 / 12)) continue;
    const n = perDesa.get(p.desaCode) ?? 0;
    perDesa.set(p.desaCode, n + 1);
    const joined = Math.max(dayOf(p.birthDate) + 15 * 365, asOfDay - rng.int(30, 3 * 365));
    out.push({ personId: p._id, desaCode: p.desaCode, role: OFFICERS[n] ?? 'ANGGOTA', since: dateOfDay(Math.min(asOfDay, joined)) });
  }
  return out;
}
