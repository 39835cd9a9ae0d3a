#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step), resolving @hotline/* to the libs' sources.
const path = require('node:path');
require('tsx/cjs/api').register({ tsconfig: path.join(__dirname, '..', 'tsconfig.json') });
require('../src/main.ts');
