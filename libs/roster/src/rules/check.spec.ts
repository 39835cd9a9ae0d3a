import { prepareProblem } from '../model/problem';
import { checkRoster } from './check';
import { hourlyShiftTemplates, twelveHourTemplates } from '../model/shifts';
import type { Agent, Roster, RosterProblem, RuleFamily } from '../types';

const START = '2025-11-03'; // a Monday; 2025-11-03..16 has 10 official working days

function problem(days: number, agents: Agent[], extra: Partial<RosterProblem> = {}): RosterProblem {
  return {
    startDate: START,
    days,
    agents,
    forecast: { offered: new Array<number>(days * 48).fill(1), ahtSeconds: 180, patienceSeconds: 300 },
    templates: [...hourlyShiftTemplates(), ...twelveHourTemplates()],
    rules: { minOnDuty: 0, maxHoursShortfall: 1000 },
    training: null,
    ...extra,
  };
}

function roster(days: number, rows: Record<string, (string | null)[]>): Roster {
  return { startDate: START, days, rows: Object.entries(rows).map(([agentId, cells]) => ({ agentId, cells: [...cells, ...new Array<null>(days - cells.length).fill(null)] })), training: [] };
}

const rules = (p: RosterProblem, r: Roster): RuleFamily[] => checkRoster(prepareProblem(p), r).map((v) => v.rule);

describe('checkRoster', () => {
  it('finds nothing wrong with a legal week', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }]);
    expect(checkRoster(prepareProblem(p), roster(7, { a: ['08-16', '08-16', '08-16', '08-16', '08-16', null, null] }))).toEqual([]);
  });

  it('minimum rest between shifts, with the agent and the date of the second shift', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }]);
    const v = checkRoster(prepareProblem(p), roster(7, { a: ['16-00', '08-16'] }));
    expect(v).toEqual([expect.objectContaining({ rule: 'min-rest', agentId: 'a', date: '2025-11-04', amount: 4 })]);
  });

  it('minimum rest counts the last shift of the previous period from the ledger', () => {
    const tail = { workedDays: new Array(7).fill(false), nightDays: new Array(7).fill(false), restDays: new Array(7).fill(true), lastShiftEndMinute: -120 };
    const p = problem(7, [{ id: 'a', name: 'A' }], { ledger: { through: START, agents: { a: { periods: 1, counts: { nights: 0, weekends: 0, holidays: 0 }, balance: { nights: 0, weekends: 0, holidays: 0 }, tail } } } });
    expect(checkRoster(prepareProblem(p), roster(7, { a: ['06-14'] }))).toEqual([expect.objectContaining({ rule: 'min-rest', date: START, amount: 4 })]);
    // The same ledger for a period that does not follow it is ignored.
    expect(rules({ ...p, ledger: { ...p.ledger!, through: '2025-10-01' } }, roster(7, { a: ['06-14'] }))).toEqual([]);
  });

  it('seven working days in a row break the rest day in seven and the consecutive-days limit', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }], { rules: { minOnDuty: 0, maxHoursShortfall: 1000, maxOvertimeHoursPerMonth: 200 } });
    const v = checkRoster(prepareProblem(p), roster(7, { a: new Array(7).fill('08-16') }));
    expect(v.map((x) => x.rule).sort()).toEqual(['max-consecutive-days', 'rest-day-in-seven']);
    expect(v.every((x) => x.agentId === 'a' && x.date === '2025-11-09')).toBe(true);
  });

  it('a night shift uses the morning of the next day: six nights leave no rest day in the week', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }]);
    const v = rules(p, roster(7, { a: ['22-06', '22-06', '22-06', '22-06', '22-06', '22-06', null] }));
    expect(v.sort()).toEqual(['max-consecutive-nights', 'rest-day-in-seven']);
  });

  it('no night work once she is seven months pregnant, nor while nursing an infant under one', () => {
    const pregnant = problem(7, [{ id: 'a', name: 'A', pregnantSevenMonthsFrom: '2025-11-05' }]);
    // 16-00 on the 4th is before the protection; on the 6th it has two hours of night work.
    const v = checkRoster(prepareProblem(pregnant), roster(7, { a: [null, '16-00', null, '16-00', null, '08-16'] }));
    expect(v).toEqual([expect.objectContaining({ rule: 'protected-night', agentId: 'a', date: '2025-11-06', amount: 2 })]);
    const nursing = problem(7, [{ id: 'a', name: 'A', nursingInfantBirthDate: '2024-11-06' }]);
    // Until the first birthday (2025-11-06): a night shift on the 4th breaks it, one on the 6th does not.
    expect(checkRoster(prepareProblem(nursing), roster(7, { a: [null, '22-06', null, '22-06'] })).map((x) => x.date)).toEqual(['2025-11-04', '2025-11-05']);
  });

  it('no work on leave, including the morning of a night shift begun the day before', () => {
    const p = problem(7, [{ id: 'a', name: 'A', unavailable: [{ from: '2025-11-07', to: '2025-11-07', kind: 'annual-leave' }] }]);
    expect(checkRoster(prepareProblem(p), roster(7, { a: [null, null, null, '20-04'] }))).toEqual([expect.objectContaining({ rule: 'unavailable', date: '2025-11-07' })]);
  });

  it('hours: overtime above the cap, protected overtime, too few hours', () => {
    // 14 days: standard 80 h, overtime cap 36 x 14 / 30.4375 = 16.5 h.
    const twelve = ['08-20', '08-20', '08-20', '08-20', '08-20', null, null, '08-20', '08-20', '08-20', '08-20', '08-20'];
    const p = problem(14, [{ id: 'a', name: 'A' }, { id: 'b', name: 'B', nursingInfantBirthDate: '2025-03-01' }, { id: 'c', name: 'C' }], { rules: { minOnDuty: 0, maxHoursShortfall: 8 } });
    const prepared = prepareProblem(p);
    expect(prepared.agents[0].standardHours).toBe(80);
    expect(prepared.agents[0].overtimeCap).toBe(16.5);
    const v = checkRoster(prepared, roster(14, { a: twelve, b: ['08-16', '08-16', '08-16', '08-16', '08-16', null, null, '08-16', '08-16', '08-16', '08-16', '08-16', '08-16'], c: ['08-16', '08-16'] }));
    expect(v).toEqual([
      expect.objectContaining({ rule: 'overtime-cap', agentId: 'a', amount: 23.5 }),
      expect.objectContaining({ rule: 'protected-overtime', agentId: 'b', amount: 8 }),
      expect.objectContaining({ rule: 'min-hours', agentId: 'c', amount: 56 }),
    ]);
  });

  it('people on duty: each uncovered run of intervals once, with its date and time', () => {
    const p = problem(1, [{ id: 'a', name: 'A' }], { rules: { minOnDuty: 1, maxHoursShortfall: 1000 } });
    const v = checkRoster(prepareProblem(p), roster(1, { a: ['08-16'] }));
    expect(v.map((x) => `${x.rule} ${x.date} ${x.time}`)).toEqual(['min-on-duty 2025-11-03 00:00', 'min-on-duty 2025-11-03 16:00']);
  });

  it('training: a session in each half of the period, attendees on duty for the whole of it, everyone attending one', () => {
    const p = problem(14, [{ id: 'm', name: 'M', floorManager: true, seatShare: 0.5 }, { id: 'a', name: 'A' }, { id: 'b', name: 'B' }], { training: {} });
    const base = roster(14, { m: ['08-16', '08-16'], a: ['08-16'], b: [null, '10-18'] });
    expect(rules(p, base).filter((r) => r === 'training')).toHaveLength(4); // two sessions missing, a and b untrained
    const withSessions: Roster = {
      ...base,
      training: [
        { date: '2025-11-03', start: '09:00', durationMinutes: 120, attendees: ['a'], trainerId: 'm' },
        { date: '2025-11-04', start: '09:00', durationMinutes: 120, attendees: ['b'], trainerId: 'm' }, // b starts at 10:00; second half missing
      ],
    };
    const v = checkRoster(prepareProblem(p), withSessions).filter((x) => x.rule === 'training');
    expect(v.map((x) => x.message)).toEqual([
      'no training session between 2025-11-10 and 2025-11-16 (session 2 of 2)',
      'B attends the session of 2025-11-04 09:00 but is not on duty for all of it',
    ]);
  });

  it('locked cells the roster does not keep', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }], { locks: [{ agentId: 'a', date: '2025-11-04', code: '08-16' }] });
    expect(checkRoster(prepareProblem(p), roster(7, { a: ['08-16'] }))).toEqual([expect.objectContaining({ rule: 'lock', date: '2025-11-04' })]);
  });

  it('unknown shift codes are reported, and a roster for another period is refused', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }]);
    expect(rules(p, roster(7, { a: ['XX'] }))).toEqual(['unknown-shift']);
    expect(() => checkRoster(prepareProblem(p), { ...roster(7, { a: [] }), startDate: '2025-11-04' })).toThrow('roster covers 2025-11-04');
  });
});

