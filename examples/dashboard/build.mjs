// Builds the dashboard with Vite's programmatic API: `node examples/dashboard/build.mjs [outDir]`
// (npm run dashboard:build). The browser test (tests/browser/dashboard.test.ts) builds it this way.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const outDir = process.argv[2];
await build({
  configFile: fileURLToPath(new URL('./vite.config.mts', import.meta.url)),
  logLevel: 'warn',
  ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
});
