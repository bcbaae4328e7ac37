import type { EnrollmentRecord, PersonRecord, PkhComponent } from '../../src/domain/records';
import { generateRegency } from '../../seeds/regency';
import { PROGRAMMES } from '../../src/reference/programmes';
import { asOf, lookups, offending, regencyOf, share, YEAR_MS } from './fixtures';

const regency = regencyOf('demo');
const { households, persons, members, age } = lookups(regency);
const of = (code: string) => regency.enrollments.filter((e) => e.programmeCode === code);

/** Written out again here rather than imported, so the spec checks the generator instead of echoing it. */
function expectedComponents(list: PersonRecord[]): PkhComponent[] {
  const living = list.filter((p) => !p.isDeceased);
  const has = (f: (p: PersonRecord) => boolean) => living.some(f);
  const out: PkhComponent[] = [];
  if (has((p) => p.pregnant)) out.push('IBU_HAMIL');
  if (has((p) => age(p) <= 6)) out.push('ANAK_USIA_DINI');
  if (has((p) => age(p) >= 7 && age(p) <= 12)) out.push('SD');
  if (has((p) => age(p) >= 13 && age(p) <= 15)) out.push('SMP');
  if (has((p) => age(p) >= 16 && age(p) <= 18)) out.push('SMA');
  if (has((p) => p.disability?.severity === 'SEVERE')) out.push('DISABILITAS_BERAT');
  if (has((p) => age(p) >= 60)) out.push('LANSIA');
  return out;
}

describe('../../src/reference/programmes', () => {
  it('lists the six programmes with their level, maximum years and desil range', () => {
    expect(regency.programmes).toEqual(PROGRAMMES);
    const byCode = Object.fromEntries(PROGRAMMES.map((p) => [p._id, p]));
    expect(Object.keys(byCode).sort()).toEqual(['ATENSI', 'BPNT', 'PBI_JK', 'PERMODALAN_USAHA', 'PKH', 'SEKOLAH_RAKYAT']);
    expect([byCode.PKH!.maxYears, byCode.BPNT!.maxYears]).toEqual([5, 5]);
    expect([byCode.PKH!.level, byCode.BPNT!.level]).toEqual(['HOUSEHOLD', 'HOUSEHOLD']);
    expect(byCode.PKH!.eligibility).toMatchObject({ desilMin: 1, desilMax: 4 });
    expect(byCode.SEKOLAH_RAKYAT!.eligibility).toMatchObject({ desilMin: 1, desilMax: 2 });
    for (const code of ['PBI_JK', 'SEKOLAH_RAKYAT', 'PERMODALAN_USAHA', 'ATENSI']) expect(byCode[code]!.level).toBe('PERSON');
  });

  it('hands each regency its own copy, so editing one cannot change the constant', () => {
    expect(regency.programmes[0]).not.toBe(PROGRAMMES[0]);
    expect(Object.isFrozen(PROGRAMMES[0]!.eligibility.conditions)).toBe(true);
  });
});

