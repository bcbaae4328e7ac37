import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_AS_OF, type Regency, type Seed } from '../regency';
import { computeAnswerKey, type AnswerKey } from './answerKey';
import { karangTarunaMembers } from './karangTaruna';
import { nikOf, planInjections, RegencyIndex } from './plan';
import type { SeededApproval } from './verval';
import { DEFAULT_RATES, type DiscrepancyRates } from './rates';
import { LineFile, writeDtsen, writeKarangTaruna, writePilar, writeProgrammeRosters, writeSenopati, writeTrainings } from './writers';

export { DEFAULT_RATES, parseRates, type DiscrepancyRates } from './rates';
export { entryKey, type AnswerEntry, type AnswerKey } from './answerKey';
export { applySeededApprovals, type SeededApproval } from './verval';

export interface ExtractOptions {
  /** Seed of the injections (default: the regency's seed). */
  seed: Seed;
  families: number;
  asOf?: Date;
  rates?: Partial<DiscrepancyRates>;
}

export interface ExtractFile {
  /** The source name the importer knows the file by (npm run import -- <source> <path>). */
  source: string;
  path: string;
  rows: number;
}

export interface Extracts {
  dir: string;
  /** In the order a full load imports them. */
  files: ExtractFile[];
  answerKey: AnswerKey;
  /** Data changes approved in the seeded world, to apply after the Senopati import and before DT-SEN (verval.ts). */
  approvals: SeededApproval[];
}

const PROGRAMME_FILES = { PKH: 'pkh', BPNT: 'bpnt', PBI_JK: 'pbi-jk', SEKOLAH_RAKYAT: 'sekolah-rakyat', PERMODALAN_USAHA: 'permodalan-usaha', ATENSI: 'atensi' } as const;

/**
 * Writes what each source would send about a generated regency: Senopati as
 * JSON lines, DT-SEN and the rosters as CSV, with the discrepancies of
 * docs/domain.md section 4 injected at the given rates, and answer-key.json listing
 * every discrepancy the files hold. Formats: docs/formats/.
 */
export async function writeExtracts(regency: Regency, dir: string, opts: ExtractOptions): Promise<Extracts> {
  mkdirSync(dir, { recursive: true });
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  const rates = { ...DEFAULT_RATES, ...opts.rates };
  const idx = new RegencyIndex(regency);
  const plan = planInjections(regency, rates, opts.seed, asOf);
  const open = (name: string) => new LineFile(join(dir, name));

  const senopati = open('senopati.jsonl');
  await writeSenopati(senopati, idx, plan);
  const dtsen = open('dtsen.csv');
  await writeDtsen(dtsen, idx, plan);
  const rosters = Object.fromEntries(Object.entries(PROGRAMME_FILES).map(([code, name]) => [code, open(`${name}.csv`)]));
  await writeProgrammeRosters(rosters, idx, plan);
  const trainings = open('pelatihan.csv');
  const participants = open('peserta-pelatihan.csv');
  await writeTrainings(trainings, participants, idx, plan);
  const karangTaruna = open('karang-taruna.csv');
  await writeKarangTaruna(karangTaruna, karangTarunaMembers(idx, plan, opts.seed), idx, plan);
  const pilar = open('pilar.csv');
  await writePilar(pilar, idx, plan);

  const ordered: [string, LineFile][] = [
    ['senopati', senopati],
    ['dtsen', dtsen],
    ...Object.entries(PROGRAMME_FILES).map(([code, name]) => [name, rosters[code]!] as [string, LineFile]),
    ['pelatihan', trainings],
    ['peserta-pelatihan', participants],
    ['karang-taruna', karangTaruna],
    ['pilar', pilar],
  ];
  for (const [, f] of ordered) await f.close();
  const answerKey = computeAnswerKey(regency, plan, { families: opts.families, seed: String(opts.seed), rates });
  writeFileSync(join(dir, 'answer-key.json'), `${JSON.stringify(answerKey, null, 2)}\n`);
  const approvals: SeededApproval[] = plan.verval.map((a) => ({
    nik: nikOf(plan, idx.person.get(a.personId)!),
    phone: a.phone,
    visitDate: a.visitDate.toISOString().slice(0, 10),
  }));
  writeFileSync(join(dir, 'verval-approvals.json'), `${JSON.stringify(approvals, null, 2)}\n`);
  return { dir, files: ordered.map(([source, f]) => ({ source, path: f.path, rows: f.rows })), answerKey, approvals };
}
