/**
 * Shared vocabulary of the frontier (DEA-family) models. Data layout: X is n × m (rows = units, columns =
 * inputs), Y is n × s (outputs), B is n × k (bad outputs); a reference set, when given, has the same columns
 * and its own rows.
 */

import type { LpSolver } from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";

/** Returns to scale: constant, variable (Σλ = 1), non-increasing (Σλ ≤ 1), non-decreasing (Σλ ≥ 1). */
export type Rts = "crs" | "vrs" | "nirs" | "ndrs";

/** Radial direction: shrink inputs at fixed outputs ("input") or expand outputs at fixed inputs ("output"). */
export type Orientation = "input" | "output";

/** Outcome of one unit's LP; anything but "optimal" comes with a NaN score and a reason. */
export type UnitStatus = "optimal" | "infeasible" | "unbounded" | "numerical";

/** Technology to evaluate against, when it is not the evaluated units themselves (Malmquist, global, sequential, window). */
export interface ReferenceSet {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly B?: Matrix;
}

/** Sparse λ of one unit: the reference units with λ > 1e-9 (indices into the reference set) and their weights. */
export interface Peers {
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

/** Labels used in error messages and tables: unit names, input, output and bad-output column names. */
export interface FrontierNames {
  readonly units?: readonly string[];
  /** Names of the reference-set units (peers), when a `reference` other than the evaluated units is used. */
  readonly referenceUnits?: readonly string[];
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
  readonly bads?: readonly string[];
}

/** Options every frontier model takes. */
export interface FrontierCommon {
  /** Returns to scale; default "crs". */
  readonly rts?: Rts;
  /** Reference technology; default the evaluated units themselves. */
  readonly reference?: ReferenceSet;
  /** LP solver; default `solveLp` (tests inject the HiGHS oracle). */
  readonly solver?: LpSolver;
  /** Labels for error messages and tables. */
  readonly names?: FrontierNames;
}
