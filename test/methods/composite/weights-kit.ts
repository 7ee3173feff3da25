/**
 * Shared pieces for the normalisation and weighting tests: fixture loading and fast-check generators of
 * indicator matrices. Magnitudes stay in [1e-3, 1e3] and every column keeps a spread of at least 1% of its
 * largest |value|, so min-max rounding stays near 1e-14 and invariance checks can use tight tolerances.
 */
import { readFileSync } from "node:fs";
import { fc } from "@fast-check/vitest";
import type { Matrix } from "../../../src/math/matrix.js";

export interface Fixture<I, E> {
  readonly source: string;
  readonly generator: string;
  readonly tolerance: number;
  readonly input: I;
  readonly expected: E;
}

/** Reads test/reference/<method>/<name>.json. */
export function fixture<I, E>(method: string, name: string): Fixture<I, E> {
  const url = new URL(`../../reference/${method}/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Fixture<I, E>;
}

/** Row-major data of nested rows. */
export function flat(rows: readonly (readonly number[])[]): number[] {
  return rows.flat();
}

/** True when every column has max − min ≥ 1% of its largest |value|. */
export function columnsVary(m: Matrix): boolean {
  for (let j = 0; j < m.cols; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    let big = 0;
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + j]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      big = Math.max(big, Math.abs(v));
    }
    if (!(hi - lo >= 0.01 * big)) return false;
  }
  return true;
}

const magnitude = fc.oneof(
  fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  fc.integer({ min: 1, max: 1000 }).map((k) => k / 10),
);

/** rows × cols strictly positive matrices (values in [1e-3, 1e3]) whose columns all vary. */
export function positiveMatrix(
  options: { minRows?: number; maxRows?: number; minCols?: number; maxCols?: number } = {},
) {
  const { minRows = 3, maxRows = 8, minCols = 1, maxCols = 5 } = options;
  return fc
    .record({
      rows: fc.integer({ min: minRows, max: maxRows }),
      cols: fc.integer({ min: minCols, max: maxCols }),
    })
    .chain(({ rows, cols }) =>
      fc
        .array(magnitude, { minLength: rows * cols, maxLength: rows * cols })
        .map((values): Matrix => ({ data: Float64Array.from(values), rows, cols })),
    )
    .filter(columnsVary);
}

/** A permutation of 0..n−1 drawn by fast-check. */
export function permutation(n: number) {
  return fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n })
    .map((keys) => Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b));
}

/** Rows of m in the order `order`. */
export function permuteRows(m: Matrix, order: readonly number[]): Matrix {
  const data = new Float64Array(m.data.length);
  order.forEach((from, to) => {
    data.set(m.data.subarray(from * m.cols, (from + 1) * m.cols), to * m.cols);
  });
  return { data, rows: m.rows, cols: m.cols };
}

/** Columns of m in the order `order`. */
export function permuteColumns(m: Matrix, order: readonly number[]): Matrix {
  const data = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    order.forEach((from, to) => (data[i * m.cols + to] = m.data[i * m.cols + from]!));
  return { data, rows: m.rows, cols: m.cols };
}

/** m with column j multiplied by c. */
export function scaleColumn(m: Matrix, j: number, c: number): Matrix {
  const data = m.data.slice();
  for (let i = 0; i < m.rows; i++) data[i * m.cols + j] = data[i * m.cols + j]! * c;
  return { data, rows: m.rows, cols: m.cols };
}

/** Sum of a vector (plain loop; the tests compare it with 1 at 1e-12). */
export function total(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
}
