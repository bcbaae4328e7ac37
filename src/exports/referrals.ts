import { inList } from '../db/filters';
import { Referral, type ReferralDoc } from '../db/models/referral';
import { csvField, type ExportKind, type ExportRecord } from './kind';

const COLUMNS = [
  'referral_id',
  'nik',
  'field',
  'recorded_value',
  'observed_value',
  'desa_code',
  'visit_id',
  'visit_date',
  'change_request_id',
  'proposed_by',
  'approved_by',
  'approved_at',
];

/** Dukcapil referrals not yet exported (docs/formats/referrals.md). */
export const referralsExport: ExportKind = {
  describe: 'referrals     identity corrections approved after a verification visit, for Dukcapil (docs/formats/referrals.md)',
  format: 'docs/formats/referrals.md',
  header: COLUMNS.join(','),
  async *select(again: boolean): AsyncIterable<ExportRecord> {
    const filter = again ? {} : { exportedAt: null };
    for await (const r of Referral.find(filter).sort({ _id: 1 }).lean<ReferralDoc>().cursor()) {
      const doc = r as unknown as ReferralDoc;
      // Dukcapil finds a record by NIK: a referral about a person without a valid one cannot be acted on there.
      if (!doc.nik || !/^\d{16}$/.test(doc.nik)) {
        yield { id: doc._id, skipped: 'the person has no valid NIK in the golden record' };
        continue;
      }
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const line = [
        doc._id,
        doc.nik,
        doc.field,
        doc.recordedValue,
        doc.observedValue,
        doc.desaCode,
        doc.visitId,
        day(doc.visitDate),
        doc.changeRequestId,
        doc.proposedBy,
        doc.approvedBy,
        doc.approvedAt.toISOString(),
      ];
      yield { id: doc._id, line: line.map(csvField).join(',') };
    }
  },
  async markExported(ids: string[], at: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) await Referral.updateMany({ _id: inList(ids.slice(i, i + 1000)) }, { $set: { exportedAt: at } });
  },
};
