/**
 * Directional distance function (DDF): n evaluated units with inputs X (n × m), good outputs Y (n × s) and bad
 * outputs B (n × k), a reference technology of nr units (X, Y, B of the reference set), lambda (nr) the intensity
 * weights, g = (gx, gy, gb) the direction and beta the distance: how far the unit can move from (x, y, b) to
 * (x − beta gx, y + beta gy, b − beta gb) inside the reference technology. beta = 0 on the frontier.
 */

import { IssueCollector, type InputIssue } from "../../errors.js";
import { solveLp, type LpProblem } from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";
import { numberColumn, stringColumn, table, type Column, type Table } from "../../table/table.js";
import type { FrontierCommon, FrontierNames, Peers, Rts, UnitStatus } from "./types.js";

/**
 * One block of the direction:
 * - `"observed"`: each unit's own values (g_x = x_o, etc.);
 * - a number: that constant for every variable of the block and every unit (`0` leaves the block unchanged);
 * - a vector (length = columns of the block): the same direction for every unit;
 * - a Matrix (n × columns of the block): one direction per evaluated unit.
 * Every entry must be finite and ≥ 0.
 */
export type DirectionBlock = "observed" | number | ArrayLike<number> | Matrix;

/** A direction given block by block; an omitted block is `"observed"`, so `{ gx: 0 }` is g = (0, y, b). */
export interface DirectionVectors {
  readonly gx?: DirectionBlock;
  readonly gy?: DirectionBlock;
  readonly gb?: DirectionBlock;
}

/**
 * The direction g. The letters name the blocks moved along the unit's own values, the others stay fixed:
 * "xyb" is g = (x, y, b) (contract inputs and bads, expand goods: the default), "yb" is g = (0, y, b)
 * (Chung, Färe & Grosskopf 1997), "y" is g = (0, y, 0), and so on; or explicit {@link DirectionVectors}.
 */
export type DdfDirection = "xyb" | "xy" | "xb" | "yb" | "x" | "y" | "b" | DirectionVectors;

/** Disposability of bad outputs: "weak" (Σλb = b − βg_b, with null-jointness) or "free" (Σλb ≤ b − βg_b). */
export type BadDisposability = "weak" | "free";

/** "radial": one β for all variables; "non-radial": one β per variable, weighted (Zhou, Ang & Wang 2012). */
export type DdfVariant = "radial" | "non-radial";

/** Non-radial β weights per block (vectors of the block's width, finite, ≥ 0); an omitted block has weight 0. */
export interface DdfWeightVectors {
  readonly x?: ArrayLike<number>;
  readonly y?: ArrayLike<number>;
  readonly b?: ArrayLike<number>;
}

/**
 * Non-radial weights:
 * - "equal" (default): 1/K for each of the K included variables (those whose direction is not zero for every unit);
 * - "groups": each included block (inputs, goods, bads) gets an equal share, split equally inside the block (one third
 *   each for inputs, desirable and undesirable outputs when all three move: a common choice in NDDF applications);
 * - explicit vectors, used as given (not normalised).
 */
export type DdfWeights = "equal" | "groups" | DdfWeightVectors;

/** Options of {@link ddf}; rts, reference, solver and names as in {@link FrontierCommon}. */
export interface DdfOptions extends FrontierCommon {
  /** Bad (undesirable) outputs, n × k, finite and ≥ 0; the reference set then needs `B` with k columns. */
  readonly bad?: Matrix;
  /** Direction g; default "xyb", i.e. g = (x_o, y_o, b_o) for unit o. */
  readonly direction?: DdfDirection;
  /** Default "weak". */
  readonly badDisposability?: BadDisposability;
  /** Default "radial". */
  readonly variant?: DdfVariant;
  /** Non-radial weights; default "equal". Ignored by the radial variant. */
  readonly weights?: DdfWeights;
}

/** β per variable of the non-radial variant: n × m (inputs), n × s (goods), n × k (bads). */
export interface DdfBetas {
  readonly x: Matrix;
  readonly y: Matrix;
  readonly b: Matrix;
}

