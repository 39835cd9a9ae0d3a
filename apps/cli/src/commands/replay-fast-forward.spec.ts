/**
 * `hotline replay --fast-forward-to`: the skipped hours' events are sent at once but keep their own times, so a
 * fast-forward never piles the night's calls into the half-hour of the jump; and `--format events` (canonical events
 * as JSON lines, what the demo generates). Pure: planReplay and the pacing, no Redis.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOfDay, type CallEvent } from '@hotline/events';
import { CliUsageError } from '../cli-error';
import { fastForwardInstant, planReplay, replayDueTime } from './replay';

const BANK = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const TZ = 'Asia/Shanghai';
const DAY = '2026-12-07';
const flags = { timezone: TZ, redisUrl: 'redis://127.0.0.1:1', streamPrefix: 'test:' };

/** Offered calls per half-hour (local), keyed by the interval's start instant. */
function perHalfHour(events: readonly CallEvent[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of events) {
    if (e.type !== 'call.offered') continue;
    const k = Math.floor(Date.parse(e.ts) / 1_800_000) * 1_800_000;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** A day of answered calls, one every 10 minutes around the clock (144 calls, 3 a half-hour). */
function evenDay(): CallEvent[] {
  const origin = startOfDay(DAY, TZ).getTime();
  const events: CallEvent[] = [];
  for (let n = 0; n < 144; n++) {
    const t = origin + n * 600_000 + 30_000;
    const callId = `test:${n}`;
    const base = (stage: string, at: number) => ({ eventId: `${callId}:${stage}`, callId, source: 'synthetic', ts: new Date(at).toISOString() });
    events.push({ ...base('offered', t), type: 'call.offered' });
    events.push({ ...base('queued', t), type: 'queue.entered', queue: '12123' });
    events.push({ ...base('answered', t + 20_000), type: 'agent.answered', agentId: 'a02', waitSeconds: 20 });
    events.push({ ...base('ended', t + 200_000), type: 'call.ended', agentId: 'a02', talkSeconds: 180, endedBy: 'caller' });
  }
  return events;
}

describe('hotline replay --fast-forward-to: no spike at the jump', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-ff-'));
    file = join(dir, 'day.jsonl');
    writeFileSync(file, evenDay().map((e) => JSON.stringify(e)).join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the hours before the boundary at once, each event at its own time, and paces the rest from the boundary', () => {
    const plan = planReplay(file, { ...flags, format: 'events', speed: '60', fastForwardTo: '08:00' });
    const boundary = startOfDay(DAY, TZ).getTime() + 8 * 3_600_000;
    expect(plan.fastForwardUntil).toBe(boundary);
    // The times are the file's: the fast-forward moves no event.
    expect(plan.events.map((e) => e.ts)).toEqual(evenDay().map((e) => e.ts));
    // Every half-hour keeps its 3 calls, the one of the jump included.
    expect([...perHalfHour(plan.events).values()]).toEqual(new Array(48).fill(3));
    const wallStart = 1_000_000;
    const due = plan.events.map((_e, i) => replayDueTime(plan, i, wallStart));
    plan.events.forEach((e, i) => {
      const t = Date.parse(e.ts);
      expect(due[i]).toBe(t < boundary ? wallStart : wallStart + (t - boundary) / 60);
    });
    for (let i = 1; i < due.length; i++) expect(due[i]).toBeGreaterThanOrEqual(due[i - 1]);
  });

  it('on the bank day of the demo option: the same calls per half-hour with and without the fast-forward', () => {
    const common = { ...flags, format: 'bank', speed: '60', day: '1999-02-08', shiftTo: DAY };
    const paced = planReplay(BANK, common);
    const jumped = planReplay(BANK, { ...common, fastForwardTo: '08:00' });
    expect(jumped.events.map((e) => e.ts)).toEqual(paced.events.map((e) => e.ts));
    expect(perHalfHour(jumped.events)).toEqual(perHalfHour(paced.events));
    // The half-hour that starts at the boundary holds only its own calls (the bank's 08:00-08:30, 27 calls).
    const boundary = jumped.fastForwardUntil;
    expect(perHalfHour(jumped.events).get(boundary)).toBe(jumped.events.filter((e) => e.type === 'call.offered' && Date.parse(e.ts) >= boundary && Date.parse(e.ts) < boundary + 1_800_000).length);
    expect(perHalfHour(jumped.events).get(boundary)).toBeLessThan(60);
  });

  it('"now" fast-forwards to the time of day now on the first day (the data clock starts at the wall clock)', () => {
    const first = startOfDay(DAY, TZ).getTime() + 60_000;
    const now = Date.parse('2026-12-07T03:25:00Z'); // 11:25 in Shanghai
    expect(fastForwardInstant('now', first, TZ, now)).toBe(startOfDay(DAY, TZ).getTime() + (11 * 60 + 25) * 60_000);
    expect(fastForwardInstant('07:30', first, TZ, now)).toBe(startOfDay(DAY, TZ).getTime() + (7 * 60 + 30) * 60_000);
    expect(() => fastForwardInstant('25:00', first, TZ, now)).toThrow(CliUsageError);
    expect(() => fastForwardInstant('later', first, TZ, now)).toThrow(/HH:MM or "now"/);
  });
});

describe('hotline replay --format events', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-events-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads canonical events a line each; a line that is not one is a dead letter naming its line and fields', () => {
    const file = join(dir, 'mixed.jsonl');
    const [a, b] = evenDay();
    writeFileSync(file, `${JSON.stringify(a)}\n\n{"type":"call.offered"}\nnot json\n${JSON.stringify(b)}\n`);
    const plan = planReplay(file, { ...flags, format: 'events', speed: 'max' });
    expect(plan.events).toEqual([a, b]);
    expect(plan.skipped).toEqual({ blank: 1 });
    expect(plan.deadLetters.map((d) => d.line)).toEqual([3, 4]);
    expect(plan.deadLetters[0].reason).toMatch(/eventId/);
    expect(plan.deadLetters[1].reason).toMatch(/not JSON/);
  });

  it('refuses a file without any event, and a missing file, as usage mistakes', () => {
    const file = join(dir, 'none.jsonl');
    writeFileSync(file, 'a,b,c\n');
    expect(() => planReplay(file, { ...flags, format: 'events', speed: 'max' })).toThrow(/no canonical event/);
    expect(() => planReplay(join(dir, 'missing.jsonl'), { ...flags, format: 'events', speed: 'max' })).toThrow(CliUsageError);
  });
});
