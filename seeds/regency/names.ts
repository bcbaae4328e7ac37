import type { Sex } from '../../src/domain/records';
import type { Random } from './random';

/**
 * Synthetic Javanese-style names composed from syllables and common given names. The
 * combinations are invented; none is meant to name a real person. Older generations get
 * the single-word names typical of rural East Java, younger ones two-word modern names.
 */

const OLD_MALE_HEADS = ['Su', 'Sa', 'Pur', 'War', 'Har', 'Sup', 'Mul', 'Ka', 'Ja', 'Par', 'Sar', 'Tu', 'Kas', 'Mar', 'Sis', 'Pai', 'Ra', 'Di', 'Sri', 'Wa'];
const OLD_MALE_TAILS = [
  'yanto',
  'yono',
  'tono',
  'mono',
  'kirno',
  'parno',
  'wadi',
  'roso',
  'mito',
  'nardi',
  'yadi',
  'diyo',
  'min',
  'jo',
  'man',
  'rejo',
  'harjo',
  'wanto',
  'diman',
  'lan',
];
const OLD_FEMALE_HEADS = ['Sum', 'Sit', 'Par', 'Tu', 'Wa', 'Ka', 'Ru', 'Mu', 'Sa', 'Ju', 'Pai', 'Ni', 'Mar', 'Las', 'Sri', 'Ngat', 'Tum', 'Kar', 'Sai', 'Dar'];
const OLD_FEMALE_TAILS = ['inah', 'iyem', 'iyati', 'yati', 'arni', 'ini', 'ningsih', 'mini', 'tun', 'rah', 'sih', 'nah', 'ni', 'iyah', 'inem', 'ijah', 'emi', 'tini', 'yem', 'kem'];

const MIDDLE_MALE = [
  'Agus',
  'Bambang',
  'Joko',
  'Eko',
  'Budi',
  'Heru',
  'Slamet',
  'Sugeng',
  'Wahyu',
  'Hari',
  'Teguh',
  'Dwi',
  'Tri',
  'Rudi',
  'Yudi',
  'Puji',
  'Widodo',
  'Gunawan',
  'Hadi',
  'Darmaji',
];
const MIDDLE_FEMALE = [
  'Sri',
  'Endang',
  'Tri',
  'Dwi',
  'Sulastri',
  'Yuli',
  'Sumarni',
  'Wahyuni',
  'Lilik',
  'Retno',
  'Siti',
  'Mujiati',
  'Suprapti',
  'Umi',
  'Eni',
  'Rini',
  'Sunarti',
  'Murni',
  'Ninik',
  'Yayuk',
];
const MIDDLE_SECOND = [
  'Santoso',
  'Susilo',
  'Purnomo',
  'Prasetyo',
  'Wibowo',
  'Utomo',
  'Setiawan',
  'Raharjo',
  'Hartono',
  'Suryanto',
  'Lestari',
  'Rahayu',
  'Wahyuningsih',
  'Handayani',
  'Astuti',
  'Suprihatin',
];
const MALE_SECOND = new Set(['Santoso', 'Susilo', 'Purnomo', 'Prasetyo', 'Wibowo', 'Utomo', 'Setiawan', 'Raharjo', 'Hartono', 'Suryanto']);

const YOUNG_MALE = [
  'Adi',
  'Bayu',
  'Dimas',
  'Fajar',
  'Rizky',
  'Aditya',
  'Dani',
  'Yoga',
  'Rendra',
  'Galih',
  'Bagus',
  'Andi',
  'Arif',
  'Ilham',
  'Reza',
  'Satria',
  'Anggoro',
  'Rafi',
  'Alif',
  'Gilang',
  'Raka',
  'Aldi',
  'Kevin',
  'Farel',
  'Dafa',
];
const YOUNG_MALE_SECOND = [
  'Pratama',
  'Saputra',
  'Wibowo',
  'Nugroho',
  'Santoso',
  'Setiawan',
  'Kurniawan',
  'Hidayat',
  'Prasetyo',
  'Wicaksono',
  'Ramadhan',
  'Firmansyah',
  'Maulana',
  'Permana',
  'Wijaya',
  'Aditama',
  'Putra',
  'Adiputra',
];
const YOUNG_FEMALE = [
  'Dewi',
  'Putri',
  'Ayu',
  'Rina',
  'Indah',
  'Novi',
  'Wulan',
  'Fitri',
  'Anisa',
  'Dian',
  'Ratna',
  'Nurul',
  'Rahma',
  'Eka',
  'Yuni',
  'Sekar',
  'Intan',
  'Nadia',
  'Salsa',
  'Aulia',
  'Citra',
  'Kirana',
  'Laras',
  'Alya',
  'Naila',
];
const YOUNG_FEMALE_SECOND = [
  'Wulandari',
  'Rahmawati',
  'Puspitasari',
  'Kusumawati',
  'Anggraini',
  'Lestari',
  'Safitri',
  'Handayani',
  'Permatasari',
  'Maharani',
  'Oktaviani',
  'Setyaningsih',
  'Rahayu',
  'Pratiwi',
  'Ningrum',
  'Cahyani',
  'Azzahra',
  'Ramadhani',
];

