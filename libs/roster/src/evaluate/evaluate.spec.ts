import { expectedOutcomes, staffErlangA } from '@hotline/erlang';
import { evaluateRoster } from './evaluate';
import { prepareProblem } from '../model/problem';
import type { Agent, Roster, RosterProblem } from '../types';

const START = '2025-11-03';

function problem(days: number, agents: Agent[], offered: number[], extra: Partial<RosterProblem> = {}): RosterProblem {
  return { startDate: START, days, agents, forecast: { offered, ahtSeconds: 180, patienceSeconds: 240 }, rules: { minOnDuty: 0, maxHoursShortfall: 1000 }, training: null, ...extra };
}

const roster = (days: number, rows: Record<string, (string | null)[]>, start = START): Roster => ({
  startDate: start,
  days,
  rows: Object.entries(rows).map(([agentId, cells]) => ({ agentId, cells: [...cells, ...new Array<null>(days - cells.length).fill(null)] })),
  training: [],
});

describe('evaluateRoster', () => {
  const offered = Array.from({ length: 48 }, (_, i) => (i >= 16 && i < 40 ? 12 : 2)); // busy 08:00-20:00

  it('gives each interval the Erlang A outcome of its productive agents and the period Σ answered / Σ offered', () => {
    const p = problem(1, [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }], offered);
    const ev = evaluateRoster(p, roster(1, { a: ['08-16'], b: ['12-20'] }));
    const agentsAt = (i: number): number => (i >= 16 && i < 32 ? 1 : 0) + (i >= 24 && i < 40 ? 1 : 0);
    const expected = expectedOutcomes({ intervalMinutes: 30, ahtSeconds: 180, patienceSeconds: 240, intervals: offered.map((c, i) => ({ callsPerInterval: c, agents: agentsAt(i) })) });
    ev.intervals.forEach((iv, i) => {
      expect(iv.productive).toBe(agentsAt(i));
      expect(iv.answered).toBeCloseTo(expected.intervals[i].expectedAnswered, 9);
    });
    expect(ev.total.connectRate).toBeCloseTo(expected.total.connectRate, 12);
    expect(ev.days[0].connectRate).toBeCloseTo(expected.total.connectRate, 12);
    expect(ev.intervals[0].atRisk).toBe(true); // nobody on duty at midnight
    expect(ev.atRisk[0].abandoned).toBeGreaterThanOrEqual(ev.atRisk[ev.atRisk.length - 1].abandoned);
  });

  it('a floor manager at half a seat answers half way between 0 and 1 agent', () => {
    const p = problem(1, [{ id: 'm', name: 'M', seatShare: 0.5, floorManager: true }], offered);
    const ev = evaluateRoster(p, roster(1, { m: ['08-16'] }));
    const one = expectedOutcomes({ intervalMinutes: 30, ahtSeconds: 180, patienceSeconds: 240, intervals: [{ callsPerInterval: 12, agents: 1 }] }).intervals[0].expectedAnswered;
    expect(ev.intervals[20].productive).toBe(0.5);
    expect(ev.intervals[20].onDuty).toBe(1);
    expect(ev.intervals[20].answered).toBeCloseTo(one / 2, 12);
  });

  it('the contract rate counts IVR-answered calls in numerator and denominator', () => {
    const p = problem(1, [{ id: 'a', name: 'A' }], offered, { forecast: { offered, ivrAnswered: new Array(48).fill(3), ahtSeconds: 180, patienceSeconds: 240 } });
    const ev = evaluateRoster(p, roster(1, { a: ['08-16'] }));
    expect(ev.total.ivrAnswered).toBe(144);
    expect(ev.total.contractConnectRate).toBeCloseTo((ev.total.answered + 144) / (ev.total.offered + 144), 12);
    expect(ev.total.contractConnectRate).toBeGreaterThan(ev.total.connectRate);
    expect(ev.marginCalls).toBeCloseTo(ev.total.answered + 144 - 0.9 * (ev.total.offered + 144), 9);
  });

  it('training takes its attendees and trainer off the phones for the session', () => {
    const p = problem(1, [{ id: 'm', name: 'M', floorManager: true, seatShare: 0.5 }, { id: 'a', name: 'A' }, { id: 'b', name: 'B' }], offered);
    const r: Roster = { ...roster(1, { m: ['08-16'], a: ['08-16'], b: ['08-16'] }), training: [{ date: START, start: '09:00', durationMinutes: 120, attendees: ['a'], trainerId: 'm' }] };
    const ev = evaluateRoster(p, r);
    expect(ev.intervals[17].productive).toBe(2.5); // 08:30
    expect(ev.intervals[18].productive).toBe(1); // 09:00: only b
    expect(ev.intervals[18].onDuty).toBe(1);
    expect(ev.intervals[22].productive).toBe(2.5); // 11:00
  });

  it('requirement per interval: the Erlang A staffing for the target connect rate', () => {
    const p = problem(1, [{ id: 'a', name: 'A' }], offered);
    const ev = evaluateRoster(p, roster(1, { a: ['08-16'] }));
    const need = staffErlangA({ callsPerInterval: 12, intervalMinutes: 30, ahtSeconds: 180, patienceSeconds: 240, targetSeconds: 20, minConnectRate: 0.9 }).requiredAgents;
    expect(ev.intervals[20].required).toBe(need);
  });

  it('prices statutory holiday hours at 300 % and overtime at 150 % as decimal strings', () => {
    // 2025-09-29..10-05: 2 official working days (16 h standard); 1-3 October are statutory holidays.
    const p: RosterProblem = { ...problem(7, [{ id: 'a', name: 'A', hourlyRate: '32.50' }], new Array(7 * 48).fill(1)), startDate: '2025-09-29', rules: { minOnDuty: 0, maxHoursShortfall: 1000, maxOvertimeHoursPerMonth: 200 } };
    const ev = evaluateRoster(p, roster(7, { a: ['08-16', '08-16', '08-16', '08-16', '20-04'] }, '2025-09-29'));
    const a = ev.agents[0];
    expect(a.hours).toBe(40);
    expect(a.standardHours).toBe(16);
    expect(a.overtimeHours).toBe(24);
    // Holiday hours: 1 and 2 October, and 4 hours of 3 October (20:00-24:00); 4 October is not statutory.
    expect(a.holidayHours).toBe(20);
    expect(a.holidayPay).toBe('1950.00'); // 20 h x 32.50 x 3
    expect(a.overtimePay).toBe('195.00'); // (24 − 20) h x 32.50 x 1.5
    expect(a.holidays).toBe(3);
    expect(ev.costs).toEqual({ overtimeHours: 24, holidayHours: 20, overtimePay: '195.00', holidayPay: '1950.00' });
  });

  it('fairness shares and the ledger carried to the next period', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C', pregnantSevenMonthsFrom: '2025-10-01' }], new Array(7 * 48).fill(1));
    const ev = evaluateRoster(p, roster(7, { a: ['22-06', '22-06', null, null, '08-16', '08-16'], b: ['08-16', null, '22-06'], c: ['08-16'] }));
    const rows = Object.fromEntries(ev.fairness.map((r) => [r.agentId, r]));
    expect(rows.a.counts.nights).toBe(2);
    expect(rows.c.fairShare.nights).toBe(0); // protected from nights: no share
    expect(rows.a.fairShare.nights).toBeCloseTo(1.5, 12);
    expect(rows.a.balanceAfter.nights).toBeCloseTo(0.5, 12);
    expect(rows.b.balanceAfter.nights).toBeCloseTo(-0.5, 12);
    expect(rows.a.counts.weekends).toBe(1); // 08-16 on Saturday 8 November
    expect(ev.ledger.through).toBe('2025-11-10');
    expect(ev.ledger.agents.a.tail).toEqual({
      workedDays: [true, true, false, false, true, true, false],
      nightDays: [true, true, false, false, false, false, false],
      restDays: [false, false, false, true, false, false, true],
      lastShiftEndMinute: -1440 - 480,
    });
    // The next period starts from these balances: they reach the fairness table as balanceBefore.
    const next = prepareProblem({ ...p, startDate: '2025-11-10', ledger: ev.ledger });
    expect(next.agents[0].tail?.lastShiftEndMinute).toBe(-1920);
    expect(evaluateRoster(next, roster(7, {}, '2025-11-10')).fairness[0].balanceBefore.nights).toBeCloseTo(0.5, 12);
  });
});
