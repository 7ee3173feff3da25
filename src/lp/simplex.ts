/**
 * Dense bounded revised simplex for LPs with few rows and many columns (DEA-shaped: m ≈ 3–15 rows, n up to tens of thousands of columns).
 * Problem: minimise c'x subject to A_i x (<=, =, >=) b_i row by row and lower <= x <= upper; A is m × n, row-major.
 * Internally each row gets a logical (slack) variable s_i with A_i x + s_i = b_i, s_i ∈ [0, ∞) for "<=", [0, 0] for "=", (−∞, 0] for ">="; variables 0..n-1 are structural, n..n+m-1 logical.
 * B⁻¹ (m × m) is kept explicitly and updated by the product-form (eta) update, with refactorisation every LP_REFACTOR_INTERVAL pivots.
 * Scaling (â_ij = r_i a_ij s_j, powers of two) is applied on the fly, so A is never copied; all tolerances refer to the scaled problem.
 */

import type { Matrix } from "../math/matrix.js";
import {
  LP_DEGENERATE_LIMIT,
  LP_FEASIBILITY_TOL,
  LP_INFEASIBILITY_TOL,
  LP_MIN_ITERATIONS,
  LP_OPTIMALITY_TOL,
  LP_PIVOT_TOL,
  LP_PRICING_SEGMENT_MIN,
  LP_PRICING_SEGMENTS,
  LP_PROGRESS_TOL,
  LP_RATIO_PIVOT_TOL,
  LP_REFACTOR_INTERVAL,
  LP_SCALE_PASSES,
  LP_SCALE_SPREAD,
} from "./lp-status.js";
import type { LpStatus } from "./lp-status.js";

/**
 * A linear programme: minimise c'x subject to A_i x (<=, =, >=) b_i for each row i and lower <= x <= upper.
 */
export interface LpProblem {
  /** n objective coefficients; the problem is MINIMISE c'x. */
  readonly c: Float64Array;
  /** m × n constraint matrix, dense, row-major. */
  readonly A: Matrix;
  /** m right-hand sides. */
  readonly b: Float64Array;
  /** m row types: -1 means "<=", 0 "=", 1 ">=". */
  readonly rowType: Int8Array;
  /** n lower bounds, default 0 (may be -Infinity). */
  readonly lower?: Float64Array;
  /** n upper bounds, default +Infinity. */
  readonly upper?: Float64Array;
}

/** A simplex basis for warm starts, as returned in {@link LpResult.basis}; opaque to callers and valid for any problem of the same shape (m, n). */
export interface LpBasis {
  /** m indices of the basic variables (0..n-1 structural, n..n+m-1 row logicals). */
  readonly basic: Int32Array;
  /** n + m flags: 1 when a non-basic variable sits at its upper bound, 0 otherwise. */
  readonly atUpper: Uint8Array;
  /** Number of rows the basis belongs to. */
  readonly m: number;
  /** Number of columns the basis belongs to. */
  readonly n: number;
}

/** Options of {@link solveLp}. */
export interface LpOptions {
  /** Iteration limit (all phases together); default max(10 000, 20·(m + n)). */
  readonly maxIterations?: number;
  /** Geometric-mean row/column scaling before solving (default true); x, objective and duals are always reported unscaled. */
  readonly scale?: boolean;
  /** A basis from an earlier solve of a problem with the same shape; a singular one is replaced by the slack basis. */
  readonly warmStart?: LpBasis;
  /** Working memory to reuse across solves (from {@link lpScratch}); results never share it. */
  readonly scratch?: LpScratch;
}

/** Working memory of {@link solveLp}, reused across the solves given it (grown as needed); opaque to callers. */
export interface LpScratch {
  f: Float64Array;
  i: Int32Array;
  b: Int8Array;
  /** Shape (m, n) of the last solve, and the arrays cut for it in order (reused for the same shape). */
  m: number;
  n: number;
  views: (Float64Array | Int32Array | Int8Array)[];
}

/**
 * Working memory for a sequence of {@link solveLp} calls (pass it as `options.scratch`): the solver's arrays
 * are then cut from it instead of being allocated per solve. Use one scratch per sequence of solves.
 * @returns an empty scratch, grown on first use
 */
export function lpScratch(): LpScratch {
  return { f: new Float64Array(0), i: new Int32Array(0), b: new Int8Array(0), m: -1, n: -1, views: [] };
}

/** Hands out zero-filled arrays, in the same order for every solve (pieces of a scratch, or fresh arrays without one). */
interface Carver {
  f(length: number): Float64Array;
  i(length: number): Int32Array;
  b(length: number): Int8Array;
}

function carver(scratch: LpScratch | undefined, m: number, n: number): Carver {
  if (scratch === undefined)
    return { f: (k) => new Float64Array(k), i: (k) => new Int32Array(k), b: (k) => new Int8Array(k) };
  if (scratch.m === m && scratch.n === n) {
    // Same shape as the last solve: the same pieces, in the same order.
    const views = scratch.views;
    let next = 0;
    return {
      f: () => (views[next++] as Float64Array).fill(0),
      i: () => (views[next++] as Int32Array).fill(0),
      b: () => (views[next++] as Int8Array).fill(0),
    };
  }
  const nt = n + m;
  // Float64: rowScale m, colScale n, colExtremes 2n, work 5nt + 2m² + 6m; Int32: basic, rowList m, pos nt; Int8: move nt.
  const needF = m + n + 2 * n + 5 * nt + 2 * m * m + 6 * m;
  const needI = 2 * m + nt;
  if (scratch.f.length < needF) scratch.f = new Float64Array(Math.max(needF, 2 * scratch.f.length));
  if (scratch.i.length < needI) scratch.i = new Int32Array(Math.max(needI, 2 * scratch.i.length));
  if (scratch.b.length < nt) scratch.b = new Int8Array(Math.max(nt, 2 * scratch.b.length));
  let atF = 0;
  let atI = 0;
  let atB = 0;
  const { f, i, b } = scratch;
  const views: (Float64Array | Int32Array | Int8Array)[] = [];
  scratch.m = m;
  scratch.n = n;
  scratch.views = views;
  const keep = <T extends Float64Array | Int32Array | Int8Array>(view: T): T => {
    views.push(view);
    return view;
  };
  return {
    f: (k) => keep(f.fill(0, atF, atF + k).subarray(atF, (atF += k))),
    i: (k) => keep(i.fill(0, atI, atI + k).subarray(atI, (atI += k))),
    b: (k) => keep(b.fill(0, atB, atB + k).subarray(atB, (atB += k))),
  };
}

