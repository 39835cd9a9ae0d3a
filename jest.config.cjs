/** Jest: unit specs next to the code, integration and end-to-end tests under test/. */
const libs = ['events', 'kpi', 'knowledge', 'erlang', 'scoring', 'forecast', 'roster', 'contracts'];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps/api/src', '<rootDir>/apps/cli/src', '<rootDir>/apps/intake/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // One ts-jest configuration for every file: CommonJS, the API's ESM package included (its imports end in .js,
  // mapped below). See tsconfig.jest.json.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((l) => [`^@hotline/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
    '^@hotline/intake$': '<rootDir>/apps/intake/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: ['<rootDir>/test/support/env.cjs'],
  testTimeout: 120000,
  maxWorkers: 2,
};
