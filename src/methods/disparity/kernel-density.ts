/**
 * Kernel density estimation, evaluated exactly (no binning): f̂(x) = (1/(n h)) Σ_i K((x − x_i)/h), with n data
 * points x_i, bandwidth h and kernel K; bandwidth rules as R (bw.nrd0, bw.nrd) and Stata (kdensity) define them;
 * peaks on the evaluation grid; location and spread of the data; by period on one grid (the "density over years" data).
 */
import { fsum } from "../../math/fsum.js";
import type { Panel } from "../../panel/panel.js";
import {
  ALL_UNITS,
  periodSamples,
  type PeriodSamples,
  type PeriodSamplesOptions,
  type SampleProblem,
} from "./gini.js";

/** Rosenblatt (1956); Parzen (1962); Silverman (1986); R's bw.nrd0/bw.nrd; Stata's kdensity; methods.md §3.3. */
export const KERNEL_DENSITY_REFERENCE =
  "Silverman, B. W. (1986) Density Estimation for Statistics and Data Analysis, Chapman & Hall, §3.4 (eq. 3.31); Scott, D. W. (1992) Multivariate Density Estimation, Wiley; R stats::bw.nrd0, bw.nrd and density() kernels; Stata [R] kdensity; methods.md §3.3";

/**
 * Kernels, each with its own scale convention:
 * - "gaussian": K(z) = exp(−z²/2)/√(2π) (h is the kernel's standard deviation);
 * - "epanechnikov": K(z) = (3/(4√5))(1 − z²/5) on |z| < √5, scaled so that h is the kernel's standard deviation, as R's density(kernel = "epanechnikov") and Stata's kdensity (default kernel) use it;
 * - "epan2": K(z) = (3/4)(1 − z²) on |z| < 1, the textbook form (Stata's epan2).
 */
export type Kernel = "gaussian" | "epanechnikov" | "epan2";

/** Every kernel, in documentation order. */
export const KERNELS: readonly Kernel[] = ["gaussian", "epanechnikov", "epan2"];

/**
 * Rule-of-thumb bandwidths, s = sample standard deviation (n − 1), IQR = q75 − q25:
 * - "silverman": 0.9·min(s, IQR/1.349)·n^(−1/5), quartiles by linear interpolation (R type 7; statsmodels bw_silverman);
 * - "stata": 0.9·min(s, IQR/1.349)·n^(−1/5), quartiles as Stata's summarize, detail (R type 2: the average of the two order statistics when n·p is whole), as kdensity computes its default;
 * - "nrd0": R's bw.nrd0, 0.9·min(s, IQR/1.34)·n^(−1/5), type-7 quartiles; when that is 0 it uses s, else |x_1|, else 1 (as R);
 * - "scott": R's bw.nrd, 1.06·min(s, IQR/1.34)·n^(−1/5), type-7 quartiles.
 */
export type BandwidthRule = "silverman" | "stata" | "nrd0" | "scott";

/** Every bandwidth rule, in documentation order. */
export const BANDWIDTH_RULES: readonly BandwidthRule[] = ["silverman", "stata", "nrd0", "scott"];

/**
 * A rule-of-thumb bandwidth (see {@link BandwidthRule} for the four definitions).
 * Reference: Silverman (1986) eq. (3.31); R 4.2 stats::bw.nrd0 and bw.nrd; Stata [R] kdensity (Methods and formulas) with [R] summarize percentiles; methods.md §3.3 (vector: bw.nrd0 = 0.0745700322, bw.nrd = 0.0878269268).
 * @param x data, finite, n ≥ 2 (not modified)
 * @param rule which rule
 * @returns h > 0
 * @throws RangeError naming `bandwidth` when n < 2, a value is not finite, the rule is unknown, or the rule gives no usable bandwidth: 0 (for rules other than nrd0: every value equal, or the IQR and s both 0) or one below the floating-point resolution of the values (4·ε·max|x_i|)
 * @example
 * bandwidth(Float64Array.of(0.2, 0.25, 0.3, 0.45, 0.6, 0.38, 0.52, 0.33, 0.28, 0.15, 0.22, 0.18), "nrd0") // => 0.0745700322 (to 10 decimals)
 */
