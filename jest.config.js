/**
 * Type checking runs once in `npm run typecheck`; jest only strips types. swc does that per file in
 * native code, several times faster than ts-jest's TypeScript compiler, which matters on a cold
 * cache (CI) where every worker transforms the 400+ source and test files.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // jest's default is one worker fewer than the cores: one worker on a 2-core machine. The suites
  // wait on sockets, child processes and worker threads as much as they compute, so two workers
  // keep both cores busy.
  maxWorkers: 2,
  // The workbench bundle (dist/web) that the browser and /app/ tests load.
  globalSetup: '<rootDir>/test/support/build-workbench.ts',
};