describe('prepareProblem', () => {
  it('names the field of a bad input', () => {
    const p = problem(7, [{ id: 'a', name: 'A' }]);
    expect(() => prepareProblem({ ...p, agents: [{ id: 'a', name: 'A', seatShare: 2 }] })).toThrow('agents[0].seatShare must be');
    expect(() => prepareProblem({ ...p, forecast: { ...p.forecast, offered: [1, 2] } })).toThrow('forecast.offered must have days x 48 = 336 values');
    expect(() => prepareProblem({ ...p, locks: [{ agentId: 'z', date: START, code: null }] })).toThrow('locks[0].agentId is not an agent');
    expect(() => prepareProblem({ ...p, agents: [{ id: 'a', name: 'A', unavailable: [{ from: START, to: START, kind: 'annual-leave' }] }], locks: [{ agentId: 'a', date: START, code: '08-16' }] })).toThrow('locks[0].code puts a on 08-16');
  });

  it('standard hours follow the official calendar (National Day week) and leave', () => {
    const p = prepareProblem({
      ...problem(14, [{ id: 'a', name: 'A' }, { id: 'b', name: 'B', unavailable: [{ from: '2025-10-09', to: '2025-10-12', kind: 'annual-leave' }] }]),
      startDate: '2025-09-29',
    });
    // 2025-09-29..10-12: working days 29, 30 Sep, 9, 10, 11 (make-up Saturday) Oct = 5 days = 40 h.
    expect(p.agents[0].standardHours).toBe(40);
    // b's leave covers 3 official working days (9, 10, 11 Oct) and a Sunday.
    expect(p.agents[1].standardHours).toBe(16);
    expect(p.holiday.filter((h) => h !== null)).toHaveLength(4); // 1, 2, 3 and 6 October
  });
});