function syllableName(rng: Random, heads: readonly string[], tails: readonly string[]): string {
  const head = rng.pick(heads);
  let tail = rng.pick(tails);
  // Avoid doubled letters at the seam ("Sum" + "mini" -> "Summini").
  // Re-draw tails that repeat the head ("Har" + "harjo"), and avoid doubled letters at the seam.
  while (tail.startsWith(head.toLowerCase())) tail = rng.pick(tails);
  if (head.endsWith(tail[0]!)) tail = tail.slice(1);
  return head + tail;
}

/** A name fitting someone of this sex born in `birthYear`. */
export function personName(rng: Random, sex: Sex, birthYear: number): string {
  const male = sex === 'MALE';
  if (birthYear < 1968 || (birthYear < 1978 && rng.chance(0.5))) {
    return male ? syllableName(rng, OLD_MALE_HEADS, OLD_MALE_TAILS) : syllableName(rng, OLD_FEMALE_HEADS, OLD_FEMALE_TAILS);
  }
  if (birthYear < 1985 || (birthYear < 1995 && rng.chance(0.5))) {
    const first = rng.pick(male ? MIDDLE_MALE : MIDDLE_FEMALE);
    if (rng.chance(0.35)) return first;
    let second = rng.pick(MIDDLE_SECOND);
    while (MALE_SECOND.has(second) !== male) second = rng.pick(MIDDLE_SECOND);
    return `${first} ${second}`;
  }
  const first = rng.pick(male ? YOUNG_MALE : YOUNG_FEMALE);
  const second = rng.pick(male ? YOUNG_MALE_SECOND : YOUNG_FEMALE_SECOND);
  // "Wulan Wulandari" reads as a stutter; keep the single name instead.
  return second.startsWith(first) ? first : `${first} ${second}`;
}

const DEGREES = ['S.Sos', 'S.Tr.Sos', 'S.Pd', 'S.E', 'S.Psi', 'S.Kom', 'A.Md'];

/** A pilar's name: working age, often with the degree a field post asks for. */
export function pilarName(rng: Random, degreeShare: number): string {
  const sex: Sex = rng.chance(0.55) ? 'FEMALE' : 'MALE';
  const name = personName(rng, sex, rng.int(1968, 2001));
  return rng.chance(degreeShare) ? `${name}, ${rng.pick(DEGREES)}` : name;
}

const NEIGHBOURING_PLACES = ['Ngawi', 'Magetan', 'Ponorogo', 'Nganjuk', 'Bojonegoro', 'Pacitan', 'Surabaya', 'Sragen', 'Jakarta', 'Kediri'];

export function birthPlace(rng: Random): string {
  return rng.chance(0.82) ? 'Madiun' : rng.pick(NEIGHBOURING_PLACES);
}

const DUSUN = [
  'Krajan',
  'Kauman',
  'Sumberejo',
  'Ngrowo',
  'Karanganyar',
  'Gondang',
  'Jati',
  'Tegalrejo',
  'Ngasem',
  'Bendo',
  'Sidomulyo',
  'Genengan',
  'Kedungrejo',
  'Pandean',
  'Blimbing',
  'Tambak',
];
const STREETS = [
  'Jl. Pahlawan',
  'Jl. Diponegoro',
  'Jl. Merdeka',
  'Jl. Kartini',
  'Jl. Sudirman',
  'Jl. Ahmad Yani',
  'Jl. Veteran',
  'Jl. Melati',
  'Jl. Mawar',
  'Jl. Anggrek',
  'Jl. Kenanga',
  'Jl. Raya Madiun-Ponorogo',
];

/** Rural families are addressed by dusun, kelurahan ones by street. */
export function streetName(rng: Random, kelurahan: boolean): string {
  return kelurahan ? `${rng.pick(STREETS)} No. ${rng.int(1, 120)}` : `Dusun ${rng.pick(DUSUN)}`;
}

const OPERATOR_PREFIXES = ['0812', '0813', '0821', '0822', '0823', '0852', '0853', '0856', '0857', '0858', '0877', '0878', '0881', '0895', '0896', '0897'];

/** '08' followed by 9-11 digits, with a real operator prefix. */
export function phoneNumber(rng: Random): string {
  let phone = rng.pick(OPERATOR_PREFIXES);
  const rest = rng.int(7, 9);
  for (let i = 0; i < rest; i++) phone += String(rng.int(0, 9));
  return phone;
}
