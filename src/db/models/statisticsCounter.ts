import { Schema, model } from 'mongoose';
import { DESA_CODE, KECAMATAN_CODE } from './region';

/**
 * The counts kabupaten `statistics` are made of, one document per desa (its code is the id):
 * households, people and households receiving aid (an ACTIVE enrolment) living there. Kept up to
 * date by whoever changes those records (the importer at the finish of every file, other writers
 * through `recomputeDesaCounters`, src/db/statisticsCounters.ts), so that statistics read 206 small
 * documents instead of grouping whole collections.
 */
export interface StatisticsCounterDoc {
  _id: string;
  kecamatanCode: string;
  households: number;
  persons: number;
  householdsReceivingAid: number;
  countedAt: Date;
}

const statisticsCounterSchema = new Schema<StatisticsCounterDoc>(
  {
    _id: { type: String, required: true, match: DESA_CODE },
    kecamatanCode: { type: String, required: true, match: KECAMATAN_CODE },
    households: { type: Number, required: true, min: 0 },
    persons: { type: Number, required: true, min: 0 },
    householdsReceivingAid: { type: Number, required: true, min: 0 },
    countedAt: { type: Date, required: true },
  },
  { collection: 'statisticsCounters', versionKey: false },
);

export const StatisticsCounter = model<StatisticsCounterDoc>('StatisticsCounter', statisticsCounterSchema);