/** Result of {@link ddf}: β per unit with its status, peers and targets, plus the settings used. */
export interface DdfResult {
  /** β per unit: the radial distance, or Σ_v w_v β_v (non-radial). 0 = on the frontier; NaN unless status is "optimal". */
  readonly beta: Float64Array;
  /** The same array as `beta`, for code that reads every frontier result alike (an inefficiency, not an efficiency). */
  readonly scores: Float64Array;
  readonly status: readonly UnitStatus[];
  /** Why a unit is not "optimal"; undefined for optimal units. */
  readonly reason: readonly (string | undefined)[];
  /** Non-radial only: β per variable. */
  readonly betas?: DdfBetas;
  /** λ > 1e-9 per unit, indices into the reference set. */
  readonly peers: readonly Peers[];
  /** Σλ per unit (NaN unless optimal). */
  readonly lambdaSum: Float64Array;
  /** Projections x − βg_x (n × m), y + βg_y (n × s), b − βg_b (n × k); NaN rows unless optimal. */
  readonly inputTargets: Matrix;
  readonly outputTargets: Matrix;
  readonly badTargets: Matrix;
  /** The direction used, resolved per unit: n × m, n × s, n × k. */
  readonly direction: { readonly gx: Matrix; readonly gy: Matrix; readonly gb: Matrix };
  /** Non-radial only: the weights used, inputs then goods then bads (length m + s + k). */
  readonly weights?: Float64Array;
  readonly rts: Rts;
  readonly variant: DdfVariant;
  readonly badDisposability: BadDisposability;
  /** The direction as asked: its letters, or "custom". */
  readonly directionLabel: string;
  /** True when a separate reference set was given. */
  readonly reference: boolean;
}

const PEER_TOL = 1e-9;
const DIRECTION_LETTERS = ["xyb", "xy", "xb", "yb", "x", "y", "b"];
const RTS_VALUES: readonly string[] = ["crs", "vrs", "nirs", "ndrs"];
const VARIANTS: readonly string[] = ["radial", "non-radial"];
const DISPOSABILITIES: readonly string[] = ["weak", "free"];

/**
 * Directional distance function, radial or non-radial, with optional bad outputs.
 *
 * Radial (Chambers, Chung & Färe 1996; Chung, Färe & Grosskopf 1997), for unit o:
 *   β = max β s.t. Σ_j λ_j x_j ≤ x_o − β g_x, Σ_j λ_j y_j ≥ y_o + β g_y, Σ_j λ_j b_j = b_o − β g_b
 *   ("≤" under free disposability of bads), λ ≥ 0, β free; VRS adds Σλ = 1, NIRS Σλ ≤ 1, NDRS Σλ ≥ 1.
 * β ≥ 0 for a unit of its own reference set; against another reference (cross-period D^t(t+1), Malmquist–
 * Luenberger) β < 0 means the unit lies outside that technology, and an infeasible or unbounded LP is a status.
 * Under VRS with weak disposability the constraint set is the simple one above (Σλ = 1), not Kuosmanen's (2005).
 * Non-radial (Zhou, Ang & Wang 2012): max Σ_v w_v β_v with one β_v ≥ 0 in the row of variable v; β_v is fixed
 * at 0 where the unit's direction component or the weight is 0; the reported β is Σ_v w_v β_v.
 * Each row is divided by the evaluated unit's value of its variable (by the reference mean where that is 0) before
 * solving, so the LP tolerances are relative to the unit's own data (β is unchanged by this).
 *
 * Reference: Chambers, Chung & Färe (1996), J. Econ. Theory 70(2):407–419, doi:10.1006/jeth.1996.0096;
 * Chung, Färe & Grosskopf (1997), J. Environ. Manage. 51(3):229–240, doi:10.1006/jema.1997.0146;
 * Zhou, Ang & Wang (2012), Eur. J. Oper. Res. 221(3):625–635, doi:10.1016/j.ejor.2012.04.022;
 * test vectors methods.md §4.8 (j).
 *
 * @param X n × m inputs, finite and ≥ 0 (zeros allowed)
 * @param Y n × s good outputs, finite and ≥ 0
 * @param options bad outputs, direction, badDisposability, rts, variant, weights, reference, solver, names
 * @returns β per unit with status, reason, peers, Σλ, targets, the resolved direction (and β per variable when non-radial)
 * @throws RangeError naming `ddf` for mismatched shapes, unknown options, negative or non-finite directions or weights
 * @throws NqpfInputError (code "bad_value", entity = unit, column = variable) for negative or non-finite data
 * @example
 * ddf(fromRows([[1], [1]]), fromRows([[2], [1]]), { direction: "y" }).beta
 * // => Float64Array [0, 1]
 */
