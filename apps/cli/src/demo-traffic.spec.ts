/**
 * The demo's traffic at the customer's scale, on the shared data (read from ../shared, never copied): the volume it
 * states, a month served by a six-agent roster near the 90 % target, calls at their own times, valid canonical
 * events whose agents are the roster's and whose callers carry synthetic numbers (repeat callers among them), and
 * today's part replayed with the fast-forward to "now" unmoved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCallEvent, startOfDay, type CallEvent } from '@hotline/events';
import { GainTable, evaluateRoster, greedyRoster, prepareProblem, type RosterProblem } from '@hotline/roster';
import { planReplay } from './commands/replay';
import { DEMO_SCALE, demoForecast, demoTraffic, meanDailyCalls, readDemoTrafficData, writeEventsFile, type DemoTraffic } from './demo-traffic';
import { demoCallerNumbers } from './demo-callers';

const DATA = join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const TZ = 'Asia/Shanghai';
const START = '2026-12-01';
const DAYS = 31;
const AGENTS = [{ id: 'a01', name: '现场管理', floorManager: true, seatShare: 0.5 }, ...[2, 3, 4, 5, 6].map((n) => ({ id: `a0${n}`, name: `话务员${n}` }))];

describe('the demo traffic: a 12123 city hotline that six agents can serve', () => {
  jest.setTimeout(120_000);
  const data = readDemoTrafficData(DATA);
  const forecast = demoForecast(data, START, DAYS);
  const problem: RosterProblem = { startDate: START, days: DAYS, agents: AGENTS, forecast };
  const p = prepareProblem(problem);
  const gains = new GainTable(p);
  // The optimiser's start (greedy): a legal-looking roster in a second, without HiGHS; the demo publishes the
  // optimiser's own, which predicts at least as much.
  const roster = greedyRoster(p, gains).roster;
  const predicted = evaluateRoster(p, roster, gains).total.connectRate;
  let traffic: DemoTraffic;
  beforeAll(() => {
    traffic = demoTraffic({ problem, roster }, data, 20261201, TZ);
  });

  it('states its volume: about 208 calls a day (the 911 shape x 0.30), AHT and patience from the bank', () => {
    expect(DEMO_SCALE).toBe(0.3);
    const daily = meanDailyCalls(forecast.offered);
    expect(daily).toBeGreaterThan(200);
    expect(daily).toBeLessThan(215);
    expect(forecast.ahtSeconds).toBeGreaterThan(150);
    expect(forecast.patienceSeconds).toBeGreaterThan(250);
    // Generated: within 3 % of the forecast over the month.
    expect(Math.abs(traffic.total.offered / (daily * DAYS) - 1)).toBeLessThan(0.03);
  });

  it('connects the month within 5 points of 90 % with the six-agent roster, near its prediction', () => {
    expect(predicted).toBeGreaterThanOrEqual(0.88);
    expect(Math.abs(traffic.total.connectRate - 0.9)).toBeLessThan(0.05);
    expect(Math.abs(traffic.total.connectRate - predicted)).toBeLessThan(0.025);
  });

  it("writes valid canonical events, every call's events at or after its offer, answered only by the roster's agents", () => {
    const bad = traffic.events.map((e) => parseCallEvent(JSON.parse(JSON.stringify(e)))).filter((r) => !r.ok);
    expect(bad).toEqual([]);
    const offered = new Map<string, number>();
    for (const e of traffic.events) if (e.type === 'call.offered') offered.set(e.callId, Date.parse(e.ts));
    expect(offered.size).toBe(traffic.total.offered);
    const early = traffic.events.filter((e) => e.callId !== null && Date.parse(e.ts) < (offered.get(e.callId) ?? Infinity));
    expect(early).toEqual([]);
    const ids = new Set(AGENTS.map((a) => a.id));
    const agentsSeen = new Set(traffic.events.flatMap((e) => ('agentId' in e && e.agentId ? [e.agentId] : [])));
    expect([...agentsSeen].sort()).toEqual([...ids].sort());
    const logins = traffic.events.filter((e) => e.type === 'agent.state' && e.state === 'login').length;
    expect(logins).toBe(traffic.events.filter((e) => e.type === 'agent.state' && e.state === 'logout').length);
    expect(logins).toBeGreaterThan(100);
  });

  it('gives the callers synthetic numbers, the same for a seed: mobiles, Fuzhou landlines, a few withheld, a few per cent calling again', () => {
    const offered = traffic.events.flatMap((e) => (e.type === 'call.offered' ? [e] : []));
    const ids = offered.map((e) => e.callerId);
    expect(demoCallerNumbers(traffic.calls, 20261201)).toEqual(ids);
    expect(demoCallerNumbers(traffic.calls, 20261202)).not.toEqual(ids);
    const numbers = ids.filter((id): id is string => id !== undefined);
    expect(numbers.filter((n) => !/^(1[3-9]\d{9}|0591-[2-8]\d{7})$/.test(n))).toEqual([]);
    const withheld = 1 - numbers.length / ids.length;
    expect(withheld).toBeGreaterThan(0.01);
    expect(withheld).toBeLessThan(0.06);
    const landline = numbers.filter((n) => n.startsWith('0591-')).length / numbers.length;
    expect(landline).toBeGreaterThan(0.06);
    expect(landline).toBeLessThan(0.2);
    const times = new Map<string, number[]>();
    for (const e of offered) if (e.callerId) times.set(e.callerId, [...(times.get(e.callerId) ?? []), Date.parse(e.ts)]);
    const counts = [...times.values()].map((t) => t.length);
    const repeat = counts.filter((n) => n >= 2).length / counts.length;
    expect(repeat).toBeGreaterThan(0.02);
    expect(repeat).toBeLessThan(0.1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(5);
    expect(counts.filter((n) => n >= 3).length).toBeGreaterThan(0);
    // Repeat callers within 24 hours (the worklist's window) on most days of the month.
    const days = new Set([...times.values()].flatMap((t) => t.slice(1).filter((x, i) => x - t[i] <= 86_400_000).map((x) => Math.floor((x - startOfDay(START, TZ).getTime()) / 86_400_000))));
    expect(days.size).toBeGreaterThan(DAYS * 0.8);
  });

  it('keeps each call in its own half-hour: no interval beyond a Poisson bound of its forecast', () => {
    const origin = startOfDay(START, TZ).getTime();
    const counts = new Array<number>(DAYS * 48).fill(0);
    for (const e of traffic.events) if (e.type === 'call.offered') counts[Math.floor((Date.parse(e.ts) - origin) / 1_800_000)] += 1;
    expect(counts.filter((n, t) => n > forecast.offered[t] + 6 * Math.sqrt(forecast.offered[t]) + 3)).toEqual([]);
  });

  it("replays a day with the fast-forward to now: the hours before now at once at their own times, the rest paced", () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-traffic-'));
    try {
      const dayStart = startOfDay('2026-12-07', TZ).getTime();
      const day = traffic.events.filter((e: CallEvent) => Date.parse(e.ts) >= dayStart && Date.parse(e.ts) < dayStart + 86_400_000);
      const file = join(dir, 'today.jsonl');
      writeEventsFile(file, day);
      const plan = planReplay(file, { format: 'events', timezone: TZ, speed: '60', fastForwardTo: 'now', redisUrl: 'redis://127.0.0.1:1', streamPrefix: 'test:' });
      expect(plan.events.map((e) => e.ts)).toEqual(day.map((e) => e.ts));
      expect(plan.fastForwardUntil).toBeGreaterThanOrEqual(dayStart);
      expect(plan.fastForwardUntil).toBeLessThan(dayStart + 86_400_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
