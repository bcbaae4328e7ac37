import { karangTaruna, participations, pilar, trainings } from './apply/activities';
import { dtsen } from './apply/dtsen';
import { programmeRoster } from './apply/programmes';
import { senopati } from './apply/senopati';
import type { SourceSpec } from './source';

/**
 * Every source the hub imports, in the order a full load imports them: identity
 * first (it keys persons and families), then welfare, then the rosters that
 * attach to both.
 */
export const SOURCES: readonly SourceSpec<any>[] = [
  senopati,
  dtsen,
  programmeRoster('PKH', 'pkh', 'ROSTER_PKH'),
  programmeRoster('BPNT', 'bpnt', 'ROSTER_BPNT'),
  programmeRoster('PBI_JK', 'pbi-jk', 'ROSTER_PBI_JK'),
  programmeRoster('SEKOLAH_RAKYAT', 'sekolah-rakyat', 'ROSTER_SEKOLAH_RAKYAT'),
  programmeRoster('PERMODALAN_USAHA', 'permodalan-usaha', 'ROSTER_PERMODALAN_USAHA'),
  programmeRoster('ATENSI', 'atensi', 'ROSTER_ATENSI'),
  trainings,
  participations,
  karangTaruna,
  pilar,
];

export const SOURCE_NAMES = SOURCES.map((s) => s.name);

export function sourceNamed(name: string): SourceSpec<any> | undefined {
  return SOURCES.find((s) => s.name === name);
}
