import { ProblemBody, RosterBody } from '@hotline/contracts';
import { addDays, daysBetween, startOfDay } from '@hotline/events';
import type { PlannedShift } from '@hotline/kpi';
import { hourlyShiftTemplates, minuteOfDay, type ShiftTemplate } from '@hotline/roster';

/** A published version's period, cells and problem (the JSON columns as stored). */
export interface PublishedRow {
  id: number;
  content: unknown;
  problem: unknown;
  roster: { name: string; startDate: string; days: number };
}

/**
 * The shifts of `day` (local `YYYY-MM-DD`) in a published version: the cells of the day and of the day before
 * (a night shift crossing midnight), each code looked up in the problem's templates (default: the 8-hour shifts
 * starting on every hour, as the planner's); a cell with another code (rest 休, leave 假, an unknown code) is no
 * shift. The roster's agent id is the feed's agent id (as the trainings register reads published rosters:
 * User.agentId), the name the problem's.
 * @returns null when the stored JSON does not parse (the version is skipped, never guessed at).
 */
export function shiftsOfDay(row: PublishedRow, day: string, timeZone: string): PlannedShift[] | null {
  const content = RosterBody.safeParse(row.content);
  const problem = ProblemBody.safeParse(row.problem);
  if (!content.success || !problem.success) return null;
  const templates = new Map<string, ShiftTemplate>((problem.data.templates ?? hourlyShiftTemplates()).map((t) => [t.code, t]));
  const names = new Map(problem.data.agents.map((a) => [a.id, a.name]));
  const out: PlannedShift[] = [];
  for (const date of [addDays(day, -1), day]) {
    const index = daysBetween(row.roster.startDate, date);
    if (index < 0 || index >= row.roster.days) continue;
    const midnight = startOfDay(date, timeZone).getTime();
    for (const r of content.data.rows) {
      const code = r.cells[index];
      const template = code ? templates.get(code) : undefined;
      if (!code || !template) continue;
      const start = midnight + minuteOfDay(template.start) * 60_000;
      out.push({ agentId: r.agentId, name: names.get(r.agentId) ?? r.agentId, code, start, end: start + template.durationMinutes * 60_000 });
    }
  }
  const dayStart = startOfDay(day, timeZone).getTime();
  return out.filter((s) => s.end > dayStart).sort((a, b) => a.start - b.start || a.agentId.localeCompare(b.agentId));
}
