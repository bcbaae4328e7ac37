import type { Asset, Disability, Education, Housing, MaritalStatus, Relationship, Sex } from '../../domain/records';
import { Fields } from '../fields';
import { ASSET, DISABILITY_SEVERITY, DISABILITY_TYPE, EDUCATION, FLOOR, FUEL, MARITAL_STATUS, RELATIONSHIP, ROOF, SANITATION, SEX, WALL, WATER, YES_NO } from '../vocabulary';

/** The DT-SEN extract: one row per family member, the family's columns repeated on each of its rows. */
export const DTSEN_COLUMNS = [
  'periode_data',
  'id_keluarga',
  'no_kk',
  'kode_desa',
  'alamat',
  'rt',
  'rw',
  'desil',
  'lantai',
  'dinding',
  'atap',
  'sumber_air',
  'sanitasi',
  'daya_listrik',
  'bahan_bakar',
  'aset',
  'id_anggota',
  'nik',
  'nama',
  'jenis_kelamin',
  'tanggal_lahir',
  'tempat_lahir',
  'hubungan',
  'status_kawin',
  'pendidikan',
  'pekerjaan',
  'disabilitas',
  'tingkat_disabilitas',
  'hamil',
  'no_hp',
] as const;

export interface DtsenFamily {
  familyId: string;
  kkNumber: string;
  desaCode: string;
  address: { street: string; rt: string; rw: string };
  desil: number | null;
  housing: Housing;
  assets: Asset[];
}

export interface DtsenRow {
  asOf: Date;
  family: DtsenFamily;
  memberId: string;
  /** As written: it may be empty or invalid, which is a discrepancy, not a reason to lose the row. */
  nik: string;
  fullName: string;
  sex: Sex;
  birthDate: Date;
  birthPlace: string;
  relationship: Relationship;
  maritalStatus: MaritalStatus;
  education: Education;
  occupation: string;
  disability: Disability | null;
  pregnant: boolean;
  phone: string | null;
}

const RT_RW = /^\d{3}$/;
const PHONE = /^08\d{8,11}$/;
const VA = [0, 450, 900, 1300, 2200, 3500, 4400, 5500, 6600];

export function parseDtsen(f: Fields): DtsenRow {
  const asOf = f.date('periode_data', new Date());
  const rt = f.raw('rt');
  const rw = f.raw('rw');
  if (!RT_RW.test(rt)) f.fail('rt', `"${rt}" is not three digits`);
  if (!RT_RW.test(rw)) f.fail('rw', `"${rw}" is not three digits`);
  const va = f.int('daya_listrik', 0, 100_000);
  if (!VA.includes(va)) f.fail('daya_listrik', `${va} VA is not a PLN connection (${VA.join(', ')})`);
  const disabilityType = f.optionalCode('disabilitas', DISABILITY_TYPE);
  const severity = f.optionalCode('tingkat_disabilitas', DISABILITY_SEVERITY);
  if ((disabilityType === null) !== (severity === null)) f.fail('tingkat_disabilitas', 'disabilitas and tingkat_disabilitas must both be given or both be empty');
  const phone = f.optionalText('no_hp', 20);
  if (phone !== null && !PHONE.test(phone)) f.fail('no_hp', `"${phone}" is not a mobile number (08 and 8-11 digits)`);
  const sex = f.code('jenis_kelamin', SEX);
  const pregnant = (f.optionalCode('hamil', YES_NO) ?? 'N') === 'Y';
  if (pregnant && sex === 'MALE') f.fail('hamil', 'a man cannot be recorded as pregnant');
  return {
    asOf,
    family: {
      familyId: f.id('id_keluarga'),
      kkNumber: f.kk('no_kk', asOf),
      desaCode: f.desa('kode_desa'),
      address: { street: f.text('alamat'), rt, rw },
      desil: f.optionalInt('desil', 1, 10),
      housing: {
        floor: f.code('lantai', FLOOR),
        wall: f.code('dinding', WALL),
        roof: f.code('atap', ROOF),
        water: f.code('sumber_air', WATER),
        sanitation: f.code('sanitasi', SANITATION),
        electricityVa: va,
        cookingFuel: f.code('bahan_bakar', FUEL),
      },
      assets: f.codes('aset', ASSET),
    },
    memberId: f.id('id_anggota'),
    nik: f.nik('nik'),
    fullName: f.text('nama'),
    sex,
    birthDate: f.date('tanggal_lahir', asOf),
    birthPlace: f.text('tempat_lahir', 80),
    relationship: f.code('hubungan', RELATIONSHIP),
    maritalStatus: f.code('status_kawin', MARITAL_STATUS),
    education: f.code('pendidikan', EDUCATION),
    occupation: f.text('pekerjaan', 80),
    disability: disabilityType && severity ? { type: disabilityType, severity } : null,
    pregnant,
    phone,
  };
}