export function bandwidth(x: Float64Array, rule: BandwidthRule): number {
  const h = ruleBandwidth("bandwidth", x, rule);
  if (!usableBandwidth(h, x))
    throw new RangeError(
      `bandwidth: the ${rule} rule gives ${h} for these data (their spread is 0 or below the floating-point resolution of the values); give a bandwidth`,
    );
  return h;
}

export interface KernelDensityOptions {
  /** Kernel (default "gaussian"). */
  readonly kernel?: Kernel;
  /** A rule (default "silverman") or a bandwidth h > 0. */
  readonly bandwidth?: BandwidthRule | number;
  /** Evaluation points: `points` evenly spaced from `from` to `to` (default 200). */
  readonly points?: number;
  /** First grid point; default min(x) − cut·h. */
  readonly from?: number;
  /** Last grid point; default max(x) + cut·h. */
  readonly to?: number;
  /** Grid extension beyond the data in bandwidths (default 3, as R's density(); Stata's kdensity uses 1). */
  readonly cut?: number;
  /** Evaluate at these points instead of a grid (peaks are then looked for in this order; give them ascending). */
  readonly at?: Float64Array;
}

/** Local maxima of a density on its evaluation points. */
export interface DensityPeaks {
  /** Where each peak is (the middle of a flat top), ascending. */
  readonly location: Float64Array;
  /** f̂ at each peak. */
  readonly height: Float64Array;
  /** Index (into location/height) of the highest peak; −1 when there is none. */
  readonly main: number;
}

export interface KernelDensityResult {
  readonly n: number;
  readonly kernel: Kernel;
  /** The rule used, or "user" for a given bandwidth. */
  readonly bandwidthRule: BandwidthRule | "user";
  /** h. */
  readonly bandwidth: number;
  /** Evaluation points. */
  readonly x: Float64Array;
  /** f̂ at each evaluation point (exact sum over the data). */
  readonly density: Float64Array;
  readonly peaks: DensityPeaks;
  /** Location and spread of the data: mean, median and IQR (type-7 quartiles), sample standard deviation (n − 1). */
  readonly summary: DataSummary;
}