/**
 * Result of {@link solveLp}.
 *
 * Dual sign convention: `duals[i]` is y_i = ∂(optimal objective)/∂b_i, so the reduced costs are d = c − Aᵀy. For this minimisation, a binding "<=" row has y_i <= 0, a binding ">=" row has y_i >= 0, an "=" row is free and a non-binding row has y_i = 0 (the convention of HiGHS `rowDual` for a minimisation).
 */
export interface LpResult {
  /** How the solve ended. */
  readonly status: LpStatus;
  /** Why the status is not "optimal" (always set for "numerical"). */
  readonly reason?: string;
  /** n primal values (NaN entries when not optimal). */
  readonly x: Float64Array;
  /** c'x at the optimum (NaN when infeasible or numerical; -Infinity when unbounded). */
  readonly objective: number;
  /** m row duals y, see the sign convention above (NaN when not optimal). */
  readonly duals: Float64Array;
  /** Simplex iterations taken (pivots and bound flips, all phases). */
  readonly iterations: number;
  /** Final basis (for "optimal", "infeasible" and "unbounded"), usable as `warmStart` for a problem of the same shape. */
  readonly basis?: LpBasis;
}

/** A function solving an {@link LpProblem}; {@link solveLp} is the default, tests inject an oracle. */
export type LpSolver = (problem: LpProblem, options?: LpOptions) => LpResult;

/** Scaled problem and simplex state; all arrays are allocated once per solve. */
interface Work {
  readonly m: number;
  readonly n: number;
  /** The caller's A (m × n row-major, not copied); the scaled matrix is â_ij = rowScale_i · a_ij · colScale_j, applied on the fly. */
  readonly a: Float64Array;
  /** Row scale factors r (powers of two; all 1 without scaling). */
  readonly rowScale: Float64Array;
  /** Column scale factors s (powers of two; all 1 without scaling). */
  readonly colScale: Float64Array;
  /** Scaled b. */
  readonly b: Float64Array;
  /** Scaled phase-2 costs, n + m (logicals cost 0). */
  readonly cost: Float64Array;
  /** Scaled bounds, n + m. */
  readonly lo: Float64Array;
  readonly up: Float64Array;
  /** Current values of all n + m variables (scaled). */
  readonly xv: Float64Array;
  /** basic[k] = variable in basis position k. */
  readonly basic: Int32Array;
  /** pos[j] = basis position of variable j, or -1 when non-basic. */
  readonly pos: Int32Array;
  /** Directions a variable may move in pricing: bit 1 up, bit 2 down; 0 for basic and fixed variables (see setMove). */
  readonly move: Int8Array;
  /** Scratch: rows with non-zero multipliers (m). */
  readonly rowList: Int32Array;
  /** B⁻¹, m × m row-major (row k belongs to basis position k). */
  readonly binv: Float64Array;
  /** Scratch: B for refactorisation (m × m). */
  readonly bmat: Float64Array;
  /** Simplex multipliers of the scaled problem, ŷ = ĉ_B' B̂⁻¹ (m). */
  readonly y: Float64Array;
  /** ŷ_i · r_i, the multipliers applied to the unscaled rows in pricing (m). */
  readonly yr: Float64Array;
  /** Reduced costs (n + m). */
  readonly d: Float64Array;
  /** Basic costs of the current phase (m). */
  readonly cB: Float64Array;
  /** Entering column in terms of the basis, B⁻¹ a_q (m). */
  readonly alpha: Float64Array;
  /** Scratch right-hand side (m). */
  readonly rhs: Float64Array;
  /** Primal feasibility tolerance in use (may be relaxed once, see phase 1). */
  feasTol: number;
  /** First column of the next pricing segment (partial pricing). */
  priceFrom: number;
  /** Step length chosen by the last ratio test. */
  theta: number;
  /** Value the leaving variable takes (the bound it reached). */
  leaveValue: number;
}

/**
 * Solves an LP by the bounded revised simplex method: Dantzig's largest-reduced-cost pricing (over segments of the columns in turn: partial pricing, a full cycle without candidate proves optimality), Harris's two-pass ratio test with bound flips, Bland's smallest-index rule after LP_DEGENERATE_LIMIT consecutive degenerate pivots (and for good after 20 times as many in one solve), and a phase 1 that minimises the sum of infeasibilities of the basic variables (so any starting basis, including a warm start, may be primal infeasible). Before solving, rows and columns are scaled by powers of two near the geometric mean of their extreme entries; x, the objective and the duals are unscaled.
 *
 * Dual sign convention: duals[i] = ∂(optimal objective)/∂b_i (reduced costs c − Aᵀy; "<=" rows y <= 0, ">=" rows y >= 0 in this minimisation).
 *
 * Reference: Dantzig (1963), Linear Programming and Extensions, Princeton UP (simplex method, revised form); Chvátal (1983), Linear Programming, Freeman, ch. 3 (degeneracy, two phases), ch. 7 (revised simplex) and ch. 8 (bounded variables); Bland (1977), "New finite pivoting rules for the simplex method", Math. Oper. Res. 2(2), 103–107, doi:10.1287/moor.2.2.103; Harris (1973), "Pivot selection methods of the Devex LP code", Math. Programming 5, 1–28, doi:10.1007/BF01580108; Fulkerson & Wolfe (1962) and Tomlin (1975) for geometric scaling; Maros (2003), Computational Techniques of the Simplex Method, Kluwer (partial pricing, sum-of-infeasibilities phase 1).
 *
 * @param problem the LP (minimisation); inputs are not mutated
 * @param options iteration limit, scaling (default on), warm-start basis
 * @returns status, x, objective, duals, iterations and the final basis; never throws on the data (non-finite entries give status "numerical", empty bounds "infeasible")
 * @throws RangeError when the shapes of c, A, b, rowType, lower, upper or the warm-start basis disagree, a rowType is not -1/0/1, or maxIterations is not a whole number ≥ 0
 * @example
 * solveLp({ c: Float64Array.of(-1, -1), A: fromRows([[1, 2], [3, 1]]), b: Float64Array.of(4, 6), rowType: Int8Array.of(-1, -1) }).objective
 * // => -2.8 (x = [1.6, 1.2])
 */
