import { exitOnFailure, serve } from '../src/cli/serve';

/**
 * `npm start`: the hub of src/cli/serve.ts, given the loader of the demo regency
 * (SIMPUL_SEED_ON_START=demo, the default outside production). The loader lives
 * here because it runs the synthetic generator, which nothing under src/ imports. It is loaded only when the hub
 * calls it: a start that loads no demo data (or is refused) does not load the generator.
 */
serve({ demoData: async (log) => (await import('./demoData')).ensureDemoData(log) }).catch(exitOnFailure);
