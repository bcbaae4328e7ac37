import type { PilarRecord, PilarRole } from '../../src/domain/records';
import { generateRegency } from '../../seeds/regency';
import { regionReference } from '../../src/reference/regions';
import { regencyOf } from './fixtures';

const { pilar } = regencyOf('small');
const regions = regionReference();
const desaKecamatan = new Map(regions.desas.map((d) => [d.code, d.kecamatanCode]));
const kecamatanCodes = new Set(regions.kecamatans.map((k) => k.code));
const withRole = (role: PilarRole) => pilar.filter((p) => p.role === role);

describe('the pilar sosial', () => {
  it('number exactly 272 in the June 2025 composition', () => {
    expect(pilar).toHaveLength(272);
    const counts: Record<string, number> = {};
    for (const p of pilar) counts[p.role] = (counts[p.role] ?? 0) + 1;
    expect(counts).toEqual({
      PENDAMPING_PKH: 82,
      TKSK: 15,
      TAGANA: 45,
      PELOPOR_PERDAMAIAN: 22,
      FASILITATOR_SLRT: 52,
      PENDAMPING_REHSOS: 6,
      PSM: 40,
      KARANG_TARUNA: 10,
    });
    expect((counts.TAGANA ?? 0) + (counts.PELOPOR_PERDAMAIAN ?? 0)).toBe(67);
  });

  it('are 272 whatever the number of families', () => {
    for (const families of [0, 40, 2000]) expect(generateRegency({ families, seed: 9 }).pilar).toHaveLength(272);
  });

  it('carry ids PL0001 to PL0272 and a name', () => {
    expect(pilar.map((p) => p._id)).toEqual(Array.from({ length: 272 }, (_, i) => `PL${String(i + 1).padStart(4, '0')}`));
    for (const p of pilar) expect(p.fullName.length).toBeGreaterThan(2);
  });

  it('give each Pendamping PKH 2-3 desa of one kecamatan, covering every desa exactly once', () => {
    const assigned: string[] = [];
    for (const p of withRole('PENDAMPING_PKH')) {
      expect(p.desaCodes.length).toBeGreaterThanOrEqual(2);
      expect(p.desaCodes.length).toBeLessThanOrEqual(3);
      expect(p.kecamatanCodes).toEqual([]);
      expect(new Set(p.desaCodes.map((d) => desaKecamatan.get(d))).size).toBe(1);
      assigned.push(...p.desaCodes);
    }
    expect(assigned.sort()).toEqual(regions.desas.map((d) => d.code).sort());
  });

  it('give one TKSK to each kecamatan', () => {
    expect(
      withRole('TKSK')
        .map((p) => p.kecamatanCodes[0])
        .sort(),
    ).toEqual([...kecamatanCodes].sort());
  });

  it('assign Tagana, Pelopor Perdamaian, TKSK and Fasilitator SLRT one kecamatan and no desa', () => {
    for (const role of ['TAGANA', 'PELOPOR_PERDAMAIAN', 'TKSK', 'FASILITATOR_SLRT'] as const) {
      for (const p of withRole(role)) {
        expect(p.kecamatanCodes).toHaveLength(1);
        expect(kecamatanCodes.has(p.kecamatanCodes[0]!)).toBe(true);
        expect(p.desaCodes).toEqual([]);
      }
    }
  });

  it('leave the Pendamping Rehsos without an area: they serve the whole kabupaten', () => {
    for (const p of withRole('PENDAMPING_REHSOS')) expect([p.kecamatanCodes, p.desaCodes]).toEqual([[], []]);
  });

  it('assign each PSM and Karang Taruna representative one distinct existing desa and no kecamatan', () => {
    for (const role of ['PSM', 'KARANG_TARUNA'] as const) {
      const list: PilarRecord[] = withRole(role);
      for (const p of list) {
        expect(p.desaCodes).toHaveLength(1);
        expect(desaKecamatan.has(p.desaCodes[0]!)).toBe(true);
        expect(p.kecamatanCodes).toEqual([]);
      }
      expect(new Set(list.map((p) => p.desaCodes[0])).size).toBe(list.length);
    }
  });

  it('include a few inactive pilar', () => {
    for (const seed of [1, 2, 3]) {
      const inactive = generateRegency({ families: 0, seed }).pilar.filter((p) => !p.active).length;
      expect(inactive).toBeGreaterThan(0);
      expect(inactive).toBeLessThan(25);
    }
  });
});
