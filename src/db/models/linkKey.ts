import { Schema, model } from 'mongoose';

/**
 * The linkage index of the import pipeline: one document per identifier a
 * source uses, its `_id` the identifier itself with a namespace prefix
 * (`N:` NIK, `K:` KK number, current or former, `DA:`/`DK:` DT-SEN member and
 * family ids, `R:` roster ids, ...), pointing at the golden record's id. Every
 * lookup is an `_id` equality or an `_id` `$in`, the one access path both
 * MongoDB and the embedded engine serve without a secondary index.
 */
export interface LinkKeyDoc {
  _id: string;
  id: string;
}

const linkKeySchema = new Schema<LinkKeyDoc>(
  {
    _id: { type: String, required: true, maxlength: 200 },
    id: { type: String, required: true, match: /^[A-Z]{1,2}\d{4,8}$/ },
  },
  { collection: 'linkKeys', versionKey: false },
);

export const LinkKey = model<LinkKeyDoc>('LinkKey', linkKeySchema);

/**
 * Small singleton documents of the pipeline: `ids` (the next number of each id
 * series, written with every chunk so a resumed import hands out the same ids)
 * and `lock` (the import that is running).
 */
export interface ImportStateDoc {
  _id: string;
  [field: string]: unknown;
}

const importStateSchema = new Schema<ImportStateDoc>({ _id: { type: String, required: true } }, { collection: 'importState', versionKey: false, strict: false });

export const ImportState = model<ImportStateDoc>('ImportState', importStateSchema);
