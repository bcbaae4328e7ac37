/** A person-shaped document as the importer writes it (bench/engine-writes.ts, bench/engine-writes-at-scale.ts). */
import type { Document } from 'mongodb';

const FIRST = ['SITI', 'SRI', 'BUDI', 'AGUS', 'TRI', 'DWI', 'EKO', 'SUPARMI', 'SUGENG', 'WAHYU', 'RINA', 'ANI'];
const LAST = ['AMINAH', 'RAHAYU', 'SANTOSO', 'WIBOWO', 'LESTARI', 'PURNOMO', 'HANDAYANI', 'SETIAWAN', 'SUSANTO'];

export function person(i: number, rnd: () => number, version: number): Document {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const kec = `35.19.${String(1 + Math.floor(rnd() * 15)).padStart(2, '0')}`;
  const desa = `${kec}.${String(2001 + Math.floor(rnd() * 14))}`;
  const first = pick(FIRST);
  const last = pick(LAST);
  const hh = `hh-${String(Math.floor(i / 3)).padStart(7, '0')}`;
  return {
    _id: `p-${String(i).padStart(7, '0')}`,
    nik: `3519${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}`,
    fullName: `${first} ${last}`,
    nameKeys: [first.toLowerCase(), last.toLowerCase()],
    birthDate: new Date(Date.UTC(1940 + Math.floor(rnd() * 80), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28))),
    sex: pick(['L', 'P']),
    householdId: hh,
    relation: pick(['KEPALA', 'ISTRI', 'ANAK']),
    desaCode: desa,
    kecamatanCode: kec,
    householdDesil: 1 + Math.floor(rnd() * 10),
    aid: rnd() < 0.4 ? [pick(['PKH', 'BPNT', 'PBI-JK'])] : [],
    disability: rnd() < 0.05 ? pick(['FISIK', 'NETRA', 'RUNGU']) : null,
    education: pick(['SD', 'SMP', 'SMA', 'D3', 'S1', 'TIDAK SEKOLAH']),
    occupation: pick(['PETANI', 'BURUH TANI', 'PEDAGANG', 'IBU RUMAH TANGGA', 'PELAJAR']),
    maritalStatus: pick(['KAWIN', 'BELUM KAWIN', 'CERAI MATI']),
    address: { street: `Jl. Raya ${pick(LAST)} No. ${Math.floor(rnd() * 200)}`, rt: '003', rw: '001', desaCode: desa },
    provenance: [{ source: 'dtsen', rowKey: `dtsen:${i}`, importedAt: new Date(1_764_000_000_000), runId: `run-${version}` }],
    version,
    createdAt: new Date(1_764_000_000_000),
    updatedAt: new Date(1_764_000_000_000 + version),
  };
}
