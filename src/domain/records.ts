/**
 * The stored (lean) shapes of the hub's golden records. Mongoose models in
 * src/db/models/ mirror these, codegen maps GraphQL types onto them, and the
 * seed builders produce them. Ids are stable strings so that the embedded
 * engine can serve every lookup by `_id` from its index.
 */

import type { KarangTarunaMembership, MoveOut } from './provenance';

/** The order of records by their string ids (ASCII, so the same order as the database's binary string order). */
export const byId = (a: { _id: string }, b: { _id: string }): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

export type Sex = 'MALE' | 'FEMALE';
export type AgeGroup = 'CHILD' | 'YOUTH' | 'ADULT' | 'ELDER';
export type Relationship = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDCHILD' | 'IN_LAW' | 'OTHER_RELATIVE' | 'OTHER';
export type MaritalStatus = 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';
export type Education = 'NONE' | 'SD' | 'SMP' | 'SMA' | 'DIPLOMA' | 'BACHELOR' | 'POSTGRADUATE';
export type DisabilityType = 'PHYSICAL' | 'INTELLECTUAL' | 'MENTAL' | 'SENSORY' | 'MULTIPLE';
export type DisabilitySeverity = 'MILD' | 'MODERATE' | 'SEVERE';

export interface Disability {
  type: DisabilityType;
  severity: DisabilitySeverity;
}

export interface PersonRecord {
  _id: string; // 'P' + 7 digits
  nik: string;
  fullName: string;
  sex: Sex;
  birthDate: Date;
  birthPlace: string;
  phone: string | null;
  householdId: string | null;
  relationship: Relationship;
  maritalStatus: MaritalStatus;
  education: Education;
  occupation: string;
  disability: Disability | null;
  pregnant: boolean;
  isDeceased: boolean;
  deathDate: Date | null;
  /** Desa of domicile (copied from the household for row-scope filters). */
  desaCode: string;
  kecamatanCode: string;
  /** Moved out of Kabupaten Madiun, as the civil registry reports it (pindah keluar). */
  movedOut?: MoveOut | null;
  /** Membership of the desa's Karang Taruna, from its roster. */
  karangTaruna?: KarangTarunaMembership | null;
}

export type FloorType = 'EARTH' | 'BAMBOO' | 'WOOD' | 'CEMENT' | 'TILE' | 'CERAMIC';
export type WallType = 'BAMBOO' | 'WOOD' | 'PLASTERED_BRICK' | 'UNPLASTERED_BRICK';
export type RoofType = 'THATCH' | 'ASBESTOS' | 'ZINC' | 'CLAY_TILE' | 'CONCRETE';
export type WaterSource = 'PIPED' | 'BOTTLED' | 'PROTECTED_WELL' | 'UNPROTECTED_WELL' | 'SPRING' | 'RIVER';
export type Sanitation = 'PRIVATE' | 'SHARED' | 'PUBLIC' | 'NONE';
export type CookingFuel = 'LPG' | 'ELECTRIC' | 'KEROSENE' | 'WOOD' | 'CHARCOAL';
export type Asset = 'MOTORCYCLE' | 'CAR' | 'REFRIGERATOR' | 'TELEVISION' | 'SMARTPHONE' | 'LAND' | 'LIVESTOCK' | 'GOLD';

export interface Housing {
  floor: FloorType;
  wall: WallType;
  roof: RoofType;
  water: WaterSource;
  sanitation: Sanitation;
  electricityVa: number; // 0 = not connected; 450, 900, 1300, 2200
  cookingFuel: CookingFuel;
}

export interface KkHistoryEntry {
  kkNumber: string;
  from: Date;
  to: Date | null;
}

export interface HouseholdRecord {
  _id: string; // 'H' + 7 digits
  kkNumber: string;
  kkHistory: KkHistoryEntry[];
  headId: string;
  desaCode: string;
  kecamatanCode: string;
  address: { street: string; rt: string; rw: string };
  desil: number | null; // 1..10
  housing: Housing;
  assets: Asset[];
  memberCount: number;
}

export type ProgrammeCode = 'PKH' | 'BPNT' | 'PBI_JK' | 'SEKOLAH_RAKYAT' | 'PERMODALAN_USAHA' | 'ATENSI';
export type ProgrammeLevel = 'HOUSEHOLD' | 'PERSON';

export interface ProgrammeRecord {
  _id: ProgrammeCode;
  name: string;
  level: ProgrammeLevel;
  maxYears: number | null;
  eligibility: { desilMin: number; desilMax: number; conditions: string[] };
}

export type EnrollmentStatus = 'ACTIVE' | 'GRADUATED' | 'TERMINATED' | 'SUSPENDED';
export type PkhComponent = 'IBU_HAMIL' | 'ANAK_USIA_DINI' | 'SD' | 'SMP' | 'SMA' | 'DISABILITAS_BERAT' | 'LANSIA';

export interface EnrollmentRecord {
  _id: string; // 'E' + 8 digits
  programmeCode: ProgrammeCode;
  /** Household-level programmes point at a household, person-level ones at a person (and its household). */
  householdId: string;
  personId: string | null;
  startDate: Date;
  endDate: Date | null;
  status: EnrollmentStatus;
  components: PkhComponent[];
  desaCode: string;
  kecamatanCode: string;
  /** Household-level enrolments: the member who receives the aid (pengurus), when the roster names one. */
  recipientId?: string | null;
}

export type TrainingCategory = 'VOCATIONAL' | 'ENTREPRENEURSHIP' | 'PILAR_CAPACITY';

export interface TrainingRecord {
  _id: string; // 'T' + 5 digits
  title: string;
  organizer: string;
  category: TrainingCategory;
  startDate: Date;
  endDate: Date;
  desaCode: string;
  kecamatanCode: string;
  quota: number;
}

export type ParticipationStatus = 'REGISTERED' | 'ATTENDED' | 'COMPLETED' | 'DROPPED';
export type TrainingOutcome = 'EMPLOYED' | 'STARTED_BUSINESS' | 'NONE';

export interface TrainingParticipationRecord {
  _id: string; // 'TP' + 8 digits
  trainingId: string;
  personId: string;
  status: ParticipationStatus;
  outcome: TrainingOutcome | null;
}

export type PilarRole = 'PENDAMPING_PKH' | 'TKSK' | 'FASILITATOR_SLRT' | 'PENDAMPING_REHSOS' | 'TAGANA' | 'PELOPOR_PERDAMAIAN' | 'PSM' | 'KARANG_TARUNA';

export interface PilarRecord {
  _id: string; // 'PL' + 4 digits
  fullName: string;
  role: PilarRole;
  kecamatanCodes: string[];
  desaCodes: string[];
  active: boolean;
}
