/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn (or those named on the command line).
 * Each bench module exports `default: () => Promise<void> | void` and prints its own table, with each
 * measured time next to a baseline measured in the same run, as a ratio. Wall-clock numbers are never
 * asserted anywhere; they are only reported.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    console.log(`\n## ${file.replace('.bench.ts', '')}`);
    const mod = (await import(pathToFileURL(join(__dirname, file)).href)) as { default: () => unknown };
    await mod.default();
  }
}

void main();
