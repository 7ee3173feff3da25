/**
 * Theil indices with their within/between-group decomposition, the coefficient of variation and the standard
 * deviation of logs. Notation: n units with values y_i > 0 and mean μ; group g with n_g units and mean μ_g;
 * population shares p_g = n_g/n, income shares s_g = n_g μ_g/(n μ); ln is the natural log.
 */
import { fsum } from "../../math/fsum.js";
import type { Panel } from "../../panel/panel.js";
import {
  ALL_UNITS,
  byPeriodResult,
  groupMembers,
  periodSamples,
  type ByPeriodResult,
  type PeriodSamplesOptions,
} from "./gini.js";

/** Theil (1967); Shorrocks (1980) for the decomposition; methods.md §3.2. */
export const THEIL_REFERENCE =
  "Theil, H. (1967) Economics and Information Theory, North-Holland; Shorrocks, A. F. (1980) Econometrica 48(3):613–625 (decomposition by groups); methods.md §3.2";

export interface TheilOptions {
  /** Group order; default the labels in order of first appearance. Every listed group needs a unit. */
  readonly groups?: readonly string[];
  /** Degrees of freedom removed in the standard deviations of the CV and the SD of logs: 1 (sample, n − 1; default) or 0 (population, n). */
  readonly ddof?: 0 | 1;
}

export interface TheilResult {
  readonly n: number;
  readonly mean: number;
  /** Theil T (GE(1)) = (1/n) Σ (y_i/μ) ln(y_i/μ). */
  readonly t: number;
  /** T_w = Σ_g s_g T_g. */
  readonly tWithin: number;
  /** T_b = Σ_g s_g ln(μ_g/μ). T = T_w + T_b. */
  readonly tBetween: number;
  /** Theil L (GE(0), mean log deviation) = (1/n) Σ ln(μ/y_i). */
  readonly l: number;
  /** L_w = Σ_g p_g L_g. */
  readonly lWithin: number;
  /** L_b = Σ_g p_g ln(μ/μ_g). L = L_w + L_b. */
  readonly lBetween: number;
  readonly groups: readonly string[];
  readonly size: Int32Array;
  readonly groupMean: Float64Array;
  /** p_g = n_g/n. */
  readonly populationShare: Float64Array;
  /** s_g = n_g μ_g/(n μ). */
  readonly incomeShare: Float64Array;
  /** T_g, Theil T within group g. */
  readonly groupT: Float64Array;
  /** L_g, Theil L within group g. */
  readonly groupL: Float64Array;
  /** Coefficient of variation sd/μ (sd with n − ddof). */
  readonly cv: number;
  /** Standard deviation of ln y (with n − ddof). */
  readonly sdLog: number;
  readonly ddof: 0 | 1;
}

/**
 * Theil T and L with their exact within/between decompositions, plus the coefficient of variation and the SD of
 * logs of the same values.
 *
 * T = (1/n) Σ (y_i/μ) ln(y_i/μ) = Σ_g s_g T_g + Σ_g s_g ln(μ_g/μ);  L = (1/n) Σ ln(μ/y_i) = Σ_g p_g L_g + Σ_g p_g ln(μ/μ_g).
 *
 * Reference: Theil (1967); Shorrocks (1980) Econometrica 48(3):613–625; methods.md §3.2 (vector [C] on the Dagum
 * data: T = 0.0845427264 = 0.0144365223 + 0.0701062041, L = 0.0856124785 = 0.0154692377 + 0.0701432408).
 *
 * @param y values per unit, finite and > 0 (not modified)
 * @param group group label per unit; default one group "all" (then the between parts are 0)
 * @param options group order; ddof of the CV and SD of logs
 * @returns T and L with parts, per-group T_g and L_g and shares, CV and SD of logs
 * @throws RangeError naming `theil` when y is empty or holds a value that is not finite and > 0, n ≤ ddof, lengths differ, a label is not listed in options.groups, or a listed group has no unit
 * @example
 * theil(Float64Array.of(1, 1, 4, 4), ["a", "a", "b", "b"]).tWithin // => 0
 */
export function theil(y: Float64Array, group?: readonly string[], options: TheilOptions = {}): TheilResult {
  const ddof = options.ddof ?? 1;
  checkPositive("theil", y, ddof);
  const n = y.length;
  const labels = group ?? new Array<string>(n).fill(ALL_UNITS);
  const { groups, members } = groupMembers("theil", y, labels, options.groups);

  const mean = fsum(y) / n;
  const size = Int32Array.from(members, (m) => m.length);
  const groupMean = Float64Array.from(members, (m) => fsum(m) / m.length);
  const populationShare = Float64Array.from(size, (ng) => ng / n);
  const incomeShare = Float64Array.from(groupMean, (mu, g) => (size[g]! * mu) / (n * mean));
  const groupT = Float64Array.from(members, (m, g) => theilT(m, groupMean[g]!));
  const groupL = Float64Array.from(members, (m, g) => theilL(m, groupMean[g]!));
  const all = Array.from(y);
  const part = (f: (g: number) => number): number => fsum(Array.from(groups, (_, g) => f(g)));
  return {
    n,
    mean,
    t: theilT(all, mean),
    tWithin: part((g) => incomeShare[g]! * groupT[g]!),
    tBetween: part((g) => incomeShare[g]! * Math.log(groupMean[g]! / mean)),
    l: theilL(all, mean),
    lWithin: part((g) => populationShare[g]! * groupL[g]!),
    lBetween: part((g) => populationShare[g]! * Math.log(mean / groupMean[g]!)),
    groups: [...groups],
    size,
    groupMean,
    populationShare,
    incomeShare,
    groupT,
    groupL,
    cv: standardDeviation(all, mean, ddof) / mean,
    sdLog: standardDeviation(all.map(Math.log), undefined, ddof),
    ddof,
  };
}