export function ddf(X: Matrix, Y: Matrix, options: DdfOptions = {}): DdfResult {
  const n = X.rows;
  const m = X.cols;
  const s = Y.cols;
  const B = options.bad ?? { data: new Float64Array(0), rows: n, cols: 0 };
  const k = B.cols;
  const rts = options.rts ?? "crs";
  const variant = options.variant ?? "radial";
  const badDisposability = options.badDisposability ?? "weak";
  const names = options.names ?? {};
  if (!(n >= 1)) throw new RangeError(`ddf: X needs at least one row (unit); got ${n}`);
  if (!(m >= 1 && s >= 1))
    throw new RangeError(`ddf: needs at least one input and one output; got ${m} inputs, ${s} outputs`);
  if (Y.rows !== n) throw new RangeError(`ddf: Y must have ${n} rows (as X); got ${Y.rows}`);
  if (B.rows !== n) throw new RangeError(`ddf: bad must have ${n} rows (as X); got ${B.rows}`);
  if (!RTS_VALUES.includes(rts))
    throw new RangeError(`ddf: rts must be "crs", "vrs", "nirs" or "ndrs"; got ${rts}`);
  if (!VARIANTS.includes(variant))
    throw new RangeError(`ddf: variant must be "radial" or "non-radial"; got ${variant}`);
  if (!DISPOSABILITIES.includes(badDisposability))
    throw new RangeError(`ddf: badDisposability must be "weak" or "free"; got ${badDisposability}`);
  checkNames(names, n, m, s, k);

  const reference = options.reference;
  const RX = reference?.X ?? X;
  const RY = reference?.Y ?? Y;
  const RB =
    reference === undefined ? B : (reference.B ?? { data: new Float64Array(0), rows: RX.rows, cols: 0 });
  const nr = RX.rows;
  if (reference !== undefined) {
    if (!(nr >= 1)) throw new RangeError(`ddf: reference.X needs at least one row; got ${nr}`);
    if (RX.cols !== m) throw new RangeError(`ddf: reference.X must have ${m} columns (as X); got ${RX.cols}`);
    if (RY.cols !== s) throw new RangeError(`ddf: reference.Y must have ${s} columns (as Y); got ${RY.cols}`);
    if (RY.rows !== nr)
      throw new RangeError(`ddf: reference.Y must have ${nr} rows (as reference.X); got ${RY.rows}`);
    if (reference.B !== undefined && k === 0)
      throw new RangeError("ddf: reference.B is given but options.bad is not; give both or neither");
    if (RB.cols !== k)
      throw new RangeError(`ddf: reference.B must have ${k} columns (as bad); got ${RB.cols}`);
    if (RB.rows !== nr)
      throw new RangeError(`ddf: reference.B must have ${nr} rows (as reference.X); got ${RB.rows}`);
  }

  const issues = new IssueCollector();
  checkData(issues, X, "input", names.inputs, (i) => unitLabel(names, i));
  checkData(issues, Y, "output", names.outputs, (i) => unitLabel(names, i));
  checkData(issues, B, "bad output", names.bads, (i) => unitLabel(names, i));
  if (reference !== undefined) {
    const refLabel = (i: number): string => `reference unit ${i + 1}`;
    checkData(issues, RX, "input", names.inputs, refLabel);
    checkData(issues, RY, "output", names.outputs, refLabel);
    checkData(issues, RB, "bad output", names.bads, refLabel);
  }
  issues.throwIfAny();

  const { gx, gy, gb, label: directionLabel } = resolveDirection(options.direction ?? "xyb", X, Y, B);
  const nv = m + s + k;
  const G = [gx, gy, gb];
  const included = new Uint8Array(nv);
  for (let v = 0; v < nv; v++) {
    const [block, col] = locate(v, m, s);
    const g = G[block]!;
    for (let i = 0; i < n && included[v] === 0; i++) if (g.data[i * g.cols + col]! !== 0) included[v] = 1;
  }
  if (included.every((flag) => flag === 0))
    throw new RangeError("ddf: the direction is zero for every variable and unit; give a non-zero direction");
  const weights =
    variant === "non-radial" ? resolveWeights(options.weights ?? "equal", included, m, s, k) : undefined;

  // Constraint rows: m inputs (<=), s goods (>=), k bads (= or <=), then Σλ for VRS/NIRS/NDRS; columns λ (nr), then β.
  const nb = variant === "radial" ? 1 : nv;
  const rows = nv + (rts === "crs" ? 0 : 1);
  const cols = nr + nb;
  const meanScale = new Float64Array(nv);
  const template = new Float64Array(rows * cols);
  const rowType = new Int8Array(rows);
  const R = [RX, RY, RB];
  for (let v = 0; v < nv; v++) {
    const [block, col] = locate(v, m, s);
    const ref = R[block]!;
    let total = 0;
    for (let j = 0; j < nr; j++) total += ref.data[j * ref.cols + col]!;
    const mean = total / nr;
    meanScale[v] = mean > 0 ? 1 / mean : 1;
    for (let j = 0; j < nr; j++) template[v * cols + j] = ref.data[j * ref.cols + col]!;
    rowType[v] = block === 0 ? -1 : block === 1 ? 1 : badDisposability === "weak" ? 0 : -1;
  }
  if (rts !== "crs") {
    template.fill(1, nv * cols, nv * cols + nr);
    rowType[nv] = rts === "vrs" ? 0 : rts === "nirs" ? -1 : 1;
  }
  const c = new Float64Array(cols);
  if (variant === "radial") c[nr] = -1;
  else for (let v = 0; v < nv; v++) c[nr + v] = -weights![v]!;

  const solver = options.solver ?? solveLp;
  const beta = new Float64Array(n).fill(Number.NaN);
  const lambdaSum = new Float64Array(n).fill(Number.NaN);
  const status: UnitStatus[] = [];
  const reason: (string | undefined)[] = [];
  const peers: Peers[] = [];
  const betaData = [m, s, k].map((w) => new Float64Array(n * w).fill(Number.NaN));
  const targetData = [m, s, k].map((w) => new Float64Array(n * w).fill(Number.NaN));
  const D = [X, Y, B];
  const sign = [-1, 1, -1];

  for (let o = 0; o < n; o++) {
    const A = Float64Array.from(template);
    const b = new Float64Array(rows);
    const lower = new Float64Array(cols);
    const upper = new Float64Array(cols).fill(Infinity);
    let zeroDirection = true;
    for (let v = 0; v < nv; v++) {
      const [block, col] = locate(v, m, s);
      const g = G[block]!.data[o * G[block]!.cols + col]!;
      if (g !== 0) zeroDirection = false;
      const value = D[block]!.data[o * D[block]!.cols + col]!;
      // Row v divided by the unit's own value (by the reference mean where that is 0): the right-hand side is 1.
      const scale = value > 0 ? 1 / value : meanScale[v]!;
      for (let j = 0; j < nr; j++) A[v * cols + j] = A[v * cols + j]! * scale;
      b[v] = value * scale;
      // x: Σλx + βg ≤ x; y: Σλy − βg ≥ y; b: Σλb + βg (=, ≤) b
      const coefficient = -sign[block]! * g * scale;
      if (variant === "radial") A[v * cols + nr] = coefficient;
      else {
        A[v * cols + nr + v] = coefficient;
        if (g === 0 || weights![v] === 0) upper[nr + v] = 0;
      }
    }
    if (rts !== "crs") b[nv] = 1;
    if (variant === "radial") lower[nr] = -Infinity;
    const problem: LpProblem = { c, A: { data: A, rows, cols }, b, rowType, lower, upper };
    const lp = solver(problem);
    if (lp.status !== "optimal") {
      status.push(lp.status);
      reason.push(failureReason(lp.status, lp.reason, zeroDirection, reference !== undefined));
      peers.push({ index: new Int32Array(0), weight: new Float64Array(0) });
      continue;
    }
    const index: number[] = [];
    const weight: number[] = [];
    let sum = 0;
    for (let j = 0; j < nr; j++) {
      const lambda = lp.x[j]!;
      sum += lambda;
      if (lambda > PEER_TOL) {
        index.push(j);
        weight.push(lambda);
      }
    }
    peers.push({ index: Int32Array.from(index), weight: Float64Array.from(weight) });
    lambdaSum[o] = sum;
    let total = 0;
    for (let v = 0; v < nv; v++) {
      const [block, col] = locate(v, m, s);
      const width = D[block]!.cols;
      const betaV = variant === "radial" ? lp.x[nr]! : lp.x[nr + v]!;
      if (variant === "non-radial") {
        betaData[block]![o * width + col] = betaV;
        total += weights![v]! * betaV;
      }
      const g = G[block]!.data[o * width + col]!;
      targetData[block]![o * width + col] = D[block]!.data[o * width + col]! + sign[block]! * betaV * g;
    }
    beta[o] = variant === "radial" ? lp.x[nr]! : total;
    status.push("optimal");
    reason.push(undefined);
  }

  const asMatrix = (data: Float64Array, width: number): Matrix => ({ data, rows: n, cols: width });
  return {
    beta,
    scores: beta,
    status,
    reason,
    ...(variant === "non-radial"
      ? {
          betas: { x: asMatrix(betaData[0]!, m), y: asMatrix(betaData[1]!, s), b: asMatrix(betaData[2]!, k) },
          weights: weights!,
        }
      : {}),
    peers,
    lambdaSum,
    inputTargets: asMatrix(targetData[0]!, m),
    outputTargets: asMatrix(targetData[1]!, s),
    badTargets: asMatrix(targetData[2]!, k),
    direction: { gx, gy, gb },
    rts,
    variant,
    badDisposability,
    directionLabel,
    reference: reference !== undefined,
  };
}

