import { generateRegency, type GenerateRegencyOptions } from './regency';
import { applySeededApprovals, writeExtracts, type DiscrepancyRates, type ExtractFile, type Extracts } from './extracts';
import type { Logger } from '../src/log';
import { RecordCache } from '../src/integration/cache';
import { importFile, type ImportProgress, type ImportResult } from '../src/integration/runner';
import { withIndexesAfterLoad } from '../src/integration/firstLoad';

export interface SeedOptions {
  regency: GenerateRegencyOptions;
  rates?: Partial<DiscrepancyRates>;
  /** Where the extracts are written. */
  dir: string;
  /** False: write the extracts only. */
  load?: boolean;
  chunkSize?: number;
  log?: Logger;
  onProgress?: (file: ExtractFile, p: ImportProgress) => void;
  onImported?: (file: ExtractFile, result: ImportResult) => void;
}

export interface SeedResult {
  extracts: Extracts;
  results: ImportResult[];
}

/**
 * Generates a regency, writes what each source would send about it, then
 * imports the files in the order a full load needs (identity, welfare,
 * rosters) through the importers: the one path from source files to the
 * golden records. The files share one record cache, since each reads the
 * families the previous one wrote.
 */
export async function seedRegency(opts: SeedOptions): Promise<SeedResult> {
  const regency = generateRegency(opts.regency);
  const extracts = await writeExtracts(regency, opts.dir, { seed: opts.regency.seed, families: opts.regency.families, asOf: opts.regency.asOf, rates: opts.rates });
  const results: ImportResult[] = [];
  if (opts.load === false) return { extracts, results };
  // Into an empty database the secondary indexes are built once, after the data (src/integration/firstLoad.ts).
  await withIndexesAfterLoad(async () => {
    const cache = new RecordCache();
    for (const file of extracts.files) {
      // The seeded world's approved data changes, once Senopati has created the persons (seeds/extracts/verval.ts).
      if (file.source === 'dtsen') {
        for (const id of await applySeededApprovals(extracts.approvals)) cache.forget('persons', id);
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
  return { extracts, results };
}
