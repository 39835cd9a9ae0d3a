// Property tests (fast-check): bounds of every item, coefficient bands, half-up rounding, exact budget.
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  scoreMonth,
  computeKpis,
  settlementCoefficient,
  connectBudget,
  POLICY_OPTIONS,
  POLICY_NAMES,
  ITEM_MAX,
  BONUS_RULE,
  REGISTER_FIELDS,
  type ScoreInput,
  type PolicyInput,
} from './index';

const RUNS = { numRuns: 300 };

/**
 * A valid month: connected <= requests, outages within, satisfied <= responses, etc. At least one request (a month
 * with none has an unknown feed: its own property below).
 */
const monthArb: fc.Arbitrary<ScoreInput> = fc
  .record({
    requests: fc.integer({ min: 1, max: 60000 }),
    agentFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    ivrFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    outageFrac: fc.double({ min: 0, max: 0.3, noNaN: true }),
    shortFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    surveyResponses: fc.integer({ min: 0, max: 8000 }),
    satFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    justifiedComplaints: fc.integer({ min: 0, max: 40 }),
    trainingSessions: fc.integer({ min: 0, max: 4 }),
    qaFrac: fc.double({ min: 0, max: 1.5, noNaN: true }),
    qaErrorsFound: fc.integer({ min: 0, max: 25 }),
    reportsLate: fc.integer({ min: 0, max: 12 }),
    reportItemsMissing: fc.integer({ min: 0, max: 25 }),
    selfAssessmentLate: fc.integer({ min: 0, max: 1 }),
    selfAssessmentUntruthful: fc.integer({ min: 0, max: 6 }),
    confidentialityBreaches: fc.integer({ min: 0, max: 12 }),
    consequencesFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((r) => {
    const agentAnswered = Math.floor(r.requests * r.agentFrac);
    const ivrAnswered = Math.floor((r.requests - agentAnswered) * r.ivrFrac);
    const requestsInOutage = Math.floor(r.requests * r.outageFrac);
    // connected in outage: at most both the outage requests and the connected, and keep outside consistent
    const connected = agentAnswered + ivrAnswered;
    const minConnectedInOutage = Math.max(0, connected - (r.requests - requestsInOutage));
    const connectedInOutage = Math.min(requestsInOutage, connected, minConnectedInOutage + Math.floor((requestsInOutage - minConnectedInOutage) * r.agentFrac));
    const lostOutside = r.requests - requestsInOutage - (connected - connectedInOutage);
    return {
      requests: r.requests,
      agentAnswered,
      ivrAnswered,
      requestsInOutage,
      connectedInOutage,
      shortIvrHangups: Math.floor(lostOutside * r.shortFrac * 0.2),
      surveyResponses: r.surveyResponses,
      veryOrBasicallySatisfied: Math.floor(r.surveyResponses * (0.8 + 0.2 * r.satFrac)),
      justifiedComplaints: r.justifiedComplaints,
      trainingSessions: r.trainingSessions,
      qaSampled: Math.floor((agentAnswered / 100) * r.qaFrac),
      qaErrorsFound: r.qaErrorsFound,
      reportsLate: r.reportsLate,
      reportItemsMissing: r.reportItemsMissing,
      selfAssessmentLate: r.selfAssessmentLate,
      selfAssessmentUntruthful: r.selfAssessmentUntruthful,
      confidentialityBreaches: r.confidentialityBreaches,
      confidentialityBreachesWithConsequences: Math.floor(r.confidentialityBreaches * r.consequencesFrac),
    };
  });

const policyArb: fc.Arbitrary<PolicyInput> = fc.record(
  Object.fromEntries(POLICY_NAMES.map((n) => [n, fc.constantFrom(...POLICY_OPTIONS[n])])) as { [K in keyof typeof POLICY_OPTIONS]: fc.Arbitrary<(typeof POLICY_OPTIONS)[K][number]> },
) as fc.Arbitrary<PolicyInput>;

const noDaily = (p: PolicyInput): PolicyInput => ({ ...p, connectAggregation: 'aggregate-ratio' });

describe('properties of the sheet', () => {
  it('no item leaves [0, max + bonus]; the bonus is within [0, 2] and only on connect/satisfaction; total = sum (capped by totalCap)', () => {
    fc.assert(
      fc.property(monthArb, policyArb, (input, policy) => {
        const s = scoreMonth(input, noDaily(policy));
        let sum = new Decimal(0);
        for (const it of s.items) {
          const pts = new Decimal(it.points ?? 'NaN');
          const bonus = new Decimal(it.bonus);
          expect(it.max).toBe(ITEM_MAX[it.item]);
          expect(bonus.greaterThanOrEqualTo(0) && bonus.lessThanOrEqualTo(BONUS_RULE.cap)).toBe(true);
          if (it.item !== 'connect' && it.item !== 'satisfaction') expect(bonus.isZero()).toBe(true);
          expect(pts.greaterThanOrEqualTo(0)).toBe(true);
          expect(pts.lessThanOrEqualTo(new Decimal(it.max).plus(bonus))).toBe(true);
          // a bonus only comes on top of full marks
          if (!bonus.isZero()) expect(pts.equals(new Decimal(it.max).plus(bonus))).toBe(true);
          sum = sum.plus(pts);
        }
        expect(s.total).toBe((s.policy.totalCap === '100' ? Decimal.min(sum, 100) : sum).toString());
        expect(sum.lessThanOrEqualTo(104)).toBe(true);
        expect(s.provisional).toBe(false);
        expect(s.coefficient).toBe(settlementCoefficient(s.total ?? 'not a total'));
      }),
      RUNS,
    );
  });

  it('unknown figures: every item\'s range and the total\'s range contain the score of the completed month', () => {
    fc.assert(
      fc.property(monthArb, policyArb, fc.subarray([...REGISTER_FIELDS]), (input, policy, hidden) => {
        const full = scoreMonth(input, noDaily(policy));
        const partial = scoreMonth(Object.fromEntries(Object.entries(input).filter(([k]) => !(hidden as string[]).includes(k))), noDaily(policy));
        expect(partial.provisional).toBe(hidden.length > 0);
        for (const it of partial.items) {
          const known = full.items.find((i) => i.item === it.item)!;
          const pts = new Decimal(known.points ?? 'NaN');
          expect(pts.greaterThanOrEqualTo(it.pointsMin) && pts.lessThanOrEqualTo(it.pointsMax)).toBe(true);
          if (!it.pending) expect(it.points).toBe(known.points);
          else expect(it.points).toBeNull();
        }
        const total = new Decimal(full.total ?? 'NaN');
        expect(total.greaterThanOrEqualTo(partial.totalMin) && total.lessThanOrEqualTo(partial.totalMax)).toBe(true);
        const c = new Decimal(full.coefficient ?? 'NaN');
        expect(c.greaterThanOrEqualTo(partial.coefficientMin) && c.lessThanOrEqualTo(partial.coefficientMax)).toBe(true);
        if (hidden.length > 0) expect([partial.total, partial.coefficient]).toEqual([null, null]);
      }),
      RUNS,
    );
  });

  it('a running month (feedFinal: false): every item\'s range and the total\'s contain the score of any month end that follows', () => {
    // the rest of the month: more requests, some answered by agents or IVR (no outage assumed), unknown registers optional
    const restArb = fc.record({ requests: fc.integer({ min: 0, max: 80000 }), agentFrac: fc.double({ min: 0, max: 1, noNaN: true }), ivrFrac: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(monthArb, restArb, policyArb, fc.subarray([...REGISTER_FIELDS]), (soFar, rest, policy, hidden) => {
        const agent = Math.floor(rest.requests * rest.agentFrac);
        const ivr = Math.floor((rest.requests - agent) * rest.ivrFrac);
        const end = { ...soFar, requests: Number(soFar.requests) + rest.requests, agentAnswered: Number(soFar.agentAnswered) + agent, ivrAnswered: Number(soFar.ivrAnswered) + ivr };
        const final = scoreMonth(end, noDaily(policy));
        const known = Object.fromEntries(Object.entries(soFar).filter(([k]) => !(hidden as string[]).includes(k)));
        const running = scoreMonth(known, noDaily(policy), { feedFinal: false });
        expect(running.provisional).toBe(true);
        expect(running.pendingItems).toContain('connect');
        expect(running.rates.connectRatePercent).toBe(scoreMonth(soFar, noDaily(policy)).rates.connectRatePercent);
        for (const it of running.items) {
          const pts = new Decimal(final.items.find((i) => i.item === it.item)!.points ?? 'NaN');
          expect(pts.greaterThanOrEqualTo(it.pointsMin) && pts.lessThanOrEqualTo(it.pointsMax)).toBe(true);
        }
        const total = new Decimal(final.total ?? 'NaN');
        expect(total.greaterThanOrEqualTo(running.totalMin) && total.lessThanOrEqualTo(running.totalMax)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a month with no request at all: connect, complaints and QA pending, and any month with data lies in its range', () => {
    fc.assert(
      fc.property(monthArb, policyArb, (withData, policy) => {
        const registers = Object.fromEntries(Object.entries(withData).filter(([k]) => (REGISTER_FIELDS as readonly string[]).includes(k)));
        const empty = scoreMonth({ ...registers, qaSampled: withData.qaSampled }, noDaily(policy));
        expect(empty.items.find((i) => i.item === 'connect')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '27' });
        for (const name of ['connect', 'complaints', 'qa'] as const) expect(empty.pendingItems).toContain(name);
        const full = scoreMonth(withData, noDaily(policy));
        const total = new Decimal(full.total ?? 'NaN');
        expect(total.greaterThanOrEqualTo(empty.totalMin) && total.lessThanOrEqualTo(empty.totalMax)).toBe(true);
      }),
      RUNS,
    );
  });

  it('more connected requests never lower the connect item', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50000 }), fc.double({ min: 0, max: 1, noNaN: true }), policyArb, (requests, f, policy) => {
        const a = Math.floor(requests * f);
        const b = Math.min(requests, a + 1 + Math.floor((requests - a) * f));
        const pts = (n: number): Decimal => new Decimal(scoreMonth({ requests, agentAnswered: n }, noDaily(policy)).items[2].points ?? 'NaN');
        expect(pts(b).greaterThanOrEqualTo(pts(a))).toBe(true);
      }),
      RUNS,
    );
  });
});

/** Independent reference of the coefficient table, on integer hundredths. */
function referenceCoefficient(hundredths: number): string {
  if (hundredths >= 9000) return '1.00';
  if (hundredths >= 8500) return '0.95';
  if (hundredths >= 8000) return '0.85';
  if (hundredths >= 7000) return '0.75';
  if (hundredths >= 6000) return '0.60';
  return '0.50';
}

describe('coefficient bands', () => {
  it('every boundary and its neighbour one hundredth below', () => {
    const boundaries = [60, 70, 80, 85, 90];
    for (const b of boundaries) {
      expect(settlementCoefficient(`${b}`)).toBe(referenceCoefficient(b * 100));
      expect(settlementCoefficient(`${b - 1}.99`)).toBe(referenceCoefficient(b * 100 - 1));
      expect(settlementCoefficient(`${b - 1}.99`)).not.toBe(settlementCoefficient(`${b}`));
    }
  });

  it('random scores in hundredths (0 .. 104) and finer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10400 }), fc.integer({ min: 0, max: 999 }), (h, extra) => {
        const score = new Decimal(h).div(100).plus(new Decimal(extra).div(1e5));
        expect(settlementCoefficient(score.toString())).toBe(referenceCoefficient(h));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Half-up rounding of num/den*100 at dp decimals, with BigInt long division (independent of the library). */
function referencePercent(num: number, den: number, dp: number): string {
  const scaled = BigInt(num) * 100n * 10n ** BigInt(dp);
  const q = scaled / BigInt(den);
  const r = scaled % BigInt(den);
  const rounded = 2n * r >= BigInt(den) ? q + 1n : q;
  const s = rounded.toString().padStart(dp + 1, '0');
  return `${s.slice(0, s.length - dp)}.${s.slice(s.length - dp)}`;
}

describe('half-up rounding of the KPIs', () => {
  it('connect rate and satisfaction at the 2nd decimal, complaint rate at the 3rd, on random counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (den, f) => {
        const num = Math.floor(den * f);
        const k = computeKpis({ requests: den, agentAnswered: num, surveyResponses: den, veryOrBasicallySatisfied: num, justifiedComplaints: Math.min(num, 1000) });
        expect(k.connectRatePercent).toBe(referencePercent(num, den, 2));
        expect(k.satisfactionPercent).toBe(referencePercent(num, den, 2));
        const c = computeKpis({ requests: den, agentAnswered: den, justifiedComplaints: Math.min(num, 1000) });
        expect(c.complaintRatePercent).toBe(referencePercent(Math.min(num, 1000), den, 3));
      }),
      { numRuns: 1000 },
    );
  });

  it('an exact half rounds up, one count below it rounds down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 50 }), (k, t) => {
        // (2k+1)/20000 = k/100 % + 0.005 %: exactly half a hundredth of a percent above k/100 %
        const den = 20000 * t;
        const num = (2 * k + 1) * t;
        const up = new Decimal(k + 1).div(100).toFixed(2);
        const down = new Decimal(k).div(100).toFixed(2);
        expect(computeKpis({ requests: den, agentAnswered: num }).connectRatePercent).toBe(up);
        expect(computeKpis({ requests: den, agentAnswered: num - 1 }).connectRatePercent).toBe(down);
        expect(computeKpis({ surveyResponses: den, veryOrBasicallySatisfied: num }).satisfactionPercent).toBe(up);
        // complaint rate: (2k+1)/200000 = k/1000 % + 0.0005 %
        const cden = 200000 * t;
        const cnum = (2 * (k % 100) + 1) * t;
        const cup = new Decimal((k % 100) + 1).div(1000).toFixed(3);
        const cdown = new Decimal(k % 100).div(1000).toFixed(3);
        expect(computeKpis({ requests: cden, agentAnswered: cden, justifiedComplaints: cnum }).complaintRatePercent).toBe(cup);
        expect(computeKpis({ requests: cden, agentAnswered: cden, justifiedComplaints: cnum - 1 }).complaintRatePercent).toBe(cdown);
      }),
      RUNS,
    );
  });

  it('89.995 % is stated 90.00 % and is on target; 89.99 % is not', () => {
    const at = scoreMonth({ requests: 20000, agentAnswered: 17999 });
    expect(at.rates.connectRatePercent).toBe('90.00');
    expect(at.items[2].points).toBe('25');
    const below = scoreMonth({ requests: 20000, agentAnswered: 17998 });
    expect(below.rates.connectRatePercent).toBe('89.99');
    expect(below.items[2].points).toBe('24');
  });
});

