/** One HiGHS run of a model in the arrays of {@link LpBuilder.build} (the solve's MIPs and LP relaxations). */
import type { Highs } from 'highs';
import type { LpArrays, LpBuilder } from '../model/lp';

/** The outcome of one HiGHS run: solution values (the model's columns), objective and bound, when there are any. */
export interface Run {
  ok: boolean;
  infeasible: boolean;
  values: Float64Array | null;
  objective: number | null;
  bound: number | null;
}

/**
 * Solves model arrays with HiGHS: as a MIP (relative gap `gap`, default 1e-4, no restarts), or its LP relaxation by
 * interior point (`lp`). A model without columns is solved at once (its objective is the offset).
 * @throws whatever HiGHS throws (a WebAssembly trap leaves the instance unusable: the caller takes a spare one).
 */
export function runArrays(
  highs: Highs,
  arrays: LpArrays,
  offset: number,
  settings: { timeLimit: number; gap?: number; cutoff?: number; lp?: boolean; seed: number; highsOptions?: Record<string, boolean | number | string>; onLog?: (line: string) => void },
): Run {
  if (arrays.numCols === 0) return { ok: true, infeasible: false, values: new Float64Array(0), objective: offset, bound: offset };
  const model = highs.createModel({
    numCols: arrays.numCols,
    numRows: arrays.numRows,
    offset,
    colCost: arrays.colCost,
    colLower: arrays.colLower,
    colUpper: arrays.colUpper,
    rowLower: arrays.rowLower,
    rowUpper: arrays.rowUpper,
    matrix: { format: 'csr', numRows: arrays.numRows, numCols: arrays.numCols, starts: arrays.starts, indices: arrays.indices, values: arrays.values },
    ...(settings.lp ? {} : { integrality: arrays.integrality }),
  });
  try {
    model.options.set({
      output_flag: settings.onLog !== undefined,
      log_to_console: false,
      time_limit: Math.max(0.2, settings.timeLimit),
      random_seed: settings.seed,
      // No MIP restarts: HiGHS 1.15 in WebAssembly trapped ("memory access out of bounds") in the presolve of a
      // restart on a sub-MIP of the 6-agent acceptance problem; sub-MIPs are small enough without it.
      ...(settings.lp ? { solver: 'ipm' } : { mip_rel_gap: settings.gap ?? 1e-4, mip_allow_restart: false }),
      ...(settings.cutoff !== undefined ? { objective_bound: settings.cutoff } : {}),
      ...(settings.highsOptions ?? {}),
    });
    const result = model.run(
      settings.onLog
        ? {
            [highs.constants.callbackType.logging]: (event) => {
              settings.onLog?.(event.message.replace(/\n$/, ''));
              return undefined;
            },
          }
        : {},
    );
    const status = result.modelStatus;
    const { modelStatus } = highs.constants;
    if (status === modelStatus.infeasible) return { ok: false, infeasible: true, values: null, objective: null, bound: null };
    const feasible = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const read = (name: string): number | null => {
      try {
        const v = Number(model.info.get(name));
        return Number.isFinite(v) ? v : null;
      } catch {
        return null;
      }
    };
    if (settings.lp) {
      const optimal = status === modelStatus.optimal;
      return { ok: optimal, infeasible: false, values: optimal ? model.getSolution().colValue : null, objective: optimal ? model.getObjectiveValue() : null, bound: optimal ? model.getObjectiveValue() : null };
    }
    return { ok: feasible, infeasible: false, values: feasible ? model.getSolution().colValue : null, objective: feasible ? model.getObjectiveValue() : null, bound: read('mip_dual_bound') };
  } finally {
    model.dispose();
  }
}