/** Block (0 inputs, 1 goods, 2 bads) and column of variable v in the order inputs, goods, bads. */
function locate(v: number, m: number, s: number): [number, number] {
  return v < m ? [0, v] : v < m + s ? [1, v - m] : [2, v - m - s];
}

function unitLabel(names: FrontierNames, i: number): string {
  return names.units?.[i] ?? `unit ${i + 1}`;
}

function checkNames(names: FrontierNames, n: number, m: number, s: number, k: number): void {
  const expected: [keyof FrontierNames, number][] = [
    ["units", n],
    ["inputs", m],
    ["outputs", s],
    ["bads", k],
  ];
  for (const [key, length] of expected) {
    const list = names[key];
    if (list !== undefined && list.length !== length)
      throw new RangeError(`ddf: names.${key} must have ${length} entries; got ${list.length}`);
  }
}

function checkData(
  issues: IssueCollector,
  M: Matrix,
  kind: string,
  columnNames: readonly string[] | undefined,
  entity: (i: number) => string,
): void {
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) {
      const value = M.data[i * M.cols + j]!;
      if (Number.isFinite(value) && value >= 0) continue;
      const issue: InputIssue = {
        code: "bad_value",
        entity: entity(i),
        column: columnNames?.[j] ?? `${kind} ${j + 1}`,
        message: `${kind} value ${value} is ${Number.isNaN(value) ? "missing" : Number.isFinite(value) ? "negative" : "not finite"}; the directional distance function needs finite values ≥ 0`,
        hint: Number.isNaN(value)
          ? "fill in or drop the unit with the missing value before running the DDF"
          : "check the data; translate or rescale the variable so that every value is ≥ 0",
      };
      issues.add(issue);
    }
  }
}

