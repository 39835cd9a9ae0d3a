import Decimal from 'decimal.js';
import { scoreMonth, sheetFigures, computeKpis, ScoringError, resolvePolicy, parsePolicyAssignments, DEFAULT_POLICY, type ScoreInput, type ItemScore, type MonthScore } from './index';

/** S01 of score-cases.json: every target met. */
const BASE: ScoreInput = {
  requests: 20000,
  agentAnswered: 12000,
  ivrAnswered: 6500,
  veryOrBasicallySatisfied: 4850,
  surveyResponses: 5000,
  justifiedComplaints: 5,
  trainingSessions: 2,
  qaSampled: 120,
};

function item(score: MonthScore, name: ItemScore['item']): ItemScore {
  const found = score.items.find((i) => i.item === name);
  if (found === undefined) throw new Error(`no item ${name}`);
  return found;
}

function eq(a: string, b: string): boolean {
  return new Decimal(a).equals(b);
}

function errorOf(fn: () => unknown): ScoringError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScoringError) return e;
    throw e;
  }
  throw new Error('expected a ScoringError');
}

describe('scoreMonth: the sheet', () => {
  it('S03: 88.50 % loses two started points, with a structured reason', () => {
    const s = scoreMonth({ ...BASE, agentAnswered: 11200, qaSampled: 112 });
    const connect = item(s, 'connect');
    expect(connect).toMatchObject({ item: 'connect', points: '23', max: '25', bonus: '0', flooredAtZero: false, assumed: false });
    expect(connect.deductions).toEqual([
      { code: 'connect.shortfall', count: 2, points: '-2', detail: { ratePercent: '88.50', targetPercent: '90', shortfallPoints: '1.50', rule: 'ceil' } },
    ]);
  });

  it('connectShortfall=linear: 88.50 % loses 1.5', () => {
    const s = scoreMonth({ ...BASE, agentAnswered: 11200, qaSampled: 112 }, { connectShortfall: 'linear' });
    expect(item(s, 'connect').points).toBe('23.5');
    expect(item(s, 'connect').deductions[0].count).toBeNull();
  });

  it('bonus: per full half point by default, proportional with bonus=linear, capped at 2', () => {
    // 90.74 %: one full half point -> +0.2; linear -> 0.74 * 0.4 = 0.296
    const at9074 = { ...BASE, requests: 10000, agentAnswered: 8574, ivrAnswered: 500, qaSampled: 86 };
    expect(computeKpis(at9074).connectRatePercent).toBe('90.74');
    expect(item(scoreMonth(at9074), 'connect').bonus).toBe('0.2');
    expect(item(scoreMonth(at9074, { bonus: 'linear' }), 'connect').bonus).toBe('0.296');
    // 99.00 %: 18 half points = 3.6, capped at 2
    const at99 = { ...BASE, requests: 10000, agentAnswered: 9400, ivrAnswered: 500, qaSampled: 94 };
    const c = item(scoreMonth(at99), 'connect');
    expect(c.points).toBe('27');
    expect(c.bonuses[0]).toMatchObject({ code: 'connect.bonus', count: 18, points: '2', detail: { uncapped: '3.6', cap: '2' } });
    // exactly 90.00 %: no bonus, no deduction
    const at90 = { ...BASE, requests: 10000, agentAnswered: 8500, ivrAnswered: 500, qaSampled: 85 };
    expect(item(scoreMonth(at90), 'connect')).toMatchObject({ points: '25', bonus: '0', deductions: [], bonuses: [] });
  });

  it('satisfaction: linear by default, per started point with satisfactionShortfall=ceil', () => {
    const s = { ...BASE, veryOrBasicallySatisfied: 4668 };
    expect(item(scoreMonth(s), 'satisfaction').points).toBe('23.36');
    expect(item(scoreMonth(s, { satisfactionShortfall: 'ceil' }), 'satisfaction').points).toBe('23');
  });

  it('complaints: per started 0.01 %, linear alternative, floor at 0 flagged', () => {
    const seven = { ...BASE, justifiedComplaints: 7 };
    expect(item(scoreMonth(seven), 'complaints').points).toBe('8');
    expect(item(scoreMonth(seven, { complaintExcess: 'linear' }), 'complaints').points).toBe('8.4');
    const twelve = item(scoreMonth({ ...BASE, justifiedComplaints: 12 }), 'complaints');
    expect(twelve).toMatchObject({ points: '0', flooredAtZero: false });
    const thirteen = item(scoreMonth({ ...BASE, justifiedComplaints: 13 }), 'complaints');
    expect(thirteen).toMatchObject({ points: '0', flooredAtZero: true });
    expect(thirteen.deductions[0]).toMatchObject({ code: 'complaints.excess', count: 6, points: '-12' });
  });

  it('QA: per started ten short by default, per full ten with qaShortfall=floor, plus scoring errors', () => {
    const s = { ...BASE, qaSampled: 95, qaErrorsFound: 1 };
    const def = item(scoreMonth(s), 'qa');
    expect(def.points).toBe('8.9');
    expect(def.deductions.map((d) => [d.code, d.count, d.points])).toEqual([
      ['qa.quotaShortfall', 3, '-0.6'],
      ['qa.scoringError', 1, '-0.5'],
    ]);
    expect(def.deductions[0].detail).toMatchObject({ quota: '120', sampled: '95', short: '25' });
    expect(item(scoreMonth(s, { qaShortfall: 'floor' }), 'qa').points).toBe('9.1');
    // quota is ceil(1 %): 11498 agent-answered calls -> 115
    expect(scoreMonth({ ...BASE, agentAnswered: 11498 }).qaQuota).toBe('115');
  });

  it('training, reporting and confidentiality floors and policies', () => {
    expect(item(scoreMonth({ ...BASE, trainingSessions: 0 }), 'training').points).toBe('0');
    expect(item(scoreMonth({ ...BASE, trainingSessions: 5 }), 'training').points).toBe('10');
    const rep = item(scoreMonth({ ...BASE, reportsLate: 3, reportItemsMissing: 2, selfAssessmentLate: 1, selfAssessmentUntruthful: 1 }), 'reporting');
    expect(rep).toMatchObject({ points: '0', flooredAtZero: true });
    expect(rep.deductions.map((d) => d.points)).toEqual(['-3', '-1', '-5', '-2']);
    const conf = { ...BASE, confidentialityBreaches: 2, confidentialityBreachesWithConsequences: 1 };
    expect(item(scoreMonth(conf), 'confidentiality').points).toBe('3');
    expect(item(scoreMonth(conf, { confidentialityConsequences: 'instead' }), 'confidentiality').points).toBe('4');
  });

  it('totalCap: the plain sum by default (101.8 in S01), capped at 100 with totalCap=100', () => {
    expect(scoreMonth(BASE).total).toBe('101.8');
    expect(scoreMonth(BASE, { totalCap: '100' }).total).toBe('100');
    const s13 = { ...BASE, agentAnswered: 10000, ivrAnswered: 6000, veryOrBasicallySatisfied: 4500, justifiedComplaints: 8, trainingSessions: 0, qaSampled: 100 };
    expect(scoreMonth(s13, { totalCap: '100' }).total).toBe('69');
  });

  it('the total is the sum of the items and the coefficient follows it', () => {
    const s = scoreMonth({ ...BASE, agentAnswered: 10000, ivrAnswered: 6000, veryOrBasicallySatisfied: 4500, justifiedComplaints: 8, trainingSessions: 0, qaSampled: 100 });
    const sum = s.items.reduce((a, i) => a.plus(i.points), new Decimal(0));
    expect(sum.equals(s.total)).toBe(true);
    expect(eq(s.total, '69')).toBe(true);
    expect(s.coefficient).toBe('0.60');
  });
});

