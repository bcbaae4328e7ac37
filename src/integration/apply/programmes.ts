import type { DataSource, SourceStamp } from '../../domain/provenance';
import type { ProgrammeCode } from '../../domain/records';
import type { Chunk } from '../chunk';
import { RowRejected, type Fields } from '../fields';
import { isValidNik, linkKey, linkPerson, loadLinked, loadMembers, needsFamily, type IdentityClaim } from '../linkage';
import { addId, outcomeOf, removeId, type Outcome, type SourceSpec } from '../source';
import { parseProgrammeRow, PROGRAMME_COLUMNS, type ProgrammeRow } from '../sources/rosters';
import { PROGRAMME } from '../vocabulary';
import type { EnrollmentWork } from '../workingRecords';

const claimOf = (r: ProgrammeRow): IdentityClaim => ({ nik: r.nik, fullName: r.fullName, birthDate: r.birthDate, asOf: r.asOf });

/** Moves an enrolment out of the id list of the record that held it. */
function detach(chunk: Chunk, e: EnrollmentWork): void {
  if (e.personId) {
    const p = chunk.persons.get(e.personId);
    if (p) p.enrollmentIds = removeId(p.enrollmentIds, e._id);
  } else {
    const h = chunk.households.get(e.householdId);
    if (h) h.enrollmentIds = removeId(h.enrollmentIds, e._id);
  }
  chunk.touchedHouseholds.add(e.householdId);
}

/**
 * A programme roster: one enrolment per row, keyed by the roster's own id.
 * Household-level programmes (PKH, BPNT) attach to the family of the row's
 * card and name the member who receives the aid; person-level ones attach to
 * the person of the NIK (found by name and birth date in the card's family
 * when the NIK is wrong).
 */
export function programmeRoster(programme: ProgrammeCode, name: string, dataSource: DataSource): SourceSpec<ProgrammeRow> {
  const label = PROGRAMME.label[programme];
  const clusterKeys = (r: ProgrammeRow) => [linkKey.enrolment(programme, r.externalId), linkKey.nik(r.nik), ...(r.kkNumber ? [linkKey.kk(r.kkNumber)] : [])];
  return {
    name,
    dataSource,
    format: 'csv',
    description: `a ${label} roster (CSV, one row per enrolment)`,
    columns: PROGRAMME_COLUMNS,
    parse: (f: Fields) => parseProgrammeRow(f),
    sniff: (row) => (row.programme === programme ? null : `its first row is a ${PROGRAMME.label[row.programme]} enrolment, not ${label}`),

    clusterKeys,

    async prefetch(rows, chunk) {
      await loadLinked(chunk, rows.flatMap(clusterKeys));
      const held = rows.map((r) => chunk.enrollments.get(chunk.link(linkKey.enrolment(programme, r.externalId)))).filter((e) => e !== undefined);
      await chunk.persons.load(held.map((e) => e.personId));
      const byNik = rows.map((r) => chunk.persons.get(chunk.link(linkKey.nik(r.nik))));
      await chunk.households.load([...held.map((e) => e.householdId), ...byNik.map((p) => p?.householdId)]);
      const unlinked = rows.filter((r) => needsFamily(chunk, claimOf(r)) && r.kkNumber);
      await loadMembers(
        chunk,
        unlinked.map((r) => chunk.link(linkKey.kk(r.kkNumber!))),
      );
    },

    apply(row: ProgrammeRow, stamp: SourceStamp, chunk: Chunk): Outcome {
      if (row.programme !== programme) throw new RowRejected(`column program: ${PROGRAMME.label[row.programme]} in a ${label} roster`);
      const key = linkKey.enrolment(programme, row.externalId);
      const held = chunk.enrollments.get(chunk.link(key));
      const outcome = outcomeOf(dataSource, held?.source, stamp);
      if (outcome === 'unchanged') return outcome;

      const level = chunk.run.programmes.get(programme)?.level ?? 'PERSON';
      const familyByCard = row.kkNumber ? chunk.link(linkKey.kk(row.kkNumber)) : undefined;
      const { personId, nikOwnerId } = linkPerson(chunk, claimOf(row), familyByCard);
      const person = chunk.persons.get(personId);
      if (level === 'PERSON' && !person) {
        const why = isValidNik(row.nik, row.asOf) ? `NIK ${row.nik} matches no person known to the hub` : `NIK "${row.nik}" is invalid`;
        throw new RowRejected(`${why}, and no member of family card ${row.kkNumber ?? '(none given)'} has this name and birth date`);
      }
      const householdId = level === 'HOUSEHOLD' ? (familyByCard ?? person?.householdId) : (person?.householdId ?? familyByCard);
      const household = chunk.households.get(householdId);
      if (!householdId || !household) throw new RowRejected(`family card ${row.kkNumber ?? '(none given)'} and NIK ${row.nik} match no family known to the hub`);

      const id = held?._id ?? chunk.ids.next('E');
      chunk.setLink(key, id);
      if (held) detach(chunk, held);
      const doc: EnrollmentWork = {
        _id: id,
        programmeCode: programme,
        householdId,
        personId: level === 'PERSON' ? person!._id : null,
        recipientId: level === 'HOUSEHOLD' ? (person?._id ?? null) : null,
        startDate: row.startDate,
        endDate: row.endDate,
        status: row.status,
        components: row.components,
        desaCode: household.desaCode ?? held?.desaCode ?? '',
        kecamatanCode: household.kecamatanCode ?? held?.kecamatanCode ?? '',
        source: { source: dataSource, externalId: row.externalId, nik: row.nik, fullName: row.fullName, birthDate: row.birthDate, nikOwnerId, ...stamp },
      };
      chunk.enrollments.put(doc);
      if (level === 'PERSON') person!.enrollmentIds = addId(person!.enrollmentIds, id);
      else household.enrollmentIds = addId(household.enrollmentIds, id);
      chunk.touchedHouseholds.add(householdId);
      return outcome;
    },
  };
}
