import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createContext, compileFunction } from 'node:vm';

/*
 * The test run's own machinery: the order of the files on a fresh clone (tests/setup/sequencer.mjs and the durations
 * it reads), the runtime that compiles each module once per worker and shares third-party modules between a worker's
 * files (tests/setup/runtime.cjs), and the realm those files share (tests/setup/environment.cjs).
 */

const ROOT = join(__dirname, '..', '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [relative(ROOT, join(dir, e.name)).split('\\').join('/')] : [],
  );
}

describe('the order of the test files on a fresh clone', () => {
  it('is measured for test files that exist, in seconds, longest first', () => {
    const durations = JSON.parse(readFileSync(join(ROOT, 'tests/setup/durations.json'), 'utf8')) as Record<string, number>;
    const files = new Set(testFiles(join(ROOT, 'tests')));
    expect(Object.keys(durations).filter((f) => !files.has(f))).toEqual([]);
    const seconds = Object.values(durations);
    expect(seconds.every((s) => Number.isFinite(s) && s >= 0)).toBe(true);
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });
});

describe("the run's module compiler (jest-runtime's vm.compileFunction with a code cache per worker)", () => {
  // As jest-runtime compiles a module: its source, the module wrapper's parameters, its file name and a test file's context.
  const compile = (source: string, filename: string) => compileFunction(source, ['module', 'exports'], { filename, parsingContext: createContext({}) });
  const file = join(ROOT, 'tests/house/a-module-compiled-twice.js');

  it('hands the code cache of a module back when the same file is compiled again from the same source, in another context', () => {
    const source = `module.exports = ${JSON.stringify(`compiled at ${process.hrtime.bigint()}`)};`;
    const first = compile(source, file);
    const again = compile(source, file);
    // V8 sets cachedDataRejected only on a compile given cachedData: false means it was given and used.
    expect([(first as { cachedDataRejected?: boolean }).cachedDataRejected, (again as { cachedDataRejected?: boolean }).cachedDataRejected]).toEqual([undefined, false]);
    const m = { exports: {} as unknown };
    again(m, m.exports);
    expect(m.exports).toMatch(/^compiled at /);
  });

  it('compiles a changed source afresh, and the code that runs is the changed one', () => {
    const before = compile(`module.exports = 'before';`, `${file}.changed`);
    const after = compile(`module.exports = 'after';`, `${file}.changed`);
    expect((after as { cachedDataRejected?: boolean }).cachedDataRejected).toBeUndefined();
    const [b, a] = [{ exports: '' }, { exports: '' }];
    before(b, b.exports);
    after(a, a.exports);
    expect([b.exports, a.exports]).toEqual(['before', 'after']);
  });
});

describe("a worker's test files: one realm and the third-party modules shared, the rest their own", () => {
  // Two files run one after the other in one worker, by jest with the run's environment and runtime: the first leaves
  // what a file could leave behind, the second asserts it finds none of it, and finds the shared modules (and the
  // realm they were loaded in) as the first left them. A file that fails makes the jest run fail, with its message.
  const FIRST = `
    test('leaves a global, an environment variable and marks on modules', () => {
      globalThis.leftByFirst = 1;
      process.env.LEFT_BY_FIRST = '1';
      require('graphql').markedByFirst = { Date };
      require('mongoose').markedByFirst = true;
      require('lazy-package');
    });`;
  const SECOND = `
    test('finds no global or variable the first left, its own mongoose, the same graphql and realm', () => {
      expect([globalThis.leftByFirst, process.env.LEFT_BY_FIRST]).toEqual([undefined, undefined]);
      expect(require('mongoose').markedByFirst).toBeUndefined();
      expect(require('graphql').markedByFirst?.Date).toBe(Date);
      const { serialize, deserialize } = require('bson');
      expect(deserialize(serialize({ at: new Date(0) })).at).toBeInstanceOf(Date);
    });
    test('a shared module loaded by the first file can still require() once that file has ended', () => {
      expect(require('lazy-package').later()).toBe('required late');
    });`;

  function runJest(dir: string): Promise<{ code: number | null; output: string }> {
    const config = {
      rootDir: dir,
      testMatch: ['**/*.check.js'],
      transform: {},
      modulePaths: [join(ROOT, 'node_modules')],
      testEnvironment: join(ROOT, 'tests/setup/environment.cjs'),
      runtime: join(ROOT, 'tests/setup/runtime.cjs'),
      testSequencer: join(dir, 'sequencer.cjs'),
      cacheDirectory: join(dir, 'cache'),
    };
    writeFileSync(join(dir, 'jest.config.json'), JSON.stringify(config));
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', join(dir, 'jest.config.json'), '-i', '--ci'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, output }));
    });
  }

  it('runs the second file clean of the first, on the modules and realm the first loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simpul-realm-'));
    try {
      writeFileSync(join(dir, 'a-first.check.js'), FIRST);
      writeFileSync(join(dir, 'b-second.check.js'), SECOND);
      // In order of name.
      writeFileSync(
        join(dir, 'sequencer.cjs'),
        `const Sequencer = require(${JSON.stringify(join(ROOT, 'node_modules/@jest/test-sequencer'))}).default;
        module.exports = class extends Sequencer { sort(tests) { return [...tests].sort((a, b) => a.path.localeCompare(b.path)); } };`,
      );
      // A third-party package that requires a module of its own only when called (as some load optional parts lazily).
      mkdirSync(join(dir, 'node_modules/lazy-package'), { recursive: true });
      writeFileSync(join(dir, 'node_modules/lazy-package/index.js'), `exports.later = () => require('./late.js').value;`);
      writeFileSync(join(dir, 'node_modules/lazy-package/late.js'), `exports.value = 'required late';`);
      const { code, output } = await runJest(dir);
      // The titles of failed tests and jest's complaints (a require after a file's end) show when it fails.
      const failures = output.split('\n').filter((l) => /●|torn down/.test(l));
      expect({ code, passed: output.match(/Tests: +(.*)/)?.[1], failures }).toEqual({ code: 0, passed: '3 passed, 3 total', failures: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
