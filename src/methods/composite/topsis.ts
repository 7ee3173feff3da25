/**
 * TOPSIS: Z is n rows (units or unit-years) × m normalised indicators, w the indicator weights,
 * v_ij = w_j z_ij; A⁺/A⁻ the ideal and anti-ideal points, D⁺/D⁻ the Euclidean distances to them and
 * C = D⁻/(D⁺ + D⁻) the relative closeness.
 */

import type { Matrix } from "../../math/matrix.js";
import type { Direction } from "./normalize.js";

export interface TopsisOptions {
  /** Benefit "+" (the ideal is the largest value) or cost "-" (the smallest); default all "+". */
  readonly directions?: readonly Direction[];
  /**
   * "data" (default): A⁺_j = best and A⁻_j = worst of column j of the weighted matrix.
   * "unit": A⁺_j = w_j, A⁻_j = 0 for "+" (and the reverse for "-"), the fixed ideal of min-max data in [0, 1].
   */
  readonly ideal?: "data" | "unit";
  /** Period index (0..G−1, every index used) of each row; needed for scope "by-period". */
  readonly groups?: Int32Array;
  /** "pooled" (default): one ideal point from all rows, so scores compare over time; "by-period": an ideal per period. */
  readonly scope?: "pooled" | "by-period";
}

/** "ok", or "degenerate" when D⁺ + D⁻ = 0 (the unit is both ideal and anti-ideal: every weighted column is constant in its scope); its closeness is NaN. */
export type TopsisStatus = "ok" | "degenerate";

export interface TopsisResult {
  /** C_i = D⁻_i/(D⁺_i + D⁻_i) ∈ [0, 1]; NaN only where `status` is "degenerate". */
  readonly closeness: Float64Array;
  readonly dPlus: Float64Array;
  readonly dMinus: Float64Array;
  /** A⁺ (weighted scale), length m; for scope "by-period" length G·m with period g at [g·m, (g + 1)·m). */
  readonly idealBest: Float64Array;
  /** A⁻, laid out as `idealBest`. */
  readonly idealWorst: Float64Array;
  readonly status: readonly TopsisStatus[];
  readonly ideal: "data" | "unit";
  readonly scope: "pooled" | "by-period";
}

/**
 * Relative closeness to the ideal solution (TOPSIS).
 *
 * v_ij = w_j z_ij; for "+" A⁺_j = max_i v_ij, A⁻_j = min_i v_ij (swapped for "-"), or the fixed points of
 * `ideal: "unit"`; D±_i = √(Σ_j (v_ij − A±_j)²); C_i = D⁻_i/(D⁺_i + D⁻_i). Normalisation is the
 * caller's: classic TOPSIS uses vector normalisation (`normalize(X, {method: "vector"})`) with cost
 * criteria marked "-" here; min-max data that already has its directions flipped uses all "+".
 *
 * Reference: Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer, ch. 3.2,
 * doi:10.1007/978-3-642-48318-9; entropy-TOPSIS check values: Ersoy (2021), LogForum 17(3).
 *
 * @param Z n × m normalised indicators, finite
 * @param weights length m, finite, ≥ 0
 * @param options directions, ideal, groups, scope
 * @returns closeness, distances, the ideal points and a per-row status
 * @throws RangeError naming `topsis` for shape mismatches, non-finite values, negative weights or bad groups
 * @example
 * topsis(fromRows([[0, 0], [1, 1], [1, 0]]), Float64Array.of(0.5, 0.5)).closeness
 * // => Float64Array [0, 1, 0.5]
 */
