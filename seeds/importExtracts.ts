import { generateRegency, type GenerateRegencyOptions } from './regency';
import { applySeededApprovals, writeExtracts, type DiscrepancyRates, type ExtractFile, type Extracts, type SeededApproval } from './extracts';
import type { Logger } from '../src/log';
import { RecordCache } from '../src/integration/cache';
import { importFile, type ImportProgress, type ImportResult } from '../src/integration/runner';
import { withIndexesAfterLoad } from '../src/integration/firstLoad';
import { hubWritesCount } from '../src/integration/runs';
import { loadByClusters, resetInterruptedFirstLoad, type BucketStep, type ClusterLoadReport } from '../src/integration/clusterLoad';
import { linkKey } from '../src/integration/linkage';

export interface SeedOptions {
  regency: GenerateRegencyOptions;
  rates?: Partial<DiscrepancyRates>;
  /** Where the extracts are written. */
  dir: string;
  /** False: write the extracts only. */
  load?: boolean;
  chunkSize?: number;
  /** Families per bucket of a first load by clusters (src/integration/clusterLoad.ts); default 5,000. */
  familiesPerBucket?: number;
  /** False: import file after file even into an empty database (comparisons, benchmarks). Default true. */
  byClusters?: boolean;
  log?: Logger;
  onProgress?: (file: ExtractFile, p: ImportProgress) => void;
  onImported?: (file: ExtractFile, result: ImportResult) => void;
  /** Called after each bucket of a first load by clusters is written (tests stop a load there, as a kill would). */
  afterBucket?: (bucket: number) => Promise<void>;
}

export interface SeedResult {
  extracts: Extracts;
  results: ImportResult[];
  /** How the first load by clusters went; null when the files were imported one after the other. */
  clusterLoad: ClusterLoadReport | null;
}

/**
 * The seeded approvals of one bucket of a first load by clusters, after its Senopati rows: the
 * persons they name (with their NIK's link key and household, which the workflows read) are
 * written first, the workflows change them in the database, and the load forgets them so that
 * DT-SEN reads them back, as it does file after file.
 */
async function approvalsOfBucket(approvals: readonly SeededApproval[], step: BucketStep): Promise<void> {
  const mine = approvals.filter((a) => step.holds(linkKey.nik(a.nik)));
  if (mine.length === 0) return;
  const keys = mine.map((a) => linkKey.nik(a.nik));
  const persons: string[] = [];
  const households: string[] = [];
  for (const key of keys) {
    const id = await step.linked(key);
    if (!id) continue;
    persons.push(id);
    const household = step.held('persons', id)?.householdId;
    if (typeof household === 'string') households.push(household);
  }
  await step.writeNow('linkKeys', keys);
  await step.writeNow('households', households);
  await step.writeNow('persons', persons);
  step.forget('persons', await applySeededApprovals(mine));
}

/**
 * Generates a regency, writes what each source would send about it, then
 * imports the files in the order a full load needs (identity, welfare,
 * rosters) through the importers: the one path from source files to the
 * golden records. Into an empty database the files are loaded by clusters of
 * families, each record written once (src/integration/clusterLoad.ts);
 * otherwise one after the other, sharing one record cache, since each reads
 * the families the previous one wrote.
 */
export async function seedRegency(opts: SeedOptions): Promise<SeedResult> {
  const regency = generateRegency(opts.regency);
  const extracts = await writeExtracts(regency, opts.dir, { seed: opts.regency.seed, families: opts.regency.families, asOf: opts.regency.asOf, rates: opts.rates });
  const results: ImportResult[] = [];
  if (opts.load === false) return { extracts, results, clusterLoad: null };
  const fileOf = (source: string) => extracts.files.find((f) => f.source === source)!;
  // A first load killed midway is all or nothing: emptied, then loaded again.
  await resetInterruptedFirstLoad(opts.log);
  if (opts.byClusters !== false) {
    const report = await loadByClusters({
      files: extracts.files,
      workDir: opts.dir,
      familiesPerBucket: opts.familiesPerBucket,
      chunkSize: opts.chunkSize,
      log: opts.log,
      onProgress: opts.onProgress ? (source, p) => opts.onProgress!(fileOf(source), p) : undefined,
      onImported: (source, r) => {
        results.push(r);
        opts.onImported?.(fileOf(source), r);
      },
      // The seeded world's approved data changes, once Senopati has created the persons (seeds/extracts/verval.ts).
      afterFile: (source, step) => (source === 'senopati' ? approvalsOfBucket(extracts.approvals, step) : Promise.resolve()),
      afterBucket: opts.afterBucket,
    });
    if (report) return { extracts, results, clusterLoad: report };
  }
  // Into an empty database the secondary indexes are built once, after the data (src/integration/firstLoad.ts).
  await withIndexesAfterLoad(async () => {
    const cache = new RecordCache();
    for (const file of extracts.files) {
      // The seeded world's approved data changes, once Senopati has created the persons (seeds/extracts/verval.ts).
      if (file.source === 'dtsen') {
        for (const id of await applySeededApprovals(extracts.approvals)) cache.forget('persons', id);
        // The records those approvals changed are forgotten above: the rest of the session's copies still hold.
        cache.hubWritesSeen = await hubWritesCount();
      }
      const result = await importFile({
        source: file.source,
        file: file.path,
        cache,
        chunkSize: opts.chunkSize,
        log: opts.log,
        onProgress: opts.onProgress ? (p) => opts.onProgress!(file, p) : undefined,
      });
      results.push(result);
      opts.onImported?.(file, result);
      if (result.status !== 'COMPLETED') throw new Error(`seed: ${file.source} ${file.path} was ${result.status}: ${result.message ?? ''}`);
    }
  }, opts.log);
  return { extracts, results, clusterLoad: null };
}
