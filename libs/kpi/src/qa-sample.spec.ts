import fc from 'fast-check';
import { QA_SAMPLE_METHOD, SHIFT_BANDS, checkQaReview, cyrb128, drawQaSample, qaQuota, sfc32, shiftBand, type QaFrameCall } from './qa-sample';

const TZ = 'Asia/Shanghai';

/** A frame of `perAgent[i]` calls for agent i, spread over the bands as given. */
function frame(spec: Record<string, Partial<Record<(typeof SHIFT_BANDS)[number], number>>>): QaFrameCall[] {
  const calls: QaFrameCall[] = [];
  for (const [agentId, bands] of Object.entries(spec)) {
    for (const shift of SHIFT_BANDS) for (let i = 0; i < (bands[shift] ?? 0); i++) calls.push({ callId: `${agentId}-${shift}-${String(i).padStart(4, '0')}`, agentId, shift });
  }
  return calls;
}

describe('qaQuota', () => {
  it('is ceil(1 % of the agent-answered calls)', () => {
    expect([0, 1, 99, 100, 101, 1234, 20_899].map(qaQuota)).toEqual([0, 1, 1, 1, 2, 13, 209]);
  });
  it('refuses a negative or fractional count', () => {
    expect(() => qaQuota(-1)).toThrow(RangeError);
    expect(() => qaQuota(1.5)).toThrow(RangeError);
  });
});

describe('shiftBand', () => {
  const at = (local: string) => new Date(`${local}+08:00`);
  it('cuts the local day at 08:00 and 16:00 (start inclusive)', () => {
    expect(shiftBand(at('2031-03-01T00:00:00'), TZ)).toBe('night');
    expect(shiftBand(at('2031-03-01T07:59:59.999'), TZ)).toBe('night');
    expect(shiftBand(at('2031-03-01T08:00:00'), TZ)).toBe('day');
    expect(shiftBand(at('2031-03-01T15:59:59'), TZ)).toBe('day');
    expect(shiftBand(at('2031-03-01T16:00:00'), TZ)).toBe('evening');
    expect(shiftBand(at('2031-03-01T23:59:59'), TZ)).toBe('evening');
  });
  it('uses the zone, not UTC', () => {
    expect(shiftBand(new Date('2031-03-01T01:00:00Z'), TZ)).toBe('day'); // 09:00 in Shanghai
    expect(shiftBand(new Date('2031-03-01T01:00:00Z'), 'UTC')).toBe('night');
  });
});

