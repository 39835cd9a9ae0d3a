/**
 * What the MIP's row builders share (mip.ts assembles them): the model under construction, its x columns and the
 * slack columns of the elastic model.
 */
import type { LpBuilder } from '../lp';
import type { PreparedProblem } from '../problem';
import type { RuleFamily } from '../../types';

/** `strict`: every rule a constraint; `elastic`: soft rule families get slack columns. */
export type Mode = 'strict' | 'elastic';

/** A slack column of the elastic model: which rule, agent, day or interval it relaxes. */
export interface SlackInfo {
  col: number;
  rule: RuleFamily;
  agent?: number;
  day?: number;
  interval?: number;
}

/** One x column: agent a on template s from day d; [start, end) in minutes from the period's start. */
export interface Instance {
  a: number;
  d: number;
  s: number;
  col: number;
  start: number;
  end: number;
}

/** The MIP under construction. */
export interface MipContext {
  lp: LpBuilder;
  p: PreparedProblem;
  /** x column of (a, d, s) at (a·days + d)·shifts + s, or −1. */
  x: Int32Array;
  instances: Instance[];
  /** The instances of each agent, by day then template. */
  byAgent: Instance[][];
  elastic: boolean;
  /**
   * In the elastic model, adds a slack column (cost 0 here; the solver prices it) to the row just written with
   * coefficient `sign` (+1 for a >= row, −1 for a <= row) and records it; nothing in the strict model.
   */
  soft: (rule: RuleFamily, sign: 1 | -1, info?: Omit<SlackInfo, 'col' | 'rule'>) => void;
}

/** The x columns of agent a on day d whose template passes `filter` (in template order). */
export function colsOn(c: MipContext, a: number, d: number, filter: (s: number) => boolean): number[] {
  const S = c.p.shifts.length;
  const out: number[] = [];
  for (let s = 0; s < S; s++) {
    const col = c.x[(a * c.p.days + d) * S + s];
    if (filter(s) && col >= 0) out.push(col);
  }
  return out;
}
