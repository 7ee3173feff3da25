/**
 * Entropy weights (熵值法/熵权法, methods.md §2.2). P is rows × m, non-negative (rows = units or unit-years).
 * Within one sample of n rows: p_ij = P_ij / Σ_i P_ij, e_j = −(1/ln n) Σ_i p_ij ln p_ij with 0·ln 0 := 0,
 * d_j = 1 − e_j (divergence), w_j = d_j / Σ_j d_j.
 */
import { IssueCollector, type InputIssue } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import type { Matrix } from "../../math/matrix.js";
import { checkMatrix, checkOneOf, groupMembers } from "./checks.js";

/**
 * "pooled": all rows form one sample, k = 1/ln(rows) (the panel or global entropy of 杨丽 & 孙之淳 2015);
 * "per-period": one weight vector per period in `perPeriod`, `weights` = their mean;
 * "mean-of-periods": `weights` = the mean of the per-period vectors (which are also returned).
 */
export type EntropyMode = "pooled" | "per-period" | "mean-of-periods";

/** Options of `entropyWeights`. */
export interface EntropyWeightsOptions {
  /** Default "pooled". */
  readonly mode?: EntropyMode;
  /** Period index (0..G−1, every index used) of each row; required for "per-period" and "mean-of-periods". */
  readonly groups?: Int32Array;
  /** Indicator names (one per column), used in issues. */
  readonly names?: readonly string[];
  /** Label of each period (e.g. the years), used in issues as `time`. */
  readonly periodLabels?: readonly (number | string)[];
}

/** One period's entropy weights ("per-period" and "mean-of-periods" modes). */
export interface EntropyPeriodWeights {
  /** Group (period) index. */
  readonly group: number;
  readonly weights: Float64Array;
  readonly entropy: Float64Array;
  readonly divergence: Float64Array;
}

/** Entropy weights with the entropies and divergences behind them. */
export interface EntropyWeightsResult {
  /** Length m, ≥ 0, sums to 1. In the periodic modes, the mean of the per-period weights. */
  readonly weights: Float64Array;
  /** e_j in [0, 1]; in the periodic modes, the mean over periods. */
  readonly entropy: Float64Array;
  /** d_j = 1 − e_j; in the periodic modes, the mean over periods. */
  readonly divergence: Float64Array;
  readonly mode: EntropyMode;
  /** Each period's vectors, in group order ("per-period" and "mean-of-periods"). */
  readonly perPeriod?: readonly EntropyPeriodWeights[];
}

/**
 * Entropy weights of the columns of a non-negative matrix.
 *
 * p_ij = P_ij / Σ_i P_ij; e_j = −(1/ln n) Σ_i p_ij ln p_ij (0·ln 0 := 0); d_j = 1 − e_j; w_j = d_j / Σ_k d_k.
 * d_j is evaluated as (1/ln n) Σ_i p_ij ln(n·p_ij), the same quantity without the cancellation in 1 − e_j, and
 * clamped at 0 against rounding. Usual input: min-max normalised and shifted values (`normalize`); the
 * published "raw sum normalisation" variant is this function applied to the raw data.
 *
 * Reference: Shannon entropy weights as in Zeleny (1982), Multiple Criteria Decision Making, McGraw-Hill, and
 * Hwang & Yoon (1981), Springer, doi:10.1007/978-3-642-48318-9; worked examples: Xu (2004), European Journal of
 * Operational Research 156(2):530–532, doi:10.1016/S0377-2217(03)00146-2; Zavadskas & Podvezko (2016),
 * IJITDM 15(2):267–283, doi:10.1142/S0219622016500036. Panel entropy: 杨丽 & 孙之淳 (2015), 经济问题 [recalled].
 *
 * @param P rows × m, finite and ≥ 0
 * @param options mode, groups, names, periodLabels
 * @returns weights, entropy and divergence per indicator (and per period in the periodic modes)
 * @throws NqpfInputError (code "bad_value", column = indicator name) for a column with a negative value, a column that is zero or constant within a sample, or when no indicator varies at all
 * @throws RangeError naming `entropyWeights` for non-finite values, a sample with fewer than 2 rows, or groups/names of the wrong length
 * @example
 * entropyWeights(fromRows([[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]])).weights
 * // => ≈ [0.4630, 0.3992, 0.1378, 0.0000] (Xu 2004)
 */
