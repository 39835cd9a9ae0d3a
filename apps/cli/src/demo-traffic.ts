// The demo's traffic at the customer's scale (`npm run demo`, scripts/demo.mjs): a 12123 city hotline that six
// agents can serve. The arrival shape is the 911 centre's 24/7 hourly reports (shared/data/psap-911-hourly-answer-
// times: mean calls per weekday and hour) scaled by DEMO_SCALE, as test/roster-acceptance.spec.ts scales it; handle
// times and patience are the Anonymous Bank's measured distributions (empirical handle times, Kaplan–Meier patience).
// The calls are generated one by one and served by the roster the demo published (libs/roster `servedTraffic`), then
// written as canonical events (libs/events `callRecordEvents`) for `hotline replay --format events`.
// No IVR self-service: every generated request asks for an agent, so the floor's connect rate (which counts
// IVR-answered calls), the planner's agent-queue prediction and the month page measure the same calls.
// Callers carry synthetic numbers (demo-callers.ts) in `call.offered`'s `callerId`, as a real feed's do.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callRecordEvents, startOfDay, type CallEvent, type CallRecord } from '@hotline/events';
import { buildSchedule, prepareProblem, servedTraffic, type DurationModel, type Roster, type RosterProblem, type ServedCall } from '@hotline/roster';
import { readBank, readPsapHours, weekdayHourForecast, type BankMeasurements } from './commands/roster-data';
import { demoCallerNumbers } from './demo-callers';

/**
 * Scale of the 911 centre's calls in the demo: 0.30, about 205 calls a day to the agents (the roster acceptance
 * test's 0.35, about 240 a day, leaves six agents at the 90 % line with no margin for a forecast learnt from a few
 * weeks of history).
 */
export const DEMO_SCALE = 0.3;
/** The queue name of the generated calls. */
export const DEMO_QUEUE = '12123';
/** Source label of the generated events: the console labels it 合成数据 / synthetic. */
export const DEMO_SOURCE = 'synthetic';

/** What the demo's traffic is made of, read from the shared data directory. */
export interface DemoTrafficData {
  /** The 911 centre's hourly counts (the arrival shape). */
  hours: ReturnType<typeof readPsapHours>;
  bank: BankMeasurements;
  handleTime: DurationModel;
  patience: DurationModel;
}

/**
 * Reads the 911 hourly reports and the bank's records under `dataDir` (the layout of shared/data).
 * @throws CliUsageError when a file cannot be read or parsed.
 */
