/**
 * A small builder of sparse models in the shape HiGHS takes (columns with bounds, costs and integrality; rows in
 * compressed sparse row form with lower and upper bounds).
 */

/** Model arrays, ready for `highs.createModel` (with `format: 'csr'`). */
export interface LpArrays {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  integrality: Int32Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  binaries: number;
}

/** Accumulates columns and rows. */
export class LpBuilder {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly integer: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];
  private readonly rowLo: number[] = [];
  private readonly rowHi: number[] = [];

  /** Adds a column; returns its index. */
  col(cost: number, lower: number, upper: number, integer = false): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  get numCols(): number {
    return this.cost.length;
  }

  get numRows(): number {
    return this.rowLo.length;
  }

  get numNonzeros(): number {
    return this.indices.length;
  }

  /** Integer columns, and those of them that are binary. */
  integerCounts(): { integers: number; binaries: number } {
    let integers = 0;
    let binaries = 0;
    this.integer.forEach((i, c) => {
      if (i !== 1) return;
      integers += 1;
      if (this.lower[c] >= 0 && this.upper[c] <= 1) binaries += 1;
    });
    return { integers, binaries };
  }

  /** Changes a column's bounds. */
  bound(col: number, lower: number, upper: number): void {
    this.lower[col] = lower;
    this.upper[col] = upper;
  }

  /** The current column costs (a copy). */
  costs(): Float64Array {
    return Float64Array.from(this.cost);
  }

  /** Adds a column's cost. */
  addCost(col: number, cost: number): void {
    this.cost[col] += cost;
  }

  /** Adds a row `lower <= Σ values[i] x[cols[i]] <= upper` (repeated columns are summed); returns its index. */
  row(cols: readonly number[], values: readonly number[], lower: number, upper: number): number {
    const merged = new Map<number, number>();
    for (let i = 0; i < cols.length; i++) merged.set(cols[i], (merged.get(cols[i]) ?? 0) + values[i]);
    for (const [c, v] of merged) {
      if (v === 0) continue;
      this.indices.push(c);
      this.values.push(v);
    }
    this.starts.push(this.indices.length);
    this.rowLo.push(lower);
    this.rowHi.push(upper);
    return this.rowLo.length - 1;
  }

  /** Appends a column to an existing row (used for slack columns of elastic rows). Must be called right after `row`. */
  extendLast(col: number, value: number): void {
    this.indices.push(col);
    this.values.push(value);
    this.starts[this.starts.length - 1] = this.indices.length;
  }

  /** The arrays, with `inf` standing for infinite bounds. */
  build(inf: number): LpArrays {
    const fix = (x: number): number => (x === Infinity ? inf : x === -Infinity ? -inf : x);
    return {
      numCols: this.cost.length,
      numRows: this.rowLo.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower, fix),
      colUpper: Float64Array.from(this.upper, fix),
      integrality: Int32Array.from(this.integer),
      rowLower: Float64Array.from(this.rowLo, fix),
      rowUpper: Float64Array.from(this.rowHi, fix),
      starts: Int32Array.from(this.starts),
      indices: Int32Array.from(this.indices),
      values: Float64Array.from(this.values),
      binaries: this.integer.reduce((n, i, c) => n + (i === 1 && this.lower[c] === 0 && this.upper[c] === 1 ? 1 : 0), 0),
    };
  }
}
