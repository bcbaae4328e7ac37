import { AidIndex } from '../domain/aid';
import type { Chunk } from './chunk';
import { reconcile, type Evaluated } from './discrepancies';
import { recomputeHousehold, recomputePerson } from './golden';
import { householdFindings, personFindings, type Family } from './rules';
import { addId, removeId } from './source';
import type { EnrollmentWork, HouseholdWork, PersonWork } from './workingRecords';
import { byId } from '../domain/records';

/** The latest data date of everything the family's rules read (walked in place, no list of the dates). */
function refDateOf(h: HouseholdWork, members: readonly PersonWork[], enrollments: readonly EnrollmentWork[]): Date {
  let max = 0;
  const see = (d: Date | undefined) => {
    if (d && d.getTime() > max) max = d.getTime();
  };
  for (const o of Object.values(h.sources ?? {})) see(o?.asOf);
  for (const m of members) for (const o of Object.values(m.sources ?? {})) see(o?.asOf);
  for (const e of enrollments) see(e.source?.asOf);
  return new Date(max);
}

/**
 * After a chunk's rows are applied: recomputes the golden values of every
 * person whose observations changed (moving them between families when their
 * card changed), then re-evaluates every touched family as a whole: golden
 * household, members' desa, aid tokens, enrolments' area, and the
 * discrepancies of the family and of each member.
 */
export async function recomputeFamilies(chunk: Chunk): Promise<void> {
  const moves: [PersonWork, string | null][] = [];
  for (const id of [...chunk.touchedPersons].sort()) {
    const p = chunk.persons.need(id);
    const before = p.householdId ?? null;
    recomputePerson(p);
    if (before !== p.householdId) moves.push([p, before]);
    if (p.householdId) chunk.touchedHouseholds.add(p.householdId);
  }
  await chunk.households.load(moves.flatMap(([p, before]) => [p.householdId, before]));
  for (const [p, before] of moves) {
    const old = chunk.households.get(before);
    if (old) {
      old.memberIds = removeId(old.memberIds, p._id);
      chunk.touchedHouseholds.add(old._id);
    }
    const now = chunk.households.need(p.householdId!);
    now.memberIds = addId(now.memberIds, p._id);
  }

  const householdIds = [...chunk.touchedHouseholds].sort();
  await chunk.households.load(householdIds);
  const households = householdIds.map((id) => chunk.households.need(id));
  await chunk.persons.load(households.flatMap((h) => h.memberIds ?? []));
  const membersOf = (h: HouseholdWork) => (h.memberIds ?? []).map((id) => chunk.persons.need(id));
  await chunk.enrollments.load(households.flatMap((h) => [...(h.enrollmentIds ?? []), ...membersOf(h).flatMap((m) => m.enrollmentIds ?? [])]));

  const evaluated: Evaluated[] = [];
  for (const h of households) {
    const members = membersOf(h).sort(byId);
    recomputeHousehold(h, members);
    const enrollments: EnrollmentWork[] = [];
    for (const id of h.enrollmentIds ?? []) enrollments.push(chunk.enrollments.need(id));
    for (const m of members) {
      m.desaCode = h.desaCode;
      m.kecamatanCode = h.kecamatanCode;
      m.householdDesil = h.desil ?? null;
      m.provenance = { ...m.provenance, desa: h.provenance!.desa! };
      for (const id of m.enrollmentIds ?? []) {
        const e = chunk.enrollments.need(id);
        e.householdId = h._id;
        enrollments.push(e);
      }
    }
    for (const e of enrollments) {
      e.desaCode = h.desaCode;
      e.kecamatanCode = h.kecamatanCode;
    }
    const aid = new AidIndex(enrollments);
    h.aid = aid.household(h._id);
    for (const m of members) m.aid = aid.person(m._id, h._id);
    const family: Family = { household: h, members, enrollments: enrollments.sort(byId), programmes: chunk.run.programmes, refDate: refDateOf(h, members, enrollments) };
    evaluated.push({ owner: h, findings: householdFindings(family) });
    for (const m of members) evaluated.push({ owner: m, findings: personFindings(m, family) });
  }
  await reconcile(chunk, evaluated);
}
