import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createContext, compileFunction } from 'node:vm';

/*
 * The test run's own machinery: the order of the files on a fresh clone (tests/setup/sequencer.mjs and the durations
 * it reads) and the runtime that compiles each module once per worker (tests/setup/runtime.cjs).
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