export interface DataSummary {
  readonly mean: number;
  readonly median: number;
  readonly sd: number;
  readonly iqr: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Exact kernel density estimate on a grid (or at given points), with its peaks and the data's location and spread.
 *
 * f̂(x) = (1/(n h)) Σ_i K((x − x_i)/h); every point is the full sum over the data (O(n × points)), unlike R's
 * density(), which bins the data and convolves by FFT (about 1e-3 relative error).
 *
 * Reference: Rosenblatt (1956) Ann. Math. Statist. 27(3):832–837; Parzen (1962) Ann. Math. Statist. 33(3):1065–1076;
 * Silverman (1986) ch. 3; methods.md §3.3 (vector: Gaussian, h = bw.nrd0, f̂(0.1, 0.3, 0.5) = 1.0099782, 2.5719775, 1.1430078).
 *
 * @param x data, finite, n ≥ 2 for a bandwidth rule (n ≥ 1 with a given bandwidth); not modified
 * @param options kernel, bandwidth (rule or number), grid (points, from, to, cut) or `at`
 * @returns the density at the evaluation points, bandwidth, peaks and summary
 * @throws RangeError naming `kernelDensity` for an empty or non-finite x, an unknown kernel or rule, a bandwidth that is not > 0 (given, or from a rule on degenerate data), points < 2, cut < 0, or from ≥ to
 * @example
 * kernelDensity(Float64Array.of(0, 1), { bandwidth: 1, at: Float64Array.of(0) }).density[0] // => (φ(0) + φ(1))/2 = 0.3204565...
 */
export function kernelDensity(x: Float64Array, options: KernelDensityOptions = {}): KernelDensityResult {
  const fn = "kernelDensity";
  checkData(fn, x, 1);
  const kernel = options.kernel ?? "gaussian";
  if (!KERNELS.includes(kernel)) throw new RangeError(`${fn}: unknown kernel "${kernel as string}"`);
  const { h, rule } = resolveBandwidth(fn, x, options.bandwidth);
  const at = options.at ?? gridFor(fn, [{ x, h }], options);
  for (let i = 0; i < at.length; i++)
    if (!Number.isFinite(at[i]!))
      throw new RangeError(`${fn}: evaluation points must be finite; got ${at[i]!}`);
  const density = evaluateDensity(x, h, kernel, at);
  return {
    n: x.length,
    kernel,
    bandwidthRule: rule,
    bandwidth: h,
    x: Float64Array.from(at),
    density,
    peaks: densityPeaks(at, density),
    summary: dataSummary(x),
  };
}

/**
 * Interior local maxima of a function sampled at ascending points: i with f[i−1] < f[i] ≥ … ≥ f[j] > f[j+1] (a flat
 * top i..j counts once, at its middle). End points are never peaks.
 * Reference: the reading of a density's peaks in NQPF kernel-density plots (methods.md §3.3).
 * @param x ascending points
 * @param f values at the points (same length)
 * @returns peak locations and heights, ascending, and the index of the highest
 * @throws RangeError naming `densityPeaks` when the lengths differ
 * @example
 * densityPeaks(Float64Array.of(0, 1, 2, 3, 4), Float64Array.of(0, 2, 1, 3, 0)).location // => Float64Array [1, 3]
 */
export function densityPeaks(x: ArrayLike<number>, f: ArrayLike<number>): DensityPeaks {
  if (x.length !== f.length)
    throw new RangeError(`densityPeaks: x and f need the same length; got ${x.length} and ${f.length}`);
  const location: number[] = [];
  const height: number[] = [];
  const m = f.length;
  let i = 1;
  while (i < m - 1) {
    if (f[i]! > f[i - 1]!) {
      let j = i;
      while (j + 1 < m && f[j + 1] === f[i]) j++;
      if (j + 1 < m && f[j + 1]! < f[i]!) {
        location.push((x[i]! + x[j]!) / 2);
        height.push(f[i]!);
      }
      i = j + 1;
    } else i++;
  }
  let main = -1;
  for (let k = 0; k < height.length; k++) if (main < 0 || height[k]! > height[main]!) main = k;
  return { location: Float64Array.from(location), height: Float64Array.from(height), main };
}

// ---------------------------------------------------------------------------------------------------------------
// By period

export interface KernelDensityByPeriodOptions extends PeriodSamplesOptions {
  readonly kernel?: Kernel;
  /** A rule (default "silverman"), applied to each period's (and group's) data, or one bandwidth h > 0 for all. */
  readonly bandwidth?: BandwidthRule | number;
  /** Grid points (default 200). */
  readonly points?: number;
  /** Grid extension in bandwidths (default 3). */
  readonly cut?: number;
  /** First grid point; default the smallest min(x) − cut·h over all estimates. */
  readonly gridFrom?: number;
  /** Last grid point; default the largest max(x) + cut·h over all estimates. */
  readonly gridTo?: number;
}

/** One estimate: the whole sample ("all") or one group, in one period. */
export interface KernelDensityEstimate {
  readonly time: number;
  readonly group: string;
  readonly result: KernelDensityResult;
}

export interface KernelDensityByPeriodResult {
  readonly variable: string;
  /** The panel's time column name. */
  readonly time: string;
  readonly group: string | undefined;
  readonly kernel: Kernel;
  readonly bandwidthRule: BandwidthRule | "user";
  readonly cut: number;
  /** The grid every estimate is evaluated on. */
  readonly grid: Float64Array;
  /** "all" for every period first, then each group (in `groupLabels` order) for every period. */
  readonly estimates: readonly KernelDensityEstimate[];
  readonly groupLabels: readonly string[];
  readonly dropped: PeriodSamples["dropped"];
  readonly skipped: readonly number[];
}

/**
 * Kernel densities of a panel variable in every period, for all units and (with a group column) for each group, on
 * one common grid: the long "year × grid point × density" data of a 3-D density-over-years plot.
 * Reference: methods.md §3.3.
 * @param p panel (entity × period)
 * @param variable numeric column
 * @param options kernel, bandwidth, grid; group column, from/to, missing-value policy, file and file rows for issue locations
 * @returns the estimates on a common grid
 * @throws NqpfInputError (all issues at once) for an unknown column, text or missing or non-finite values, a period or group with fewer than 2 units, data on which the bandwidth rule gives 0, an empty group
 * @throws RangeError naming `kernelDensityByPeriod` for bad options (kernel, rule, bandwidth ≤ 0, points < 2, cut < 0, gridFrom ≥ gridTo)
 * @example
 * kernelDensityByPeriod(p, "y", { group: "region" }).estimates.length // => periods × (1 + groups), e.g. 2 × 3 = 6
 */
export function kernelDensityByPeriod(
  p: Panel,
  variable: string,
  options: KernelDensityByPeriodOptions = {},
): KernelDensityByPeriodResult {
  const fn = "kernelDensityByPeriod";
  const kernel = options.kernel ?? "gaussian";
  if (!KERNELS.includes(kernel)) throw new RangeError(`${fn}: unknown kernel "${kernel as string}"`);
  const given = options.bandwidth ?? "silverman";
  if (typeof given === "number") {
    if (!(given > 0 && Number.isFinite(given)))
      throw new RangeError(`${fn}: bandwidth must be a finite number > 0; got ${given}`);
  } else if (!BANDWIDTH_RULES.includes(given))
    throw new RangeError(`${fn}: unknown bandwidth rule "${given as string}"`);
  const cut = options.cut ?? 3;
  if (!(cut >= 0 && Number.isFinite(cut))) throw new RangeError(`${fn}: cut must be ≥ 0; got ${cut}`);
  checkPoints(fn, options.points ?? 200);

  const usable = (values: Float64Array, what: string, group?: string): SampleProblem[] => {
    const where = group !== undefined ? { group } : {};
    if (values.length < 2)
      return [
        {
          ...where,
          message: `${what} has ${values.length} unit; a kernel density needs at least 2`,
          hint: "leave the period out with --years, or estimate without --group",
        },
      ];
    const h = typeof given === "string" ? ruleBandwidth(fn, values, given) : given;
    if (!usableBandwidth(h, values))
      return [
        {
          ...where,
          message:
            h > 0
              ? `the ${given} bandwidth of ${what} is ${h}, below the floating-point resolution of its values`
              : `the ${given} bandwidth of ${what} is 0 (its values are all equal, or its IQR and standard deviation are 0)`,
          hint: "give a bandwidth with --bandwidth <number>, or use --bandwidth nrd0 (R's fallback)",
        },
      ];
    return [];
  };
  const s = periodSamples(p, variable, options, {
    method: "a kernel density",
    domain: "finite",
    minUnits: 2,
    check: (sample) => {
      const problems = usable(sample.values, `period ${sample.time}`);
      if (sample.groups !== undefined)
        for (const [label, values] of groupValues(sample, [...new Set(sample.groups)]))
          if (values.length > 0)
            problems.push(...usable(values, `group "${label}" in ${sample.time}`, label));
      return problems;
    },
  });

  const pending: { time: number; group: string; x: Float64Array; h: number }[] = [];
  const add = (time: number, group: string, x: Float64Array): void => {
    pending.push({ time, group, x, h: resolveBandwidth(fn, x, given).h });
  };
  for (const sample of s.samples) add(sample.time, ALL_UNITS, sample.values);
  for (const label of s.groupLabels)
    for (const sample of s.samples) add(sample.time, label, groupValues(sample, [label]).get(label)!);

  const grid = gridFor(fn, pending, {
    ...(options.points !== undefined ? { points: options.points } : {}),
    cut,
    ...(options.gridFrom !== undefined ? { from: options.gridFrom } : {}),
    ...(options.gridTo !== undefined ? { to: options.gridTo } : {}),
  });
  const estimates = pending.map(({ time, group, x, h }) => {
    const density = evaluateDensity(x, h, kernel, grid);
    return {
      time,
      group,
      result: {
        n: x.length,
        kernel,
        bandwidthRule: typeof given === "number" ? ("user" as const) : given,
        bandwidth: h,
        x: grid,
        density,
        peaks: densityPeaks(grid, density),
        summary: dataSummary(x),
      },
    };
  });
  return {
    variable,
    time: p.time,
    group: s.group,
    kernel,
    bandwidthRule: typeof given === "number" ? "user" : given,
    cut,
    grid,
    estimates,
    groupLabels: s.groupLabels,
    dropped: s.dropped,
    skipped: s.skipped,
  };
}

function groupValues(
  sample: { readonly values: Float64Array; readonly groups: readonly string[] | undefined },
  labels: readonly string[],
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const label of labels) {
    const values: number[] = [];
    sample.values.forEach((v, i) => {
      if (sample.groups?.[i] === label) values.push(v);
    });
    out.set(label, Float64Array.from(values));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const SQRT5 = Math.sqrt(5);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function kernelValue(kernel: Kernel, z: number): number {
  switch (kernel) {
    case "gaussian":
      return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    case "epanechnikov":
      return Math.abs(z) < SQRT5 ? (3 / (4 * SQRT5)) * (1 - (z * z) / 5) : 0;
    case "epan2":
      return Math.abs(z) < 1 ? 0.75 * (1 - z * z) : 0;
  }
}

function evaluateDensity(x: Float64Array, h: number, kernel: Kernel, at: ArrayLike<number>): Float64Array {
  const n = x.length;
  const density = new Float64Array(at.length);
  for (let g = 0; g < at.length; g++) {
    const point = at[g]!;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += kernelValue(kernel, (point - x[i]!) / h);
    density[g] = sum / (n * h);
  }
  return density;
}

function resolveBandwidth(
  fn: string,
  x: Float64Array,
  given: BandwidthRule | number | undefined,
): { h: number; rule: BandwidthRule | "user" } {
  if (typeof given === "number") {
    if (!(given > 0 && Number.isFinite(given) && Number.isFinite(1 / (x.length * given))))
      throw new RangeError(`${fn}: bandwidth must be a finite number > 0; got ${given}`);
    return { h: given, rule: "user" };
  }
  const rule = given ?? "silverman";
  const h = ruleBandwidth(fn, x, rule);
  if (!usableBandwidth(h, x))
    throw new RangeError(
      `${fn}: the ${rule} rule gives ${h} for these data (their spread is 0 or below the floating-point resolution of the values); give a bandwidth`,
    );
  return { h, rule };
}

/**
 * A rule's bandwidth is usable when it is positive, 1/(n h) is finite, and h exceeds the floating-point resolution of
 * the values (4·ε·max|x_i|), below which (x − x_i)/h carries no information.
 */
function usableBandwidth(h: number, x: Float64Array): boolean {
  let maxAbs = 0;
  for (const v of x) maxAbs = Math.max(maxAbs, Math.abs(v));
  return h > 4 * Number.EPSILON * maxAbs && Number.isFinite(1 / (x.length * h));
}

function ruleBandwidth(fn: string, x: Float64Array, rule: BandwidthRule): number {
  if (!BANDWIDTH_RULES.includes(rule))
    throw new RangeError(`${fn}: unknown bandwidth rule "${rule as string}"`);
  checkData(fn, x, 2);
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  const s = sampleSd(x);
  const iqr7 = quantileType7(sorted, 0.75) - quantileType7(sorted, 0.25);
  const shrink = Math.pow(n, -0.2);
  switch (rule) {
    case "silverman":
      return 0.9 * Math.min(s, iqr7 / 1.349) * shrink;
    case "stata":
      return 0.9 * Math.min(s, (quantileType2(sorted, 0.75) - quantileType2(sorted, 0.25)) / 1.349) * shrink;
    case "nrd0": {
      let lo = Math.min(s, iqr7 / 1.34);
      if (!lo) lo = s || Math.abs(x[0]!) || 1;
      return 0.9 * lo * shrink;
    }
    case "scott":
      return 1.06 * Math.min(s, iqr7 / 1.34) * shrink;
  }
}

/** Evenly spaced grid: explicit from/to, or min(x) − cut·h to max(x) + cut·h over all the (x, h) given. */
function gridFor(
  fn: string,
  samples: readonly { readonly x: Float64Array; readonly h: number }[],
  options: { readonly points?: number; readonly from?: number; readonly to?: number; readonly cut?: number },
): Float64Array {
  const points = options.points ?? 200;
  checkPoints(fn, points);
  const cut = options.cut ?? 3;
  if (!(cut >= 0 && Number.isFinite(cut))) throw new RangeError(`${fn}: cut must be ≥ 0; got ${cut}`);
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const { x, h } of samples)
    for (const v of x) {
      from = Math.min(from, v - cut * h);
      to = Math.max(to, v + cut * h);
    }
  from = options.from ?? from;
  to = options.to ?? to;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to))
    throw new RangeError(`${fn}: the grid needs finite from < to; got from ${from}, to ${to}`);
  const step = (to - from) / (points - 1);
  return Float64Array.from({ length: points }, (_, k) => (k === points - 1 ? to : from + k * step));
}

