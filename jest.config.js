/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/common', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/mocks', '<rootDir>/test', '<rootDir>/scripts'],
  testMatch: ['**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // Type checking is `tsc --noEmit` in `npm test`; jest only transpiles.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Set-up hooks start real processes (test/support/processes.ts waits up to 60 s for each).
  testTimeout: 70000,
};