function isMatrix(block: DirectionBlock): block is Matrix {
  return typeof block === "object" && "rows" in block && "cols" in block && "data" in block;
}

/** n × width direction block from its specification. */
function resolveBlock(name: string, block: DirectionBlock, own: Matrix): Matrix {
  const n = own.rows;
  const width = own.cols;
  const out = new Float64Array(n * width);
  if (block === "observed") out.set(own.data);
  else if (typeof block === "number") out.fill(block);
  else if (isMatrix(block)) {
    if (block.rows !== n || block.cols !== width)
      throw new RangeError(
        `ddf: direction.${name} matrix must be ${n} × ${width}; got ${block.rows} × ${block.cols}`,
      );
    out.set(block.data);
  } else if (typeof block === "object" && typeof block.length === "number") {
    if (block.length !== width)
      throw new RangeError(`ddf: direction.${name} vector must have length ${width}; got ${block.length}`);
    for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) out[i * width + j] = block[j]!;
  } else
    throw new RangeError(
      `ddf: direction.${name} must be "observed", a number, a vector or a matrix; got ${typeof block}`,
    );
  for (let q = 0; q < out.length; q++) {
    const g = out[q]!;
    if (!(Number.isFinite(g) && g >= 0))
      throw new RangeError(
        `ddf: direction.${name} must be finite and ≥ 0; got ${g} for unit ${Math.floor(q / width) + 1}, column ${(q % width) + 1}`,
      );
  }
  return { data: out, rows: n, cols: width };
}

