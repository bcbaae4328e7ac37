import type { EnrollmentRecord, PersonRecord } from '../../src/domain/records';
import { idsOf, scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

const byId = new Map(regency.persons.map((p) => [p._id, p]));
const programmeOf = new Map(regency.programmes.map((p) => [p._id, p]));
const membersOf = (householdId: string) => regency.persons.filter((p) => p.householdId === householdId);

/** A person's enrolments: their own, and the household-level ones of their family (Person.enrollments). */
function enrollmentsOf(p: PersonRecord): EnrollmentRecord[] {
  return regency.enrollments.filter((e) => e.personId === p._id || (e.personId === null && e.householdId === p.householdId));
}

/** People whose family holds a household-level enrolment and a member with one of their own: both kinds to follow. */
const travellers = regency.persons
  .filter((p) => {
    const family = regency.enrollments.filter((e) => e.householdId === p.householdId);
    return family.some((e) => e.personId === null) && family.some((e) => e.personId !== null);
  })
  .slice(0, 3);

describe('from a person to the programmes of their family', () => {
  const QUERY = `query($nik: String!) { person(nik: $nik) { id household { id head { id } members { id household { id } enrollments { id programme { code maxYears } } } } } }`;

  it('has people to follow: families with both household-level and personal enrolments', () => {
    expect(travellers.length).toBeGreaterThan(0);
  });

  it('follows person -> household -> members -> enrollments -> programme to what the rosters hold', async () => {
    for (const p of travellers) {
      const { body } = await hub.post(QUERY, { nik: p.nik });
      expect(body.errors).toBeUndefined();
      const household = regency.households.find((h) => h._id === p.householdId)!;
      const others = membersOf(household._id)
        .filter((m) => m._id !== household.headId)
        .map((m) => m._id)
        .sort();
      expect(body.data.person).toEqual({
        id: p._id,
        household: {
          id: household._id,
          head: { id: household.headId },
          members: [household.headId, ...others].map((id) => ({
            id,
            household: { id: household._id },
            enrollments: idsOf(enrollmentsOf(byId.get(id)!)).map((eid) => {
              const code = regency.enrollments.find((e) => e._id === eid)!.programmeCode;
              return { id: eid, programme: { code, maxYears: programmeOf.get(code)!.maxYears } };
            }),
          })),
        },
      });
    }
  });

  it('comes back the same way: enrollment -> household -> members holds the person, and a personal enrolment names them', async () => {
    const p = travellers[0]!;
    const own = regency.enrollments.find((e) => e.personId === p._id) ?? regency.enrollments.find((e) => e.personId !== null && e.householdId === p.householdId)!;
    const { body } = await hub.post(
      `{ enrollments(filter: { desaCode: "${own.desaCode}", programme: ${own.programmeCode} }, first: 100) { edges { node { id person { id household { id } } household { id members { id } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const node = body.data.enrollments.edges.map((e: any) => e.node).find((n: any) => n.id === own._id);
    expect(node.person).toEqual({ id: own.personId, household: { id: own.householdId } });
    expect(node.household.id).toBe(own.householdId);
    expect(node.household.members.map((m: any) => m.id)).toContain(p._id);
  });
});

describe('from a person to their trainings and back', () => {
  const trained = [...new Set(regency.participations.map((tp) => tp.personId))].slice(0, 3).map((id) => byId.get(id)!);

  it('follows person -> trainings -> training -> participants, where the person appears with their status', async () => {
    for (const p of trained) {
      const { body } = await hub.post(
        'query($id: ID!) { personById(id: $id) { trainings { id status outcome training { id participants(first: 100) { edges { node { id person { id } } } } } } } }',
        { id: p._id },
      );
      expect(body.errors).toBeUndefined();
      const mine = regency.participations.filter((tp) => tp.personId === p._id).sort((a, b) => (a._id < b._id ? -1 : 1));
      const trainings = body.data.personById.trainings;
      expect(trainings.map((t: any) => ({ id: t.id, status: t.status, outcome: t.outcome, training: t.training.id }))).toEqual(
        mine.map((tp) => ({ id: tp._id, status: tp.status, outcome: tp.outcome, training: tp.trainingId })),
      );
      for (const t of trainings) {
        expect(t.training.participants.edges.map((e: any) => e.node)).toContainEqual({ id: t.id, person: { id: p._id } });
      }
    }
  });
});
