import { RosterInputError } from './errors';
import { prepareProblem } from './model/problem';
import { LEAVE, REST, rosterFromGrid, rosterToGrid, columnLetter } from './sheet';
import type { Roster } from './types';

const p = prepareProblem({
  startDate: '2025-11-03',
  days: 3,
  agents: [
    { id: 'a', name: '甲' },
    { id: 'b', name: '乙', unavailable: [{ from: '2025-11-04', to: '2025-11-04', kind: 'annual-leave' }] },
  ],
  forecast: { offered: new Array(144).fill(1), ahtSeconds: 180, patienceSeconds: 300 },
});
const roster: Roster = {
  startDate: '2025-11-03',
  days: 3,
  rows: [
    { agentId: 'a', cells: ['08-16', null, '22-06'] },
    { agentId: 'b', cells: ['00-08', null, null] },
  ],
  training: [{ date: '2025-11-03', start: '09:00', durationMinutes: 120, attendees: ['a'], trainerId: 'b' }],
};

describe('the notice-board grid', () => {
  it('prints codes, 休 for rest and 假 for leave, with dated headers, and reads them back unchanged', () => {
    const grid = rosterToGrid(p, roster);
    expect(grid.roster[1]).toEqual(['工号 ID', '姓名 Name', '11-03 一', '11-04 二', '11-05 三']);
    expect(grid.roster[2]).toEqual(['a', '甲', '08-16', REST, '22-06']);
    expect(grid.roster[3]).toEqual(['b', '乙', '00-08', LEAVE, REST]);
    expect(grid.training[1]).toEqual(['2025-11-03', '09:00', '120', 'a', 'b']);
    expect(rosterFromGrid(p, grid)).toEqual(roster);
  });

  it('accepts what a planner types: blank cells, rows in another order, extra text after the date', () => {
    const grid = rosterToGrid(p, roster);
    const typed = { roster: [grid.roster[1].map((h) => (h.startsWith('11-') ? `${h} 周` : h)), grid.roster[3], ['', ''], [...grid.roster[2].slice(0, 3), '', '  22-06 ']], training: [] };
    const back = rosterFromGrid(p, typed);
    expect(back.rows.map((r) => r.agentId)).toEqual(['a', 'b']);
    expect(back.rows[0].cells).toEqual(['08-16', null, '22-06']);
    expect(back.training).toEqual([]);
  });

  it('names the cell of an unknown code, agent or day, or of anything beyond the period', () => {
    const grid = rosterToGrid(p, roster);
    const bad = (edit: (g: string[][]) => void): string => {
      const g = grid.roster.map((r) => [...r]);
      edit(g);
      try {
        rosterFromGrid(p, { roster: g, training: grid.training });
      } catch (e) {
        if (e instanceof RosterInputError) return e.field;
        throw e;
      }
      return 'no error';
    };
    expect(bad((g) => (g[2][3] = 'XX'))).toBe('排班表!D3');
    expect(bad((g) => (g[3][0] = 'zz'))).toBe('排班表!A4');
    expect(bad((g) => (g[1][4] = '11-09'))).toBe('排班表!E2');
    expect(bad((g) => g.splice(3, 1))).toBe('排班表');
    // A day added right of the period, in the header or in a row, is refused rather than dropped.
    expect(bad((g) => (g[1][5] = '11-06'))).toBe('排班表!F2');
    expect(bad((g) => (g[2][5] = '08-16'))).toBe('排班表!F3');
    expect(bad((g) => (g[2][5] = '  '))).toBe('no error');
    expect(columnLetter(27)).toBe('AB');
  });
});