export function solveLp(problem: LpProblem, options: LpOptions = {}): LpResult {
  const { c, A, b } = problem;
  const n = c.length;
  const m = b.length;
  checkShapes(problem, options, m, n);
  const maxIterations = options.maxIterations ?? Math.max(LP_MIN_ITERATIONS, 20 * (m + n));
  const lower = problem.lower;
  const upper = problem.upper;

  // Data checks that give a status, not an exception (A is checked while scaling).
  for (let j = 0; j < n; j++) {
    const l = lower === undefined ? 0 : lower[j]!;
    const u = upper === undefined ? Infinity : upper[j]!;
    if (!Number.isFinite(c[j]!))
      return failure("numerical", `objective coefficient c[${j}] is ${c[j]}`, m, n);
    if (Number.isNaN(l) || Number.isNaN(u) || l === Infinity || u === -Infinity)
      return failure("numerical", `bounds of x[${j}] are [${l}, ${u}]`, m, n);
    if (l > u) return failure("infeasible", `bounds of x[${j}] are empty: lower ${l} > upper ${u}`, m, n);
  }
  for (let i = 0; i < m; i++)
    if (!Number.isFinite(b[i]!)) return failure("numerical", `right-hand side b[${i}] is ${b[i]}`, m, n);
  const carve = carver(options.scratch, m, n);
  const rowScale = carve.f(m).fill(1);
  const colScale = carve.f(n).fill(1);
  const colExtremes = carve.f(2 * n);
  const bad =
    options.scale === false
      ? firstNonFinite(A.data)
      : geometricScales(A.data, m, n, rowScale, colScale, colExtremes);
  if (bad >= 0)
    return failure(
      "numerical",
      `constraint coefficient A[${Math.floor(bad / n)}, ${bad % n}] is ${A.data[bad]}`,
      m,
      n,
    );
  const w = makeWork(problem, rowScale, colScale, carve);

  let startedWarm = false;
  if (options.warmStart !== undefined) startedWarm = installBasis(w, options.warmStart);
  if (!startedWarm) installSlackBasis(w);

  const run = iterate(w, maxIterations);
  if (run.status === "numerical" && startedWarm && run.reason.startsWith("singular")) {
    // A warm basis can be close to singular for new data; retry once from the slack basis.
    installSlackBasis(w);
    const retry = iterate(w, Math.max(0, maxIterations - run.iterations));
    return finish(problem, w, retry.status, retry.reason, run.iterations + retry.iterations);
  }
  return finish(problem, w, run.status, run.reason, run.iterations);
}

function checkShapes(problem: LpProblem, options: LpOptions, m: number, n: number): void {
  const { A, rowType, lower, upper } = problem;
  if (A.rows !== m || A.cols !== n || A.data.length !== m * n)
    throw new RangeError(
      `solveLp: A must be ${m} × ${n} (length of b × length of c); got ${A.rows} × ${A.cols} with ${A.data.length} entries`,
    );
  if (rowType.length !== m)
    throw new RangeError(`solveLp: rowType must have ${m} entries (length of b); got ${rowType.length}`);
  for (let i = 0; i < m; i++) {
    const t = rowType[i]!;
    if (t !== -1 && t !== 0 && t !== 1)
      throw new RangeError(`solveLp: rowType[${i}] must be -1, 0 or 1; got ${t}`);
  }
  if (lower !== undefined && lower.length !== n)
    throw new RangeError(`solveLp: lower must have ${n} entries (length of c); got ${lower.length}`);
  if (upper !== undefined && upper.length !== n)
    throw new RangeError(`solveLp: upper must have ${n} entries (length of c); got ${upper.length}`);
  const maxIterations = options.maxIterations;
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations >= 0))
    throw new RangeError(`solveLp: maxIterations must be a whole number ≥ 0; got ${maxIterations}`);
  const warm = options.warmStart;
  if (warm !== undefined) {
    if (warm.m !== m || warm.n !== n || warm.basic.length !== m || warm.atUpper.length !== n + m)
      throw new RangeError(
        `solveLp: warmStart belongs to a ${warm.m} × ${warm.n} problem; this one is ${m} × ${n}`,
      );
    for (let k = 0; k < m; k++) {
      const j = warm.basic[k]!;
      if (!(j >= 0 && j < n + m))
        throw new RangeError(`solveLp: warmStart.basic[${k}] must be in 0..${n + m - 1}; got ${j}`);
    }
  }
}

function failure(status: LpStatus, reason: string, m: number, n: number): LpResult {
  return {
    status,
    reason,
    x: new Float64Array(n).fill(NaN),
    objective: NaN,
    duals: new Float64Array(m).fill(NaN),
    iterations: 0,
  };
}

