/**
 * Grey relational analysis (Deng): Z is n units × m normalised indicators (larger is better),
 * x0 the reference series, Δ_i(k) = |x0(k) − z_ik|, ξ_i(k) the grey relational coefficient and
 * r_i the grey relational grade.
 */

import type { Matrix } from "../../math/matrix.js";

export interface GreyRelationalOptions {
  /** Reference series x0: "max" (column maxima, the ideal; default), "mean" (column means) or an explicit vector of length m. */
  readonly reference?: "max" | "mean" | Float64Array;
  /** Distinguishing coefficient ρ ∈ (0, 1]; default 0.5. */
  readonly rho?: number;
  /** Indicator weights (length m, ≥ 0, not all 0; rescaled to sum 1); default equal. */
  readonly weights?: Float64Array;
}

export interface GreyRelationalResult {
  /** n × m coefficients ξ_i(k) ∈ (0, 1]. */
  readonly coefficients: Matrix;
  /** r_i = Σ_k w_k ξ_i(k) (equal weights: the mean). */
  readonly grades: Float64Array;
  /** The reference series used. */
  readonly reference: Float64Array;
  readonly rho: number;
}

/**
 * Grey relational coefficients and grades.
 *
 * ξ_i(k) = (Δmin + ρ·Δmax)/(Δ_i(k) + ρ·Δmax) with Δmin = min_i min_k Δ_i(k), Δmax = max_i max_k Δ_i(k);
 * r_i = Σ_k w_k ξ_i(k) with Σ w_k = 1 (w_k = 1/m by default). When Δmax = 0 (every unit equals the
 * reference) all ξ are 1.
 *
 * Reference: Deng (1982), Systems & Control Letters 1(5):288–294, doi:10.1016/S0167-6911(82)80025-X;
 * Deng (1989), The Journal of Grey System 1(1):1–24.
 *
 * @param Z n × m normalised indicators, finite
 * @param options reference, rho, weights
 * @returns coefficients, grades and the reference used
 * @throws RangeError naming `greyRelational` for shape mismatches, non-finite values, ρ outside (0, 1] or bad weights
 * @example
 * greyRelational(fromRows([[0.8, 0.6, 0.9], [0.5, 0.9, 0.4], [0.7, 0.7, 0.7]])).grades
 * // => Float64Array [0.8181818…, 0.5959596…, 0.6084656…]
 */
export function greyRelational(Z: Matrix, options: GreyRelationalOptions = {}): GreyRelationalResult {
  const n = Z.rows;
  const m = Z.cols;
  const rho = options.rho ?? 0.5;
  if (!(n >= 1 && m >= 1))
    throw new RangeError(`greyRelational: Z must have at least one row and column; got ${n} × ${m}`);
  if (!(rho > 0 && rho <= 1)) throw new RangeError(`greyRelational: rho must be in (0, 1]; got ${rho}`);
  for (let k = 0; k < n * m; k++) {
    if (!Number.isFinite(Z.data[k]!)) {
      throw new RangeError(
        `greyRelational: Z must be finite; got ${Z.data[k]} at row ${Math.floor(k / m)}, column ${k % m}`,
      );
    }
  }
  const weights = checkedWeights(options.weights, m);

  const referenceOption = options.reference ?? "max";
  let reference: Float64Array;
  if (referenceOption === "max" || referenceOption === "mean") {
    reference = new Float64Array(m).fill(referenceOption === "max" ? -Infinity : 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const z = Z.data[i * m + j]!;
        reference[j] = referenceOption === "max" ? Math.max(reference[j]!, z) : reference[j]! + z / n;
      }
    }
  } else if (referenceOption instanceof Float64Array) {
    if (referenceOption.length !== m) {
      throw new RangeError(
        `greyRelational: reference must have length ${m} (columns of Z); got ${referenceOption.length}`,
      );
    }
    if (!referenceOption.every(Number.isFinite))
      throw new RangeError("greyRelational: reference must be finite");
    reference = Float64Array.from(referenceOption);
  } else {
    throw new RangeError(
      `greyRelational: reference must be "max", "mean" or a Float64Array; got ${String(referenceOption)}`,
    );
  }

  const delta = new Float64Array(n * m);
  let deltaMin = Infinity;
  let deltaMax = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const d = Math.abs(reference[j]! - Z.data[i * m + j]!);
      delta[i * m + j] = d;
      deltaMin = Math.min(deltaMin, d);
      deltaMax = Math.max(deltaMax, d);
    }
  }
  const coefficients = new Float64Array(n * m);
  const grades = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let grade = 0;
    for (let j = 0; j < m; j++) {
      const xi = deltaMax === 0 ? 1 : (deltaMin + rho * deltaMax) / (delta[i * m + j]! + rho * deltaMax);
      coefficients[i * m + j] = xi;
      grade += weights[j]! * xi;
    }
    grades[i] = grade;
  }
  return { coefficients: { data: coefficients, rows: n, cols: m }, grades, reference, rho };
}

function checkedWeights(weights: Float64Array | undefined, m: number): Float64Array {
  if (weights === undefined) return new Float64Array(m).fill(1 / m);
  if (weights.length !== m)
    throw new RangeError(
      `greyRelational: weights must have length ${m} (columns of Z); got ${weights.length}`,
    );
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w)))
      throw new RangeError(`greyRelational: weights must be finite and ≥ 0; got ${w}`);
    total += w;
  }
  if (!(total > 0)) throw new RangeError("greyRelational: weights must not all be 0");
  return weights.map((w) => w / total);
}
