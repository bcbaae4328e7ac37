import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

const persons = new Map(regency.persons.map((p) => [p._id, p]));
const households = new Map(regency.households.map((h) => [h._id, h]));

describe('from a training to the families of its participants', () => {
  const QUERY = `query($id: ID!) { training(id: $id) { id participants(first: 100) { totalCount edges { node { id status
    person { id fullName household { id kkNumber head { id } desa { code } } } } } } } }`;

  it('follows training -> participants -> person -> household to what the rosters and the registry hold', async () => {
    // One training of each category.
    for (const t of [...new Map(regency.trainings.map((x) => [x.category, x])).values()]) {
      const { body } = await hub.post(QUERY, { id: t._id });
      expect(body.errors).toBeUndefined();
      const expected = regency.participations
        .filter((tp) => tp.trainingId === t._id)
        .sort((a, b) => (a._id < b._id ? -1 : 1))
        .map((tp) => {
          const p = persons.get(tp.personId)!;
          const h = households.get(p.householdId!)!;
          return {
            id: tp._id,
            status: tp.status,
            person: { id: p._id, fullName: p.fullName, household: { id: h._id, kkNumber: h.kkNumber, head: { id: h.headId }, desa: { code: h.desaCode } } },
          };
        });
      expect(body.data.training.participants.totalCount).toBe(expected.length);
      expect(body.data.training.participants.edges.map((e: any) => e.node)).toEqual(expected);
    }
  });

  it('comes back the same way: household -> members -> trainings names the training', async () => {
    const tp = regency.participations[0]!;
    const householdId = persons.get(tp.personId)!.householdId!;
    const { body } = await hub.post('query($id: ID!) { household(id: $id) { members { id trainings { id training { id } } } } }', { id: householdId });
    expect(body.errors).toBeUndefined();
    const member = body.data.household.members.find((m: any) => m.id === tp.personId);
    expect(member.trainings).toContainEqual({ id: tp._id, training: { id: tp.trainingId } });
    for (const m of body.data.household.members) {
      const expected = regency.participations
        .filter((x) => x.personId === m.id)
        .map((x) => x._id)
        .sort();
      expect(m.trainings.map((x: any) => x.id)).toEqual(expected);
    }
  });

  it('pages participants and their people together: three at a time, every participant once, each with their family', async () => {
    const t = [...regency.trainings].sort((a, b) => b.quota - a.quota)[0]!;
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const { body } = await hub.post(
        'query($id: ID!, $after: String) { training(id: $id) { participants(first: 3, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id person { id household { id } } } } } } }',
        { id: t._id, after },
      );
      const page = body.data.training.participants;
      for (const { node } of page.edges) {
        seen.push(node.id);
        expect(node.person.household.id).toBe(persons.get(node.person.id)!.householdId);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(
      regency.participations
        .filter((tp) => tp.trainingId === t._id)
        .map((tp) => tp._id)
        .sort(),
    );
  });
});
