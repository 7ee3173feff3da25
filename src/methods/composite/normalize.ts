/**
 * Normalisation of an indicator matrix X (rows i = units or unit-years, columns j = indicators) before weighting
 * and aggregation (methods.md §2.1). x'_ij is the normalised value before any shift, x''_ij the value after it.
 * Statistics (min/max, mean/sd, norm, total) come from all rows ("pooled"), from each period's own rows
 * ("by-period"), or from one base period's rows applied to every row ("base-period").
 */
import { IssueCollector, type InputIssue } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import type { Matrix } from "../../math/matrix.js";
import { checkMatrix, checkOneOf, groupMembers } from "./checks.js";

/** Indicator direction: "+" benefit (larger is better), "-" cost (smaller is better). */
export type Direction = "+" | "-";

/** Normalisation scheme. */
export type NormalizeMethod = "minmax" | "zscore" | "vector" | "sum";

/**
 * Shift applied after min-max normalisation so that logarithms can be taken (methods.md §2.1 (a)–(d)):
 * "add" x' + delta; "interval" delta + (1 − 2·delta)·x' (maps [0, 1] onto [delta, 1 − delta]);
 * "affine" 0.99·x' + 0.01; "none" x' unchanged (entropy then uses 0·ln 0 := 0).
 */
export type MinMaxShift = "add" | "interval" | "affine" | "none";

/** Which rows supply the normalising statistics. */
export type NormalizeScope = "pooled" | "by-period" | "base-period";

/** Options of `normalize`. */
export interface NormalizeOptions {
  /** Default "minmax". */
  readonly method?: NormalizeMethod;
  /** One per column; default all "+". Used by "minmax" and "zscore" only (see `normalize`). */
  readonly directions?: readonly Direction[];
  /** Default "add". Used by "minmax" only. */
  readonly shift?: MinMaxShift;
  /** Shift size for "add" and "interval", in [0, 0.5); default 1e-4. */
  readonly delta?: number;
  /** Default "pooled". */
  readonly scope?: NormalizeScope;
  /** Period index (0..G−1, every index used) of each row; required for "by-period" and "base-period". */
  readonly groups?: Int32Array;
  /** Group index whose statistics normalise all rows; required for "base-period". */
  readonly basePeriod?: number;
  /** Degrees of freedom removed from n for the z-score standard deviation: 1 (sample, default) or 0. */
  readonly ddof?: 0 | 1;
  /** Indicator names (one per column), used in issues. */
  readonly names?: readonly string[];
  /** Label of each period (e.g. the years), used in issues as `time`. */
  readonly periodLabels?: readonly (number | string)[];
}

/** Normalised values with the settings and statistics that produced them. */
export interface NormalizeResult {
  /** x'' (after the shift for "minmax"; the normalised values otherwise). */
  readonly values: Matrix;
  /** x' before the shift: in [0, 1] for "minmax" with pooled or by-period scope. The same matrix as `values` for other methods. */
  readonly unshifted: Matrix;
  readonly method: NormalizeMethod;
  /** The shift applied: the option for "minmax", "none" for the other methods. */
  readonly shift: MinMaxShift;
  readonly delta: number;
  readonly scope: NormalizeScope;
  readonly directions: readonly Direction[];
  /** The base period used ("base-period" scope only). */
  readonly basePeriod?: number;
  /**
   * The statistics, one row per statistics group (G rows for "by-period", 1 row otherwise) × one column per
   * indicator: `min`/`max` for "minmax", `mean`/`sd` for "zscore", `norm` (√Σx²) for "vector", `total` (Σx) for "sum".
   */
  readonly min?: Matrix;
  readonly max?: Matrix;
  readonly mean?: Matrix;
  readonly sd?: Matrix;
  readonly norm?: Matrix;
  readonly total?: Matrix;
}

/**
 * Normalises the columns of X.
 *
 * - "minmax": x' = (x − min_j)/(max_j − min_j) for "+", (max_j − x)/(max_j − min_j) for "-"; then the shift.
 * - "zscore": x' = s·(x − mean_j)/sd_j with s = +1 for "+", −1 for "-" (sd with `ddof`, default 1).
 * - "vector": r = x/√(Σ_i x²) (classic TOPSIS); directions are ignored because TOPSIS handles cost criteria in its ideal point.
 * - "sum": p = x/Σ_i x (the MCDM literature's raw-data entropy input); directions are ignored; values must be ≥ 0.
 *
 * With scope "base-period", rows of other periods may fall outside [0, 1] (an index relative to the base period).
 *
 * Reference: methods.md §2.1; min-max with direction and the 0.0001 shift as in the entropy method of 杨丽 & 孙之淳 (2015), 经济问题 [recalled];
 * vector normalisation: Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer, doi:10.1007/978-3-642-48318-9.
 *
 * @param X rows × cols, finite (units or unit-years × indicators)
 * @param options method, directions, shift, delta, scope, groups, basePeriod, ddof, names, periodLabels
 * @returns normalised values, the unshifted values and the statistics used
 * @throws NqpfInputError (code "bad_value", column = indicator name) for a column that is constant within a statistics group ("minmax", "zscore"), all zero ("vector", "sum") or has a negative value ("sum"); every such column is listed
 * @throws RangeError naming `normalize` for non-finite values, option lengths that do not match X, or missing groups/basePeriod
 * @example
 * normalize(fromRows([[1, 10], [2, 20], [3, 30]]), { directions: ["+", "-"], shift: "none" }).values
 * // => rows [[0, 1], [0.5, 0.5], [1, 0]]
 */
