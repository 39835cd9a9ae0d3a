import { parseFollowSpecs, FollowSpecsSchema } from './follow-spec';
import { parseTableUrl } from './table-follower';

describe('parseTableUrl', () => {
  it('reads MariaDB/MySQL and Postgres URLs, the table (default queue_log) and the zone; hides the password', () => {
    expect(parseTableUrl('mysql://asterisk:s3cret@10.0.0.5:3306/asterisk?table=queue_log')).toEqual({
      driver: 'mysql', connection: 'mysql://asterisk:s3cret@10.0.0.5:3306/asterisk', table: 'queue_log',
      display: 'mysql://asterisk:***@10.0.0.5:3306/asterisk?table=queue_log', timeZone: undefined,
    });
    expect(parseTableUrl('mariadb://root@127.0.0.1/pbx')).toMatchObject({ driver: 'mysql', connection: 'mysql://root@127.0.0.1/pbx', table: 'queue_log' });
    expect(parseTableUrl('postgresql://u@h:5432/db?table=asterisk.queue_log&timezone=Asia/Shanghai&sslmode=disable')).toMatchObject({
      driver: 'postgres', connection: 'postgresql://u@h:5432/db?sslmode=disable', table: 'asterisk.queue_log', timeZone: 'Asia/Shanghai',
    });
  });
  it('refuses what it cannot follow, naming the problem', () => {
    expect(() => parseTableUrl('queue_log')).toThrow(/not a URL/);
    expect(() => parseTableUrl('sqlite:///var/lib/asterisk.db')).toThrow(/unsupported table URL scheme "sqlite:"/);
    expect(() => parseTableUrl('mysql://root@h:3306/')).toThrow(/names no database/);
    expect(() => parseTableUrl('mysql://root@h/db?table=queue_log;DROP')).toThrow(/not a plain .*table name/);
    expect(() => parseTableUrl('mysql://root@h/db?timezone=Mars/Olympus')).toThrow(/not an IANA time zone/);
  });
});

describe('parseFollowSpecs (HOTLINE_FOLLOW)', () => {
  it('reads named and unnamed files and tables, separated by ; or newlines', () => {
    const specs = parseFollowSpecs('pbx1=file:/var/log/asterisk/queue_log; table:mysql://a:b@db:3306/asterisk?table=queue_log\nfile:/srv/pbx2/queue_log');
    expect(specs.map((s) => [s.kind, s.source])).toEqual([['file', 'pbx1'], ['table', 'queue_log@db/asterisk'], ['file', 'queue_log']]);
    expect(parseFollowSpecs('')).toEqual([]);
    expect(parseFollowSpecs(' ; ')).toEqual([]);
  });
  it('names the entry and the problem; hides a password in the message', () => {
    expect(() => parseFollowSpecs('pbx=file:queue_log')).toThrow(/"pbx=file:queue_log": the file path must be absolute/);
    expect(() => parseFollowSpecs('/var/log/asterisk/queue_log')).toThrow(/expected \[name=\]file:/);
    expect(() => parseFollowSpecs('table:mysql://a:secret@db/')).toThrow(/"table:mysql:\/\/a:\*\*\*@db\/": the table URL names no database/);
    expect(() => parseFollowSpecs('file:/a/queue_log;file:/b/queue_log')).toThrow(/source name "queue_log" is used twice/);
  });
  it('as a zod schema: the parsed list, or an issue with the message', () => {
    expect(FollowSpecsSchema.parse(undefined)).toEqual([]);
    const r = FollowSpecsSchema.safeParse('x=file:rel');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/must be absolute/);
  });
});
