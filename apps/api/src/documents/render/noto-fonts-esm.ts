/**
 * The `require` of the API's ESM build, for resolving packages' files (`require.resolve`). Loaded only where
 * `require` is not defined (the built API is ESM); Jest runs the sources as CommonJS, where `import.meta` is a
 * syntax error, so `noto-fonts.ts` imports this module lazily and only in ESM.
 */
import { createRequire } from 'node:module';

export const esmRequire: NodeJS.Require = createRequire(import.meta.url);
