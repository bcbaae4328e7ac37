import { generateRegency } from '../../seeds/regency';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import type { Logger } from '../log';
import { hasPeople, loadRegency } from './seed';

/**
 * Loads the demo regency into an empty database (SIMPUL_SEED_ON_START=demo).
 * A database that already holds people is left as it is.
 */
export async function ensureDemoData(log: Logger): Promise<void> {
  if (await hasPeople()) return;
  const started = Date.now();
  const { families, seed } = SCENARIOS.demo;
  log.info({ families, seed }, 'demo data: generating the synthetic regency');
  const regency = generateRegency({ families, seed });
  let lastLogged = 0;
  await loadRegency(regency, (p) => {
    if (p.written === p.total || Date.now() - lastLogged > 2000) {
      lastLogged = Date.now();
      log.info(p, 'demo data: loading');
    }
  });
  log.info(
    { households: regency.households.length, persons: regency.persons.length, seconds: (Date.now() - started) / 1000 },
    'demo data: loaded',
  );
}
