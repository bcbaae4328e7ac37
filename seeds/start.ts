import { exitOnFailure, serve } from '../src/cli/serve';
import { ensureDemoData } from './demoData';

/**
 * `npm start`: the hub of src/cli/serve.ts, given the loader of the demo regency
 * (SIMPUL_SEED_ON_START=demo, the default outside production). The loader lives
 * here because it runs the synthetic generator, which nothing under src/ imports.
 */
serve({ demoData: ensureDemoData }).catch(exitOnFailure);
