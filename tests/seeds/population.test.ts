import { ageGroupOf } from '../../src/domain/age';
import { nikAttributeMismatch, parseKk, parseNik } from '../../src/identifiers';
import { regionReference } from '../../src/reference/regions';
import { asOf, lookups, offending, regencyOf, share } from './fixtures';

const regency = regencyOf('demo');
const { persons, households } = regency;
const { age, members } = lookups(regency);

describe('the demo regency (2000 families)', () => {
  it('has 2000 households spread over every one of the 206 desa, each in its own kecamatan', () => {
    const desas = regionReference().desas;
    expect(desas).toHaveLength(206);
    expect(households).toHaveLength(2000);
    const covered = new Set(households.map((h) => h.desaCode));
    expect(covered.size).toBe(206);
    const kecamatanOf = new Map(desas.map((d) => [d.code, d.kecamatanCode]));
    expect(offending(households, (h) => [h.kecamatanCode !== kecamatanOf.get(h.desaCode) && `kecamatan ${h.kecamatanCode} for desa ${h.desaCode}`])).toEqual([]);
  });

  it('has families of 1 to 8 members averaging 3.0-3.5, with singles and large families both present', () => {
    const sizes = households.map((h) => h.memberCount);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(7);
    const mean = persons.length / households.length;
    expect(mean).toBeGreaterThanOrEqual(3.0);
    expect(mean).toBeLessThanOrEqual(3.5);
  });

  it('follows the rural age pyramid: ~22% children, ~24% youth, ~40% adults, ~14% elders', () => {
    const groups = persons.map((p) => ageGroupOf(age(p)));
    const of = (g: string) => share(groups, (x) => x === g);
    expect(of('CHILD')).toBeGreaterThan(0.18);
    expect(of('CHILD')).toBeLessThan(0.26);
    expect(of('YOUTH')).toBeGreaterThan(0.2);
    expect(of('YOUTH')).toBeLessThan(0.28);
    expect(of('ADULT')).toBeGreaterThan(0.35);
    expect(of('ADULT')).toBeLessThan(0.45);
    expect(of('ELDER')).toBeGreaterThan(0.1);
    expect(of('ELDER')).toBeLessThan(0.18);
    expect(Math.max(...persons.map(age))).toBeLessThanOrEqual(95);
  });

  it('gives every household exactly one HEAD, the one headId points at, and counts its members', () => {
    const { persons: byId } = lookups(regency);
    expect(
      offending(households, (h) => {
        const list = members.get(h._id) ?? [];
        const heads = list.filter((p) => p.relationship === 'HEAD').map((p) => p._id);
        return [
          list.length !== h.memberCount && `${list.length} members, memberCount ${h.memberCount}`,
          (heads.length !== 1 || heads[0] !== h.headId) && `heads ${heads.join(',')}, headId ${h.headId}`,
          byId.get(h.headId)?.householdId !== h._id && `head ${h.headId} belongs elsewhere`,
        ];
      }),
    ).toEqual([]);
  });

  it('copies the household’s desa and kecamatan onto each member', () => {
    const { households: byId } = lookups(regency);
    expect(
      offending(persons, (p) => {
        const h = byId.get(p.householdId!)!;
        return [(p.desaCode !== h.desaCode || p.kecamatanCode !== h.kecamatanCode) && `${p.desaCode}/${p.kecamatanCode}, household ${h.desaCode}/${h.kecamatanCode}`];
      }),
    ).toEqual([]);
  });

  it('gives every person a valid NIK, unique in the regency, encoding their birth date, sex and kecamatan', () => {
    const seen = new Set<string>();
    const wrong = offending(persons, (p) => {
      seen.add(p.nik);
      const parsed = parseNik(p.nik, { referenceDate: asOf });
      if (!parsed.ok) return [`NIK ${p.nik}: ${parsed.reason}`];
      const mismatches = nikAttributeMismatch(p.nik, p);
      return [
        parsed.birthDate.getTime() !== p.birthDate.getTime() && `NIK birth date ${parsed.birthDate.toISOString()}, birthDate ${p.birthDate.toISOString()}`,
        parsed.sex !== p.sex && `NIK sex ${parsed.sex}, sex ${p.sex}`,
        parsed.regionCode !== p.kecamatanCode && `NIK region ${parsed.regionCode}, kecamatan ${p.kecamatanCode}`,
        parsed.outsideRegency && 'NIK outside the regency',
        mismatches.length > 0 && `mismatches ${JSON.stringify(mismatches)}`,
      ];
    });
    expect(wrong).toEqual([]);
    expect(seen.size).toBe(persons.length);
  });

  it('gives every household a valid current KK of its kecamatan, issued after its youngest member was born', () => {
    const all = new Set<string>();
    const wrong = offending(households, (h) => {
      for (const entry of h.kkHistory) all.add(entry.kkNumber);
      const parsed = parseKk(h.kkNumber, { referenceDate: asOf });
      if (!parsed.ok) return [`KK ${h.kkNumber}: ${parsed.reason}`];
      const youngest = Math.max(...members.get(h._id)!.map((p) => p.birthDate.getTime()));
      const current = h.kkHistory.at(-1)!;
      return [
        parsed.regionCode !== h.kecamatanCode && `KK region ${parsed.regionCode}, kecamatan ${h.kecamatanCode}`,
        parsed.issueDate.getTime() > asOf.getTime() && `KK issued ${parsed.issueDate.toISOString()}, after asOf`,
        parsed.issueDate.getTime() <= youngest && `KK issued ${parsed.issueDate.toISOString()}, before its youngest member was born`,
        (Object.keys(current).sort().join() !== 'from,kkNumber,to' ||
          current.kkNumber !== h.kkNumber ||
          current.from.getTime() !== parsed.issueDate.getTime() ||
          current.to !== null) &&
          `current history entry ${JSON.stringify(current)}`,
        ...h.kkHistory.map((entry) => !parseKk(entry.kkNumber, { referenceDate: asOf }).ok && `history KK ${entry.kkNumber} invalid`),
      ];
    });
    expect(wrong).toEqual([]);
    expect(all.size).toBe(households.reduce((n, h) => n + h.kkHistory.length, 0));
  });

  it('keeps an older, closed KK for about 5% of families, ending the day the current one starts', () => {
    const withHistory = households.filter((h) => h.kkHistory.length > 1);
    expect(withHistory.length / households.length).toBeGreaterThan(0.025);
    expect(withHistory.length / households.length).toBeLessThan(0.08);
    for (const h of withHistory) {
      const [older, current] = h.kkHistory;
      expect(older!.to).toEqual(current!.from);
      expect(older!.from.getTime()).toBeLessThan(current!.from.getTime());
    }
  });

  it('ranks households by desil, skewed poorer (desil 1-4 about 45%), with a few unranked', () => {
    const ranked = households.filter((h) => h.desil !== null);
    expect(ranked.length / households.length).toBeGreaterThan(0.97);
    expect(share(ranked, (h) => h.desil! <= 4)).toBeGreaterThan(0.4);
    expect(share(ranked, (h) => h.desil! <= 4)).toBeLessThan(0.52);
    for (let d = 1; d <= 10; d++) expect(share(ranked, (h) => h.desil === d)).toBeGreaterThan(0.05);
  });

  it('gives poorer households poorer housing and fewer assets', () => {
    const poor = households.filter((h) => h.desil !== null && h.desil <= 2);
    const rich = households.filter((h) => h.desil !== null && h.desil >= 9);
    const meanAssets = (hs: typeof households) => hs.reduce((n, h) => n + h.assets.length, 0) / hs.length;
    expect(meanAssets(poor) + 1).toBeLessThan(meanAssets(rich));
    expect(share(poor, (h) => h.housing.floor === 'EARTH')).toBeGreaterThan(share(rich, (h) => h.housing.floor === 'EARTH') + 0.1);
    expect(share(poor, (h) => h.housing.electricityVa <= 450)).toBeGreaterThan(share(rich, (h) => h.housing.electricityVa <= 450) + 0.3);
    expect(share(rich, (h) => h.assets.includes('CAR'))).toBeGreaterThan(share(poor, (h) => h.assets.includes('CAR')));
  });

  it('has 2-3% people with a disability, some of them severe', () => {
    expect(share(persons, (p) => p.disability !== null)).toBeGreaterThan(0.015);
    expect(share(persons, (p) => p.disability !== null)).toBeLessThan(0.035);
    expect(persons.some((p) => p.disability?.severity === 'SEVERE')).toBe(true);
  });

  it('has a few pregnant women, all married, alive and aged 18-42', () => {
    const pregnant = persons.filter((p) => p.pregnant);
    expect(pregnant.length).toBeGreaterThan(5);
    for (const p of pregnant) {
      expect(p.sex).toBe('FEMALE');
      expect(p.maritalStatus).toBe('MARRIED');
      expect(p.isDeceased).toBe(false);
      expect(age(p)).toBeGreaterThanOrEqual(18);
      expect(age(p)).toBeLessThanOrEqual(42);
    }
  });

  it('has about 0.5% deceased, each with a death date between birth and asOf, and no death date for the living', () => {
    const deceased = persons.filter((p) => p.isDeceased);
    expect(deceased.length / persons.length).toBeGreaterThan(0.001);
    expect(deceased.length / persons.length).toBeLessThan(0.012);
    for (const p of deceased) {
      expect(p.deathDate!.getTime()).toBeGreaterThan(p.birthDate.getTime());
      expect(p.deathDate!.getTime()).toBeLessThanOrEqual(asOf.getTime());
    }
    expect(persons.filter((p) => !p.isDeceased).every((p) => p.deathDate === null)).toBe(true);
  });

  it('gives most adults an 08 phone number and no child under 15 one', () => {
    const adults = persons.filter((p) => age(p) >= 18);
    expect(share(adults, (p) => p.phone !== null)).toBeGreaterThan(0.65);
    expect(offending(persons, (p) => [p.phone !== null && !/^08\d{9,11}$/.test(p.phone) && `phone ${p.phone}`])).toEqual([]);
    expect(persons.filter((p) => age(p) < 15).every((p) => p.phone === null)).toBe(true);
  });

  it('records plausible marital status, education and occupation for age', () => {
    expect(
      offending(persons, (p) => {
        const a = age(p);
        return [
          p.relationship === 'SPOUSE' && p.maritalStatus !== 'MARRIED' && `spouse ${p.maritalStatus}`,
          a < 18 && p.maritalStatus !== 'SINGLE' && `${a} years old, ${p.maritalStatus}`,
          a < 13 && p.education !== 'NONE' && `${a} years old, education ${p.education}`,
          a < 22 && (p.education === 'BACHELOR' || p.education === 'POSTGRADUATE') && `${a} years old, education ${p.education}`,
          a >= 7 && a <= 15 && p.occupation !== 'PELAJAR' && `${a} years old, occupation ${p.occupation}`,
        ];
      }),
    ).toEqual([]);
    const occupations = new Set(persons.map((p) => p.occupation));
    for (const o of ['PETANI', 'BURUH TANI', 'PEDAGANG', 'WIRASWASTA', 'IBU RUMAH TANGGA', 'PELAJAR', 'TIDAK BEKERJA']) expect(occupations).toContain(o);
  });

  it('keeps every birth date a UTC midnight before asOf', () => {
    expect(
      offending(persons, (p) => [
        (p.birthDate.getUTCHours() !== 0 || p.birthDate.getUTCMinutes() !== 0 || p.birthDate.getUTCSeconds() !== 0) && `birth date ${p.birthDate.toISOString()} not a UTC midnight`,
        p.birthDate.getTime() >= asOf.getTime() && `birth date ${p.birthDate.toISOString()} not before asOf`,
      ]),
    ).toEqual([]);
  });
});
