import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS } from './regency/scenarios';
import { seedRegency } from './importExtracts';
import type { Logger } from '../src/log';
import { ImportRun } from '../src/db/models';
import { hasPeople } from './loadRegency';
import { firstLoadInterrupted } from '../src/integration/clusterLoad';

/**
 * Loads the demo regency (SCENARIOS.demo) into an empty database
 * (SIMPUL_SEED_ON_START=demo) the way real data arrives: its source extracts
 * are written and imported through the importers. A start that finds people
 * and no interrupted import leaves the database as it is; one that finds an
 * interrupted import (a first start killed while loading) writes the same
 * extracts again, which resumes it and skips what was done.
 */
export async function ensureDemoData(log: Logger): Promise<void> {
  // A first load by clusters killed midway leaves its marker (src/integration/clusterLoad.ts): it is loaded again.
  const interrupted = (await ImportRun.exists({ status: 'RUNNING' })) || (await firstLoadInterrupted());
  if ((await hasPeople()) && !interrupted) return;
  const started = Date.now();
  const { families, seed } = SCENARIOS.demo;
  log.info({ families, seed }, 'demo data: writing the source extracts of the synthetic regency and importing them');
  const dir = mkdtempSync(join(tmpdir(), 'simpul-demo-'));
  try {
    let shown = Date.now();
    let done = 0;
    const { results } = await seedRegency({
      regency: { families, seed },
      dir,
      log,
      // Progress while the hub is not yet listening: rows of the demo's extracts imported so far, every 2 s.
      onProgress: (file, p) => {
        if (Date.now() - shown < 2000) return;
        shown = Date.now();
        log.info({ source: file.source, rows: done + p.counts.read, seconds: (Date.now() - started) / 1000 }, 'demo data: importing');
      },
      onImported: (file, r) => {
        done += r.counts.read;
        log.info({ source: file.source, runId: r.runId, ...r.counts, seconds: r.seconds }, 'demo data: imported');
      },
    });
    const rows = results.reduce((n, r) => n + r.counts.read, 0);
    log.info({ rows, seconds: (Date.now() - started) / 1000 }, 'demo data: loaded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
