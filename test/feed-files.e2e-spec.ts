/**
 * Issue 2, done-when 1: replaying each real queue_log (both layouts) and the bank month through Redis into the
 * API gives ledger counts equal to counts this test takes independently from the files.
 */
import { join } from 'node:path';
import { SHARED, createStack, type Stack } from './support/stack';
import { expectedFromBank, expectedFromQueueLog } from './support/expected';
import { ledgerCounts, withoutIds } from './support/ledger';

const QUEUE_LOGS = [
  'asterisk-queue-log-asterisk2slack/queue_log',
  'asterisk-queue-log-malariapbx/queue_log',
  'asterisk-queue-log-malariapbx/queue_log_table.csv',
  'asterisk-queue-log-wazo-doc/queue_log_samples.csv',
  'asterisk-queue-log-issue-snippets/qpanel-issue39.queue_log',
];
const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');

describe('replayed real files reach the ledger exactly', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await createStack('files');
    await stack.startApi();
  });
  afterAll(async () => stack?.stop());

  const callRows = async () => Number((await stack.db.query('SELECT count(*) FROM "Call"')).rows[0].count);

  it.each(QUEUE_LOGS)('%s', async (rel) => {
    const file = join(SHARED, 'data', rel);
    const expected = expectedFromQueueLog(file);
    const before = await callRows();
    await stack.replay(file, ['--format', 'queue_log', '--speed', 'max']);
    await stack.waitForIdle();
    expect(await ledgerCounts(stack.db, expected.callIds)).toEqual(withoutIds(expected));
    if (rel.endsWith('queue_log_table.csv') && rel.includes('malariapbx')) {
      // the realtime-table export holds the same rows as the flat file replayed before it: nothing new
      expect(await callRows()).toBe(before);
    }
  });

  it('the agent field keeps member names with spaces, and PAUSE reasons are kept', async () => {
    const { rows } = await stack.db.query(`SELECT "agentId", state, reason FROM "AgentStatus" ORDER BY "agentId"`);
    expect(rows).toEqual(expect.arrayContaining([{ agentId: 'AGENT 01', state: 'paused', reason: 'LUNCHBREAK' }]));
    const { rows: agents } = await stack.db.query(`SELECT DISTINCT "agentId" FROM "Call" WHERE "agentId" LIKE 'Agent 0%'`);
    expect(agents.map((r) => r.agentId).sort()).toEqual(['Agent 04', 'Agent 05']);
  });

  it('the bank month: requests, agent-, IVR-answered, abandoned, per day and per agent', async () => {
    const expected = expectedFromBank(BANK);
    expect(expected.requests).toBe(25_669); // the data's README: 25,890 calls less 221 PHANTOM
    await stack.replay(BANK, ['--format', 'bank', '--speed', 'max']);
    await stack.waitForIdle();
    expect(await ledgerCounts(stack.db, expected.callIds)).toEqual(withoutIds(expected));
  });

  it('replaying a file again changes nothing', async () => {
    const before = Number((await stack.db.query('SELECT count(*) FROM "RawEvent"')).rows[0].count);
    const calls = await callRows();
    await stack.replay(join(SHARED, 'data', QUEUE_LOGS[0]), ['--format', 'queue_log', '--speed', 'max']);
    await stack.waitForIdle();
    expect(Number((await stack.db.query('SELECT count(*) FROM "RawEvent"')).rows[0].count)).toBe(before);
    expect(await callRows()).toBe(calls);
  });
});
