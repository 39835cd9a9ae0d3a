/**
 * The API's shutdown signals leave WebAssembly traps catchable: a process listening on them (as the API does) still
 * gets a worker thread's out-of-bounds access back as an error, as the roster solver needs when HiGHS traps. With a
 * SIGSEGV listener (Nest's default list) the worker never answers — the API used to freeze that way.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built API's list (`npm run build` first; the API package is ESM, so the child process imports it). */
const BUILT = pathToFileURL(join(__dirname, '..', 'apps', 'api', 'dist', 'common', 'shutdown-signals.js')).href;

/** A WebAssembly module whose `f` loads from far outside its one page of memory. */
const OUT_OF_BOUNDS = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
  0x03, 0x02, 0x01, 0x00, // function 0 of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: 1 page
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x28, 0x02, 0x00, 0x0b, // i32.load at 2^31 - 1
];

/**
 * Runs a child process listening on `signals` (or on the built API's SHUTDOWN_SIGNALS) whose worker thread traps;
 * resolves with the worker's answer, or null on timeout.
 */
function trapInWorker(signals: readonly string[] | 'api', timeoutMs: number): Promise<string | null> {
  const worker = `
    const { parentPort } = await import('node:worker_threads');
    const module = new WebAssembly.Module(new Uint8Array(${JSON.stringify(OUT_OF_BOUNDS)}));
    try { new WebAssembly.Instance(module).exports.f(); parentPort.postMessage('no trap'); }
    catch (error) { parentPort.postMessage('caught ' + error.constructor.name + ': ' + error.message); }`;
  const main = `
    const signals = ${signals === 'api' ? `(await import(${JSON.stringify(BUILT)})).SHUTDOWN_SIGNALS` : JSON.stringify(signals)};
    if (${signals === 'api'} && signals.includes('SIGSEGV')) { console.log('SIGSEGV listened'); process.exit(0); }
    for (const s of signals) process.on(s, () => {});
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(${JSON.stringify(`(async () => {${worker}})()`)}, { eval: true });
    w.on('message', (m) => { console.log(m); process.exit(0); });`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', main], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, timeoutMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out.trim() || null);
    });
  });
}

describe('shutdown signals and WebAssembly traps', () => {
  it('a worker thread still catches an out-of-bounds access while the API listens on its shutdown signals', async () => {
    await expect(trapInWorker('api', 20_000)).resolves.toBe('caught RuntimeError: memory access out of bounds');
  });

  it('a SIGSEGV listener (Nest’s default list) makes the same trap hang', async () => {
    await expect(trapInWorker(['SIGSEGV'], 4_000)).resolves.toBeNull();
  });
});