describe('the pseudo-random generator (pinned: method ' + QA_SAMPLE_METHOD + ')', () => {
  it('cyrb128 and sfc32 give the same numbers forever', () => {
    // If these change, samples drawn before cannot be redrawn: bump QA_SAMPLE_METHOD instead.
    const seed = cyrb128('hotline');
    expect(seed).toEqual(cyrb128('hotline'));
    expect(seed.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    const next = sfc32(seed);
    const outputs = Array.from({ length: 4 }, next);
    expect(outputs.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    expect(seed).toEqual([2665090634, 50555381, 3202722407, 758835545]);
    expect(outputs).toEqual([3474481560, 3864055610, 3759607537, 1505640018]);
  });
  it('sfc32 is the PractRand form: t = a + b + counter, counter incremented after', () => {
    const next = sfc32([0, 0, 0, 0]);
    // worked by hand from the algorithm: (0,0,0,0) -> 0; then 1; 2 (c becomes 2^21 + 2, b 9); 12 (= 0 + 9 + 3); 18874399
    expect(Array.from({ length: 5 }, next)).toEqual([0, 1, 2, 12, 18_874_399]);
  });
});

describe('drawQaSample', () => {
  it('draws the quota, stratified: every agent, the shifts in proportion', () => {
    const calls = frame({ A001: { day: 900, night: 100 }, A002: { day: 50, evening: 50 } });
    const sample = drawQaSample(calls, 11, 'march');
    expect(sample).toHaveLength(11);
    const agent = (id: string) => calls.find((c) => c.callId === id)!;
    const count = (f: (c: QaFrameCall) => boolean) => sample.map(agent).filter(f).length;
    // One each first (A001 day; A002 day, the earlier band of a 50/50 tie); the 9 others in proportion to
    // 899/100/49/50 left of 1098: 7.37, 0.82, 0.40, 0.41 -> floors 7, then A001 night and A002 evening.
    expect(count((c) => c.agentId === 'A001' && c.shift === 'day')).toBe(8);
    expect(count((c) => c.agentId === 'A001' && c.shift === 'night')).toBe(1);
    expect(count((c) => c.agentId === 'A002' && c.shift === 'day')).toBe(1);
    expect(count((c) => c.agentId === 'A002' && c.shift === 'evening')).toBe(1);
  });

  it('grows to one call per agent when the agents outnumber the quota (the quota is a minimum)', () => {
    const calls = frame({ A1: { day: 3 }, A2: { evening: 2 }, A3: { night: 1 }, A4: { day: 1, night: 1 } });
    const sample = drawQaSample(calls, 1, 's');
    expect(sample).toHaveLength(4);
    expect(new Set(sample.map((id) => id.split('-')[0]))).toEqual(new Set(['A1', 'A2', 'A3', 'A4']));
  });

  it('takes the whole frame when the quota exceeds it, and nothing from an empty frame', () => {
    const calls = frame({ A1: { day: 2 }, A2: { night: 1 } });
    expect(drawQaSample(calls, 50, 's')).toEqual(calls.map((c) => c.callId).sort());
    expect(drawQaSample([], 5, 's')).toEqual([]);
  });

  it('depends on the seed', () => {
    const calls = frame({ A1: { day: 200, evening: 200, night: 200 } });
    expect(drawQaSample(calls, 6, 'one')).not.toEqual(drawQaSample(calls, 6, 'two'));
    expect(drawQaSample(calls, 6, 'one')).toEqual(drawQaSample(calls, 6, 'one'));
  });

  it('refuses a bad quota, an empty seed, a call twice', () => {
    const calls = frame({ A1: { day: 2 } });
    expect(() => drawQaSample(calls, -1, 's')).toThrow(RangeError);
    expect(() => drawQaSample(calls, 1.5, 's')).toThrow(RangeError);
    expect(() => drawQaSample(calls, 1, '')).toThrow(RangeError);
    expect(() => drawQaSample([...calls, calls[0]], 1, 's')).toThrow(/twice/);
  });

  it('is pinned: the same frame and seed give this sample forever', () => {
    const calls = frame({ A001: { day: 40, evening: 30, night: 10 }, A002: { day: 25 }, A003: { evening: 5, night: 5 } });
    // allocation: one each (A001 day, A002 day, A003 evening: the earlier band of a 5/5 tie), then 6 in proportion
    // to 39/30/10/24/4/5 left: floors 2/1/0/1/0/0, the two largest remainders to A001 evening and A001 night
    expect(drawQaSample(calls, 9, '2031-03/seed')).toEqual([
      'A001-day-0007', 'A001-day-0011', 'A001-day-0026', 'A001-evening-0001', 'A001-evening-0016', 'A001-night-0003', 'A002-day-0000', 'A002-day-0022', 'A003-evening-0002',
    ]);
  });

  describe('properties', () => {
    const callArb = fc.record({
      callId: fc.string({ minLength: 1, maxLength: 8 }),
      agentId: fc.constantFrom('A1', 'A2', 'A3', 'B7', '工号9', 'A1\u0000'),
      shift: fc.constantFrom(...SHIFT_BANDS),
    });
    const frameArb = fc.uniqueArray(callArb, { selector: (c) => c.callId, maxLength: 120 });
    const params = fc.tuple(frameArb, fc.nat({ max: 150 }), fc.string({ minLength: 1, maxLength: 12 }));

    it('has the size max(quota, agents), capped by the frame; no duplicates; only calls of the frame', () => {
      fc.assert(
        fc.property(params, ([calls, quota, seed]) => {
          const sample = drawQaSample(calls, quota, seed);
          const agents = new Set(calls.map((c) => c.agentId)).size;
          expect(sample).toHaveLength(Math.min(calls.length, Math.max(quota, agents)));
          expect(new Set(sample).size).toBe(sample.length);
          const ids = new Set(calls.map((c) => c.callId));
          expect(sample.every((id) => ids.has(id))).toBe(true);
        }),
        { seed: 11, numRuns: 300 },
      );
    });

    it('covers every agent with calls', () => {
      fc.assert(
        fc.property(params, ([calls, quota, seed]) => {
          const byId = new Map(calls.map((c) => [c.callId, c.agentId]));
          const drawn = new Set(drawQaSample(calls, quota, seed).map((id) => byId.get(id)));
          for (const c of calls) expect(drawn.has(c.agentId)).toBe(true);
        }),
        { seed: 12, numRuns: 300 },
      );
    });

    it('meets the quota whenever the frame allows it', () => {
      fc.assert(
        fc.property(params, ([calls, quota, seed]) => {
          expect(drawQaSample(calls, quota, seed).length).toBeGreaterThanOrEqual(Math.min(quota, calls.length));
        }),
        { seed: 13, numRuns: 300 },
      );
    });

    it('is deterministic and independent of the input order', () => {
      fc.assert(
        fc.property(
          params.chain(([calls, quota, seed]) => fc.tuple(fc.constant(calls), fc.shuffledSubarray(calls, { minLength: calls.length, maxLength: calls.length }), fc.constant(quota), fc.constant(seed))),
          ([calls, shuffled, quota, seed]) => {
            const a = drawQaSample(calls, quota, seed);
            expect(drawQaSample(calls, quota, seed)).toEqual(a);
            expect(drawQaSample(shuffled, quota, seed)).toEqual(a);
          },
        ),
        { seed: 14, numRuns: 300 },
      );
    });

    it('allocates each stratum within one call of its proportional share beyond the agent minimum', () => {
      fc.assert(
        fc.property(params, ([calls, quota, seed]) => {
          const sample = new Set(drawQaSample(calls, quota, seed));
          const strata = new Map<string, { size: number; taken: number }>();
          for (const c of calls) {
            const s = strata.get(`${c.agentId}|${c.shift}`) ?? { size: 0, taken: 0 };
            s.size += 1;
            if (sample.has(c.callId)) s.taken += 1;
            strata.set(`${c.agentId}|${c.shift}`, s);
          }
          const agents = new Set(calls.map((c) => c.agentId)).size;
          const rest = sample.size - agents;
          const left = calls.length - agents;
          for (const s of strata.values()) {
            // share of the rest over what is left; the agent's first call adds at most one
            const share = left === 0 ? 0 : (rest * s.size) / left;
            expect(s.taken).toBeLessThanOrEqual(Math.ceil(share) + 1);
            expect(s.taken).toBeGreaterThanOrEqual(Math.floor((rest * (s.size - 1)) / Math.max(left, 1)));
          }
        }),
        { seed: 15, numRuns: 300 },
      );
    });
  });
});

describe('checkQaReview', () => {
  const items = [
    { key: 'norms', maxPoints: 20 },
    { key: 'accuracy', maxPoints: 30 },
    { key: 'secrecy', maxPoints: 15 },
  ];
  it('adds the scores exactly', () => {
    expect(checkQaReview(items, { norms: 17.5, accuracy: 30, secrecy: 0.1 })).toEqual({ total: '47.6', problems: [] });
    expect(checkQaReview(items, { norms: 0.1, accuracy: 0.2, secrecy: 0 }).total).toBe('0.3');
  });
  it('names every item out of range, missing or unknown', () => {
    const { problems } = checkQaReview(items, { norms: 21, secrecy: -1, zeal: 3 });
    expect(problems.map((p) => p.key)).toEqual(['norms', 'accuracy', 'secrecy', 'zeal']);
    expect(problems[0].message).toMatch(/0 to 20/);
  });
  it('does not take inherited keys for scores', () => {
    expect(checkQaReview([{ key: 'constructor', maxPoints: 5 }], {}).problems).toHaveLength(1);
  });
});
