import type { EnrollmentRecord, PersonRecord } from '../../src/domain/records';
import {
  completedYears,
  countBy,
  cursorFromList,
  expectBadInput,
  expectFirstZeroHasNextPage,
  expectForeignCursorRefused,
  idsOf,
  isoDay,
  itPagesLikeAConnection,
  PAGE_FIELDS,
  scenarioRegency,
  walkPages,
  type PagedList,
  type PagingSubject,
} from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

const KEBONSARI = '35.19.01';

const PERSONS: PagedList = {
  query: `query($filter: PersonFilter, $first: Int, $after: String) { persons(filter: $filter, first: $first, after: $after) { ${PAGE_FIELDS} } }`,
  connection: (data) => data.persons,
};

/** Who benefits from an ACTIVE enrolment: in their own name, or through a household-level one of their family. */
function activeProgrammesOf(p: PersonRecord, enrollments: readonly EnrollmentRecord[]): Set<string> {
  return new Set(
    enrollments.filter((e) => e.status === 'ACTIVE' && (e.personId === p._id || (e.personId === null && e.householdId === p.householdId))).map((e) => e.programmeCode),
  );
}

/** The desa holding the most people: a desa filter with something to find. */
function busiestDesa(persons: readonly PersonRecord[]): string {
  const counts = countBy(persons, (p) => p.desaCode);
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

describe('person(nik) and personById(id)', () => {
  const PERSON_FIELDS = `id nik fullName sex birthDate birthPlace age ageGroup phone relationship maritalStatus education occupation
    disability { type severity } hasDisability pregnant receivesAid isDeceased deathDate desa { code } household { id }`;

  function expectedPerson(p: PersonRecord) {
    const age = completedYears(p.birthDate, new Date());
    return {
      id: p._id,
      nik: p.nik,
      fullName: p.fullName,
      sex: p.sex,
      birthDate: isoDay(p.birthDate),
      birthPlace: p.birthPlace,
      age,
      ageGroup: age < 15 ? 'CHILD' : age <= 30 ? 'YOUTH' : age < 60 ? 'ADULT' : 'ELDER',
      phone: p.phone,
      relationship: p.relationship,
      maritalStatus: p.maritalStatus,
      education: p.education,
      occupation: p.occupation,
      disability: p.disability,
      hasDisability: p.disability !== null,
      pregnant: p.pregnant,
      receivesAid: activeProgrammesOf(p, regency.enrollments).size > 0,
      isDeceased: p.isDeceased,
      deathDate: isoDay(p.deathDate),
      desa: { code: p.desaCode },
      household: { id: p.householdId },
    };
  }

  /** A spread of people: with and without disability, aid, death, phone. */
  function samplePeople(): PersonRecord[] {
    const ps = regency.persons;
    const picks = [
      ps[0]!,
      ps.find((p) => p.disability !== null)!,
      ps.find((p) => p.isDeceased)!,
      ps.find((p) => activeProgrammesOf(p, regency.enrollments).size > 0)!,
      ps.find((p) => activeProgrammesOf(p, regency.enrollments).size === 0 && !p.isDeceased)!,
      ps.find((p) => p.phone === null)!,
      ps[ps.length - 1]!,
    ];
    for (const p of picks) expect(p).toBeDefined();
    return picks;
  }

  it('finds a person by NIK with every field as the civil registry extract gave it', async () => {
    for (const p of samplePeople()) {
      const { body } = await hub.post(`query($nik: String!) { person(nik: $nik) { ${PERSON_FIELDS} } }`, { nik: p.nik });
      expect(body.errors).toBeUndefined();
      expect(body.data.person).toEqual(expectedPerson(p));
    }
  });

  it('finds the same person by the hub id', async () => {
    for (const p of samplePeople()) {
      const { body } = await hub.post(`query($id: ID!) { personById(id: $id) { ${PERSON_FIELDS} } }`, { id: p._id });
      expect(body.errors).toBeUndefined();
      expect(body.data.personById).toEqual(expectedPerson(p));
    }
  });

  it('gives every person on a page their age in full years today and the docs/domain.md age group of that age', async () => {
    const { body } = await hub.post('{ persons(first: 100) { edges { node { id age ageGroup } } } }');
    const now = new Date();
    const byId = new Map(regency.persons.map((p) => [p._id, p]));
    const groups = new Set<string>();
    for (const { node } of body.data.persons.edges) {
      const age = completedYears(byId.get(node.id)!.birthDate, now);
      const group = age <= 14 ? 'CHILD' : age <= 30 ? 'YOUTH' : age <= 59 ? 'ADULT' : 'ELDER';
      expect(node).toEqual({ id: node.id, age, ageGroup: group });
      groups.add(group);
    }
    expect(groups.size).toBe(4);
  });

  it('answers null for a well-formed NIK and a well-formed id that nobody has', async () => {
    const nik = '3519015501900999';
    expect(regency.persons.some((p) => p.nik === nik)).toBe(false);
    const { body } = await hub.post('query($nik: String!) { person(nik: $nik) { id } personById(id: "P9999999") { id } }', { nik });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ person: null, personById: null });
  });

  it.each(['123', '35190155019000011', '351901550190000A', '', '{"$gt": ""}'])('refuses the malformed NIK %p with BAD_USER_INPUT naming nik', async (nik) => {
    const { body } = await hub.post('query($nik: String!) { person(nik: $nik) { id } }', { nik });
    expect(body.data.person).toBeNull();
    expectBadInput(body, 'nik');
  });

  it.each(['1', 'P123', 'H0000001', 'p0000001'])('refuses the malformed person id %p with BAD_USER_INPUT naming id', async (id) => {
    const { body } = await hub.post('query($id: ID!) { personById(id: $id) { id } }', { id });
    expect(body.data.personById).toBeNull();
    expectBadInput(body, 'id');
  });
});

