/**
 * Linear least squares y = Xb + e by Householder QR (X = QR, b = R⁻¹Q'y, (X'X)⁻¹ = R⁻¹R⁻'), with the
 * conventional, HC1 and cluster-robust covariances, t statistics and two-sided Student-t p-values; and a
 * square linear solve by Gaussian elimination with partial pivoting. Notation: n rows, k columns of X.
 */

import { logGamma } from "./gamma.js";
import type { Matrix } from "./matrix.js";

/** Which covariance of b: s²(X'X)⁻¹, White's HC1, or clustered by groups (Liang–Zeger) with Stata's small-sample factor. */
export type CovarianceType = "conventional" | "hc1" | "cluster";

export interface LeastSquaresOptions {
  /** Covariance of the coefficients; default "conventional". */
  readonly covariance?: CovarianceType;
  /** Cluster (group) index per row, 0 … G−1; required for "cluster". */
  readonly clusters?: Int32Array;
  /**
   * Parameters swept out before the fit (fixed effects removed by a within transformation): they count in the
   * residual degrees of freedom n − k − absorbed of the conventional and HC1 covariances. Default 0.
   */
  readonly absorbed?: number;
  /**
   * Parameters counted as K in the cluster factor G/(G−1)·(n−1)/(n−K), K = k + clusterAbsorbed. Default
   * `absorbed`. Stata's `xtreg, fe vce(cluster id)` counts the slopes plus its constant (clusterAbsorbed = 1),
   * because fixed effects nested in the clusters use no cluster-level degrees of freedom.
   */
  readonly clusterAbsorbed?: number;
}

export type LeastSquaresStatus = "ok" | "collinear";

export interface LeastSquaresResult {
  /** "collinear" when a column of X is (numerically) a linear combination of the columns before it. */
  readonly status: LeastSquaresStatus;
  /** The first collinear column (0-based) when status is "collinear", else -1. */
  readonly collinearColumn: number;
  readonly n: number;
  readonly k: number;
  /** b (length k; NaN when collinear). */
  readonly coefficients: Float64Array;
  /** y − Xb. */
  readonly residuals: Float64Array;
  /** Σ e². */
  readonly rss: number;
  /** 1 − RSS / Σ(y − ȳ)² (for a within regression, whose y has mean 0, the within R²). */
  readonly r2: number;
  /** Covariance of b, k × k. */
  readonly covariance: Matrix;
  readonly standardErrors: Float64Array;
  readonly t: Float64Array;
  /** Two-sided p-values from Student's t with `df` degrees of freedom. */
  readonly p: Float64Array;
  /** Degrees of freedom of the t tests: n − k − absorbed, or G − 1 for clustered covariances (as Stata). */
  readonly df: number;
  /** Residual degrees of freedom n − k − absorbed. */
  readonly dfResidual: number;
  /** Number of clusters (0 unless "cluster"). */
  readonly clusters: number;
  readonly covarianceType: CovarianceType;
}

/** Relative size of |R_jj| below which column j counts as collinear with the columns before it. */
const COLLINEAR_TOLERANCE = 1e-10;

/**
 * Ordinary least squares with conventional, HC1 or cluster-robust standard errors.
 *
 * b = R⁻¹Q'y from the Householder QR of X; bread B = (X'X)⁻¹ = R⁻¹R⁻'. Conventional V = s²B with
 * s² = e'e/(n − k − a); HC1 V = n/(n − k − a) · B(Σ e_i² x_i x_i')B; cluster
 * V = G/(G−1)·(n−1)/(n−K) · B(Σ_g u_g u_g')B with u_g = Σ_{i∈g} e_i x_i and K = k + clusterAbsorbed. The t tests use
 * n − k − a degrees of freedom, or G − 1 when clustered (Stata's convention).
 *
 * Reference: Golub & Van Loan (2013), Matrix Computations, 4th ed., §5.2 (Householder QR) and §5.3 (least
 * squares); White (1980) Econometrica 48(4):817–838 and MacKinnon & White (1985) J. Econometrics 29(3):305–325
 * (HC1); Liang & Zeger (1986) Biometrika 73(1):13–22 and Stata's [U] 20.22 / [R] regress (cluster factor).
 *
 * @param X n × k design (include a column of ones for a constant), n > k
 * @param y length n
 * @param options covariance type, clusters and absorbed parameters
 * @returns coefficients, residuals, covariance, standard errors, t, p; status "collinear" (and NaN estimates) when X has deficient rank
 * @throws RangeError when shapes disagree, n ≤ k + absorbed, a value is not finite, or clusters are missing or fewer than 2
 * @example
 * leastSquares(fromRows([[1, 0], [1, 1], [1, 2]]), Float64Array.of(1, 3, 5)).coefficients
 * // => Float64Array [1, 2]
 */
