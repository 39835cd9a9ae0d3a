import fc from 'fast-check';
import Decimal from 'decimal.js';
import { projectMonth, connectBudget, computeKpis, SCENARIOS, ScoringError, type ProjectionInput } from './index';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

const MTD = {
  requests: 9000,
  agentAnswered: 7600,
  ivrAnswered: 500,
  surveyResponses: 2000,
  veryOrBasicallySatisfied: 1950,
  justifiedComplaints: 3,
  trainingSessions: 1,
  qaSampled: 40,
  qaErrorsFound: 0,
  reportsLate: 0,
  reportItemsMissing: 0,
  selfAssessmentLate: 0,
  selfAssessmentUntruthful: 0,
  confidentialityBreaches: 0,
  confidentialityBreachesWithConsequences: 0,
};

function errorOf(fn: () => unknown): ScoringError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScoringError) return e;
    throw e;
  }
  throw new Error('expected a ScoringError');
}

/** A seeded uniform generator on [0, 1) (pure-rand's Mersenne Twister), so every run draws the same numbers. */
function rng(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

function poisson(lambda: number, u: () => number): number {
  // Knuth's method on chunks of mean <= 30 (exp(-30) is far from underflow).
  let n = 0;
  let rest = lambda;
  while (rest > 0) {
    const l = Math.min(rest, 30);
    rest -= l;
    const limit = Math.exp(-l);
    let p = 1;
    let k = -1;
    do {
      k += 1;
      p *= u();
    } while (p > limit);
    n += k;
  }
  return n;
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

describe('projectMonth', () => {
  it('fills defaults from the month to date and says which', () => {
    const p = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000 } });
    expect(p.forecast.derived).toEqual(['connectFraction', 'agentShare', 'surveysPerAgentAnswered', 'satisfiedFraction', 'complaintsPerAgentAnswered']);
    expect(p.forecast.connectFraction).toBe('0.900000');
    expect(p.expected.counted).toBe('20000.00');
    expect(p.expected.connected).toBe('18000.00');
    expect(p.connectRate?.mid).toBe('90.00');
    expect(p.monthToDate.rates.connectRatePercent).toBe('90.00');
  });

  it('requestsPerDay x remainingDays is the same volume as remainingRequests', () => {
    const a = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000, connectFraction: '0.88' } });
    const b = projectMonth({ monthToDate: MTD, forecast: { requestsPerDay: 1000, remainingDays: 11, connectFraction: '0.88' } });
    expect(b.connectRate).toEqual(a.connectRate);
    expect(b.total).toEqual(a.total);
  });

  it('intervals widen with the fraction uncertainty and are nested', () => {
    const narrow = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000, connectFraction: 0.9 } });
    const wide = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000, connectFraction: 0.9, connectFractionSd: 0.02 } });
    const w = (r: NonNullable<typeof narrow.connectRate>): Decimal => new Decimal(r.high95).minus(r.low95);
    expect(w(wide.connectRate!).greaterThan(w(narrow.connectRate!))).toBe(true);
    for (const r of [narrow.connectRate!, wide.connectRate!]) {
      const v = [r.low95, r.low80, r.mid, r.high80, r.high95].map((x) => new Decimal(x));
      for (let i = 1; i < v.length; i += 1) expect(v[i].greaterThanOrEqualTo(v[i - 1])).toBe(true);
    }
    // sd with sigma: sqrt(binomial part + (lambda*sigma/T)^2) ~ sqrt(0.0167^2... ) -> dominated by 11000*0.02/20000 = 1.1 points
    expect(Number(wide.connectRate!.sdPoints)).toBeCloseTo(Math.sqrt(1.1 ** 2 + Number(narrow.connectRate!.sdPoints) ** 2), 2);
  });

  it('scores every scenario on the exact sheet, totals ordered', () => {
    const p = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000, connectFraction: 0.9, connectFractionSd: 0.01 } });
    expect(p.provisional).toBe(false);
    const totals = SCENARIOS.map((s) => new Decimal(p.total[s] ?? 'NaN'));
    for (let i = 1; i < totals.length; i += 1) expect(totals[i].greaterThanOrEqualTo(totals[i - 1])).toBe(true);
    for (const s of SCENARIOS) {
      const sc = p.scenarios[s];
      expect(sc.provisional).toBe(false);
      expect([p.totalMin[s], p.totalMax[s]]).toEqual([p.total[s], p.total[s]]);
      expect(sc.items.reduce((a, i) => a.plus(i.points ?? 'NaN'), new Decimal(0)).equals(sc.total ?? 'NaN')).toBe(true);
      expect(sc.rates.connectRatePercent).toBe(s === 'mid' ? p.connectRate!.mid : p.connectRate![s]);
    }
    // the unfavourable scenario carries the high end of the complaint rate
    expect(p.scenarios.low95.rates.complaintRatePercent).toBe(p.complaintRate!.high95);
    // the QA quota uses the expected month-end agent-answered calls
    expect(p.scenarios.mid.qaQuota).toBe(new Decimal(p.expected.agentAnswered).div(100).ceil().toString());
  });

  it('the register items stand as recorded so far', () => {
    const p = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000, connectFraction: 0.9 } });
    expect(p.scenarios.mid.items.find((i) => i.item === 'training')).toMatchObject({ points: '5', pending: false });
  });

  it('unknown register figures: pending items in every scenario, the totals as ranges, never full marks', () => {
    const feedOnly = { requests: 9000, agentAnswered: 7600, ivrAnswered: 500 };
    const p = projectMonth({ monthToDate: feedOnly, forecast: { remainingRequests: 11000, connectFraction: 0.9, connectFractionSd: 0.01 } });
    expect(p.provisional).toBe(true);
    // neither satisfaction nor the complaint rate can be projected from unknown figures
    expect([p.satisfaction, p.complaintRate]).toEqual([null, null]);
    expect(p.expected).toMatchObject({ surveyResponses: null, satisfied: null, justifiedComplaints: null });
    expect(p.forecast).toMatchObject({ surveysPerAgentAnswered: null, satisfiedFraction: null, complaintsPerAgentAnswered: null });
    expect(p.forecast.derived).toEqual(['agentShare']);
    for (const s of SCENARIOS) {
      const sc = p.scenarios[s];
      expect(sc.pendingItems).toEqual(['confidentiality', 'reporting', 'satisfaction', 'complaints', 'training', 'qa']);
      expect([p.total[s], p.coefficient[s]]).toEqual([null, null]);
      const connect = sc.items.find((i) => i.item === 'connect')!;
      expect(p.totalMin[s]).toBe(connect.points);
      expect(p.totalMax[s]).toBe(new Decimal(connect.points ?? 'NaN').plus(77).toString());
      for (const it of sc.items) if (it.item !== 'connect') expect(it).toMatchObject({ points: null, pending: true, pointsMin: '0' });
    }
    const ordered = SCENARIOS.map((s) => new Decimal(p.totalMin[s]));
    for (let i = 1; i < ordered.length; i += 1) expect(ordered[i].greaterThanOrEqualTo(ordered[i - 1])).toBe(true);
    // no survey so far (0 confirmed) but surveys expected and no satisfied fraction given: the month end is unknown
    const noSurvey = projectMonth({
      monthToDate: { ...MTD, surveyResponses: 0, veryOrBasicallySatisfied: 0 },
      forecast: { remainingRequests: 11000, connectFraction: 0.9, surveysPerAgentAnswered: 0.2 },
    });
    expect(noSurvey.forecast.satisfiedFraction).toBeNull();
    expect(noSurvey.scenarios.mid.items.find((i) => i.item === 'satisfaction')).toMatchObject({ pending: true, pointsMin: '0', pointsMax: '27' });
    expect(noSurvey.scenarios.mid.pendingItems).toEqual(['satisfaction']);
    // ... unless the forecast gives the rate
    const given = projectMonth({
      monthToDate: { ...MTD, surveyResponses: 0, veryOrBasicallySatisfied: 0 },
      forecast: { remainingRequests: 11000, connectFraction: 0.9, surveysPerAgentAnswered: 0.2, satisfiedFraction: 0.97 },
    });
    expect(given.provisional).toBe(false);
    expect(given.satisfaction?.mid).toBe('97.00');
  });

  it('the budget uses the expected remaining requests rounded half-up and agrees with connectBudget', () => {
    const p = projectMonth({ monthToDate: MTD, forecast: { remainingRequests: '10999.5', connectFraction: 0.9 } });
    expect(p.budget).toEqual(connectBudget({ connected: 8100, requests: 9000, remainingRequests: 11000 }));
  });

  it('probability on target: monotone in the forecast fraction; certain when nothing remains', () => {
    const prob = (f: number): number => Number(projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 11000, connectFraction: f, connectFractionSd: 0.01 } }).probabilityConnectOnTarget);
    expect(prob(0.85)).toBeLessThan(prob(0.9));
    expect(prob(0.9)).toBeLessThan(prob(0.95));
    expect(prob(0.95)).toBeGreaterThan(0.99);
    expect(prob(0.85)).toBeLessThan(0.01);
    const done = (agentAnswered: number): string | null => projectMonth({ monthToDate: { requests: 20000, agentAnswered }, forecast: { remainingRequests: 0 } }).probabilityConnectOnTarget;
    expect(done(17999)).toBe('1.000'); // 89.995 % is stated 90.00 %
    expect(done(17998)).toBe('0.000');
  });

  it('the 95 % interval covers about 95 % of simulated months (Poisson volume, binomial outcomes, uncertain fraction)', () => {
    const u = rng(20240601);
    for (const forecast of [
      { remainingRequests: 600, connectFraction: 0.85, connectFractionSd: 0 },
      { remainingRequests: 600, connectFraction: 0.85, connectFractionSd: 0.03 },
    ]) {
      const mtd = { requests: 400, agentAnswered: 330, ivrAnswered: 30 };
      const p = projectMonth({ monthToDate: mtd, forecast });
      const lo = Number(p.connectRate!.low95);
      const hi = Number(p.connectRate!.high95);
      const sims = 4000;
      let inside = 0;
      const rates: number[] = [];
      for (let i = 0; i < sims; i += 1) {
        const n = poisson(forecast.remainingRequests, u);
        const f = Math.min(1, Math.max(0, forecast.connectFraction + forecast.connectFractionSd * normal(u)));
        let x = 0;
        for (let j = 0; j < n; j += 1) if (u() < f) x += 1;
        const rate = Number(computeKpis({ requests: 400 + n, agentAnswered: 360 + x }).connectRatePercent);
        rates.push(rate);
        if (rate >= lo && rate <= hi) inside += 1;
      }
      const mean = rates.reduce((a, b) => a + b, 0) / sims;
      const sd = Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / (sims - 1));
      expect(inside / sims).toBeGreaterThan(0.93);
      expect(inside / sims).toBeLessThan(0.97);
      expect(Math.abs(sd / Number(p.connectRate!.sdPoints) - 1)).toBeLessThan(0.06);
      expect(Math.abs(mean - Number(p.connectRate!.mid))).toBeLessThan(0.1);
    }
  });

  it('fixed volume: the binomial variance only', () => {
    const p = projectMonth({ monthToDate: { requests: 400, agentAnswered: 360 }, forecast: { remainingRequests: 600, connectFraction: 0.85, volume: 'fixed' } });
    // Var R = 600 * 0.85 * 0.15 / 1000^2 -> sd = 0.8746 points
    expect(Number(p.connectRate!.sdPoints)).toBeCloseTo(Math.sqrt(600 * 0.85 * 0.15) / 10, 3);
  });

  it('a finished month (nothing remaining) projects to its own sheet with no spread', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30000 }), fc.double({ min: 0.5, max: 1, noNaN: true }), (requests, f) => {
        const mtd = { ...MTD, requests, agentAnswered: Math.floor(requests * f), ivrAnswered: 0, justifiedComplaints: 0, surveyResponses: 10, veryOrBasicallySatisfied: 9, trainingSessions: 2, qaSampled: requests };
        const p = projectMonth({ monthToDate: mtd, forecast: { remainingRequests: 0 } });
        expect(p.connectRate!.low95).toBe(p.monthToDate.rates.connectRatePercent);
        expect(p.connectRate!.high95).toBe(p.monthToDate.rates.connectRatePercent);
        expect(p.monthToDate.total).not.toBeNull();
        expect(p.total.low95).toBe(p.monthToDate.total);
        expect(p.total.high95).toBe(p.monthToDate.total);
        // unknown registers: the same range as the month so far
        const open = projectMonth({ monthToDate: { requests, agentAnswered: Math.floor(requests * f) }, forecast: { remainingRequests: 0 } });
        expect([open.totalMin.low95, open.totalMax.high95]).toEqual([open.monthToDate.totalMin, open.monthToDate.totalMax]);
      }),
      { numRuns: 100 },
    );
  });

  it.each<[string, string, unknown]>([
    ['missing', 'forecast.remainingRequests', { monthToDate: MTD, forecast: {} }],
    ['inconsistent', 'forecast.remainingRequests', { monthToDate: MTD, forecast: { remainingRequests: 10, requestsPerDay: 1, remainingDays: 10 } }],
    ['negative', 'forecast.remainingRequests', { monthToDate: MTD, forecast: { remainingRequests: -5 } }],
    ['out-of-range', 'forecast.connectFraction', { monthToDate: MTD, forecast: { remainingRequests: 5, connectFraction: 90 } }],
    ['unknown-field', 'forecast.connectRate', { monthToDate: MTD, forecast: { remainingRequests: 5, connectRate: 0.9 } }],
    ['out-of-range', 'forecast.volume', { monthToDate: MTD, forecast: { remainingRequests: 5, volume: 'normal' } }],
    ['negative', 'monthToDate.requests', { monthToDate: { ...MTD, requests: -1 }, forecast: { remainingRequests: 5 } }],
    ['missing', 'forecast.connectFraction', { monthToDate: {}, forecast: { remainingRequests: 5 } }],
    ['missing', 'monthToDate', { forecast: { remainingRequests: 5 } }],
    ['unknown-field', 'extra', { monthToDate: MTD, forecast: { remainingRequests: 5 }, extra: 1 }],
  ])('rejects with %s on %s (%#)', (code, field, input) => {
    expect(errorOf(() => projectMonth(input as ProjectionInput))).toMatchObject({ code, field });
  });

  it('mean-of-daily is not projected', () => {
    expect(errorOf(() => projectMonth({ monthToDate: MTD, forecast: { remainingRequests: 5 } }, { connectAggregation: 'mean-of-daily' }))).toMatchObject({
      code: 'unsupported',
      field: 'policy.connectAggregation',
    });
  });
});
