import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError } from '../cli-error';
import { planFollow, type FollowFlags } from './follow';

const flags = (over: Partial<FollowFlags> = {}): FollowFlags => ({ pollInterval: '1', startAt: 'start', redisUrl: 'redis://127.0.0.1:6379', streamPrefix: 'hotline:', ...over });

describe('hotline follow: arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'follow-spec-'));
  const file = join(dir, 'queue_log');
  writeFileSync(file, '');

  it('a file with --format queue_log: source defaults to the file name', () => {
    expect(planFollow(file, flags({ format: 'queue_log' }))).toEqual({ kind: 'file', path: file, source: 'queue_log', pollMs: 1000, startAt: 'start' });
    expect(planFollow(file, flags({ format: 'queue_log', source: 'pbx-1', pollInterval: '0.2', startAt: 'end' }))).toMatchObject({ source: 'pbx-1', pollMs: 200, startAt: 'end' });
  });
  it('a table: source <table>@<host>/<db>, the zone checked', () => {
    expect(planFollow(undefined, flags({ table: 'mysql://root@127.0.0.1:3306/asterisk?table=queue_log', sourceTimezone: 'Asia/Shanghai' }))).toMatchObject({
      kind: 'table', source: 'queue_log@127.0.0.1/asterisk', sourceTimeZone: 'Asia/Shanghai', target: { driver: 'mysql', table: 'queue_log' },
    });
  });
  it.each([
    [undefined, {}, /give the queue_log FILE to follow, or --table/],
    ['FILE', { format: 'queue_log', table: 'mysql://r@h/db' }, /either a FILE or --table, not both/],
    ['FILE', {}, /--format queue_log is required/],
    ['FILE', { format: 'bank' }, /--format must be queue_log/],
    [join(dir, 'missing'), { format: 'queue_log' }, /no such file/],
    [dir, { format: 'queue_log' }, /not a regular file/],
    ['FILE', { format: 'queue_log', pollInterval: '0' }, /--poll-interval must be/],
    ['FILE', { format: 'queue_log', startAt: 'middle' }, /--start-at must be start or end/],
    ['FILE', { format: 'queue_log', source: 'a b' }, /--source "a b" must be/],
    ['FILE', { format: 'queue_log', sourceTimezone: 'UTC' }, /--source-timezone applies to --table only/],
    [undefined, { table: 'ftp://h/db' }, /--table: unsupported table URL scheme/],
    [undefined, { table: 'mysql://r@h/db', sourceTimezone: 'Nowhere/City' }, /--source-timezone "Nowhere\/City" is not an IANA time zone/],
    ['FILE', { format: 'queue_log', streamPrefix: '' }, /--stream-prefix must not be empty/],
  ])('usage error (exit 2): %s %j', (path, over, message) => {
    const run = () => planFollow(path === 'FILE' ? file : path, flags(over as Partial<FollowFlags>));
    expect(run).toThrow(CliUsageError);
    expect(run).toThrow(message);
  });
});