describe('scoreMonth: outages, short IVR hang-ups, aggregation', () => {
  it('outage windows leave numerator and denominator', () => {
    // 1000 requests in an outage (100 connected) removed: 18400 / 19000 = 96.84 %
    const s = scoreMonth({ ...BASE, requestsInOutage: 1000, connectedInOutage: 100 });
    expect(s.rates.connectRatePercent).toBe('96.84');
    expect(s.connect).toMatchObject({ connected: '18400', counted: '19000', excludedInOutage: '1000' });
    // the complaint rate and QA quota still use every agent-answered call
    expect(s.rates.complaintRatePercent).toBe('0.042');
    expect(s.qaQuota).toBe('120');
  });

  it('short IVR hang-ups: excluded by default, or counted as IVR-answered', () => {
    const input = { ...BASE, agentAnswered: 11000, ivrAnswered: 6000, shortIvrHangups: 1000 };
    expect(computeKpis(input).connectRatePercent).toBe('89.47'); // 17000 / 19000
    expect(computeKpis(input, { shortIvrHangups: 'ivr-answered' }).connectRatePercent).toBe('90.00'); // 18000 / 20000
  });

  it('mean-of-daily: the mean of the exact daily ratios, rounded once', () => {
    // day 1: 8999/10000 = 89.99 %, day 2: 9/10 = 90 % -> mean 89.995 % -> 90.00 %; the aggregate is 89.99 %
    const month = { requests: 10010, agentAnswered: 9008, ivrAnswered: 0, daily: [
      { requests: 10000, agentAnswered: 8999 },
      { requests: 10, agentAnswered: 9 },
      { requests: 0 },
    ] };
    expect(computeKpis(month).connectRatePercent).toBe('89.99');
    const daily = scoreMonth(month, { connectAggregation: 'mean-of-daily' });
    expect(daily.rates.connectRatePercent).toBe('90.00');
    expect(daily.connect.daysCounted).toBe(2);
    // thirds: 1/3 and 2/3 average to exactly one half
    const thirds = { requests: 6, agentAnswered: 3, daily: [{ requests: 3, agentAnswered: 1 }, { requests: 3, agentAnswered: 2 }] };
    expect(computeKpis(thirds, { connectAggregation: 'mean-of-daily' }).connectRatePercent).toBe('50.00');
  });

  it('mean-of-daily needs daily counts that add up to the month', () => {
    expect(errorOf(() => scoreMonth(BASE, { connectAggregation: 'mean-of-daily' }))).toMatchObject({ code: 'missing', field: 'daily' });
    const e = errorOf(() => scoreMonth({ requests: 10, agentAnswered: 9, daily: [{ requests: 9, agentAnswered: 9 }] }));
    expect(e).toMatchObject({ code: 'inconsistent', field: 'daily' });
    expect(e.message).toContain('requests');
  });
});

