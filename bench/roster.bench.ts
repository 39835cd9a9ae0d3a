/**
 * `npm run bench -- roster`: plan 4 weeks (28 days, 1,344 half-hour intervals) for 6, 30 and 100 agents on the
 * 911 centre's 24/7 traffic shape (shared/data/psap-911-hourly-answer-times) with the AHT and patience of the
 * Anonymous Bank's records. The traffic is scaled so that each team is stretched about equally — the greedy roster
 * lands near 90 % — which takes far more calls per head for a large team (Erlang's economies of scale): 0.35 of the
 * centre's volume for 6 agents, 5 for 30, 19 for 100. Each row reports the MIP solve (@hotline/roster solveRoster:
 * HiGHS, large-neighbourhood search of sub-MIPs, time-limited) next to the baseline measured in the same run, the
 * greedy constructor: time, objective (expected lost calls + overtime and fairness penalties), connect rate, the
 * lower bound and the gap. A fresh HiGHS instance per case. Times are reported, never asserted.
 */
import { join } from 'node:path';
import loadHighs from 'highs';
import { type Agent, GainTable, evaluateRoster, greedyRoster, prepareProblem, solveRoster } from '@hotline/roster';
import { readBank, readPsapHours, weekdayHourForecast } from '../apps/cli/src/commands/roster-data';

const SHARED = join(__dirname, '..', '..', 'shared', 'data');
const CASES: { agents: number; scale: number; timeLimitSeconds: number }[] = [
  { agents: 6, scale: 0.35, timeLimitSeconds: 60 },
  { agents: 30, scale: 5, timeLimitSeconds: 120 },
  { agents: 100, scale: 19, timeLimitSeconds: 180 },
];

export default async function run(): Promise<void> {
  const hours = readPsapHours(join(SHARED, 'psap-911-hourly-answer-times'));
  const bank = readBank(join(SHARED, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'));
  const rows: string[] = [];
  for (const c of CASES) {
    // As the API and the CLI solve: with spare instances for HiGHS's occasional WebAssembly trap.
    const highs = await Promise.all(Array.from({ length: 4 }, () => loadHighs()));
    const agents: Agent[] = Array.from({ length: c.agents }, (_, i) => ({ id: `a${i + 1}`, name: `A${i + 1}`, ...(i === 0 ? { floorManager: true, seatShare: 0.5 } : {}) }));
    const scale = c.scale;
    const p = prepareProblem({ startDate: '2025-11-03', days: 28, agents, forecast: { offered: weekdayHourForecast(hours, '2025-11-03', 28, scale), ahtSeconds: bank.ahtSeconds, patienceSeconds: bank.patienceSeconds } });
    const gains = new GainTable(p);
    const g0 = performance.now();
    const greedy = greedyRoster(p, gains);
    const greedyMs = performance.now() - g0;
    const greedyEval = evaluateRoster(p, greedy.roster, gains);
    const s0 = performance.now();
    const report = solveRoster(highs, p, { timeLimitSeconds: c.timeLimitSeconds });
    const solveMs = performance.now() - s0;
    const ev = report.evaluation;
    const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
    rows.push(
      [
        c.agents,
        c.scale,
        Math.round(ev.total.offered),
        `${report.model.binaries} / ${report.model.rows} / ${report.model.nonzeros}`,
        `${(greedyMs / 1000).toFixed(2)} s`,
        `${report.greedy.objective.toFixed(0)} (${pct(greedyEval.total.connectRate)}, ${greedyEval.violations.length} broken)`,
        `${(solveMs / 1000).toFixed(1)} s (limit ${c.timeLimitSeconds})`,
        `${report.objective.toFixed(0)} (${pct(ev.total.connectRate)}, ${ev.violations.length} broken)`,
        `${(solveMs / greedyMs).toFixed(0)}x`,
        (report.objective / report.greedy.objective).toFixed(3),
        report.bound === null ? '—' : `${report.bound.toFixed(0)} (${report.boundMethod})`,
        report.gap === null ? '—' : pct(report.gap),
        `${report.status}, ${report.subproblems} sub-MIPs, ${report.improvements} improved${report.solverTraps ? `, ${report.solverTraps} HiGHS trap(s) survived` : ''}${report.solverError ? `; stopped: ${report.solverError}` : ''}`,
      ].join(' | '),
    );
  }
  console.log(
    [
      '| agents | scale | calls | binaries / rows / nonzeros | greedy time | greedy objective (connect rate, rules broken) | MIP time | MIP objective (connect rate, rules broken) | time ratio MIP / greedy | objective ratio MIP / greedy | lower bound | gap | status |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r} |`),
    ].join('\n'),
  );
}
