/**
 * Radial DEA in multiplier (dual, ratio) form. Notation: n evaluated units, N reference units, m inputs with
 * weights v, s outputs with weights u, and a free term (u0 in input orientation, v0 in output orientation)
 * for the returns-to-scale constraint.
 */

import type { LpProblem } from "../../lp/simplex.js";
import { solveLp } from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";
import { checkFrontierData, checkOrientation, checkRts, columnMeans } from "./dea.js";
import type { FrontierCommon, Orientation, Rts, UnitStatus } from "./types.js";

/** Largest reference set the multiplier form accepts: its LP has N + 1 rows and the simplex keeps a dense (N + 1)² basis inverse. */
export const MULTIPLIER_MAX_REFERENCE = 5000;

/** Options of {@link deaMultiplier}. */
export interface DeaMultiplierOptions extends FrontierCommon {
  /** "input" (default) or "output". */
  readonly orientation?: Orientation;
}

/** Result of {@link deaMultiplier}. */
export interface DeaMultiplierResult {
  /** Input: θ = u·y_o + u0 ∈ (0, 1]; output: φ = v·x_o + v0 ≥ 1. NaN where `status` is not "optimal". */
  readonly scores: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
  /** v, n × m, in 1/(input unit): input orientation v·x_o = 1. */
  readonly inputWeights: Matrix;
  /** u, n × s, in 1/(output unit): output orientation u·y_o = 1. */
  readonly outputWeights: Matrix;
  /** u0 (input) or v0 (output): free under VRS, ≤ 0 / ≥ 0 under NIRS, ≥ 0 / ≤ 0 under NDRS, 0 under CRS. */
  readonly free: Float64Array;
  readonly method: "dea-multiplier";
  readonly rts: Rts;
  readonly orientation: Orientation;
  readonly referenceSize: number;
  readonly externalReference: boolean;
}

/**
 * Radial DEA efficiency from the multiplier LP, the dual of the envelopment LP of `dea` (so the scores agree).
 * Input: max u·y_o + u0 s.t. v·x_o = 1, u·y_j − v·x_j + u0 ≤ 0 for every reference unit j, u, v ≥ 0.
 * Output: min v·x_o + v0 s.t. u·y_o = 1, v·x_j − u·y_j + v0 ≥ 0, u, v ≥ 0.
 * The free term is absent under CRS, free under VRS; NIRS makes u0 ≤ 0 (v0 ≥ 0) and NDRS u0 ≥ 0 (v0 ≤ 0).
 * Columns are divided by their reference mean before solving and the weights are scaled back. Weights are one
 * optimal solution; they are often not unique. The LP has N + 1 rows, so N is capped at MULTIPLIER_MAX_REFERENCE.
 *
 * Reference: Charnes, Cooper & Rhodes (1978), EJOR 2(6):429–444 (ratio form and its linearisation); Banker,
 * Charnes & Cooper (1984), Management Science 30(9):1078–1092 (the free variable u0); Cooper, Seiford & Tone
 * (2007), Data Envelopment Analysis, 2nd ed., Springer, ch. 2–5.
 *
 * @param X n × m inputs, strictly positive
 * @param Y n × s outputs, ≥ 0
 * @param options rts (default "crs"), orientation (default "input"), reference, solver, names
 * @returns scores, status, reason, input and output weights and the free term
 * @throws RangeError naming `deaMultiplier` for shape mismatches, unknown options or more than MULTIPLIER_MAX_REFERENCE reference units
 * @throws NqpfInputError (code "bad_value") for non-positive inputs or negative outputs
 * @example
 * deaMultiplier(fromRows([[2, 5], [2, 4], [6, 6], [3, 2], [6, 2]]), fromRows([[1], [2], [3], [1], [2]])).scores
 * // => Float64Array [0.5, 1, 0.8333…, 0.7142…, 1]
 */
