/**
 * The standard rotation of three 8-hour shifts (三班倒) that planners build by hand: every agent runs the same
 * cycle — two early shifts (早, 08-16), two late shifts (中, 16-00), a rest day, two night shifts (夜, 00-08), a
 * rest day — started at a different day of the cycle. The cycle keeps every labour rule on its own: 16 h or more
 * between shifts, at most 4 working days in a row, 2 nights in a row, two rest days in every 8, and 6 shifts in 8
 * days (42 h a week, within the overtime cap over a month).
 *
 * The comparison baseline is the best such rotation for the forecast: every choice of starting days (agents with
 * the same seat share taken as interchangeable) is evaluated under Erlang A and the one with the most expected
 * answered calls among those that keep someone on duty at all times is kept. Leave and protections are left to
 * the planner's hand (the cells become rest days); training is not placed.
 */
import { RosterInputError } from '../errors';
import type { GainTable } from '../model/gains';
import { INTERVAL_MINUTES, type PreparedProblem, shiftSpan } from '../model/problem';
import type { Roster } from '../types';

/** 早早中中休夜夜休: the cycle of the standard rotation (null = rest day). */
export const STANDARD_ROTATION_CYCLE: readonly (string | null)[] = Object.freeze(['08-16', '08-16', '16-00', '16-00', null, '00-08', '00-08', null]);

/**
 * The roster of a rotation: agent a works cycle[(d + offsets[a]) mod length] on day d (a rest day where she is
 * unavailable or the shift would be night work she is protected from).
 *
 * @throws RosterInputError when a cycle code is not a template of the problem.
 */
export function rotationRoster(p: PreparedProblem, offsets: readonly number[], cycle: readonly (string | null)[] = STANDARD_ROTATION_CYCLE): Roster {
  cycle.forEach((code, i) => {
    if (code !== null && !p.shiftIndex.has(code)) throw new RosterInputError('unknown', `cycle[${i}]`, `is not a shift template of the problem (${code})`);
  });
  const L = cycle.length;
  return {
    startDate: p.startDate,
    days: p.days,
    rows: p.agents.map((agent, a) => ({
      agentId: agent.id,
      cells: Array.from({ length: p.days }, (_, d) => {
        const code = cycle[(((d + offsets[a]) % L) + L) % L];
        if (code === null) return null;
        const s = p.shiftIndex.get(code) as number;
        const days = p.shifts[s].crossesMidnight ? [d, d + 1] : [d];
        if (days.some((day) => agent.unavailable[day])) return null;
        if (days.some((day) => agent.noNight[day]) && p.shifts[s].nightMinutes > 0) return null;
        return code;
      }),
    })),
    training: [],
  };
}

/** Result of {@link bestStandardRotation}. */
export interface RotationChoice {
  roster: Roster;
  /** Starting day in the cycle of each agent. */
  offsets: number[];
  /** Expected answered calls of the period. */
  answered: number;
  /** Rotations evaluated. */
  evaluated: number;
}

/**
 * The best rotation of the cycle for the forecast (see the module comment). Exhaustive over the multisets of
 * starting days per seat-share class when there are at most 200,000 of them; beyond that the starting days are
 * spread evenly (agent i starts at day ⌊i x length / agents⌋).
 */
export function bestStandardRotation(p: PreparedProblem, gains: GainTable, cycle: readonly (string | null)[] = STANDARD_ROTATION_CYCLE): RotationChoice {
  const L = cycle.length;
  // Cover pattern of an agent with offset o (agent-independent apart from the seat share): intervals on duty.
  const spans: number[][] = Array.from({ length: L }, (_, o) => {
    const out: number[] = [];
    for (let d = 0; d < p.days; d++) {
      const code = cycle[(d + o) % L];
      if (code === null) continue;
      const s = p.shiftIndex.get(code);
      if (s === undefined) throw new RosterInputError('unknown', 'cycle', `is not a shift template of the problem (${code})`);
      const [from, to] = shiftSpan(p, d, s);
      for (let t = Math.floor(from / INTERVAL_MINUTES); t < Math.min(p.intervals, Math.ceil(to / INTERVAL_MINUTES)); t++) out.push(t);
    }
    return out;
  });
  const classes = new Map<number, number[]>();
  p.agents.forEach((agent, a) => classes.set(agent.productive, [...(classes.get(agent.productive) ?? []), a]));
  const groups = [...classes.entries()];
  const multisets = (k: number): number[][] => {
    const out: number[][] = [];
    const rec = (from: number, acc: number[]): void => {
      if (acc.length === k) {
        out.push([...acc]);
        return;
      }
      for (let o = from; o < L; o++) rec(o, [...acc, o]);
    };
    rec(0, []);
    return out;
  };
  const binomial = (n: number, k: number): number => {
    let r = 1;
    for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
    return r;
  };
  const combos = groups.reduce((n, [, members]) => n * binomial(L + members.length - 1, members.length), 1);
  const evenly = (): number[] => p.agents.map((_, a) => Math.floor((a * L) / p.agents.length));
  let best: { offsets: number[]; answered: number; feasible: boolean } | undefined;
  let evaluated = 0;
  const evaluate = (offsets: number[]): void => {
    evaluated += 1;
    const cover = new Float64Array(p.intervals);
    const people = new Float64Array(p.intervals);
    offsets.forEach((o, a) => {
      for (const t of spans[o]) {
        cover[t] += p.agents[a].productive;
        people[t] += 1;
      }
    });
    let answered = 0;
    let feasible = true;
    for (let t = 0; t < p.intervals; t++) {
      answered += gains.answeredAt(t, cover[t]);
      if (people[t] < p.rules.minOnDuty) feasible = false;
    }
    if (!best || (feasible && !best.feasible) || (feasible === best.feasible && answered > best.answered + 1e-9)) best = { offsets, answered, feasible };
  };
  if (combos > 200_000) {
    evaluate(evenly());
  } else {
    const perClass = groups.map(([, members]) => multisets(members.length));
    const rec = (g: number, offsets: number[]): void => {
      if (g === groups.length) {
        evaluate([...offsets]);
        return;
      }
      for (const choice of perClass[g]) {
        groups[g][1].forEach((a, i) => (offsets[a] = choice[i]));
        rec(g + 1, offsets);
      }
    };
    rec(0, new Array<number>(p.agents.length).fill(0));
  }
  const chosen = best as { offsets: number[]; answered: number };
  return { roster: rotationRoster(p, chosen.offsets, cycle), offsets: chosen.offsets, answered: chosen.answered, evaluated };
}