describe('enrolments of the demo regency', () => {
  it('points household programmes at a household and person programmes at one of its members', () => {
    expect(
      offending(regency.enrollments, (e) => {
        const h = households.get(e.householdId)!;
        const place = (e.desaCode !== h.desaCode || e.kecamatanCode !== h.kecamatanCode) && `${e.desaCode}/${e.kecamatanCode}, household ${h.desaCode}/${h.kecamatanCode}`;
        if (e.programmeCode === 'PKH' || e.programmeCode === 'BPNT') return [place, e.personId !== null && `household programme with person ${e.personId}`];
        const p = persons.get(e.personId!);
        return [
          place,
          p?.householdId !== e.householdId && `person ${e.personId} not of household ${e.householdId}`,
          p !== undefined && e.startDate.getTime() <= p.birthDate.getTime() && `starts ${e.startDate.toISOString()}, before its person was born`,
        ];
      }),
    ).toEqual([]);
  });

  it('derives PKH components from the living members, and gives no other programme any', () => {
    expect(of('PKH').length).toBeGreaterThan(100);
    const components = (e: EnrollmentRecord) => (e.programmeCode === 'PKH' ? expectedComponents(members.get(e.householdId)!) : []);
    expect(offending(regency.enrollments, (e) => [e.components.join() !== components(e).join() && `components ${e.components.join()}, expected ${components(e).join()}`])).toEqual(
      [],
    );
    const all = new Set(of('PKH').flatMap((e) => e.components));
    for (const c of ['ANAK_USIA_DINI', 'SD', 'SMP', 'SMA', 'LANSIA', 'IBU_HAMIL'] as const) expect(all).toContain(c);
  });

  it('gives PKH and BPNT mostly to desil 1-4 families, with a few inclusion errors above', () => {
    for (const code of ['PKH', 'BPNT']) {
      const list = of(code);
      expect(share(list, (e) => (households.get(e.householdId)!.desil ?? 99) <= 4)).toBeGreaterThan(0.85);
    }
  });

  it('starts PKH and BPNT in the last ten years, a good share of them more than five years ago', () => {
    const oldest = Date.UTC(asOf.getUTCFullYear() - 9, 0, 1);
    expect(
      offending([...of('PKH'), ...of('BPNT')], (e) => [(e.startDate.getTime() < oldest || e.startDate.getTime() >= asOf.getTime()) && `starts ${e.startDate.toISOString()}`]),
    ).toEqual([]);
    const longRunning = share(of('PKH'), (e) => asOf.getTime() - e.startDate.getTime() > 5 * YEAR_MS);
    expect(longRunning).toBeGreaterThan(0.25);
    expect(longRunning).toBeLessThan(0.6);
    expect(of('PKH').some((e) => e.status === 'ACTIVE' && asOf.getTime() - e.startDate.getTime() > 5 * YEAR_MS)).toBe(true);
  });

  it('sets an end date exactly when an enrolment is not ACTIVE, between its start and asOf', () => {
    const statuses = new Set(regency.enrollments.map((e) => e.status));
    expect([...statuses].sort()).toEqual(['ACTIVE', 'GRADUATED', 'SUSPENDED', 'TERMINATED']);
    expect(share(regency.enrollments, (e) => e.status === 'ACTIVE')).toBeGreaterThan(0.7);
    expect(
      offending(regency.enrollments, (e) =>
        e.status === 'ACTIVE'
          ? [e.endDate !== null && `ACTIVE with end date ${e.endDate.toISOString()}`]
          : [
              e.endDate === null && `${e.status} without an end date`,
              e.endDate !== null &&
                (e.endDate.getTime() < e.startDate.getTime() || e.endDate.getTime() > asOf.getTime()) &&
                `${e.status} ends ${e.endDate.toISOString()}, starts ${e.startDate.toISOString()}`,
            ],
      ),
    ).toEqual([]);
  });

  it('covers many people of poor households with PBI-JK', () => {
    const insured = new Set(of('PBI_JK').map((e) => e.personId));
    const poor = regency.persons.filter((p) => (households.get(p.householdId!)!.desil ?? 99) <= 4);
    expect(share(poor, (p) => insured.has(p._id))).toBeGreaterThan(0.4);
  });

  it('sends only children aged 13-18, nearly all of desil 1-2, to Sekolah Rakyat', () => {
    expect(of('SEKOLAH_RAKYAT').length).toBeGreaterThan(0);
    for (const e of of('SEKOLAH_RAKYAT')) {
      const a = age(persons.get(e.personId!)!);
      expect(a).toBeGreaterThanOrEqual(13);
      expect(a).toBeLessThanOrEqual(18);
    }
    expect(share(of('SEKOLAH_RAKYAT'), (e) => households.get(e.householdId)!.desil! <= 2)).toBeGreaterThan(0.9);
  });

  it('gives ATENSI to people with a disability and business capital to working-age adults', () => {
    expect(of('ATENSI').length).toBeGreaterThan(0);
    for (const e of of('ATENSI')) expect(persons.get(e.personId!)!.disability).not.toBeNull();
    expect(of('PERMODALAN_USAHA').length).toBeGreaterThan(0);
    for (const e of of('PERMODALAN_USAHA')) expect(age(persons.get(e.personId!)!)).toBeGreaterThanOrEqual(18);
  });

  it('ends a deceased person’s own enrolments at death rather than leaving them ACTIVE', () => {
    for (const e of regency.enrollments) {
      const p = e.personId ? persons.get(e.personId)! : null;
      if (!p?.isDeceased) continue;
      expect(e.status).toBe('TERMINATED');
      expect(e.endDate).toEqual(p.deathDate);
    }
  });
});

describe('enrolments of small regencies', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('include every programme at 50 families (seed %i)', (seed) => {
    const { enrollments } = generateRegency({ families: 50, seed });
    const codes = new Set(enrollments.map((e: EnrollmentRecord) => e.programmeCode));
    expect([...codes].sort()).toEqual(['ATENSI', 'BPNT', 'PBI_JK', 'PERMODALAN_USAHA', 'PKH', 'SEKOLAH_RAKYAT']);
  });
});
