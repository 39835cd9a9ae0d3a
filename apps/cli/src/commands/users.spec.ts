import { Readable } from 'node:stream';
import { CliUsageError } from '../cli-error';
import { readFirstLine } from '../password-input';
import { checkPassword, userSpec, usersTable } from './users';

describe('readFirstLine (--password-stdin)', () => {
  const read = (...chunks: string[]) => readFirstLine(Readable.from(chunks.map((c) => Buffer.from(c))));

  it('takes the first line without its newline, keeping every other character', async () => {
    await expect(read('  pass word \t\nsecond\n')).resolves.toBe('  pass word \t');
    await expect(read('crlf-line\r\n')).resolves.toBe('crlf-line');
    await expect(read('no newline at all')).resolves.toBe('no newline at all');
    await expect(read('split ', 'across ', 'chunks\nrest')).resolves.toBe('split across chunks');
    await expect(read('密码-Ünïcode-9\n')).resolves.toBe('密码-Ünïcode-9');
  });

  it('an empty first line is an empty password (the policy refuses it); nothing at all is a usage error', async () => {
    await expect(read('\nsecond')).resolves.toBe('');
    await expect(read()).rejects.toThrow(CliUsageError);
    await expect(read()).rejects.toThrow('nothing on standard input');
  });
});

describe('userSpec and checkPassword (the contract\'s schemas and policy)', () => {
  const good = 'Harbour-Lights-7';

  it('normalises the login, defaults the display name, keeps roles and agent id', () => {
    expect(userSpec('Agent.One', { role: ['agent'], agentId: ' A7 ' }, good)).toEqual({
      login: 'agent.one', displayName: 'agent.one', roles: ['agent'], agentId: 'A7', password: good, temporary: false,
    });
    expect(userSpec('lead', { role: ['shift_lead', 'planner'], displayName: '班长 Li', temporary: true }, good)).toMatchObject({
      roles: ['shift_lead', 'planner'], displayName: '班长 Li', agentId: null, temporary: true,
    });
  });

  it('names the argument at fault', () => {
    expect(() => userSpec('x', { role: ['agent'] }, good)).toThrow(/^NAME "x": expected 3 to 32/);
    expect(() => userSpec('okay', { role: [] }, good)).toThrow('--role is required');
    expect(() => userSpec('okay', { role: ['agent', 'superuser'] }, good)).toThrow('--role superuser: not a role');
    expect(() => userSpec('okay', { role: ['agent', 'agent'] }, good)).toThrow('--role: each role once');
    expect(() => userSpec('okay', { role: ['agent'], displayName: '' }, good)).toThrow(/^--display-name: /);
    expect(() => userSpec('okay', { role: ['agent'], agentId: '   ' }, good)).toThrow(/^--agent-id: /);
  });

  it('names every broken rule of the password policy', () => {
    expect(() => checkPassword('Ab1!', 'okay')).toThrow('password refused by the policy (too_short): shorter than 12 characters');
    expect(() => checkPassword('abcdefghijklmnop', 'okay')).toThrow('(too_few_classes): fewer than 3 of lower-case letters, upper-case letters, digits and symbols');
    expect(() => checkPassword('ab', 'okay')).toThrow('(too_short, too_few_classes)');
    expect(() => checkPassword('My-OKAY-pass-99', 'okay')).toThrow('(contains_login): contains the login name');
    expect(() => checkPassword(`Aa1-${'x'.repeat(130)}`, 'okay')).toThrow('(too_long): longer than 128 characters');
    expect(() => checkPassword(good, 'okay')).not.toThrow();
  });
});

describe('usersTable', () => {
  it('aligns columns (wide characters count double) and shows status and password state', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const base = { agentId: null, active: true, mustChangePassword: false, lockedUntil: null, lastLoginAt: null, createdAt: '2026-12-01T00:00:00.000Z' };
    const text = usersTable(
      [
        { ...base, id: 1, login: 'admin', displayName: '管理员', roles: ['admin'] },
        { ...base, id: 2, login: 'agent1', displayName: 'Agent One', roles: ['agent'], agentId: 'A7', mustChangePassword: true, lockedUntil: '2026-12-06T12:10:00.000Z' },
        { ...base, id: 3, login: 'gone', displayName: 'Gone', roles: ['auditor'], active: false, lastLoginAt: '2026-12-02T08:00:00.000Z' },
      ],
      now,
    );
    expect(text.split('\n')).toEqual([
      'login   display name  roles    agent id  status                                 password     last sign-in',
      'admin   管理员        admin    -         active                                 set          never',
      'agent1  Agent One     agent    A7        locked until 2026-12-06T12:10:00.000Z  must change  never',
      'gone    Gone          auditor  -         disabled                               set          2026-12-02T08:00:00.000Z',
      '',
    ]);
  });
});
