/**
 * Dense row-major matrices as plain records: `data[i * cols + j]` is row i, column j.
 * In the composite methods a matrix is units (or unit-years) × indicators.
 */

export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** A rows × cols matrix from row-major data (copied), or zeros. */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(cols) && cols >= 0)) {
    throw new RangeError(`matrix: rows and cols must be whole numbers ≥ 0; got ${rows} × ${cols}`);
  }
  if (data !== undefined && data.length !== rows * cols) {
    throw new RangeError(
      `matrix: data length must be ${rows * cols} for ${rows} × ${cols}; got ${data.length}`,
    );
  }
  return { data: data === undefined ? new Float64Array(rows * cols) : Float64Array.from(data), rows, cols };
}

/** A matrix from an array of equal-length rows. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols)
      throw new RangeError(`fromRows: row ${i} has ${row.length} entries; expected ${cols}`);
    data.set(row, i * cols);
  });
  return { data, rows: rows.length, cols };
}

/** Entry (i, j). */
export function at(a: Matrix, i: number, j: number): number {
  return a.data[i * a.cols + j]!;
}

/** Row i as a new Float64Array. */
export function row(a: Matrix, i: number): Float64Array {
  return a.data.slice(i * a.cols, (i + 1) * a.cols);
}

/** Column j as a new Float64Array. */
export function column(a: Matrix, j: number): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) out[i] = a.data[i * a.cols + j]!;
  return out;
}

/** Rows `index` of a, in that order. */
export function takeMatrixRows(a: Matrix, index: ArrayLike<number>): Matrix {
  const out = new Float64Array(index.length * a.cols);
  for (let k = 0; k < index.length; k++)
    out.set(a.data.subarray(index[k]! * a.cols, (index[k]! + 1) * a.cols), k * a.cols);
  return { data: out, rows: index.length, cols: a.cols };
}

/** Columns `index` of a, in that order. */
export function takeMatrixColumns(a: Matrix, index: ArrayLike<number>): Matrix {
  const out = new Float64Array(a.rows * index.length);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < index.length; k++) out[i * index.length + k] = a.data[i * a.cols + index[k]!]!;
  return { data: out, rows: a.rows, cols: index.length };
}

/** The rows of a as nested arrays (for tests and JSON). */
export function toRows(a: Matrix): number[][] {
  return Array.from({ length: a.rows }, (_, i) => Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
}
