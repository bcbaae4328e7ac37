/** The `orderBy` enums of the SDL (tests/house/enums.test.ts holds them to the generated types). */
export type PersonOrder = 'NAME_ASC' | 'NAME_DESC' | 'BIRTH_DATE_ASC' | 'BIRTH_DATE_DESC' | 'DESIL_ASC' | 'DESIL_DESC';
export type HouseholdOrder = 'DESIL_ASC' | 'DESIL_DESC' | 'MEMBER_COUNT_ASC' | 'MEMBER_COUNT_DESC';
export type EnrollmentOrder = 'START_DATE_ASC' | 'START_DATE_DESC' | 'END_DATE_ASC' | 'END_DATE_DESC';
export type DiscrepancyOrder = 'OPENED_AT_ASC' | 'OPENED_AT_DESC' | 'CLOSED_AT_ASC' | 'CLOSED_AT_DESC';
import type { SortOrder } from './pagination';

/*
 * The orders the lists offer (`orderBy`), each a stored field and a direction; `_id` breaks ties (pagination.ts).
 * Every field here has a `(field, _id)` index on its model. Who may use each order is matrix.ts ARGUMENT_RULES.
 */

const order = <N extends string>(name: N, field: string, direction: 1 | -1): SortOrder => ({ name, field, direction });

export const PERSON_ORDERS: Record<PersonOrder, SortOrder> = {
  NAME_ASC: order('NAME_ASC', 'fullName', 1),
  NAME_DESC: order('NAME_DESC', 'fullName', -1),
  BIRTH_DATE_ASC: order('BIRTH_DATE_ASC', 'birthDate', 1),
  BIRTH_DATE_DESC: order('BIRTH_DATE_DESC', 'birthDate', -1),
  DESIL_ASC: order('DESIL_ASC', 'householdDesil', 1),
  DESIL_DESC: order('DESIL_DESC', 'householdDesil', -1),
};

export const HOUSEHOLD_ORDERS: Record<HouseholdOrder, SortOrder> = {
  DESIL_ASC: order('DESIL_ASC', 'desil', 1),
  DESIL_DESC: order('DESIL_DESC', 'desil', -1),
  MEMBER_COUNT_ASC: order('MEMBER_COUNT_ASC', 'memberCount', 1),
  MEMBER_COUNT_DESC: order('MEMBER_COUNT_DESC', 'memberCount', -1),
};

export const ENROLLMENT_ORDERS: Record<EnrollmentOrder, SortOrder> = {
  START_DATE_ASC: order('START_DATE_ASC', 'startDate', 1),
  START_DATE_DESC: order('START_DATE_DESC', 'startDate', -1),
  END_DATE_ASC: order('END_DATE_ASC', 'endDate', 1),
  END_DATE_DESC: order('END_DATE_DESC', 'endDate', -1),
};

export const DISCREPANCY_ORDERS: Record<DiscrepancyOrder, SortOrder> = {
  OPENED_AT_ASC: order('OPENED_AT_ASC', 'openedAt', 1),
  OPENED_AT_DESC: order('OPENED_AT_DESC', 'openedAt', -1),
  CLOSED_AT_ASC: order('CLOSED_AT_ASC', 'closedAt', 1),
  CLOSED_AT_DESC: order('CLOSED_AT_DESC', 'closedAt', -1),
};

/** The order a list's `orderBy` names, or its `_id` order when none is given. */
export function orderOf<K extends string>(orders: Record<K, SortOrder>, value: K | null | undefined): SortOrder | 1 {
  return value == null ? 1 : orders[value];
}
