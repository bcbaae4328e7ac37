import type { Observation } from '../db/models/lineage';
import type { ConflictValue, DataSource } from '../domain/provenance';
import { isoDate } from './fields';
import { normalName } from './linkage';
import type { HouseholdWork, PersonWork } from './workingRecords';

/*
 * Values verified in the field and approved (source VERVAL, src/workflows/dataChanges.ts) against the sources that
 * observe the same facts later (docs/domain.md section 9):
 * - the VERVAL observation of a family's address and housing describes the dwelling in the desa it was verified in:
 *   once the family lives in another desa (Senopati moved it), it no longer counts, neither for the golden record nor
 *   against the sources;
 * - a source whose observation is dated after the visit that verified a value, and states that fact differently, is a
 *   VERVAL_CONTRADICTED finding (aspect: the fact). The VERVAL value keeps its rank until a pilar verifies it again.
 */

/** The facts VERVAL ranks first for, per subject, and the sources that state each of them. */
export const VERVAL_FACTS = {
  PERSON: { phone: ['DTSEN'], occupation: ['DTSEN', 'SENOPATI'], education: ['DTSEN', 'SENOPATI'], disability: ['DTSEN'], pregnant: ['DTSEN'] },
  HOUSEHOLD: { address: ['SENOPATI', 'DTSEN'], housing: ['DTSEN'] },
} as const satisfies Record<'PERSON' | 'HOUSEHOLD', Record<string, readonly DataSource[]>>;

export type VervalFact = keyof (typeof VERVAL_FACTS)['PERSON'] | keyof (typeof VERVAL_FACTS)['HOUSEHOLD'];

/** The family's VERVAL observation when it was verified in the desa the family lives in now (else undefined). */
export function householdVerval(h: Pick<HouseholdWork, 'sources' | 'desaCode'>): Observation | undefined {
  const v = h.sources?.VERVAL;
  if (!v) return undefined;
  // Observations written before the desa was recorded with them are taken to be of the current desa.
  if (typeof v.desaCode === 'string' && v.desaCode !== h.desaCode) return undefined;
  return v;
}

/** When the field visit behind the VERVAL value of a fact observed it (the approval's visit date). */
export function observedOn(v: Observation, fact: string): Date {
  const on = (v.observedOn as Record<string, Date | string> | undefined)?.[fact];
  return on ? new Date(on) : v.asOf;
}

const HOUSING_KEYS = ['floor', 'wall', 'roof', 'water', 'sanitation', 'electricityVa', 'cookingFuel'] as const;

/** A fact's value as a text to compare and show; null when the observation does not state it. */
function textOf(fact: string, value: unknown): string | null {
  if (value === undefined) return null;
  switch (fact) {
    case 'disability': {
      const d = value as { type: string; severity: string } | null;
      return d ? `${d.type} ${d.severity}` : 'no disability';
    }
    case 'pregnant':
      return value === true ? 'pregnant' : 'not pregnant';
    case 'address': {
      const a = value as { street?: string; rt?: string; rw?: string } | null;
      return a ? `${a.street ?? ''}, RT ${a.rt ?? '?'} RW ${a.rw ?? '?'}` : null;
    }
    case 'housing': {
      const h = value as Record<string, unknown> | null;
      return h ? HOUSING_KEYS.map((k) => `${k} ${String(h[k] ?? '?')}`).join(', ') : null;
    }
    default:
      return value === null || value === '' ? null : value instanceof Date ? isoDate(value) : String(value);
  }
}

/** What the source states of the fact: DT-SEN surveys disability and pregnancy (absent there: none). */
function stated(o: Observation, fact: string): unknown {
  if (fact === 'disability') return o.disability ?? null;
  if (fact === 'pregnant') return o.pregnant === true;
  return o[fact];
}

/** [aspect, the VERVAL value, the later sources' differing values] of every contradicted fact of the subject. */
export function vervalContradictions(
  subject: 'PERSON' | 'HOUSEHOLD',
  record: PersonWork | HouseholdWork,
  val: (source: DataSource, value: unknown, stamp?: Pick<Observation, 'asOf' | 'runId'> | null) => ConflictValue,
): [string, ConflictValue[]][] {
  const v = subject === 'PERSON' ? record.sources?.VERVAL : householdVerval(record as HouseholdWork);
  if (!v) return [];
  const out: [string, ConflictValue[]][] = [];
  for (const [fact, sources] of Object.entries(VERVAL_FACTS[subject]) as [string, readonly DataSource[]][]) {
    if (!(fact in v)) continue;
    const verified = textOf(fact, v[fact]);
    if (verified === null) continue;
    const on = observedOn(v, fact);
    const differing: ConflictValue[] = [];
    for (const source of sources) {
      const o = record.sources?.[source];
      // Only what a source observed after the visit contradicts it; an address only within the same desa (a family
      // another source puts in another desa is a DOMICILE_MISMATCH, not this).
      if (!o || !(o.asOf instanceof Date) || o.asOf.getTime() <= on.getTime()) continue;
      if (fact === 'address' && typeof v.desaCode === 'string' && o.desaCode !== v.desaCode) continue;
      const theirs = textOf(fact, stated(o, fact));
      const same = fact === 'occupation' ? (a: string, b: string) => normalName(a) === normalName(b) : (a: string, b: string) => a === b;
      if (theirs !== null && !same(theirs, verified)) differing.push(val(source, theirs, o));
    }
    if (differing.length > 0) out.push([fact, [val('VERVAL', verified, { asOf: on, runId: String(v.runId) }), ...differing]]);
  }
  return out;
}
