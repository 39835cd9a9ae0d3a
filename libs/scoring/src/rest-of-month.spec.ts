import { forecastRestOfMonth } from './rest-of-month';

describe('forecastRestOfMonth', () => {
  const history = [
    { date: '2026-11-02', requests: 700, connected: 640 }, // Monday
    { date: '2026-11-03', requests: 600, connected: 560 },
    { date: '2026-11-08', requests: 300, connected: 290 }, // Sunday
    { date: '2026-11-09', requests: 800, connected: 700 }, // Monday
  ];

  it('sums same-weekday means over the remaining days, weighted by the part of the day still to come', () => {
    const forecast = forecastRestOfMonth(history, [
      { date: '2026-11-16', fraction: 1 }, // Monday: mean 750
      { date: '2026-11-15', fraction: 0.5 }, // Sunday: 300
      { date: '2026-11-18', fraction: 1 }, // Wednesday: no history, overall mean 600
    ]).forecast!;
    expect(Number(forecast.remainingRequests)).toBeCloseTo(750 + 150 + 600, 6);
    expect(Number(forecast.connectFraction)).toBeCloseTo(2190 / 2400, 6);
    expect(Number(forecast.connectFractionSd)).toBeGreaterThan(0);
  });

  it('no history: no forecast rather than a wrong one; bad fractions are refused', () => {
    expect(forecastRestOfMonth([], [{ date: '2026-11-30', fraction: 1 }])).toEqual({ forecast: null, basis: { code: 'no-history', days: 0 } });
    expect(forecastRestOfMonth(history, []).basis).toEqual({ code: 'same-weekday', days: 4, from: '2026-11-02', to: '2026-11-09', spreadAssumed: true });
  });

  it('one day of history is not certainty: the prior day-to-day spread keeps the range open', () => {
    const one = forecastRestOfMonth([{ date: '2026-11-29', requests: 1800, connected: 1640 }], [{ date: '2026-11-30', fraction: 1 }]);
    expect(Number(one.forecast!.connectFractionSd)).toBeCloseTo(0.05 * Math.SQRT2, 6);
    expect(one.basis.spreadAssumed).toBe(true);
    const many = forecastRestOfMonth(
      Array.from({ length: 10 }, (_, i) => ({ date: `2026-11-${String(i + 10).padStart(2, '0')}`, requests: 1000, connected: 900 + (i % 2) * 10 })),
      [{ date: '2026-11-30', fraction: 1 }],
    );
    expect(many.basis.spreadAssumed).toBe(false);
    expect(Number(many.forecast!.connectFractionSd)).toBeLessThan(0.01); // measured: 0.5 points a day
    expect(() => forecastRestOfMonth(history, [{ date: '2026-11-30', fraction: 2 }])).toThrow(RangeError);
  });
});
