import { generateRegency, type Regency } from '../../seeds/regency';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import type { PersonRecord } from '../../src/domain/records';
import { maskNumber, type NumberKind } from '../../src/identifiers';
import type { TestHub } from '../helpers/hub';

/** The regency the authorization specs run on, and a second copy to compute expectations from. */
export function authRegency(): Regency {
  return generateRegency(SCENARIOS.small);
}

/** Completed years on a UTC day. */
export function age(birth: Date, on: Date): number {
  const years = on.getUTCFullYear() - birth.getUTCFullYear();
  const before = on.getUTCMonth() < birth.getUTCMonth() || (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  return years - (before ? 1 : 0);
}

export const isYouth = (p: PersonRecord, now: Date) => {
  const a = age(p.birthDate, now);
  return a >= 15 && a <= 30;
};

/** The household ids holding any PKH enrolment (any status), from the generated records. */
export function pkhHouseholds(r: Regency): Set<string> {
  return new Set(r.enrollments.filter((e) => e.programmeCode === 'PKH').map((e) => e.householdId));
}

/** A NIK or KK number as this viewer (`user:test-psm`, `apikey:ak_...`) of this hub reads it masked. */
export const mask = (hub: TestHub, viewer: string, kind: NumberKind, n: string) => maskNumber(hub.config.maskKey, viewer, kind, n);

/** Errors of a GraphQL body by dotted path, e.g. "personById.nik". */
export function errorsByPath(body: { errors?: { path?: (string | number)[]; extensions?: { code?: string } }[] }): Map<string, string> {
  return new Map((body.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions?.code ?? '']));
}
