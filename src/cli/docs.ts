import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdown } from '../auth/docs';
import { PROJECT_ROOT } from '../config';
import { buildBareSchema } from '../server/schema';

/** `npm run docs:permissions [-- --check]`: writes, or checks, docs/permissions.md. */
const path = join(PROJECT_ROOT, 'docs', 'permissions.md');
const fresh = permissionsMarkdown(buildBareSchema());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current !== fresh) {
    console.error('docs/permissions.md is stale: run `npm run docs:permissions` and commit it');
    process.exit(1);
  }
} else {
  writeFileSync(path, fresh);
  console.log(`wrote ${path}`);
}
