import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What the validator said about a document: valid or not, the OpenAPI version it validated against, its errors. */
export interface OpenApiValidation {
  valid: boolean;
  version: string;
  errors: unknown;
}

/**
 * Validates an OpenAPI document against the OpenAPI 3.x JSON Schemas (@seriousme/openapi-schema-validator), in a
 * child process (the package is ESM-only; Jest runs CommonJS).
 */
export async function validateOpenApi(document: unknown): Promise<OpenApiValidation> {
  const child = spawn(process.execPath, [join(__dirname, 'validate-openapi.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const done = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(JSON.stringify(document));
  const code = await done;
  if (code !== 0) throw new Error(`validate-openapi.mjs exited with ${code}`);
  return JSON.parse(out) as OpenApiValidation;
}