/** Index of the first non-finite entry of a, or -1. */
function firstNonFinite(a: Float64Array): number {
  for (let k = 0; k < a.length; k++) if (!(Math.abs(a[k]!) < Infinity)) return k;
  return -1;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word (little-endian: 1)
/** POWERS[e + 500] = 2^e for e in −500..500. */
const POWERS = Float64Array.from({ length: 1001 }, (_, k) => 2 ** (k - 500));

/** Power of two nearest to v > 0 in the geometric sense, clamped to [2^-500, 2^500]; the exponent is read from the IEEE-754 bits (powers of two keep scaling exact in binary floating point). */
function powerOfTwo(v: number): number {
  bits[0] = v;
  const high = words[HIGH]!;
  let exponent = ((high >>> 20) & 0x7ff) - 1023;
  // A mantissa ≥ √2 (top 20 fraction bits 0x6a09e) rounds up.
  if ((high & 0xfffff) >= 0x6a09e) exponent++;
  if (exponent > 500) exponent = 500;
  if (exponent < -500) exponent = -500;
  return POWERS[exponent + 500]!;
}

/**
 * Geometric-mean scaling: divide each row, then each column, by sqrt(max·min) of its absolute non-zero entries, rounded to a power of two. The column step is skipped when every row's max/min is at most LP_SCALE_SPREAD (row scaling alone then leaves the entries within a factor √LP_SCALE_SPREAD of 1); further passes only while the spread max/min of the scaled entries exceeds LP_SCALE_SPREAD and shrinks by 10 % (at most LP_SCALE_PASSES). Fills rowScale and colScale (â_ij = r_i a_ij s_j). The first row sweep also checks that every entry is finite. Reference: Fulkerson & Wolfe (1962), "An algorithm for scaling matrices", SIAM Review 4, 142–146; Tomlin (1975), "On scaling linear programming problems", Math. Prog. Study 4, 146–166.
 * @returns the index of the first non-finite entry of a, or -1
 */
function geometricScales(
  a: Float64Array,
  m: number,
  n: number,
  rowScale: Float64Array,
  colScale: Float64Array,
  colExtremes: Float64Array,
): number {
  if (m === 0 || n === 0) return -1;
  const colMax = colExtremes.subarray(0, n);
  const colMin = colExtremes.subarray(n);
  let previousSpread = Infinity;
  let rowSpread = 1;
  for (let pass = 0; pass < LP_SCALE_PASSES; pass++) {
    // Rows.
    for (let i = 0; i < m; i++) {
      let hi = 0;
      let lo = Infinity;
      const off = i * n;
      if (pass === 0) {
        // NaN and ±Infinity propagate into the sum (a finite overflow is a false alarm, settled by the search).
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const v = Math.abs(a[off + j]!);
          sum += v;
          if (v !== 0) {
            if (v > hi) hi = v;
            if (v < lo) lo = v;
          }
        }
        if (!(sum < Infinity))
          for (let j = 0; j < n; j++) if (!(Math.abs(a[off + j]!) < Infinity)) return off + j;
      } else {
        for (let j = 0; j < n; j++) {
          const v = Math.abs(a[off + j]!) * colScale[j]!;
          if (v !== 0) {
            if (v > hi) hi = v;
            if (v < lo) lo = v;
          }
        }
      }
      if (hi > 0) {
        rowScale[i] = powerOfTwo(1 / Math.sqrt(hi * lo));
        if (hi > rowSpread * lo) rowSpread = hi / lo;
      }
    }
    // Every row within a spread of LP_SCALE_SPREAD: after row scaling all entries lie in [LP_SCALE_SPREAD^-1/2, LP_SCALE_SPREAD^1/2] (up to the rounding to powers of two), so columns need no scaling.
    if (pass === 0 && rowSpread <= LP_SCALE_SPREAD) return -1;
    // Columns.
    colMax.fill(0);
    colMin.fill(Infinity);
    for (let i = 0; i < m; i++) {
      const r = rowScale[i]!;
      const off = i * n;
      for (let j = 0; j < n; j++) {
        const v = Math.abs(a[off + j]!) * r;
        if (v !== 0) {
          if (v > colMax[j]!) colMax[j] = v;
          if (v < colMin[j]!) colMin[j] = v;
        }
      }
    }
    let spreadMax = 0;
    let spreadMin = Infinity;
    for (let j = 0; j < n; j++) {
      const hi = colMax[j]!;
      if (hi > 0) {
        const s = powerOfTwo(1 / Math.sqrt(hi * colMin[j]!));
        colScale[j] = s;
        if (hi * s > spreadMax) spreadMax = hi * s;
        if (colMin[j]! * s < spreadMin) spreadMin = colMin[j]! * s;
      }
    }
    const spread = spreadMax / spreadMin;
    if (!(spread > LP_SCALE_SPREAD && spread < 0.9 * previousSpread)) break;
    previousSpread = spread;
  }
  return -1;
}

function makeWork(problem: LpProblem, rowScale: Float64Array, colScale: Float64Array, carve: Carver): Work {
  const { c, A, b, rowType, lower, upper } = problem;
  const n = c.length;
  const m = b.length;
  const nt = n + m;
  const bs = carve.f(m);
  for (let i = 0; i < m; i++) bs[i] = b[i]! * rowScale[i]!;
  // One allocation for the five per-variable arrays.
  const buffer = carve.f(5 * nt);
  const cost = buffer.subarray(0, nt);
  const lo = buffer.subarray(nt, 2 * nt);
  const up = buffer.subarray(2 * nt, 3 * nt);
  if (lower !== undefined) for (let j = 0; j < n; j++) lo[j] = lower[j]! / colScale[j]!;
  if (upper === undefined) up.fill(Infinity, 0, n);
  else for (let j = 0; j < n; j++) up[j] = upper[j]! / colScale[j]!;
  for (let j = 0; j < n; j++) cost[j] = c[j]! * colScale[j]!;
  for (let i = 0; i < m; i++) {
    const t = rowType[i]!;
    lo[n + i] = t === 1 ? -Infinity : 0;
    up[n + i] = t === -1 ? Infinity : 0;
  }
  return {
    m,
    n,
    a: A.data,
    rowScale,
    colScale,
    b: bs,
    cost,
    lo,
    up,
    xv: buffer.subarray(3 * nt, 4 * nt),
    basic: carve.i(m),
    pos: carve.i(nt),
    move: carve.b(nt),
    rowList: carve.i(m),
    binv: carve.f(m * m),
    bmat: carve.f(m * m),
    y: carve.f(m),
    yr: carve.f(m),
    d: buffer.subarray(4 * nt, 5 * nt),
    cB: carve.f(m),
    alpha: carve.f(m),
    rhs: carve.f(m),
    feasTol: LP_FEASIBILITY_TOL,
    priceFrom: 0,
    theta: 0,
    leaveValue: 0,
  };
}

/** Non-basic value of variable j: its finite lower bound, else its finite upper bound, else 0 (free). */
function restingValue(w: Work, j: number, atUpper: boolean): number {
  const l = w.lo[j]!;
  const u = w.up[j]!;
  if (atUpper && u !== Infinity) return u;
  if (l !== -Infinity) return l;
  if (u !== Infinity) return u;
  return 0;
}

/** Sets the pricing directions of variable j from its status and value: basic or fixed 0; otherwise up (1) when below its upper bound, down (2) when above its lower bound. */
function setMove(w: Work, j: number): void {
  const v = w.xv[j]!;
  w.move[j] = w.pos[j] !== -1 ? 0 : (v < w.up[j]! ? 1 : 0) | (v > w.lo[j]! ? 2 : 0);
}

