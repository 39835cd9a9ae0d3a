import loadHighs, { type Highs } from 'highs';
import { evaluateRoster } from '../evaluate/evaluate';
import { GainTable } from '../model/gains';
import { OFF, prepareProblem, type PreparedProblem } from '../model/problem';
import { checkRoster } from '../rules/check';
import { threeShiftTemplates } from '../model/shifts';
import { seededRandom } from '../random';
import { solveRoster } from '../search/solve';
import type { Agent, Roster, RosterProblem, RuleFamily } from '../types';
import { buildBoundModel, patternColumn, pricingCosts, rosterLowerBound } from './column-generation';
import type { Pattern } from './pricing';

const START = '2025-11-03'; // Monday
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Offered calls per interval: a day curve with a busy afternoon and some night traffic. */
function curve(days: number, scale = 1): number[] {
  return Array.from({ length: days * 48 }, (_, i) => {
    const d = Math.floor(i / 48);
    const h = (i % 48) / 2;
    return scale * ((h < 7 ? 1 : 0) + (h >= 7 && h < 12 ? 5 + d : 0) + (h >= 12 && h < 20 ? 8 - d / 2 : 0) + (h >= 20 ? 3 : 0));
  });
}

/** The rule families that concern one agent alone (what a pattern must keep). */
const AGENT_RULES: RuleFamily[] = ['unknown-shift', 'unavailable', 'protected-night', 'protected-overtime', 'min-rest', 'rest-day-in-seven', 'max-consecutive-days', 'max-consecutive-nights', 'overtime-cap', 'min-hours', 'lock'];

/** A roster with only the pattern's agent working (her sessions placed), everyone else off. */
function rosterOfPattern(p: PreparedProblem, pattern: Pattern, slots: { day: number; start: number; end: number }[], trainer: number | undefined): Roster {
  const rows = p.agents.map((agent, a) => ({ agentId: agent.id, cells: a === pattern.agent ? pattern.cells.map((s) => (s === OFF ? null : p.shifts[s].code)) : new Array<string | null>(p.days).fill(null) }));
  const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const training = pattern.slots.map((q) => ({
    date: p.dates[slots[q].day],
    start: hhmm(slots[q].start),
    durationMinutes: slots[q].end - slots[q].start,
    attendees: pattern.agent === trainer ? [] : [p.agents[pattern.agent].id],
    ...(trainer === undefined ? {} : { trainerId: p.agents[trainer].id }),
  }));
  return { startDate: p.startDate, days: p.days, rows, training };
}

