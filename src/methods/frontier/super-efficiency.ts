/**
 * Andersen–Petersen radial super-efficiency: unit o is evaluated against the technology of the other units
 * (its own λ_o fixed at 0). Notation as in dea.ts: n units, m inputs, s outputs, θ (input) or φ (output).
 */

import { solveLp } from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";
import type { LpSolver } from "../../lp/simplex.js";
import {
  checkFrontierData,
  checkOrientation,
  checkRts,
  envelopment,
  isClearlyInefficient,
  WORKING_SET_MIN_UNITS,
  type EnvelopmentResult,
} from "./dea.js";
import type { FrontierCommon, Orientation, Peers, Rts, UnitStatus } from "./types.js";

/** Options of {@link superEfficiency}. */
export interface SuperEfficiencyOptions extends FrontierCommon {
  /** "input" (default) or "output". */
  readonly orientation?: Orientation;
  /** With `reference`: for each evaluated unit, the reference row that is the unit itself (left out), or −1. Required with `reference`. */
  readonly exclude?: Int32Array;
}

/** Result of {@link superEfficiency}. */
export interface SuperEfficiencyResult {
  /** Input: θ (> 1 for units the others do not envelop); output: φ (< 1 for those). NaN where `status` is not "optimal". */
  readonly scores: Float64Array;
  /** θ (input) or 1/φ (output): ≥ the ordinary Farrell efficiency, > 1 for extreme efficient units. */
  readonly farrell: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
  readonly lambdaSum: Float64Array;
  /** λ > 1e-9 over the other units (indices into the data, or into the reference set). */
  readonly peers: readonly Peers[];
  /** Radial projection onto the other units' frontier: θ·x_o (input) or x_o (output). */
  readonly inputTargets: Matrix;
  /** y_o (input) or φ·y_o (output). */
  readonly outputTargets: Matrix;
  readonly method: "super-efficiency";
  readonly rts: Rts;
  readonly orientation: Orientation;
  readonly referenceSize: number;
  /** True when a `reference` set was given (peers index into it). */
  readonly externalReference: boolean;
}

/**
 * Radial super-efficiency of Andersen & Petersen (1993): the ordinary CCR/BCC envelopment LP of `dea` with the
 * evaluated unit removed from the reference set, min θ s.t. Σ_{j≠o} λ_j x_j ≤ θ x_o, Σ_{j≠o} λ_j y_j ≥ y_o
 * (output: max φ), plus Σλ = 1 (VRS), ≤ 1 (NIRS) or ≥ 1 (NDRS). Inefficient units keep their ordinary score.
 * Under VRS (and NIRS/NDRS) a unit outside the other units' technology has no solution (Seiford & Zhu 1999): it
 * gets status "infeasible", a NaN score and a reason, and the run goes on. No slack stage is run.
 *
 * Reference: Andersen & Petersen (1993), "A procedure for ranking efficient units in data envelopment
 * analysis", Management Science 39(10):1261–1264, doi:10.1287/mnsc.39.10.1261; Seiford & Zhu (1999),
 * "Infeasibility of super-efficiency data envelopment analysis models", INFOR 37(2):174–187; worked example:
 * Tone (2002) power plants as in deaR (methods.md §4.8(c)).
 *
 * @param X n × m inputs, strictly positive
 * @param Y n × s outputs, ≥ 0
 * @param options rts (default "crs"), orientation (default "input"), reference with exclude, solver, names
 * @returns per-unit super-efficiency scores with status, reason, peers and radial targets
 * @throws RangeError naming `superEfficiency` for shape mismatches, unknown options, or a reference without `exclude`
 * @throws NqpfInputError (code "bad_value") for non-positive inputs or negative outputs
 * @example
 * superEfficiency(fromRows([[2], [4], [3]]), fromRows([[2], [3], [1]])).scores
 * // => Float64Array [1.3333…, 0.75, 0.3333…]
 */
