/** Runs the `hotline` CLI as a user would (node + tsx, from the repository root), with standard input when given. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './stack';

/** What a CLI run printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `hotline ...args` with `input` written to standard input (then closed; with no input, standard input is empty) and
 * `env` on top of the test's environment.
 */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading (usage errors)
    child.stdin.end(options.input ?? '');
  });
}
