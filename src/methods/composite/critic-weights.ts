/**
 * CRITIC weights (Criteria Importance Through Intercriteria Correlation, methods.md §2.3). Z is rows × m, usually
 * min-max normalised. σ_j = standard deviation of column j, r_jk = Pearson correlation of columns j and k,
 * C_j = σ_j Σ_k (1 − r_jk) (the information carried by indicator j), w_j = C_j / Σ_k C_k.
 */
import { IssueCollector } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import type { Matrix } from "../../math/matrix.js";
import { checkMatrix, checkOneOf } from "./checks.js";

/** Options of `criticWeights`. */
export interface CriticWeightsOptions {
  /** "signed" (default): conflict Σ_k (1 − r_jk), as Diakoulaki et al.; "absolute": Σ_k (1 − |r_jk|). */
  readonly correlation?: "signed" | "absolute";
  /** "sd" (default): σ_j; "cv": σ_j / mean_j (the "improved CRITIC"; needs mean_j > 0). */
  readonly dispersion?: "sd" | "cv";
  /** Degrees of freedom removed from n for σ: 1 (sample, default) or 0. It cancels in the weights. */
  readonly ddof?: 0 | 1;
  /** Indicator names (one per column), used in issues. */
  readonly names?: readonly string[];
}

/** CRITIC weights with the dispersion, conflict, information and correlations behind them. */
export interface CriticWeightsResult {
  /** Length m, ≥ 0, sums to 1. */
  readonly weights: Float64Array;
  /** σ_j. */
  readonly sd: Float64Array;
  /** The dispersion used: σ_j, or σ_j / mean_j for dispersion "cv". */
  readonly dispersion: Float64Array;
  /** Σ_k (1 − r_jk) or Σ_k (1 − |r_jk|). */
  readonly conflict: Float64Array;
  /** C_j = dispersion_j · conflict_j. */
  readonly information: Float64Array;
  /** m × m Pearson correlations (diagonal 1). */
  readonly correlation: Matrix;
  readonly correlationKind: "signed" | "absolute";
  readonly dispersionKind: "sd" | "cv";
}

/**
 * CRITIC weights of the columns of Z.
 *
 * C_j = σ_j Σ_k (1 − r_jk), w_j = C_j / Σ_k C_k (variants: 1 − |r_jk|; σ_j/mean_j in place of σ_j). Cost criteria
 * are flipped, if wanted, by the caller through `normalize` directions before this call: the flip changes the sign
 * of r and so the weights. With a single indicator the weight is 1.
 *
 * Reference: Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research 22(7):763–770,
 * doi:10.1016/0305-0548(94)00059-H; worked example: Tuş & Aytaç Adalı (2019), Opsearch 56(2):528–538,
 * doi:10.1007/s12597-019-00371-6.
 *
 * @param Z rows × m, finite (rows ≥ 2), usually min-max normalised
 * @param options correlation, dispersion, ddof, names
 * @returns weights with the dispersion, conflict, information and correlation behind them
 * @throws NqpfInputError (code "bad_value", column = indicator name) for a constant column, a non-positive mean with dispersion "cv", or when every indicator is perfectly correlated with all others (no information)
 * @throws RangeError naming `criticWeights` for non-finite values, fewer than 2 rows, or names of the wrong length
 * @example
 * criticWeights(fromRows([[0, 0, 1], [0.5, 1, 0], [1, 0.5, 0.5]])).weights
 * // => ≈ [0.25, 0.3125, 0.4375]
 */
