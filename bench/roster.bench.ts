/**
 * `npm run bench -- roster`: plan 4 weeks (28 days, 1,344 half-hour intervals) for 6, 30 and 100 agents on the
 * 911 centre's 24/7 traffic shape (shared/data/psap-911-hourly-answer-times) with the AHT and patience of the
 * Anonymous Bank's records. The traffic is scaled so that each team is stretched about equally — the greedy roster
 * lands near 90 % — which takes far more calls per head for a large team (Erlang's economies of scale): 0.35 of the
 * centre's volume for 6 agents, 5 for 30, 19 for 100.
 *
 * Each case is ONE anytime solve (@hotline/roster solveRoster with `continueAfter`, as a planning job with a
 * background budget runs): the answer at a 10 s time limit, then the background search for up to
 * BENCH_ROSTER_BUDGET_S seconds (default 120; the API's default budget is 600) or until it proves the gap target
 * (0.5 %) or stalls (60 s without a better roster); the background phase starts with column generation for a tighter
 * bound (a tenth of the budget, at most 30 s, as the API). From that one run the table gives the objective (expected lost
 * calls + overtime and fairness penalties), connect rate, lower bound and gap at 10 s (the answer), at 60 s (the best
 * roster found by then) and at the end, why it ended, and the better rosters found in the background (each would be a
 * draft version). The baseline measured in the same run is the greedy constructor. A fresh set of HiGHS instances
 * per case. Times are reported, never asserted.
 *
 * Exact Erlang A month staffing next to our Erlang C and a textbook baseline is reported by `npm run bench -- erlang`
 * (bench/erlang.bench.ts); `npm run bench` runs both.
 */
import { join } from 'node:path';
import loadHighs from 'highs';
import { type Agent, GainTable, type Roster, type SolveReport, evaluateRoster, greedyRoster, prepareProblem, solveRoster } from '@hotline/roster';
import { readBank, readPsapHours, weekdayHourForecast } from '../apps/cli/src/commands/roster-data';

const SHARED = join(__dirname, '..', '..', 'shared', 'data');
const CASES: { agents: number; scale: number }[] = [
  { agents: 6, scale: 0.35 },
  { agents: 30, scale: 5 },
  { agents: 100, scale: 19 },
];
/** The answer's time limit (s) and the checkpoint after it (s). */
const ANSWER_S = 10;
const CHECK_S = 60;

/** The background budget in seconds (env BENCH_ROSTER_BUDGET_S, default 120). */
function budgetSeconds(): number {
  const raw = process.env.BENCH_ROSTER_BUDGET_S;
  const value = raw === undefined || raw === '' ? 120 : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`BENCH_ROSTER_BUDGET_S must be a positive number of seconds, not ${raw}`);
  return value;
}

/** Seconds of column generation at the start of the background phase: as the API (a tenth of the budget, at most 30 s). */
const boundSeconds = (budget: number): number => Math.min(30, budget / 10);

/** A roster of the run at some moment: its objective, bound and gap as the solver reported them. */
interface Snapshot {
  atSeconds: number;
  roster: Roster;
  objective: number;
  bound: number | null;
  gap: number | null;
}

