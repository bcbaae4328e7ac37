import { generateRegency } from '../../seeds/regency';
import { regionReference } from '../../src/reference/regions';
import { asOf, lookups, regencyOf, share, YEAR_MS } from './fixtures';

const regency = regencyOf('demo');
const { persons, households, age } = lookups(regency);
const desaKecamatan = new Map(regionReference().desas.map((d) => [d.code, d.kecamatanCode]));
const kecamatanOrder = regionReference().kecamatans.map((k) => k.code);

describe('trainings of the demo regency', () => {
  it('hold about one training per 25 families, in all three categories', () => {
    expect(regency.trainings).toHaveLength(80);
    expect(new Set(regency.trainings.map((t) => t.category))).toEqual(new Set(['VOCATIONAL', 'ENTREPRENEURSHIP', 'PILAR_CAPACITY']));
  });

  it('are at least three even in a tiny regency', () => {
    expect(regencyOf('tiny').trainings).toHaveLength(3);
    expect(generateRegency({ families: 10, seed: 4 }).trainings).toHaveLength(3);
  });

  it('took place within the last three years at an existing desa, with a title, an organizer and a quota', () => {
    for (const t of regency.trainings) {
      expect(t.startDate.getTime()).toBeGreaterThanOrEqual(asOf.getTime() - 3 * YEAR_MS);
      expect(t.endDate.getTime()).toBeGreaterThanOrEqual(t.startDate.getTime());
      expect(t.endDate.getTime()).toBeLessThanOrEqual(asOf.getTime());
      expect(desaKecamatan.get(t.desaCode)).toBe(t.kecamatanCode);
      expect(t.title).toMatch(/^(Pelatihan|Bimbingan Teknis|Peningkatan Kapasitas) .+ Kecamatan /);
      expect(t.organizer).toMatch(/Madiun|Jawa Timur/);
      expect(t.quota).toBeGreaterThanOrEqual(20);
    }
    expect(regency.trainings.map((t) => t._id)).toEqual(Array.from({ length: 80 }, (_, i) => `T${String(i + 1).padStart(5, '0')}`));
  });

  it('enrol living youth and adults, no one twice, and never more than the quota', () => {
    const byTraining = new Map<string, string[]>();
    for (const tp of regency.participations) {
      const p = persons.get(tp.personId)!;
      expect(p.isDeceased).toBe(false);
      expect(age(p)).toBeGreaterThanOrEqual(18);
      expect(age(p)).toBeLessThanOrEqual(59);
      byTraining.set(tp.trainingId, [...(byTraining.get(tp.trainingId) ?? []), tp.personId]);
    }
    for (const t of regency.trainings) {
      const people = byTraining.get(t._id) ?? [];
      expect(people.length).toBeGreaterThan(0);
      expect(people.length).toBeLessThanOrEqual(t.quota);
      expect(new Set(people).size).toBe(people.length);
    }
  });

  it('recruit mostly from the training’s kecamatan or the neighbouring ones', () => {
    const trainings = new Map(regency.trainings.map((t) => [t._id, t]));
    const near = share(regency.participations, (tp) => {
      const home = kecamatanOrder.indexOf(trainings.get(tp.trainingId)!.kecamatanCode);
      const from = kecamatanOrder.indexOf(persons.get(tp.personId)!.kecamatanCode);
      return Math.abs(home - from) <= 1;
    });
    expect(near).toBeGreaterThan(0.9);
    const sameKecamatan = share(regency.participations, (tp) => trainings.get(tp.trainingId)!.kecamatanCode === persons.get(tp.personId)!.kecamatanCode);
    expect(sameKecamatan).toBeGreaterThan(0.7);
  });

  it('draw participants mostly from poorer households', () => {
    expect(share(regency.participations, (tp) => (households.get(persons.get(tp.personId)!.householdId!)!.desil ?? 5) <= 5)).toBeGreaterThan(0.6);
  });

  it('record an outcome only for COMPLETED participation, and all four statuses occur', () => {
    expect(new Set(regency.participations.map((tp) => tp.status))).toEqual(new Set(['REGISTERED', 'ATTENDED', 'COMPLETED', 'DROPPED']));
    for (const tp of regency.participations) {
      if (tp.status === 'COMPLETED') expect(['EMPLOYED', 'STARTED_BUSINESS', 'NONE']).toContain(tp.outcome);
      else expect(tp.outcome).toBeNull();
    }
    expect(regency.participations.some((tp) => tp.outcome === 'EMPLOYED')).toBe(true);
    expect(regency.participations.some((tp) => tp.outcome === 'STARTED_BUSINESS')).toBe(true);
  });
});
