/**
 * The roster as the notice-board sheet planners print and type in: one row per agent (ID, name, one cell per day
 * with the shift code, 休 for a rest day, 假 for leave), and a second table of the training sessions. Cells only —
 * the caller (API, console) turns the grid into an .xlsx workbook and back.
 */
import { weekday } from './rules/calendar';
import { RosterInputError } from './errors';
import type { PreparedProblem } from './model/problem';
import { minuteOfDay } from './model/shifts';
import type { Roster, TrainingSession } from './types';

/** Title of the roster sheet and of the training sheet. */
export const SHEET_NAMES = { roster: '排班表', training: '培训' } as const;
/** Cell text of a rest day and of a leave day. */
export const REST = '休';
export const LEAVE = '假';
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const ID_HEADER = '工号 ID';
const TRAINING_HEADER = ['日期 Date', '开始 Start', '时长(分钟) Minutes', '参加 Attendees', '主讲 Trainer'];

/** Both tables of the sheet, as rows of text cells. */
export interface RosterGrid {
  roster: string[][];
  training: string[][];
}

/** Column letter of a zero-based column index (A, B, ..., Z, AA, ...). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The notice-board grid of a roster.
 * @returns `roster`: a title row, a header row (ID, name, `MM-DD 一` per day), one row per agent; `training`: a
 *   header row and one row per session.
 */
export function rosterToGrid(p: PreparedProblem, roster: Roster): RosterGrid {
  const dates = p.dates.slice(0, p.days);
  const grid: string[][] = [
    [`${SHEET_NAMES.roster} Roster`, `${dates[0]} – ${dates[dates.length - 1]}`],
    [ID_HEADER, '姓名 Name', ...dates.map((d) => `${d.slice(5)} ${WEEKDAYS[weekday(d)]}`)],
  ];
  for (const row of roster.rows) {
    const a = p.agentIndex.get(row.agentId);
    const agent = a === undefined ? undefined : p.agents[a];
    grid.push([row.agentId, agent?.name ?? row.agentId, ...row.cells.map((c, d) => c ?? (agent?.unavailable[d] ? LEAVE : REST))]);
  }
  const training = [TRAINING_HEADER, ...roster.training.map((t) => [t.date, t.start, String(t.durationMinutes), t.attendees.join(', '), t.trainerId ?? ''])];
  return { roster: grid, training };
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

/**
 * Reads a roster back from its grid (as printed by {@link rosterToGrid}, or typed in by a planner).
 *
 * The header row is the one whose first cell is `工号 ID` (or `ID`); its day columns must be the period's days in
 * order (`MM-DD`, anything after is ignored), with nothing right of the last one. Each following row with an ID in
 * column A is an agent of the problem; a cell is a shift code, or empty / 休 / 假 / `-` for no shift. Every agent of
 * the problem must have a row.
 *
 * @throws RosterInputError naming the cell (`排班表!D5`) of an unknown code, agent or day.
 */
export function rosterFromGrid(p: PreparedProblem, grid: RosterGrid): Roster {
  const sheet = SHEET_NAMES.roster;
  const headerRow = grid.roster.findIndex((r) => /^(工号\s*)?ID$/i.test((r[0] ?? '').trim()));
  if (headerRow < 0) throw new RosterInputError('invalid', sheet, `has no header row starting with "${ID_HEADER}"`);
  const header = grid.roster[headerRow];
  for (let d = 0; d < p.days; d++) {
    const cell = (header[d + 2] ?? '').trim();
    if (!cell.startsWith(p.dates[d].slice(5))) throw new RosterInputError('inconsistent', `${sheet}!${columnLetter(d + 2)}${headerRow + 1}`, `should be the day ${p.dates[d].slice(5)} (got "${cell}")`);
  }
  // Nothing may stand right of the period: a day added by hand would otherwise be dropped without a word.
  const beyond = (line: string[], r: number): void => {
    const c = line.findIndex((x, i) => i >= p.days + 2 && !blank(x));
    if (c >= 0) throw new RosterInputError('inconsistent', `${sheet}!${columnLetter(c)}${r + 1}`, `is beyond the period's last day ${p.dates[p.days - 1].slice(5)} ("${line[c].trim()}")`);
  };
  beyond(header, headerRow);
  const rows: Roster['rows'] = [];
  const seen = new Set<string>();
  for (let r = headerRow + 1; r < grid.roster.length; r++) {
    const line = grid.roster[r];
    const id = (line[0] ?? '').trim();
    if (id === '') continue;
    if (!p.agentIndex.has(id)) throw new RosterInputError('unknown', `${sheet}!A${r + 1}`, `is not an agent of the roster (${id})`);
    if (seen.has(id)) throw new RosterInputError('inconsistent', `${sheet}!A${r + 1}`, `repeats the agent ${id}`);
    seen.add(id);
    beyond(line, r);
    const cells = Array.from({ length: p.days }, (_, d) => {
      const raw = (line[d + 2] ?? '').trim();
      if (blank(raw) || raw === REST || raw === LEAVE || raw === '-' || raw === '--') return null;
      if (!p.shiftIndex.has(raw)) throw new RosterInputError('unknown', `${sheet}!${columnLetter(d + 2)}${r + 1}`, `is not a shift code (${raw})`);
      return raw;
    });
    rows.push({ agentId: id, cells });
  }
  const missing = p.agents.filter((a) => !seen.has(a.id)).map((a) => a.id);
  if (missing.length) throw new RosterInputError('inconsistent', sheet, `has no row for ${missing.join(', ')}`);
  rows.sort((x, y) => (p.agentIndex.get(x.agentId) as number) - (p.agentIndex.get(y.agentId) as number));
  const training: TrainingSession[] = [];
  grid.training.forEach((line, r) => {
    if (r === 0 && (line[0] ?? '').trim().startsWith('日期')) return;
    if (line.every(blank)) return;
    const at = (c: number): string => `${SHEET_NAMES.training}!${columnLetter(c)}${r + 1}`;
    const date = (line[0] ?? '').trim();
    const d = p.dates.indexOf(date);
    if (d < 0 || d >= p.days) throw new RosterInputError('inconsistent', at(0), `is not a day of the period (${date})`);
    const start = (line[1] ?? '').trim();
    minuteOfDay(start, at(1));
    const minutes = Number((line[2] ?? '').trim());
    if (!Number.isInteger(minutes) || minutes <= 0 || minutes % 30 !== 0) throw new RosterInputError('invalid', at(2), `must be a whole number of minutes, a multiple of 30 (got ${line[2] ?? ''})`);
    const ids = (line[3] ?? '').split(/[,，\s]+/).filter((x) => x !== '');
    ids.forEach((id) => {
      if (!p.agentIndex.has(id)) throw new RosterInputError('unknown', at(3), `names an unknown agent (${id})`);
    });
    const trainer = (line[4] ?? '').trim();
    if (trainer !== '' && !p.agentIndex.has(trainer)) throw new RosterInputError('unknown', at(4), `is not an agent (${trainer})`);
    training.push({ date, start, durationMinutes: minutes, attendees: ids, ...(trainer ? { trainerId: trainer } : {}) });
  });
  return { startDate: p.startDate, days: p.days, rows, training };
}
