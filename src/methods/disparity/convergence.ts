/**
 * Convergence of a panel variable x (n units × T periods spaced τ years apart): σ-convergence (coefficient of
 * variation and standard deviation of ln x per period, with a linear trend) and β-convergence, the regression of
 * growth g_it = ln(x_i,t+1 / x_it) on ln x_it (+ controls at t) pooled, with unit fixed effects, or with unit and
 * period fixed effects, with conventional, HC1 or cluster-robust standard errors; speed v = −ln(1 + β)/τ, half-life ln 2/v.
 */

import { IssueCollector, isNqpfInputError } from "../../errors.js";
import { leastSquares, type CovarianceType, type LeastSquaresResult } from "../../math/least-squares.js";
import type { Matrix } from "../../math/matrix.js";
import type { Panel } from "../../panel/panel.js";
import { numberColumn, stringColumn, table, type Table } from "../../table/table.js";
import { entityGroups, panelMatrix } from "./markov.js";

/** Fixed effects of the β regression: none (pooled OLS with a constant), unit, or unit and period (two-way). */
export type FixedEffects = "none" | "unit" | "twoway";

/** Standard errors: conventional (homoskedastic), robust (HC1) or clustered by unit. */
export type StandardErrorType = "conventional" | "robust" | "cluster";

export interface SigmaConvergenceOptions {
  /** Also the standard deviation of ln x (needs x > 0); default true. */
  readonly logs?: boolean;
  /** Period labels (e.g. years) for the trend regression; default 0, 1, …, T−1. */
  readonly times?: readonly number[];
}

/** Linear trend s_t = a + b·t of a dispersion series, with conventional OLS inference; NaN when T < 3. */
export interface DispersionTrend {
  readonly slope: number;
  readonly standardError: number;
  readonly t: number;
  readonly p: number;
}

export interface SigmaConvergenceResult {
  /** Units per period. */
  readonly n: number;
  readonly times: readonly number[];
  /** x̄_t. */
  readonly mean: Float64Array;
  /** sqrt((1/n) Σ_i (x_it − x̄_t)²). */
  readonly sd: Float64Array;
  /** sd_t / x̄_t. */
  readonly cv: Float64Array;
  /** sqrt((1/n) Σ_i (ln x_it − mean_i ln x_it)²); NaN entries when `logs` is false. */
  readonly sdLog: Float64Array;
  readonly cvTrend: DispersionTrend;
  /** Undefined when `logs` is false. */
  readonly sdLogTrend: DispersionTrend | undefined;
}

export interface BetaConvergenceOptions {
  /** Default "none". */
  readonly fe?: FixedEffects;
  /** Default "cluster". */
  readonly se?: StandardErrorType;
  /** Controls, each n × T, entering at the start t of each interval (used as given, not logged). */
  readonly controls?: readonly { readonly name: string; readonly values: Matrix }[];
  /** Years per period step τ; default 1. */
  readonly tau?: number;
  /** Name of the ln x term in the output; default "ln_x". */
  readonly name?: string;
}

/** converging: −1 < β < 0 (v > 0); diverging: β ≥ 0; undefined: β ≤ −1 (ln(1 + β) does not exist) or no estimate. */
export type SpeedStatus = "converging" | "diverging" | "undefined";

export interface BetaConvergenceResult {
  readonly fe: FixedEffects;
  readonly se: StandardErrorType;
  readonly tau: number;
  /** Observations N = n·(T − 1). */
  readonly observations: number;
  readonly units: number;
  readonly periods: number;
  /** "collinear" when a regressor is a linear combination of the others (estimates NaN); see `collinearTerm`. */
  readonly status: "ok" | "collinear";
  readonly collinearTerm: string | undefined;
  /** Reported terms: ln x, the controls, and "_cons" for the pooled model (period dummies are estimated, not reported). */
  readonly terms: readonly string[];
  readonly coefficients: Float64Array;
  readonly standardErrors: Float64Array;
  readonly t: Float64Array;
  readonly p: Float64Array;
  /** The coefficient of ln x and its inference. */
  readonly beta: number;
  readonly betaStandardError: number;
  readonly betaT: number;
  readonly betaP: number;
  /** v = −ln(1 + β)/τ (NaN unless 1 + β > 0). */
  readonly speed: number;
  /** ln 2 / v (NaN unless v > 0). */
  readonly halfLife: number;
  readonly speedStatus: SpeedStatus;
  /** R² of the estimated regression (within R² under fixed effects). */
  readonly r2: number;
  /** Degrees of freedom of the t tests (G − 1 when clustered). */
  readonly df: number;
  /** N − K − absorbed fixed effects. */
  readonly dfResidual: number;
  /** Period dummies estimated (two-way). */
  readonly periodDummies: number;
}

