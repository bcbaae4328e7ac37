import type { ObservedValues } from '../db/models/verval';

/*
 * Values observed in a visit or proposed in a data change request (schema ObservedValuesInput), as data: the read
 * matrix (src/auth/matrix.ts) governs writing them through this table, so it depends on nothing.
 */

/** The schema field each value describes: a viewer may give it only when it reads that field in full. */
export const OBSERVED_FIELDS: Record<keyof ObservedValues, string> = {
  fullName: 'Person.fullName',
  sex: 'Person.sex',
  birthDate: 'Person.birthDate',
  birthPlace: 'Person.birthPlace',
  deathDate: 'Person.deathDate',
  phone: 'Person.phone',
  occupation: 'Person.occupation',
  education: 'Person.education',
  disabilityType: 'Person.disability',
  disabilitySeverity: 'Person.disability',
  pregnant: 'Person.pregnant',
  street: 'Household.address',
  rt: 'Household.address',
  rw: 'Household.address',
  floor: 'Household.housing',
  wall: 'Household.housing',
  roof: 'Household.housing',
  water: 'Household.housing',
  sanitation: 'Household.housing',
  electricityVa: 'Household.housing',
  cookingFuel: 'Household.housing',
};

/** Identity facts (docs/domain.md section 9): Senopati's to change; an approved change is referred to Dukcapil. */
export const IDENTITY_VALUES: ReadonlySet<keyof ObservedValues> = new Set(['fullName', 'sex', 'birthDate', 'birthPlace', 'deathDate']);