export function leastSquares(
  X: Matrix,
  y: ArrayLike<number>,
  options: LeastSquaresOptions = {},
): LeastSquaresResult {
  const { rows: n, cols: k } = X;
  const covarianceType = options.covariance ?? "conventional";
  const absorbed = options.absorbed ?? 0;
  const clusterAbsorbed = options.clusterAbsorbed ?? absorbed;
  if (y.length !== n) throw new RangeError(`leastSquares: y needs ${n} values (rows of X); got ${y.length}`);
  if (!(Number.isInteger(absorbed) && absorbed >= 0))
    throw new RangeError(`leastSquares: absorbed must be a whole number ≥ 0; got ${absorbed}`);
  if (!(Number.isInteger(clusterAbsorbed) && clusterAbsorbed >= 0))
    throw new RangeError(`leastSquares: clusterAbsorbed must be a whole number ≥ 0; got ${clusterAbsorbed}`);
  if (!(k >= 1 && n > k + absorbed))
    throw new RangeError(
      `leastSquares: needs more rows than parameters (n > k + absorbed); got n = ${n}, k = ${k}, absorbed = ${absorbed}`,
    );
  for (let q = 0; q < n * k; q++)
    if (!Number.isFinite(X.data[q]!))
      throw new RangeError(`leastSquares: X must be finite; got ${X.data[q]} at row ${Math.floor(q / k)}`);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(y[i]!))
      throw new RangeError(`leastSquares: y must be finite; got ${y[i]} at row ${i}`);
  let groups = 0;
  if (covarianceType === "cluster") {
    const clusters = options.clusters;
    if (clusters?.length !== n)
      throw new RangeError(
        `leastSquares: clusters needs ${n} entries for "cluster"; got ${clusters?.length ?? 0}`,
      );
    for (const g of clusters) {
      if (!(g >= 0)) throw new RangeError(`leastSquares: cluster indices must be ≥ 0; got ${g}`);
      groups = Math.max(groups, g + 1);
    }
    const seen = new Uint8Array(groups);
    for (const g of clusters) seen[g] = 1;
    groups = seen.reduce((a, b) => a + b, 0);
    if (groups < 2) throw new RangeError(`leastSquares: "cluster" needs at least 2 clusters; got ${groups}`);
    if (!(n > k + clusterAbsorbed))
      throw new RangeError(
        `leastSquares: n must exceed k + clusterAbsorbed; got n = ${n}, K = ${k + clusterAbsorbed}`,
      );
  }

  const qr = householderQr(X, y);
  const dfResidual = n - k - absorbed;
  const df = covarianceType === "cluster" ? groups - 1 : dfResidual;
  const nanVector = (): Float64Array => new Float64Array(k).fill(Number.NaN);
  if (qr.collinearColumn >= 0) {
    return {
      status: "collinear",
      collinearColumn: qr.collinearColumn,
      n,
      k,
      coefficients: nanVector(),
      residuals: new Float64Array(n).fill(Number.NaN),
      rss: Number.NaN,
      r2: Number.NaN,
      covariance: { data: new Float64Array(k * k).fill(Number.NaN), rows: k, cols: k },
      standardErrors: nanVector(),
      t: nanVector(),
      p: nanVector(),
      df,
      dfResidual,
      clusters: groups,
      covarianceType,
    };
  }

  // Back substitution R b = Q'y, and R⁻¹ (upper triangular) for the bread.
  const { r, qty } = qr;
  const b = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    let s = qty[j]!;
    for (let l = j + 1; l < k; l++) s -= r[j * k + l]! * b[l]!;
    b[j] = s / r[j * k + j]!;
  }
  const rInverse = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    rInverse[c * k + c] = 1 / r[c * k + c]!;
    for (let j = c - 1; j >= 0; j--) {
      let s = 0;
      for (let l = j + 1; l <= c; l++) s += r[j * k + l]! * rInverse[l * k + c]!;
      rInverse[j * k + c] = -s / r[j * k + j]!;
    }
  }
  const bread = new Float64Array(k * k); // R⁻¹ R⁻'
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let l = Math.max(i, j); l < k; l++) s += rInverse[i * k + l]! * rInverse[j * k + l]!;
      bread[i * k + j] = s;
      bread[j * k + i] = s;
    }

  const residuals = new Float64Array(n);
  let rss = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]!;
  yMean /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += X.data[i * k + j]! * b[j]!;
    const e = y[i]! - fit;
    residuals[i] = e;
    rss += e * e;
    tss += (y[i]! - yMean) ** 2;
  }

  let covariance: Float64Array;
  if (covarianceType === "conventional") {
    const s2 = rss / dfResidual;
    covariance = bread.map((v) => v * s2);
  } else {
    const meat = new Float64Array(k * k);
    const addOuter = (u: Float64Array): void => {
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) meat[i * k + j]! += u[i]! * u[j]!;
    };
    if (covarianceType === "hc1") {
      const u = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) u[j] = X.data[i * k + j]! * residuals[i]!;
        addOuter(u);
      }
    } else {
      const clusters = options.clusters!;
      const maxIndex = clusters.reduce((a, g) => Math.max(a, g), 0);
      const scores = new Float64Array((maxIndex + 1) * k);
      for (let i = 0; i < n; i++) {
        const g = clusters[i]!;
        for (let j = 0; j < k; j++) scores[g * k + j]! += X.data[i * k + j]! * residuals[i]!;
      }
      for (let g = 0; g <= maxIndex; g++) addOuter(scores.subarray(g * k, (g + 1) * k));
    }
    const factor =
      covarianceType === "hc1"
        ? n / dfResidual
        : (groups / (groups - 1)) * ((n - 1) / (n - k - clusterAbsorbed));
    covariance = sandwich(bread, meat, k).map((v) => v * factor);
  }

  const standardErrors = new Float64Array(k);
  const t = new Float64Array(k);
  const p = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    standardErrors[j] = Math.sqrt(covariance[j * k + j]!);
    t[j] = b[j]! / standardErrors[j]!;
    p[j] = Number.isFinite(t[j]!) ? studentTTwoSided(t[j]!, df) : Number.NaN;
  }
  return {
    status: "ok",
    collinearColumn: -1,
    n,
    k,
    coefficients: b,
    residuals,
    rss,
    r2: tss > 0 ? 1 - rss / tss : Number.NaN,
    covariance: { data: covariance, rows: k, cols: k },
    standardErrors,
    t,
    p,
    df,
    dfResidual,
    clusters: groups,
    covarianceType,
  };
}

