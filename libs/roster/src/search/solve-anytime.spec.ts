import loadHighs, { type Highs } from 'highs';
import { evaluateRoster } from '../evaluate/evaluate';
import { prepareProblem } from '../model/problem';
import { threeShiftTemplates } from '../model/shifts';
import { type SolveIncumbent, type SolveReport, solveRoster } from './solve';
import type { Agent, RosterProblem } from '../types';

/**
 * Anytime solving: the answer at the time limit, improved rosters reported in the background, the stop reasons.
 * A time limit shorter than the bound's own minimum (1 s) makes the answer the completed greedy roster, which the
 * background search then improves (a 14-day, 6-agent problem whose greedy roster is not optimal; no minimum on duty,
 * so that every roster found keeps the rules).
 */
let pool: Highs[];
beforeAll(async () => {
  pool = await Promise.all(Array.from({ length: 4 }, () => loadHighs()));
});

function problem(): RosterProblem {
  const days = 14;
  const offered = Array.from({ length: days * 48 }, (_, i) => {
    const d = Math.floor(i / 48);
    const h = (i % 48) / 2;
    const weekend = d % 7 >= 5 ? 0.6 : 1;
    return Math.round((h < 7 ? 1 : h < 12 ? 7 : h < 18 ? 9 : 4) * weekend * (1 + 0.3 * Math.sin(i)));
  });
  const agents: Agent[] = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, name: `A${i}`, ...(i === 0 ? { seatShare: 0.5 } : {}) }));
  return { startDate: '2025-11-03', days, agents, forecast: { offered, ahtSeconds: 240, patienceSeconds: 180 }, templates: threeShiftTemplates(), rules: { minOnDuty: 0 }, training: null };
}

/** Small neighbourhoods over the whole model (no whole-model run), so the search has rounds to make. */
const search = { timeLimitSeconds: 0.2, fullModelBinaries: 0, neighbourhoodBinaries: 40, subTimeLimitSeconds: 1, seed: 3 };

describe('solveRoster anytime', () => {
  it('answers at the time limit, tightens the bound, reports each better roster in the background, and ends by itself', () => {
    const answers: SolveReport[] = [];
    const found: SolveIncumbent[] = [];
    const p = problem();
    const report = solveRoster(pool, p, {
      ...search,
      continueAfter: { budgetSeconds: 30, stallSeconds: 15, boundSeconds: 3, onAnswer: (r) => answers.push(r) },
      onIncumbent: (i) => found.push(i),
    });
    expect(answers).toHaveLength(1);
    const answer = answers[0];
    expect(answer.stopReason).toBe('time-limit');
    expect(answer.background).toBe(false);
    const later = found.filter((i) => i.background);
    expect(later.length).toBeGreaterThan(0);
    // Each roster reported is better than the one before, and its objective is its own (re-evaluated here).
    let previous = answer.objective;
    const prepared = prepareProblem(p);
    for (const i of later) {
      expect(i.objective).toBeLessThan(previous);
      previous = i.objective;
      expect(i.breaches).toBe(0);
      expect(evaluateRoster(prepared, i.roster).violations).toEqual([]);
      if (i.bound !== null) expect(i.gap).toBeCloseTo((i.objective - i.bound) / i.objective, 9);
    }
    // The final report is the last roster reported.
    expect(report.background).toBe(true);
    expect(['gap', 'stalled', 'budget', 'exhausted']).toContain(report.stopReason);
    expect(report.objective).toBeCloseTo(later[later.length - 1].objective, 9);
    expect(report.roster).toEqual(later[later.length - 1].roster);
    expect(report.objective).toBeLessThan(answer.objective);
    expect(report.improvements).toBeGreaterThanOrEqual(found.length);
    // The background phase's column generation only tightens the bound, which stays below every roster found.
    if (answer.bound !== null) expect(report.bound).toBeGreaterThanOrEqual(answer.bound);
    if (report.bound !== null) for (const r of [answer, ...found, report]) expect(report.bound).toBeLessThanOrEqual(r.objective + 1e-6);
  });

  it('stops when asked, keeping the best roster found', () => {
    const found: SolveIncumbent[] = [];
    let answered = false;
    const report = solveRoster(pool, problem(), {
      ...search,
      continueAfter: { budgetSeconds: 40, stallSeconds: 20, onAnswer: () => (answered = true) },
      onIncumbent: (i) => found.push(i),
      shouldStop: () => found.some((i) => i.background),
    });
    expect(answered).toBe(true);
    expect(report.stopReason).toBe('stopped');
    const last = found[found.length - 1];
    expect(last.background).toBe(true);
    expect(report.objective).toBeCloseTo(last.objective, 9);
    expect(report.roster).toEqual(last.roster);
  });

  it('without continueAfter ends at the time limit as before', () => {
    // The time limit (0.2 s) ends the search before its first neighbourhood: the answer is the greedy roster.
    const found: SolveIncumbent[] = [];
    const report = solveRoster(pool, problem(), { ...search, onIncumbent: (i) => found.push(i) });
    expect(report.stopReason).toBe('time-limit');
    expect(report.background).toBe(false);
    expect(found).toEqual([]);
    expect(report.objective).toBeCloseTo(report.greedy.objective, 9);
  });
});
