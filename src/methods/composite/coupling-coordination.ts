/**
 * Coupling coordination degree: U is rows (units or unit-years) × n subsystem scores U_i ∈ [0, 1];
 * C the coupling degree, T = Σ α_i U_i the comprehensive development index, D = √(C·T) the
 * coupling coordination degree, graded in ten steps of 0.1.
 */

import { IssueCollector } from "../../errors.js";
import type { Matrix } from "../../math/matrix.js";

/** The ten coordination grades by D in steps of 0.1 (index = level). Reference: 地理学报 (2021) 76(4), Table 1. */
export const COORDINATION_LEVELS: readonly {
  readonly zh: string;
  readonly en: string;
  readonly from: number;
  readonly to: number;
}[] = Object.freeze(
  [
    ["极度失调", "extreme imbalance"],
    ["严重失调", "serious imbalance"],
    ["中度失调", "moderate imbalance"],
    ["轻度失调", "mild imbalance"],
    ["濒临失调", "on the verge of imbalance"],
    ["勉强协调", "barely coordinated"],
    ["初级协调", "primary coordination"],
    ["中级协调", "intermediate coordination"],
    ["良好协调", "good coordination"],
    ["优质协调", "quality coordination"],
  ].map(([zh, en], level) => Object.freeze({ zh: zh!, en: en!, from: level / 10, to: (level + 1) / 10 })),
);

/** The four coupling classes by C: [0, 0.3) low, [0.3, 0.5) antagonism, [0.5, 0.8) running-in, [0.8, 1] high. */
export const COUPLING_CLASSES: readonly {
  readonly zh: string;
  readonly en: string;
  readonly from: number;
  readonly to: number;
}[] = Object.freeze([
  Object.freeze({ zh: "低水平耦合", en: "low-level coupling", from: 0, to: 0.3 }),
  Object.freeze({ zh: "拮抗", en: "antagonism", from: 0.3, to: 0.5 }),
  Object.freeze({ zh: "磨合", en: "running-in", from: 0.5, to: 0.8 }),
  Object.freeze({ zh: "高水平耦合", en: "high-level coupling", from: 0.8, to: 1 }),
]);

export interface CouplingCoordinationOptions {
  /** Subsystem weights α_i for T (≥ 0, summing to 1); default 1/n each. */
  readonly alpha?: readonly number[];
  /** "standard" (default) or "modified" (王淑佳 et al. 2021, recalled form). */
  readonly variant?: "standard" | "modified";
  /** Subsystem names, used in error messages. */
  readonly names?: readonly string[];
}

/** "ok", or "all_zero" when every U_i of the row is 0 (C, T and D are then 0 by definition). */
export type CouplingStatus = "ok" | "all_zero";

export interface CouplingCoordinationResult {
  /** Coupling degree C ∈ [0, 1]. */
  readonly coupling: Float64Array;
  /** Comprehensive development index T = Σ α_i U_i ∈ [0, 1]. */
  readonly development: Float64Array;
  /** Coupling coordination degree D = √(C·T) ∈ [0, 1]. */
  readonly coordination: Float64Array;
  /** 0..9: floor(10·D) (D = 1 → 9); an index into `COORDINATION_LEVELS`. */
  readonly level: Int8Array;
  /** 0..3: an index into `COUPLING_CLASSES`. */
  readonly couplingClass: Int8Array;
  readonly status: readonly CouplingStatus[];
  readonly variant: "standard" | "modified";
  readonly alpha: Float64Array;
}

/** D (or C) within this distance below a grade boundary counts as reaching it, so rounding noise in 0.3 = √0.09 cannot drop a grade. */
const BOUNDARY_SLACK = 1e-12;

/**
 * Coupling degree, development index and coupling coordination degree of n subsystems.
 *
 * standard: C = n·[Π_i U_i / (Σ_i U_i)^n]^(1/n) (for n = 2, C = 2√(U₁U₂)/(U₁ + U₂));
 * modified [R]: C = √{[1 − Σ_{i<j} |U_i − U_j| / Σ_{s=1}^{n−1} s]·(Π_i U_i / max_i U_i)^(1/(n−1))};
 * T = Σ_i α_i U_i; D = √(C·T). Level = min(9, ⌊10·D⌋); coupling class by C at 0.3, 0.5, 0.8.
 * The "modified" form is recalled from 王淑佳 et al. and not re-read against the paper: check the equation
 * before citing it.
 *
 * Reference: 王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021), 国内耦合协调度模型的误区及修正, 自然资源学报 36(3):793–810;
 * grading as in 地理学报 (2021) 76(4), Table 1.
 *
 * @param U rows × n subsystem scores, n ≥ 2, each in [0, 1]
 * @param options alpha, variant, names
 * @returns C, T, D, the coordination level, the coupling class and a per-row status
 * @throws NqpfInputError (code "bad_value", column = subsystem name) for a U outside [0, 1], all listed;
 *   RangeError naming `couplingCoordination` for n < 2, non-finite values or a bad alpha
 * @example
 * couplingCoordination(fromRows([[0.3, 0.5]])).coordination
 * // => Float64Array [0.6223330 (to 7 decimals)]
 */