const REFERENCE_SIGMA =
  "Barro & Sala-i-Martin (1992) Journal of Political Economy 100(2):223–251 (σ-convergence); Sala-i-Martin (1996) Economic Journal 106(437):1019–1036";
const REFERENCE_BETA =
  "Barro & Sala-i-Martin (1992) JPE 100(2):223–251; Islam (1995) QJE 110(4):1127–1170 (panel fixed effects); speed v = −ln(1+β)/τ, half-life ln2/v; SEs: White (1980), MacKinnon & White (1985) HC1, Liang & Zeger (1986) with Stata's xtreg small-sample factor";

const NAN_TREND: DispersionTrend = {
  slope: Number.NaN,
  standardError: Number.NaN,
  t: Number.NaN,
  p: Number.NaN,
};

function trend(series: Float64Array, times: readonly number[]): DispersionTrend {
  const T = series.length;
  if (T < 3) return NAN_TREND;
  const X = new Float64Array(T * 2);
  for (let t = 0; t < T; t++) {
    X[t * 2] = 1;
    X[t * 2 + 1] = times[t]! - times[0]!;
  }
  const fit = leastSquares({ data: X, rows: T, cols: 2 }, series);
  if (fit.status !== "ok") return NAN_TREND;
  const se = fit.standardErrors[1]!;
  // A perfect linear fit has se 0: the slope is exact and no t statistic exists.
  return se > 0
    ? { slope: fit.coefficients[1]!, standardError: se, t: fit.t[1]!, p: fit.p[1]! }
    : { slope: fit.coefficients[1]!, standardError: 0, t: Number.NaN, p: Number.NaN };
}

/**
 * σ-convergence series: per period the coefficient of variation sd_t/x̄_t and the standard deviation of ln x (both
 * with divisor n), and each series' linear trend on time; a falling series means σ-convergence.
 *
 * Reference: Barro & Sala-i-Martin (1992) Journal of Political Economy 100(2):223–251; methods.md §3.5.
 *
 * @param y n × T values (units × periods), finite; > 0 when `logs` (default); every period's mean > 0
 * @param options logs, period labels
 * @returns the series and their trends
 * @throws RangeError when y has fewer than 2 units or 1 period, a value is not finite, a mean is ≤ 0, or a value is ≤ 0 with logs
 * @example
 * sigmaConvergence(fromRows([[1, 2], [3, 2]])).cv
 * // => Float64Array [0.5, 0]
 */
export function sigmaConvergence(y: Matrix, options: SigmaConvergenceOptions = {}): SigmaConvergenceResult {
  const { rows: n, cols: T } = y;
  const logs = options.logs ?? true;
  if (!(n >= 2 && T >= 1))
    throw new RangeError(`sigmaConvergence: needs at least 2 units and 1 period; got ${n} × ${T}`);
  const times = options.times ?? Array.from({ length: T }, (_, t) => t);
  if (times.length !== T)
    throw new RangeError(`sigmaConvergence: times needs ${T} labels; got ${times.length}`);
  const mean = new Float64Array(T);
  const sd = new Float64Array(T);
  const cv = new Float64Array(T);
  const sdLog = new Float64Array(T).fill(Number.NaN);
  for (let t = 0; t < T; t++) {
    let s = 0;
    let sLog = 0;
    for (let i = 0; i < n; i++) {
      const v = y.data[i * T + t]!;
      if (!Number.isFinite(v))
        throw new RangeError(`sigmaConvergence: y must be finite; got ${v} at (${i}, ${t})`);
      if (logs && !(v > 0))
        throw new RangeError(`sigmaConvergence: y must be > 0 for logs; got ${v} at (${i}, ${t})`);
      s += v;
      if (logs) sLog += Math.log(v);
    }
    const m = s / n;
    if (!(m > 0)) throw new RangeError(`sigmaConvergence: the mean of period ${t} must be > 0; got ${m}`);
    const mLog = sLog / n;
    let ss = 0;
    let ssLog = 0;
    for (let i = 0; i < n; i++) {
      const v = y.data[i * T + t]!;
      ss += (v - m) ** 2;
      if (logs) ssLog += (Math.log(v) - mLog) ** 2;
    }
    mean[t] = m;
    sd[t] = Math.sqrt(ss / n);
    cv[t] = sd[t]! / m;
    if (logs) sdLog[t] = Math.sqrt(ssLog / n);
  }
  return {
    n,
    times,
    mean,
    sd,
    cv,
    sdLog,
    cvTrend: trend(cv, times),
    sdLogTrend: logs ? trend(sdLog, times) : undefined,
  };
}

