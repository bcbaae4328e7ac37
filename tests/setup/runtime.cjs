/* eslint-disable @typescript-eslint/no-require-imports -- jest loads a custom runtime with require() (jest-runner), so it is CommonJS */
// jest's runtime (jest-runtime), with one change: each module's code is compiled by V8 once per worker, not once per
// test file. Jest gives every test file a module registry of its own, so each file loads mongoose, graphql, Apollo and
// the project's modules again; and jest compiles each module with vm.compileFunction, which V8's compilation cache
// does not serve, so every file parsed and compiled them all again (a profile of three files that load the hub: about
// a fifth of jest's CPU in internalCompileFunction). Here the first compile of a module in a worker keeps V8's code
// cache of it (the bytecode of the module's top level and of the functions V8 compiles eagerly), and later files hand
// it back to vm.compileFunction as `cachedData`, for the same file with the same source only (a changed source, or
// data V8 rejects, compiles as before). The code each file runs and the module registry are jest's own: modules are
// still evaluated once per file, in the file's own context, and jest.spyOn/jest.mock behave as before.
const { Buffer } = require('node:buffer');
const vm = require('node:vm');
const Runtime = require('jest-runtime');

const compileFunction = vm.compileFunction;
/** Per file name: the source it was compiled from and V8's code cache of it. */
const codeCache = new Map();

// jest-runtime compiles every module with vm.compileFunction(source, its parameters, { filename, parsingContext: the
// test file's context, ... }); node's own module loader does not go through it. Only those calls are cached.
vm.compileFunction = function compileFunctionWithCodeCache(code, params, options) {
  const filename = options?.filename;
  if (typeof filename !== 'string' || !options.parsingContext) return compileFunction(code, params, options);
  const cached = codeCache.get(filename);
  if (cached && cached.source === code) {
    const fn = compileFunction(code, params, { ...options, cachedData: cached.data });
    if (fn.cachedDataRejected) codeCache.delete(filename);
    return fn;
  }
  const fn = compileFunction(code, params, { ...options, produceCachedData: true });
  // A copy: the Buffer V8 hands back keeps the test file's context alive (jest --detectLeaks failed every file, even
  // one with a single expect), so keeping it kept every file's context and modules in the worker's heap.
  if (fn.cachedDataProduced && fn.cachedData) codeCache.set(filename, { source: code, data: Buffer.from(fn.cachedData) });
  return fn;
};

module.exports = Runtime;
