import { parseNik } from '../../identifiers';
import type { KkHistoryEntry, MaritalStatus, Relationship, Sex, Education } from '../../domain/records';
import type { MoveOut } from '../../domain/provenance';
import { Fields, RowRejected } from '../fields';
import { EDUCATION, MARITAL_STATUS, RELATIONSHIP, SEX } from '../vocabulary';

/** One person as the civil registry (Senopati, integrating Dukcapil) states them. */
export interface SenopatiRow {
  asOf: Date;
  nik: string;
  fullName: string;
  sex: Sex;
  birthDate: Date;
  birthPlace: string;
  maritalStatus: MaritalStatus;
  relationship: Relationship;
  education: Education;
  occupation: string;
  kkNumber: string;
  kkIssued: Date;
  /** Former cards of the family, oldest first. */
  kkHistory: KkHistoryEntry[];
  desaCode: string;
  address: { street: string; rt: string; rw: string };
  deathDate: Date | null;
  movedOut: MoveOut | null;
}

/** Keys every line must have: a JSON object without them is not a Senopati extract. */
export const SENOPATI_REQUIRED = ['nik', 'nama', 'noKk', 'tanggalData'] as const;

const RT_RW = /^\d{3}$/;
const REGION = /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/;

export function parseSenopati(f: Fields): SenopatiRow {
  const asOf = f.date('tanggalData', new Date());
  const nik = f.nik('nik');
  const parsed = parseNik(nik, { referenceDate: asOf });
  // The civil registry is the authority on identity: a record it cannot key is unusable.
  if (!parsed.ok) f.fail('nik', `invalid NIK: ${parsed.reason}`);
  const birthDate = f.date('tanggalLahir', asOf);
  const kkNumber = f.kk('noKk', asOf);
  const kkIssued = f.date('tanggalTerbitKk', asOf);
  const history = f.value('riwayatKk') ?? [];
  if (!Array.isArray(history)) f.fail('riwayatKk', 'expected a list of former family cards');
  const kkHistory: KkHistoryEntry[] = (history as unknown[]).map((entry, i) => {
    if (!entry || typeof entry !== 'object') f.fail(`riwayatKk[${i}]`, 'expected an object');
    const e = Fields.json(entry as Record<string, unknown>);
    try {
      const from = e.date('tanggalTerbit', asOf);
      const to = e.date('tanggalBerakhir', asOf);
      if (to < from) e.fail('tanggalBerakhir', 'is before tanggalTerbit');
      return { kkNumber: e.kk('noKk', asOf), from, to };
    } catch (err) {
      throw err instanceof RowRejected ? new RowRejected(`riwayatKk[${i}] ${err.message}`) : err;
    }
  });
  const desaCode = f.desa('alamat.kodeDesa');
  const rt = f.raw('alamat.rt');
  const rw = f.raw('alamat.rw');
  if (!RT_RW.test(rt)) f.fail('alamat.rt', `"${rt}" is not three digits`);
  if (!RT_RW.test(rw)) f.fail('alamat.rw', `"${rw}" is not three digits`);
  const deathDate = f.optionalDate('tanggalMeninggal', asOf);
  if (deathDate && deathDate < birthDate) f.fail('tanggalMeninggal', 'is before tanggalLahir');
  let movedOut: MoveOut | null = null;
  const move = f.value('pindahKeluar');
  if (move !== undefined && move !== null) {
    const date = f.date('pindahKeluar.tanggal', asOf);
    const destinationCode = f.raw('pindahKeluar.tujuan');
    if (!REGION.test(destinationCode)) f.fail('pindahKeluar.tujuan', `"${destinationCode}" is not a region code like 35.77.01`);
    // A move inside the regency changes the address; only a move out is a pindah keluar.
    if (destinationCode.startsWith('35.19')) f.fail('pindahKeluar.tujuan', `${destinationCode} lies inside Kabupaten Madiun`);
    movedOut = { date, destinationCode };
  }
  return {
    asOf,
    nik,
    fullName: f.text('nama'),
    sex: f.code('jenisKelamin', SEX),
    birthDate,
    birthPlace: f.text('tempatLahir', 80),
    maritalStatus: f.code('statusKawin', MARITAL_STATUS),
    relationship: f.code('hubunganKeluarga', RELATIONSHIP),
    education: f.code('pendidikan', EDUCATION),
    occupation: f.text('pekerjaan', 80),
    kkNumber,
    kkIssued,
    kkHistory,
    desaCode,
    address: { street: f.text('alamat.jalan'), rt, rw },
    deathDate,
    movedOut,
  };
}