export function couplingCoordination(
  U: Matrix,
  options: CouplingCoordinationOptions = {},
): CouplingCoordinationResult {
  const rows = U.rows;
  const n = U.cols;
  const variant = options.variant ?? "standard";
  if (!(n >= 2))
    throw new RangeError(`couplingCoordination: U needs at least two subsystems (columns); got ${n}`);
  if (!["standard", "modified"].includes(variant)) {
    throw new RangeError(`couplingCoordination: variant must be "standard" or "modified"; got ${variant}`);
  }
  if (options.names !== undefined && options.names.length !== n) {
    throw new RangeError(
      `couplingCoordination: names must have one entry per subsystem (${n}); got ${options.names.length}`,
    );
  }
  const alpha =
    options.alpha === undefined ? new Float64Array(n).fill(1 / n) : Float64Array.from(options.alpha);
  if (alpha.length !== n)
    throw new RangeError(`couplingCoordination: alpha must have length ${n}; got ${alpha.length}`);
  let alphaTotal = 0;
  for (const a of alpha) {
    if (!(a >= 0 && Number.isFinite(a)))
      throw new RangeError(`couplingCoordination: alpha must be finite and ≥ 0; got ${a}`);
    alphaTotal += a;
  }
  if (!(Math.abs(alphaTotal - 1) <= 1e-9)) {
    throw new RangeError(`couplingCoordination: alpha must sum to 1; got ${alphaTotal}`);
  }

  const issues = new IssueCollector();
  for (let k = 0; k < rows * n; k++) {
    const u = U.data[k]!;
    if (!Number.isFinite(u)) {
      throw new RangeError(
        `couplingCoordination: U must be finite; got ${u} at row ${Math.floor(k / n)}, column ${k % n}`,
      );
    }
    if (!(u >= 0 && u <= 1)) {
      const column = options.names?.[k % n] ?? `subsystem ${(k % n) + 1}`;
      issues.add({
        code: "bad_value",
        column,
        message: `subsystem score ${u} of "${column}" in unit ${Math.floor(k / n) + 1} is outside [0, 1]`,
        hint: "coupling coordination needs subsystem scores in [0, 1]: min-max normalise them first",
      });
    }
  }
  issues.throwIfAny();

  const coupling = new Float64Array(rows);
  const development = new Float64Array(rows);
  const coordination = new Float64Array(rows);
  const level = new Int8Array(rows);
  const couplingClass = new Int8Array(rows);
  const status: CouplingStatus[] = [];
  const u = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) u[i] = U.data[r * n + i]!;
    let sum = 0;
    let max = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      sum += u[i]!;
      max = Math.max(max, u[i]!);
      t += alpha[i]! * u[i]!;
    }
    let c = 0;
    if (sum > 0) {
      if (variant === "standard") {
        // n·(Π (U_i/ΣU))^(1/n): the geometric mean of the shares, times n.
        let logMean = 0;
        for (let i = 0; i < n; i++) logMean += Math.log(u[i]! / sum) / n;
        c = n * Math.exp(logMean);
      } else {
        let spread = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) spread += Math.abs(u[i]! - u[j]!);
        let product = 1;
        for (let i = 0; i < n; i++) product *= u[i]!;
        const balance = 1 - spread / ((n * (n - 1)) / 2);
        c = Math.sqrt(Math.max(0, balance) * (product / max) ** (1 / (n - 1)));
      }
      c = Math.min(1, c);
    }
    const d = Math.sqrt(c * t);
    coupling[r] = c;
    development[r] = t;
    coordination[r] = d;
    level[r] = Math.min(9, Math.floor(10 * d + BOUNDARY_SLACK));
    couplingClass[r] =
      c >= 0.8 - BOUNDARY_SLACK ? 3 : c >= 0.5 - BOUNDARY_SLACK ? 2 : c >= 0.3 - BOUNDARY_SLACK ? 1 : 0;
    status.push(sum > 0 ? "ok" : "all_zero");
  }
  return { coupling, development, coordination, level, couplingClass, status, variant, alpha };
}
