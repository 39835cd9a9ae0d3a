import type { MonthState } from '@hotline/contracts';
import { DomainError } from '../common/domain-error.js';
import { assertImportable, assertMonthOver, closedFigures, hoursText, monthOfDay, monthRunning, parseImportInstant } from './register-common.js';

describe('closedFigures (what the score may use)', () => {
  const registers: { state: MonthState; figures: Record<string, number> }[] = [
    { state: 'closed', figures: { confidentialityBreaches: 1, confidentialityBreachesWithConsequences: 0 } },
    { state: 'open', figures: { reportsLate: 1, reportItemsMissing: 2, selfAssessmentLate: 0, selfAssessmentUntruthful: 0 } },
    { state: 'confirmed', figures: { trainingSessions: 2 } },
    { state: 'open', figures: { justifiedComplaints: 3 } },
  ];

  it('takes the figures of closed and confirmed registers only: an open one stays unknown (absent)', () => {
    expect(closedFigures(registers)).toEqual({ confidentialityBreaches: 1, confidentialityBreachesWithConsequences: 0, trainingSessions: 2 });
  });

  it('keeps only libs/scoring register fields, and a confirmed zero as 0', () => {
    expect(closedFigures([{ state: 'closed', figures: { justifiedComplaints: 0, somethingElse: 4 } }])).toEqual({ justifiedComplaints: 0 });
    expect(closedFigures([])).toEqual({});
  });
});

describe('registers helpers', () => {
  it('monthRunning: a blocker until the local month is over', () => {
    expect(monthRunning('2026-10', new Date('2026-10-31T15:59:59Z'), 'Asia/Shanghai')).toEqual([
      { code: 'month_running', message: 'the month runs until 2026-10-31T16:00:00.000Z', params: { until: '2026-10-31T16:00:00.000Z' } },
    ]);
    expect(monthRunning('2026-10', new Date('2026-10-31T16:00:00Z'), 'Asia/Shanghai')).toEqual([]);
  });

  it('assertMonthOver: 409 month_running naming the month until the month is over', () => {
    const refused = (() => {
      try {
        assertMonthOver('2026-10', new Date('2026-10-31T15:59:59Z'), 'Asia/Shanghai', 'the reports of');
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'month_running', status: 409, field: 'month' });
    expect(() => assertMonthOver('2026-10', new Date('2026-10-31T16:00:00Z'), 'Asia/Shanghai', 'the reports of')).not.toThrow();
  });

  it('assertImportable: 409 month_not_open naming the first month that is not open and what to do', () => {
    expect(() => assertImportable('complaints', [{ month: '2026-09', state: 'open' }])).not.toThrow();
    expect(() => assertImportable('complaints', [{ month: '2026-09', state: 'open' }, { month: '2026-10', state: 'closed' }])).toThrow(/2026-10 is closed.*reopens/);
    expect(() => assertImportable('satisfaction', [{ month: '2026-10', state: 'confirmed' }])).toThrow(/returns it/);
  });

  it('monthOfDay: the month of a calendar day; a day off the calendar is a 400 naming the field', () => {
    expect(monthOfDay('2026-10-31')).toBe('2026-10');
    expect(() => monthOfDay('2026-02-30')).toThrow(expect.objectContaining({ status: 400, field: 'date' }));
  });

  it('hoursText: minutes to hours, one decimal, half up', () => {
    expect([0, 20, 30, 45, 90, 93, 150].map(hoursText)).toEqual(['0.0', '0.3', '0.5', '0.8', '1.5', '1.6', '2.5']);
  });

  it('parseImportInstant: ISO with offset, local times and days in the zone; nonsense is null', () => {
    const tz = 'Asia/Shanghai';
    expect(parseImportInstant('2026-10-04T11:00:00+08:00', tz)?.toISOString()).toBe('2026-10-04T03:00:00.000Z');
    expect(parseImportInstant('2026-10-04T03:00:00Z', tz)?.toISOString()).toBe('2026-10-04T03:00:00.000Z');
    expect(parseImportInstant('2026-10-04 11:00', tz)?.toISOString()).toBe('2026-10-04T03:00:00.000Z');
    expect(parseImportInstant('2026/10/4 11:00:30', tz)?.toISOString()).toBe('2026-10-04T03:00:30.000Z');
    expect(parseImportInstant('2026-10-04', tz)?.toISOString()).toBe('2026-10-03T16:00:00.000Z');
    expect(parseImportInstant('2026-02-30 10:00', tz)).toBeNull();
    expect(parseImportInstant('2026-10-04 25:00', tz)).toBeNull();
    expect(parseImportInstant('yesterday', tz)).toBeNull();
  });
});