/**
 * Coefficient of variation CV = sd/μ, sd = √(Σ (y_i − μ)² / (n − ddof)).
 * Reference: methods.md §2.4 (same σ convention as the CV weights).
 * @param y values, finite, with a positive mean
 * @param options ddof: 1 (sample sd, default) or 0 (population sd)
 * @returns the CV (≥ 0)
 * @throws RangeError naming `coefficientOfVariation` when n ≤ ddof, a value is not finite, or the mean is not positive
 * @example
 * coefficientOfVariation(Float64Array.of(1, 3), { ddof: 0 }) // => 0.5
 */
export function coefficientOfVariation(y: Float64Array, options: { readonly ddof?: 0 | 1 } = {}): number {
  const ddof = options.ddof ?? 1;
  checkDdof("coefficientOfVariation", ddof);
  if (!(y.length > ddof))
    throw new RangeError(`coefficientOfVariation: y needs more than ${ddof} values; got ${y.length}`);
  for (let i = 0; i < y.length; i++)
    if (!Number.isFinite(y[i]!))
      throw new RangeError(`coefficientOfVariation: values must be finite; got ${y[i]!} at index ${i}`);
  const mean = fsum(y) / y.length;
  if (!(mean > 0)) throw new RangeError(`coefficientOfVariation: y needs a positive mean; got ${mean}`);
  return standardDeviation(Array.from(y), mean, ddof) / mean;
}

/**
 * Standard deviation of logs √(Σ (ln y_i − mean ln y)² / (n − ddof)).
 * Reference: standard (e.g. Cowell 2011, Measuring Inequality, 3rd ed., §2.2 "variance of logarithms").
 * @param y values, finite and > 0
 * @param options ddof: 1 (default) or 0
 * @returns the SD of ln y (≥ 0)
 * @throws RangeError naming `sdLog` when n ≤ ddof or a value is not finite and > 0
 * @example
 * sdLog(Float64Array.of(1, Math.E * Math.E), { ddof: 0 }) // => 1
 */
export function sdLog(y: Float64Array, options: { readonly ddof?: 0 | 1 } = {}): number {
  const ddof = options.ddof ?? 1;
  checkPositive("sdLog", y, ddof);
  return standardDeviation(Array.from(y, Math.log), undefined, ddof);
}

// ---------------------------------------------------------------------------------------------------------------
// By period

export interface TheilByPeriodOptions extends PeriodSamplesOptions {
  /** ddof of the CV and SD of logs (default 1). */
  readonly ddof?: 0 | 1;
}

/** Theil's indices in every period ({@link theilByPeriod}), with the ddof of the CV and SD of logs. */
export interface TheilByPeriodResult extends ByPeriodResult<TheilResult> {
  readonly ddof: 0 | 1;
}

/**
 * Theil T and L (with within/between parts by a group column), CV and SD of logs of a panel variable in every period.
 * Reference: Theil (1967); Shorrocks (1980); methods.md §3.2.
 * @param p panel (entity × period)
 * @param variable numeric column, values > 0
 * @param options group column (e.g. "region_nbs4"), from/to, missing-value policy, ddof, file and file rows for issue locations
 * @returns one TheilResult per period, groups in the same order in every period
 * @throws NqpfInputError (all issues at once) for an unknown column, text, missing, zero or negative values, a period with fewer than 2 units, a group with no unit in a period
 * @example
 * theilByPeriod(p, "y", { group: "region" }).results[0].t // => 0.0845427264 on the methods.md §3.2 data
 */
export function theilByPeriod(
  p: Panel,
  variable: string,
  options: TheilByPeriodOptions = {},
): TheilByPeriodResult {
  const ddof = options.ddof ?? 1;
  checkDdof("theilByPeriod", ddof);
  const s = periodSamples(p, variable, options, {
    method: "the Theil index",
    domain: "positive",
    minUnits: 2,
  });
  return {
    ...byPeriodResult(p, s, (sample, groups) => theil(sample.values, sample.groups, { groups, ddof })),
    ddof,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function theilT(values: ArrayLike<number>, mean: number): number {
  const terms = Array.from(values, (v) => (v / mean) * Math.log(v / mean));
  return fsum(terms) / values.length;
}

function theilL(values: ArrayLike<number>, mean: number): number {
  const terms = Array.from(values, (v) => Math.log(mean / v));
  return fsum(terms) / values.length;
}

function standardDeviation(values: readonly number[], mean: number | undefined, ddof: 0 | 1): number {
  const mu = mean ?? fsum(values) / values.length;
  return Math.sqrt(fsum(values.map((v) => (v - mu) * (v - mu))) / (values.length - ddof));
}

function checkDdof(fn: string, ddof: number): void {
  if (ddof !== 0 && ddof !== 1) throw new RangeError(`${fn}: ddof must be 0 or 1; got ${String(ddof)}`);
}

function checkPositive(fn: string, y: Float64Array, ddof: number): void {
  checkDdof(fn, ddof);
  if (!(y.length > ddof)) throw new RangeError(`${fn}: y needs more than ${ddof} values; got ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v > 0 && Number.isFinite(v)))
      throw new RangeError(`${fn}: values must be finite and > 0; got ${v} at index ${i}`);
  }
}
