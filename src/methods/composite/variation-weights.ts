/**
 * Dispersion-based weights (methods.md §2.4) of X, rows × m (usually raw data): the coefficient of variation
 * V_j = σ_j / mean_j, or the standard deviation σ_j, normalised to sum to 1. σ_j uses n − ddof (ddof 1 by
 * default); the choice cancels in the weights.
 */
import { IssueCollector } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import type { Matrix } from "../../math/matrix.js";
import { checkOneOf } from "./checks.js";

/** Options of `coefficientOfVariationWeights` and `standardDeviationWeights`. */
export interface VariationWeightsOptions {
  /** Indicator names (one per column), used in issues. */
  readonly names?: readonly string[];
  /** Degrees of freedom removed from n for σ: 1 (sample, default) or 0. It cancels in the weights. */
  readonly ddof?: 0 | 1;
}

/** Dispersion-based weights with the dispersion behind them. */
export interface VariationWeightsResult {
  /** Length m, ≥ 0, sums to 1. */
  readonly weights: Float64Array;
  /** V_j = σ_j / mean_j (coefficient of variation) or σ_j (standard deviation). */
  readonly dispersion: Float64Array;
}

/**
 * Coefficient-of-variation weights: V_j = σ_j / mean_j, w_j = V_j / Σ_k V_k.
 *
 * Reference: Shuai, Zongzhun, Yongji & Lei (2012), "A new angular method to determine the objective weights",
 * 24th Chinese Control and Decision Conference (CCDC), pp. 3889–3892, doi:10.1109/CCDC.2012.6244621 (the
 * coefficient-of-variation weights of its example on the Xu 2004 matrix).
 *
 * @param X rows × m, finite, rows ≥ 2; every column mean must be > 0
 * @param options names, ddof
 * @returns weights and V_j
 * @throws NqpfInputError (code "bad_value", column = indicator name) for a constant column or a column whose mean is ≤ 0
 * @throws RangeError naming `coefficientOfVariationWeights` for non-finite values, fewer than 2 rows, or names of the wrong length
 * @example
 * coefficientOfVariationWeights(fromRows([[1, 10], [3, 20]])).weights
 * // => [0.6, 0.4]
 */
export function coefficientOfVariationWeights(
  X: Matrix,
  options: VariationWeightsOptions = {},
): VariationWeightsResult {
  return variationWeights("coefficientOfVariationWeights", X, options, true);
}

/**
 * Standard-deviation weights: w_j = σ_j / Σ_k σ_k.
 *
 * Reference: Sałabun, Wątróbski & Shekhovtsov (2020), "Are MCDA methods benchmarkable? A comparative study of
 * TOPSIS, VIKOR, COPRAS, and PROMETHEE II methods", Symmetry 12(9):1549, doi:10.3390/sym12091549.
 *
 * @param X rows × m, finite, rows ≥ 2
 * @param options names, ddof
 * @returns weights and σ_j
 * @throws NqpfInputError (code "bad_value", column = indicator name) for a constant column
 * @throws RangeError naming `standardDeviationWeights` for non-finite values, fewer than 2 rows, or names of the wrong length
 * @example
 * standardDeviationWeights(fromRows([[1, 10], [3, 20]])).weights
 * // => [0.16666666666666666, 0.8333333333333334]
 */
export function standardDeviationWeights(
  X: Matrix,
  options: VariationWeightsOptions = {},
): VariationWeightsResult {
  return variationWeights("standardDeviationWeights", X, options, false);
}

function variationWeights(
  fn: string,
  X: Matrix,
  options: VariationWeightsOptions,
  relative: boolean,
): VariationWeightsResult {
  const { rows: n, cols: m } = X;
  const ddof = options.ddof ?? 1;
  if (!(n >= 1 && m >= 1 && X.data.length === n * m))
    throw new RangeError(
      `${fn}: X must be a non-empty rows × cols matrix; got ${n} × ${m} with ${X.data.length} values`,
    );
  for (let k = 0; k < X.data.length; k++) {
    if (!Number.isFinite(X.data[k]!))
      throw new RangeError(
        `${fn}: X must be finite; got ${X.data[k]} at row ${Math.floor(k / m)}, column ${k % m}`,
      );
  }
  if (n < 2) throw new RangeError(`${fn}: X needs at least 2 rows; got ${n}`);
  checkOneOf(fn, "ddof", ddof, [0, 1]);
  if (options.names !== undefined && options.names.length !== m)
    throw new RangeError(`${fn}: names must have one entry per column (${m}); got ${options.names.length}`);
  const column = (j: number): string => options.names?.[j] ?? `indicator ${j + 1}`;
  const indicator = (j: number): string => {
    const name = options.names?.[j];
    return name !== undefined ? `indicator "${name}"` : `indicator ${j + 1}`;
  };

  const issues = new IssueCollector();
  const dispersion = new Float64Array(m);
  const buffer = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    let constant = true;
    for (let i = 0; i < n; i++) {
      buffer[i] = X.data[i * m + j]!;
      if (buffer[i] !== X.data[j]) constant = false;
    }
    const mean = fsum(buffer) / n;
    for (let i = 0; i < n; i++) buffer[i] = (buffer[i]! - mean) ** 2;
    const sd = Math.sqrt(fsum(buffer) / (n - ddof));
    if (constant || !(sd > 0)) {
      issues.add({
        code: "bad_value",
        column: column(j),
        message: `${indicator(j)} is constant (every value is ${X.data[j]}), so it has no dispersion to weight by`,
        hint: "drop the indicator, or give it a fixed weight outside the dispersion weighting",
      });
      continue;
    }
    if (relative && !(mean > 0)) {
      issues.add({
        code: "bad_value",
        column: column(j),
        message: `${indicator(j)} has mean ${mean}; the coefficient of variation needs a positive mean`,
        hint: "use standard-deviation weights, or min-max normalise the indicator first",
      });
      continue;
    }
    dispersion[j] = relative ? sd / mean : sd;
  }
  issues.throwIfAny();
  const total = fsum(dispersion);
  return { weights: dispersion.map((v) => v / total), dispersion };
}
