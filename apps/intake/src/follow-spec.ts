import { z } from 'zod';
import { parseTableUrl, type TableTarget } from './table-follower';

/** A source to follow, as configured. */
export type FollowSpec =
  | { kind: 'file'; source: string; path: string }
  | { kind: 'table'; source: string; target: TableTarget };

/** A source name: letters, digits and `_ . : @ / -`, up to 100 characters (it is the events' `source`). */
export const SOURCE_NAME = /^[A-Za-z0-9_.:@/-]{1,100}$/;

/** Default source name of a followed file: its base name (`queue_log`). */
export const fileSourceName = (path: string) => (path.split('/').filter(Boolean).at(-1) ?? 'queue_log').slice(0, 100);
/** Default source name of a followed table: `<table>@<host>/<database>`. */
export const tableSourceName = (t: TableTarget) => {
  const url = new URL(t.connection);
  return `${t.table}@${url.hostname}${url.pathname}`.replace(/[^A-Za-z0-9_.:@/-]/g, '_').slice(0, 100);
};

/**
 * Reads the followers' configuration (`HOTLINE_FOLLOW`): entries separated by `;` or newlines, each
 * `[name=]file:<absolute path>` or `[name=]table:<mysql|mariadb|postgresql|postgres URL>?table=<name>[&timezone=<IANA>]`,
 * e.g. `pbx1=file:/var/log/asterisk/queue_log;pbx2=table:mysql://asterisk:secret@10.0.0.5:3306/asterisk?table=queue_log`.
 * The name defaults to the file's base name or `<table>@<host>/<db>`; names must be unique.
 * @returns the specs (empty for an empty value).
 * @throws Error naming the entry and the problem.
 */
export function parseFollowSpecs(value: string): FollowSpec[] {
  const specs: FollowSpec[] = [];
  for (const raw of value.split(/[;\n]/).map((e) => e.trim()).filter(Boolean)) {
    const m = /^(?:([A-Za-z0-9_.:@/-]{1,100})=)?(file|table):(.+)$/.exec(raw);
    if (!m) throw new Error(`"${raw}": expected [name=]file:/path/to/queue_log or [name=]table:mysql://…?table=queue_log`);
    const [, name, kind, target] = m;
    if (kind === 'file') {
      if (!target.startsWith('/')) throw new Error(`"${raw}": the file path must be absolute`);
      specs.push({ kind: 'file', source: name ?? fileSourceName(target), path: target });
    } else {
      let parsed: TableTarget;
      try {
        parsed = parseTableUrl(target);
      } catch (error) {
        throw new Error(`"${raw.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1:***@')}": ${(error as Error).message}`);
      }
      specs.push({ kind: 'table', source: name ?? tableSourceName(parsed), target: parsed });
    }
  }
  const names = specs.map((s) => s.source);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`source name "${twice}" is used twice: give each entry its own name=`);
  return specs;
}

/** zod schema of `HOTLINE_FOLLOW` (for the API's configuration): the text, parsed into {@link FollowSpec}s. */
export const FollowSpecsSchema = z.string().default('').transform((value, ctx) => {
  try {
    return parseFollowSpecs(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