const COVARIANCE: Record<StandardErrorType, CovarianceType> = {
  conventional: "conventional",
  robust: "hc1",
  cluster: "cluster",
};

/**
 * β-convergence: g_it = ln(x_i,t+1/x_it) = α + β ln x_it + γ'z_it + ε_it over consecutive periods, pooled (OLS with a
 * constant), with unit fixed effects (within transformation) or two-way fixed effects (within transformation by unit,
 * period dummies by Frisch–Waugh–Lovell, exact also for unbalanced designs); β < 0 means convergence.
 *
 * Degrees of freedom follow Stata: conventional s² = e'e/(N − K − G) under unit effects (`xtreg, fe`), HC1 scales by
 * N/(N − K − G) (`areg …, absorb(id) vce(robust)`, or `lm` with unit dummies and sandwich HC1); cluster-robust by unit
 * scales by G/(G − 1)·(N − 1)/(N − K − 1) under fixed effects and G/(G − 1)·(N − 1)/(N − K) pooled
 * (`xtreg, fe vce(cluster id)` / `regress, vce(cluster id)`), with t tests on G − 1 degrees of freedom. K counts the
 * estimated slopes (with period dummies; with the constant when pooled). Speed v = −ln(1 + β)/τ, half-life ln 2/v.
 *
 * Reference: Barro & Sala-i-Martin (1992) JPE 100(2):223–251; Islam (1995) QJE 110(4):1127–1170; Wooldridge (2010),
 * Econometric Analysis of Cross Section and Panel Data, 2nd ed., §10.5 (within estimator); StataCorp, [XT] xtreg
 * (Methods and formulas); Cameron & Miller (2015) J. Human Resources 50(2):317–372 (cluster small-sample factor).
 *
 * @param y n × T levels x (> 0, finite), T ≥ 2 (≥ 3 with fixed effects)
 * @param options fixed effects, standard errors, controls (n × T each), τ
 * @returns the coefficients with inference, β, speed and half-life, R², status
 * @throws RangeError when y is not positive and finite, shapes disagree, T is too small or τ is not positive
 * @example
 * // growth (1, 0.5, 0) from ln levels (0, 1, 2): g = 1 − 0.5·ln x exactly
 * betaConvergence(fromRows([[1, Math.E], [Math.E, Math.E ** 1.5], [Math.E ** 2, Math.E ** 2]]), { se: "conventional" }).beta
 * // => -0.5 (to rounding)
 */
