import type { ParticipationStatus, TrainingCategory, TrainingOutcome, TrainingParticipationRecord, TrainingRecord } from '../../src/domain/records';
import type { KecamatanRef } from '../../src/reference/regions';
import { dateOfDay } from './calendar';
import { householdIndexOf, type Population } from './population';
import { weighted, type Random } from './random';

const CATALOGUE: Record<TrainingCategory, { titles: readonly string[]; organizers: readonly string[] }> = {
  VOCATIONAL: {
    titles: [
      'Pelatihan Menjahit',
      'Pelatihan Tata Boga',
      'Pelatihan Servis Sepeda Motor',
      'Pelatihan Tata Rias',
      'Pelatihan Pengelasan',
      'Pelatihan Budidaya Jamur Tiram',
      'Pelatihan Barista',
      'Pelatihan Operator Komputer',
      'Pelatihan Pertukangan Kayu',
      'Pelatihan Budidaya Lele',
      'Pelatihan Instalasi Listrik Rumah',
    ],
    organizers: ['Dinas Sosial Kabupaten Madiun', 'Dinas Tenaga Kerja Kabupaten Madiun', 'UPT Balai Latihan Kerja Madiun'],
  },
  ENTREPRENEURSHIP: {
    titles: [
      'Pelatihan Kewirausahaan Keluarga Penerima Manfaat',
      'Pelatihan Pemasaran Digital UMKM',
      'Pelatihan Pengolahan Keripik Tempe',
      'Pelatihan Pembukuan Usaha Mikro',
      'Pelatihan Pengemasan Produk Pangan',
      'Pelatihan Batik Tulis',
      'Pelatihan Pengolahan Pecel dan Sambal Kemasan',
      'Pelatihan Kerajinan Anyaman Bambu',
    ],
    organizers: ['Dinas Sosial Kabupaten Madiun', 'Dinas Koperasi dan Usaha Mikro Kabupaten Madiun', 'Dinas Perdagangan Kabupaten Madiun'],
  },
  PILAR_CAPACITY: {
    titles: [
      'Bimbingan Teknis Verifikasi dan Validasi DTSEN',
      'Peningkatan Kapasitas Pilar Sosial',
      'Pelatihan Siaga Bencana Berbasis Masyarakat',
      'Bimbingan Teknis Pekerja Sosial Masyarakat',
      'Pelatihan Layanan Rujukan Terpadu',
      'Pelatihan Pendampingan Penyandang Disabilitas',
    ],
    organizers: ['Dinas Sosial Kabupaten Madiun', 'Dinas Sosial Provinsi Jawa Timur'],
  },
};

const category = weighted<TrainingCategory>([
  ['VOCATIONAL', 45],
  ['ENTREPRENEURSHIP', 35],
  ['PILAR_CAPACITY', 20],
]);
const participationStatus = weighted<ParticipationStatus>([
  ['COMPLETED', 68],
  ['ATTENDED', 12],
  ['DROPPED', 12],
  ['REGISTERED', 8],
]);
const OUTCOMES: Record<TrainingCategory, (rng: Random) => TrainingOutcome> = {
  VOCATIONAL: weighted<TrainingOutcome>([
    ['EMPLOYED', 30],
    ['STARTED_BUSINESS', 20],
    ['NONE', 50],
  ]),
  ENTREPRENEURSHIP: weighted<TrainingOutcome>([
    ['EMPLOYED', 5],
    ['STARTED_BUSINESS', 40],
    ['NONE', 55],
  ]),
  PILAR_CAPACITY: () => 'NONE',
};
const ROMAN = ['I', 'II', 'III', 'IV', 'V'];

export function trainingCount(families: number): number {
  return Math.max(3, Math.round(families / 25));
}

/**
 * Working-age people (18-59, alive) by kecamatan index: the pool trainings recruit from.
 * At 18 or more today, everyone was at least 15 at a training of the last three years.
 */
function recruitPools(pop: Population, kecamatans: readonly KecamatanRef[]): number[][] {
  const byCode = new Map(kecamatans.map((k, i) => [k.code, i]));
  const pools: number[][] = kecamatans.map(() => []);
  for (let i = 0; i < pop.persons.length; i++) {
    const age = pop.ages[i]!;
    if (age < 18 || age > 59 || pop.persons[i]!.isDeceased) continue;
    pools[byCode.get(pop.persons[i]!.kecamatanCode)!]!.push(i);
  }
  return pools;
}

/** Mostly people of the training's own kecamatan, some from the neighbouring codes. */
function recruit(rng: Random, pools: number[][], home: number, nonEmpty: number[][]): number[] {
  const neighbour = home + (rng.chance(0.5) ? 1 : -1);
  const near = rng.chance(0.8) || !pools[neighbour]?.length ? pools[home]! : pools[neighbour]!;
  if (near.length > 0) return near;
  // A small regency may have nobody of working age near the venue.
  return nonEmpty.length > 0 ? rng.pick(nonEmpty) : [];
}

export function generateTrainings(
  rng: Random,
  pop: Population,
  kecamatans: readonly KecamatanRef[],
  count: number,
): { trainings: TrainingRecord[]; participations: TrainingParticipationRecord[] } {
  const trainings: TrainingRecord[] = [];
  const participations: TrainingParticipationRecord[] = [];
  if (pop.households.length === 0) return { trainings, participations };
  const pools = recruitPools(pop, kecamatans);
  const nonEmpty = pools.filter((p) => p.length > 0);
  const kecamatanIndex = new Map(kecamatans.map((k, i) => [k.code, i]));

  for (let t = 0; t < count; t++) {
    const cat = category(rng);
    const { titles, organizers } = CATALOGUE[cat];
    // Held where people live: the venue is the desa of a random family.
    const venue = rng.pick(pop.households);
    const home = kecamatanIndex.get(venue.kecamatanCode)!;
    const days = cat === 'PILAR_CAPACITY' ? rng.int(1, 3) : rng.int(3, 12);
    const startDay = pop.asOfDay - days - rng.int(0, 3 * 365 - days - 1);
    const quota = 5 * rng.int(4, 8);
    const kecamatanName = kecamatans[home]!.name;
    const title = `${rng.pick(titles)} Kecamatan ${kecamatanName}${rng.chance(0.3) ? ` Angkatan ${rng.pick(ROMAN)}` : ''}`;
    const id = `T${String(t + 1).padStart(5, '0')}`;
    trainings.push({
      _id: id,
      title,
      organizer: rng.pick(organizers),
      category: cat,
      startDate: dateOfDay(startDay),
      endDate: dateOfDay(startDay + days),
      desaCode: venue.desaCode,
      kecamatanCode: venue.kecamatanCode,
      quota,
    });

    const wanted = Math.round(quota * (0.5 + rng.next() * 0.5));
    const taken = new Set<number>();
    for (let attempt = 0; attempt < wanted * 3 && taken.size < wanted; attempt++) {
      const pool = recruit(rng, pools, home, nonEmpty);
      if (pool.length === 0) break;
      const person = rng.pick(pool);
      // Programmes recruit among poorer families first; richer ones only sometimes sign up.
      const desil = pop.households[householdIndexOf(pop, person)]!.desil ?? 5;
      if (taken.has(person) || (desil > 5 && !rng.chance(0.4))) continue;
      taken.add(person);
      const status = participationStatus(rng);
      participations.push({
        _id: `TP${String(participations.length + 1).padStart(8, '0')}`,
        trainingId: id,
        personId: pop.persons[person]!._id,
        status,
        outcome: status === 'COMPLETED' ? OUTCOMES[cat](rng) : null,
      });
    }
  }
  return { trainings, participations };
}
