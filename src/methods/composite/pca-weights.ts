/**
 * Principal-component index and weights: X is n units × m indicators; Z its column z-scores
 * (sample sd, n − 1); R = Z'Z/(n − 1) the correlation matrix with eigenpairs (λ_k, u_k), λ
 * descending; loadings a_jk = u_jk·√λ_k; component scores F_k = Z·u_k.
 */

import { NqpfInputError, type InputIssue } from "../../errors.js";
import { symmetricEigen } from "../../math/eigen.js";
import { fsum } from "../../math/fsum.js";
import { chiSquareSurvival } from "../../math/gamma.js";
import type { Matrix } from "../../math/matrix.js";

/** How many components to keep: eigenvalue > 1, a cumulative variance share, or a fixed count. */
export type PcaRetain = "kaiser" | { readonly variance: number } | { readonly components: number };

export interface PcaWeightsOptions {
  /** Default "kaiser" (λ > 1, at least one component). */
  readonly retain?: PcaRetain;
  /** Indicator names, used in error messages. */
  readonly names?: readonly string[];
}

/**
 * Whether KMO and Bartlett could be computed: "singular_correlation" when R is not invertible (both are then
 * NaN); "uncorrelated" when every correlation and partial correlation is 0, so KMO is 0/0 (NaN) while
 * Bartlett's test is computed (χ² = 0, p = 1).
 */
export type PcaDiagnosticsStatus = "ok" | "singular_correlation" | "uncorrelated";

export interface PcaWeightsResult {
  /** All m eigenvalues of R, descending. */
  readonly eigenvalues: Float64Array;
  /** λ_k / m for each component. */
  readonly explainedVariance: Float64Array;
  /** Number of components kept. */
  readonly retained: number;
  /** m × retained component matrix (SPSS "component matrix"): a_jk = u_jk·√λ_k, the correlation of indicator j with component k. */
  readonly loadings: Matrix;
  /** m × retained eigenvectors u_jk (score coefficients, = a_jk/√λ_k), signs fixed so the largest-|entry| is positive. */
  readonly coefficients: Matrix;
  /** n × retained component scores F_k = Σ_j u_jk z_j. */
  readonly componentScores: Matrix;
  /** Composite score F = Σ_k (λ_k / Σ_kept λ)·F_k, length n (may be negative; min-max it before use as a level). */
  readonly score: Float64Array;
  /** w_j ∝ Σ_k (λ_k / Σ_kept λ)·|a_jk| / √λ_k, normalised to sum 1. */
  readonly weights: Float64Array;
  /** Kaiser–Meyer–Olkin measure of sampling adequacy (NaN exactly when `diagnosticsStatus` is not "ok"). */
  readonly kmo: number;
  /** Per-indicator measure of sampling adequacy MSA_j (NaN when R is singular, and for an indicator whose correlations and partial correlations with all others are 0). */
  readonly kmoPerIndicator: Float64Array;
  /** Bartlett's test of sphericity (NaN entries when singular). */
  readonly bartlett: { readonly chiSquare: number; readonly df: number; readonly pValue: number };
  readonly diagnosticsStatus: PcaDiagnosticsStatus;
  readonly means: Float64Array;
  /** Sample standard deviations (n − 1) used for the z-scores. */
  readonly sds: Float64Array;
  /** The correlation matrix R (m × m). */
  readonly correlation: Matrix;
}

/** Smallest eigenvalue of R (trace m) below which R counts as singular. */
const SINGULAR_EIGENVALUE = 1e-10;