export function betaConvergence(y: Matrix, options: BetaConvergenceOptions = {}): BetaConvergenceResult {
  const { rows: n, cols: T } = y;
  const fe = options.fe ?? "none";
  const se = options.se ?? "cluster";
  const tau = options.tau ?? 1;
  const controls = options.controls ?? [];
  const name = options.name ?? "ln_x";
  if (!(tau > 0 && Number.isFinite(tau)))
    throw new RangeError(`betaConvergence: tau must be positive and finite; got ${tau}`);
  if (!(T >= (fe === "none" ? 2 : 3)))
    throw new RangeError(
      `betaConvergence: needs at least ${fe === "none" ? 2 : 3} periods with fe "${fe}"; got ${T}`,
    );
  if (!(n >= 2)) throw new RangeError(`betaConvergence: needs at least 2 units; got ${n}`);
  for (let q = 0; q < n * T; q++)
    if (!(y.data[q]! > 0 && Number.isFinite(y.data[q]!)))
      throw new RangeError(
        `betaConvergence: y must be positive and finite; got ${y.data[q]} at (${Math.floor(q / T)}, ${q % T})`,
      );
  for (const c of controls) {
    if (c.values.rows !== n || c.values.cols !== T)
      throw new RangeError(
        `betaConvergence: control ${c.name} must be ${n} × ${T}; got ${c.values.rows} × ${c.values.cols}`,
      );
    for (let i = 0; i < n; i++)
      for (let t = 0; t + 1 < T; t++)
        if (!Number.isFinite(c.values.data[i * T + t]!))
          throw new RangeError(
            `betaConvergence: control ${c.name} must be finite; got ${c.values.data[i * T + t]} at (${i}, ${t})`,
          );
  }

  const steps = T - 1;
  const N = n * steps;
  const periodDummies = fe === "twoway" ? steps - 1 : 0;
  const slopes = 1 + controls.length;
  const k = slopes + periodDummies + (fe === "none" ? 1 : 0);
  const X = new Float64Array(N * k);
  const g = new Float64Array(N);
  const clusters = new Int32Array(N);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < steps; t++) {
      const r = i * steps + t;
      const level = Math.log(y.data[i * T + t]!);
      g[r] = Math.log(y.data[i * T + t + 1]!) - level;
      clusters[r] = i;
      X[r * k] = level;
      for (let j = 0; j < controls.length; j++) X[r * k + 1 + j] = controls[j]!.values.data[i * T + t]!;
      // Period dummies for start periods 1 … T−2 (period 0 is the base).
      if (t >= 1 && periodDummies > 0) X[r * k + slopes + t - 1] = 1;
      if (fe === "none") X[r * k + k - 1] = 1;
    }
  if (fe !== "none") {
    // Within transformation: subtract each unit's mean (over its T − 1 intervals) from g and every column.
    for (let i = 0; i < n; i++) {
      let gMean = 0;
      for (let t = 0; t < steps; t++) gMean += g[i * steps + t]!;
      gMean /= steps;
      for (let t = 0; t < steps; t++) g[i * steps + t]! -= gMean;
      for (let j = 0; j < k; j++) {
        let m = 0;
        for (let t = 0; t < steps; t++) m += X[(i * steps + t) * k + j]!;
        m /= steps;
        for (let t = 0; t < steps; t++) X[(i * steps + t) * k + j]! -= m;
      }
    }
  }
  const fit: LeastSquaresResult = leastSquares({ data: X, rows: N, cols: k }, g, {
    covariance: COVARIANCE[se],
    clusters,
    absorbed: fe === "none" ? 0 : n,
    clusterAbsorbed: fe === "none" ? 0 : 1,
  });
  const terms = [name, ...controls.map((c) => c.name), ...(fe === "none" ? ["_cons"] : [])];
  const reported = (v: Float64Array): Float64Array => {
    const out = new Float64Array(terms.length);
    for (let j = 0; j < slopes; j++) out[j] = v[j]!;
    if (fe === "none") out[slopes] = v[k - 1]!;
    return out;
  };
  const collinearTerm =
    fit.status === "collinear"
      ? fit.collinearColumn < slopes
        ? terms[fit.collinearColumn]!
        : fe === "none" && fit.collinearColumn === k - 1
          ? "_cons"
          : `period dummy ${fit.collinearColumn - slopes + 1}`
      : undefined;
  const beta = fit.coefficients[0]!;
  const onePlusBeta = 1 + beta;
  const speed = onePlusBeta > 0 ? -Math.log(onePlusBeta) / tau : Number.NaN;
  const speedStatus: SpeedStatus =
    !Number.isFinite(beta) || !(onePlusBeta > 0) ? "undefined" : beta < 0 ? "converging" : "diverging";
  return {
    fe,
    se,
    tau,
    observations: N,
    units: n,
    periods: T,
    status: fit.status,
    collinearTerm,
    terms,
    coefficients: reported(fit.coefficients),
    standardErrors: reported(fit.standardErrors),
    t: reported(fit.t),
    p: reported(fit.p),
    beta,
    betaStandardError: fit.standardErrors[0]!,
    betaT: fit.t[0]!,
    betaP: fit.p[0]!,
    speed,
    halfLife: speed > 0 ? Math.LN2 / speed : Number.NaN,
    speedStatus,
    r2: fit.r2,
    df: fit.df,
    dfResidual: fit.dfResidual,
    periodDummies,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Panels

export interface ConvergencePanelOptions {
  /** The variable x (levels, > 0 where logs are taken). */
  readonly variable: string;
  /** Group column (constant within entities, e.g. region_nbs4): results per group after the whole sample. */
  readonly group?: string;
  readonly file?: string;
  readonly fileRows?: ArrayLike<number>;
}

export interface SigmaConvergencePanelResult {
  readonly variable: string;
  readonly times: readonly number[];
  /** "all" first, then each group (sorted). */
  readonly series: readonly { readonly group: string; readonly result: SigmaConvergenceResult }[];
  readonly groupColumn: string | undefined;
}

function groupMembers(
  ofEntity: readonly string[] | undefined,
  n: number,
): { group: string; members: number[] }[] {
  const all = { group: "all", members: Array.from({ length: n }, (_, i) => i) };
  if (ofEntity === undefined) return [all];
  const names = [...new Set(ofEntity)].sort();
  return [
    all,
    ...names.map((group) => ({
      group,
      members: ofEntity.flatMap((g, i) => (g === group ? [i] : [])),
    })),
  ];
}

function takeUnits(y: Matrix, members: readonly number[]): Matrix {
  const T = y.cols;
  const data = new Float64Array(members.length * T);
  members.forEach((i, r) => {
    data.set(y.data.subarray(i * T, (i + 1) * T), r * T);
  });
  return { data, rows: members.length, cols: T };
}

function location(options: ConvergencePanelOptions): { file?: string; fileRows?: ArrayLike<number> } {
  return {
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.fileRows !== undefined ? { fileRows: options.fileRows } : {}),
  };
}

