/** Jest: unit specs next to the code, integration and end-to-end tests under test/. */
const libs = ['events', 'kpi', 'erlang', 'scoring', 'forecast', 'roster', 'contracts'];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps/api/src', '<rootDir>/apps/cli/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    // The API package is ESM (imports end in .js): its specs run as CommonJS under Jest.
    '^.+/apps/api/src/.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10' } }],
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((l) => [`^@hotline/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 120000,
  maxWorkers: 2,
};
