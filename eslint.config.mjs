// Lint: type-aware rules for promises and switches, and the purity boundary of libs/ (STYLE.md).
import tseslint from 'typescript-eslint';

const forbiddenInLibs = ['@nestjs/*', '@prisma/*', 'ioredis', 'bullmq', 'socket.io', 'socket.io-client', 'pg', 'node:*', 'fs', 'path', 'http', 'vue'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/api/src/generated/**', 'apps/console/**', 'scripts/**', '**/*.cjs', '**/*.mjs', 'prisma.config.ts'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'no committed .only' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|test|describe)$/]", message: 'no committed .skip' },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: forbiddenInLibs, message: 'libs/ are pure: no framework, I/O or node: modules (STYLE.md)' }] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'libs/ read no process.env' }],
      'no-restricted-globals': ['error', 'process', 'require'],
    },
  },
);
