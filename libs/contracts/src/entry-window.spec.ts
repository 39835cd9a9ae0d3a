import { entryDayProblem, entryWindow, previousQuarterStart } from './entry-window';
import { RegisterInstant } from './registers';

describe('the window of dates an entry may carry', () => {
  it('starts at the first day of the previous quarter, across a year boundary too', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-06-30', '2026-07-15', '2026-12-07'].map(previousQuarterStart)).toEqual([
      '2025-10-01', '2025-10-01', '2026-01-01', '2026-01-01', '2026-04-01', '2026-07-01',
    ]);
  });

  it('ends today for what happened, 730 days ahead for planned things; the forecast reaches 728 days back', () => {
    expect(entryWindow('happened', '2026-12-07')).toMatchObject({ from: '2026-07-01', to: '2026-12-07' });
    expect(entryWindow('planned', '2026-12-07')).toMatchObject({ from: '2026-07-01', to: '2028-12-06' });
    expect(entryWindow('forecastMark', '1999-02-21')).toMatchObject({ from: '1997-02-23', to: '1999-02-21' });
    expect(entryWindow('forecastSpecialDay', '2028-02-29')).toMatchObject({ from: '2026-03-03', to: '2030-02-28' });
    // outages count their quarters from the ledger's feed clock, and end at the later clock
    expect(entryWindow('outage', '2026-12-07', '1999-02-21')).toMatchObject({ from: '1998-10-01', to: '2026-12-07' });
  });

  it('says which side a day falls off, naming the window; last month and the window\'s edges are in it', () => {
    expect(entryDayProblem('happened', '1999-01-01', '2026-12-07')).toEqual({
      side: 'before',
      message: '1999-01-01 is too far back: entries are dated from 2026-07-01 (the start of the quarter before the feed clock\'s) to 2026-12-07 (today)',
    });
    expect(entryDayProblem('happened', '2026-12-08', '2026-12-07')?.side).toBe('after');
    expect(entryDayProblem('planned', '2029-01-01', '2026-12-07')?.message).toMatch(/to 2028-12-06 \(730 days after today\)$/);
    for (const day of ['2026-07-01', '2026-11-05', '2026-12-07']) expect(entryDayProblem('happened', day, '2026-12-07')).toBeUndefined();
  });
});

describe('an impossible date and time', () => {
  it('is refused as not a valid date, and only that (no range check on its roll-over)', () => {
    const r = RegisterInstant.refine(() => false, 'never reached').safeParse('2026-02-30T10:00:00Z');
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['not a valid date and time: expected ISO 8601 with its offset (2026-10-03T10:30:00+08:00)']);
  });
});
