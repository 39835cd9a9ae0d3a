import { MAX_FUTURE_MS, eventTimeProblem, unstorableValue } from './storable';

describe('what the ledger can store', () => {
  it('names the first value Postgres would refuse, with its path', () => {
    expect(unstorableValue({ category: 'ok', legs: [{ agentId: 'a\u0000b' }] })).toEqual({ path: ['legs', 0, 'agentId'], message: expect.stringMatching(/NUL/) });
    expect(unstorableValue({ note: 'x\uD800' })?.path).toEqual(['note']);
    expect(unstorableValue({ priority: 2 ** 31 })?.message).toMatch(/32-bit integer/);
    expect(unstorableValue({ position: -(2 ** 31) })?.message).toMatch(/32-bit integer/);
    expect(unstorableValue({ waitSeconds: 2e8 })?.message).toMatch(/at most 100000000 s/);
    expect(unstorableValue({ n: 2 ** 53 + 2 })?.message).toMatch(/beyond ±2\^53/);
    expect(unstorableValue({ n: Infinity })?.message).toBe('not a finite number');
    expect(unstorableValue({ ['a\u0000']: 1 })?.message).toMatch(/field name/);
  });

  it('lets ordinary events through', () => {
    expect(unstorableValue({ eventId: 'e', callId: 'c', ts: '2026-01-01T00:00:00.000Z', priority: 2 ** 31 - 1, waitSeconds: 86_400, note: '中文 😀' })).toBeUndefined();
  });

  it('refuses times before 1970 and more than 7 days ahead', () => {
    const now = Date.parse('2026-12-07T00:00:00.000Z');
    expect(eventTimeProblem('1969-12-31T23:59:59.000Z', now)).toBe('before 1970');
    expect(eventTimeProblem(new Date(now + MAX_FUTURE_MS + 1000).toISOString(), now)).toMatch(/7 days ahead/);
    expect(eventTimeProblem(new Date(now + MAX_FUTURE_MS - 1000).toISOString(), now)).toBeUndefined();
  });
});
