import { settlementCoefficient, scoreQuarter, scoreYear, openMonthRange, ScoringError } from './index';

describe('settlement coefficient', () => {
  it.each([
    ['104', '1.00'],
    ['90', '1.00'],
    ['90.00', '1.00'],
    ['89.99', '0.95'],
    ['85', '0.95'],
    ['84.99', '0.85'],
    ['80', '0.85'],
    ['79.99', '0.75'],
    ['70', '0.75'],
    ['69.99', '0.60'],
    ['60', '0.60'],
    ['59.99', '0.50'],
    ['0', '0.50'],
    [89.999, '0.95'],
  ])('%s -> %s', (total, coefficient) => {
    expect(settlementCoefficient(total)).toBe(coefficient);
  });

  it('rejects what is not a number', () => {
    expect(() => settlementCoefficient('ninety')).toThrow(ScoringError);
    expect(() => settlementCoefficient(Number.NaN)).toThrow(/total/);
  });
});

describe('quarter', () => {
  it('default: the coefficient of the mean score (2 decimals half-up)', () => {
    // (92 + 89.5 + 88) / 3 = 89.8333 -> 89.83 -> 0.95, although two months of three pay 0.95 and one 1.00
    expect(scoreQuarter(['92', '89.5', '88'])).toEqual({
      basis: 'mean-score',
      months: 3,
      provisional: false,
      meanScore: '89.83',
      meanScoreMin: '89.83',
      meanScoreMax: '89.83',
      monthlyCoefficients: ['1.00', '0.95', '0.95'],
      coefficient: '0.95',
      coefficientMin: '0.95',
      coefficientMax: '0.95',
    });
    // (90 + 90 + 89.985) / 3 = 89.995 -> rounds half-up to 90.00 -> 1.00
    expect(scoreQuarter(['90', '90', '89.985'])).toMatchObject({ meanScore: '90.00', coefficient: '1.00' });
    expect(scoreQuarter(['90', '90', '89.984'])).toMatchObject({ meanScore: '89.99', coefficient: '0.95' });
  });

  it('bonuses above 100 carry into the quarter mean unless totals are capped', () => {
    expect(scoreQuarter(['104', '104', '62'])).toMatchObject({ meanScore: '90.00', coefficient: '1.00' });
    expect(scoreQuarter(['100', '100', '62'])).toMatchObject({ meanScore: '87.33', coefficient: '0.95' });
  });

  it('mean-coefficient: the mean of the monthly coefficients, 4 decimals', () => {
    expect(scoreQuarter(['92', '89.5', '88'], { quarter: 'mean-coefficient' }).coefficient).toBe('0.9667');
    expect(scoreQuarter([95, 59, 75], { quarter: 'mean-coefficient' }).coefficient).toBe('0.7500');
  });

  it('a month not final (a range) makes the quarter provisional, with the coefficient range', () => {
    const q = scoreQuarter(['92', { min: '80', max: '95' }, '88']);
    expect(q).toEqual({
      basis: 'mean-score',
      months: 3,
      provisional: true,
      meanScore: null,
      meanScoreMin: '86.67',
      meanScoreMax: '91.67',
      monthlyCoefficients: ['1.00', null, '0.95'],
      coefficient: null,
      coefficientMin: '0.95',
      coefficientMax: '1.00',
    });
    // mean-coefficient: the mean of the lowest and of the highest coefficients
    expect(scoreQuarter(['92', { min: '80', max: '95' }, '88'], { quarter: 'mean-coefficient' })).toMatchObject({ coefficientMin: '0.9333', coefficientMax: '0.9833', coefficient: null });
    // a month still to come: anything from 0 to 104
    expect(openMonthRange()).toEqual({ min: '0', max: '104' });
    expect(openMonthRange({ totalCap: '100' })).toEqual({ min: '0', max: '100' });
    expect(scoreQuarter(['95', '95', openMonthRange()])).toMatchObject({ provisional: true, meanScoreMin: '63.33', meanScoreMax: '98.00', coefficientMin: '0.60', coefficientMax: '1.00' });
    expect(() => scoreQuarter(['90', { min: '91', max: '90' }])).toThrow(expect.objectContaining({ code: 'inconsistent', field: 'monthlyTotals[1].min' }));
    expect(() => scoreQuarter(['90', { min: '-1', max: '90' }])).toThrow(expect.objectContaining({ code: 'negative', field: 'monthlyTotals[1].min' }));
  });

  it('a quarter has 1 to 3 months', () => {
    expect(() => scoreQuarter([])).toThrow(expect.objectContaining({ code: 'out-of-range', field: 'monthlyTotals' }));
    expect(() => scoreQuarter(['90', '90', '90', '90'])).toThrow(ScoringError);
    expect(() => scoreQuarter(['90', '-1'])).toThrow(expect.objectContaining({ code: 'negative', field: 'monthlyTotals[1]' }));
    expect(scoreQuarter(['91']).months).toBe(1);
  });
});

describe('contract year', () => {
  it('excellent with at least 10 months >= 90', () => {
    const ten = [...Array(10).fill('90'), '89.99', '50'];
    expect(scoreYear(ten)).toMatchObject({ monthsScored: 12, monthsAtLeast90: 10, excellent: true, renewalEligible: true, stillPossible: true, monthsBelow90Allowed: 0 });
    const nine = [...Array(9).fill('95'), '89.99', '89.99', '89.99'];
    expect(scoreYear(nine)).toMatchObject({ monthsAtLeast90: 9, excellent: false, stillPossible: false, monthsBelow90Allowed: 0 });
  });

  it('tracks the year in progress', () => {
    expect(scoreYear(['95', '91', '89.99', '90'])).toEqual({
      monthsScored: 4,
      monthsAtLeast90: 3,
      monthsBelow90: 1,
      monthsUndecided: 0,
      monthsRemaining: 8,
      provisional: false,
      excellent: false,
      stillPossible: true,
      monthsBelow90Allowed: 1,
      renewalEligible: false,
    });
    expect(scoreYear([])).toMatchObject({ monthsRemaining: 12, monthsBelow90Allowed: 2, stillPossible: true });
    expect(scoreYear(['80', '80', '80'])).toMatchObject({ stillPossible: false, monthsBelow90Allowed: 0 });
    expect(scoreYear(Array(11).fill('100'))).toMatchObject({ excellent: true, monthsRemaining: 1, monthsBelow90Allowed: 1 });
    expect(() => scoreYear(Array(13).fill('90'))).toThrow(ScoringError);
  });

  it('provisional months count as >= 90 or below 90 only when their whole range is', () => {
    const y = scoreYear(['95', { min: '91', max: '99' }, { min: '85', max: '97' }, { min: '60', max: '89.99' }]);
    expect(y).toMatchObject({ monthsScored: 4, monthsAtLeast90: 2, monthsBelow90: 1, monthsUndecided: 1, monthsRemaining: 8, provisional: true, stillPossible: true, monthsBelow90Allowed: 1 });
    const ten = scoreYear([...Array(9).fill('95'), { min: '88', max: '95' }]);
    expect(ten).toMatchObject({ monthsAtLeast90: 9, excellent: false, stillPossible: true });
  });
});
