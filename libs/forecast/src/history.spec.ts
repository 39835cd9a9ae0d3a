import { ForecastInputError } from './errors';
import {
  arrivalHistoryFromInstants,
  historyIntervals,
  intervalLabelAt,
  intervalStartIso,
  regroupHistory,
  summarizeCalls,
  validateHistory,
  type CallHistoryRecord,
} from './history';
import { parsePsapHourly, parseUsBank5min } from './sources';

const at = (iso: string): number => Date.parse(iso);

describe('arrival history', () => {
  it('buckets arrivals into local half hours of Asia/Shanghai days, zero-filling every day in range', () => {
    const h = arrivalHistoryFromInstants(
      [at('2025-03-01T15:59:59Z'), at('2025-03-01T16:00:00Z'), at('2025-03-01T16:29:00Z'), at('2025-03-03T15:45:00Z')],
      { timeZone: 'Asia/Shanghai' },
    );
    expect(h.days.map((d) => d.day)).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
    expect(h.days[0].counts[47]).toBe(1); // 23:59:59 local on the 1st
    expect(h.days[1].counts[0]).toBe(2); // 00:00 and 00:29 local on the 2nd
    expect(h.days[2].counts[47]).toBe(1);
    expect(h.days.every((d) => d.counts.length === 48)).toBe(true);
    expect(h.days[1].counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('keeps only the days asked for', () => {
    const h = arrivalHistoryFromInstants([at('2025-03-01T04:00:00Z'), at('2025-03-05T04:00:00Z')], { from: '2025-03-02', to: '2025-03-03' });
    expect(h.days.map((d) => d.day)).toEqual(['2025-03-02', '2025-03-03']);
    expect(h.days.flatMap((d) => d.counts).every((c) => c === 0)).toBe(true);
  });

  it('labels and starts intervals in local time; consecutive intervals run across midnight without a gap', () => {
    expect(intervalLabelAt(47, 30)).toBe('23:30');
    expect(intervalStartIso('2025-03-02', 0, 30, 'Asia/Shanghai')).toBe('2025-03-01T16:00:00.000Z');
    const h = arrivalHistoryFromInstants([at('2025-03-01T04:00:00Z'), at('2025-03-02T04:00:00Z')]);
    const list = historyIntervals(h);
    expect(list).toHaveLength(96);
    for (let i = 1; i < list.length; i++) expect(Date.parse(list[i].start) - Date.parse(list[i - 1].start)).toBe(30 * 60_000);
    expect(list[48]).toMatchObject({ day: '2025-03-02', label: '00:00' });
  });

  it('regroups 5-minute counts into half hours', () => {
    const h = parseUsBank5min('date,interval_start,slot,calls\n2003-03-03,07:00,1,111\n2003-03-03,07:05,2,113\n2003-03-03,07:30,7,5\n2003-03-03,21:00,169,9\n');
    expect(h.intervalMinutes).toBe(30);
    expect(h.days[0].counts[14]).toBe(224);
    expect(h.days[0].counts[15]).toBe(5);
    expect(h.days[0].counts[42]).toBe(9);
    expect(regroupHistory(h, 60).days[0].counts[7]).toBe(229);
    expect(() => regroupHistory(h, 45)).toThrow(/intervalMinutes/);
  });

  it('reads the 911 weekly files hourly, with and without a zero-padded hour, and refuses a repeated hour', () => {
    const header = 'DateTime,Hour,Total\n';
    const h = parsePsapHourly([`${header}10/26/2025 00:00,00,44\n10/26/2025 1:00,1,30\n`, `${header}10/27/2025 23:00,23,12\n`]);
    expect(h.intervalMinutes).toBe(60);
    expect(h.days.map((d) => d.day)).toEqual(['2025-10-26', '2025-10-27']);
    expect(h.days[0].counts.slice(0, 2)).toEqual([44, 30]);
    expect(h.days[1].counts[23]).toBe(12);
    expect(() => parsePsapHourly([`${header}10/26/2025 0:00,0,1\n10/26/2025 00:00,0,2\n`])).toThrow(/line 3: hour 2025-10-26 0 is given twice/);
    expect(() => parsePsapHourly(['DateTime,Hour\n'])).toThrow(ForecastInputError);
  });

  it('validates a history, naming the field', () => {
    expect(() => validateHistory({ intervalMinutes: 30, timeZone: 'UTC', days: [{ day: '2025-03-01', counts: [1] }] })).toThrow(/^history\.days\[0\]\.counts must have 48/);
    const counts = new Array<number>(48).fill(0);
    expect(() => validateHistory({ intervalMinutes: 30, timeZone: 'UTC', days: [{ day: '2025-03-02', counts }, { day: '2025-03-01', counts }] })).toThrow(/^history\.days\[1\]\.day/);
    expect(() => validateHistory({ intervalMinutes: 30, timeZone: 'UTC', days: [{ day: '2025-03-01', counts: [...counts.slice(1), -1] }] })).toThrow(/counts\[47\]/);
    expect(() => validateHistory({ intervalMinutes: 7, timeZone: 'UTC', days: [] })).toThrow(/^intervalMinutes/);
  });
});

describe('summarizeCalls: the model inputs measured from call records', () => {
  const base = at('2025-03-03T02:00:00Z'); // 10:00 Asia/Shanghai, interval 20
  const calls: CallHistoryRecord[] = [
    { offeredAt: base, outcome: 'answered', waitSeconds: 30, talkSeconds: 200, wrapSeconds: 40 },
    { offeredAt: base + 60_000, outcome: 'answered', waitSeconds: 0, talkSeconds: 100, wrapSeconds: null },
    { offeredAt: base + 120_000, outcome: 'answered', waitSeconds: 10, talkSeconds: 0 }, // a 0 s handle time: a record artefact
    { offeredAt: base + 180_000, outcome: 'abandoned', abandonWhere: 'queue', waitSeconds: 80 },
    { offeredAt: base + 240_000, outcome: 'abandoned', abandonWhere: 'ivr' },
    { offeredAt: base + 3_600_000, outcome: 'ivr' }, // 11:00, interval 22
    { offeredAt: base + 3_660_000, outcome: 'pending' },
  ];
  const s = summarizeCalls(calls, { timeZone: 'Asia/Shanghai' });

  it('counts every request, pending included, in its arrival interval', () => {
    expect(s.history.days).toHaveLength(1);
    expect(s.history.days[0].counts[20]).toBe(5);
    expect(s.history.days[0].counts[22]).toBe(2);
  });

  it('AHT = mean talk + wrap of answered calls with a handle time; per interval credibility-weighted towards it', () => {
    expect(s.aht).toMatchObject({ calls: 2, ahtSeconds: 170 });
    expect(s.ahtByInterval![20]).toBeCloseTo((340 + 30 * 170) / (2 + 30), 12);
    expect(s.ahtByInterval![0]).toBe(170);
  });

  it('patience = Σ waits of answered and queue-abandoned calls / queue abandons (libs/erlang estimatePatience)', () => {
    expect(s.patience).toMatchObject({ kind: 'estimated', abandoned: 1, totalWaitSeconds: 120, patienceSeconds: 120, calls: 4 });
  });

  it('shares of settled requests reaching the agents and ending in the IVR, overall and per interval', () => {
    expect(s.shares).toMatchObject({ requests: 6, agentOffered: 4, agentAnswered: 3, ivrAnswered: 1, abandonedInQueue: 1, abandonedInIvr: 1, pending: 1 });
    expect(s.shares.agentShare).toBeCloseTo(4 / 6, 12);
    expect(s.shares.ivrAnsweredShare).toBeCloseTo(1 / 6, 12);
    expect(s.sharesByInterval.agentShare[20]).toBeCloseTo(4 / 5, 12);
    expect(s.sharesByInterval.ivrAnsweredShare[22]).toBe(1);
    expect(s.sharesByInterval.agentShare[0]).toBeCloseTo(4 / 6, 12); // no call there: the overall share
  });

  it('with no answered or queued call there is no AHT and no patience', () => {
    const none = summarizeCalls([{ offeredAt: base, outcome: 'ivr' }]);
    expect(none.aht).toBeNull();
    expect(none.ahtByInterval).toBeNull();
    expect(none.patience).toBeNull();
  });
});
