/**
 * Eigen-decomposition of a real symmetric matrix A (n × n) by the cyclic Jacobi method:
 * A = V·diag(values)·V', V orthogonal, column k of V the unit eigenvector of values[k].
 * Values come out in descending order; each vector's sign is fixed (see `symmetricEigen`).
 */

import type { Matrix } from "./matrix.js";

/** Eigenvalues (descending) and unit eigenvectors (column k belongs to values[k]). */
export interface SymmetricEigenResult {
  readonly values: Float64Array;
  readonly vectors: Matrix;
  /** Number of Jacobi sweeps used. */
  readonly sweeps: number;
}

/** Off-diagonal mass below which the iteration stops, relative to ‖A‖_F. */
const RELATIVE_TOLERANCE = 1e-14;
const MAX_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations.
 *
 * Each rotation J(p, q, θ) zeroes a_pq: θ = (a_qq − a_pp) / (2 a_pq), t = sgn(θ) / (|θ| + √(θ² + 1)),
 * c = 1/√(t² + 1), s = t·c, A ← J'AJ, V ← VJ. Sweeps over all p < q repeat until
 * √(Σ_{p≠q} a_pq²) ≤ 1e-14·‖A‖_F. Sign convention: in each eigenvector the first entry whose
 * magnitude is within a relative 1e-10 of the largest is made positive (so the largest-|entry| is
 * positive, and exact ties go to the lower index).
 *
 * Reference: Golub & Van Loan (2013), Matrix Computations, 4th ed., §8.5 (the cyclic Jacobi method);
 * Rutishauser (1966), Numerische Mathematik 9:1–10, doi:10.1007/BF02165223.
 *
 * @param A n × n, symmetric (|a_ij − a_ji| ≤ 1e-10·max|a|), finite
 * @returns values in descending order and vectors (n × n, column k = eigenvector of values[k])
 * @throws RangeError when A is not square, not symmetric or holds a non-finite entry
 * @example
 * symmetricEigen(fromRows([[2, 1], [1, 2]])).values
 * // => Float64Array [3, 1]
 */
export function symmetricEigen(A: Matrix): SymmetricEigenResult {
  const n = A.rows;
  if (A.cols !== n) throw new RangeError(`symmetricEigen: A must be square; got ${A.rows} × ${A.cols}`);
  let scale = 0;
  for (let k = 0; k < n * n; k++) {
    const v = A.data[k]!;
    if (!Number.isFinite(v)) {
      throw new RangeError(`symmetricEigen: A must be finite; got ${v} at (${Math.floor(k / n)}, ${k % n})`);
    }
    scale = Math.max(scale, Math.abs(v));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const aij = A.data[i * n + j]!;
      const aji = A.data[j * n + i]!;
      if (!(Math.abs(aij - aji) <= 1e-10 * scale)) {
        throw new RangeError(
          `symmetricEigen: A must be symmetric; got a[${i}][${j}] = ${aij} and a[${j}][${i}] = ${aji}`,
        );
      }
    }
  }

  // Work on the symmetric part so that a tiny asymmetry cannot bias the result.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (A.data[i * n + j]! + A.data[j * n + i]!);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let frobenius2 = 0;
  for (const x of a) frobenius2 += x * x;
  const threshold2 = RELATIVE_TOLERANCE * RELATIVE_TOLERANCE * frobenius2;

  let sweeps = 0;
  for (; sweeps < MAX_SWEEPS; sweeps++) {
    let off2 = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off2 += 2 * a[p * n + q]! ** 2;
    if (off2 <= threshold2) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← A·J (columns p and q), then A ← J'·A (rows p and q).
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (sweeps === MAX_SWEEPS) {
    throw new RangeError(`symmetricEigen: no convergence after ${MAX_SWEEPS} sweeps`);
  }

  const order = Array.from({ length: n }, (_, k) => k).sort(
    (k1, k2) => a[k2 * n + k2]! - a[k1 * n + k1]! || k1 - k2,
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, k) => {
    values[k] = a[source * n + source]!;
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(v[i * n + source]!));
    let sign = 1;
    for (let i = 0; i < n; i++) {
      const x = v[i * n + source]!;
      if (Math.abs(x) >= largest * (1 - 1e-10)) {
        sign = x < 0 ? -1 : 1;
        break;
      }
    }
    for (let i = 0; i < n; i++) vectors[i * n + k] = sign * v[i * n + source]!;
  });
  return { values, vectors: { data: vectors, rows: n, cols: n }, sweeps };
}