/** B·M·B for symmetric k × k B and M. */
function sandwich(bread: Float64Array, meat: Float64Array, k: number): Float64Array {
  const bm = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += bread[i * k + l]! * meat[l * k + j]!;
      bm[i * k + j] = s;
    }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += bm[i * k + l]! * bread[l * k + j]!;
      out[i * k + j] = s;
      out[j * k + i] = s;
    }
  return out;
}

/** Householder QR of X (n × k): R (k × k, upper) and the first k entries of Q'y; stops at the first collinear column. */
function householderQr(
  X: Matrix,
  y: ArrayLike<number>,
): { r: Float64Array; qty: Float64Array; collinearColumn: number } {
  const { rows: n, cols: k } = X;
  const a = Float64Array.from(X.data);
  const qy = Float64Array.from(y);
  const columnNorm = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i * k + j]! ** 2;
    columnNorm[j] = Math.sqrt(s);
  }
  const r = new Float64Array(k * k);
  const v = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i * k + j]! ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > COLLINEAR_TOLERANCE * columnNorm[j]!) || norm === 0)
      return { r, qty: qy.subarray(0, k), collinearColumn: j };
    const ajj = a[j * k + j]!;
    const alpha = ajj > 0 ? -norm : norm;
    let vNorm2 = 0;
    for (let i = j; i < n; i++) {
      v[i] = a[i * k + j]!;
      if (i === j) v[i]! -= alpha;
      vNorm2 += v[i]! ** 2;
    }
    // Apply H = I − 2vv'/v'v to columns j+1 … k−1 and to y; column j becomes (alpha, 0, …, 0).
    for (let c = j + 1; c < k; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i]! * a[i * k + c]!;
      const f = (2 * dot) / vNorm2;
      for (let i = j; i < n; i++) a[i * k + c]! -= f * v[i]!;
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += v[i]! * qy[i]!;
    const f = (2 * dot) / vNorm2;
    for (let i = j; i < n; i++) qy[i]! -= f * v[i]!;
    r[j * k + j] = alpha;
    for (let c = j + 1; c < k; c++) r[j * k + c] = a[j * k + c]!;
  }
  return { r, qty: qy.slice(0, k), collinearColumn: -1 };
}

