import { Schema, model } from 'mongoose';
import type { AidToken } from '../../domain/aid';
import { ENROLLMENT_STATUSES, PROGRAMME_CODES } from '../../domain/codes';
import type { PersonRecord } from '../../domain/records';
import { personLineageFields, type PersonCivil, type Stored } from './lineage';
import { dateOrder, existingDesa, existingKecamatan, pastDate, validNik } from './validators';

/** Stored shape of a person: the golden record plus its aid tokens. */
export interface PersonDoc extends PersonRecord, PersonCivil, Stored {
  aid: AidToken[];
  /** Name search keys (src/domain/names.ts), written with the golden record; absent on records not re-imported since. */
  nameKeys?: string[];
  /** The household's desil, copied like the desa for filters and orders (null: no household, or unranked). */
  householdDesil?: number | null;
}

/** `PROGRAMME:STATUS` tokens (src/domain/aid.ts). */
export const aidField = {
  type: [{ type: String, match: new RegExp(`^(${PROGRAMME_CODES.join('|')}):(${ENROLLMENT_STATUSES.join('|')})$`) }],
  default: [],
};

const personSchema = new Schema<PersonDoc>(
  {
    _id: { type: String, required: true, match: /^P\d{7}$/ },
    nik: { type: String, default: null, validate: validNik },
    fullName: { type: String, required: true, trim: true, maxlength: 120 },
    sex: { type: String, required: true, enum: ['MALE', 'FEMALE'] },
    birthDate: { type: Date, required: true, validate: pastDate },
    birthPlace: { type: String, required: true, trim: true, maxlength: 80 },
    phone: { type: String, default: null, match: /^08\d{8,11}$/ },
    householdId: { type: String, default: null, match: /^H\d{7}$/ },
    relationship: {
      type: String,
      required: true,
      enum: ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'IN_LAW', 'OTHER_RELATIVE', 'OTHER'],
    },
    maritalStatus: { type: String, required: true, enum: ['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'] },
    education: { type: String, required: true, enum: ['NONE', 'SD', 'SMP', 'SMA', 'DIPLOMA', 'BACHELOR', 'POSTGRADUATE'] },
    occupation: { type: String, required: true, trim: true, maxlength: 80 },
    disability: {
      type: new Schema(
        {
          type: { type: String, required: true, enum: ['PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'SENSORY', 'MULTIPLE'] },
          severity: { type: String, required: true, enum: ['MILD', 'MODERATE', 'SEVERE'] },
        },
        { _id: false },
      ),
      default: null,
    },
    pregnant: { type: Boolean, required: true, default: false },
    isDeceased: { type: Boolean, required: true, default: false },
    deathDate: { type: Date, default: null, validate: pastDate },
    desaCode: { type: String, required: true, validate: existingDesa },
    kecamatanCode: { type: String, required: true, validate: existingKecamatan },
    aid: aidField,
    nameKeys: { type: [String], default: undefined },
    householdDesil: { type: Number, default: null, min: 1, max: 10 },
    ...personLineageFields,
  },
  { collection: 'persons', versionKey: false },
);

// Query paths: lookup by NIK; members of a household; lists by desa/kecamatan
// (paged by _id) with age, sex, disability and programme filters.
dateOrder(personSchema, 'deathDate', 'birthDate');

personSchema.index({ nik: 1 });
personSchema.index({ householdId: 1 });
personSchema.index({ desaCode: 1, _id: 1 });
personSchema.index({ kecamatanCode: 1, _id: 1 });
personSchema.index({ birthDate: 1 });
personSchema.index({ aid: 1 });
// Name search (an anchored prefix of one of the keys) and the orders of `persons(orderBy:)`, `_id` breaking ties.
personSchema.index({ nameKeys: 1 });
personSchema.index({ fullName: 1, _id: 1 });
personSchema.index({ birthDate: 1, _id: 1 });
personSchema.index({ householdDesil: 1, _id: 1 });
// The row scope of a viewer of people with a disability (`disability: {$ne: null}`) and the hasDisability filter.
personSchema.index({ disability: 1 });

export const Person = model<PersonDoc>('Person', personSchema);
