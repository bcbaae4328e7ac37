import type { RecordLineage } from '../../db/models/lineage';
import type { DataSource, SourceStamp } from '../../domain/provenance';
import type { Chunk } from '../chunk';
import { RowRejected, type Fields } from '../fields';
import type { IdSeries } from '../ids';
import { isValidNik, linkKey, linkPerson, loadLinked, type IdentityClaim } from '../linkage';
import { observe, outcomeOf, type Outcome, type SourceSpec } from '../source';
import {
  KARANG_TARUNA_COLUMNS,
  PARTICIPATION_COLUMNS,
  parseKarangTarunaRow,
  parseParticipationRow,
  parsePilarRow,
  parseTrainingRow,
  PILAR_COLUMNS,
  TRAINING_COLUMNS,
  type KarangTarunaRow,
  type ParticipationRow,
  type PilarRow,
  type TrainingRow,
} from '../sources/rosters';
import type { Tracked } from '../changeTracking';

/** The person a roster names by NIK (and name, to catch a NIK that belongs to someone else). */
function personNamed(chunk: Chunk, row: { nik: string; fullName: string; asOf: Date }): string {
  const claim: IdentityClaim = { nik: row.nik, fullName: row.fullName, birthDate: null, asOf: row.asOf };
  const { personId } = linkPerson(chunk, claim, undefined);
  if (personId) return personId;
  if (!isValidNik(row.nik, row.asOf)) throw new RowRejected(`NIK "${row.nik}" is invalid`);
  const owner = chunk.link(linkKey.nik(row.nik));
  throw new RowRejected(owner ? `NIK ${row.nik} belongs to a person with another name` : `NIK ${row.nik} matches no person known to the hub`);
}

/**
 * A roster whose rows are whole records keyed by the roster's own id (trainings, pilar): a row
 * inserts the record it names or replaces it, stamped with its source.
 */
type KeyedRecord<Row> = Omit<Row, 'asOf' | 'externalId'> & { _id: string } & RecordLineage;

function keyedRecordRoster<Row extends { asOf: Date; externalId: string }>(spec: {
  name: string;
  dataSource: DataSource;
  description: string;
  columns: readonly string[];
  parse(f: Fields): Row;
  key(externalId: string): string;
  series: IdSeries;
  records(chunk: Chunk): Tracked<KeyedRecord<Row>>;
}): SourceSpec<Row> {
  const { key, series, records, ...source } = spec;
  return {
    ...source,
    format: 'csv',
    async prefetch(rows, chunk) {
      await loadLinked(
        chunk,
        rows.map((r) => key(r.externalId)),
      );
    },
    apply(row, stamp, chunk): Outcome {
      const link = key(row.externalId);
      const held = records(chunk).get(chunk.link(link));
      const outcome = outcomeOf(spec.dataSource, held?.source, stamp);
      if (outcome === 'unchanged') return outcome;
      const id = held?._id ?? chunk.ids.next(series);
      chunk.setLink(link, id);
      const { asOf: _asOf, externalId, ...record } = row;
      records(chunk).put({ _id: id, ...record, source: { source: spec.dataSource, externalId, ...stamp } });
      return outcome;
    },
  };
}

export const trainings = keyedRecordRoster<TrainingRow>({
  name: 'pelatihan',
  dataSource: 'ROSTER_PELATIHAN',
  description: 'a training roster (CSV, one row per training)',
  columns: TRAINING_COLUMNS,
  parse: parseTrainingRow,
  key: linkKey.training,
  series: 'T',
  records: (chunk) => chunk.trainings,
});

export const participations: SourceSpec<ParticipationRow> = {
  name: 'peserta-pelatihan',
  dataSource: 'ROSTER_PESERTA_PELATIHAN',
  format: 'csv',
  description: 'a training participant roster (CSV, one row per participant of a training)',
  columns: PARTICIPATION_COLUMNS,
  parse: (f: Fields) => parseParticipationRow(f),
  // The training is a global record (its roster is imported before): not a key of the participant's family.
  clusterKeys: (r) => [linkKey.participation(r.trainingExternalId, r.nik), linkKey.nik(r.nik)],
  async prefetch(rows, chunk) {
    await loadLinked(
      chunk,
      rows.flatMap((r) => [...participations.clusterKeys!(r), linkKey.training(r.trainingExternalId)]),
    );
  },
  apply(row, stamp, chunk): Outcome {
    const key = linkKey.participation(row.trainingExternalId, row.nik);
    const held = chunk.participations.get(chunk.link(key));
    const outcome = outcomeOf('ROSTER_PESERTA_PELATIHAN', held?.source, stamp);
    if (outcome === 'unchanged') return outcome;
    const trainingId = chunk.link(linkKey.training(row.trainingExternalId));
    if (!trainingId) throw new RowRejected(`training ${row.trainingExternalId} is not known to the hub (import its pelatihan roster first)`);
    const personId = personNamed(chunk, row);
    const id = held?._id ?? chunk.ids.next('TP');
    chunk.setLink(key, id);
    chunk.participations.put({
      _id: id,
      trainingId,
      personId,
      status: row.status,
      outcome: row.outcome,
      source: { source: 'ROSTER_PESERTA_PELATIHAN', externalId: `${row.trainingExternalId}/${row.nik}`, nik: row.nik, fullName: row.fullName, ...stamp },
    });
    return outcome;
  },
};

export const karangTaruna: SourceSpec<KarangTarunaRow> = {
  name: 'karang-taruna',
  dataSource: 'ROSTER_KARANG_TARUNA',
  format: 'csv',
  description: 'a Karang Taruna membership roster (CSV, one row per member)',
  columns: KARANG_TARUNA_COLUMNS,
  parse: (f: Fields) => parseKarangTarunaRow(f),
  clusterKeys: (r) => [linkKey.nik(r.nik)],
  async prefetch(rows, chunk) {
    await loadLinked(
      chunk,
      rows.flatMap((r) => karangTaruna.clusterKeys!(r)),
    );
  },
  apply(row, stamp: SourceStamp, chunk): Outcome {
    const person = chunk.persons.need(personNamed(chunk, row));
    const outcome = outcomeOf('ROSTER_KARANG_TARUNA', person.sources?.ROSTER_KARANG_TARUNA, stamp);
    if (outcome === 'unchanged') return outcome;
    observe(person, 'ROSTER_KARANG_TARUNA', { desaCode: row.desaCode, role: row.role, since: row.since, nik: row.nik, fullName: row.fullName }, stamp);
    chunk.touchedPersons.add(person._id);
    return outcome;
  },
};

export const pilar = keyedRecordRoster<PilarRow>({
  name: 'pilar',
  dataSource: 'ROSTER_PILAR',
  description: 'a pilar sosial roster (CSV, one row per pilar and assignment)',
  columns: PILAR_COLUMNS,
  parse: parsePilarRow,
  key: linkKey.pilar,
  series: 'PL',
  records: (chunk) => chunk.pilar,
});
