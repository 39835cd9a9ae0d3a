/**
 * `hotline requests export --month YYYY-MM [--out FILE]`: the month's registered requests (受理登记) as the API's
 * xlsx workbook (zh-CN headers, callers masked), saved to a file. Signs in as HOTLINE_API_LOGIN /
 * HOTLINE_API_PASSWORD (an account with `requests.read`: a shift lead or a supplier manager).
 * Exit codes: 0 saved, 1 the API unreachable or failing, 2 a usage mistake (or the API refusing the request's
 * content), 3 not allowed (the API answered 401 or 403).
 */
import { createHash } from 'node:crypto';
import type { Command, CommanderError } from 'commander';
import { API } from '@hotline/contracts';
import { ApiNotAllowedError, NOT_ALLOWED_EXIT_CODE, apiSession } from '../api-session';
import { CliUsageError } from '../cli-error';
import { defaultApiUrl } from './forecast';
import { openOut } from './report';

/** The accounts that fit `hotline requests` (named when none is set or the API refuses the one given). */
export const REQUESTS_ACCOUNT_HINT = "a shift lead's or a supplier manager's account (requests.read)";

const USAGE_CODES = new Set(['commander.missingArgument', 'commander.unknownOption', 'commander.optionMissingArgument', 'commander.missingMandatoryOptionValue', 'commander.excessArguments', 'commander.invalidArgument', 'commander.unknownCommand']);

/** `YYYY-MM` or a usage error naming `--month`. */
export function monthOption(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError(`--month must be YYYY-MM (got "${month}")`);
  return month;
}

/**
 * The workbook of the answer, or an error: 401/403 are "not allowed" (ApiNotAllowedError, exit 3), another 4xx is
 * the user's (exit 2, with the API's message and field), others are ours (exit 1).
 */
async function workbookOf(res: Response): Promise<Buffer> {
  if (res.ok) return Buffer.from(await res.arrayBuffer());
  const body = (await res.json().catch(() => ({}))) as { message?: string; field?: string };
  if (res.status === 401 || res.status === 403) throw new ApiNotAllowedError(`not allowed (${res.status}): ${body.message ?? res.statusText} (this command needs ${REQUESTS_ACCOUNT_HINT})`, res.status);
  if (res.status >= 400 && res.status < 500) throw new CliUsageError(`the API refused (${res.status}): ${body.message ?? res.statusText}${body.field ? ` [${body.field}]` : ''}`);
  throw new Error(`the API answered ${res.status}: ${body.message ?? res.statusText}`);
}

/** Adds `hotline requests export`. */
export function registerRequestsCommand(program: Command): void {
  const requests = program
    .command('requests')
    .description('registered requests (受理登记) through the API')
    .option('--api-url <url>', 'the API (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)')
    .configureOutput({ outputError: () => undefined })
    .showHelpAfterError(false)
    .exitOverride((error: CommanderError) => {
      // An unknown subcommand names the valid ones (commander's own message is silenced above).
      const valid = error.code === 'commander.unknownCommand' ? `; valid: ${requests.commands.map((c) => c.name()).join(', ')}` : '';
      if (USAGE_CODES.has(error.code)) throw new CliUsageError(`${error.message.replace(/^error: /, '')}${valid} (see: hotline requests --help)`);
      throw error;
    });

  requests
    .command('export')
    .description("saves a month's requests as an xlsx workbook (zh-CN headers, callers masked) and prints its SHA-256")
    .requiredOption('--month <month>', 'YYYY-MM (the local month, Asia/Shanghai)')
    .option('--out <path>', 'where to save it (default: requests-<month>.xlsx in the current folder)')
    .action(async (options: { month: string; out?: string }) => {
      const month = monthOption(options.month);
      const apiUrl = requests.opts<{ apiUrl?: string }>().apiUrl;
      const base = apiUrl ?? defaultApiUrl(process.env);
      try {
        new URL(base);
      } catch {
        throw new CliUsageError(`--api-url "${base}" is not a URL`);
      }
      const out = options.out ?? `requests-${month}.xlsx`;
      const target = openOut(out);
      let bytes: Buffer;
      try {
        const fetchApi = await apiSession(base, process.env, REQUESTS_ACCOUNT_HINT);
        bytes = await workbookOf(await fetchApi(`${API.exportRequests.path}?month=${encodeURIComponent(month)}`));
      } catch (error) {
        target.discard();
        if (!(error instanceof ApiNotAllowedError)) throw error;
        process.stderr.write(`hotline: ${error.message}\n`);
        process.exitCode = NOT_ALLOWED_EXIT_CODE;
        return;
      }
      target.write(bytes);
      process.stdout.write(`${out}  ${bytes.length} bytes  sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`);
    });
}
