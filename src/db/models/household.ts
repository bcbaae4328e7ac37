import { Schema, model } from 'mongoose';
import type { HouseholdRecord, Housing } from '../../domain/records';
import type { AidToken } from '../../domain/aid';
import { aidField } from './person';
import { householdLineageFields, type Stored } from './lineage';
import { existingDesa, existingKecamatan, pastDate, validKk } from './validators';

/** Stored shape of a household: the golden record plus its aid summary. */
export interface HouseholdDoc extends Omit<HouseholdRecord, 'housing'>, Stored {
  /** Null for a family DT-SEN has not surveyed (known to the civil registry only). */
  housing: Housing | null;
  aid: AidToken[];
}

const householdSchema = new Schema<HouseholdDoc>(
  {
    _id: { type: String, required: true, match: /^H\d{7}$/ },
    kkNumber: { type: String, required: true, validate: validKk },
    kkHistory: {
      type: [
        new Schema(
          {
            kkNumber: { type: String, required: true, validate: validKk },
            from: { type: Date, required: true, validate: pastDate },
            to: { type: Date, default: null, validate: pastDate },
          },
          { _id: false },
        ),
      ],
      validate: {
        validator: (v: { kkNumber: string; from: Date; to: Date | null }[]) => v.length > 0 && v.every((e) => e.to === null || e.to === undefined || e.to >= e.from),
        message: 'kkHistory needs at least the current card, and each card must end after it starts',
      },
    },
    headId: { type: String, required: true, match: /^P\d{7}$/ },
    desaCode: { type: String, required: true, validate: existingDesa },
    kecamatanCode: { type: String, required: true, validate: existingKecamatan },
    address: {
      street: { type: String, required: true, trim: true, maxlength: 120 },
      rt: { type: String, required: true, match: /^\d{3}$/ },
      rw: { type: String, required: true, match: /^\d{3}$/ },
    },
    desil: {
      type: Number,
      default: null,
      min: 1,
      max: 10,
      validate: { validator: (v: number | null) => v === null || Number.isInteger(v), message: 'desil must be a whole number from 1 to 10' },
    },
    // Null for a family DT-SEN has not surveyed (known to the civil registry only).
    housing: {
      type: new Schema(
        {
          floor: { type: String, enum: ['EARTH', 'BAMBOO', 'WOOD', 'CEMENT', 'TILE', 'CERAMIC'], required: true },
          wall: { type: String, enum: ['BAMBOO', 'WOOD', 'PLASTERED_BRICK', 'UNPLASTERED_BRICK'], required: true },
          roof: { type: String, enum: ['THATCH', 'ASBESTOS', 'ZINC', 'CLAY_TILE', 'CONCRETE'], required: true },
          water: {
            type: String,
            enum: ['PIPED', 'BOTTLED', 'PROTECTED_WELL', 'UNPROTECTED_WELL', 'SPRING', 'RIVER'],
            required: true,
          },
          sanitation: { type: String, enum: ['PRIVATE', 'SHARED', 'PUBLIC', 'NONE'], required: true },
          electricityVa: { type: Number, required: true, min: 0, max: 100_000 },
          cookingFuel: { type: String, enum: ['LPG', 'ELECTRIC', 'KEROSENE', 'WOOD', 'CHARCOAL'], required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    assets: {
      type: [String],
      enum: ['MOTORCYCLE', 'CAR', 'REFRIGERATOR', 'TELEVISION', 'SMARTPHONE', 'LAND', 'LIVESTOCK', 'GOLD'],
      default: [],
    },
    memberCount: { type: Number, required: true, min: 0, max: 30 },
    aid: aidField,
    ...householdLineageFields,
  },
  { collection: 'households', versionKey: false },
);

// Query paths: lookup by any KK number ever held; lists by desa/kecamatan (paged
// by _id) with desil and programme filters.
householdSchema.index({ 'kkHistory.kkNumber': 1 });
// A family by the card it holds now (the lookup by any card above is an array path: the engine serves it
// from a side table, src/db/engine-patches/ item 20).
householdSchema.index({ kkNumber: 1 });
householdSchema.index({ desaCode: 1, _id: 1 });
householdSchema.index({ kecamatanCode: 1, _id: 1 });
householdSchema.index({ desil: 1 });
householdSchema.index({ aid: 1 });
// The orders of `households(orderBy:)`, `_id` breaking ties.
householdSchema.index({ desil: 1, _id: 1 });
householdSchema.index({ memberCount: 1, _id: 1 });

export const Household = model<HouseholdDoc>('Household', householdSchema);
