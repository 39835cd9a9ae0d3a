import Decimal from 'decimal.js';
import {
  scoreMonth,
  sheetFigures,
  computeKpis,
  ScoringError,
  resolvePolicy,
  parsePolicyAssignments,
  DEFAULT_POLICY,
  ITEM_FIELDS,
  REGISTER_FIELDS,
  REGISTER_ITEMS,
  type ScoreInput,
  type ItemScore,
  type MonthScore,
} from './index';

/** S01 of score-cases.json: every target met; every register field given (0 where nothing happened). */
const BASE: ScoreInput = {
  requests: 20000,
  agentAnswered: 12000,
  ivrAnswered: 6500,
  veryOrBasicallySatisfied: 4850,
  surveyResponses: 5000,
  justifiedComplaints: 5,
  trainingSessions: 2,
  qaSampled: 120,
  qaErrorsFound: 0,
  reportsLate: 0,
  reportItemsMissing: 0,
  selfAssessmentLate: 0,
  selfAssessmentUntruthful: 0,
  confidentialityBreaches: 0,
  confidentialityBreachesWithConsequences: 0,
};

/** BASE's call-feed figures only: no register figure known. */
const FEED_ONLY: ScoreInput = { requests: 20000, agentAnswered: 12000, ivrAnswered: 6500 };

/** `input` without the named fields (they become unknown). */
function without(input: ScoreInput, ...fields: (keyof ScoreInput)[]): ScoreInput {
  return Object.fromEntries(Object.entries(input).filter(([k]) => !fields.includes(k as keyof ScoreInput))) as ScoreInput;
}

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
    expect(connect).toMatchObject({ item: 'connect', points: '23', pointsMin: '23', pointsMax: '23', pending: false, max: '25', bonus: '0', flooredAtZero: false });
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
    const sum = s.items.reduce((a, i) => a.plus(i.points ?? 'NaN'), new Decimal(0));
    expect(sum.equals(s.total ?? 'NaN')).toBe(true);
    expect(eq(s.total ?? 'NaN', '69')).toBe(true);
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
    const none = { ...BASE, requests: 100, agentAnswered: 0, ivrAnswered: 95, surveyResponses: 1, veryOrBasicallySatisfied: 1, justifiedComplaints: 0, qaSampled: 0 };
    const s = scoreMonth(none);
    expect(s.rates.complaintRatePercent).toBeNull();
    expect(s.qaQuota).toBe('0');
    expect(item(s, 'complaints').points).toBe('10');
    expect(item(s, 'qa').points).toBe('10');
    expect(item(scoreMonth({ ...none, justifiedComplaints: 1 }), 'complaints').points).toBe('0');
    expect(item(scoreMonth({ ...none, justifiedComplaints: 1 }, { noAgentCalls: 'full' }), 'complaints').points).toBe('10');
  });

  it('an empty month is scored explicitly, not crashed on: everything unknown, the open range 0 – 104, never full marks', () => {
    const s = scoreMonth({});
    expect(sheetFigures(s)).toMatchObject({
      'connectRate%': null,
      'satisfaction%': null,
      'complaintRate%': null,
      connect: null,
      satisfaction: null,
      training: null,
      total: null,
      coefficient: null,
      provisional: true,
      totalMin: '0',
      totalMax: '104',
    });
    expect(s.pendingItems).toEqual(['confidentiality', 'reporting', 'connect', 'satisfaction', 'complaints', 'training', 'qa']);
  });

  it('no survey response recorded (0 confirmed) is not the same as surveys unknown', () => {
    expect(item(scoreMonth({ ...BASE, veryOrBasicallySatisfied: 0, surveyResponses: 0 }), 'satisfaction')).toMatchObject({ points: '0', pending: false });
    expect(item(scoreMonth(without(BASE, 'veryOrBasicallySatisfied', 'surveyResponses')), 'satisfaction')).toMatchObject({ points: null, pending: true, pointsMin: '0', pointsMax: '27' });
  });
});