function installSlackBasis(w: Work): void {
  const { m, n } = w;
  const { xv, lo, up, pos, move } = w;
  pos.fill(-1);
  for (let i = 0; i < m; i++) {
    w.basic[i] = n + i;
    pos[n + i] = i;
  }
  for (let j = 0; j < n + m; j++) {
    const l = lo[j]!;
    const u = up[j]!;
    const v = l !== -Infinity ? l : u !== Infinity ? u : 0;
    xv[j] = v;
    move[j] = pos[j] !== -1 ? 0 : (v < u ? 1 : 0) | (v > l ? 2 : 0);
  }
  w.feasTol = LP_FEASIBILITY_TOL;
  // B = I, so B⁻¹ = I; refactor() also computes x_B.
  refactor(w);
}

/** Installs a warm-start basis; false when it is singular (or repeats a variable) for this problem. */
function installBasis(w: Work, basis: LpBasis): boolean {
  const { m, n } = w;
  w.pos.fill(-1);
  for (let k = 0; k < m; k++) {
    const j = basis.basic[k]!;
    if (w.pos[j] !== -1) return false;
    w.basic[k] = j;
    w.pos[j] = k;
  }
  for (let j = 0; j < n + m; j++) {
    if (w.pos[j] === -1) w.xv[j] = restingValue(w, j, basis.atUpper[j] === 1);
    setMove(w, j);
  }
  w.feasTol = LP_FEASIBILITY_TOL;
  return refactor(w);
}

/**
 * Recomputes B⁻¹ from the basic columns by Gauss–Jordan elimination with partial pivoting, then x_B = B⁻¹(b − N x_N). Returns false when B is singular (a pivot below LP_PIVOT_TOL).
 */
