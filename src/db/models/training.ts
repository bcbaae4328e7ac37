import { Schema, model } from 'mongoose';
import type { TrainingParticipationRecord, TrainingRecord } from '../../domain/records';
import { recordSourceField, type Stored } from './lineage';
import { dateOrder, existingDesa, existingKecamatan } from './validators';

export type TrainingDoc = TrainingRecord & Stored;
export type TrainingParticipationDoc = TrainingParticipationRecord & Stored;

const trainingSchema = new Schema<TrainingDoc>(
  {
    _id: { type: String, required: true, match: /^T\d{5}$/ },
    title: { type: String, required: true, trim: true, maxlength: 200 },
    organizer: { type: String, required: true, trim: true, maxlength: 200 },
    category: { type: String, required: true, enum: ['VOCATIONAL', 'ENTREPRENEURSHIP', 'PILAR_CAPACITY'] },
    startDate: { type: Date, required: true },
    endDate: { type: Date, required: true },
    desaCode: { type: String, required: true, validate: existingDesa },
    kecamatanCode: { type: String, required: true, validate: existingKecamatan },
    quota: { type: Number, required: true, min: 1, max: 10_000 },
    ...recordSourceField,
  },
  { collection: 'trainings', versionKey: false },
);
dateOrder(trainingSchema, 'endDate', 'startDate');

trainingSchema.index({ category: 1, _id: 1 });
trainingSchema.index({ startDate: 1, endDate: 1 });
trainingSchema.index({ desaCode: 1, _id: 1 });
trainingSchema.index({ kecamatanCode: 1, _id: 1 });

const participationSchema = new Schema<TrainingParticipationDoc>(
  {
    _id: { type: String, required: true, match: /^TP\d{8}$/ },
    trainingId: { type: String, required: true, match: /^T\d{5}$/ },
    personId: { type: String, required: true, match: /^P\d{7}$/ },
    status: { type: String, required: true, enum: ['REGISTERED', 'ATTENDED', 'COMPLETED', 'DROPPED'] },
    outcome: { type: String, default: null, enum: ['EMPLOYED', 'STARTED_BUSINESS', 'NONE', null] },
    ...recordSourceField,
  },
  { collection: 'trainingParticipations', versionKey: false },
);
participationSchema.index({ trainingId: 1, _id: 1 });
participationSchema.index({ personId: 1 });

export const Training = model<TrainingDoc>('Training', trainingSchema);
export const TrainingParticipation = model<TrainingParticipationDoc>('TrainingParticipation', participationSchema);
