/**
 * Done-when (b): the staffing requirement of a real day, 2 February 1999 of the Anonymous Bank, hour by hour,
 * under Erlang C (80 % answered within 20 s) and Erlang A (connect rate 90 %, the contract's 接通率), side by
 * side with what actually happened: the agents who served in each hour (distinct servers) and the abandonment
 * observed. Prints the table of the README.
 *
 * Model inputs come through the product's own pipeline (libs/events bank adapter -> libs/kpi call fold ->
 * summarizeCalls): requests of each hour (the day's actual arrivals, i.e. a perfect forecast), each hour's shares
 * of requests reaching the agents and completed in the IVR (at night the bank's calls all end in the VRU), AHT
 * per hour (credibility-weighted towards the day's mean), patience estimated over the whole month (censored-exponential MLE, libs/erlang estimatePatience).
 * The observed columns are read here straight from the file, independently: distinct servers = agents (server
 * not NO_SERVER) whose service overlaps the hour (an upper estimate of the agents present); busy = service time
 * inside the hour / 3600 (the carried load, a lower bound); abandoned = HANG after queueing, over the calls
 * offered to agents (AGENT rows and HANG rows that queued), by hour of arrival.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBankCalls } from '@hotline/events';
import { foldEvents, outcomeOf } from '@hotline/kpi';
import { computeRequirement, intervalStartIso, summarizeCalls } from './index';

const FILE = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const DAY = '1999-02-02';
const TARGETS = { serviceLevelTarget: 0.8, targetSeconds: 20, targetConnectRate: 0.9 };

interface Observed {
  requests: number;
  offeredToAgents: number;
  abandoned: number;
  servers: Set<string>;
  busySeconds: number;
}

/** The day's hours as read straight from the TSV (file clock = local time). */
function observe(text: string): Observed[] {
  const hours: Observed[] = Array.from({ length: 24 }, () => ({ requests: 0, offeredToAgents: 0, abandoned: 0, servers: new Set<string>(), busySeconds: 0 }));
  const clock = (s: string): number => {
    const [h, m, x] = s.split(':').map(Number);
    return h * 3600 + m * 60 + x;
  };
  const yymmdd = DAY.slice(2).replace(/-/g, '');
  for (const line of text.split('\n').map((l) => l.replace(/\r$/, '')).filter(Boolean).slice(1)) {
    const f = line.split('\t').map((x) => x.trim());
    const [date, vruEntry, qStart, qExit, qTime, outcome, serStart, serExit, serTime, server] = [f[5], f[6], f[9], f[10], Number(f[11]), f[12], f[13], f[14], Number(f[15]), f[16]];
    if (outcome === 'PHANTOM') continue;
    const entry = clock(vruEntry);
    const queued = qTime > 0 || qStart !== '0:00:00' || qExit !== '0:00:00';
    if (date === yymmdd) {
      const h = hours[Math.floor(entry / 3600)];
      h.requests += 1;
      if (outcome === 'AGENT' || queued) h.offeredToAgents += 1;
      if (outcome === 'HANG' && queued) h.abandoned += 1;
    }
    // Services of this day and of the day before (one may run past midnight).
    const offset = date === yymmdd ? 0 : date === '990201' ? -86_400 : undefined;
    if (offset === undefined || outcome !== 'AGENT' || server === 'NO_SERVER' || serTime <= 0) continue;
    let start = clock(serStart) + offset + (clock(serStart) < entry - 7200 ? 86_400 : 0);
    let end = clock(serExit) + offset + (clock(serExit) < entry - 7200 ? 86_400 : 0);
    if (end < start) end += 86_400;
    start = Math.max(start, 0);
    for (let k = 0; k < 24; k++) {
      const overlap = Math.min(end, (k + 1) * 3600) - Math.max(start, k * 3600);
      if (overlap > 0) {
        hours[k].servers.add(server);
        hours[k].busySeconds += overlap;
      }
    }
  }
  return hours;
}

