import type { ProgrammeDoc } from '../db/models/programme';
import { Programme } from '../db/models/programme';
import type { ProgrammeCode } from '../domain/records';
import { PROGRAMMES } from '../reference/programmes';

/**
 * The programme rules (maxYears, desil ceilings) the discrepancy rules read.
 * They are reference data of Kemensos, like the regions: a missing programme
 * is added from the seed's list; one already stored is left as an operator
 * may have changed it.
 */
export async function programmeRules(): Promise<Map<ProgrammeCode, ProgrammeDoc>> {
  const stored = await Programme.find({}).lean<ProgrammeDoc[]>();
  const have = new Set(stored.map((p) => p._id));
  const missing = PROGRAMMES.filter((p) => !have.has(p._id)).map((p) => structuredClone(p) as ProgrammeDoc);
  if (missing.length > 0) await Programme.insertMany(missing);
  return new Map([...stored, ...missing].map((p) => [p._id, p]));
}