function groupSizeIssues(
  groups: readonly { group: string; members: number[] }[],
  minimum: number,
  what: string,
  options: ConvergencePanelOptions,
): void {
  const issues = new IssueCollector();
  for (const { group, members } of groups.slice(1))
    if (members.length < minimum)
      issues.add({
        code: "bad_value",
        ...(options.file !== undefined ? { file: options.file } : {}),
        column: options.group!,
        message: `group "${group}" has ${members.length} unit${members.length === 1 ? "" : "s"}; ${what} needs at least ${minimum} per group`,
        hint: "merge small groups or leave the group option out",
      });
  issues.throwIfAny();
}

/**
 * σ-convergence of a panel variable for the whole sample and per group: CV and SD of logs per period with trends.
 * @param p panel, balanced in the variable
 * @param options variable, group, file location
 * @returns the series per group ("all" first)
 * @throws NqpfInputError when the variable is absent, text, missing or non-positive anywhere, the panel is unbalanced, has fewer than 2 periods, or a group has fewer than 2 units or a changing label
 * @example
 * sigmaConvergencePanel(p, { variable: "gdp_per_capita" }).series[0].result.cv
 */
export function sigmaConvergencePanel(
  p: Panel,
  options: ConvergencePanelOptions,
): SigmaConvergencePanelResult {
  const where = location(options);
  const { values } = panelMatrix(p, options.variable, {
    ...where,
    positive: true,
    purpose: "σ-convergence (SD of logs)",
  });
  const ofEntity = options.group !== undefined ? entityGroups(p, options.group, where) : undefined;
  const groups = groupMembers(ofEntity, values.rows);
  groupSizeIssues(groups, 2, "σ-convergence", options);
  return {
    variable: options.variable,
    times: p.times,
    series: groups.map(({ group, members }) => ({
      group,
      result: sigmaConvergence(takeUnits(values, members), { times: p.times }),
    })),
    groupColumn: options.group,
  };
}

export interface BetaConvergencePanelOptions extends ConvergencePanelOptions {
  readonly fe?: FixedEffects;
  readonly se?: StandardErrorType;
  /** Control columns, taken at the start of each interval. */
  readonly controls?: readonly string[];
}

export interface BetaConvergencePanelResult {
  readonly variable: string;
  readonly times: readonly number[];
  readonly tau: number;
  readonly controls: readonly string[];
  /** "all" first, then each group (sorted). */
  readonly models: readonly { readonly group: string; readonly result: BetaConvergenceResult }[];
  readonly groupColumn: string | undefined;
}

/**
 * β-convergence of a panel variable for the whole sample and per group (see {@link betaConvergence}); τ is the panel's
 * period spacing, which must be constant.
 * @param p panel, balanced in the variable and controls
 * @param options variable, fixed effects, standard errors, controls, group, file location
 * @returns one model per group ("all" first)
 * @throws NqpfInputError for missing, non-finite or non-positive values (located), an unbalanced panel, uneven period spacing, too few periods or units, a collinear control, or a changing group label
 * @example
 * betaConvergencePanel(p, { variable: "gdp_per_capita", fe: "twoway", se: "cluster" }).models[0].result.beta
 */
