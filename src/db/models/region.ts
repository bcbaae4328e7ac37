import { Schema, model } from 'mongoose';

/** Stored shape of a kecamatan: its Kemendagri code is its id. */
export interface KecamatanDoc {
  _id: string;
  name: string;
}

/** Stored shape of a desa or kelurahan: its Kemendagri code is its id. */
export interface DesaDoc {
  _id: string;
  name: string;
  kecamatanCode: string;
  kind: 'DESA' | 'KELURAHAN';
}

export const KECAMATAN_CODE = /^35\.19\.\d{2}$/;
export const DESA_CODE = /^35\.19\.\d{2}\.[12]\d{3}$/;

const kecamatanSchema = new Schema<KecamatanDoc>(
  {
    _id: { type: String, required: true, match: KECAMATAN_CODE },
    name: { type: String, required: true, trim: true },
  },
  { collection: 'kecamatans', versionKey: false },
);

const desaSchema = new Schema<DesaDoc>(
  {
    _id: { type: String, required: true, match: DESA_CODE },
    name: { type: String, required: true, trim: true },
    kecamatanCode: { type: String, required: true, match: KECAMATAN_CODE },
    kind: { type: String, required: true, enum: ['DESA', 'KELURAHAN'] },
  },
  { collection: 'desas', versionKey: false },
);
desaSchema.index({ kecamatanCode: 1, _id: 1 });

export const Kecamatan = model<KecamatanDoc>('Kecamatan', kecamatanSchema);
export const Desa = model<DesaDoc>('Desa', desaSchema);
