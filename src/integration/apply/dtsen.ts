import type { SourceStamp } from '../../domain/provenance';
import type { Chunk } from '../chunk';
import type { Fields } from '../fields';
import { isValidNik, linkKey, linkPerson, loadLinked, loadMembers, needsFamily, type IdentityClaim } from '../linkage';
import { newHousehold, newPerson, observe, outcomeOf, type Outcome, type SourceSpec } from '../source';
import { DTSEN_COLUMNS, parseDtsen, type DtsenRow } from '../sources/dtsen';

const claimOf = (r: DtsenRow): IdentityClaim => ({ nik: r.nik, fullName: r.fullName, birthDate: r.birthDate, asOf: r.asOf });

const familyOf = (chunk: Chunk, r: DtsenRow): string | undefined => chunk.link(linkKey.dtsenFamily(r.family.familyId)) ?? chunk.link(linkKey.kk(r.family.kkNumber));

/**
 * DT-SEN: the welfare rank and socio-economic attributes of each family, and
 * its members as surveyed. A member is linked by its DT-SEN id once known,
 * else by NIK, else (a wrong or borrowed NIK) by name and birth date within
 * the family; a family by its DT-SEN id, else by any card it held.
 */
export const dtsen: SourceSpec<DtsenRow> = {
  name: 'dtsen',
  dataSource: 'DTSEN',
  format: 'csv',
  description: 'a DT-SEN extract (CSV, one row per family member)',
  columns: DTSEN_COLUMNS,
  parse: (f: Fields) => parseDtsen(f),

  clusterKeys: (r) => [linkKey.dtsenMember(r.memberId), linkKey.dtsenFamily(r.family.familyId), linkKey.kk(r.family.kkNumber), linkKey.nik(r.nik)],

  async prefetch(rows, chunk) {
    await loadLinked(
      chunk,
      rows.flatMap((r) => dtsen.clusterKeys!(r)),
    );
    const unlinked = rows.filter((r) => !chunk.link(linkKey.dtsenMember(r.memberId)) && needsFamily(chunk, claimOf(r)));
    await loadMembers(
      chunk,
      unlinked.map((r) => familyOf(chunk, r)),
    );
  },

  apply(row: DtsenRow, stamp: SourceStamp, chunk: Chunk): Outcome {
    let personId = chunk.link(linkKey.dtsenMember(row.memberId));
    const outcome = outcomeOf('DTSEN', chunk.persons.get(personId)?.sources?.DTSEN, stamp);
    if (outcome === 'unchanged') return outcome;

    const f = row.family;
    let householdId = familyOf(chunk, row);
    if (!householdId) householdId = chunk.households.put(newHousehold(chunk.ids.next('H')))._id;
    chunk.setLink(linkKey.dtsenFamily(f.familyId), householdId);
    if (!chunk.link(linkKey.kk(f.kkNumber))) chunk.setLink(linkKey.kk(f.kkNumber), householdId);
    const household = chunk.households.need(householdId);

    const valid = isValidNik(row.nik, row.asOf);
    let nikOwnerId: string | null;
    if (personId) {
      const owner = valid ? chunk.link(linkKey.nik(row.nik)) : undefined;
      nikOwnerId = owner && owner !== personId ? owner : null;
    } else {
      const link = linkPerson(chunk, claimOf(row), householdId);
      personId = link.personId;
      nikOwnerId = link.nikOwnerId;
    }
    if (!personId) {
      personId = chunk.persons.put(newPerson(chunk.ids.next('P')))._id;
      if (valid && !chunk.link(linkKey.nik(row.nik))) chunk.setLink(linkKey.nik(row.nik), personId);
    }
    chunk.setLink(linkKey.dtsenMember(row.memberId), personId);
    const person = chunk.persons.need(personId);

    const { asOf: _asOf, family: _family, ...member } = row;
    observe(person, 'DTSEN', { ...member, nikOwnerId, familyId: f.familyId, kkNumber: f.kkNumber, householdId }, stamp);
    // Until the head's row arrives, the first member seen stands in: a family needs a head to be stored.
    const previousHead = (household.sources?.DTSEN?.headPersonId as string | null | undefined) ?? null;
    const headPersonId = row.relationship === 'HEAD' ? personId : (previousHead ?? personId);
    if (observe(household, 'DTSEN', { ...f, headPersonId }, stamp)) chunk.touchedHouseholds.add(householdId);
    chunk.touchedPersons.add(personId);
    chunk.touchedHouseholds.add(householdId);
    return outcome;
  },
};
