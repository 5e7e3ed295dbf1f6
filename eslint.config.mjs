// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The boundaries of docs/architecture.md ("Where each concern lives today"): gateway
// reaches subgraphs over HTTP only, subgraphs never import each other or the gateway,
// common imports nothing local.
const boundary = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

// Couplings: another package's dist/ internals are reached through one adapter file, and
// production code (gateway/, common/, subgraphs/) never imports mocks/ but through the
// city's registry adapters. Its own rule, so the boundary blocks above and below keep theirs.
const importFrom = (pattern, message) =>
  ['ImportDeclaration', 'ImportExpression', 'ExportAllDeclaration', 'ExportNamedDeclaration'].map((node) => ({
    selector: `${node}[source.value=${pattern}]`,
    message,
  }));
const DIST_IMPORTS = importFrom(String.raw`/\/dist\//`, "another package's dist/ is imported through common/apolloInternals.ts only");
const MOCKS_IMPORTS = importFrom(String.raw`/(^|\/)mocks(\/|$)/`, 'production code does not import mocks/: a registry is chosen in subgraphs/city/registries.ts');
const DIST_ADAPTER = 'common/apolloInternals.ts';
const MOCKS_DOOR = 'subgraphs/city/registries.ts';

export default tseslint.config(
  { ignores: ['dist/**', '**/node_modules/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: each file is read with the nearest tsconfig.json (pages/ has its own).
    // Two rules only, not recommendedTypeChecked: a promise nobody awaits loses its
    // rejection (an unhandled rejection ends the process) and its ordering.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['gateway/**/*.ts'],
    rules: boundary(['**/subgraphs/**', '**/mocks/**'], 'gateway/ reaches subgraphs over HTTP only'),
  },
  // A later block replaces the rule for its files, so each repeats the gateway's patterns.
  {
    // Phases point inward: the operation checks run before planning and never reach into
    // the transport; the transport never into the HTTP edge or the operation checks. (The
    // HTTP edge reads the breakers for /health and /metrics.)
    files: ['gateway/operation/**/*.ts'],
    rules: boundary(['**/subgraphs/**', '**/mocks/**', '**/transport/**'], 'the operation checks do not reach into the transport'),
  },
  {
    // One walk of the operation: the analysis depends on graphql and its own folder only.
    files: ['gateway/operation/analyseOperation.ts', 'gateway/operation/OperationAnalysis.ts', 'gateway/operation/operationAnalyser.ts'],
    rules: boundary(['**/subgraphs/**', '**/mocks/**', '../*', '../../*'], 'gateway/operation/ imports only graphql, Apollo types and its own folder'),
  },
  {
    // Browser code: bundled for the page, so it imports only pages/ and npm packages.
    files: ['pages/**/*.ts', 'pages/**/*.tsx'],
    rules: boundary(['**/gateway/**', '**/subgraphs/**', '**/mocks/**', '**/common/**', '**/scripts/**', 'node:*'], 'pages/ is browser code: only pages/ and npm packages'),
  },
  {
    files: ['gateway/transport/**/*.ts'],
    rules: boundary(['**/subgraphs/**', '**/mocks/**', '**/http/**', '**/purpose/**'], 'the transport does not reach into the HTTP edge or the purpose checks'),
  },
  {
    files: ['gateway/audit/**/*.ts'],
    rules: boundary(['**/subgraphs/**', '**/mocks/**', '**/purpose/**'], 'the audit reads the operation analysis, not the purpose guard'),
  },
  {
    files: ['common/**/*.ts'],
    rules: boundary(['**/subgraphs/**', '**/gateway/**', '**/mocks/**', '**/scripts/**'], 'common/ imports nothing local'),
  },
  {
    files: ['subgraphs/*.ts', 'subgraphs/__tests__/*.ts'],
    rules: boundary(['**/gateway/**'], 'a subgraph never imports the gateway'),
  },
  {
    // A region's own folder holds only its main.ts (the rest of a region is its entry in
    // common/regionCatalogue/), so no city name needs listing here.
    files: ['subgraphs/interop/**/*.ts'],
    rules: boundary(['**/gateway/**', '**/city/**', '**/main'], 'a subgraph never imports another subgraph or the gateway'),
  },
  {
    files: ['subgraphs/!(interop|__tests__)/**/*.ts'],
    rules: boundary(['**/gateway/**', '**/interop/**'], 'a subgraph never imports another subgraph or the gateway'),
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [DIST_ADAPTER],
    rules: { 'no-restricted-syntax': ['error', ...DIST_IMPORTS] },
  },
  {
    files: ['gateway/**/*.ts', 'common/**/*.ts', 'subgraphs/**/*.ts'],
    ignores: ['**/__tests__/**', DIST_ADAPTER, MOCKS_DOOR],
    rules: { 'no-restricted-syntax': ['error', ...DIST_IMPORTS, ...MOCKS_IMPORTS] },
  },
  {
    // common/'s boundary, save that its `**/gateway/**` would also refuse `@apollo/gateway`.
    files: [DIST_ADAPTER],
    rules: boundary(['**/subgraphs/**', '../gateway/**', '**/mocks/**', '**/scripts/**'], 'common/ imports nothing local'),
  },
);