describe('persons(filter)', () => {
  type Case = [string, Record<string, unknown>, (p: PersonRecord, now: Date) => boolean];
  const age = (p: PersonRecord, now: Date) => completedYears(p.birthDate, now);
  const desa = busiestDesa(regency.persons);
  const active = (code: string) => (p: PersonRecord) => activeProgrammesOf(p, regency.enrollments).has(code);
  const plain: Case[] = [
    ['no filter', {}, () => true],
    ['kecamatanCode Kebonsari', { kecamatanCode: KEBONSARI }, (p) => p.kecamatanCode === KEBONSARI],
    [`desaCode ${desa}`, { desaCode: desa }, (p) => p.desaCode === desa],
    ['ageMin 60 (elders)', { ageMin: 60 }, (p, now) => age(p, now) >= 60],
    ['ageMax 14 (children)', { ageMax: 14 }, (p, now) => age(p, now) <= 14],
    ['ageMin 15 and ageMax 30 (youth)', { ageMin: 15, ageMax: 30 }, (p, now) => age(p, now) >= 15 && age(p, now) <= 30],
    ['ageMin = ageMax = 40 (one year of birth)', { ageMin: 40, ageMax: 40 }, (p, now) => age(p, now) === 40],
    ['ageMin 0 (everyone)', { ageMin: 0 }, () => true],
    ['sex FEMALE', { sex: 'FEMALE' }, (p) => p.sex === 'FEMALE'],
    ['sex MALE', { sex: 'MALE' }, (p) => p.sex === 'MALE'],
    ['hasDisability true', { hasDisability: true }, (p) => p.disability !== null],
    ['hasDisability false', { hasDisability: false }, (p) => p.disability === null],
    [
      'all conditions but programme at once: women 18-59 in Kebonsari without disability',
      { kecamatanCode: KEBONSARI, ageMin: 18, ageMax: 59, sex: 'FEMALE', hasDisability: false },
      (p, now) => p.kecamatanCode === KEBONSARI && age(p, now) >= 18 && age(p, now) <= 59 && p.sex === 'FEMALE' && p.disability === null,
    ],
    ['desaCode with kecamatanCode of another kecamatan (nobody)', { desaCode: desa, kecamatanCode: desa.startsWith(KEBONSARI) ? '35.19.02' : KEBONSARI }, () => false],
  ];
  const byProgramme: Case[] = [
    ...(['PKH', 'BPNT', 'PBI_JK', 'SEKOLAH_RAKYAT', 'PERMODALAN_USAHA', 'ATENSI'] as const).map((code): Case => [
      `programme ${code} (ACTIVE, own or through the household)`,
      { programme: code },
      active(code),
    ]),
    [
      'every condition at once: women 18-59 in Kebonsari without disability in PBI_JK',
      { kecamatanCode: KEBONSARI, ageMin: 18, ageMax: 59, sex: 'FEMALE', hasDisability: false, programme: 'PBI_JK' },
      (p, now) => p.kecamatanCode === KEBONSARI && age(p, now) >= 18 && age(p, now) <= 59 && p.sex === 'FEMALE' && p.disability === null && active('PBI_JK')(p),
    ],
  ];

  it('has the generated regency to filter: people in every age group, of both sexes, with and without disability and aid', () => {
    const now = new Date();
    for (const [name, , keep] of [...plain.slice(1, -1), ...byProgramme]) {
      expect({ name, some: regency.persons.some((p) => keep(p, now)) }).toEqual({ name, some: true });
    }
  });

  /** Every matching id when there are a few hundred; for the big sets (most of the regency) the first page and the total. */
  async function expectFilter(filter: Record<string, unknown>, keep: (p: PersonRecord, now: Date) => boolean): Promise<void> {
    const now = new Date();
    const expected = idsOf(regency.persons.filter((p) => keep(p, now)));
    if (expected.length <= 300) {
      const { ids, pages } = await walkPages(hub, PERSONS, { filter }, 100);
      expect(ids).toEqual(expected);
      expect(pages[0]!.totalCount).toBe(expected.length);
      return;
    }
    const first = (await hub.post(PERSONS.query, { filter, first: 100 })).body.data.persons;
    expect(first.totalCount).toBe(expected.length);
    expect(first.edges.map((e: any) => e.node.id)).toEqual(expected.slice(0, 100));
  }

  it.each(plain)('%s answers exactly the people the generated regency holds for it', (_name, filter, keep) => expectFilter(filter, keep));

  it.each(byProgramme)('%s answers exactly the people the generated regency holds for it', (_name, filter, keep) => expectFilter(filter, keep));

  it.each([
    [{ kecamatanCode: '35.19.99' }, 'filter.kecamatanCode', 'does not exist'],
    [{ kecamatanCode: '3519.01' }, 'filter.kecamatanCode', 'is not a kecamatan code'],
    [{ kecamatanCode: '35.20.01' }, 'filter.kecamatanCode', 'is not a kecamatan code'],
    [{ desaCode: '35.19.01.2999' }, 'filter.desaCode', 'does not exist'],
    [{ desaCode: '35.19.01' }, 'filter.desaCode', 'is not a desa code'],
    [{ ageMin: -1 }, 'filter.ageMin', 'whole number'],
    [{ ageMax: 151 }, 'filter.ageMax', 'whole number'],
    [{ ageMin: 30, ageMax: 20 }, 'filter.ageMin', 'greater than'],
  ])('refuses the filter %j with BAD_USER_INPUT naming %s', async (filter, argument, why) => {
    const { body } = await hub.post(PERSONS.query, { filter, first: 10 });
    const error = expectBadInput(body, argument);
    expect(error.message).toContain(why);
    expect(error.extensions?.argument).toBe(argument);
  });

  it('refuses a sex or programme the schema does not know with BAD_USER_INPUT', async () => {
    for (const filter of [{ sex: 'OTHER' }, { programme: 'BLT' }]) {
      const { body } = await hub.post(PERSONS.query, { filter, first: 10 });
      expectBadInput(body);
    }
  });
});

describe('persons', () => {
  const subject = (): PagingSubject => ({
    hub,
    list: PERSONS,
    variables: { filter: { kecamatanCode: KEBONSARI } },
    expectedIds: idsOf(regency.persons.filter((p) => p.kecamatanCode === KEBONSARI)),
    emptyVariables: { filter: { ageMin: 150 } },
    foreignCursor: () => cursorFromList(hub, 'households'),
  });
  itPagesLikeAConnection('persons in Kebonsari', subject);

  it('refuses a cursor taken from the households list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('answers first: 0 on a non-empty list with hasNextPage true', () => expectFirstZeroHasNextPage(subject()));
});