/**
 * Two-sided p-value of Student's t: Pr(|T_df| > |t|) = I_{df/(df + t²)}(df/2, 1/2).
 *
 * Reference: Abramowitz & Stegun (1964), 26.5.27 and 26.7.1; the regularised incomplete beta by its continued
 * fraction (Press et al. 2007, Numerical Recipes, 3rd ed., §6.4).
 *
 * @param t statistic (finite)
 * @param df degrees of freedom, > 0
 * @returns the p-value in [0, 1]
 * @throws RangeError when df ≤ 0 or t is not finite
 * @example
 * studentTTwoSided(1, 1) // Cauchy: 1 − 2·atan(1)/π
 * // => 0.5
 */
export function studentTTwoSided(t: number, df: number): number {
  if (!(df > 0 && Number.isFinite(df)))
    throw new RangeError(`studentTTwoSided: df must be finite and > 0; got ${df}`);
  if (!Number.isFinite(t)) throw new RangeError(`studentTTwoSided: t must be finite; got ${t}`);
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** I_x(a, b), the regularised incomplete beta function, by the continued fraction (modified Lentz). */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) return h;
  }
  throw new RangeError(
    `studentTTwoSided: continued fraction did not converge for x = ${x}, a = ${a}, b = ${b}`,
  );
}

/**
 * Solves the square system A x = b by Gaussian elimination with partial pivoting.
 *
 * Reference: Golub & Van Loan (2013), Matrix Computations, 4th ed., §3.4 (Algorithm 3.4.1).
 *
 * @param A n × n, non-singular, finite
 * @param b length n
 * @returns x (length n)
 * @throws RangeError when A is not square, lengths disagree, or A is singular to working precision
 * @example
 * solveLinear(fromRows([[2, 0], [0, 4]]), Float64Array.of(2, 2))
 * // => Float64Array [1, 0.5]
 */
export function solveLinear(A: Matrix, b: ArrayLike<number>): Float64Array {
  const n = A.rows;
  if (A.cols !== n) throw new RangeError(`solveLinear: A must be square; got ${A.rows} × ${A.cols}`);
  if (b.length !== n) throw new RangeError(`solveLinear: b needs ${n} values; got ${b.length}`);
  const a = Float64Array.from(A.data);
  const x = Float64Array.from(b);
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i * n + c]!) > Math.abs(a[pivot * n + c]!)) pivot = i;
    if (!(Math.abs(a[pivot * n + c]!) > 1e-14 * scale))
      throw new RangeError(`solveLinear: A is singular to working precision (column ${c})`);
    if (pivot !== c) {
      for (let j = 0; j < n; j++) {
        const tmp = a[c * n + j]!;
        a[c * n + j] = a[pivot * n + j]!;
        a[pivot * n + j] = tmp;
      }
      const tmp = x[c]!;
      x[c] = x[pivot]!;
      x[pivot] = tmp;
    }
    for (let i = c + 1; i < n; i++) {
      const f = a[i * n + c]! / a[c * n + c]!;
      if (f === 0) continue;
      for (let j = c; j < n; j++) a[i * n + j]! -= f * a[c * n + j]!;
      x[i]! -= f * x[c]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * x[j]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}
