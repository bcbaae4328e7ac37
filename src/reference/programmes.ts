import type { ProgrammeCode, ProgrammeRecord } from '../domain/records';

/**
 * The six programmes the hub tracks. Desil ceilings for PKH, BPNT and Sekolah Rakyat
 * follow docs/domain.md section 6; PBI-JK follows Kemensos' desil 1-5 rule of 2025; the
 * ceilings of Permodalan Usaha and ATENSI are this seed's assumptions (docs/domain.md names
 * none). Conditions are stable codes a policy module can interpret.
 */
export const PROGRAMMES: readonly ProgrammeRecord[] = deepFreeze([
  {
    _id: 'PKH',
    name: 'Program Keluarga Harapan',
    level: 'HOUSEHOLD',
    maxYears: 5,
    eligibility: { desilMin: 1, desilMax: 4, conditions: ['HAS_PKH_COMPONENT'] },
  },
  {
    _id: 'BPNT',
    name: 'Bantuan Pangan Non Tunai',
    level: 'HOUSEHOLD',
    maxYears: 5,
    eligibility: { desilMin: 1, desilMax: 4, conditions: [] },
  },
  {
    _id: 'PBI_JK',
    name: 'Penerima Bantuan Iuran Jaminan Kesehatan',
    level: 'PERSON',
    maxYears: null,
    eligibility: { desilMin: 1, desilMax: 5, conditions: [] },
  },
  {
    _id: 'SEKOLAH_RAKYAT',
    name: 'Sekolah Rakyat',
    level: 'PERSON',
    maxYears: null,
    eligibility: { desilMin: 1, desilMax: 2, conditions: ['AGED_13_TO_18'] },
  },
  {
    _id: 'PERMODALAN_USAHA',
    name: 'Bantuan Permodalan Usaha',
    level: 'PERSON',
    maxYears: null,
    eligibility: { desilMin: 1, desilMax: 5, conditions: ['AGED_18_TO_59'] },
  },
  {
    _id: 'ATENSI',
    name: 'Asistensi Rehabilitasi Sosial',
    level: 'PERSON',
    maxYears: null,
    eligibility: { desilMin: 1, desilMax: 10, conditions: ['HAS_DISABILITY'] },
  },
] satisfies ProgrammeRecord[]);

/** Frozen to the leaves: this is shared reference data, and a caller that edits it would edit it for all. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function programme(code: ProgrammeCode): ProgrammeRecord {
  const found = PROGRAMMES.find((p) => p._id === code);
  if (!found) throw new RangeError(`unknown programme ${code}`);
  return found;
}