export function readDemoTrafficData(dataDir: string): DemoTrafficData {
  const hours = readPsapHours(join(dataDir, 'psap-911-hourly-answer-times'));
  const bank = readBank(join(dataDir, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'));
  return {
    hours,
    bank,
    handleTime: { kind: 'empirical', samplesSeconds: bank.handleTimes },
    patience: { kind: 'survival', ...bank.patienceCurve, tailMeanSeconds: bank.patienceSeconds },
  };
}

/**
 * The forecast body of a plan for `days` days from `startDate` (POST /api/roster/plans with `source: 'given'`):
 * expected calls per 30-minute interval (the weekday-hour means of the 911 centre times `scale`), the bank's AHT
 * and patience (seconds, the means the planner's Erlang A uses).
 */
export function demoForecast(data: DemoTrafficData, startDate: string, days: number, scale = DEMO_SCALE): { offered: number[]; ahtSeconds: number; patienceSeconds: number } {
  return { offered: weekdayHourForecast(data.hours, startDate, days, scale), ahtSeconds: data.bank.ahtSeconds, patienceSeconds: data.bank.patienceSeconds };
}

/** Mean calls a day of a forecast (calls per interval, 48 a day). */
export function meanDailyCalls(offered: readonly number[]): number {
  return offered.reduce((s, x) => s + x, 0) / (offered.length / 48);
}

/** A published roster version as GET /api/roster/versions/{id} gives it: the problem it was planned for and its cells. */
export interface PublishedRoster {
  problem: RosterProblem;
  roster: Roster;
}

/** The canonical events of a version's generated period, and its totals. */
export interface DemoTraffic {
  events: CallEvent[];
  calls: ServedCall[];
  total: { offered: number; answered: number; abandoned: number; connectRate: number };
}

/**
 * Generates the period of a published roster: calls from its own forecast (Poisson, seeded), served by its agents
 * on duty, with the data's handle-time and patience distributions; plus each agent's login at a shift's start and
 * logout at its end (after the call in hand). Each call's `callerId` is a synthetic number in clear (mobile, Fuzhou
 * landline, or none when withheld; repeat callers included: `demoCallerNumbers`), which the API's feed consumer
 * hashes, encrypts and masks. Call ids `demo:<period start>:<n>`: the same roster and seed give the same ids, numbers
 * and events, so loading them again changes nothing in the ledger.
 *
 * @param version the published roster (agent ids become the events' agent ids: the floor's agents are the roster's).
 * @param timeZone the hotline's zone: the roster's days are its local days.
 */
export function demoTraffic(version: PublishedRoster, data: DemoTrafficData, seed: number, timeZone: string): DemoTraffic {
  const p = prepareProblem(version.problem);
  const schedule = buildSchedule(p, version.roster);
  const { calls, total } = servedTraffic(p, schedule, { handleTime: data.handleTime, patience: data.patience, seed });
  const origin = startOfDay(p.startDate, timeZone).getTime();
  const at = (seconds: number) => origin + Math.round(seconds * 1000);
  const prefix = `demo:${p.startDate}`;
  const events: CallEvent[] = [];
  const busyUntil = new Map<string, { from: number; to: number }[]>();
  const callerIds = demoCallerNumbers(calls, seed);
  for (const [i, c] of calls.entries()) {
    const offeredAt = at(c.arrivalSeconds);
    const record: CallRecord = {
      callId: `${prefix}:${c.n}`,
      source: DEMO_SOURCE,
      offeredAt,
      callerId: callerIds[i],
      queue: { name: DEMO_QUEUE, enteredAt: offeredAt },
      outcome:
        c.outcome === 'answered'
          ? { kind: 'answered', at: at(c.answeredAt), agentId: c.agentId, waitSeconds: Math.round(c.waitSeconds), endedAt: at(c.answeredAt + c.handleSeconds), talkSeconds: Math.round(c.handleSeconds), endedBy: c.n % 4 === 0 ? 'agent' : 'caller' }
          : { kind: 'abandoned', at: at(c.abandonedAt), where: 'queue', waitSeconds: Math.round(c.waitSeconds), queue: DEMO_QUEUE },
    };
    events.push(...callRecordEvents(record));
    if (c.outcome === 'answered') {
      const list = busyUntil.get(c.agentId) ?? [];
      list.push({ from: c.answeredAt, to: c.answeredAt + c.handleSeconds });
      busyUntil.set(c.agentId, list);
    }
  }
  for (const shifts of schedule.shifts) {
    for (const s of shifts) {
      const agent = p.agents[s.agent].id;
      const start = s.start * 60;
      let end = s.end * 60;
      for (const call of busyUntil.get(agent) ?? []) if (call.from < end && call.to > end) end = call.to;
      const id = `${prefix}:agent:${agent}:${s.day}:${s.shift}`;
      const state = (suffix: string, t: number, name: 'login' | 'logout'): CallEvent => ({ eventId: `${id}:${suffix}`, callId: null, source: DEMO_SOURCE, ts: new Date(at(t)).toISOString(), type: 'agent.state', agentId: agent, state: name, queue: DEMO_QUEUE });
      events.push(state('login', start, 'login'), state('logout', end, 'logout'));
    }
  }
  events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  return { events, calls, total };
}

/**
 * Writes events as JSON lines (the input of `hotline replay FILE --format events`), readable by the owner only
 * (mode 0600, also when the file existed): a `call.offered` carries its caller's number in clear, as a feed's file does.
 */
export function writeEventsFile(path: string, events: readonly CallEvent[]): void {
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''), { mode: 0o600 });
  chmodSync(path, 0o600);
}
