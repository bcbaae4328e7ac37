import { inList } from '../db/filters';
import { AidProposal, type AidProposalDoc, type ProposalStep } from '../db/models/aidProposal';
import { Household, type HouseholdDoc } from '../db/models/household';
import { Person, type PersonDoc } from '../db/models/person';
import { PROGRAMME } from '../integration/vocabulary';
import { csvField, type ExportKind, type ExportRecord } from './kind';

/*
 * Approved aid proposals for the national system (SIKS-NG): one CSV line per APPROVED proposal not yet exported, in id
 * order, in the vocabulary of the hub's own rosters (docs/formats/aid-proposals.md). Read in batches of BATCH
 * proposals, their families and persons by `$in`, so the file is written in constant memory.
 */

export const AID_PROPOSAL_COLUMNS = [
  'id_usulan',
  'jenis_usulan',
  'program',
  'no_kk',
  'nik',
  'nama',
  'kode_kecamatan',
  'kode_desa',
  'aturan_tidak_terpenuhi',
  'alasan',
  'diajukan_oleh',
  'tanggal_diajukan',
  'diverifikasi_oleh',
  'tanggal_diverifikasi',
  'disetujui_oleh',
  'tanggal_disetujui',
] as const;

const KIND = { ENROL: 'BARU', GRADUATE: 'GRADUASI', TERMINATE: 'BERHENTI' } as const;

const BATCH = 500;

const day = (d: Date | string | null | undefined): string => (d ? new Date(d).toISOString().slice(0, 10) : '');

function lastStep(p: AidProposalDoc, action: ProposalStep['action']): ProposalStep | undefined {
  return [...p.steps].reverse().find((s) => s.action === action);
}

/** One record: its line, or why it cannot be written (its family or person is no longer in the hub). */
export function aidProposalRecord(p: AidProposalDoc, household: HouseholdDoc | undefined, person: PersonDoc | undefined): ExportRecord {
  if (!household) return { id: p._id, skipped: 'the family is no longer in the hub' };
  if (!person) return { id: p._id, skipped: p.personId ? 'the person is no longer in the hub' : 'the head of the family is no longer in the hub' };
  const verified = lastStep(p, 'VERIFY');
  const approved = lastStep(p, 'APPROVE');
  const line = [
    p._id,
    KIND[p.kind],
    PROGRAMME.label[p.programmeCode],
    household.kkNumber,
    person.nik,
    person.fullName,
    p.kecamatanCode,
    p.desaCode,
    p.failedRules.map((f) => f.rule).join(';'),
    p.justification ?? '',
    p.submitted.subject,
    day(p.submitted.at),
    verified?.subject ?? '',
    day(verified?.at),
    approved?.subject ?? '',
    day(approved?.at),
  ];
  return { id: p._id, line: line.map(csvField).join(',') };
}

async function* records(batch: AidProposalDoc[]): AsyncIterable<ExportRecord> {
  const households = new Map((await Household.find({ _id: inList([...new Set(batch.map((p) => p.householdId))]) }).lean<HouseholdDoc[]>()).map((h) => [h._id, h]));
  const personIds = batch.map((p) => p.personId ?? households.get(p.householdId)?.headId).filter((id): id is string => Boolean(id));
  const persons = new Map((await Person.find({ _id: inList([...new Set(personIds)]) }).lean<PersonDoc[]>()).map((x) => [x._id, x]));
  for (const p of batch) {
    const household = households.get(p.householdId);
    yield aidProposalRecord(p, household, persons.get(p.personId ?? household?.headId ?? ''));
  }
}

/** APPROVED aid proposals not yet exported (docs/formats/aid-proposals.md). */
export const aidProposalsExport: ExportKind = {
  describe: 'aid-proposals approved aid proposals (ENROL, GRADUATE, TERMINATE), for SIKS-NG (docs/formats/aid-proposals.md)',
  format: 'docs/formats/aid-proposals.md',
  header: AID_PROPOSAL_COLUMNS.join(','),
  async *select(again: boolean): AsyncIterable<ExportRecord> {
    const filter: Record<string, unknown> = again ? { status: 'APPROVED' } : { status: 'APPROVED', exportedAt: null };
    let batch: AidProposalDoc[] = [];
    for await (const p of AidProposal.find(filter).sort({ _id: 1 }).lean<AidProposalDoc>().cursor()) {
      batch.push(p as unknown as AidProposalDoc);
      if (batch.length === BATCH) {
        yield* records(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield* records(batch);
  },
  async markExported(ids: string[], at: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) await AidProposal.updateMany({ _id: inList(ids.slice(i, i + 1000)) }, { $set: { exportedAt: at } });
  },
};
