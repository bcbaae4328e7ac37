/* eslint-disable @typescript-eslint/no-require-imports -- jest loads a test environment with require() (jest-runner), so it is CommonJS */
// jest's node test environment, with one change: the test files a worker runs share one V8 realm (vm context) instead
// of one each, so that the third-party modules tests/setup/runtime.cjs shares between them see the same Object, Array,
// Date, Error and Promise as each file's own code (a Date read by the shared mongodb driver is `instanceof Date` in the
// file that reads it). What each file must not inherit from the one before is still its own:
// - the `process` object (its env, its listeners): a fresh one per file, as jest makes it;
// - mocks and fake timers: a module mocker and fake timers per file, bound to the shared global;
// - globals: every global a file (or jest for it) adds or replaces is removed or put back when the file ends.
const { TestEnvironment } = require('jest-environment-node');
const { ModuleMocker } = require('jest-mock');
const { LegacyFakeTimers, ModernFakeTimers } = require('@jest/fake-timers');

/** The worker's realm: its context and global, and the global's own properties as jest's set-up left them for the first file. */
let realm = null;

const timerIdToRef = (id) => ({
  id,
  ref() {
    return this;
  },
  unref() {
    return this;
  },
});
const timerRefToId = (timer) => timer?.id;

function descriptors(global) {
  return new Map(Reflect.ownKeys(global).map((k) => [k, Object.getOwnPropertyDescriptor(global, k)]));
}

function sameDescriptor(a, b) {
  return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

class SharedRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    // jest's own set-up, in a context of the file's own: its process object is the one the file gets.
    super(config, context);
    if (!realm) {
      realm = { context: this.context, global: this.global, baseline: descriptors(this.global) };
      this.ownsRealm = true;
      return;
    }
    this.ownsRealm = false;
    realm.global.process = this.global.process;
    this.context = realm.context;
    this.global = realm.global;
    const projectConfig = config.projectConfig;
    this.moduleMocker = new ModuleMocker(realm.global);
    this.fakeTimers = new LegacyFakeTimers({
      config: projectConfig,
      global: realm.global,
      moduleMocker: this.moduleMocker,
      timerConfig: { idToRef: timerIdToRef, refToId: timerRefToId },
    });
    this.fakeTimersModern = new ModernFakeTimers({ config: projectConfig, global: realm.global });
  }

  async teardown() {
    this.fakeTimers?.dispose();
    this.fakeTimersModern?.dispose();
    this.fakeTimers = null;
    this.fakeTimersModern = null;
    // The realm's global as the first file found it: what this file added is removed, what it replaced put back.
    const global = realm.global;
    for (const key of Reflect.ownKeys(global)) {
      const before = realm.baseline.get(key);
      const now = Object.getOwnPropertyDescriptor(global, key);
      if (!before) {
        if (now?.configurable) delete global[key];
      } else if (now && !sameDescriptor(before, now) && now.configurable) {
        Object.defineProperty(global, key, before);
      }
    }
    for (const [key, before] of realm.baseline) if (!Object.hasOwn(global, key)) Object.defineProperty(global, key, before);
    this.context = null;
    // The file's own context (made by jest's set-up above and used for nothing else) is released as jest would.
    if (!this.ownsRealm) this._globalProxy.clear();
  }

  getVmContext() {
    return this.context;
  }
}

module.exports = SharedRealmEnvironment;