export function entropyWeights(P: Matrix, options: EntropyWeightsOptions = {}): EntropyWeightsResult {
  const fn = "entropyWeights";
  const mode = options.mode ?? "pooled";
  const { rows, cols } = P;
  checkMatrix(fn, P);
  checkOneOf(fn, "mode", mode, ["pooled", "per-period", "mean-of-periods"]);
  if (options.names !== undefined && options.names.length !== cols)
    throw new RangeError(
      `${fn}: names must have one entry per column (${cols}); got ${options.names.length}`,
    );

  let samples: Int32Array[];
  if (mode === "pooled") {
    if (options.groups !== undefined) groupMembers(fn, options.groups, rows);
    samples = [Int32Array.from({ length: rows }, (_, i) => i)];
  } else {
    if (options.groups === undefined) throw new RangeError(`${fn}: mode "${mode}" needs groups; got none`);
    samples = groupMembers(fn, options.groups, rows);
    if (options.periodLabels !== undefined && options.periodLabels.length !== samples.length)
      throw new RangeError(
        `${fn}: periodLabels must have one entry per group (${samples.length}); got ${options.periodLabels.length}`,
      );
  }
  samples.forEach((idx, g) => {
    if (idx.length < 2)
      throw new RangeError(
        `${fn}: each sample needs at least 2 rows${mode === "pooled" ? "" : ` (group ${g})`}; got ${idx.length}`,
      );
  });

  const issues = new IssueCollector();
  const indicator = (j: number): string => {
    const name = options.names?.[j];
    return name !== undefined ? `indicator "${name}"` : `indicator ${j + 1}`;
  };
  const column = (j: number): string => options.names?.[j] ?? `indicator ${j + 1}`;

  // Negative values: one issue per column, over all rows.
  for (let j = 0; j < cols; j++) {
    let negatives = 0;
    let first = -1;
    for (let i = 0; i < rows; i++) {
      if (P.data[i * cols + j]! < 0) {
        negatives++;
        if (first < 0) first = i;
      }
    }
    if (negatives > 0)
      issues.add({
        code: "bad_value",
        column: column(j),
        message: `${indicator(j)} has ${negatives} negative value${negatives > 1 ? "s" : ""} (first at observation ${first + 1}); entropy needs values ≥ 0`,
        hint: "min-max normalise the indicator first (normalize), or shift it so that every value is ≥ 0",
      });
  }
  issues.throwIfAny();

  const buffer = new Float64Array(rows);
  const periods: EntropyPeriodWeights[] = [];
  samples.forEach((idx, g) => {
    const n = idx.length;
    const lnN = Math.log(n);
    const where = (j: number): Omit<InputIssue, "code" | "message" | "hint"> => {
      const label = mode === "pooled" ? undefined : options.periodLabels?.[g];
      return { column: column(j), ...(label !== undefined ? { time: label } : {}) };
    };
    const inPeriod =
      mode === "pooled"
        ? ""
        : ` in period ${options.periodLabels?.[g] !== undefined ? String(options.periodLabels[g]) : `index ${g}`}`;
    const divergence = new Float64Array(cols);
    let usable = true;
    for (let j = 0; j < cols; j++) {
      let constant = true;
      const first = P.data[idx[0]! * cols + j]!;
      for (let t = 0; t < n; t++) {
        const v = P.data[idx[t]! * cols + j]!;
        buffer[t] = v;
        if (v !== first) constant = false;
      }
      if (constant) {
        usable = false;
        issues.add({
          code: "bad_value",
          ...where(j),
          message:
            first === 0
              ? `${indicator(j)} is zero in every row${inPeriod}, so its shares p_ij are undefined`
              : `${indicator(j)} is constant${inPeriod} (every value is ${first}) and carries no entropy information`,
          hint: "drop the indicator, or compute entropy over the pooled panel instead of period by period",
        });
        continue;
      }
      const total = fsum(buffer.subarray(0, n));
      for (let t = 0; t < n; t++) {
        const p = buffer[t]! / total;
        buffer[t] = p > 0 ? p * Math.log(n * p) : 0;
      }
      divergence[j] = Math.min(1, Math.max(0, fsum(buffer.subarray(0, n)) / lnN));
    }
    if (!usable) return;
    const sum = fsum(divergence);
    if (!(sum > 0)) {
      for (let j = 0; j < cols; j++)
        issues.add({
          code: "bad_value",
          ...where(j),
          message: `${indicator(j)} varies too little${inPeriod} for entropy weighting (no indicator has a divergence above 0)`,
          hint: "check the indicators; entropy weights need at least one indicator that varies across units",
        });
      return;
    }
    periods.push({
      group: g,
      weights: divergence.map((d) => d / sum),
      entropy: divergence.map((d) => 1 - d),
      divergence,
    });
  });
  issues.throwIfAny();

  if (mode === "pooled") {
    const only = periods[0]!;
    return { weights: only.weights, entropy: only.entropy, divergence: only.divergence, mode };
  }
  const mean = (pick: (p: EntropyPeriodWeights) => Float64Array): Float64Array => {
    const out = new Float64Array(cols);
    const column = new Float64Array(periods.length);
    for (let j = 0; j < cols; j++) {
      periods.forEach((p, g) => (column[g] = pick(p)[j]!));
      out[j] = fsum(column) / periods.length;
    }
    return out;
  };
  return {
    weights: mean((p) => p.weights),
    entropy: mean((p) => p.entropy),
    divergence: mean((p) => p.divergence),
    mode,
    perPeriod: periods,
  };
}