export function criticWeights(Z: Matrix, options: CriticWeightsOptions = {}): CriticWeightsResult {
  const fn = "criticWeights";
  const correlationKind = options.correlation ?? "signed";
  const dispersionKind = options.dispersion ?? "sd";
  const ddof = options.ddof ?? 1;
  const { rows: n, cols: m } = Z;
  checkMatrix(fn, Z);
  if (n < 2) throw new RangeError(`${fn}: Z needs at least 2 rows; got ${n}`);
  checkOneOf(fn, "correlation", correlationKind, ["signed", "absolute"]);
  checkOneOf(fn, "dispersion", dispersionKind, ["sd", "cv"]);
  checkOneOf(fn, "ddof", ddof, [0, 1]);
  if (options.names !== undefined && options.names.length !== m)
    throw new RangeError(`${fn}: names must have one entry per column (${m}); got ${options.names.length}`);
  const column = (j: number): string => options.names?.[j] ?? `indicator ${j + 1}`;
  const indicator = (j: number): string => {
    const name = options.names?.[j];
    return name !== undefined ? `indicator "${name}"` : `indicator ${j + 1}`;
  };

  // Centred columns, means and sums of squares.
  const centred = new Float64Array(n * m); // column-major: centred[j * n + i]
  const mean = new Float64Array(m);
  const sumSquares = new Float64Array(m);
  const buffer = new Float64Array(n);
  const issues = new IssueCollector();
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) buffer[i] = Z.data[i * m + j]!;
    mean[j] = fsum(buffer) / n;
    let constant = true;
    for (let i = 0; i < n; i++) {
      const c = buffer[i]! - mean[j]!;
      centred[j * n + i] = c;
      buffer[i] = c * c;
      if (Z.data[i * m + j] !== Z.data[j]) constant = false;
    }
    sumSquares[j] = fsum(buffer);
    if (constant || !(sumSquares[j]! > 0))
      issues.add({
        code: "bad_value",
        column: column(j),
        message: `${indicator(j)} is constant (every value is ${Z.data[j]}), so its standard deviation is 0 and its correlations are undefined`,
        hint: "drop the indicator from the CRITIC weighting",
      });
    else if (dispersionKind === "cv" && !(mean[j]! > 0))
      issues.add({
        code: "bad_value",
        column: column(j),
        message: `${indicator(j)} has mean ${mean[j]}; the coefficient of variation needs a positive mean`,
        hint: 'use dispersion "sd", or min-max normalise the indicator first',
      });
  }
  issues.throwIfAny();

  const sd = sumSquares.map((s) => Math.sqrt(s / (n - ddof)));
  const dispersion = dispersionKind === "sd" ? sd.slice() : sd.map((s, j) => s / mean[j]!);
  const correlation = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    correlation[j * m + j] = 1;
    for (let k = j + 1; k < m; k++) {
      for (let i = 0; i < n; i++) buffer[i] = centred[j * n + i]! * centred[k * n + i]!;
      const r = Math.min(1, Math.max(-1, fsum(buffer) / Math.sqrt(sumSquares[j]! * sumSquares[k]!)));
      correlation[j * m + k] = r;
      correlation[k * m + j] = r;
    }
  }
  const conflict = new Float64Array(m);
  const terms = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < m; k++) {
      const r = correlation[j * m + k]!;
      terms[k] = 1 - (correlationKind === "signed" ? r : Math.abs(r));
    }
    conflict[j] = fsum(terms);
  }
  const information = dispersion.map((d, j) => d * conflict[j]!);
  let weights: Float64Array;
  if (m === 1) weights = Float64Array.of(1);
  else {
    const total = fsum(information);
    if (!(total > 0)) {
      for (let j = 0; j < m; j++)
        issues.add({
          code: "bad_value",
          column: column(j),
          message: `${indicator(j)} is perfectly correlated with every other indicator, so CRITIC finds no conflict and no information`,
          hint: "the indicators duplicate each other; keep one of them or use another weighting method",
        });
      issues.throwIfAny();
    }
    weights = information.map((c) => c / total);
  }
  return {
    weights,
    sd,
    dispersion,
    conflict,
    information,
    correlation: { data: correlation, rows: m, cols: m },
    correlationKind,
    dispersionKind,
  };
}