function checkPoints(fn: string, points: number): void {
  if (!(Number.isInteger(points) && points >= 2))
    throw new RangeError(`${fn}: points must be a whole number ≥ 2; got ${points}`);
}

function checkData(fn: string, x: Float64Array, min: number): void {
  if (x.length < min) throw new RangeError(`${fn}: x needs at least ${min} values; got ${x.length}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!))
      throw new RangeError(`${fn}: values must be finite; got ${x[i]!} at index ${i}`);
}

function dataSummary(x: Float64Array): DataSummary {
  const sorted = Float64Array.from(x).sort();
  return {
    mean: fsum(x) / x.length,
    median: quantileType7(sorted, 0.5),
    sd: x.length > 1 ? sampleSd(x) : 0,
    iqr: quantileType7(sorted, 0.75) - quantileType7(sorted, 0.25),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

function sampleSd(x: Float64Array): number {
  const mean = fsum(x) / x.length;
  return Math.sqrt(fsum(Array.from(x, (v) => (v - mean) * (v - mean))) / (x.length - 1));
}

/** R's quantile type 7 (linear interpolation between order statistics at position (n − 1)p, written as R's stats::quantile does). */
function quantileType7(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const weight = position - lo;
  return weight > 0 && sorted[hi] !== sorted[lo]
    ? (1 - weight) * sorted[lo]! + weight * sorted[hi]!
    : sorted[lo]!;
}

/**
 * R's quantile type 2 = Stata's summarize percentiles (unweighted): with P = n·p, the mean of x_(P) and x_(P+1) when
 * P is whole, else x_(⌊P⌋+1) (1-based order statistics).
 */
function quantileType2(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const P = n * p;
  const whole = Math.abs(P - Math.round(P)) < 1e-9 * Math.max(1, P);
  if (whole) {
    const k = Math.round(P);
    if (k <= 0) return sorted[0]!;
    if (k >= n) return sorted[n - 1]!;
    return (sorted[k - 1]! + sorted[k]!) / 2;
  }
  return sorted[Math.min(Math.floor(P), n - 1)]!;
}
