import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/*
 * The import rules of .dependency-cruiser.cjs (`npm run lint:deps`, run by `npm test`) are
 * proven here on small trees of the same layout: the real tree is checked by lint:deps itself.
 */

const ROOT = join(__dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Cruise {
  code: number | null;
  output: string;
}

/** Writes `files` (path -> source) into a fresh folder and runs depcruise there with the project's rules. */
function cruise(files: Record<string, string>): Promise<Cruise> {
  const dir = mkdtempSync(join(tmpdir(), 'simpul-layers-'));
  for (const [path, source] of Object.entries({ 'tsconfig.json': '{"compilerOptions":{"module":"commonjs","moduleResolution":"node"}}', ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  const roots = [...new Set(Object.keys(files).map((p) => p.split('/')[0]!))];
  return new Promise((resolve) => {
    execFile(DEPCRUISE, [...roots, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: dir }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: (stdout + stderr).replace(/\s+/g, ' ') });
    });
  });
}

describe('the direction of imports (.dependency-cruiser.cjs)', () => {
  it('passes a tree whose imports point down the layers: resolvers -> services -> db -> domain, seeds -> src', async () => {
    const { code, output } = await cruise({
      'src/domain/age.ts': 'export const adult = 18;\n',
      'src/db/person.ts': "import { adult } from '../domain/age';\nexport const minimum = adult;\n",
      'src/services/person.ts': "import { minimum } from '../db/person';\nexport const ask = () => minimum;\n",
      'resolvers/person.ts': "import { ask } from '../src/services/person';\nexport const person = ask;\n",
      'seeds/regency.ts': "import { adult } from '../src/domain/age';\nexport const seed = adult;\n",
    });
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fails when production code imports the synthetic generator (src/ -> seeds/)', async () => {
    const { code, output } = await cruise({
      'src/domain/regions.ts': "import { seed } from '../../seeds/regency';\nexport const regions = seed;\n",
      'seeds/regency.ts': 'export const seed = 1;\n',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('no-src-to-seeds-or-tests: src/domain/regions.ts → seeds/regency.ts');
  });

  it('fails when production code imports a test helper (src/ -> tests/)', async () => {
    const { code, output } = await cruise({
      'src/services/person.ts': "import { hub } from '../../tests/helpers/hub';\nexport const ask = hub;\n",
      'tests/helpers/hub.ts': 'export const hub = 1;\n',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('no-src-to-seeds-or-tests: src/services/person.ts → tests/helpers/hub.ts');
  });

  it('fails when a lower layer imports a higher one, a type-only import included (auth -> services, services -> server)', async () => {
    const { code, output } = await cruise({
      'src/auth/scope.ts': "import { yearsBefore } from '../services/arguments';\nexport const youth = yearsBefore;\n",
      'src/services/arguments.ts': 'export const yearsBefore = 1;\n',
      'src/services/person.ts': "import type { Context } from '../server/context';\nexport const ask = (c: Context) => c;\n",
      'src/server/context.ts': 'export interface Context { now: Date }\n',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('layer-access: src/auth/scope.ts → src/services/arguments.ts');
    expect(output).toContain('layer-services: src/services/person.ts → src/server/context.ts');
  });

  it('fails on an import cycle, and on a run-time import in src/context.ts', async () => {
    const { code, output } = await cruise({
      'src/db/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/db/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/context.ts': "import { a } from './db/a';\nexport const now = a;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toContain('no-circular: src/db/a.ts → src/db/b.ts → src/db/a.ts');
    expect(output).toContain('context-is-types-only: src/context.ts → src/db/a.ts');
  });
});
