// Issue 15: the CLI's reasons in one language per run (`--lang zh-CN|en`, HOTLINE_LANG, the locale), and the API's
// error codes translated by code with the API's message as the fallback.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { apiAnswer } from './api-session';
import { ERROR_TEXTS } from '@hotline/contracts';
import { ApiNotAllowedError, CliError, CliUsageError, render } from './cli-error';
import { langFromEnv, readConfig } from './config';

const ROOT = join(__dirname, '..', '..', '..');
const HAN = /\p{Script=Han}/u;
/** English words that must not appear in a Chinese reason (names of flags, commands and values may). */
const ENGLISH_WORDS = /\b(must|required|unknown|refused|cannot|needs?|give|the|not|see|valid|got|option|command|argument)\b/i;

/** `hotline ...args` with exactly this environment (no inherited locale), as the user's shell would run it. */
function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['apps/cli/bin/hotline.cjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90000, env: { PATH: process.env.PATH ?? '', ...env } });
}

/** The reason printed, without the `hotline: ` prefix and the names the user typed (flags, quoted values). */
function words(stderr: string): string {
  return stderr.replace(/^hotline: /, '').replace(/--[a-z-]+/g, '').replace(/(["'`])[^"'`]*\1/g, '').replace(/hotline [a-z ]+/g, '');
}

describe('the language of a run', () => {
  it('is --lang, else HOTLINE_LANG, else the locale (Chinese -> zh-CN, any other -> en), else zh-CN', () => {
    expect(langFromEnv({})).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' })).toBe('zh-CN'); // LC_ALL wins over LANG
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', HOTLINE_LANG: 'en' })).toBe('en');
    expect(readConfig({ HOTLINE_LANG: 'en' }, ['erlang', 'c', '--lang', 'zh-CN']).lang).toBe('zh-CN');
    expect(readConfig({ LANG: 'zh_CN.UTF-8' }, ['--lang=en', 'erlang', 'c']).lang).toBe('en');
    expect(readConfig({}, ['forecast', '--', '--lang', 'en']).lang).toBe('zh-CN'); // after `--` it is an argument
    expect(() => langFromEnv({ HOTLINE_LANG: 'fr' })).toThrow(new CliUsageError('HOTLINE_LANG must be one of zh-CN, en (got "fr")'));
    expect(() => readConfig({}, ['--lang', 'de'])).toThrow('--lang must be one of zh-CN, en (got "de")');
  });

  it('reads the environment once: connection settings default as documented', () => {
    expect(readConfig({})).toMatchObject({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/hotline', redisUrl: 'redis://127.0.0.1:6379', streamPrefix: 'hotline:' });
    expect(readConfig({ DATABASE_URL: 'postgresql://x@db/h', REDIS_URL: 'redis://r:1', HOTLINE_STREAM_PREFIX: 'p:', HOTLINE_API_LOGIN: 'me' })).toMatchObject({
      databaseUrl: 'postgresql://x@db/h', redisUrl: 'redis://r:1', streamPrefix: 'p:', api: { HOTLINE_API_LOGIN: 'me' },
    });
  });
});

describe('reasons printed in one language', () => {
  // Usage mistakes of different kinds: a flag value (CLI), a library's input error, commander's own complaint, an
  // unknown subcommand, a missing account for the API, the account policy.
  const cases: string[][] = [
    ['erlang', 'c', '--arrivals-per-hour', '100', '--aht-seconds', '180', '--agents', '10.5'],
    ['requests', 'list'],
    ['forecast', '--from-ledger', '--weeks', '40'],
    ['report', 'status', '2026-12'],
    ['users', 'add', 'someone', '--role', 'agent'],
    ['kpi', 'nowhere.log', '--format', 'queue_log'],
  ];

  it.each(cases)('%s ...: zh-CN only Chinese words, en no Chinese character, the same exit code', (...args) => {
    const zh = run(['--lang', 'zh-CN', ...args]);
    const en = run(args, { LANG: 'C.UTF-8' });
    expect(zh.status).toBe(2);
    expect(en.status).toBe(2);
    expect(zh.stderr).toMatch(/^hotline: /);
    expect(zh.stderr).toMatch(HAN);
    expect(words(zh.stderr)).not.toMatch(ENGLISH_WORDS);
    expect(en.stderr).not.toMatch(HAN);
    expect(en.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('names the same flag in both languages', () => {
    expect(run(['--lang', 'zh-CN', 'erlang', 'c', '--arrivals-per-hour', '100', '--aht-seconds', '180', '--agents', '10.5']).stderr).toBe('hotline: --agents：必须是整数（收到 10.5）\n');
    expect(run(['erlang', 'c', '--bogus', '--lang', 'zh-CN']).stderr).toBe("hotline: 未知选项 '--bogus'（参见：hotline erlang c --help）\n");
    expect(run(['requests', 'list'], { HOTLINE_LANG: 'zh-CN' }).stderr).toBe("hotline: 未知命令 'list'；可用：export（参见：hotline requests --help）\n");
    expect(run(['requests', 'list'], { LANG: 'zh_CN.UTF-8', HOTLINE_LANG: 'en' }).stderr).toBe("hotline: unknown command 'list'; valid: export (see: hotline requests --help)\n");
  });

  it('a bad --lang is refused in the language of the locale', () => {
    expect(run(['--lang', 'fr', 'erlang', 'c'], { LANG: 'zh_CN.UTF-8' })).toMatchObject({ status: 2, stderr: 'hotline: --lang 只能是 zh-CN、en（收到 "fr"）\n' });
    expect(run(['--lang', 'fr', 'erlang', 'c'], { LANG: 'C' })).toMatchObject({ status: 2, stderr: 'hotline: --lang must be one of zh-CN, en (got "fr")\n' });
  });
});

describe('API errors', () => {
  const answer = (status: number, body: object) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const caught = async (res: Response): Promise<CliError> => {
    try {
      await apiAnswer(res);
    } catch (error) {
      if (error instanceof CliError) return error;
      throw error;
    }
    throw new Error('no error');
  };

  it('translates a known code, keeps the field, and falls back to the API message for an unknown code', async () => {
    const known = await caught(answer(409, { statusCode: 409, code: 'month_running', message: 'the month 2026-12 is running', field: 'month' }));
    expect(known).toBeInstanceOf(CliUsageError);
    expect(render(known.reason, 'en')).toBe('the API refused (409): the month 2026-12 is running [month]');
    expect(render(known.reason, 'zh-CN')).toBe(`API 拒绝了请求（409）：${ERROR_TEXTS['zh-CN'].month_running} [month]`);
    const unknown = await caught(answer(400, { code: 'brand_new_code', message: 'something new' }));
    expect(render(unknown.reason, 'zh-CN')).toBe('API 拒绝了请求（400）：something new');
  });

  it('401/403 is "not allowed" (exit 3) naming the account that fits; 5xx a failure (exit 1)', async () => {
    const denied = await caught(answer(403, { code: 'forbidden', message: 'no permission' }));
    expect(denied).toBeInstanceOf(ApiNotAllowedError);
    expect(denied.exitCode).toBe(3);
    expect(render(denied.reason, 'zh-CN')).toBe(`无权操作（403）：${ERROR_TEXTS['zh-CN'].forbidden}（此命令需要排班员账号）`);
    expect(render(denied.reason, 'en')).toBe("not allowed (403): no permission (this command needs a planner's account)");
    const broken = await caught(answer(500, { code: 'internal', message: 'internal error' }));
    expect(broken.exitCode).toBe(1);
  });
});

describe('the sources', () => {
  // Every reason the CLI raises itself is written in both languages (`say(en, zh)`): a bare string literal would
  // print English in a Chinese run. replay.ts is owned elsewhere and still to follow.
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));

  it('raise no CliUsageError or CliError with a one-language text', () => {
    const offenders = files(join(ROOT, 'apps', 'cli', 'src'))
      .filter((f) => !f.endsWith(join('commands', 'replay.ts')))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ where: `${f.slice(ROOT.length + 1)}:${i + 1}`, line })))
      .filter(({ line }) => /new (CliUsageError|CliError|UserCommandError|ApiNotAllowedError)\(\s*[`'"]/.test(line))
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });
});