function resolveDirection(
  direction: DdfDirection,
  X: Matrix,
  Y: Matrix,
  B: Matrix,
): { gx: Matrix; gy: Matrix; gb: Matrix; label: string } {
  if (typeof direction === "string") {
    if (!DIRECTION_LETTERS.includes(direction))
      throw new RangeError(
        `ddf: direction must be one of ${DIRECTION_LETTERS.join(", ")} or {gx, gy, gb}; got ${direction}`,
      );
    return {
      gx: resolveBlock("gx", direction.includes("x") ? "observed" : 0, X),
      gy: resolveBlock("gy", direction.includes("y") ? "observed" : 0, Y),
      gb: resolveBlock("gb", direction.includes("b") ? "observed" : 0, B),
      label: direction,
    };
  }
  if (typeof direction !== "object")
    throw new RangeError(`ddf: direction must be a string or {gx, gy, gb}; got ${String(direction)}`);
  return {
    gx: resolveBlock("gx", direction.gx ?? "observed", X),
    gy: resolveBlock("gy", direction.gy ?? "observed", Y),
    gb: resolveBlock("gb", direction.gb ?? "observed", B),
    label: "custom",
  };
}

function resolveWeights(
  spec: DdfWeights,
  included: Uint8Array,
  m: number,
  s: number,
  k: number,
): Float64Array {
  const nv = m + s + k;
  const weights = new Float64Array(nv);
  if (spec === "equal") {
    const count = included.reduce((a, flag) => a + flag, 0);
    for (let v = 0; v < nv; v++) weights[v] = included[v]! / count;
    return weights;
  }
  if (spec === "groups") {
    const bounds = [0, m, m + s, nv];
    const perBlock = [0, 1, 2].map((block) =>
      included.subarray(bounds[block], bounds[block + 1]).reduce((a, f) => a + f, 0),
    );
    const blocks = perBlock.filter((count) => count > 0).length;
    for (let v = 0; v < nv; v++) {
      const [block] = locate(v, m, s);
      weights[v] = included[v] === 1 ? 1 / (blocks * perBlock[block]!) : 0;
    }
    return weights;
  }
  if (typeof spec !== "object")
    throw new RangeError(`ddf: weights must be "equal", "groups" or {x, y, b}; got ${String(spec)}`);
  const parts: [string, ArrayLike<number> | undefined, number, number][] = [
    ["x", spec.x, 0, m],
    ["y", spec.y, m, s],
    ["b", spec.b, m + s, k],
  ];
  for (const [name, vector, offset, width] of parts) {
    if (vector === undefined) continue;
    if (vector.length !== width)
      throw new RangeError(`ddf: weights.${name} must have length ${width}; got ${vector.length}`);
    for (let j = 0; j < width; j++) {
      const w = vector[j]!;
      if (!(Number.isFinite(w) && w >= 0))
        throw new RangeError(`ddf: weights.${name} must be finite and ≥ 0; got ${w} at ${j}`);
      weights[offset + j] = w;
    }
  }
  let positive = false;
  for (let v = 0; v < nv; v++) if (weights[v]! > 0 && included[v] === 1) positive = true;
  if (!positive)
    throw new RangeError("ddf: weights must be positive for at least one variable with a non-zero direction");
  return weights;
}

function failureReason(
  status: UnitStatus,
  solverReason: string | undefined,
  zeroDirection: boolean,
  separateReference: boolean,
): string {
  if (status === "infeasible")
    return separateReference
      ? "infeasible: no point of the reference technology lies along the direction from this unit (the unit is outside the reference technology, as cross-period LPs can be)"
      : "infeasible: no point of the technology lies along the direction from this unit";
  if (status === "unbounded")
    return zeroDirection
      ? "unbounded: the direction is zero for every variable of this unit, so β is not defined"
      : "unbounded: the reference technology allows unlimited movement along the direction (e.g. a reference unit with zero inputs under CRS)";
  return `numerical: the LP solver gave up${solverReason !== undefined ? ` (${solverReason})` : ""}`;
}

