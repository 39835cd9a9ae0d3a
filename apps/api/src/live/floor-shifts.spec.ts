import { shiftsOfDay, type PublishedRow } from './floor-shifts.js';

const problem = (templates?: { code: string; start: string; durationMinutes: number }[]) => ({
  startDate: '2026-12-06', days: 3,
  agents: [{ id: 'A1', name: '坐席一' }, { id: 'A2', name: '坐席二' }, { id: 'A3', name: '坐席三' }],
  forecast: { offered: [1], ahtSeconds: 180, patienceSeconds: 300 },
  ...(templates ? { templates } : {}),
});
const row = (cells: Record<string, (string | null)[]>, templates?: { code: string; start: string; durationMinutes: number }[]): PublishedRow => ({
  id: 7,
  roster: { name: 'r', startDate: '2026-12-06', days: 3 },
  content: { startDate: '2026-12-06', days: 3, rows: Object.entries(cells).map(([agentId, c]) => ({ agentId, cells: c })), training: [] },
  problem: problem(templates),
});

describe('the published roster on the floor', () => {
  it("lays out the day's shifts in Shanghai time, with last night's shift still running, the default 8-hour codes", () => {
    const shifts = shiftsOfDay(row({ A1: [null, '08-16', null], A2: ['22-06', null, '休'], A3: ['08-16', '假', '16-00'] }), '2026-12-07', 'Asia/Shanghai');
    expect(shifts).toEqual([
      // 22-06 of the 6th runs until 06:00 of the 7th (22:00 UTC of the 5th + 8 h)
      { agentId: 'A2', name: '坐席二', code: '22-06', start: Date.parse('2026-12-06T14:00:00Z'), end: Date.parse('2026-12-06T22:00:00Z') },
      { agentId: 'A1', name: '坐席一', code: '08-16', start: Date.parse('2026-12-07T00:00:00Z'), end: Date.parse('2026-12-07T08:00:00Z') },
    ]);
  });

  it("uses the problem's own templates, and skips a version whose JSON does not parse", () => {
    const shifts = shiftsOfDay(row({ A1: [null, 'D', null] }, [{ code: 'D', start: '09:30', durationMinutes: 600 }]), '2026-12-07', 'Asia/Shanghai');
    expect(shifts).toEqual([{ agentId: 'A1', name: '坐席一', code: 'D', start: Date.parse('2026-12-07T01:30:00Z'), end: Date.parse('2026-12-07T11:30:00Z') }]);
    expect(shiftsOfDay({ ...row({ A1: [null, 'D', null] }), content: { rows: 'nope' } }, '2026-12-07', 'Asia/Shanghai')).toBeNull();
    // a day outside the period: no shift
    expect(shiftsOfDay(row({ A1: ['08-16', '08-16', '08-16'] }), '2026-12-20', 'Asia/Shanghai')).toEqual([]);
  });
});
