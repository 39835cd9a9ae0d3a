// Lint: type-aware rules for promises and switches, and the purity boundary of libs/ (STYLE.md); the console's Vue
// single-file components and TypeScript with eslint-plugin-vue's recommended rules and typescript-eslint's.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

const forbiddenInLibs = ['@nestjs/*', '@prisma/*', 'ioredis', 'bullmq', 'socket.io', 'socket.io-client', 'pg', 'node:*', 'fs', 'path', 'http', 'vue'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/api/src/generated/**', 'scripts/**', '**/*.cjs', '**/*.mjs', 'prisma.config.ts'] },
  {
    files: ['**/*.ts'],
    ignores: ['apps/console/**'],
    extends: [tseslint.configs.base],
    // One program for the whole tree (the root tsconfig, what `npm run typecheck` checks): a project service would
    // build one per package tsconfig, each with the libs it imports, and lint about a quarter slower.
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
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
  // The console (apps/console: its own tsconfig, vue-tsc checks the types): Vue's recommended rules for the
  // templates, typescript-eslint's recommended rules and the same promise / switch / .only rules as the rest.
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['apps/console/**/*.{ts,vue}'] })),
  {
    files: ['apps/console/**/*.{ts,vue}'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        project: './apps/console/tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Layout is the house style's (long lines, one-line elements), not the plugin's: its formatting rules are off.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/html-self-closing': 'off',
      // `Stat` names no HTML element (the clash the rule guards against).
      'vue/multi-word-component-names': ['error', { ignores: ['Stat'] }],
    },
  },
  // Rooms small enough to see at once (issue 16): no file over 500 lines and no function over 120, blank lines and
  // comments not counted; tests and generated code are exempt.
  {
    files: ['**/*.ts', '**/*.vue'],
    ignores: ['**/*.spec.ts', 'test/**'],
    rules: {
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
);
