import { ForecastInputError } from './errors';
import { forecastArrivals } from './forecast';
import { summarizeCalls, type CallHistoryRecord } from './history';
import { DEFAULT_PATIENCE_SECONDS, requirementForForecast, staffingInputs } from './plan';

const TARGETS = { serviceLevelTarget: 0.8, targetSeconds: 20, targetConnectRate: 0.9 };

/** Three weeks of a small 24/7 line: 4 calls every day-time half hour (08:00-20:00 local), 1 at night. */
function calls(): CallHistoryRecord[] {
  const out: CallHistoryRecord[] = [];
  const first = Date.parse('2025-03-02T16:00:00Z'); // 3 March 00:00 Asia/Shanghai
  for (let day = 0; day < 21; day++) {
    for (let k = 0; k < 48; k++) {
      const n = k >= 16 && k < 40 ? 4 : 1;
      for (let j = 0; j < n; j++) {
        const offeredAt = first + day * 86_400_000 + k * 1_800_000 + j * 60_000;
        // At night every call ends in the IVR; by day one in four is abandoned in the queue after 60 s.
        if (n === 1) out.push({ offeredAt, outcome: 'ivr' });
        else if (j === 3) out.push({ offeredAt, outcome: 'abandoned', abandonWhere: 'queue', waitSeconds: 60 });
        else out.push({ offeredAt, outcome: 'answered', waitSeconds: 30, talkSeconds: k < 28 ? 150 : 250, wrapSeconds: 30 });
      }
    }
  }
  return out;
}

describe('staffing inputs and the requirement of a forecast', () => {
  const summary = summarizeCalls(calls(), { timeZone: 'Asia/Shanghai' });

  it('measures AHT, patience and shares, and says so', () => {
    const inputs = staffingInputs(summary);
    expect(inputs).toMatchObject({ ahtSource: 'measured', patienceSource: 'measured' });
    expect(inputs.ahtSeconds).toBeCloseTo(230, 9); // half 180 s, half 280 s
    expect(inputs.patienceSeconds).toBeCloseTo((3 * 30 + 60) / 1, 9); // Σ waits / abandons per day-time half hour
    expect(inputs.sharesByInterval!.agentShare[0]).toBe(0);
    expect(inputs.sharesByInterval!.agentShare[20]).toBe(1);
  });

  it('overrides win, and the fallbacks are stated', () => {
    expect(staffingInputs(summary, { ahtSeconds: 300, patienceSeconds: 45 })).toMatchObject({ ahtSeconds: 300, ahtSource: 'given', patienceSeconds: 45, patienceSource: 'given' });
    expect(staffingInputs(summary, { ahtSeconds: 300 }).ahtByInterval).toBeUndefined();
    const noAbandon = summarizeCalls([{ offeredAt: 0, outcome: 'answered', waitSeconds: 40, talkSeconds: 100 }, { offeredAt: 1, outcome: 'answered', waitSeconds: 20, talkSeconds: 100 }]);
    expect(staffingInputs(noAbandon)).toMatchObject({ patienceSeconds: 60, patienceSource: 'one-abandon-bound' });
    const noWait = summarizeCalls([{ offeredAt: 0, outcome: 'answered', waitSeconds: 0, talkSeconds: 100 }]);
    expect(staffingInputs(noWait)).toMatchObject({ patienceSeconds: DEFAULT_PATIENCE_SECONDS, patienceSource: 'default' });
    expect(staffingInputs(null, { ahtSeconds: 200 })).toMatchObject({ agentShare: 1, ivrAnsweredShare: 0, patienceSource: 'default' });
    expect(() => staffingInputs(null)).toThrow(ForecastInputError);
    expect(() => staffingInputs(null)).toThrow(/^ahtSeconds is needed/);
  });

  it('staffs each forecast interval with its own AHT and shares: nobody at night when the IVR takes every call', () => {
    const forecast = forecastArrivals(summary.history, { weeks: 1 });
    const r = requirementForForecast(forecast, staffingInputs(summary), { targets: TARGETS, shrinkage: 0.25 });
    expect(r.intervals).toHaveLength(7 * 48);
    const night = r.intervals[2];
    const morning = r.intervals[20];
    const evening = r.intervals[30];
    expect(night).toMatchObject({ label: '01:00', agentShare: 0, ivrAnsweredShare: 1 });
    expect(night.erlangA.agents).toBe(0);
    expect(night.erlangC.agents).toBe(0);
    expect(morning.arrivals).toBeCloseTo(4, 6);
    expect(morning.ahtSeconds).toBeLessThan(evening.ahtSeconds);
    expect(morning.erlangA.agents).toBeGreaterThan(0);
    expect(morning.erlangA.agentsWithShrinkage).toBeGreaterThanOrEqual(Math.ceil(morning.erlangA.agents / 0.75 - 1e-9));
    expect(r.monthView.total.connectRate).toBeGreaterThanOrEqual(0.9);
  });
});
