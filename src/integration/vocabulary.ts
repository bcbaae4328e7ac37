import type { KarangTarunaRole } from '../domain/provenance';
import type {
  Asset,
  CookingFuel,
  DisabilitySeverity,
  DisabilityType,
  Education,
  EnrollmentStatus,
  FloorType,
  MaritalStatus,
  ParticipationStatus,
  PilarRole,
  ProgrammeCode,
  Relationship,
  RoofType,
  Sanitation,
  Sex,
  TrainingCategory,
  TrainingOutcome,
  WallType,
  WaterSource,
} from '../domain/records';

/*
 * The words the sources write (Dukcapil's and BPS' Indonesian labels) and the
 * hub's codes they stand for. Each table maps a hub code to the label the
 * extracts write; readers also accept the listed alternatives. Labels are
 * compared upper-cased and trimmed.
 */

export interface Vocabulary<T extends string> {
  name: string;
  /** The label a writer uses for each code. */
  label: Record<T, string>;
  /** Every accepted label (upper case) -> code. */
  read: Map<string, T>;
}

export function vocabulary<T extends string>(name: string, label: Record<T, string>, alternatives: Record<string, T> = {}): Vocabulary<T> {
  const read = new Map<string, T>();
  for (const [code, text] of Object.entries(label) as [T, string][]) read.set(text.toUpperCase(), code);
  for (const [text, code] of Object.entries(alternatives)) read.set(text.toUpperCase(), code);
  return { name, label, read };
}

/** The code for a label, or a reason naming the accepted labels. */
export function decode<T extends string>(v: Vocabulary<T>, text: string): T | { reason: string } {
  const code = v.read.get(text.trim().toUpperCase());
  if (code !== undefined) return code;
  const accepted = [...new Set(Object.values(v.label) as string[])].join(', ');
  return { reason: `${v.name} "${text}" is not one of: ${accepted}` };
}

export const SEX = vocabulary<Sex>('sex', { MALE: 'LAKI-LAKI', FEMALE: 'PEREMPUAN' }, { L: 'MALE', P: 'FEMALE' });

/** SPOUSE is written SUAMI or ISTRI by sex; both read as SPOUSE. */
export const RELATIONSHIP = vocabulary<Relationship>(
  'relationship',
  {
    HEAD: 'KEPALA KELUARGA',
    SPOUSE: 'ISTRI',
    CHILD: 'ANAK',
    PARENT: 'ORANG TUA',
    GRANDCHILD: 'CUCU',
    IN_LAW: 'MENANTU',
    OTHER_RELATIVE: 'FAMILI LAIN',
    OTHER: 'LAINNYA',
  },
  { SUAMI: 'SPOUSE', MERTUA: 'IN_LAW' },
);

export function relationshipLabel(r: Relationship, sex: Sex): string {
  return r === 'SPOUSE' && sex === 'MALE' ? 'SUAMI' : RELATIONSHIP.label[r];
}

export const MARITAL_STATUS = vocabulary<MaritalStatus>('marital status', {
  SINGLE: 'BELUM KAWIN',
  MARRIED: 'KAWIN',
  DIVORCED: 'CERAI HIDUP',
  WIDOWED: 'CERAI MATI',
});

export const EDUCATION = vocabulary<Education>('education', {
  NONE: 'TIDAK/BELUM SEKOLAH',
  SD: 'SD/SEDERAJAT',
  SMP: 'SLTP/SEDERAJAT',
  SMA: 'SLTA/SEDERAJAT',
  DIPLOMA: 'DIPLOMA I/II/III',
  BACHELOR: 'DIPLOMA IV/STRATA I',
  POSTGRADUATE: 'STRATA II/III',
});

export const FLOOR = vocabulary<FloorType>('floor', {
  EARTH: 'TANAH',
  BAMBOO: 'BAMBU',
  WOOD: 'KAYU/PAPAN',
  CEMENT: 'SEMEN/BATA MERAH',
  TILE: 'UBIN/TEGEL',
  CERAMIC: 'KERAMIK',
});

export const WALL = vocabulary<WallType>('wall', {
  BAMBOO: 'BAMBU',
  WOOD: 'KAYU/PAPAN',
  PLASTERED_BRICK: 'TEMBOK PLESTER',
  UNPLASTERED_BRICK: 'TEMBOK TANPA PLESTER',
});

export const ROOF = vocabulary<RoofType>('roof', {
  THATCH: 'JERAMI/IJUK/RUMBIA',
  ASBESTOS: 'ASBES',
  ZINC: 'SENG',
  CLAY_TILE: 'GENTENG',
  CONCRETE: 'BETON',
});

