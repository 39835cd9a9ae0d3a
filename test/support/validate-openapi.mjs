// Validates an OpenAPI document read from standard input with @seriousme/openapi-schema-validator (OpenAPI 3.0 and
// 3.1 JSON Schemas, maintained). A separate process because the package is ESM-only and Jest loads CommonJS.
// Prints `{ valid, version, errors }` as JSON; exit code 0 either way (the caller asserts).
import { Validator } from '@seriousme/openapi-schema-validator';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;
const validator = new Validator();
const result = await validator.validate(JSON.parse(text));
process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? null }));
