/** Reading the roster MIP's solutions (a roster and its broken rules), and writing a roster as a starting point. */
import type { ConflictFamily, RosterModel } from '../model/mip';
import { INTERVALS_PER_DAY, INTERVAL_MINUTES, type PreparedProblem } from '../model/problem';
import { timeOfMinute } from '../model/shifts';
import type { Roster, RuleFamily, TrainingSession } from '../types';
import type { GreedyResult } from './greedy';

/** The roster a solution of the model describes. */
export function rosterOf(p: PreparedProblem, m: RosterModel, values: Float64Array): Roster {
  const rows = p.agents.map((agent) => ({ agentId: agent.id, cells: new Array<string | null>(p.days).fill(null) }));
  for (const inst of m.instances) if (values[inst.col] > 0.5) rows[inst.a].cells[inst.d] = p.shifts[inst.s].code;
  const training: TrainingSession[] = [];
  m.slots.forEach((slot, i) => {
    if (values[slot.col] <= 0.5) return;
    const attendees: string[] = [];
    p.agents.forEach((agent, a) => {
      if (a === m.trainer) return;
      const qc = m.q.get(a * m.slots.length + i);
      if (qc !== undefined && values[qc] > 0.5) attendees.push(agent.id);
    });
    training.push({
      date: p.dates[slot.day],
      start: timeOfMinute(slot.start),
      durationMinutes: slot.end - slot.start,
      attendees,
      ...(m.trainer === undefined ? {} : { trainerId: p.agents[m.trainer].id }),
    });
  });
  training.sort((u, w) => (u.date < w.date ? -1 : u.date > w.date ? 1 : u.start < w.start ? -1 : 1));
  return { startDate: p.startDate, days: p.days, rows, training };
}

/** Integer values of the greedy roster (x, training slots and attendance). */
export function greedyIntegers(p: PreparedProblem, m: RosterModel, g: GreedyResult, numCols: number): Float64Array {
  const start = new Float64Array(numCols);
  for (const inst of m.instances) start[inst.col] = g.cells[inst.a][inst.d] === inst.s ? 1 : 0;
  const K = p.training?.sessions ?? 0;
  g.sessions.forEach((s, k) => {
    const slot = m.slots.find((sl) => sl.k === k && sl.day === s.day && sl.start === s.startMinute);
    if (slot) start[slot.col] = 1;
    for (const a of s.attendees) {
      const vk = m.v.get(a * K + k);
      if (vk !== undefined) start[vk] = 1;
    }
  });
  // Agents the greedy left untrained: put them down for the last session (the slack then records the breach).
  for (let a = 0; a < p.agents.length; a++) {
    const vs = Array.from({ length: K }, (_, k) => m.v.get(a * K + k)).filter((c): c is number => c !== undefined);
    if (vs.length && !vs.some((c) => start[c] > 0.5)) start[vs[vs.length - 1]] = 1;
  }
  return start;
}

/** The rule families the slack columns of a solution break, largest total first (amounts rounded to 0.001). */
export function conflictsOf(p: PreparedProblem, m: RosterModel, values: Float64Array): ConflictFamily[] {
  const families = new Map<RuleFamily, ConflictFamily>();
  for (const s of m.slacks) {
    const amount = values[s.col];
    if (amount <= 1e-6) continue;
    const family = families.get(s.rule) ?? { rule: s.rule, total: 0, breaches: [] };
    family.total += amount;
    family.breaches.push({
      ...(s.agent === undefined ? {} : { agentId: p.agents[s.agent].id }),
      ...(s.day !== undefined ? { date: p.dates[s.day] } : s.interval !== undefined ? { date: p.dates[Math.floor(s.interval / INTERVALS_PER_DAY)] } : {}),
      ...(s.interval === undefined ? {} : { time: timeOfMinute((s.interval % INTERVALS_PER_DAY) * INTERVAL_MINUTES) }),
      amount: Math.round(amount * 1000) / 1000,
    });
    families.set(s.rule, family);
  }
  for (const f of families.values()) f.total = Math.round(f.total * 1000) / 1000;
  return [...families.values()].sort((u, w) => w.total - u.total);
}
