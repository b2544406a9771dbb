/** Which way imports point (STYLE.md): src → schemas, solver; solver → schemas (types); nothing → test. */
module.exports = {
  forbidden: [
    {
      name: 'solver-stays-pure',
      comment: 'solver/ runs unchanged in a worker thread: no server, logger, validation library, node built-ins or process.',
      severity: 'error',
      from: { path: '^solver/' },
      to: { path: '^(src/|node_modules/(fastify|pino|zod|better-sqlite3|piscina)/)|^(fs|path|os|worker_threads|crypto|child_process|http|net)$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'solver-no-node-builtins',
      severity: 'error',
      from: { path: '^solver/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'solver-uses-schema-types-only',
      comment: 'solver may read schemas for types and plain constants, never zod at run time.',
      severity: 'error',
      from: { path: '^solver/' },
      to: { path: '^node_modules/zod/' },
    },
    {
      name: 'schemas-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^schemas/' },
      to: { path: '^(src|solver|benchmarks|test)/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