export function topsis(Z: Matrix, weights: Float64Array, options: TopsisOptions = {}): TopsisResult {
  const n = Z.rows;
  const m = Z.cols;
  const ideal = options.ideal ?? "data";
  const scope = options.scope ?? "pooled";
  if (weights.length !== m)
    throw new RangeError(`topsis: weights must have length ${m} (columns of Z); got ${weights.length}`);
  for (let j = 0; j < m; j++) {
    if (!(weights[j]! >= 0 && Number.isFinite(weights[j]!))) {
      throw new RangeError(`topsis: weights must be finite and ≥ 0; got ${weights[j]} at ${j}`);
    }
  }
  const directions = options.directions ?? new Array<Direction>(m).fill("+");
  if (directions.length !== m) {
    throw new RangeError(`topsis: directions must have length ${m} (columns of Z); got ${directions.length}`);
  }
  for (const d of directions) {
    if (!["+", "-"].includes(d)) throw new RangeError(`topsis: directions must be "+" or "-"; got ${d}`);
  }
  if (!["data", "unit"].includes(ideal))
    throw new RangeError(`topsis: ideal must be "data" or "unit"; got ${ideal}`);
  if (!["pooled", "by-period"].includes(scope)) {
    throw new RangeError(`topsis: scope must be "pooled" or "by-period"; got ${scope}`);
  }
  for (let k = 0; k < n * m; k++) {
    if (!Number.isFinite(Z.data[k]!)) {
      throw new RangeError(
        `topsis: Z must be finite; got ${Z.data[k]} at row ${Math.floor(k / m)}, column ${k % m}`,
      );
    }
  }
  const { group, count } =
    scope === "by-period"
      ? checkedGroups("topsis", options.groups, n)
      : { group: new Int32Array(n), count: 1 };

  const idealBest = new Float64Array(count * m);
  const idealWorst = new Float64Array(count * m);
  if (ideal === "unit") {
    for (let g = 0; g < count; g++) {
      for (let j = 0; j < m; j++) {
        const benefit = directions[j] === "+";
        idealBest[g * m + j] = benefit ? weights[j]! : 0;
        idealWorst[g * m + j] = benefit ? 0 : weights[j]!;
      }
    }
  } else {
    const high = new Float64Array(count * m).fill(-Infinity);
    const low = new Float64Array(count * m).fill(Infinity);
    for (let i = 0; i < n; i++) {
      const g = group[i]!;
      for (let j = 0; j < m; j++) {
        const v = weights[j]! * Z.data[i * m + j]!;
        if (v > high[g * m + j]!) high[g * m + j] = v;
        if (v < low[g * m + j]!) low[g * m + j] = v;
      }
    }
    for (let k = 0; k < count * m; k++) {
      const benefit = directions[k % m] === "+";
      idealBest[k] = benefit ? high[k]! : low[k]!;
      idealWorst[k] = benefit ? low[k]! : high[k]!;
    }
  }

  const closeness = new Float64Array(n);
  const dPlus = new Float64Array(n);
  const dMinus = new Float64Array(n);
  const status: TopsisStatus[] = [];
  for (let i = 0; i < n; i++) {
    const offset = group[i]! * m;
    let plus = 0;
    let minus = 0;
    for (let j = 0; j < m; j++) {
      const v = weights[j]! * Z.data[i * m + j]!;
      plus += (v - idealBest[offset + j]!) ** 2;
      minus += (v - idealWorst[offset + j]!) ** 2;
    }
    dPlus[i] = Math.sqrt(plus);
    dMinus[i] = Math.sqrt(minus);
    const total = dPlus[i]! + dMinus[i]!;
    if (total > 0) {
      closeness[i] = dMinus[i]! / total;
      status.push("ok");
    } else {
      closeness[i] = Number.NaN;
      status.push("degenerate");
    }
  }
  return { closeness, dPlus, dMinus, idealBest, idealWorst, status, ideal, scope };
}

/** Validates a period index per row (0..G−1, each used) and returns it with G. */
function checkedGroups(
  fn: string,
  groups: Int32Array | undefined,
  n: number,
): { group: Int32Array; count: number } {
  if (groups === undefined) throw new RangeError(`${fn}: scope "by-period" needs groups`);
  if (groups.length !== n)
    throw new RangeError(`${fn}: groups must have length ${n} (rows); got ${groups.length}`);
  let count = 0;
  for (const g of groups) {
    if (!(g >= 0)) throw new RangeError(`${fn}: groups must be ≥ 0; got ${g}`);
    count = Math.max(count, g + 1);
  }
  const used = new Uint8Array(count);
  for (const g of groups) used[g] = 1;
  const unused = used.indexOf(0);
  if (unused >= 0)
    throw new RangeError(`${fn}: every period index 0..${count - 1} must be used; ${unused} has no rows`);
  return { group: groups, count };
}