describe('scoreMonth: empty denominators', () => {
  it('no survey response: satisfaction null, 0 points by default, full marks with noSurveyResponses=full', () => {
    const input = { ...BASE, veryOrBasicallySatisfied: 0, surveyResponses: 0 };
    const def = scoreMonth(input);
    expect(def.rates.satisfactionPercent).toBeNull();
    expect(item(def, 'satisfaction')).toMatchObject({ points: '0', deductions: [{ code: 'satisfaction.noResponses', points: '-25' }] });
    const full = scoreMonth(input, { noSurveyResponses: 'full' });
    expect(item(full, 'satisfaction')).toMatchObject({ points: '25', bonus: '0', notes: [{ code: 'satisfaction.noResponses', points: '0' }] });
    expect(sheetFigures(full)['satisfaction%']).toBeNull();
  });

  it('no counted request: connect rate null, full marks by default, 0 with noRequests=zero', () => {
    const input = { requests: 500, agentAnswered: 400, ivrAnswered: 50, requestsInOutage: 500, connectedInOutage: 450, surveyResponses: 10, veryOrBasicallySatisfied: 10, trainingSessions: 2, qaSampled: 4 };
    const def = scoreMonth(input);
    expect(def.rates.connectRatePercent).toBeNull();
    expect(item(def, 'connect')).toMatchObject({ points: '25', notes: [{ code: 'connect.noRequests' }] });
    expect(item(scoreMonth(input, { noRequests: 'zero' }), 'connect').points).toBe('0');
  });

  it('no agent-answered call: full marks without justified complaints, 0 with any (by-complaints), full with noAgentCalls=full', () => {
    const none = { requests: 100, ivrAnswered: 95, surveyResponses: 1, veryOrBasicallySatisfied: 1, trainingSessions: 2 };
    const s = scoreMonth(none);
    expect(s.rates.complaintRatePercent).toBeNull();
    expect(s.qaQuota).toBe('0');
    expect(item(s, 'complaints').points).toBe('10');
    expect(item(s, 'qa').points).toBe('10');
    expect(item(scoreMonth({ ...none, justifiedComplaints: 1 }), 'complaints').points).toBe('0');
    expect(item(scoreMonth({ ...none, justifiedComplaints: 1 }, { noAgentCalls: 'full' }), 'complaints').points).toBe('10');
  });

  it('an empty month is scored explicitly, not crashed on', () => {
    const s = scoreMonth({});
    expect(sheetFigures(s)).toMatchObject({ 'connectRate%': null, 'satisfaction%': null, 'complaintRate%': null, connect: '25', satisfaction: '0', training: '0' });
  });
});