describe('scoreMonth: unknown is unknown (pending items, provisional total)', () => {
  it('a month with no register data at all is provisional: [connect item, connect item + 75 + 2], never 100 / 1.00', () => {
    const s = scoreMonth(FEED_ONLY);
    const connect = item(s, 'connect');
    expect(connect).toMatchObject({ points: '26', pending: false });
    expect(s.provisional).toBe(true);
    expect(s.total).toBeNull();
    expect(s.coefficient).toBeNull();
    expect(s.pendingItems).toEqual(['confidentiality', 'reporting', 'satisfaction', 'complaints', 'training', 'qa']);
    expect(s.totalMin).toBe('26');
    expect(s.totalMax).toBe(new Decimal(26).plus(75).plus(2).toString());
    expect(s.coefficientMin).toBe('0.50');
    expect(s.coefficientMax).toBe('1.00');
    for (const name of REGISTER_ITEMS) {
      const it = item(s, name);
      expect(it).toMatchObject({ points: null, pending: true, pointsMin: '0', pointsMax: name === 'satisfaction' ? '27' : '10', deductions: [], bonuses: [], bonus: '0' });
      expect(it.notes).toEqual([{ code: `${name}.pending`, count: null, points: '0', detail: { unknown: ITEM_FIELDS[name].join(',') }, pending: true }]);
    }
    const flat = sheetFigures(s);
    expect(flat).toMatchObject({ connect: '26', confidentiality: null, reporting: null, satisfaction: null, complaints: null, training: null, qa: null, total: null, coefficient: null });
    expect(flat).toMatchObject({ provisional: true, totalMin: '26', totalMax: '103', coefficientMin: '0.50', coefficientMax: '1.00' });
    expect(Object.values(flat)).not.toContain('100');
  });

  it('a known month is not provisional and its range is its total', () => {
    const s = scoreMonth(BASE);
    expect(s).toMatchObject({ provisional: false, total: '101.8', coefficient: '1.00', totalMin: '101.8', totalMax: '101.8', coefficientMin: '1.00', coefficientMax: '1.00', pendingItems: [] });
    for (const it of s.items) expect([it.pointsMin, it.pointsMax, it.pending]).toEqual([it.points, it.points, false]);
  });

  it('one unknown field makes its item (and only it) pending and the total a range', () => {
    const s = scoreMonth(without(BASE, 'trainingSessions'));
    expect(s.pendingItems).toEqual(['training']);
    expect(item(s, 'training')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10' });
    expect(item(s, 'qa')).toMatchObject({ points: '10', pending: false });
    expect(s).toMatchObject({ total: null, coefficient: null, totalMin: '91.8', totalMax: '101.8', coefficientMin: '1.00', coefficientMax: '1.00' });
  });

  it('explicit 0 is a confirmed zero, absent is unknown', () => {
    expect(item(scoreMonth({ ...BASE, trainingSessions: 0 }), 'training')).toMatchObject({ points: '0', pending: false });
    expect(item(scoreMonth(without(BASE, 'trainingSessions')), 'training')).toMatchObject({ points: null, pending: true });
    expect(item(scoreMonth({ ...BASE, reportsLate: 0 }), 'reporting')).toMatchObject({ points: '10', pending: false });
    expect(item(scoreMonth(without(BASE, 'reportsLate')), 'reporting')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10' });
    expect(item(scoreMonth({ ...BASE, justifiedComplaints: 0 }), 'complaints')).toMatchObject({ points: '10', pending: false });
    expect(item(scoreMonth(without(BASE, 'justifiedComplaints')), 'complaints')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10' });
    // JSON null is unknown too
    expect(item(scoreMonth(JSON.parse(JSON.stringify({ ...BASE, qaErrorsFound: null })) as ScoreInput), 'qa')).toMatchObject({ points: null, pending: true });
  });

  it('a partially known item: its range from the known figures, and the deductions that hold whatever comes', () => {
    // QA: no error found (confirmed), sample size unknown: the quota 120 unmet at worst (12 tens short, -2.4)
    expect(item(scoreMonth(without(BASE, 'qaSampled')), 'qa')).toMatchObject({ points: null, pointsMin: '7.6', pointsMax: '10', deductions: [] });
    // QA: 95 sampled of 120 (known -0.6), errors unknown: 9.4 at best, 0 at worst
    const qa = item(scoreMonth(without({ ...BASE, qaSampled: 95 }, 'qaErrorsFound')), 'qa');
    expect(qa).toMatchObject({ points: null, pointsMin: '0', pointsMax: '9.4' });
    expect(qa.deductions.map((d) => [d.code, d.points])).toEqual([['qa.quotaShortfall', '-0.6']]);
    expect(qa.notes[0]).toMatchObject({ code: 'qa.pending', detail: { unknown: 'qaErrorsFound' }, pending: true });
    // reporting: two late reports known, the rest unknown
    const rep = item(scoreMonth(without({ ...BASE, reportsLate: 2 }, 'reportItemsMissing', 'selfAssessmentLate', 'selfAssessmentUntruthful')), 'reporting');
    expect(rep).toMatchObject({ points: null, pointsMin: '0', pointsMax: '8' });
    expect(rep.deductions.map((d) => [d.code, d.count, d.points])).toEqual([['reporting.reportLate', 2, '-2']]);
    expect(rep.notes[0].detail.unknown).toBe('reportItemsMissing,selfAssessmentLate,selfAssessmentUntruthful');
    // satisfaction: 5000 responses known, satisfied unknown -> anywhere from 0 % (0 points) to 100 % (25 + 2)
    expect(item(scoreMonth(without(BASE, 'veryOrBasicallySatisfied')), 'satisfaction')).toMatchObject({ pointsMin: '0', pointsMax: '27' });
    // confidentiality: 2 breaches known, with consequences unknown (0..2): 8 at best, 0 at worst (2 + 2 x 5)
    const conf = item(scoreMonth(without({ ...BASE, confidentialityBreaches: 2 }, 'confidentialityBreachesWithConsequences')), 'confidentiality');
    expect(conf).toMatchObject({ pointsMin: '0', pointsMax: '8' });
    expect(conf.deductions.map((d) => [d.code, d.count])).toEqual([['confidentiality.breach', 2]]);
    // 1 breach with consequences known, breaches unknown (>= 1): at best 10 - 1 - 5 = 4
    expect(item(scoreMonth(without({ ...BASE, confidentialityBreachesWithConsequences: 1 }, 'confidentialityBreaches')), 'confidentiality')).toMatchObject({ pointsMin: '0', pointsMax: '4' });
  });

  it('the total range follows totalCap', () => {
    expect(scoreMonth(FEED_ONLY, { totalCap: '100' })).toMatchObject({ totalMin: '26', totalMax: '100' });
  });

  it('nothing is assumed any more: `assumed` is an unknown field', () => {
    expect(errorOf(() => scoreMonth({ ...BASE, assumed: { training: true } } as never))).toMatchObject({ code: 'unknown-field', field: 'assumed' });
  });

  it('every register field belongs to exactly one item', () => {
    const listed = Object.values(ITEM_FIELDS).flat();
    expect([...listed].sort()).toEqual([...REGISTER_FIELDS].sort());
    expect(ITEM_FIELDS.connect).toEqual([]);
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
    ['unknown-field', 'assumed', { ...BASE, assumed: { qa: true } }],
    ['inconsistent', 'veryOrBasicallySatisfied', { requests: 10, veryOrBasicallySatisfied: 3, surveyResponses: 2 }],
    ['negative', 'trainingSessions', { requests: 10, trainingSessions: -1 }],
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

describe('scoreMonth: the call feed not final (month running, or no data at all)', () => {
  it('a running month (feedFinal: false): connect pending over [0, 27] with the rate so far; the KPIs stay month-to-date', () => {
    const done = scoreMonth(BASE);
    const s = scoreMonth(BASE, {}, { feedFinal: false });
    expect(s.rates).toEqual(done.rates);
    expect(item(s, 'connect')).toEqual({
      item: 'connect',
      nameZh: '热线接通率',
      points: null,
      pointsMin: '0',
      pointsMax: '27',
      pending: true,
      max: '25',
      bonus: '0',
      deductions: [],
      bonuses: [],
      notes: [{ code: 'connect.pending', count: null, points: '0', detail: { unknown: 'connectRate', cause: 'month-running', monthToDatePercent: '92.50' }, pending: true }],
      flooredAtZero: false,
    });
    expect(s.pendingItems).toEqual(['connect', 'complaints', 'qa']);
    // complaints (5 of 12000 so far: 0.042 %) can only get better as agent calls come; QA (120 of a quota of 120) only worse
    expect(item(s, 'complaints')).toMatchObject({ points: null, pointsMin: '10', pointsMax: '10', notes: [{ code: 'complaints.pending', detail: { unknown: 'agentAnswered' } }] });
    expect(item(s, 'qa')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10', notes: [{ code: 'qa.pending', detail: { unknown: 'agentAnswered' } }] });
    for (const name of ['confidentiality', 'reporting', 'satisfaction', 'training'] as const) expect(item(s, name)).toEqual(item(done, name));
    // the total: the known items plus [0, 27] for connect and [0, 10] for QA
    expect(s).toMatchObject({ provisional: true, total: null, coefficient: null, totalMin: '65.8', totalMax: '102.8', coefficientMin: '0.60', coefficientMax: '1.00' });
    expect(sheetFigures(s)).toMatchObject({ connect: null, 'connectRate%': '92.50', total: null });
  });

  it('a running month with the registers open: the connect item is pending too, the range includes it', () => {
    const s = scoreMonth(FEED_ONLY, {}, { feedFinal: false });
    expect(s.pendingItems).toEqual(['confidentiality', 'reporting', 'connect', 'satisfaction', 'complaints', 'training', 'qa']);
    expect(s).toMatchObject({ totalMin: '0', totalMax: '104' });
    expect(item(s, 'complaints').notes[0].detail).toEqual({ unknown: 'justifiedComplaints,agentAnswered' });
    // the same month once over: the connect item is its rate's (92.50 %: 26)
    expect(item(scoreMonth(FEED_ONLY), 'connect')).toMatchObject({ points: '26', pending: false });
    expect(item(scoreMonth(FEED_ONLY, {}, { feedFinal: true }), 'connect')).toMatchObject({ points: '26', pending: false });
  });

  it('a running month with no request yet has no rate so far', () => {
    expect(item(scoreMonth({ ...BASE, requests: 0, agentAnswered: 0, ivrAnswered: 0 }, {}, { feedFinal: false }), 'connect').notes[0].detail).toEqual({ unknown: 'connectRate', cause: 'month-running' });
  });

  it('a complete month with no request at all is unknown (no-data), not connect.noRequests full marks', () => {
    const empty = { ...BASE, requests: 0, agentAnswered: 0, ivrAnswered: 0, justifiedComplaints: 0, qaSampled: 0 };
    const s = scoreMonth(empty);
    expect(item(s, 'connect')).toMatchObject({ points: null, pending: true, pointsMin: '0', pointsMax: '27', notes: [{ code: 'connect.pending', detail: { unknown: 'connectRate', cause: 'no-data' } }] });
    expect(s.rates.connectRatePercent).toBeNull();
    // the agent-answered count is unknown too: no complaint and no QA sample may yet be far from the quota
    expect(item(s, 'complaints')).toMatchObject({ points: null, pointsMin: '10', pointsMax: '10' });
    expect(item(s, 'qa')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10' });
    expect(s).toMatchObject({ provisional: true, total: null, pendingItems: ['connect', 'complaints', 'qa'] });
    // noRequests=zero does not apply either: there is nothing to apply it to
    expect(item(scoreMonth(empty, { noRequests: 'zero' }), 'connect')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '27' });
  });

  it('a month whose requests all fell in outage windows keeps the noRequests policy', () => {
    const outage = { ...BASE, requests: 500, agentAnswered: 400, ivrAnswered: 50, requestsInOutage: 500, connectedInOutage: 450, qaSampled: 4 };
    expect(item(scoreMonth(outage), 'connect')).toMatchObject({ points: '25', pending: false, notes: [{ code: 'connect.noRequests' }] });
    expect(item(scoreMonth(outage, { noRequests: 'zero' }), 'connect')).toMatchObject({ points: '0', pending: false });
  });

  it('complaints over a feed not final: a justified complaint and no agent call so far is not 0 for certain', () => {
    const s = scoreMonth({ ...BASE, requests: 10, agentAnswered: 0, ivrAnswered: 5, justifiedComplaints: 1, qaSampled: 0 }, { noAgentCalls: 'full' }, { feedFinal: false });
    // with no agent call the policy gives 10; one agent call with that complaint is 100 %: 0; a million calls: 10
    expect(item(s, 'complaints')).toMatchObject({ points: null, pointsMin: '0', pointsMax: '10' });
  });

  it('rejects bad options naming the field', () => {
    expect(() => scoreMonth(BASE, {}, { feedFinal: 'no' })).toThrow(expect.objectContaining({ code: 'not-a-number', field: 'options.feedFinal' }));
    expect(() => scoreMonth(BASE, {}, { final: false })).toThrow(expect.objectContaining({ code: 'unknown-field', field: 'options.final' }));
  });
});