export function superEfficiency(
  X: Matrix,
  Y: Matrix,
  options: SuperEfficiencyOptions = {},
): SuperEfficiencyResult {
  const rts = options.rts ?? "crs";
  const orientation = options.orientation ?? "input";
  checkRts("superEfficiency", rts);
  checkOrientation("superEfficiency", orientation);
  const reference = options.reference;
  checkFrontierData("superEfficiency", X, Y, reference, options.names);
  const n = X.rows;
  let exclude: Int32Array;
  if (reference === undefined) {
    if (options.exclude !== undefined)
      throw new RangeError(
        "superEfficiency: exclude is only used with a reference set; got exclude without reference",
      );
    exclude = Int32Array.from({ length: n }, (_, i) => i);
  } else {
    if (options.exclude === undefined)
      throw new RangeError(
        "superEfficiency: with a reference set, exclude must give each unit's own reference row (or −1); got none",
      );
    if (options.exclude.length !== n)
      throw new RangeError(
        `superEfficiency: exclude must have ${n} entries (rows of X); got ${options.exclude.length}`,
      );
    for (const j of options.exclude)
      if (!(Number.isInteger(j) && j >= -1 && j < reference.X.rows))
        throw new RangeError(
          `superEfficiency: exclude entries must be −1 or a reference row 0..${reference.X.rows - 1}; got ${j}`,
        );
    exclude = options.exclude;
  }
  const solver = options.solver ?? solveLp;
  const result =
    reference === undefined && n >= WORKING_SET_MIN_UNITS
      ? screenedSuperEfficiency(X, Y, rts, orientation, solver)
      : envelopment(X, Y, reference?.X ?? X, reference?.Y ?? Y, {
          rts,
          orientation,
          maxSlacks: false,
          solver,
          exclude,
        });
  const reason = result.reason.map((r, i) =>
    result.status[i] === "infeasible"
      ? `the unit lies outside the ${rts.toUpperCase()} technology of the other units, so no super-efficiency score exists (Seiford & Zhu 1999); ${r ?? "envelopment LP infeasible"}`
      : r,
  );
  const farrell = result.scores.map((v) => (orientation === "input" ? v : 1 / v));
  const m = X.cols;
  const s = Y.cols;
  const inputTargets = new Float64Array(n * m);
  const outputTargets = new Float64Array(n * s);
  for (let i = 0; i < n; i++) {
    const score = result.scores[i]!;
    for (let j = 0; j < m; j++)
      inputTargets[i * m + j] = (orientation === "input" ? score : 1) * X.data[i * m + j]!;
    for (let r = 0; r < s; r++)
      outputTargets[i * s + r] = (orientation === "input" ? 1 : score) * Y.data[i * s + r]!;
  }
  return {
    scores: result.scores,
    farrell,
    status: result.status,
    reason,
    lambdaSum: result.lambdaSum,
    peers: result.peers,
    inputTargets: { data: inputTargets, rows: n, cols: m },
    outputTargets: { data: outputTargets, rows: n, cols: s },
    method: "super-efficiency",
    rts,
    orientation,
    referenceSize: reference?.X.rows ?? n,
    externalReference: reference !== undefined,
  };
}

/**
 * Super-efficiency of every unit against the others, fast for many units. First the ordinary scores (with the
 * screened working set of `envelopment`); a clearly inefficient unit keeps them (its own λ is 0 in every optimal
 * solution, so leaving it out changes nothing). An efficient unit o is then evaluated against the efficient
 * units plus the inefficient units whose ordinary peers include o: any other inefficient unit k stays
 * inefficient without o (its ordinary λ does not use o), and a unit that is inefficient relative to the other
 * units cannot carry an optimal λ of o's LP (the optimal dual hyperplane would make it efficient). The result
 * equals `envelopment(X, Y, X, Y, { exclude: identity })`; the tests check that.
 * @param X n × m inputs (validated by the caller)
 * @param Y n × s outputs
 * @param rts returns to scale
 * @param orientation input or output
 * @param solver LP solver
 * @returns per-unit scores, status, reason, Σλ and peers (indices into the data); slacks and targets are the engine's
 */
export function screenedSuperEfficiency(
  X: Matrix,
  Y: Matrix,
  rts: Rts,
  orientation: Orientation,
  solver: LpSolver,
): EnvelopmentResult {
  const n = X.rows;
  const m = X.cols;
  const s = Y.cols;
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const ordinary = envelopment(X, Y, X, Y, { rts, orientation, maxSlacks: false, solver, self: identity });
  const inefficient = new Uint8Array(n);
  for (let k = 0; k < n; k++)
    if (ordinary.status[k] === "optimal" && isClearlyInefficient(Y, k, ordinary.scores[k]!, orientation))
      inefficient[k] = 1;
  const always: number[] = [];
  const dependents: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < n; k++) {
    if (inefficient[k] === 0) always.push(k);
    else for (const p of ordinary.peers[k]!.index) dependents[p]!.push(k);
  }
  const scores = Float64Array.from(ordinary.scores);
  const status = [...ordinary.status];
  const reason = [...ordinary.reason];
  const lambdaSum = Float64Array.from(ordinary.lambdaSum);
  const peers = [...ordinary.peers];
  const take = (a: Matrix, rows: readonly number[]): Matrix => {
    const data = new Float64Array(rows.length * a.cols);
    rows.forEach((i, q) => {
      data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), q * a.cols);
    });
    return { data, rows: rows.length, cols: a.cols };
  };
  for (let o = 0; o < n; o++) {
    if (inefficient[o] === 1) continue;
    const rows = [...always, ...dependents[o]!].sort((p, q) => p - q);
    const at = rows.indexOf(o);
    const one = envelopment(take(X, [o]), take(Y, [o]), take(X, rows), take(Y, rows), {
      rts,
      orientation,
      maxSlacks: false,
      solver,
      exclude: Int32Array.of(at),
    });
    scores[o] = one.scores[0]!;
    status[o] = one.status[0]!;
    reason[o] = one.reason[0];
    lambdaSum[o] = one.lambdaSum[0]!;
    const p = one.peers[0]!;
    peers[o] = { index: Int32Array.from(p.index, (j) => rows[j]!), weight: p.weight };
  }
  return {
    ...ordinary,
    scores,
    status,
    reason,
    lambdaSum,
    peers,
    inputSlacks: { data: new Float64Array(n * m), rows: n, cols: m },
    outputSlacks: { data: new Float64Array(n * s), rows: n, cols: s },
  };
}
