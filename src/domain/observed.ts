/** Values observed in the field or proposed (schema ObservedValuesInput), only those given. */
export type ObservedValues = Partial<{
  fullName: string;
  sex: string;
  birthDate: Date;
  birthPlace: string;
  deathDate: Date;
  phone: string;
  occupation: string;
  education: string;
  disabilityType: string;
  disabilitySeverity: string;
  pregnant: boolean;
  street: string;
  rt: string;
  rw: string;
  floor: string;
  wall: string;
  roof: string;
  water: string;
  sanitation: string;
  electricityVa: number;
  cookingFuel: string;
}>;

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