const DDF_REFERENCE =
  "Chambers, Chung & Färe (1996) J. Econ. Theory 70(2):407–419; Chung, Färe & Grosskopf (1997) J. Environ. Manage. 51(3):229–240; non-radial: Zhou, Ang & Wang (2012) EJOR 221(3):625–635";

/**
 * The DDF result as a Table: unit, score (β), status, reason, β per variable (non-radial), targets and peers.
 * Columns: `unit`, `score`, `status`, `reason`, `beta_<variable>` (non-radial), `target_<variable>` for inputs,
 * good and bad outputs, `lambda_sum`, `peers` ("2 (0.5); 5 (0.25)", 1-based reference units or their names).
 * Reference: as {@link ddf}.
 * @param result a {@link ddf} result
 * @param names unit and variable labels (default "1".."n", "x1".., "y1".., "b1"..); `peerUnits` names reference units
 * @returns the Table with meta {method, parameters, reference}
 * @throws RangeError naming `ddfTable` when a names list has the wrong length
 */
export function ddfTable(
  result: DdfResult,
  names: FrontierNames & { readonly peerUnits?: readonly string[] } = {},
): Table {
  const n = result.beta.length;
  const m = result.inputTargets.cols;
  const s = result.outputTargets.cols;
  const k = result.badTargets.cols;
  const list = (
    key: string,
    given: readonly string[] | undefined,
    length: number,
    prefix: string,
  ): readonly string[] => {
    if (given !== undefined && given.length !== length)
      throw new RangeError(`ddfTable: names.${key} must have ${length} entries; got ${given.length}`);
    return given ?? Array.from({ length }, (_, i) => `${prefix}${i + 1}`);
  };
  const units = list("units", names.units, n, "");
  const inputs = list("inputs", names.inputs, m, "x");
  const outputs = list("outputs", names.outputs, s, "y");
  const bads = list("bads", names.bads, k, "b");
  const peerName = (j: number): string =>
    names.peerUnits?.[j] ?? (result.reference ? `${j + 1}` : (units[j] ?? `${j + 1}`));
  const columns: Column[] = [
    stringColumn("unit", units),
    numberColumn("score", result.beta, {
      label:
        result.variant === "radial" ? "β (directional distance)" : "Σ w β (non-radial directional distance)",
    }),
    stringColumn("status", result.status),
    stringColumn("reason", result.reason),
  ];
  const blocks: [readonly string[], Matrix][] = [
    [inputs, result.inputTargets],
    [outputs, result.outputTargets],
    [bads, result.badTargets],
  ];
  if (result.betas !== undefined) {
    const betaBlocks = [result.betas.x, result.betas.y, result.betas.b];
    blocks.forEach(([labels], block) => {
      const M = betaBlocks[block]!;
      labels.forEach((label, j) =>
        columns.push(numberColumn(`beta_${label}`, columnOf(M, j), { label: `β for ${label}` })),
      );
    });
  }
  for (const [labels, M] of blocks)
    labels.forEach((label, j) =>
      columns.push(numberColumn(`target_${label}`, columnOf(M, j), { label: `target of ${label}` })),
    );
  columns.push(numberColumn("lambda_sum", result.lambdaSum, { label: "Σλ" }));
  columns.push(
    stringColumn(
      "peers",
      result.peers.map((p, i) =>
        result.status[i] === "optimal"
          ? Array.from(p.index, (j, q) => `${peerName(j)} (${formatWeight(p.weight[q]!)})`).join("; ")
          : null,
      ),
    ),
  );
  return table(columns, {
    method:
      result.variant === "radial"
        ? "directional distance function"
        : "non-radial directional distance function",
    parameters: {
      rts: result.rts,
      direction: result.directionLabel,
      badDisposability: result.badDisposability,
      variant: result.variant,
      ...(result.weights !== undefined ? { weights: Array.from(result.weights) } : {}),
      reference: result.reference ? "separate reference set" : "evaluated units",
    },
    reference: DDF_REFERENCE,
  });
}

function columnOf(M: Matrix, j: number): Float64Array {
  const out = new Float64Array(M.rows);
  for (let i = 0; i < M.rows; i++) out[i] = M.data[i * M.cols + j]!;
  return out;
}

function formatWeight(w: number): string {
  return String(Number(w.toPrecision(6)));
}
