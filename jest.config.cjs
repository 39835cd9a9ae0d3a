/** Jest: unit specs next to the code, integration and end-to-end tests under test/. */
const libs = ['events', 'kpi', 'erlang', 'scoring', 'forecast', 'roster'];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps/api/src', '<rootDir>/apps/cli/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@hotline/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
  testTimeout: 120000,
  maxWorkers: 2,
};
