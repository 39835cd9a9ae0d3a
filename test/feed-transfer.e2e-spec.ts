/**
 * Issue 13: an attended transfer between two queues, written as the queue_log format reference describes (the
 * transfer line under the consultation call's id, the caller's CONNECT/COMPLETE in the target queue under its own
 * id with no ENTERQUEUE there), replayed through Redis into the API: the ledger counts each caller once, the
 * consultation calls never, and agrees with `hotline kpi` on the same file.
 */
import { join } from 'node:path';
import type { KpiReport } from '@hotline/kpi';
import { kpiOfFile } from '../apps/cli/src/commands/kpi';
import { ROOT, createStack, type Stack } from './support/stack';

const TRANSFERS = join(ROOT, 'libs', 'events', 'fixtures', 'queue-transfers.queue_log');

describe('transfers between queues reach the ledger as one call per caller', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await createStack('transfer');
    await stack.startApi();
  });
  afterAll(async () => stack?.stop());

  it('one request per caller, none for the consultations; the same counts as hotline kpi', async () => {
    await stack.replay(TRANSFERS, ['--format', 'queue_log', '--speed', 'max']);
    await stack.waitForIdle();
    const { rows } = await stack.db.query(`SELECT "callId", "agentId", outcome, "waitSeconds", "talkSeconds", transferred FROM "Call" ORDER BY "callId"`);
    expect(rows).toEqual([
      { callId: '1718000000.1', agentId: 'PJSIP/8001', outcome: 'answered', waitSeconds: 4, talkSeconds: 191, transferred: true },
      { callId: '1718001000.6', agentId: 'PJSIP/8002', outcome: 'answered', waitSeconds: 5, talkSeconds: 160, transferred: true },
      { callId: '1718002000.9', agentId: 'PJSIP/8001', outcome: 'answered', waitSeconds: 3, talkSeconds: 77, transferred: true },
      { callId: '1718003000.13', agentId: 'PJSIP/9002', outcome: 'answered', waitSeconds: 10, talkSeconds: 90, transferred: false },
    ]);
    const { status, body } = await stack.getJson<KpiReport>('/api/kpi?from=2024-06-10&to=2024-06-10');
    expect(status).toBe(200);
    const offline = kpiOfFile(TRANSFERS, { format: 'queue_log', timezone: 'Asia/Shanghai', slSeconds: '20' });
    const fields = ['requests', 'agentAnswered', 'abandoned', 'pending', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
    for (const f of fields) expect([f, body[f]]).toEqual([f, offline[f]]);
    expect(body).toMatchObject({ requests: 4, agentAnswered: 4 });
    expect(Object.fromEntries(body.agents.map((a) => [a.agentId, a.agentAnswered]))).toEqual({ 'PJSIP/8001': 2, 'PJSIP/8002': 1, 'PJSIP/9001': 0, 'PJSIP/9002': 1 }); // 9001 took the transfer: its own talk, no answer
  });

  it('GET /api/kpi credits each agent of a transferred call with its own talk, as hotline kpi does (Call.legs)', async () => {
    const { body } = await stack.getJson<KpiReport>('/api/kpi?from=2024-06-10&to=2024-06-10');
    const offline = kpiOfFile(TRANSFERS, { format: 'queue_log', timezone: 'Asia/Shanghai', slSeconds: '20' });
    const byAgent = (r: KpiReport) => Object.fromEntries(r.agents.map((a) => [a.agentId, a]));
    expect(byAgent(body)).toEqual(byAgent(offline));
    const { rows } = await stack.db.query(`SELECT jsonb_array_length(legs) AS legs FROM "Call" WHERE "callId" = '1718000000.1'`);
    expect(rows[0].legs).toBe(2);
  });
});