/**
 * Principal-component composite index with indicator weights, KMO and Bartlett's test.
 *
 * Z = column z-scores of X (sample sd); R = corr(X); R = Σ_k λ_k u_k u_k'. Keep K components
 * ("kaiser": λ_k > 1, at least one; {variance: v}: the fewest with Σ_{k≤K} λ_k/m ≥ v; {components: K}).
 * F_k = Z u_k; F = Σ_{k≤K} (λ_k/Σ_{k≤K} λ_k) F_k. Weights [R]: w_j ∝ Σ_{k≤K} (λ_k/Σ λ)·|a_jk|/√λ_k with
 * a_jk = √λ_k u_jk, normalised to sum 1 (a recalled variant used in NQPF studies; plain PCA, no varimax).
 * KMO = Σ_{i≠j} r_ij² / (Σ_{i≠j} r_ij² + Σ_{i≠j} q_ij²), q_ij = −s_ij/√(s_ii s_jj), S = R⁻¹.
 * Bartlett: χ² = −(n − 1 − (2m + 5)/6)·ln|R|, df = m(m − 1)/2, p = Pr(χ²_df > χ²).
 *
 * Reference: Jolliffe (2002), Principal Component Analysis, 2nd ed., Springer, ch. 2–3; Kaiser (1970),
 * Psychometrika 35(4):401–415 and Kaiser & Rice (1974), Educational and Psychological Measurement 34(1):111–117,
 * doi:10.1177/001316447403400115 (KMO, in the Kaiser–Rice form used by SPSS); Bartlett (1950), British Journal of
 * Statistical Psychology 3(2):77–85, doi:10.1111/j.2044-8317.1950.tb00285.x.
 *
 * @param X n × m, row-major, finite, n ≥ 3, m ≥ 2; no constant column
 * @param options retain rule and indicator names
 * @returns eigenvalues, loadings, scores, weights and the KMO/Bartlett diagnostics; when R is singular (for
 *   instance n ≤ m, or collinear indicators) the PCA is still returned but KMO/Bartlett are NaN and
 *   `diagnosticsStatus` is "singular_correlation" (see `PcaDiagnosticsStatus`)
 * @throws NqpfInputError (code "bad_value") for a constant indicator; RangeError for a bad shape, a
 *   non-finite value or a bad `retain`
 * @example
 * pcaWeights(fromRows([[1, 2], [2, 1], [3, 5], [4, 3]])).weights
 * // => Float64Array [0.5, 0.5]
 */