describe('connect-rate budget', () => {
  const stated = (connected: number, requests: number): Decimal => new Decimal(computeKpis({ requests, agentAnswered: connected }).connectRatePercent as string);

  it('is exact: losing `lostBudget` more keeps the target, one more falls below', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200000 }),
        fc.double({ min: 0.8, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 200000 }),
        fc.constantFrom('90', '90.00', '95', '92.5', '85.01', '100'),
        (t0, f, n, target) => {
          const c0 = Math.floor(t0 * f);
          const b = connectBudget({ connected: c0, requests: t0, remainingRequests: n, targetPercent: target });
          const budget = Number(b.lostBudget);
          const goal = new Decimal(target);
          if (t0 + n === 0) return;
          if (b.status === 'open') {
            expect(budget).toBeGreaterThanOrEqual(0);
            expect(budget).toBeLessThan(n);
            expect(stated(c0 + n - budget, t0 + n).greaterThanOrEqualTo(goal)).toBe(true);
            expect(stated(c0 + n - budget - 1, t0 + n).lessThan(goal)).toBe(true);
            expect(Number(b.requiredConnected)).toBe(n - budget);
          } else if (b.status === 'secured') {
            expect(stated(c0, t0 + n).greaterThanOrEqualTo(goal)).toBe(true);
            expect(b.requiredConnected).toBe('0');
          } else {
            expect(budget).toBeLessThan(0);
            expect(stated(c0 + n, t0 + n).lessThan(goal)).toBe(true);
          }
          if (n > 0 && b.status === 'open') {
            // the required rest rate is rounded up: connecting that share of the rest reaches the target
            const share = new Decimal(b.requiredRestConnectRatePercent as string).div(100);
            expect(share.times(n).ceil().greaterThanOrEqualTo(n - budget)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the documented example', () => {
    expect(connectBudget({ connected: 8100, requests: 9000, remainingRequests: 11000 })).toMatchObject({
      thresholdPercent: '89.995',
      lostBudget: '1101',
      status: 'open',
      requiredConnected: '9899',
      requiredRestConnectRatePercent: '90.00',
    });
    expect(() => connectBudget({ connected: 10, requests: 9, remainingRequests: 1 })).toThrow(expect.objectContaining({ code: 'inconsistent', field: 'connected' }));
    expect(() => connectBudget({ connected: 1, requests: 9, remainingRequests: -1 })).toThrow(expect.objectContaining({ code: 'negative', field: 'remainingRequests' }));
    expect(() => connectBudget({ connected: 1, requests: 9, remainingRequests: 1, targetPercent: '90.001' })).toThrow(expect.objectContaining({ field: 'targetPercent' }));
  });
});