export function deaMultiplier(X: Matrix, Y: Matrix, options: DeaMultiplierOptions = {}): DeaMultiplierResult {
  const rts = options.rts ?? "crs";
  const orientation = options.orientation ?? "input";
  checkRts("deaMultiplier", rts);
  checkOrientation("deaMultiplier", orientation);
  const reference = options.reference;
  checkFrontierData("deaMultiplier", X, Y, reference, options.names);
  const Xr = reference?.X ?? X;
  const Yr = reference?.Y ?? Y;
  const n = X.rows;
  const N = Xr.rows;
  const m = X.cols;
  const s = Y.cols;
  if (N > MULTIPLIER_MAX_REFERENCE)
    throw new RangeError(
      `deaMultiplier: the reference set may have at most ${MULTIPLIER_MAX_REFERENCE} units (dense basis of N + 1 rows); got ${N}; use dea() instead`,
    );
  const solver = options.solver ?? solveLp;
  const inputMean = columnMeans(Xr);
  const outputMean = columnMeans(Yr);

  // Columns: [v_1..v_m, u_1..u_s, free]; rows: normalisation, then one row per reference unit.
  const cols = m + s + 1;
  const rows = N + 1;
  const A = new Float64Array(rows * cols);
  const sign = orientation === "input" ? 1 : -1; // input: u·y − v·x + u0 ≤ 0; output: v·x − u·y + v0 ≥ 0
  for (let j = 0; j < N; j++) {
    const row = (1 + j) * cols;
    for (let i = 0; i < m; i++) A[row + i] = (-sign * Xr.data[j * m + i]!) / inputMean[i]!;
    for (let r = 0; r < s; r++) A[row + m + r] = (sign * Yr.data[j * s + r]!) / outputMean[r]!;
    A[row + m + s] = 1;
  }
  const b = new Float64Array(rows);
  b[0] = 1;
  const rowType = new Int8Array(rows).fill(orientation === "input" ? -1 : 1);
  rowType[0] = 0;
  const c = new Float64Array(cols);
  c[m + s] = orientation === "input" ? -1 : 1;
  const lower = new Float64Array(cols);
  const upper = new Float64Array(cols).fill(Infinity);
  const freeIndex = m + s;
  // Bounds of the free term, from the sign of the Σλ row it is dual to.
  const freeLower = {
    crs: 0,
    vrs: -Infinity,
    nirs: orientation === "input" ? -Infinity : 0,
    ndrs: orientation === "input" ? 0 : -Infinity,
  }[rts];
  const freeUpper = {
    crs: 0,
    vrs: Infinity,
    nirs: orientation === "input" ? 0 : Infinity,
    ndrs: orientation === "input" ? Infinity : 0,
  }[rts];
  lower[freeIndex] = freeLower;
  upper[freeIndex] = freeUpper;
  const problem: LpProblem = { c, A: { data: A, rows, cols }, b, rowType, lower, upper };

  const scores = new Float64Array(n).fill(NaN);
  const status: UnitStatus[] = new Array<UnitStatus>(n).fill("optimal");
  const reason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const inputWeights = new Float64Array(n * m).fill(NaN);
  const outputWeights = new Float64Array(n * s).fill(NaN);
  const free = new Float64Array(n).fill(NaN);
  for (let o = 0; o < n; o++) {
    // Normalisation row and objective of unit o.
    for (let i = 0; i < m; i++) {
      const x = X.data[o * m + i]! / inputMean[i]!;
      A[i] = orientation === "input" ? x : 0;
      c[i] = orientation === "input" ? 0 : x;
    }
    for (let r = 0; r < s; r++) {
      const y = Y.data[o * s + r]! / outputMean[r]!;
      A[m + r] = orientation === "input" ? 0 : y;
      c[m + r] = orientation === "input" ? -y : 0;
    }
    A[freeIndex] = 0;
    const result = solver(problem);
    if (result.status !== "optimal") {
      status[o] = result.status;
      reason[o] = `multiplier LP ${result.status}${result.reason !== undefined ? `: ${result.reason}` : ""}`;
      continue;
    }
    scores[o] = orientation === "input" ? -result.objective : result.objective;
    for (let i = 0; i < m; i++) inputWeights[o * m + i] = result.x[i]! / inputMean[i]!;
    for (let r = 0; r < s; r++) outputWeights[o * s + r] = result.x[m + r]! / outputMean[r]!;
    free[o] = result.x[freeIndex]!;
  }
  return {
    scores,
    status,
    reason,
    inputWeights: { data: inputWeights, rows: n, cols: m },
    outputWeights: { data: outputWeights, rows: n, cols: s },
    free,
    method: "dea-multiplier",
    rts,
    orientation,
    referenceSize: N,
    externalReference: reference !== undefined,
  };
}