export function pcaWeights(X: Matrix, options: PcaWeightsOptions = {}): PcaWeightsResult {
  const n = X.rows;
  const m = X.cols;
  if (!(n >= 3)) throw new RangeError(`pcaWeights: X needs at least three rows; got ${n}`);
  if (!(m >= 2)) throw new RangeError(`pcaWeights: X needs at least two columns; got ${m}`);
  if (options.names !== undefined && options.names.length !== m) {
    throw new RangeError(
      `pcaWeights: names must have one entry per column (${m}); got ${options.names.length}`,
    );
  }
  for (let k = 0; k < n * m; k++) {
    if (!Number.isFinite(X.data[k]!)) {
      throw new RangeError(
        `pcaWeights: X must be finite; got ${X.data[k]} at row ${Math.floor(k / m)}, column ${k % m}`,
      );
    }
  }

  const means = new Float64Array(m);
  const sds = new Float64Array(m);
  const issues: InputIssue[] = [];
  const columnValues = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) columnValues[i] = X.data[i * m + j]!;
    const mean = fsum(columnValues) / n;
    for (let i = 0; i < n; i++) columnValues[i] = (X.data[i * m + j]! - mean) ** 2;
    const sd = Math.sqrt(fsum(columnValues) / (n - 1));
    means[j] = mean;
    sds[j] = sd;
    if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) {
      const column = options.names?.[j] ?? `indicator ${j + 1}`;
      issues.push({
        code: "bad_value",
        column,
        message: `indicator "${column}" is constant (every value is ${mean}); it has no variance for PCA`,
        hint: "drop this indicator or check the data for a copy error",
      });
    }
  }
  if (issues.length > 0) throw new NqpfInputError(issues);

  const z = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) z[i * m + j] = (X.data[i * m + j]! - means[j]!) / sds[j]!;

  const r = new Float64Array(m * m);
  const products = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    r[j * m + j] = 1;
    for (let k = j + 1; k < m; k++) {
      for (let i = 0; i < n; i++) products[i] = z[i * m + j]! * z[i * m + k]!;
      const value = Math.max(-1, Math.min(1, fsum(products) / (n - 1)));
      r[j * m + k] = value;
      r[k * m + j] = value;
    }
  }
  const correlation: Matrix = { data: r, rows: m, cols: m };
  const eigen = symmetricEigen(correlation);
  const eigenvalues = eigen.values;
  const explainedVariance = eigenvalues.map((lambda) => lambda / m);

  const retained = retainedCount(eigenvalues, m, options.retain ?? "kaiser");
  let keptTotal = 0;
  for (let k = 0; k < retained; k++) keptTotal += eigenvalues[k]!;

  const loadings = new Float64Array(m * retained);
  const coefficients = new Float64Array(m * retained);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < retained; k++) {
      const u = eigen.vectors.data[j * m + k]!;
      coefficients[j * retained + k] = u;
      loadings[j * retained + k] = u * Math.sqrt(Math.max(0, eigenvalues[k]!));
    }
  }

  const componentScores = new Float64Array(n * retained);
  const score = new Float64Array(n);
  const terms = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let k = 0; k < retained; k++) {
      for (let j = 0; j < m; j++) terms[j] = coefficients[j * retained + k]! * z[i * m + j]!;
      const fk = fsum(terms);
      componentScores[i * retained + k] = fk;
      total += (eigenvalues[k]! / keptTotal) * fk;
    }
    score[i] = total;
  }

  // |a_jk|/√λ_k = |u_jk|, so the weight is the variance-share-weighted mean of |u_jk|.
  const raw = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let value = 0;
    for (let k = 0; k < retained; k++)
      value += (eigenvalues[k]! / keptTotal) * Math.abs(coefficients[j * retained + k]!);
    raw[j] = value;
  }
  const rawTotal = fsum(raw);
  const weights = raw.map((value) => value / rawTotal);

  const df = (m * (m - 1)) / 2;
  const singular = !(eigenvalues[m - 1]! > SINGULAR_EIGENVALUE);
  let diagnosticsStatus: PcaDiagnosticsStatus = singular ? "singular_correlation" : "ok";
  let kmo = Number.NaN;
  const kmoPerIndicator = new Float64Array(m).fill(Number.NaN);
  let bartlett = { chiSquare: Number.NaN, df, pValue: Number.NaN };
  if (!singular) {
    // S = R⁻¹ = Σ_k u_k u_k' / λ_k
    const s = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = i; j < m; j++) {
        let value = 0;
        for (let k = 0; k < m; k++)
          value += (eigen.vectors.data[i * m + k]! * eigen.vectors.data[j * m + k]!) / eigenvalues[k]!;
        s[i * m + j] = value;
        s[j * m + i] = value;
      }
    }
    let r2Total = 0;
    let q2Total = 0;
    for (let i = 0; i < m; i++) {
      let r2 = 0;
      let q2 = 0;
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        r2 += r[i * m + j]! ** 2;
        q2 += s[i * m + j]! ** 2 / (s[i * m + i]! * s[j * m + j]!);
      }
      kmoPerIndicator[i] = r2 + q2 > 0 ? r2 / (r2 + q2) : Number.NaN;
      r2Total += r2;
      q2Total += q2;
    }
    if (r2Total + q2Total > 0) kmo = r2Total / (r2Total + q2Total);
    else diagnosticsStatus = "uncorrelated";
    const logDeterminant = fsum(eigenvalues.map(Math.log));
    const chiSquare = Math.max(0, -(n - 1 - (2 * m + 5) / 6) * logDeterminant);
    bartlett = { chiSquare, df, pValue: chiSquareSurvival(chiSquare, df) };
  }

  return {
    eigenvalues,
    explainedVariance,
    retained,
    loadings: { data: loadings, rows: m, cols: retained },
    coefficients: { data: coefficients, rows: m, cols: retained },
    componentScores: { data: componentScores, rows: n, cols: retained },
    score,
    weights,
    kmo,
    kmoPerIndicator,
    bartlett,
    diagnosticsStatus,
    means,
    sds,
    correlation,
  };
}

function retainedCount(eigenvalues: Float64Array, m: number, retain: PcaRetain): number {
  if (retain === "kaiser") {
    let count = 0;
    while (count < m && eigenvalues[count]! > 1) count++;
    return Math.max(1, count);
  }
  if (typeof retain !== "object") {
    throw new RangeError(
      `pcaWeights: retain must be "kaiser", {variance} or {components}; got ${String(retain)}`,
    );
  }
  if ("variance" in retain) {
    const share = retain.variance;
    if (!(share > 0 && share <= 1)) {
      throw new RangeError(`pcaWeights: retain.variance must be in (0, 1]; got ${share}`);
    }
    let cumulative = 0;
    for (let k = 0; k < m; k++) {
      cumulative += eigenvalues[k]! / m;
      if (cumulative >= share - 1e-12) return k + 1;
    }
    return m;
  }
  const count = retain.components;
  if (!(Number.isInteger(count) && count >= 1 && count <= m)) {
    throw new RangeError(`pcaWeights: retain.components must be a whole number in 1..${m}; got ${count}`);
  }
  return count;
}
