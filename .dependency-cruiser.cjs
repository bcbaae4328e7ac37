/**
 * The direction of imports in Simpul (`npm run lint:deps`, run by `npm test`).
 *
 * Layers, lowest first. A module may import from its own layer and the layers below it,
 * never from a layer above:
 *
 *   0 foundation  src/domain, src/reference, src/identifiers, src/policy, src/config.ts,
 *                 src/errors.ts, src/log.ts: records, reference data, rules; no database
 *   1 db          src/db: connection, engine, models, the request's read options
 *   2 access      src/auth, src/loaders, src/integration, src/context.ts: who sees what,
 *                 per-request loaders, the importers
 *   3 services    src/services: what resolvers call
 *   4 resolvers   resolvers/ and src/generated (the generated resolver types)
 *   5 server      src/server: HTTP, Apollo, the hub
 *   6 cli         src/cli: the entry points
 *
 * seeds/ (the synthetic regency) and tests/ consume src/; nothing under src/ or resolvers/
 * imports them. src/context.ts is the Context type only: it imports types, nothing at run time.
 */
const LAYERS = [
  ['foundation', '^src/(domain|reference|identifiers|policy)/|^src/(config|errors|log)\\.ts$'],
  ['db', '^src/db/'],
  ['access', '^src/(auth|loaders|integration)/|^src/context\\.ts$'],
  ['services', '^src/services/'],
  ['resolvers', '^resolvers/|^src/generated/'],
  ['server', '^src/server/'],
  ['cli', '^src/cli/'],
];

const layerRules = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name}`,
  comment: `${name} (layer ${i}) may not import from a higher layer: ${LAYERS.slice(i + 1)
    .map(([n]) => n)
    .join(', ')}`,
  severity: 'error',
  from: { path },
  to: {
    path: LAYERS.slice(i + 1)
      .map(([, p]) => `(${p})`)
      .join('|'),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-src-to-seeds-or-tests',
      comment: 'Production code never imports the synthetic generator, the benchmarks or the tests: they consume it.',
      severity: 'error',
      from: { path: '^(src|resolvers)/' },
      to: { path: '^(seeds|tests|bench)/' },
    },
    ...layerRules,
    {
      name: 'context-is-types-only',
      comment: 'src/context.ts declares the request context; at run time it depends on nothing.',
      severity: 'error',
      from: { path: '^src/context\\.ts$' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles between files.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or a declared package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a lower layer naming a higher layer's type still points the wrong way.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
