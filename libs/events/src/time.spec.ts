import { dayKey, intervalLabel, intervalStart, localToInstant, monthKey, startOfDay } from './time';
import { nextDay } from './calendar';

describe('calendar buckets in the hotline zone', () => {
  it('Asia/Shanghai: a UTC evening is the next local day', () => {
    const t = new Date('2026-11-29T18:10:00Z');
    expect(dayKey(t, 'Asia/Shanghai')).toBe('2026-11-30');
    expect(monthKey(new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(intervalStart(t, 'Asia/Shanghai').toISOString()).toBe('2026-11-29T18:00:00.000Z');
    expect(intervalLabel(intervalStart(t, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('02:00');
    expect(startOfDay('2026-11-30', 'Asia/Shanghai').toISOString()).toBe('2026-11-29T16:00:00.000Z');
  });
  it('zones with daylight saving: the 30-minute grid follows local time', () => {
    expect(intervalStart(new Date('2025-11-02T06:45:00Z'), 'America/New_York').toISOString()).toBe('2025-11-02T06:30:00.000Z');
    expect(localToInstant({ year: 2025, month: 7, day: 1, hour: 12, minute: 0, second: 0, millisecond: 0 }, 'America/New_York').toISOString()).toBe('2025-07-01T16:00:00.000Z');
  });
  it('calendar arithmetic and validation', () => {
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2024-12-31')).toBe('2025-01-01');
    expect(() => startOfDay('2024-02-30', 'UTC')).toThrow(RangeError);
  });
});