describe(`staffing requirement of a real day: Anonymous Bank ${DAY}, per hour`, () => {
  const text = readFileSync(FILE, 'utf8');
  const calls = [...foldEvents(parseBankCalls(text).events).values()].map((c) => ({ ...c, outcome: outcomeOf(c) }));
  const month = summarizeCalls(calls, { timeZone: 'Asia/Shanghai', intervalMinutes: 60 });
  const day = summarizeCalls(calls, { timeZone: 'Asia/Shanghai', intervalMinutes: 60, from: DAY, to: DAY });
  const observed = observe(text);
  const counts = day.history.days[0].counts;
  const patience = month.patience;
  if (patience?.kind !== 'estimated' || !day.aht || !day.ahtByInterval) throw new Error('the bank data should give AHT and patience');
  const intervals = counts.map((arrivals, k) => ({
    start: intervalStartIso(DAY, k, 60, 'Asia/Shanghai'),
    arrivals,
    ahtSeconds: day.ahtByInterval![k],
    agentShare: day.sharesByInterval.agentShare[k],
    ivrAnsweredShare: day.sharesByInterval.ivrAnsweredShare[k],
  }));
  const common = {
    intervalMinutes: 60,
    ahtSeconds: day.aht.ahtSeconds,
    patienceSeconds: patience.patienceSeconds,
    targets: TARGETS,
    agentShare: day.shares.agentShare,
    ivrAnsweredShare: day.shares.ivrAnsweredShare,
    intervals,
  };
  const required = computeRequirement(common);
  const atObserved = computeRequirement({ ...common, agentsPerInterval: observed.map((o) => o.servers.size) });

  afterAll(() => {
    const rows = required.intervals
      .map((r, k) => ({ r, o: observed[k], m: atObserved.monthView.intervals[k] }))
      .filter(({ r }) => r.arrivals > 0)
      .map(({ r, o, m }) => {
        const abandonedPct = o.offeredToAgents ? `${o.abandoned} (${((o.abandoned / o.offeredToAgents) * 100).toFixed(1)} %)` : '0';
        return `| ${r.label} | ${r.arrivals} | ${o.offeredToAgents} | ${r.ahtSeconds.toFixed(0)} | ${r.trafficErlangs.toFixed(2)} | **${r.erlangC.agents}** | **${r.erlangA.agents}** | ${o.servers.size} | ${(o.busySeconds / 3600).toFixed(1)} | ${abandonedPct} | ${m.expectedAbandoned.toFixed(1)} |`;
      });
    const sum = (f: (o: Observed) => number): number => observed.reduce((s, o) => s + f(o), 0);
    process.stdout.write(
      [
        '',
        `Anonymous Bank ${DAY}: AHT ${day.aht!.ahtSeconds.toFixed(0)} s (day), patience ${patience.patienceSeconds.toFixed(0)} s ± ${patience.standardErrorSeconds.toFixed(0)} s (month, ${patience.abandoned} abandons), ` +
          `${(day.shares.agentShare * 100).toFixed(1)} % of requests reach the agents, ${(day.shares.ivrAnsweredShare * 100).toFixed(1)} % end in the IVR`,
        '',
        '| hour | requests | offered to agents | AHT s | load A (Erlangs) | Erlang C agents (80 % in 20 s) | Erlang A agents (接通率 90 %) | distinct servers (observed) | busy agents (carried load) | abandoned observed | Erlang A abandoned at the distinct servers |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
        `| day | ${sum((o) => o.requests)} | ${sum((o) => o.offeredToAgents)} | ${day.aht!.ahtSeconds.toFixed(0)} | | **${required.totals.erlangCAgentHours} agent-h** | **${required.totals.erlangAAgentHours} agent-h** (pooled over the day: ${required.monthView.pooled.agentHours}) | ${sum((o) => o.servers.size)} agent-h | ${(sum((o) => o.busySeconds) / 3600).toFixed(1)} agent-h | ${sum((o) => o.abandoned)} (${((sum((o) => o.abandoned) / sum((o) => o.offeredToAgents)) * 100).toFixed(1)} %) | ${atObserved.monthView.total.abandoned.toFixed(1)} |`,
        '',
      ].join('\n'),
    );
  });

  it('reads the same requests through the product pipeline as straight from the file', () => {
    expect(counts).toEqual(observed.map((o) => o.requests));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(1500);
  });

  it('each busy hour needs more agents than the work it carried and no more than the agents who served in it (+2)', () => {
    const busy = required.intervals.filter((r) => r.arrivals >= 30);
    expect(busy.length).toBeGreaterThanOrEqual(15);
    for (const r of busy) {
      const o = observed[required.intervals.indexOf(r)];
      const carried = o.busySeconds / 3600;
      expect({ hour: r.label, ok: r.erlangA.agents > carried && r.erlangA.agents <= r.erlangC.agents && r.erlangC.agents <= o.servers.size + 2 }).toEqual({ hour: r.label, ok: true });
      expect(r.erlangC.agents).toBeGreaterThan(r.trafficErlangs); // a stable queue
      expect(r.erlangC.serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(r.erlangA.connectRate).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('over the day: carried load < Erlang A < Erlang C, within 25 % of the distinct-server hours', () => {
    const serverHours = observed.reduce((s, o) => s + o.servers.size, 0);
    const carried = observed.reduce((s, o) => s + o.busySeconds, 0) / 3600;
    const { erlangAAgentHours: a, erlangCAgentHours: c } = required.totals;
    expect(carried).toBeLessThan(a);
    expect(a).toBeLessThan(c);
    expect(Math.abs(c - serverHours) / serverHours).toBeLessThan(0.25);
    // Staffing every hour to 90 % gives a day above 90 %; pooling over the day needs fewer agent-hours for it.
    expect(required.monthView.total.connectRate).toBeGreaterThanOrEqual(0.9);
    expect(required.monthView.pooled.meetsTarget).toBe(true);
    expect(required.monthView.pooled.agentHours).toBeLessThan(a);
  });

  it('distinct servers overstate the agents on the phones: Erlang A at that count predicts fewer abandons than observed', () => {
    const observedAbandons = observed.reduce((s, o) => s + o.abandoned, 0);
    expect(atObserved.monthView.total.abandoned).toBeLessThan(observedAbandons);
    expect(atObserved.monthView.total.abandoned).toBeGreaterThan(0);
  });
});
