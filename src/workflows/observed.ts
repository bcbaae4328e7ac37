import type { Viewer } from '../auth/viewer';
import type { ObservedValues } from '../db/models/verval';
import { requireReadable } from '../writes/guard';
import { badField, requirePastOrToday, requireText } from '../writes/validate';
import { IDENTITY_VALUES, OBSERVED_FIELDS } from '../domain/observed';

export { IDENTITY_VALUES, OBSERVED_FIELDS };

/*
 * Values observed in a visit or proposed in a data change request (schema ObservedValuesInput): which field of the
 * person or family each describes (the read matrix governs writing them as it governs reading), which are identity
 * facts (never changed by the hub: a Dukcapil referral), and their checks.
 */

const keys = (o: ObservedValues) => Object.keys(o) as (keyof ObservedValues)[];

/**
 * The values given (nulls dropped), checked: each of a field the viewer reads (FORBIDDEN naming it), of the subject's
 * kind (a person's values for a person), well formed (BAD_USER_INPUT naming it). `path` is the input's path.
 */
export function checkObserved(
  viewer: Viewer,
  path: string,
  of: string,
  input: Record<string, unknown> | null | undefined,
  subject: 'PERSON' | 'HOUSEHOLD',
  now: Date,
): ObservedValues {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input ?? {})) if (v !== null && v !== undefined) out[k] = v;
  const values = out as ObservedValues;
  for (const k of keys(values)) {
    const field = OBSERVED_FIELDS[k];
    if (!field) throw badField(`${path}.${k}`, 'is not a value the hub records');
    requireReadable(viewer, `${path}.${k}`, of, [field]);
    const kind = field.startsWith('Person.') ? 'PERSON' : 'HOUSEHOLD';
    if (kind !== subject)
      throw badField(`${path}.${k}`, `describes a ${kind === 'PERSON' ? 'person' : 'family'}, and the subject is a ${subject === 'PERSON' ? 'person' : 'family'}`);
  }
  if (values.fullName !== undefined) values.fullName = requireText(`${path}.fullName`, values.fullName, 120, true)!;
  if (values.birthPlace !== undefined) values.birthPlace = requireText(`${path}.birthPlace`, values.birthPlace, 80, true)!;
  if (values.occupation !== undefined) values.occupation = requireText(`${path}.occupation`, values.occupation, 80, true)!;
  if (values.street !== undefined) values.street = requireText(`${path}.street`, values.street, 120, true)!;
  if (values.birthDate) requirePastOrToday(`${path}.birthDate`, values.birthDate, now);
  if (values.deathDate) requirePastOrToday(`${path}.deathDate`, values.deathDate, now);
  if (values.phone !== undefined && !/^08\d{8,11}$/.test(values.phone)) throw badField(`${path}.phone`, 'is not a mobile number (08 and 8 to 11 digits)');
  for (const k of ['rt', 'rw'] as const) if (values[k] !== undefined && !/^\d{3}$/.test(values[k]!)) throw badField(`${path}.${k}`, 'is not three digits');
  if (values.electricityVa !== undefined && (values.electricityVa < 0 || values.electricityVa > 200_000)) throw badField(`${path}.electricityVa`, 'is not between 0 and 200000');
  if ((values.disabilityType === undefined) !== (values.disabilitySeverity === undefined)) {
    throw badField(`${path}.${values.disabilityType === undefined ? 'disabilityType' : 'disabilitySeverity'}`, 'disabilityType and disabilitySeverity go together');
  }
  return values;
}

export const isEmpty = (o: ObservedValues) => keys(o).length === 0;
export const observedKeys = keys;
