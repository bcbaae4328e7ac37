import type { KarangTarunaRole } from '../../domain/provenance';
import type { EnrollmentStatus, ParticipationStatus, PilarRecord, PkhComponent, ProgrammeCode, TrainingOutcome, TrainingRecord } from '../../domain/records';
import { desaKecamatan, Fields } from '../fields';
import { ENROLLMENT_STATUS, KARANG_TARUNA_ROLE, PARTICIPATION_STATUS, PILAR_ROLE, PROGRAMME, TRAINING_CATEGORY, TRAINING_OUTCOME, YES_NO, vocabulary } from '../vocabulary';

/** A programme roster (PKH, BPNT, PBI-JK, Sekolah Rakyat, Permodalan Usaha, ATENSI): one row per enrolment. */
export const PROGRAMME_COLUMNS = [
  'program',
  'id_peserta',
  'no_kk',
  'nik',
  'nama',
  'tanggal_lahir',
  'tanggal_mulai',
  'tanggal_selesai',
  'status',
  'komponen',
  'tanggal_data',
] as const;

export interface ProgrammeRow {
  asOf: Date;
  programme: ProgrammeCode;
  externalId: string;
  kkNumber: string | null;
  nik: string;
  fullName: string;
  birthDate: Date | null;
  startDate: Date;
  endDate: Date | null;
  status: EnrollmentStatus;
  components: PkhComponent[];
}

const COMPONENT = vocabulary<PkhComponent>('component', {
  IBU_HAMIL: 'IBU_HAMIL',
  ANAK_USIA_DINI: 'ANAK_USIA_DINI',
  SD: 'SD',
  SMP: 'SMP',
  SMA: 'SMA',
  DISABILITAS_BERAT: 'DISABILITAS_BERAT',
  LANSIA: 'LANSIA',
});

export function parseProgrammeRow(f: Fields): ProgrammeRow {
  const asOf = f.date('tanggal_data', new Date());
  const programme = f.code('program', PROGRAMME);
  const startDate = f.date('tanggal_mulai', asOf);
  const endDate = f.optionalDate('tanggal_selesai', asOf);
  const status = f.code('status', ENROLLMENT_STATUS);
  if (endDate && endDate < startDate) f.fail('tanggal_selesai', 'is before tanggal_mulai');
  if (status === 'ACTIVE' && endDate) f.fail('tanggal_selesai', 'an AKTIF enrolment has no end date');
  if (status !== 'ACTIVE' && !endDate) f.fail('tanggal_selesai', `a ${ENROLLMENT_STATUS.label[status]} enrolment needs its end date`);
  const components = f.codes('komponen', COMPONENT);
  if (programme !== 'PKH' && components.length > 0) f.fail('komponen', 'only PKH has components');
  const kk = f.raw('no_kk');
  return {
    asOf,
    programme,
    externalId: f.id('id_peserta'),
    kkNumber: kk === '' ? null : f.kk('no_kk', asOf),
    nik: f.nik('nik'),
    fullName: f.text('nama'),
    birthDate: f.optionalDate('tanggal_lahir', asOf),
    startDate,
    endDate,
    status,
    components,
  };
}

export const TRAINING_COLUMNS = ['kode_pelatihan', 'judul', 'penyelenggara', 'kategori', 'tanggal_mulai', 'tanggal_selesai', 'kode_desa', 'kuota', 'tanggal_data'] as const;

/** A training as its roster states it: the stored record, keyed by the roster's own id. */
export interface TrainingRow extends Omit<TrainingRecord, '_id'> {
  asOf: Date;
  externalId: string;
}

export function parseTrainingRow(f: Fields): TrainingRow {
  const asOf = f.date('tanggal_data', new Date());
  const startDate = f.date('tanggal_mulai');
  const endDate = f.date('tanggal_selesai');
  if (endDate < startDate) f.fail('tanggal_selesai', 'is before tanggal_mulai');
  const desaCode = f.desa('kode_desa');
  return {
    asOf,
    externalId: f.id('kode_pelatihan'),
    title: f.text('judul', 200),
    organizer: f.text('penyelenggara', 200),
    category: f.code('kategori', TRAINING_CATEGORY),
    startDate,
    endDate,
    desaCode,
    kecamatanCode: desaKecamatan().get(desaCode)!,
    quota: f.int('kuota', 1, 10_000),
  };
}

export const PARTICIPATION_COLUMNS = ['kode_pelatihan', 'nik', 'nama', 'status', 'hasil', 'tanggal_data'] as const;

export interface ParticipationRow {
  asOf: Date;
  trainingExternalId: string;
  nik: string;
  fullName: string;
  status: ParticipationStatus;
  outcome: TrainingOutcome | null;
}

export function parseParticipationRow(f: Fields): ParticipationRow {
  const status = f.code('status', PARTICIPATION_STATUS);
  const outcome = f.optionalCode('hasil', TRAINING_OUTCOME);
  if (outcome !== null && status !== 'COMPLETED') f.fail('hasil', 'only a participant who completed (LULUS) has an outcome');
  return {
    asOf: f.date('tanggal_data', new Date()),
    trainingExternalId: f.id('kode_pelatihan'),
    nik: f.nik('nik'),
    fullName: f.text('nama'),
    status,
    outcome,
  };
}

export const KARANG_TARUNA_COLUMNS = ['kode_desa', 'nik', 'nama', 'jabatan', 'tanggal_bergabung', 'tanggal_data'] as const;

export interface KarangTarunaRow {
  asOf: Date;
  desaCode: string;
  nik: string;
  fullName: string;
  role: KarangTarunaRole;
  since: Date;
}

export function parseKarangTarunaRow(f: Fields): KarangTarunaRow {
  const asOf = f.date('tanggal_data', new Date());
  return {
    asOf,
    desaCode: f.desa('kode_desa'),
    nik: f.nik('nik'),
    fullName: f.text('nama'),
    role: f.code('jabatan', KARANG_TARUNA_ROLE),
    since: f.date('tanggal_bergabung', asOf),
  };
}

export const PILAR_COLUMNS = ['id_pilar', 'nama', 'peran', 'kode_kecamatan', 'kode_desa', 'aktif', 'tanggal_data'] as const;

/** A pilar as its roster states it: the stored record, keyed by the roster's own id. */
export interface PilarRow extends Omit<PilarRecord, '_id'> {
  asOf: Date;
  externalId: string;
}

export function parsePilarRow(f: Fields): PilarRow {
  const kecamatans = new Set(desaKecamatan().values());
  const kecamatanCodes =
    f.raw('kode_kecamatan') === ''
      ? []
      : f
          .raw('kode_kecamatan')
          .split(';')
          .map((s) => s.trim());
  for (const k of kecamatanCodes) if (!kecamatans.has(k)) f.fail('kode_kecamatan', `"${k}" is not a kecamatan code of Kabupaten Madiun`);
  const desaCodes =
    f.raw('kode_desa') === ''
      ? []
      : f
          .raw('kode_desa')
          .split(';')
          .map((s) => s.trim());
  for (const d of desaCodes) if (!desaKecamatan().has(d)) f.fail('kode_desa', `"${d}" is not a desa code of Kabupaten Madiun`);
  return {
    asOf: f.date('tanggal_data', new Date()),
    externalId: f.id('id_pilar'),
    fullName: f.text('nama'),
    role: f.code('peran', PILAR_ROLE),
    kecamatanCodes,
    desaCodes,
    active: f.code('aktif', YES_NO) === 'Y',
  };
}