export function normalize(X: Matrix, options: NormalizeOptions = {}): NormalizeResult {
  const fn = "normalize";
  const method = options.method ?? "minmax";
  const scope = options.scope ?? "pooled";
  const delta = options.delta ?? 1e-4;
  const ddof = options.ddof ?? 1;
  const { rows, cols } = X;
  checkMatrix(fn, X);
  checkOneOf(fn, "method", method, ["minmax", "zscore", "vector", "sum"]);
  checkOneOf(fn, "scope", scope, ["pooled", "by-period", "base-period"]);
  if (method === "minmax")
    checkOneOf(fn, "shift", options.shift ?? "add", ["add", "interval", "affine", "none"]);
  if (!(delta >= 0 && delta < 0.5)) throw new RangeError(`${fn}: delta must be in [0, 0.5); got ${delta}`);
  checkOneOf(fn, "ddof", ddof, [0, 1]);
  const directions = options.directions ?? new Array<Direction>(cols).fill("+");
  if (directions.length !== cols)
    throw new RangeError(
      `${fn}: directions must have one entry per column (${cols}); got ${directions.length}`,
    );
  directions.forEach((d, j) => {
    checkOneOf(fn, `directions[${j}]`, d, ["+", "-"]);
  });
  checkNames(fn, options.names, cols);
  const shift: MinMaxShift = method === "minmax" ? (options.shift ?? "add") : "none";

  // Statistics groups: which rows supply statistics (source) and which rows they normalise (target).
  let source: Int32Array[];
  let target: Int32Array[];
  let groupOfStat: (number | undefined)[];
  let groupCount = 0;
  if (scope === "pooled") {
    if (options.groups !== undefined) groupMembers(fn, options.groups, rows);
    const all = Int32Array.from({ length: rows }, (_, i) => i);
    source = [all];
    target = [all];
    groupOfStat = [undefined];
  } else {
    if (options.groups === undefined) throw new RangeError(`${fn}: scope "${scope}" needs groups; got none`);
    const members = groupMembers(fn, options.groups, rows);
    groupCount = members.length;
    if (scope === "by-period") {
      source = members;
      target = members;
      groupOfStat = members.map((_, g) => g);
    } else {
      const base = options.basePeriod;
      if (base === undefined || !(Number.isInteger(base) && base >= 0 && base < members.length))
        throw new RangeError(
          `${fn}: scope "base-period" needs basePeriod, a group index in 0..${members.length - 1}; got ${String(base)}`,
        );
      source = [members[base]!];
      target = [Int32Array.from({ length: rows }, (_, i) => i)];
      groupOfStat = [base];
    }
  }
  if (options.periodLabels !== undefined && scope !== "pooled") {
    if (options.periodLabels.length !== groupCount)
      throw new RangeError(
        `${fn}: periodLabels must have one entry per group (${groupCount}); got ${options.periodLabels.length}`,
      );
  }

  const statRows = source.length;
  const statA = new Float64Array(statRows * cols); // min | mean | norm | total
  const statB = new Float64Array(statRows * cols); // max | sd
  const issues = new IssueCollector();
  const where = (j: number, s: number): Omit<InputIssue, "code" | "message" | "hint"> => {
    const g = groupOfStat[s];
    const label = g === undefined ? undefined : options.periodLabels?.[g];
    return { column: indicatorLabel(options.names, j), ...(label !== undefined ? { time: label } : {}) };
  };
  const inPeriod = (s: number): string => {
    const g = groupOfStat[s];
    if (g === undefined) return "";
    const label = options.periodLabels?.[g];
    return ` in period ${label !== undefined ? String(label) : `index ${g}`}`;
  };
  const indicator = (j: number): string => indicatorPhrase(options.names, j);
  const buffer = new Float64Array(rows);

  for (let s = 0; s < statRows; s++) {
    const idx = source[s]!;
    const n = idx.length;
    for (let j = 0; j < cols; j++) {
      const k = s * cols + j;
      if (method === "minmax") {
        let lo = Infinity;
        let hi = -Infinity;
        for (const i of idx) {
          const v = X.data[i * cols + j]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        statA[k] = lo;
        statB[k] = hi;
        if (!(hi > lo))
          issues.add({
            code: "bad_value",
            ...where(j, s),
            message: `${indicator(j)} is constant${inPeriod(s)} (every value is ${lo}), so min-max normalisation divides by zero`,
            hint: "drop the indicator, or normalise over the pooled panel instead of period by period",
          });
        else if (!Number.isFinite(hi - lo))
          throw new RangeError(`${fn}: column ${j} spans more than the double range (${lo} to ${hi})`);
      } else if (method === "zscore") {
        for (let t = 0; t < n; t++) buffer[t] = X.data[idx[t]! * cols + j]!;
        const mean = fsum(buffer.subarray(0, n)) / n;
        for (let t = 0; t < n; t++) buffer[t] = (buffer[t]! - mean) ** 2;
        const sd = Math.sqrt(fsum(buffer.subarray(0, n)) / (n - ddof));
        statA[k] = mean;
        statB[k] = sd;
        if (!(sd > 0))
          issues.add({
            code: "bad_value",
            ...where(j, s),
            message: `${indicator(j)} has no spread${inPeriod(s)} (standard deviation ${n - ddof > 0 ? 0 : "undefined"}), so its z-score divides by zero`,
            hint: "drop the indicator, or normalise over the pooled panel instead of period by period",
          });
      } else if (method === "vector") {
        let scale = 0;
        for (const i of idx) scale = Math.max(scale, Math.abs(X.data[i * cols + j]!));
        for (let t = 0; t < n; t++) buffer[t] = scale > 0 ? (X.data[idx[t]! * cols + j]! / scale) ** 2 : 0;
        const norm = scale * Math.sqrt(fsum(buffer.subarray(0, n)));
        statA[k] = norm;
        if (!(norm > 0))
          issues.add({
            code: "bad_value",
            ...where(j, s),
            message: `${indicator(j)} is zero in every row${inPeriod(s)}, so vector normalisation divides by zero`,
            hint: "drop the indicator or check its values",
          });
      } else {
        let negatives = 0;
        let firstNegative = -1;
        for (let t = 0; t < n; t++) {
          const v = X.data[idx[t]! * cols + j]!;
          buffer[t] = v;
          if (v < 0) {
            negatives++;
            if (firstNegative < 0) firstNegative = idx[t]!;
          }
        }
        const total = fsum(buffer.subarray(0, n));
        statA[k] = total;
        if (negatives > 0)
          issues.add({
            code: "bad_value",
            ...where(j, s),
            message: `${indicator(j)} has ${negatives} negative value${negatives > 1 ? "s" : ""}${inPeriod(s)} (first at observation ${firstNegative + 1}); sum normalisation needs values ≥ 0`,
            hint: "use min-max normalisation, which handles negative values",
          });
        else if (!(total > 0))
          issues.add({
            code: "bad_value",
            ...where(j, s),
            message: `${indicator(j)} is zero in every row${inPeriod(s)}, so sum normalisation divides by zero`,
            hint: "drop the indicator or check its values",
          });
      }
    }
  }
  issues.throwIfAny();

  const unshifted = new Float64Array(rows * cols);
  for (let s = 0; s < statRows; s++) {
    for (const i of target[s]!) {
      for (let j = 0; j < cols; j++) {
        const v = X.data[i * cols + j]!;
        const a = statA[s * cols + j]!;
        const b = statB[s * cols + j]!;
        const cost = directions[j] === "-";
        let z: number;
        if (method === "minmax") z = cost ? (b - v) / (b - a) : (v - a) / (b - a);
        else if (method === "zscore") z = cost ? (a - v) / b : (v - a) / b;
        else z = v / a;
        unshifted[i * cols + j] = z;
      }
    }
  }
  let values = unshifted;
  if (shift !== "none") {
    values = new Float64Array(unshifted.length);
    for (let k = 0; k < values.length; k++) values[k] = applyShift(unshifted[k]!, shift, delta);
  }

  const stat = (data: Float64Array): Matrix => ({ data, rows: statRows, cols });
  const statistics =
    method === "minmax"
      ? { min: stat(statA), max: stat(statB) }
      : method === "zscore"
        ? { mean: stat(statA), sd: stat(statB) }
        : method === "vector"
          ? { norm: stat(statA) }
          : { total: stat(statA) };
  const unshiftedMatrix: Matrix = { data: unshifted, rows, cols };
  return {
    values: shift === "none" ? unshiftedMatrix : { data: values, rows, cols },
    unshifted: unshiftedMatrix,
    method,
    shift,
    delta,
    scope,
    directions: [...directions],
    ...(scope === "base-period" ? { basePeriod: options.basePeriod! } : {}),
    ...statistics,
  };
}

function applyShift(x: number, shift: MinMaxShift, delta: number): number {
  switch (shift) {
    case "add":
      return x + delta;
    case "interval":
      return delta + (1 - 2 * delta) * x;
    case "affine":
      return 0.99 * x + 0.01;
    case "none":
      return x;
  }
}

function checkNames(fn: string, names: readonly string[] | undefined, cols: number): void {
  if (names !== undefined && names.length !== cols)
    throw new RangeError(`${fn}: names must have one entry per column (${cols}); got ${names.length}`);
}

function indicatorLabel(names: readonly string[] | undefined, j: number): string {
  return names?.[j] ?? `indicator ${j + 1}`;
}

function indicatorPhrase(names: readonly string[] | undefined, j: number): string {
  const name = names?.[j];
  return name !== undefined ? `indicator "${name}"` : `indicator ${j + 1}`;
}