describe('the pricing DP of the column generation', () => {
  // Default rules and templates (8-hour shifts on even hours), training, a ledger tail, leave, a pregnancy and locks.
  const agents: Agent[] = [
    { id: 'fm', name: 'Floor manager', floorManager: true, seatShare: 0.5 },
    { id: 'b', name: 'B', unavailable: [{ from: '2025-11-10', to: '2025-11-12', kind: 'annual-leave' }] },
    { id: 'c', name: 'C', pregnantSevenMonthsFrom: '2025-11-08' },
    { id: 'd', name: 'D' },
  ];
  const problem: RosterProblem = {
    startDate: START,
    days: 14,
    agents,
    forecast: { offered: curve(14), ahtSeconds: 240, patienceSeconds: 180 },
    locks: [
      { agentId: 'd', date: '2025-11-05', code: '22-06' },
      { agentId: 'b', date: '2025-11-04', code: null },
    ],
    ledger: {
      through: START,
      agents: {
        d: {
          periods: 1,
          counts: { nights: 3, weekends: 2, holidays: 0 },
          balance: { nights: 0.5, weekends: 0, holidays: 0 },
          tail: { workedDays: [false, true, true, true, true, true, true], nightDays: [false, false, false, false, true, true, true], restDays: [false, true, false, false, false, false, false], lastShiftEndMinute: 360 },
        },
      },
    },
  };
  const p = prepareProblem(problem);
  const gains = new GainTable(p);
  const model = buildBoundModel(p, gains);

  it('returns patterns that keep every rule of their agent (checked by the rule checker) under random duals', () => {
    const random = seededRandom(7);
    let checked = 0;
    for (let round = 0; round < 6; round++) {
      // Random duals of the right signs: cover <= rows negative, duty >= rows positive, others either way.
      const pi = Float64Array.from(model.rowLower, (lo, i) => {
        const hi = model.rowUpper[i];
        const x = (random() - 0.5) * 6;
        if (lo === -Infinity) return -Math.abs(x);
        if (hi === Infinity) return Math.abs(x);
        return x;
      });
      p.agents.forEach((_, a) => {
        const costs = pricingCosts(model, a, pi);
        const priced = model.pricers[a].price(costs, 5);
        expect(priced.patterns.length).toBeGreaterThan(0);
        expect(priced.min).toBeCloseTo(priced.patterns[0].cost, 9);
        for (const { pattern, cost } of priced.patterns) {
          const roster = rosterOfPattern(p, pattern, model.slots, model.trainer);
          const broken = checkRoster(p, roster).filter((v) => v.agentId === p.agents[a].id && (AGENT_RULES.includes(v.rule) || v.rule === 'training'));
          expect(broken).toEqual([]);
          // Training: the trainer attends one slot in each part of the period, anyone else one slot.
          expect(pattern.slots.length).toBe(a === model.trainer ? (p.training?.sessions ?? 0) : 1);
          // The DP's cost is the pattern's reduced cost in the master (convexity row aside).
          const column = patternColumn(model, pattern);
          let rc = column.cost;
          column.rows.forEach((row, k) => {
            if (row >= p.agents.length) rc -= pi[row] * column.values[k];
          });
          expect(cost).toBeCloseTo(rc, 7);
          checked += 1;
        }
      });
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('keeps the locks, the leave, the protection and the tail', () => {
    const pi = new Float64Array(model.rowLower.length);
    const patterns = p.agents.map((_, a) => model.pricers[a].price(pricingCosts(model, a, pi), 1).patterns[0].pattern);
    const d = patterns[3];
    expect(p.shifts[d.cells[2]].code).toBe('22-06');
    // The tail: 6 days worked before the period and a night shift ending at 06:00 on day 0 (so day 0 is no rest
    // day): day 0 has no shift, day 1 is a rest day.
    expect(d.cells[0]).toBe(OFF);
    expect(d.cells[1]).toBe(OFF);
    expect(patterns[1].cells[1]).toBe(OFF);
    for (const day of [7, 8, 9]) expect(patterns[1].cells[day]).toBe(OFF);
  });
});

describe('rosterLowerBound', () => {
  const noPenalties = { overtimeCallsPerHour: 0, fairnessNights: 0, fairnessWeekends: 0, fairnessHolidays: 0 };

  it('is at most the optimum found by enumerating every roster of 2 agents x 3 days, and close to it', () => {
    const problem: RosterProblem = {
      startDate: START,
      days: 3,
      agents: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B', seatShare: 0.5 },
      ],
      forecast: { offered: curve(3, 1.5), ahtSeconds: 240, patienceSeconds: 180 },
      templates: threeShiftTemplates(),
      rules: { minOnDuty: 0, maxHoursShortfall: 1000 },
      training: null,
      weights: noPenalties,
    };
    const p = prepareProblem(problem);
    const gains = new GainTable(p);
    const codes = [null, '00-08', '08-16', '16-00'];
    let best = Infinity;
    for (let code = 0; code < 4 ** 6; code++) {
      const cells = Array.from({ length: 6 }, (_, i) => codes[Math.floor(code / 4 ** i) % 4]);
      const roster: Roster = { startDate: START, days: 3, rows: [{ agentId: 'a', cells: cells.slice(0, 3) }, { agentId: 'b', cells: cells.slice(3) }], training: [] };
      const ev = evaluateRoster(p, roster, gains);
      if (ev.violations.length > 0) continue;
      best = Math.min(best, ev.total.offered - ev.total.answered);
    }
    expect(Number.isFinite(best)).toBe(true);
    const result = rosterLowerBound(highs, p, { timeLimitMs: 60_000, gains });
    expect(result.converged).toBe(true);
    expect(result.bound).not.toBeNull();
    const bound = result.bound as number;
    expect(bound).toBeLessThanOrEqual(best + 1e-6);
    expect(bound).toBeGreaterThan(best * 0.95);
  });

  it('is at most the roster of the whole MIP on 4 agents x 7 days with training, overtime and fairness, and at least its LP bound', () => {
    const problem: RosterProblem = {
      startDate: START,
      days: 7,
      agents: [{ id: 'fm', name: 'FM', floorManager: true, seatShare: 0.5 }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }, { id: 'd', name: 'D' }],
      forecast: { offered: curve(7, 1.2), ahtSeconds: 240, patienceSeconds: 180 },
      templates: threeShiftTemplates(),
      rules: { minOnDuty: 0 },
      training: { sessions: 2 },
    };
    const p = prepareProblem(problem);
    const report = solveRoster(highs, p, { timeLimitSeconds: 30, mipRelGap: 1e-6 });
    expect(report.evaluation.violations).toEqual([]);
    expect(report.boundMethod).toBe('lp');
    const result = rosterLowerBound(highs, p, { timeLimitMs: 60_000, initialRosters: [report.roster] });
    expect(result.bound).not.toBeNull();
    const bound = result.bound as number;
    // The whole model was given to HiGHS: its roster keeps the rules, so it is at or above the optimum, and above any
    // valid bound.
    expect(bound).toBeLessThanOrEqual(report.objective + 1e-6 * report.objective);
    if (result.converged) expect(bound).toBeGreaterThanOrEqual((report.bound as number) - 1e-4);
    // Through the solve: the gap is against the better of the LP bound and the column-generation bound.
    const both = solveRoster(highs, p, { timeLimitSeconds: 30, mipRelGap: 1e-6, columnGenerationSeconds: 10 });
    expect(['lp', 'column-generation']).toContain(both.boundMethod);
    expect(both.bound as number).toBeGreaterThanOrEqual((report.bound as number) - 1e-6);
    expect(both.bound as number).toBeLessThanOrEqual(Math.min(both.objective, report.objective) * (1 + 1e-9));
  });

  it('reports an agent without any pattern keeping her rules as infeasible', () => {
    const problem: RosterProblem = {
      startDate: START,
      days: 7,
      agents: [{ id: 'a', name: 'A' }],
      forecast: { offered: curve(7), ahtSeconds: 240, patienceSeconds: 180 },
      templates: threeShiftTemplates(),
      // 40 standard hours and no shortfall allowed: 5 shifts, but 3 of the 7 days are locked off.
      rules: { minOnDuty: 0, maxHoursShortfall: 0 },
      locks: ['2025-11-03', '2025-11-05', '2025-11-07'].map((date) => ({ agentId: 'a', date, code: null })),
      training: null,
    };
    const result = rosterLowerBound(highs, problem, { timeLimitMs: 10_000 });
    expect(result.infeasible).toBe(true);
    expect(result.bound).toBeNull();
  });
});
