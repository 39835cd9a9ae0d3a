/**
 * `hotline requests export --month YYYY-MM [--out FILE]`: the month's registered requests (受理登记) as the API's
 * xlsx workbook (zh-CN headers, callers masked), saved to a file. Signs in as HOTLINE_API_LOGIN /
 * HOTLINE_API_PASSWORD (an account with `requests.read`: a shift lead or a supplier manager).
 * Exit codes: 0 saved, 1 the API unreachable or failing, 2 a usage mistake (or the API refusing the request's
 * content), 3 not allowed (the API answered 401 or 403).
 */
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { API, ROLE_LABELS } from '@hotline/contracts';
import { apiBytes, checkedApiUrl, openApi } from '../api-session';
import { CliUsageError, say } from '../cli-error';
import type { CliConfig } from '../config';
import { openOut } from './report';

/** The accounts that fit `hotline requests` (named when none is set or the API refuses the one given). */
export const REQUESTS_ACCOUNT_HINT = say("a shift lead's or a supplier manager's account (requests.read)", `${ROLE_LABELS.shift_lead['zh-CN']}或${ROLE_LABELS.manager['zh-CN']}账号（requests.read）`);

/** `YYYY-MM` or a usage error naming `--month`. */
export function monthOption(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError(say(`--month must be YYYY-MM (got "${month}")`, `--month 必须是 YYYY-MM（收到 "${month}"）`));
  return month;
}

/** Adds `hotline requests export`. */
export function registerRequestsCommand(program: Command, config: CliConfig): void {
  const requests = program
    .command('requests')
    .description('registered requests (受理登记) through the API')
    .option('--api-url <url>', 'the API (default: HOTLINE_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)');

  requests
    .command('export')
    .description("saves a month's requests as an xlsx workbook (zh-CN headers, callers masked) and prints its SHA-256")
    .requiredOption('--month <month>', 'YYYY-MM (the local month, Asia/Shanghai)')
    .option('--out <path>', 'where to save it (default: requests-<month>.xlsx in the current folder)')
    .action(async (options: { month: string; out?: string }) => {
      const month = monthOption(options.month);
      const apiUrl = requests.opts<{ apiUrl?: string }>().apiUrl;
      checkedApiUrl(apiUrl, config.api);
      const out = options.out ?? `requests-${month}.xlsx`;
      const target = openOut(out);
      let bytes: Buffer;
      try {
        const { fetchApi } = await openApi(apiUrl, config.api, REQUESTS_ACCOUNT_HINT);
        bytes = await apiBytes(await fetchApi(`${API.exportRequests.path}?month=${encodeURIComponent(month)}`), REQUESTS_ACCOUNT_HINT);
      } catch (error) {
        target.discard();
        throw error;
      }
      target.write(bytes);
      process.stdout.write(`${out}  ${bytes.length} bytes  sha256 ${createHash('sha256').update(bytes).digest('hex')}\n`);
    });
}