function refactor(w: Work): boolean {
  const { m, n, a, bmat, binv, basic, rowScale, colScale } = w;
  bmat.fill(0);
  binv.fill(0);
  for (let k = 0; k < m; k++) {
    const j = basic[k]!;
    if (j < n) {
      const s = colScale[j]!;
      for (let i = 0; i < m; i++) bmat[i * m + k] = rowScale[i]! * a[i * n + j]! * s;
    } else bmat[(j - n) * m + k] = 1;
    binv[k * m + k] = 1;
  }
  for (let k = 0; k < m; k++) {
    let p = -1;
    let best = LP_PIVOT_TOL;
    for (let i = k; i < m; i++) {
      const v = Math.abs(bmat[i * m + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p < 0) return false;
    if (p !== k) {
      for (let t = 0; t < m; t++) {
        const u = bmat[k * m + t]!;
        bmat[k * m + t] = bmat[p * m + t]!;
        bmat[p * m + t] = u;
        const v = binv[k * m + t]!;
        binv[k * m + t] = binv[p * m + t]!;
        binv[p * m + t] = v;
      }
    }
    const inv = 1 / bmat[k * m + k]!;
    for (let t = 0; t < m; t++) {
      bmat[k * m + t] = bmat[k * m + t]! * inv;
      binv[k * m + t] = binv[k * m + t]! * inv;
    }
    for (let i = 0; i < m; i++) {
      if (i === k) continue;
      const f = bmat[i * m + k]!;
      if (f === 0) continue;
      for (let t = 0; t < m; t++) {
        bmat[i * m + t] = bmat[i * m + t]! - f * bmat[k * m + t]!;
        binv[i * m + t] = binv[i * m + t]! - f * binv[k * m + t]!;
      }
    }
  }
  computeBasicValues(w);
  return true;
}

/** x_B = B⁻¹(b − N x_N) from the current non-basic values (scaled problem), with one step of iterative refinement. */
function computeBasicValues(w: Work): void {
  const { m, n, a, xv, pos, rhs, binv, basic, rowScale, colScale } = w;
  // rhs = b̂ − Σ_nonbasic â_j x̂_j, accumulated on the unscaled rows: r_i (b_i − Σ_j a_ij (s_j x̂_j)).
  rhs.fill(0);
  for (let j = 0; j < n; j++) {
    const v = xv[j]!;
    if (v === 0 || pos[j] !== -1) continue;
    const vs = v * colScale[j]!;
    for (let i = 0; i < m; i++) rhs[i] = rhs[i]! - a[i * n + j]! * vs;
  }
  for (let i = 0; i < m; i++) {
    rhs[i] = w.b[i]! + rhs[i]! * rowScale[i]!;
    const j = n + i;
    if (pos[j] === -1) rhs[i] = rhs[i]! - xv[j]!;
  }
  const xB = w.cB; // scratch (pricing recomputes cB)
  for (let k = 0; k < m; k++) {
    let s = 0;
    const off = k * m;
    for (let i = 0; i < m; i++) s += binv[off + i]! * rhs[i]!;
    xB[k] = s;
  }
  // One step of iterative refinement: residual ρ = (b − N x_N) − B x_B, then x_B += B⁻¹ρ (rounding in B⁻¹ is otherwise multiplied by ‖b‖).
  for (let k = 0; k < m; k++) {
    const j = basic[k]!;
    const v = xB[k]!;
    if (j < n) {
      const vs = v * colScale[j]!;
      for (let i = 0; i < m; i++) rhs[i] = rhs[i]! - rowScale[i]! * a[i * n + j]! * vs;
    } else rhs[j - n] = rhs[j - n]! - v;
  }
  for (let k = 0; k < m; k++) {
    let s = 0;
    const off = k * m;
    for (let i = 0; i < m; i++) s += binv[off + i]! * rhs[i]!;
    xv[basic[k]!] = xB[k]! + s;
  }
}

interface RunOutcome {
  readonly status: LpStatus;
  readonly reason: string;
  readonly iterations: number;
}

/**
 * The simplex loop. Each iteration: classify basic variables (phase 1 costs −1/+1 for those below/above their bounds, else phase 2 costs), y = c_B' B⁻¹, reduced costs d = c − Aᵀy (O(m·n), one pass over each row of A), pricing, α = B⁻¹ a_q, ratio test, update of x and of B⁻¹.
 */
function iterate(w: Work, maxIterations: number): RunOutcome {
  const { m, n, a, xv, lo, up, basic, pos, binv, y, yr, d, cB, alpha, cost, rowScale, colScale, rhs } = w;
  const nt = n + m;
  const segment = Math.max(LP_PRICING_SEGMENT_MIN, Math.ceil(nt / LP_PRICING_SEGMENTS));
  let iterations = 0;
  let sinceRefactor = 0;
  let degenerate = 0;
  let totalDegenerate = 0;
  let relaxed = false;
  for (;;) {
    // Phase and basic costs.
    let phase1 = false;
    const tol = w.feasTol;
    for (let k = 0; k < m; k++) {
      const j = basic[k]!;
      const v = xv[j]!;
      if (v < lo[j]! - tol) {
        cB[k] = -1;
        phase1 = true;
      } else if (v > up[j]! + tol) {
        cB[k] = 1;
        phase1 = true;
      } else cB[k] = 0;
    }
    if (!phase1) for (let k = 0; k < m; k++) cB[k] = cost[basic[k]!]!;

    // y = c_B' B⁻¹.
    y.fill(0);
    for (let k = 0; k < m; k++) {
      const ck = cB[k]!;
      if (ck === 0) continue;
      const off = k * m;
      for (let i = 0; i < m; i++) y[i] = y[i]! + ck * binv[off + i]!;
    }
    for (let i = 0; i < m; i++) yr[i] = y[i]! * rowScale[i]!;
    // Pricing: Dantzig's rule (largest |d_j|) over one segment of columns at a time (partial pricing, d = c − Aᵀy costs O(m) per column); a full cycle of segments without a candidate proves optimality. When stalling, Bland's rule (smallest eligible index) over all columns.
    const bland = degenerate >= LP_DEGENERATE_LIMIT || totalDegenerate >= 20 * LP_DEGENERATE_LIMIT;
    let q = -1;
    if (bland || segment >= nt) q = price(w, 0, nt, phase1, bland);
    else {
      let from = w.priceFrom;
      for (let scanned = 0; scanned < nt && q < 0;) {
        const to = Math.min(from + segment, nt);
        q = price(w, from, to, phase1, false);
        scanned += to - from;
        from = to >= nt ? 0 : to;
      }
      w.priceFrom = from;
    }

    if (q < 0) {
      if (sinceRefactor > 0) {
        // Confirm the verdict with a fresh B⁻¹ and x_B.
        if (!refactor(w))
          return { status: "numerical", reason: `singular basis after ${iterations} iterations`, iterations };
        sinceRefactor = 0;
        continue;
      }
      if (!phase1) return { status: "optimal", reason: "", iterations };
      // Phase 1 cannot reduce the infeasibility any further.
      let worst = 0;
      for (let k = 0; k < m; k++) {
        const j = basic[k]!;
        const v = xv[j]!;
        const violation = Math.max(lo[j]! - v, v - up[j]!);
        if (violation > worst) worst = violation;
      }
      if (!relaxed && worst <= LP_INFEASIBILITY_TOL) {
        // Rounding-level residual infeasibility: accept it and go on with a tolerance just above it.
        w.feasTol = Math.max(w.feasTol, 2 * worst);
        relaxed = true;
        continue;
      }
      return {
        status: "infeasible",
        reason: `no point satisfies the rows and bounds (largest remaining violation ${worst.toPrecision(3)} in scaled units)`,
        iterations,
      };
    }
    if (iterations >= maxIterations)
      return { status: "numerical", reason: `iteration limit ${maxIterations} reached`, iterations };

    // α = B⁻¹ a_q.
    if (q < n) {
      const sq = colScale[q]!;
      for (let i = 0; i < m; i++) rhs[i] = rowScale[i]! * a[i * n + q]! * sq;
      for (let k = 0; k < m; k++) {
        let s = 0;
        const off = k * m;
        for (let i = 0; i < m; i++) s += binv[off + i]! * rhs[i]!;
        alpha[k] = s;
      }
    } else {
      const col = q - n;
      for (let k = 0; k < m; k++) alpha[k] = binv[k * m + col]!;
    }
    const dir = d[q]! < 0 ? 1 : -1;
    const r = bland ? ratioTestBland(w, q, dir) : ratioTestHarris(w, q, dir);
    iterations++;
    if (r === -2) {
      if (phase1)
        return {
          status: "numerical",
          reason: `phase 1 found no blocking variable after ${iterations} iterations`,
          iterations,
        };
      return { status: "unbounded", reason: "the objective decreases without limit along a ray", iterations };
    }
    const theta = w.theta;
    const step = dir * theta;
    if (theta !== 0) {
      for (let k = 0; k < m; k++) {
        const j = basic[k]!;
        xv[j] = xv[j]! - step * alpha[k]!;
      }
    }
    // Progress is the objective change |d_q|·θ (phase 1: of the sum of infeasibilities); steps below LP_PROGRESS_TOL are degenerate, including the rounding-sized steps that drift in x_B produces between refactorisations.
    if (Math.abs(d[q]!) * theta <= LP_PROGRESS_TOL) {
      degenerate++;
      totalDegenerate++;
    } else degenerate = 0;
    if (r === -1) {
      // Bound flip of the entering variable: no basis change.
      xv[q] = dir > 0 ? up[q]! : lo[q]!;
      setMove(w, q);
      continue;
    }
    xv[q] = xv[q]! + step;
    const leaving = basic[r]!;
    xv[leaving] = w.leaveValue;
    basic[r] = q;
    pos[q] = r;
    pos[leaving] = -1;
    setMove(w, q);
    setMove(w, leaving);
    // Product-form update of B⁻¹ with pivot α_r.
    const pivot = alpha[r]!;
    const offR = r * m;
    for (let i = 0; i < m; i++) binv[offR + i] = binv[offR + i]! / pivot;
    for (let k = 0; k < m; k++) {
      if (k === r) continue;
      const f = alpha[k]!;
      if (f === 0) continue;
      const off = k * m;
      for (let i = 0; i < m; i++) binv[off + i] = binv[off + i]! - f * binv[offR + i]!;
    }
    sinceRefactor++;
    if (sinceRefactor >= LP_REFACTOR_INTERVAL) {
      if (!refactor(w))
        return { status: "numerical", reason: `singular basis after ${iterations} iterations`, iterations };
      sinceRefactor = 0;
    }
  }
}

/**
 * {@link price} when at most six rows have non-zero multipliers (rowList[0..count)): t_j in one pass over the
 * columns, reading the six rows side by side (missing rows read row rowList[0] times 0; A is finite once scaling
 * has checked it).
 */
function priceSmall(w: Work, j0: number, j1: number, phase1: boolean, bland: boolean, count: number): number {
  const { n, a, y, yr, d, cost, move, colScale, rowList } = w;
  let q = -1;
  let best = LP_OPTIMALITY_TOL;
  const s1 = j1 < n ? j1 : n;
  const first = rowList[0]!;
  const row = (t: number) => (t < count ? rowList[t]! : first);
  const weight = (t: number) => (t < count ? yr[rowList[t]!]! : 0);
  const o0 = row(0) * n;
  const o1 = row(1) * n;
  const o2 = row(2) * n;
  const o3 = row(3) * n;
  const o4 = row(4) * n;
  const o5 = row(5) * n;
  const y0 = weight(0);
  const y1 = weight(1);
  const y2 = weight(2);
  const y3 = weight(3);
  const y4 = weight(4);
  const y5 = weight(5);
  for (let j = j0; j < s1; j++) {
    const t =
      y0 * a[o0 + j]! +
      y1 * a[o1 + j]! +
      y2 * a[o2 + j]! +
      y3 * a[o3 + j]! +
      y4 * a[o4 + j]! +
      y5 * a[o5 + j]!;
    const dj = (phase1 ? 0 : cost[j]!) - t * colScale[j]!;
    d[j] = dj;
    const mv = move[j]!;
    if (mv === 0) continue;
    const score = dj < 0 ? ((mv & 1) !== 0 ? -dj : 0) : (mv & 2) !== 0 ? dj : 0;
    if (score > best) {
      q = j;
      if (bland) return q;
      best = score;
    }
  }
  // Logicals: column e_i, cost 0, so d = −ŷ_i.
  for (let j = j0 > n ? j0 : n; j < j1; j++) {
    const dj = -y[j - n]!;
    d[j] = dj;
    const mv = move[j]!;
    if (mv === 0) continue;
    const score = dj < 0 ? ((mv & 1) !== 0 ? -dj : 0) : (mv & 2) !== 0 ? dj : 0;
    if (score > best) {
      q = j;
      if (bland) return q;
      best = score;
    }
  }
  return q;
}

/**
 * Reduced costs d_j = c_j − yᵀa_j for columns j0..j1-1 (phase 1: c_j = 0; logicals: d = −y_i), and the entering candidate among them: the largest |d_j| beyond LP_OPTIMALITY_TOL whose sign lets x_j move away from its bound (Dantzig 1963), or with `bland` the first such j (Bland 1977).
 * @returns the entering variable, or -1 when none in the range
 */
function price(w: Work, j0: number, j1: number, phase1: boolean, bland: boolean): number {
  const { m, n, a, y, yr, d, cost, move, colScale, rowList } = w;
  let q = -1;
  let best = LP_OPTIMALITY_TOL;
  const s1 = j1 < n ? j1 : n;
  if (j0 < s1) {
    // t_j = Σ_i (ŷ_i r_i) a_ij over the unscaled rows with non-zero multipliers, up to four rows per pass over d.
    let count = 0;
    for (let i = 0; i < m; i++) if (yr[i] !== 0) rowList[count++] = i;
    if (count > 0 && count <= 6) return priceSmall(w, j0, j1, phase1, bland, count);
    d.fill(0, j0, s1);
    let t = 0;
    for (; t + 4 <= count; t += 4) {
      const i0 = rowList[t]!;
      const i1 = rowList[t + 1]!;
      const i2 = rowList[t + 2]!;
      const i3 = rowList[t + 3]!;
      const y0 = yr[i0]!;
      const y1 = yr[i1]!;
      const y2 = yr[i2]!;
      const y3 = yr[i3]!;
      const o0 = i0 * n;
      const o1 = i1 * n;
      const o2 = i2 * n;
      const o3 = i3 * n;
      for (let j = j0; j < s1; j++)
        d[j] = d[j]! + y0 * a[o0 + j]! + y1 * a[o1 + j]! + y2 * a[o2 + j]! + y3 * a[o3 + j]!;
    }
    for (; t + 2 <= count; t += 2) {
      const i0 = rowList[t]!;
      const i1 = rowList[t + 1]!;
      const y0 = yr[i0]!;
      const y1 = yr[i1]!;
      const o0 = i0 * n;
      const o1 = i1 * n;
      for (let j = j0; j < s1; j++) d[j] = d[j]! + y0 * a[o0 + j]! + y1 * a[o1 + j]!;
    }
    for (; t < count; t++) {
      const i0 = rowList[t]!;
      const y0 = yr[i0]!;
      const o0 = i0 * n;
      for (let j = j0; j < s1; j++) d[j] = d[j]! + y0 * a[o0 + j]!;
    }
    // d̂_j = ĉ_j − s_j t_j (phase 1: ĉ = 0), scanned in the same pass.
    for (let j = j0; j < s1; j++) {
      const dj = (phase1 ? 0 : cost[j]!) - d[j]! * colScale[j]!;
      d[j] = dj;
      const mv = move[j]!;
      if (mv === 0) continue;
      const score = dj < 0 ? ((mv & 1) !== 0 ? -dj : 0) : (mv & 2) !== 0 ? dj : 0;
      if (score > best) {
        q = j;
        if (bland) return q;
        best = score;
      }
    }
  }
  // Logicals: column e_i, cost 0, so d = −ŷ_i.
  for (let j = j0 > n ? j0 : n; j < j1; j++) {
    const dj = -y[j - n]!;
    d[j] = dj;
    const mv = move[j]!;
    if (mv === 0) continue;
    const score = dj < 0 ? ((mv & 1) !== 0 ? -dj : 0) : (mv & 2) !== 0 ? dj : 0;
    if (score > best) {
      q = j;
      if (bland) return q;
      best = score;
    }
  }
  return q;
}

/**
 * Harris's two-pass ratio test (Harris 1973). The entering variable q moves by t ≥ 0 in direction dir; basic k changes at rate −dir·α_k. Pass 1 finds the largest step θ_max that keeps every basic variable within its bounds relaxed by the feasibility tolerance (a variable outside its bounds in phase 1 only blocks on the bound it is moving towards, and does not block when moving away); pass 2 picks, among the blocking candidates with exact ratio ≤ θ_max, the one with the largest |α_k|. A bound flip of q wins when its range u_q − l_q ≤ θ_max.
 * @returns the leaving basis position, -1 for a bound flip, -2 when nothing blocks (unbounded ray); w.theta and w.leaveValue are set
 */
function ratioTestHarris(w: Work, q: number, dir: number): number {
  const { m, xv, lo, up, basic, alpha } = w;
  const tol = w.feasTol;
  let thetaMax = Infinity;
  for (let k = 0; k < m; k++) {
    const ak = alpha[k]!;
    if (Math.abs(ak) < LP_RATIO_PIVOT_TOL) continue;
    const rate = -dir * ak; // d x_k / d t
    const j = basic[k]!;
    const v = xv[j]!;
    let limit: number;
    if (rate < 0) {
      if (v > up[j]! + tol) limit = (v - up[j]! + tol) / -rate;
      else if (v < lo[j]! - tol) continue;
      else if (lo[j]! === -Infinity) continue;
      else limit = (v - lo[j]! + tol) / -rate;
    } else {
      if (v < lo[j]! - tol) limit = (lo[j]! - v + tol) / rate;
      else if (v > up[j]! + tol) continue;
      else if (up[j]! === Infinity) continue;
      else limit = (up[j]! - v + tol) / rate;
    }
    if (limit < thetaMax) thetaMax = limit;
  }
  const range = up[q]! - lo[q]!;
  if (range <= thetaMax) {
    if (range === Infinity) return -2;
    w.theta = range;
    return -1;
  }
  let r = -1;
  let bestPivot = 0;
  let theta = 0;
  let leaveValue = 0;
  for (let k = 0; k < m; k++) {
    const ak = alpha[k]!;
    const size = Math.abs(ak);
    if (size < LP_RATIO_PIVOT_TOL) continue;
    const rate = -dir * ak;
    const j = basic[k]!;
    const v = xv[j]!;
    let target: number;
    if (rate < 0) {
      if (v > up[j]! + tol) target = up[j]!;
      else if (v < lo[j]! - tol || lo[j]! === -Infinity) continue;
      else target = lo[j]!;
    } else {
      if (v < lo[j]! - tol) target = lo[j]!;
      else if (v > up[j]! + tol || up[j]! === Infinity) continue;
      else target = up[j]!;
    }
    const ratio = (target - v) / rate;
    if (ratio <= thetaMax && size > bestPivot) {
      bestPivot = size;
      r = k;
      theta = ratio;
      leaveValue = target;
    }
  }
  w.theta = theta > 0 ? theta : 0;
  w.leaveValue = leaveValue;
  return r;
}

/**
 * Textbook ratio test with Bland's tie-break (Bland 1977): the smallest exact ratio (negative ratios of slightly infeasible variables count as 0), ties broken by the smallest variable index. Used with smallest-index pricing while pivots stall, which rules out cycling.
 * @returns as {@link ratioTestHarris}
 */
function ratioTestBland(w: Work, q: number, dir: number): number {
  const { m, xv, lo, up, basic, alpha } = w;
  const tol = w.feasTol;
  let r = -1;
  let theta = Infinity;
  let leaveValue = 0;
  for (let k = 0; k < m; k++) {
    const ak = alpha[k]!;
    if (Math.abs(ak) < LP_RATIO_PIVOT_TOL) continue;
    const rate = -dir * ak;
    const j = basic[k]!;
    const v = xv[j]!;
    let target: number;
    if (rate < 0) {
      if (v > up[j]! + tol) target = up[j]!;
      else if (v < lo[j]! - tol || lo[j]! === -Infinity) continue;
      else target = lo[j]!;
    } else {
      if (v < lo[j]! - tol) target = lo[j]!;
      else if (v > up[j]! + tol || up[j]! === Infinity) continue;
      else target = up[j]!;
    }
    let ratio = (target - v) / rate;
    if (ratio < 0) ratio = 0;
    if (ratio < theta || (ratio === theta && r >= 0 && j < basic[r]!)) {
      theta = ratio;
      r = k;
      leaveValue = target;
    }
  }
  const range = up[q]! - lo[q]!;
  if (range <= theta) {
    if (range === Infinity) return -2;
    w.theta = range;
    return -1;
  }
  w.theta = theta;
  w.leaveValue = leaveValue;
  return r;
}

function snapshotBasis(w: Work): LpBasis {
  const { m, n, xv, up, pos } = w;
  const atUpper = new Uint8Array(n + m);
  for (let j = 0; j < n + m; j++) if (pos[j] === -1 && up[j] !== Infinity && xv[j] === up[j]) atUpper[j] = 1;
  return { basic: Int32Array.from(w.basic), atUpper, m, n };
}

function finish(problem: LpProblem, w: Work, status: LpStatus, reason: string, iterations: number): LpResult {
  const { m, n, rowScale, colScale } = w;
  if (status !== "optimal") {
    const base = failure(status, reason, m, n);
    const objective = status === "unbounded" ? -Infinity : NaN;
    if (status === "numerical") return { ...base, iterations };
    return { ...base, objective, iterations, basis: snapshotBasis(w) };
  }
  // Unscale, and clamp basic values that sit within the feasibility tolerance outside a bound onto it (so, e.g., λ ≥ 0 holds exactly).
  const { xv, lo, up } = w;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = xv[j]!;
    x[j] = (v < lo[j]! ? lo[j]! : v > up[j]! ? up[j]! : v) * colScale[j]!;
  }
  let objective = 0;
  const c = problem.c;
  for (let j = 0; j < n; j++) objective += c[j]! * x[j]!;
  // Phase-2 multipliers of the final basis (w.y holds them after the last pricing pass), unscaled.
  // A dual whose sign is wrong by less than the optimality tolerance (its logical's reduced cost −ŷ_i) is rounding: set it to 0.
  const duals = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const yi = w.y[i]!;
    const wrongSign = (lo[n + i] === 0 && yi > 0) || (up[n + i] === 0 && yi < 0);
    duals[i] = wrongSign && Math.abs(yi) <= LP_OPTIMALITY_TOL ? 0 : yi * rowScale[i]!;
  }
  return { status, x, objective, duals, iterations, basis: snapshotBasis(w) };
}
