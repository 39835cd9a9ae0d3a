/**
 * Sub-models of a MIP for large-neighbourhood search: some integer columns stay free, every other integer column is
 * fixed at the incumbent's value and moved into the row bounds. A continuous column stays in the sub-model only
 * if a row links it (directly or through other continuous columns) to a free integer column; the others keep their
 * incumbent values, which stay optimal because nothing they touch changes. Rows left with no column are dropped.
 * The sub-model is exact for the neighbourhood and usually tens of times smaller than the model.
 */
import type { LpArrays } from '../model/lp';

/** Column-wise index of a CSR matrix: the rows of each column. */
export interface ColumnIndex {
  starts: Int32Array;
  rows: Int32Array;
}

/** Builds the column-wise index of a model's matrix. */
export function columnIndex(m: LpArrays): ColumnIndex {
  const counts = new Int32Array(m.numCols + 1);
  for (let k = 0; k < m.indices.length; k++) counts[m.indices[k] + 1] += 1;
  for (let c = 0; c < m.numCols; c++) counts[c + 1] += counts[c];
  const rows = new Int32Array(m.indices.length);
  const fill = counts.slice(0, m.numCols);
  for (let r = 0; r < m.numRows; r++) {
    for (let k = m.starts[r]; k < m.starts[r + 1]; k++) rows[fill[m.indices[k]]++] = r;
  }
  return { starts: counts, rows };
}

/** A sub-model and how to map its columns back. */
export interface SubModel {
  arrays: LpArrays;
  /** Model column of each sub-model column. */
  columns: Int32Array;
  /** Objective constant of the fixed columns (add to the sub-model's objective). */
  offset: number;
}

/**
 * Restricts a model to a neighbourhood.
 *
 * @param m the model arrays (costs as given in `cost`).
 * @param index its column index.
 * @param freeInteger 1 for the integer columns left free.
 * @param values the incumbent (every column).
 * @param cost the objective coefficients to use.
 * @param allContinuous keep every continuous column free (to complete a solution whose integers are all fixed).
 */
export function restrictModel(m: LpArrays, index: ColumnIndex, freeInteger: Uint8Array, values: Float64Array, cost: Float64Array, allContinuous = false): SubModel {
  const active = new Uint8Array(m.numCols);
  const rowSeen = new Uint8Array(m.numRows);
  const queue: number[] = [];
  for (let c = 0; c < m.numCols; c++) {
    if ((m.integrality[c] === 1 && freeInteger[c] === 1) || (allContinuous && m.integrality[c] !== 1)) {
      active[c] = 1;
      queue.push(c);
    }
  }
  // Spread activity through rows to continuous columns.
  while (queue.length > 0) {
    const c = queue.pop() as number;
    for (let k = index.starts[c]; k < index.starts[c + 1]; k++) {
      const r = index.rows[k];
      if (rowSeen[r]) continue;
      rowSeen[r] = 1;
      for (let j = m.starts[r]; j < m.starts[r + 1]; j++) {
        const col = m.indices[j];
        if (!active[col] && m.integrality[col] !== 1) {
          active[col] = 1;
          queue.push(col);
        }
      }
    }
  }
  const map = new Int32Array(m.numCols).fill(-1);
  const columns: number[] = [];
  let offset = 0;
  for (let c = 0; c < m.numCols; c++) {
    if (active[c]) {
      map[c] = columns.length;
      columns.push(c);
    } else offset += cost[c] * values[c];
  }
  const starts: number[] = [0];
  const indices: number[] = [];
  const vals: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let r = 0; r < m.numRows; r++) {
    if (!rowSeen[r]) continue;
    let fixed = 0;
    const before = indices.length;
    for (let j = m.starts[r]; j < m.starts[r + 1]; j++) {
      const c = m.indices[j];
      if (map[c] >= 0) {
        indices.push(map[c]);
        vals.push(m.values[j]);
      } else fixed += m.values[j] * values[c];
    }
    if (indices.length === before) continue;
    starts.push(indices.length);
    lower.push(m.rowLower[r] - fixed);
    upper.push(m.rowUpper[r] - fixed);
  }
  const n = columns.length;
  const colIdx = Int32Array.from(columns);
  const integrality = new Int32Array(n);
  let binaries = 0;
  for (let i = 0; i < n; i++) {
    integrality[i] = m.integrality[colIdx[i]];
    if (integrality[i] === 1) binaries += 1;
  }
  return {
    arrays: {
      numCols: n,
      numRows: lower.length,
      colCost: Float64Array.from(colIdx, (c) => cost[c]),
      colLower: Float64Array.from(colIdx, (c) => m.colLower[c]),
      colUpper: Float64Array.from(colIdx, (c) => m.colUpper[c]),
      integrality,
      rowLower: Float64Array.from(lower),
      rowUpper: Float64Array.from(upper),
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(vals),
      binaries,
    },
    columns: colIdx,
    offset,
  };
}