describe('scoreMonth: assumed items', () => {
  it('an assumed item gets full marks and is flagged', () => {
    const s = scoreMonth({ ...BASE, trainingSessions: 0, qaSampled: 0, assumed: { training: true, qa: true } });
    expect(item(s, 'training')).toMatchObject({ points: '10', assumed: true, notes: [{ code: 'training.assumedFullMarks' }] });
    expect(item(s, 'qa')).toMatchObject({ points: '10', assumed: true });
    expect(item(s, 'connect').assumed).toBe(false);
    expect(s.hasAssumptions).toBe(true);
    expect(scoreMonth(BASE).hasAssumptions).toBe(false);
  });

  it('the connect item cannot be assumed', () => {
    expect(errorOf(() => scoreMonth({ ...BASE, assumed: { connect: true } as never }))).toMatchObject({ code: 'unknown-field', field: 'assumed.connect' });
  });
});

describe('validation: a domain error naming the field', () => {
  it.each<[string, string, unknown]>([
    ['negative', 'requests', { ...BASE, requests: -1 }],
    ['not-an-integer', 'qaSampled', { ...BASE, qaSampled: 1.5 }],
    ['not-a-number', 'trainingSessions', { ...BASE, trainingSessions: 'two' }],
    ['unknown-field', 'requets', { ...BASE, requets: 5 }],
    ['inconsistent', 'agentAnswered', { ...BASE, agentAnswered: 20001 }],
    ['inconsistent', 'agentAnswered', { ...BASE, ivrAnswered: 8001 }],
    ['inconsistent', 'requestsInOutage', { ...BASE, requestsInOutage: 20001 }],
    ['inconsistent', 'connectedInOutage', { ...BASE, requestsInOutage: 10, connectedInOutage: 11 }],
    ['inconsistent', 'shortIvrHangups', { ...BASE, shortIvrHangups: 1501 }],
    ['inconsistent', 'veryOrBasicallySatisfied', { ...BASE, veryOrBasicallySatisfied: 5001 }],
    ['inconsistent', 'confidentialityBreachesWithConsequences', { ...BASE, confidentialityBreachesWithConsequences: 1 }],
    ['negative', 'daily[0].requests', { ...BASE, daily: [{ requests: -3 }] }],
    ['not-a-number', 'assumed.qa', { ...BASE, assumed: { qa: 'yes' } }],
  ])('%s on %s (%#)', (code, field, input) => {
    const e = errorOf(() => scoreMonth(input as ScoreInput));
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}:`)).toBe(true);
  });

  it('a non-object input', () => {
    expect(errorOf(() => scoreMonth(null as never))).toMatchObject({ code: 'not-an-object' });
    expect(errorOf(() => scoreMonth([] as never))).toMatchObject({ code: 'not-an-object' });
  });

  it('digit strings are counts too', () => {
    expect(sheetFigures(scoreMonth({ ...BASE, requests: '20000' })).total).toBe('101.8');
  });
});

describe('policies', () => {
  it('defaults are the readings of contract.md', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ connectShortfall: 'ceil', complaintExcess: 'ceil', qaShortfall: 'ceil', bonus: 'floor', quarter: 'mean-score', connectAggregation: 'aggregate-ratio' });
  });

  it('unknown names and values are errors naming the policy', () => {
    expect(errorOf(() => resolvePolicy({ connectShortfal: 'ceil' }))).toMatchObject({ code: 'unknown-policy', field: 'policy.connectShortfal' });
    const e = errorOf(() => resolvePolicy({ bonus: 'round' }));
    expect(e).toMatchObject({ code: 'invalid-policy-value', field: 'policy.bonus' });
    expect(e.message).toContain('floor, linear');
    expect(errorOf(() => scoreMonth(BASE, { qaShortfall: 'x' } as never))).toMatchObject({ field: 'policy.qaShortfall' });
  });

  it('parses name=value assignments', () => {
    expect(parsePolicyAssignments(['connectShortfall=linear', 'bonus=linear,quarter=mean-coefficient'])).toEqual({ connectShortfall: 'linear', bonus: 'linear', quarter: 'mean-coefficient' });
    expect(errorOf(() => parsePolicyAssignments(['connectShortfall']))).toMatchObject({ code: 'invalid-policy-value', field: 'policy' });
  });
});