export const WATER = vocabulary<WaterSource>('water source', {
  PIPED: 'LEDENG',
  BOTTLED: 'AIR KEMASAN',
  PROTECTED_WELL: 'SUMUR TERLINDUNG',
  UNPROTECTED_WELL: 'SUMUR TAK TERLINDUNG',
  SPRING: 'MATA AIR',
  RIVER: 'SUNGAI',
});

export const SANITATION = vocabulary<Sanitation>('sanitation', { PRIVATE: 'SENDIRI', SHARED: 'BERSAMA', PUBLIC: 'UMUM', NONE: 'TIDAK ADA' });

export const FUEL = vocabulary<CookingFuel>('cooking fuel', {
  LPG: 'GAS/LPG',
  ELECTRIC: 'LISTRIK',
  KEROSENE: 'MINYAK TANAH',
  WOOD: 'KAYU BAKAR',
  CHARCOAL: 'ARANG',
});

export const ASSET = vocabulary<Asset>('asset', {
  MOTORCYCLE: 'SEPEDA MOTOR',
  CAR: 'MOBIL',
  REFRIGERATOR: 'KULKAS',
  TELEVISION: 'TELEVISI',
  SMARTPHONE: 'SMARTPHONE',
  LAND: 'LAHAN',
  LIVESTOCK: 'TERNAK',
  GOLD: 'EMAS',
});

export const DISABILITY_TYPE = vocabulary<DisabilityType>('disability', {
  PHYSICAL: 'FISIK',
  INTELLECTUAL: 'INTELEKTUAL',
  MENTAL: 'MENTAL',
  SENSORY: 'SENSORIK',
  MULTIPLE: 'GANDA',
});

export const DISABILITY_SEVERITY = vocabulary<DisabilitySeverity>('disability severity', { MILD: 'RINGAN', MODERATE: 'SEDANG', SEVERE: 'BERAT' });

export const ENROLLMENT_STATUS = vocabulary<EnrollmentStatus>('status', {
  ACTIVE: 'AKTIF',
  GRADUATED: 'GRADUASI',
  TERMINATED: 'BERHENTI',
  SUSPENDED: 'DITANGGUHKAN',
});

export const PROGRAMME = vocabulary<ProgrammeCode>('programme', {
  PKH: 'PKH',
  BPNT: 'BPNT',
  PBI_JK: 'PBI-JK',
  SEKOLAH_RAKYAT: 'SEKOLAH RAKYAT',
  PERMODALAN_USAHA: 'PERMODALAN USAHA',
  ATENSI: 'ATENSI',
});

export const TRAINING_CATEGORY = vocabulary<TrainingCategory>('category', {
  VOCATIONAL: 'VOKASI',
  ENTREPRENEURSHIP: 'KEWIRAUSAHAAN',
  PILAR_CAPACITY: 'PENINGKATAN KAPASITAS PILAR',
});

export const PARTICIPATION_STATUS = vocabulary<ParticipationStatus>('participation status', {
  REGISTERED: 'TERDAFTAR',
  ATTENDED: 'HADIR',
  COMPLETED: 'LULUS',
  DROPPED: 'MENGUNDURKAN DIRI',
});

export const TRAINING_OUTCOME = vocabulary<TrainingOutcome>('outcome', { EMPLOYED: 'BEKERJA', STARTED_BUSINESS: 'BERWIRAUSAHA', NONE: 'BELUM ADA' });

export const PILAR_ROLE = vocabulary<PilarRole>('role', {
  PENDAMPING_PKH: 'PENDAMPING PKH',
  TKSK: 'TKSK',
  FASILITATOR_SLRT: 'FASILITATOR SLRT',
  PENDAMPING_REHSOS: 'PENDAMPING REHSOS',
  TAGANA: 'TAGANA',
  PELOPOR_PERDAMAIAN: 'PELOPOR PERDAMAIAN',
  PSM: 'PSM',
  KARANG_TARUNA: 'KARANG TARUNA',
});

export const KARANG_TARUNA_ROLE = vocabulary<KarangTarunaRole>('position', {
  KETUA: 'KETUA',
  SEKRETARIS: 'SEKRETARIS',
  BENDAHARA: 'BENDAHARA',
  ANGGOTA: 'ANGGOTA',
});

export const YES_NO = vocabulary<'Y' | 'N'>('yes/no', { Y: 'YA', N: 'TIDAK' });