export default async function run(): Promise<void> {
  const budget = budgetSeconds();
  const hours = readPsapHours(join(SHARED, 'psap-911-hourly-answer-times'));
  const bank = readBank(join(SHARED, 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv'));
  const rows: string[] = [];
  for (const c of CASES) {
    // As the API and the CLI solve: with spare instances for HiGHS's occasional WebAssembly trap.
    const highs = await Promise.all(Array.from({ length: 4 }, () => loadHighs()));
    const agents: Agent[] = Array.from({ length: c.agents }, (_, i) => ({ id: `a${i + 1}`, name: `A${i + 1}`, ...(i === 0 ? { floorManager: true, seatShare: 0.5 } : {}) }));
    const p = prepareProblem({ startDate: '2025-11-03', days: 28, agents, forecast: { offered: weekdayHourForecast(hours, '2025-11-03', 28, c.scale), ahtSeconds: bank.ahtSeconds, patienceSeconds: bank.patienceSeconds } });
    const gains = new GainTable(p);
    const g0 = performance.now();
    const greedy = greedyRoster(p, gains);
    const greedyMs = performance.now() - g0;
    const greedyEval = evaluateRoster(p, greedy.roster, gains);

    // The answer, the best roster found by the checkpoint (the answer or a better one found before it), the better
    // rosters found in the background (filled by the solver's callbacks).
    const seen: { answer: SolveReport | null; atCheck: Snapshot | null; background: number } = { answer: null, atCheck: null, background: 0 };
    const s0 = performance.now();
    const report = solveRoster(highs, p, {
      timeLimitSeconds: ANSWER_S,
      continueAfter: {
        budgetSeconds: budget,
        boundSeconds: boundSeconds(budget),
        onAnswer: (r) => {
          seen.answer = r;
          seen.atCheck = { atSeconds: r.timeMs.total / 1000, roster: r.roster, objective: r.objective, bound: r.bound, gap: r.gap };
        },
      },
      onIncumbent: (i) => {
        if (i.background) seen.background += 1;
        if (i.elapsedSeconds <= CHECK_S) seen.atCheck = { atSeconds: i.elapsedSeconds, roster: i.roster, objective: i.objective, bound: i.bound, gap: i.gap };
      },
    });
    const totalS = (performance.now() - s0) / 1000;
    const answer = seen.answer;
    const first: SolveReport = answer ?? report;
    const check: Snapshot = seen.atCheck ?? { atSeconds: report.timeMs.total / 1000, roster: report.roster, objective: report.objective, bound: report.bound, gap: report.gap };
    const pct = (x: number | null, digits = 2): string => (x === null ? '—' : `${(x * 100).toFixed(digits)} %`);
    const cell = (objective: number, roster: Roster, bound: number | null, gap: number | null): string => {
      const ev = evaluateRoster(p, roster, gains);
      return `${objective.toFixed(1)} (${pct(ev.total.connectRate)}${ev.violations.length ? `, ${ev.violations.length} broken` : ''}) / ${bound === null ? '—' : bound.toFixed(1)} / ${pct(gap)}`;
    };
    rows.push(
      [
        c.agents,
        Math.round(report.evaluation.total.offered),
        `${report.model.binaries} / ${report.model.rows} / ${report.model.nonzeros}`,
        `${report.greedy.objective.toFixed(1)} (${pct(greedyEval.total.connectRate)}) in ${(greedyMs / 1000).toFixed(2)} s`,
        `${cell(first.objective, first.roster, first.bound, first.gap)}${answer ? '' : ` (ended at ${(first.timeMs.total / 1000).toFixed(1)} s)`}`,
        cell(check.objective, check.roster, check.bound, check.gap),
        cell(report.objective, report.roster, report.bound, report.gap),
        `${totalS.toFixed(1)} s, ${report.stopReason}`,
        `${seen.background} better in background; ${report.subproblems} sub-MIPs, ${report.improvements} improved${report.solverTraps ? `, ${report.solverTraps} HiGHS trap(s) survived` : ''}${report.solverError ? `; stopped: ${report.solverError}` : ''}`,
        report.boundMethod,
      ].join(' | '),
    );
  }
  console.log(
    [
      `Anytime solve per case: answer at ${ANSWER_S} s, background budget ${budget} s (BENCH_ROSTER_BUDGET_S) starting with ${boundSeconds(budget)} s of column generation, stall 60 s, gap target 0.5 %. Cells: objective (connect rate) / lower bound / gap.`,
      '',
      `| agents | calls | binaries / rows / nonzeros | greedy (baseline) | at ${ANSWER_S} s (answer) | at ${CHECK_S} s | end of background | time, stop reason | search | bound method |`,
      '|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r} |`),
      '',
      'Exact Erlang A month staffing next to Erlang C and a textbook baseline: see the erlang bench (`npm run bench -- erlang`).',
    ].join('\n'),
  );
}
