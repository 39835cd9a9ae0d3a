import { LedgerChangeRow, maskPhoneNumbers } from '@hotline/contracts';
import { ledgerChangeChannel, parseSnapshot, visibleIn } from './ledger-changes.js';

describe('parseSnapshot', () => {
  it('reads xmin, xmax and the in-progress ids of pg_current_snapshot()::text', () => {
    const s = parseSnapshot('748:752:748,750');
    expect(s.xmin).toBe(748n);
    expect(s.xmax).toBe(752n);
    expect([...s.xip]).toEqual([748n, 750n]);
    expect(s.text).toBe('748:752:748,750');
  });

  it('reads a snapshot with nothing in progress, and 64-bit ids beyond Number', () => {
    const s = parseSnapshot('9007199254740993:9007199254740993:');
    expect(s.xmin).toBe(9007199254740993n);
    expect(s.xip.size).toBe(0);
  });

  it.each(['', '1:2', '1:2:3:4', 'a:2:', '5:4:', '1:5:7', '3:5:2', '1:5:2,', ' :1:'])('refuses "%s"', (text) => {
    expect(() => parseSnapshot(text)).toThrow(/not a pg_snapshot/);
  });
});

describe('visibleIn (a committed transaction against a snapshot, as pg_visible_in_snapshot)', () => {
  const s = parseSnapshot('100:105:100,103');
  it.each([
    [99n, true], // ended before the snapshot's oldest running transaction
    [100n, false], // in progress then
    [101n, true],
    [102n, true],
    [103n, false],
    [104n, true],
    [105n, false], // not yet started (at or above xmax)
    [200n, false],
  ])('xid %s: %s', (xid, visible) => {
    expect(visibleIn(s, xid)).toBe(visible);
  });

  it('a change is new for a follower exactly once across consecutive snapshots', () => {
    // Transactions 100..106 commit in the order 104, 101, 106, 100, 103, 105, 102, polled after every two commits.
    const polls = ['100:100:', '100:105:100,102,103', '100:107:100,102,103,105', '102:107:102,105', '102:107:102', '107:107:'].map(parseSnapshot);
    const seen: bigint[] = [];
    for (let i = 1; i < polls.length; i++) {
      for (let x = 100n; x <= 106n; x++) if (visibleIn(polls[i], x) && !visibleIn(polls[i - 1], x)) seen.push(x);
    }
    expect(seen.sort()).toEqual([100n, 101n, 102n, 103n, 104n, 105n, 106n]);
  });
});

describe('the outbox row contract', () => {
  const call = {
    callId: 'c1', source: 't', offeredAt: 1, startInferred: false, callerId: 'a'.repeat(64), did: null, category: null, priority: null, queue: null,
    queuedAt: null, ivrCompletedAt: null, ivrSeconds: null, answeredAt: null, answerInferred: false, agentId: null, waitSeconds: null, abandonedAt: null,
    abandonWhere: null, abandonReason: null, endedAt: null, talkSeconds: null, wrapSeconds: null, transferred: false, survey: null, lastEventAt: 1,
  };

  it('accepts a call change whose caller is a keyed hash, and refuses a number in clear', () => {
    expect(LedgerChangeRow.safeParse({ kind: 'call', payload: { before: null, after: call } }).success).toBe(true);
    expect(LedgerChangeRow.safeParse({ kind: 'call', payload: { before: null, after: { ...call, callerId: '13812345678' } } }).success).toBe(false);
  });

  it('accepts an agent state only with its reason masked (masking is idempotent)', () => {
    const state = { eventId: 'e', callId: null, ts: '2024-01-01T00:00:00.000Z', source: 't', type: 'agent.state', agentId: 'A1', state: 'paused' };
    expect(LedgerChangeRow.safeParse({ kind: 'agent-state', payload: { ...state, reason: '13812345678 回电' } }).success).toBe(false);
    const masked = maskPhoneNumbers('13812345678 回电');
    expect(masked).not.toContain('13812345678');
    expect(LedgerChangeRow.safeParse({ kind: 'agent-state', payload: { ...state, reason: masked } }).success).toBe(true);
  });

  it('names the channel after the stream prefix, hashed when too long for an identifier', () => {
    expect(ledgerChangeChannel('hotline:')).toBe('hotline:ledger-changes');
    const long = ledgerChangeChannel('x'.repeat(80));
    expect(long).toMatch(/^ledger-changes:[0-9a-f]{32}$/);
    expect(ledgerChangeChannel('y'.repeat(80))).not.toBe(long);
  });
});
