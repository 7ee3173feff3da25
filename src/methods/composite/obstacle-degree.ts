/**
 * Obstacle degree: Z' is n rows (units or unit-years) × m min-max values x'_ij ∈ [0, 1] (larger is
 * better), F_j the factor contribution (the indicator's global weight), I_ij = 1 − x'_ij the deviation
 * and O_ij = F_j I_ij / Σ_j F_j I_ij the share of indicator j in unit i's shortfall.
 */

import type { Matrix } from "../../math/matrix.js";

export interface ObstacleDegreeOptions {
  /** Dimension index (0..D−1) of each indicator; when given, dimension obstacles are summed. */
  readonly dimensions?: Int32Array;
  /** Number of dimensions D (default: the largest index in `dimensions` + 1). */
  readonly dimensionCount?: number;
  /** How many leading obstacles to list per row; default 3. */
  readonly topK?: number;
}

/** "ok", or "no_obstacle" when Σ_j F_j I_ij = 0 (the unit is best on every weighted indicator): its obstacles are all 0. */
export type ObstacleStatus = "ok" | "no_obstacle";

export interface ObstacleDegreeResult {
  /** n × m shares O_ij ∈ [0, 1], each "ok" row summing to 1. */
  readonly obstacles: Matrix;
  /** n × D sums of O_ij over each dimension's indicators (when `dimensions` is given). */
  readonly dimensionObstacles?: Matrix;
  /** Per row, up to topK indicators with a positive share, largest first (ties: lower index first). */
  readonly top: readonly (readonly { readonly indicator: number; readonly share: number }[])[];
  /** Column means of O over the "ok" rows (all 0 when there is none): the ranking "by the mean over units". */
  readonly meanObstacles: Float64Array;
  readonly status: readonly ObstacleStatus[];
}

/** x' within this distance outside [0, 1] is rounding and is clamped. */
const RANGE_SLACK = 1e-9;

/**
 * Obstacle degree of each indicator (and dimension) for each unit.
 *
 * I_ij = 1 − x'_ij; O_ij = F_j I_ij / Σ_k F_k I_ik (×100 for percent); dimension obstacle = Σ_{j∈d} O_ij.
 * A row with Σ_k F_k I_ik = 0 gets O = 0 and status "no_obstacle".
 *
 * Reference: the obstacle degree model (障碍度模型) of Chinese regional-evaluation studies, formulas as in
 * methods.md §2.11 (no single original paper verified).
 *
 * @param Zprime n × m min-max values x' in [0, 1] (before any shift), finite
 * @param factorWeights length m, finite, ≥ 0 (the indicators' global weights)
 * @param options dimensions, dimensionCount, topK
 * @returns obstacle shares, dimension obstacles, the leading obstacles per row and a per-row status
 * @throws RangeError naming `obstacleDegree` for shape mismatches, non-finite values, x' outside [0, 1],
 *   negative weights, bad dimension indices or a bad topK
 * @example
 * obstacleDegree(fromRows([[0, 0.5]]), Float64Array.of(0.5, 0.5)).obstacles.data
 * // => Float64Array [2/3, 1/3]
 */
export function obstacleDegree(
  Zprime: Matrix,
  factorWeights: Float64Array,
  options: ObstacleDegreeOptions = {},
): ObstacleDegreeResult {
  const n = Zprime.rows;
  const m = Zprime.cols;
  const topK = options.topK ?? 3;
  if (factorWeights.length !== m) {
    throw new RangeError(
      `obstacleDegree: factorWeights must have length ${m} (columns of Zprime); got ${factorWeights.length}`,
    );
  }
  for (const w of factorWeights) {
    if (!(w >= 0 && Number.isFinite(w)))
      throw new RangeError(`obstacleDegree: factorWeights must be finite and ≥ 0; got ${w}`);
  }
  if (!(Number.isInteger(topK) && topK >= 0))
    throw new RangeError(`obstacleDegree: topK must be a whole number ≥ 0; got ${topK}`);
  for (let k = 0; k < n * m; k++) {
    const x = Zprime.data[k]!;
    if (!(x >= -RANGE_SLACK && x <= 1 + RANGE_SLACK)) {
      throw new RangeError(
        `obstacleDegree: Zprime must hold min-max values in [0, 1]; got ${x} at row ${Math.floor(k / m)}, column ${k % m}`,
      );
    }
  }
  let dimensionCount = 0;
  const dimensions = options.dimensions;
  if (dimensions !== undefined) {
    if (dimensions.length !== m)
      throw new RangeError(`obstacleDegree: dimensions must have length ${m}; got ${dimensions.length}`);
    for (const d of dimensions) {
      if (!(d >= 0)) throw new RangeError(`obstacleDegree: dimensions must be ≥ 0; got ${d}`);
      dimensionCount = Math.max(dimensionCount, d + 1);
    }
    if (options.dimensionCount !== undefined) {
      if (!(Number.isInteger(options.dimensionCount) && options.dimensionCount >= dimensionCount)) {
        throw new RangeError(
          `obstacleDegree: dimensionCount must be a whole number ≥ ${dimensionCount} (largest dimension index + 1); got ${options.dimensionCount}`,
        );
      }
      dimensionCount = options.dimensionCount;
    }
  }

  const obstacles = new Float64Array(n * m);
  const dimensionObstacles = new Float64Array(n * dimensionCount);
  const meanObstacles = new Float64Array(m);
  const top: { indicator: number; share: number }[][] = [];
  const status: ObstacleStatus[] = [];
  const contribution = new Float64Array(m);
  let okRows = 0;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < m; j++) {
      const x = Math.min(1, Math.max(0, Zprime.data[i * m + j]!));
      contribution[j] = factorWeights[j]! * (1 - x);
      total += contribution[j]!;
    }
    if (!(total > 0)) {
      status.push("no_obstacle");
      top.push([]);
      continue;
    }
    status.push("ok");
    okRows++;
    for (let j = 0; j < m; j++) {
      const share = contribution[j]! / total;
      obstacles[i * m + j] = share;
      meanObstacles[j] = meanObstacles[j]! + share;
      if (dimensions !== undefined)
        dimensionObstacles[i * dimensionCount + dimensions[j]!] =
          dimensionObstacles[i * dimensionCount + dimensions[j]!]! + share;
    }
    const order = Array.from({ length: m }, (_, j) => j)
      .filter((j) => obstacles[i * m + j]! > 0)
      .sort((a, b) => obstacles[i * m + b]! - obstacles[i * m + a]! || a - b);
    top.push(order.slice(0, topK).map((j) => ({ indicator: j, share: obstacles[i * m + j]! })));
  }
  if (okRows > 0) for (let j = 0; j < m; j++) meanObstacles[j] = meanObstacles[j]! / okRows;

  return {
    obstacles: { data: obstacles, rows: n, cols: m },
    ...(dimensions !== undefined
      ? { dimensionObstacles: { data: dimensionObstacles, rows: n, cols: dimensionCount } }
      : {}),
    top,
    meanObstacles,
    status,
  };
}
