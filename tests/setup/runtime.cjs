/* eslint-disable @typescript-eslint/no-require-imports -- jest loads a custom runtime with require() (jest-runner), so it is CommonJS */
// jest's runtime (jest-runtime), with two changes, both per worker (a jest process running test files one after another):
//
// 1. Each module's code is compiled by V8 once per worker, not once per test file. Jest gives every test file a module
//    registry of its own, and compiles each module with vm.compileFunction, which V8's compilation cache does not
//    serve, so every file parsed and compiled mongoose, graphql, Apollo and the project's modules again (a profile of
//    three files that load the hub: about a fifth of jest's CPU in internalCompileFunction). Here the first compile of
//    a module in a worker keeps V8's code cache of it, and later files hand it back to vm.compileFunction as
//    `cachedData`, for the same file with the same source only (a changed source, or data V8 rejects, compiles as before).
//
// 2. Third-party modules (node_modules) are loaded once per worker and shared by its test files, except the packages
//    in UNSHARED, whose module-level state a file must not inherit. Loading the mongodb driver, bson, graphql, Apollo,
//    zod and the rest again for every file, and running them cold (V8 optimizes code per realm, and a file's realm
//    was new), was the largest cost the files had in common: on a whole run, about a fifth of the CPU (measured
//    interleaved, 2026-12-01). The files of a worker share one realm for this (tests/setup/environment.cjs), so a Date,
//    an Error or a Promise a shared module makes is the one the file's code knows. The project's own modules (src/,
//    resolvers/, seeds/, tests/) and mongoose are still loaded per file, in the file's registry: jest.spyOn on them
//    and module-level state behave as before.
//    tests/house/test-harness.test.ts runs two files in one worker and checks what the second finds of the first.
const { Buffer } = require('node:buffer');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

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

/** Third-party modules a worker's test files share, by path: loaded once per worker, in the realm the files share. */
const shared = new Map();
/**
 * Packages each file loads afresh: mongoose and prom-client hold module-level state a file must not inherit (models,
 * connections and options set by the project's modules; the default registry); playwright-core, loaded by two files,
 * stays per file as before.
 */
const UNSHARED = /[\\/]node_modules[\\/](?:mongoose|prom-client|playwright-core)[\\/]/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;
const isShared = (path) => typeof path === 'string' && NODE_MODULES.test(path) && !UNSHARED.test(path);
const SHARING = Symbol('shared modules');
/** The runtime of the file the worker runs now: a shared module's later require() goes through it. */
const worker = { current: null };

function sharing(registry) {
  if (registry[SHARING]) return registry;
  registry[SHARING] = true;
  const { get, has, set, delete: remove } = Map.prototype;
  registry.get = function (path) {
    const own = get.call(this, path);
    if (own !== undefined || !isShared(path)) return own;
    const module = shared.get(path);
    if (module !== undefined) set.call(this, path, module);
    return module;
  };
  registry.has = function (path) {
    return has.call(this, path) || (isShared(path) && shared.has(path));
  };
  registry.set = function (path, module) {
    if (isShared(path)) shared.set(path, module);
    return set.call(this, path, module);
  };
  registry.delete = function (path) {
    if (isShared(path) && shared.get(path) === get.call(this, path)) shared.delete(path);
    return remove.call(this, path);
  };
  return registry;
}

class SharingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    worker.current = this;
    const registries = this.registries;
    const active = registries.getActiveCjsRegistry.bind(registries);
    registries.getActiveCjsRegistry = () => sharing(active());
  }

  requireModuleOrMock(from, moduleName) {
    // A shared module keeps the require() of the file that loaded it: once that file has ended, the file running now answers.
    const current = worker.current;
    if (current !== this && current !== null && isShared(from) && this.testState.isTornDown()) return current.requireModuleOrMock(from, moduleName);
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharingRuntime;