export function betaConvergencePanel(
  p: Panel,
  options: BetaConvergencePanelOptions,
): BetaConvergencePanelResult {
  const where = location(options);
  const fe = options.fe ?? "none";
  const se = options.se ?? "cluster";
  const controlNames = options.controls ?? [];
  const file = options.file !== undefined ? { file: options.file } : {};
  const issues = new IssueCollector();
  const collect = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (error) {
      if (!isNqpfInputError(error)) throw error;
      for (const i of error.issues) issues.add(i);
      return undefined;
    }
  };
  const values = collect(
    () => panelMatrix(p, options.variable, { ...where, positive: true, purpose: "β-convergence" }).values,
  );
  const controls = controlNames.map((name) => ({
    name,
    values: collect(() => panelMatrix(p, name, { ...where, purpose: `the control ${name}` }).values),
  }));
  const ofEntity =
    options.group !== undefined ? collect(() => entityGroups(p, options.group!, where)) : undefined;
  const T = p.times.length;
  if (fe !== "none" && T === 2)
    issues.add({
      code: "bad_argument",
      ...file,
      column: p.time,
      message: `${fe === "unit" ? "unit" : "two-way"} fixed effects need at least 3 periods (2 growth intervals per unit); the data has 2`,
      hint: "use more periods (check --years), or --fe none",
    });
  let tau = 1;
  if (T >= 2) {
    tau = p.times[1]! - p.times[0]!;
    for (let t = 2; t < T; t++)
      if (Math.abs(p.times[t]! - p.times[t - 1]! - tau) > 1e-9 * Math.max(1, Math.abs(tau))) {
        issues.add({
          code: "bad_value",
          ...file,
          column: p.time,
          time: p.times[t]!,
          message: `periods are not evenly spaced (${p.times[t - 1]!} → ${p.times[t]!} after steps of ${tau})`,
          hint: "β-convergence compares growth over equal steps τ; choose evenly spaced periods (e.g. --years)",
        });
        break;
      }
  }
  issues.throwIfAny();
  const groups = groupMembers(ofEntity, values!.rows);
  // Each model needs residual degrees of freedom N − K − absorbed ≥ 1, and 2 clusters when clustered.
  const K = 1 + controlNames.length + (fe === "twoway" ? T - 2 : 0) + (fe === "none" ? 1 : 0);
  for (const { group, members } of groups) {
    const n = members.length;
    const N = n * (T - 1);
    const dfResidual = N - K - (fe === "none" ? 0 : n);
    if (dfResidual >= 1 && (se !== "cluster" || n >= 2)) continue;
    issues.add({
      code: "bad_value",
      ...file,
      ...(group !== "all" ? { column: options.group! } : {}),
      message: `${group === "all" ? "the data" : `group "${group}"`} has ${n} unit${n === 1 ? "" : "s"} × ${T - 1} growth interval${T === 2 ? "" : "s"}: ${dfResidual < 1 ? `no residual degrees of freedom for ${K} parameters${fe === "none" ? "" : ` and ${n} unit effects`}` : "one cluster, and clustered standard errors need two"}`,
      hint: "use more units or periods, fewer controls, or merge small groups",
    });
  }
  issues.throwIfAny();
  const models = groups.map(({ group, members }) => ({
    group,
    result: betaConvergence(takeUnits(values!, members), {
      fe,
      se,
      tau,
      name: `ln_${options.variable}`,
      controls: controls.map((c) => ({ name: c.name, values: takeUnits(c.values!, members) })),
    }),
  }));
  for (const { group, result } of models) {
    if (result.status !== "collinear") continue;
    const term = result.collinearTerm!;
    const isControl = controlNames.includes(term);
    issues.add({
      code: "bad_value",
      ...file,
      ...(isControl ? { column: term } : {}),
      message: `${group === "all" ? "" : `group "${group}": `}${term} is collinear with the other regressors${fe !== "none" ? " and the fixed effects" : ""}, so β cannot be estimated`,
      hint: isControl
        ? fe === "none"
          ? "drop the control or one that it duplicates"
          : "a control that is constant within units (or moves in step with the periods under two-way effects) is absorbed by the fixed effects; drop it"
        : "the regressors do not vary enough; check the data or use fewer controls",
    });
  }
  issues.throwIfAny();
  return {
    variable: options.variable,
    times: p.times,
    tau,
    controls: controlNames,
    models,
    groupColumn: options.group,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

export interface SigmaConvergenceTables {
  /** group, period, n, mean, sd, cv, sd_log. */
  readonly series: Table;
  /** group, measure, slope, se, t, p of the linear trend. */
  readonly trend: Table;
}

/**
 * Tables of σ-convergence: the dispersion series per group and period, and their linear trends.
 * Reference: Barro & Sala-i-Martin (1992); written into each table's meta.
 * @param result the output of {@link sigmaConvergencePanel}
 * @returns the series and trend tables
 * @example
 * sigmaConvergenceTables(sigmaConvergencePanel(p, { variable: "x" })).series.columns.map((c) => c.name)
 * // => ["group", "period", "n", "mean", "sd", "cv", "sd_log"]
 */
export function sigmaConvergenceTables(result: SigmaConvergencePanelResult): SigmaConvergenceTables {
  const { variable, times, series } = result;
  const parameters = {
    variable,
    periods: `${times[0]!}–${times.at(-1)!}`,
    ...(result.groupColumn !== undefined ? { group: result.groupColumn } : {}),
  };
  const meta = (name: string, title: string, notes: readonly string[]) => ({
    name,
    title,
    method: "σ-convergence (nqpf sigmaConvergencePanel)",
    parameters,
    reference: REFERENCE_SIGMA,
    notes,
  });
  const T = times.length;
  const notes = [
    `CV_t = sqrt((1/n) Σ_i (x_it − x̄_t)²) / x̄_t and SD of logs_t = sqrt((1/n) Σ_i (ln x_it − mean ln x_t)²) (divisor n); a falling series indicates σ-convergence.`,
  ];
  const seriesTable = table(
    [
      stringColumn(
        "group",
        series.flatMap((s) => times.map(() => s.group)),
      ),
      numberColumn(
        "period",
        series.flatMap(() => times),
      ),
      numberColumn(
        "n",
        series.flatMap((s) => times.map(() => s.result.n)),
        { label: "units" },
      ),
      numberColumn(
        "mean",
        series.flatMap((s) => Array.from(s.result.mean)),
        { label: `mean of ${variable}` },
      ),
      numberColumn(
        "sd",
        series.flatMap((s) => Array.from(s.result.sd)),
        { label: "standard deviation (divisor n)" },
      ),
      numberColumn(
        "cv",
        series.flatMap((s) => Array.from(s.result.cv)),
        { label: "coefficient of variation" },
      ),
      numberColumn(
        "sd_log",
        series.flatMap((s) => Array.from(s.result.sdLog)),
        { label: `SD of ln ${variable}` },
      ),
    ],
    meta("sigma_convergence", `σ-convergence of ${variable}`, notes),
  );
  const rows = series.flatMap((s) => [
    { group: s.group, measure: "cv", trend: s.result.cvTrend },
    { group: s.group, measure: "sd_log", trend: s.result.sdLogTrend ?? NAN_TREND },
  ]);
  const trendNotes = [
    "OLS of the dispersion series on time, s_t = a + b·(year − first year), conventional standard errors; b < 0 indicates σ-convergence.",
    ...(T < 3 ? ["With fewer than 3 periods there is no trend test, so the trend columns are empty."] : []),
    ...(rows.some((r) => r.trend.standardError === 0)
      ? ["A series lying exactly on a line has standard error 0 and no t statistic (empty cells)."]
      : []),
  ];
  const trendTable = table(
    [
      stringColumn(
        "group",
        rows.map((r) => r.group),
      ),
      stringColumn(
        "measure",
        rows.map((r) => r.measure),
      ),
      numberColumn(
        "slope",
        rows.map((r) => r.trend.slope),
        { label: "trend per year" },
      ),
      numberColumn(
        "se",
        rows.map((r) => r.trend.standardError),
        { label: "standard error" },
      ),
      numberColumn(
        "t",
        rows.map((r) => r.trend.t),
      ),
      numberColumn(
        "p_value",
        rows.map((r) => r.trend.p),
        { label: "two-sided p-value" },
      ),
    ],
    meta("sigma_trend", `Trend of the dispersion of ${variable}`, trendNotes),
  );
  return { series: seriesTable, trend: trendTable };
}

export interface BetaConvergenceTables {
  /** One row per group: N, units, β, SE, t, p, R², speed, half-life, status. */
  readonly summary: Table;
  /** One row per group and reported term. */
  readonly coefficients: Table;
}

const FE_LABEL: Record<FixedEffects, string> = {
  none: "pooled OLS with a constant",
  unit: "unit fixed effects (within)",
  twoway: "unit and period fixed effects (within + period dummies)",
};
const SE_LABEL: Record<StandardErrorType, string> = {
  conventional: "conventional",
  robust: "robust (HC1)",
  cluster: "clustered by unit",
};

/**
 * Tables of β-convergence: a summary row per group (β, inference, R², speed, half-life) and every reported coefficient.
 * Reference: Barro & Sala-i-Martin (1992); StataCorp [XT] xtreg; written into each table's meta.
 * @param result the output of {@link betaConvergencePanel}
 * @returns summary and coefficient tables
 * @example
 * betaConvergenceTables(betaConvergencePanel(p, { variable: "x" })).summary.rowCount // => 1 + groups
 */
export function betaConvergenceTables(result: BetaConvergencePanelResult): BetaConvergenceTables {
  const { variable, times, tau, models } = result;
  const first = models[0]!.result;
  const parameters = {
    variable,
    fe: first.fe,
    se: first.se,
    tau,
    periods: `${times[0]!}–${times.at(-1)!}`,
    controls: result.controls.join(", "),
    ...(result.groupColumn !== undefined ? { group: result.groupColumn } : {}),
  };
  const dfNote =
    first.se === "cluster"
      ? `Standard errors clustered by unit with Stata's factor G/(G−1)·(N−1)/(N−K)${first.fe === "none" ? "" : " (K = slopes + 1, the fixed effects nested in the clusters are not counted, as xtreg, fe)"}; t tests on G − 1 degrees of freedom.`
      : first.se === "robust"
        ? `HC1 standard errors, scaled by N/(N − K${first.fe === "none" ? "" : " − G"})${first.fe === "none" ? "" : " (the unit effects counted, as areg or lm with unit dummies)"}; t tests on N − K${first.fe === "none" ? "" : " − G"} degrees of freedom.`
        : `Conventional standard errors with s² = e'e/(N − K${first.fe === "none" ? "" : " − G"}).`;
  const notes = [
    `ln(x_i,t+τ / x_it) = ${first.fe === "none" ? "α + " : ""}β ln x_it${result.controls.length > 0 ? ` + γ'(${result.controls.join(", ")})_it` : ""}${first.fe === "unit" ? " + μ_i" : first.fe === "twoway" ? " + μ_i + λ_t" : ""} + ε_it; ${FE_LABEL[first.fe]}; β < 0 indicates convergence.`,
    dfNote,
    `Speed v = −ln(1 + β)/τ with τ = ${tau}; half-life ln 2 / v (empty unless −1 < β < 0).`,
    ...(first.fe === "twoway"
      ? [`Period dummies (${first.periodDummies}) are estimated and not reported.`]
      : []),
  ];
  const meta = (name: string, title: string) => ({
    name,
    title,
    method: "β-convergence (nqpf betaConvergencePanel)",
    parameters,
    reference: REFERENCE_BETA,
    notes,
  });
  const summary = table(
    [
      stringColumn(
        "group",
        models.map((m) => m.group),
      ),
      numberColumn(
        "observations",
        models.map((m) => m.result.observations),
      ),
      numberColumn(
        "units",
        models.map((m) => m.result.units),
      ),
      numberColumn(
        "beta",
        models.map((m) => m.result.beta),
        { label: "β (coefficient of ln x_t)" },
      ),
      numberColumn(
        "se",
        models.map((m) => m.result.betaStandardError),
        { label: `standard error (${SE_LABEL[first.se]})` },
      ),
      numberColumn(
        "t",
        models.map((m) => m.result.betaT),
      ),
      numberColumn(
        "p_value",
        models.map((m) => m.result.betaP),
        { label: "two-sided p-value" },
      ),
      numberColumn(
        "r2",
        models.map((m) => m.result.r2),
        { label: first.fe === "none" ? "R²" : "within R²" },
      ),
      numberColumn(
        "speed",
        models.map((m) => m.result.speed),
        { label: "convergence speed v per year" },
      ),
      numberColumn(
        "half_life",
        models.map((m) => m.result.halfLife),
        { label: "half-life (years)" },
      ),
      stringColumn(
        "status",
        models.map((m) => m.result.speedStatus),
        { label: "converging, diverging, or undefined (β ≤ −1)" },
      ),
    ],
    meta("beta_convergence", `β-convergence of ${variable}`),
  );
  const rows = models.flatMap((m) =>
    m.result.terms.map((term, j) => ({ group: m.group, term, r: m.result, j })),
  );
  const coefficients = table(
    [
      stringColumn(
        "group",
        rows.map((r) => r.group),
      ),
      stringColumn(
        "term",
        rows.map((r) => r.term),
      ),
      numberColumn(
        "coefficient",
        rows.map((r) => r.r.coefficients[r.j]!),
      ),
      numberColumn(
        "se",
        rows.map((r) => r.r.standardErrors[r.j]!),
        { label: `standard error (${SE_LABEL[first.se]})` },
      ),
      numberColumn(
        "t",
        rows.map((r) => r.r.t[r.j]!),
      ),
      numberColumn(
        "p_value",
        rows.map((r) => r.r.p[r.j]!),
        { label: "two-sided p-value" },
      ),
    ],
    meta("beta_coefficients", `β-convergence of ${variable}: coefficients`),
  );
  return { summary, coefficients };
}
