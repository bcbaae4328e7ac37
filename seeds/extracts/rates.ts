import { DISCREPANCY_KINDS, type DiscrepancyKind } from '../../src/domain/provenance';

/**
 * How often each discrepancy is injected: the chance that an eligible record
 * gets one (docs/domain.md section 4). Eligible records differ by kind: persons for
 * the identity kinds, PBI-JK rows too for INVALID_NIK and IDENTITY_MISMATCH,
 * families and persons for DOMICILE_MISMATCH, deceased persons whose
 * enrolment death ended for DECEASED_RECIPIENT, ACTIVE PKH/BPNT enrolments of
 * under five years for EXCEEDS_MAX_DURATION, ACTIVE PKH/BPNT families of
 * desil 1-4 for INCLUSION_ERROR, aided desil 1 families with children, elders
 * or a disability for EXCLUSION_ERROR, living persons with a phone for VERVAL_CONTRADICTED.
 */
export type DiscrepancyRates = Record<DiscrepancyKind, number>;

export const DEFAULT_RATES: Readonly<DiscrepancyRates> = Object.freeze({
  INVALID_NIK: 0.003,
  NIK_ATTRIBUTE_MISMATCH: 0.002,
  DUPLICATE_NIK: 0.002,
  NOT_IN_CIVIL_REGISTRY: 0.003,
  IDENTITY_MISMATCH: 0.004,
  DOMICILE_MISMATCH: 0.004,
  FAMILY_MISMATCH: 0.002,
  DECEASED_RECIPIENT: 0.3,
  EXCEEDS_MAX_DURATION: 0.03,
  INCLUSION_ERROR: 0.02,
  EXCLUSION_ERROR: 0.05,
  VERVAL_CONTRADICTED: 0.002,
});

/** Parses `KIND=rate,KIND=rate` (a rate from 0 to 1); unnamed kinds keep their default. */
export function parseRates(text: string): DiscrepancyRates {
  const out = { ...DEFAULT_RATES };
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kind, value] = part.split('=') as [string, string | undefined];
    if (!(DISCREPANCY_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown discrepancy kind "${kind}" (kinds: ${DISCREPANCY_KINDS.join(', ')})`);
    const rate = Number(value);
    if (value === undefined || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new Error(`rate of ${kind} must be a number from 0 to 1, got "${value ?? ''}"`);
    out[kind as DiscrepancyKind] = rate;
  }
  return out;
}
