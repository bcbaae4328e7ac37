// The jest transform of the project's TypeScript: esbuild's transformSync, one file at a time, types stripped and
// not checked (`npm run typecheck` checks them; tsconfig.json has isolatedModules, so every file compiles alone).
// It replaces ts-jest, which loaded the TypeScript compiler into every worker and spent most of a file's module
// loading in it. No test mocks modules (jest.mock would need hoisting, which esbuild does not do).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { transformSync } from 'esbuild';

const { version } = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8'));
const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node24', platform: 'node', sourcemap: 'inline', sourcesContent: false };

export default {
  process(source, filename) {
    return { code: transformSync(source, { ...OPTIONS, sourcefile: filename }).code };
  },
  getCacheKey(source, filename) {
    return createHash('sha1')
      .update(`${version}\0${JSON.stringify(OPTIONS)}\0${filename}\0`)
      .update(source)
      .digest('hex');
  },
};
