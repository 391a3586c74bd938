// Import rules of Jiceng (issue 10 items 1 and 3), checked by `npm run lint:deps` in `npm test`.
//
// Layers, each importing only itself and the layers below it:
//   core  <-  db  <-  devices  <-  server  <-  demo (the demo seeds)
// core is also the client's foundation, so it imports nothing outside core: no npm package
// that is not in the browser bundle already, and no Node built-in (it runs in the browser).
// The client imports core, and the server's `schema.ts` files type-only (zod-inferred shapes);
// nothing else of the server. test/ and bench/ may import anything.
//
// Modules (server/modules/<m>/) talk to each other through another module's public entry
// (`index.ts`), its `schema.ts` (or `admin-schema.ts`) or its `events.ts`; nothing outside a
// module reaches into its repo/service internals either (tests excepted). A module's wiring,
// `module.ts` (server/modules/define.ts), is imported only by the composition:
// server/modules/index.ts and the demo seeds.
//
// No import cycles anywhere, dynamic `import()` included. A cycle that exists only through
// `import type` lines is erased at compile time and cannot change evaluation order, so it is
// allowed (e.g. a service's type naming the module context, which names the service's type);
// every cycle with a runtime edge is forbidden.
//
// test/platform/import-rules.test.ts runs these rules on a fixture of deliberate violations
// (depcruise started in the fixture's folder) and on the real tree.
/** @type {import('dependency-cruiser').IConfiguration} */
const p = (re) => `^${re}`;

const TESTS = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (cycles made only of `import type` edges are erased at compile time and allowed).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'core/ is the bottom layer, shared with the browser: it imports only core/.',
      from: { path: p('core/'), pathNot: TESTS },
      to: { pathNot: [p('core/')] },
    },
    {
      name: 'db-below-devices-and-server',
      severity: 'error',
      comment: 'db/ imports only core/ and db/.',
      from: { path: p('db/'), pathNot: TESTS },
      to: { path: [p('devices/'), p('server/'), p('demo/'), p('client/'), p('test/'), p('bench/')] },
    },
    {
      name: 'devices-below-server',
      severity: 'error',
      comment: 'devices/ imports only core/, db/ and devices/.',
      from: { path: p('devices/'), pathNot: TESTS },
      to: { path: [p('server/'), p('demo/'), p('client/'), p('test/'), p('bench/')] },
    },
    {
      name: 'server-below-demo',
      severity: 'error',
      comment: 'server/ never imports the demo seeds, the tests, the benchmarks or the client.',
      from: { path: p('server/'), pathNot: TESTS },
      to: { path: [p('demo/'), p('client/'), p('test/'), p('bench/')] },
    },
    {
      name: 'simulator-stands-alone',
      severity: 'error',
      comment:
        'simulator/ plays another system (the insurer): it imports only core/ and itself, never db, devices or server.',
      from: { path: p('simulator/'), pathNot: TESTS },
      to: { path: [p('db/'), p('devices/'), p('server/'), p('demo/'), p('client/'), p('test/'), p('bench/')] },
    },
    {
      name: 'nothing-below-demo-imports-the-simulator',
      severity: 'error',
      comment:
        'The server finds the insurer only through its gateway URL: ' +
        'core, db, devices, server and client never import simulator/.',
      from: { path: [p('core/'), p('db/'), p('devices/'), p('server/'), p('client/')], pathNot: TESTS },
      to: { path: p('simulator/') },
    },
    {
      name: 'demo-not-tests',
      severity: 'error',
      comment: 'The demo seeds run in production (install --demo): no tests, benchmarks or client.',
      from: { path: p('demo/'), pathNot: TESTS },
      to: { path: [p('client/'), p('test/'), p('bench/')] },
    },
    {
      name: 'client-only-core-and-schema-types',
      severity: 'error',
      comment: "The client imports core/ and, type-only, the server modules' schema.ts; nothing else outside client/.",
      from: { path: p('client/') },
      to: {
        pathNot: [p('client/'), p('core/'), 'node_modules/', p('server/modules/[^/]+/[a-z-]*schema\\.ts$')],
      },
    },
    {
      name: 'client-schema-type-only',
      severity: 'error',
      comment: 'The client may import a server schema.ts only with `import type` (no zod at run time).',
      from: { path: p('client/') },
      to: { path: p('server/modules/[^/]+/[a-z-]*schema\\.ts$'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'module-public-entry-only',
      severity: 'error',
      comment: 'Another module is reached through its index.ts, schema.ts or events.ts, never its internals.',
      from: { path: p('server/modules/([^/]+)/'), pathNot: TESTS },
      to: {
        path: p('server/modules/[^/]+/.'),
        pathNot: [p('server/modules/$1/'), p('server/modules/[^/]+/(index|events|[a-z-]*schema)\\.ts$')],
      },
    },
    {
      name: 'outside-reaches-public-entry-only',
      severity: 'error',
      comment:
        'Outside server/modules (server, demo), a module is reached through its index.ts, schema.ts or events.ts.',
      from: {
        path: [p('server/'), p('demo/')],
        pathNot: [p('server/modules/[^/]+/'), p('server/modules/index\\.ts$'), TESTS],
      },
      to: {
        path: p('server/modules/[^/]+/.'),
        // module.ts: see module-definition-imported-by-the-composition below
        pathNot: p('server/modules/[^/]+/(index|events|module|[a-z-]*schema)\\.ts$'),
      },
    },
    {
      name: 'registry-imports-module-definitions',
      severity: 'error',
      comment: "A module's definition (module.ts) is wired by server/modules/index.ts, and imported nowhere else.",
      from: { path: p('server/modules/index\\.ts$') },
      to: {
        path: p('server/modules/[^/]+/.'),
        pathNot: p('server/modules/[^/]+/(module|index|events|[a-z-]*schema)\\.ts$'),
      },
    },
    {
      name: 'module-definition-imported-by-the-composition',
      severity: 'error',
      comment: "Only the composition (server/modules/index.ts, the demo seeds) imports a module's module.ts.",
      from: { pathNot: [p('server/modules/index\\.ts$'), p('demo/'), TESTS] },
      to: { path: p('server/modules/[^/]+/module\\.ts$') },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a wrong path would hide a dependency from these rules).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '^client/dist/', '^\\.tmp/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
