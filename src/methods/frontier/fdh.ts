/**
 * Free disposal hull (FDH) efficiency by enumeration, no LP. Notation: n evaluated units, N reference units,
 * m inputs, s outputs; x_j, y_j the rows of X and Y.
 */

import type { Matrix } from "../../math/matrix.js";
import { checkFrontierData, checkOrientation } from "./dea.js";
import type { FrontierNames, Orientation, Peers, ReferenceSet, UnitStatus } from "./types.js";

/** Options of {@link fdh}. */
export interface FdhOptions {
  /** "input" (default) or "output". */
  readonly orientation?: Orientation;
  /** Reference units (default: the evaluated units themselves). */
  readonly reference?: ReferenceSet;
  readonly names?: FrontierNames;
}

/** Result of {@link fdh}. */
export interface FdhResult {
  /** Input: θ ∈ (0, 1]; output: φ ≥ 1. NaN where `status` is not "optimal". */
  readonly scores: Float64Array;
  /** θ (input) or 1/φ (output). */
  readonly farrell: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
  /** The one dominating reference unit (weight 1) that attains the score; the first in row order on ties. */
  readonly peers: readonly Peers[];
  /** θ·x_o − x_peer (input) or x_o − x_peer (output), ≥ 0. */
  readonly inputSlacks: Matrix;
  /** y_peer − y_o (input) or y_peer − φ·y_o (output), ≥ 0. */
  readonly outputSlacks: Matrix;
  /** The peer's inputs. */
  readonly inputTargets: Matrix;
  /** The peer's outputs. */
  readonly outputTargets: Matrix;
  readonly method: "fdh";
  readonly orientation: Orientation;
  readonly referenceSize: number;
  /** True when a `reference` set was given (peers index into it). */
  readonly externalReference: boolean;
}

/**
 * FDH efficiency (Deprins, Simar & Tulkens 1984): the technology is the free disposal hull of the reference
 * units, so a unit is compared with single units only.
 * Input: θ_o = min over {j : y_j ≥ y_o} of max_i x_ij/x_io. Output: φ_o = max over {j : x_j ≤ x_o} of
 * min over {r : y_ro > 0} of y_rj/y_ro. This equals the mixed-integer LP with binary λ and Σλ = 1 (the
 * independent formulation the tests use). A unit no reference unit dominates is "infeasible"; a unit with all
 * outputs 0 is "unbounded" in output orientation. O(n·N·(m + s)) time.
 *
 * Reference: Deprins, Simar & Tulkens (1984), "Measuring labor-efficiency in post offices", in Marchand, Pestieau
 * & Tulkens (eds.), The Performance of Public Enterprises, North-Holland, 243–267; Tulkens (1993), Journal of
 * Productivity Analysis 4(1–2):183–210, doi:10.1007/BF01073473.
 *
 * @param X n × m inputs, strictly positive
 * @param Y n × s outputs, ≥ 0
 * @param options orientation (default "input"), reference, names
 * @returns per-unit scores, status, the dominating peer, slacks and targets
 * @throws RangeError naming `fdh` for shape mismatches or an unknown orientation
 * @throws NqpfInputError (code "bad_value") for non-positive inputs or negative outputs
 * @example
 * fdh(fromRows([[2], [4], [3]]), fromRows([[2], [3], [1]])).scores
 * // => Float64Array [1, 1, 0.6666…]
 */
export function fdh(X: Matrix, Y: Matrix, options: FdhOptions = {}): FdhResult {
  const orientation = options.orientation ?? "input";
  checkOrientation("fdh", orientation);
  checkFrontierData("fdh", X, Y, options.reference, options.names);
  const Xr = options.reference?.X ?? X;
  const Yr = options.reference?.Y ?? Y;
  const n = X.rows;
  const N = Xr.rows;
  const m = X.cols;
  const s = Y.cols;
  const scores = new Float64Array(n).fill(NaN);
  const status: UnitStatus[] = new Array<UnitStatus>(n).fill("optimal");
  const reason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const peers: Peers[] = [];
  const inputSlacks = new Float64Array(n * m).fill(NaN);
  const outputSlacks = new Float64Array(n * s).fill(NaN);
  const inputTargets = new Float64Array(n * m).fill(NaN);
  const outputTargets = new Float64Array(n * s).fill(NaN);
  const noPeers: Peers = { index: new Int32Array(0), weight: new Float64Array(0) };

  for (let o = 0; o < n; o++) {
    let best = orientation === "input" ? Infinity : -Infinity;
    let peer = -1;
    let anyPositiveOutput = false;
    for (let r = 0; r < s; r++) if (Y.data[o * s + r]! > 0) anyPositiveOutput = true;
    if (orientation === "output" && !anyPositiveOutput) {
      status[o] = "unbounded";
      reason[o] = "all outputs are 0, so they can be expanded without limit";
      peers.push(noPeers);
      continue;
    }
    for (let j = 0; j < N; j++) {
      if (orientation === "input") {
        let dominates = true;
        for (let r = 0; r < s && dominates; r++)
          if (Yr.data[j * s + r]! < Y.data[o * s + r]!) dominates = false;
        if (!dominates) continue;
        let ratio = 0;
        for (let i = 0; i < m; i++) ratio = Math.max(ratio, Xr.data[j * m + i]! / X.data[o * m + i]!);
        if (ratio < best) {
          best = ratio;
          peer = j;
        }
      } else {
        let dominates = true;
        for (let i = 0; i < m && dominates; i++)
          if (Xr.data[j * m + i]! > X.data[o * m + i]!) dominates = false;
        if (!dominates) continue;
        let ratio = Infinity;
        for (let r = 0; r < s; r++) {
          const yo = Y.data[o * s + r]!;
          if (yo > 0) ratio = Math.min(ratio, Yr.data[j * s + r]! / yo);
        }
        if (ratio > best) {
          best = ratio;
          peer = j;
        }
      }
    }
    if (peer < 0) {
      status[o] = "infeasible";
      reason[o] =
        orientation === "input"
          ? "no reference unit produces at least this unit's outputs"
          : "no reference unit uses at most this unit's inputs";
      peers.push(noPeers);
      continue;
    }
    scores[o] = best;
    peers.push({ index: Int32Array.of(peer), weight: Float64Array.of(1) });
    for (let i = 0; i < m; i++) {
      const xo = X.data[o * m + i]!;
      const xp = Xr.data[peer * m + i]!;
      inputTargets[o * m + i] = xp;
      inputSlacks[o * m + i] = Math.max(0, (orientation === "input" ? best * xo : xo) - xp);
    }
    for (let r = 0; r < s; r++) {
      const yo = Y.data[o * s + r]!;
      const yp = Yr.data[peer * s + r]!;
      outputTargets[o * s + r] = yp;
      outputSlacks[o * s + r] = Math.max(0, yp - (orientation === "input" ? yo : best * yo));
    }
  }
  return {
    scores,
    farrell: scores.map((v) => (orientation === "input" ? v : 1 / v)),
    status,
    reason,
    peers,
    inputSlacks: { data: inputSlacks, rows: n, cols: m },
    outputSlacks: { data: outputSlacks, rows: n, cols: s },
    inputTargets: { data: inputTargets, rows: n, cols: m },
    outputTargets: { data: outputTargets, rows: n, cols: s },
    method: "fdh",
    orientation,
    referenceSize: N,
    externalReference: options.reference !== undefined,
  };
}
