/** Type checking runs once in `npm run typecheck`; jest only transpiles (fast). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // The workbench bundle (dist/web) that the browser and /app/ tests load.
  globalSetup: '<rootDir>/test/support/build-workbench.ts',
};
