// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Boundaries of STYLE.md: gateway reaches subgraphs over HTTP only, subgraphs never
// import each other or the gateway, common imports nothing local.
const boundary = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['gateway/**/*.ts'],
    rules: boundary(['**/subgraphs/**', '**/mocks/**'], 'gateway/ reaches subgraphs over HTTP only'),
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
    files: ['subgraphs/interop/**/*.ts'],
    rules: boundary(['**/gateway/**', '**/city/**', '**/shanghai/**', '**/suzhou/**', '**/hangzhou/**', '**/anhui/**'], 'a subgraph never imports another subgraph or the gateway'),
  },
  {
    files: ['subgraphs/{city,shanghai,suzhou,hangzhou,anhui}/**/*.ts'],
    rules: boundary(['**/gateway/**', '**/interop/**'], 'a subgraph never imports another subgraph or the gateway'),
  },
);
