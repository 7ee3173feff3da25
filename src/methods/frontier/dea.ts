/**
 * Radial DEA in envelopment form (CCR/BCC and the NIRS/NDRS variants). Notation: n evaluated units, m inputs,
 * s outputs; X (n × m) and Y (n × s) hold one unit per row; the reference technology has N units (Xr, Yr; by
 * default X and Y themselves); theta (input) or phi (output) is the radial score, lambda the N intensity
 * weights, sMinus/sPlus the input/output slacks.
 */

import { IssueCollector } from "../../errors.js";
import type { LpBasis, LpProblem, LpResult, LpScratch, LpSolver } from "../../lp/simplex.js";
import { lpScratch, solveLp } from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";
import type {
  FrontierCommon,
  FrontierNames,
  Orientation,
  Peers,
  ReferenceSet,
  Rts,
  UnitStatus,
} from "./types.js";

/** λ_j above this counts as a peer (λ is scale-free, so the threshold is absolute). */
export const PEER_TOL = 1e-9;

/** Slacks below this, in units of the column mean, are reported as exactly 0 (LP round-off). */
export const SLACK_ZERO_TOL = 1e-9;

/** |θ_CRS/θ_VRS − 1| and |Σλ − 1| within this count as equal in the returns-to-scale classification. */
export const RTS_TOL = 1e-6;

/** Returns to scale of a unit's (projected) position: constant, increasing or decreasing. */
export type RtsClass = "crs" | "irs" | "drs";

/** How slacks are found after the radial score: "two-stage" maximises Σs⁻ + Σs⁺ at fixed θ (or φ). */
export type SlackMethod = "none" | "two-stage";

/** Options of {@link dea}. */
export interface DeaOptions extends FrontierCommon {
  /** "input" (default): θ = min radial input contraction; "output": φ = max radial output expansion. */
  readonly orientation?: Orientation;
  /** Second stage: "two-stage" (default) maximises the slack sum at fixed θ; "none" keeps the first-stage residuals. */
  readonly slacks?: SlackMethod;
  /** Also solve the CRS and VRS models and report scale efficiency and the returns-to-scale class (default false). */
  readonly scale?: boolean;
}

/** Result of {@link dea}; matrices are n × m (inputs) or n × s (outputs), row i = unit i. */
export interface DeaResult {
  /** Input orientation: θ ∈ (0, 1]; output orientation: φ ≥ 1. NaN where `status` is not "optimal". */
  readonly scores: Float64Array;
  /** Farrell efficiency: θ (input) or 1/φ (output), in (0, 1]. */
  readonly farrell: Float64Array;
  readonly status: readonly UnitStatus[];
  /** Why a unit is not optimal, or a note on its slack stage; undefined otherwise. */
  readonly reason: readonly (string | undefined)[];
  /** Σλ of the final (second-stage) solution. */
  readonly lambdaSum: Float64Array;
  /** λ > 1e-9 of the final solution, indices into the reference set. */
  readonly peers: readonly Peers[];
  readonly inputSlacks: Matrix;
  readonly outputSlacks: Matrix;
  /** Input orientation: θ·x_o − s⁻; output orientation: x_o − s⁻ (= Xr'λ). */
  readonly inputTargets: Matrix;
  /** Input orientation: y_o + s⁺; output orientation: φ·y_o + s⁺ (= Yr'λ). */
  readonly outputTargets: Matrix;
  /** With `scale: true`: Farrell CRS and VRS efficiencies in the chosen orientation. */
  readonly crsEfficiency?: Float64Array;
  readonly vrsEfficiency?: Float64Array;
  /** With `scale: true`: SE = Farrell CRS / Farrell VRS ∈ (0, 1]. */
  readonly scaleEfficiency?: Float64Array;
  /** With `scale: true`: "crs" when SE = 1, else "irs" (Σλ_CRS < 1) or "drs" (Σλ_CRS > 1); NIRS comparison when Σλ ≈ 1. */
  readonly rtsClass?: readonly (RtsClass | undefined)[];
  readonly method: "dea";
  readonly rts: Rts;
  readonly orientation: Orientation;
  readonly slacks: SlackMethod;
  readonly scale: boolean;
  /** Number of reference units N (n when no reference set was given). */
  readonly referenceSize: number;
  /** True when a `reference` set was given (peers index into it). */
  readonly externalReference: boolean;
}

/**
 * Radial DEA efficiency in envelopment form, with max-slack second stage, peers and targets.
 *
 * Input orientation: θ* = min θ s.t. Σ_j λ_j x_ij + s⁻_i = θ x_io, Σ_j λ_j y_rj − s⁺_r = y_ro, λ, s ≥ 0; the
 * output orientation maximises φ in Σ_j λ_j x_ij + s⁻_i = x_io, Σ_j λ_j y_rj − s⁺_r = φ y_ro. VRS adds Σλ = 1,
 * NIRS Σλ ≤ 1, NDRS Σλ ≥ 1. The second stage maximises Σs⁻ + Σs⁺ (in the data's units) at fixed θ* (φ*).
 * Scale efficiency is θ_CRS/θ_VRS (Farrell measures); the returns-to-scale class follows Banker & Thrall
 * (1992): with SE < 1 every CRS optimum has Σλ on the same side of 1 (increasing below, decreasing above), and
 * the NIRS comparison of Färe, Grosskopf & Lovell (1985) settles near-ties (θ_NIRS = θ_VRS means "drs").
 * Columns are divided by their reference mean before solving (scores are invariant to that; slacks and targets
 * are reported in the data's units). From WORKING_SET_MIN_UNITS reference units on, each LP is solved by column
 * generation over the reference units, with inefficient units screened out (see `envelopment`); the solution is
 * optimal for the full LP, so the results do not depend on the size.
 *
 * Zero outputs are allowed (a unit with all outputs 0 is "unbounded" in output orientation); inputs must be
 * strictly positive.
 *
 * Reference: Charnes, Cooper & Rhodes (1978), EJOR 2(6):429–444, doi:10.1016/0377-2217(78)90138-8; Banker,
 * Charnes & Cooper (1984), Management Science 30(9):1078–1092, doi:10.1287/mnsc.30.9.1078; two-stage slacks and
 * the worked example: Coelli, Rao & Battese (1998), An Introduction to Efficiency and Productivity Analysis,
 * ch. 6, and DEAP 2.1 EG1 (Coelli 1996).
 *
 * @param X n × m inputs, row-major, strictly positive
 * @param Y n × s outputs, row-major, ≥ 0
 * @param options rts (default "crs"), orientation (default "input"), slacks, scale, reference, solver, names
 * @returns per-unit scores, status, peers, slacks and targets (and scale efficiency with `scale: true`)
 * @throws RangeError naming `dea` for shape mismatches or unknown options
 * @throws NqpfInputError (code "bad_value") for non-positive or non-finite inputs, negative or non-finite outputs
 * @example
 * dea(fromRows([[2, 5], [2, 4], [6, 6], [3, 2], [6, 2]]), fromRows([[1], [2], [3], [1], [2]])).scores
 * // => Float64Array [0.5, 1, 0.8333…, 0.7142…, 1]
 */
export function dea(X: Matrix, Y: Matrix, options: DeaOptions = {}): DeaResult {
  const steps = deaSteps(X, Y, options);
  let step = steps.next();
  while (step.done !== true) {
    const { X: Xe, Y: Ye, Xr, Yr, settings } = step.value;
    step = steps.next(envelopment(Xe, Ye, Xr, Yr, settings));
  }
  return step.value;
}

/** One envelopment run that {@link deaSteps} asks its driver for. */
export interface EnvelopmentRequest {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly Xr: Matrix;
  readonly Yr: Matrix;
  readonly settings: EnvelopmentSettings;
}

/** Runs envelopment requests somewhere else (e.g. split over worker threads); must give `envelopment`'s results. */
export type EnvelopmentRunner = (request: EnvelopmentRequest) => Promise<EnvelopmentResult>;

/**
 * {@link dea} with its envelopment LPs run by `runner` (e.g. a worker-thread pool); same options and result.
 * @param X n × m inputs
 * @param Y n × s outputs
 * @param options as for {@link dea}
 * @param runner runs each envelopment request
 * @returns as {@link dea}
 */
export async function deaWith(
  X: Matrix,
  Y: Matrix,
  options: DeaOptions,
  runner: EnvelopmentRunner,
): Promise<DeaResult> {
  const steps = deaSteps(X, Y, options);
  let step = steps.next();
  while (step.done !== true) step = steps.next(await runner(step.value));
  return step.value;
}

/** The body of {@link dea}: validates, then yields each envelopment run it needs and builds the result. */
function* deaSteps(
  X: Matrix,
  Y: Matrix,
  options: DeaOptions,
): Generator<EnvelopmentRequest, DeaResult, EnvelopmentResult> {
  const rts = options.rts ?? "crs";
  const orientation = options.orientation ?? "input";
  const slacks: unknown = options.slacks ?? "two-stage";
  const scale = options.scale ?? false;
  checkRts("dea", rts);
  checkOrientation("dea", orientation);
  if (slacks !== "none" && slacks !== "two-stage")
    throw new RangeError(`dea: slacks must be "none" or "two-stage"; got ${String(slacks)}`);
  const reference = options.reference;
  checkFrontierData("dea", X, Y, reference, options.names);
  const Xr = reference?.X ?? X;
  const Yr = reference?.Y ?? Y;
  const solver = options.solver ?? solveLp;
  const self = reference === undefined ? Int32Array.from({ length: X.rows }, (_, i) => i) : undefined;
  const main = yield {
    X,
    Y,
    Xr,
    Yr,
    settings: {
      rts,
      orientation,
      maxSlacks: slacks === "two-stage",
      solver,
      ...(self !== undefined ? { self } : {}),
    },
  };
  const n = X.rows;
  const farrell = new Float64Array(n);
  for (let i = 0; i < n; i++) farrell[i] = orientation === "input" ? main.scores[i]! : 1 / main.scores[i]!;
  const base: DeaResult = {
    ...main,
    farrell,
    method: "dea",
    rts,
    orientation,
    slacks,
    scale,
    referenceSize: Xr.rows,
    externalReference: reference !== undefined,
  };
  if (!scale) return base;

  const settings = {
    orientation,
    maxSlacks: false,
    solver,
    ...(self !== undefined ? { self } : {}),
  } as const;
  const crs = rts === "crs" ? main : yield { X, Y, Xr, Yr, settings: { ...settings, rts: "crs" } };
  const vrs = rts === "vrs" ? main : yield { X, Y, Xr, Yr, settings: { ...settings, rts: "vrs" } };
  const farrellOf = (v: number) => (orientation === "input" ? v : 1 / v);
  const crsEfficiency = crs.scores.map(farrellOf);
  const vrsEfficiency = vrs.scores.map(farrellOf);
  const scaleEfficiency = new Float64Array(n);
  const rtsClass: (RtsClass | undefined)[] = new Array<RtsClass | undefined>(n).fill(undefined);
  const ties: number[] = [];
  for (let i = 0; i < n; i++) {
    const se = crsEfficiency[i]! / vrsEfficiency[i]!;
    scaleEfficiency[i] = se;
    if (!Number.isFinite(se)) continue;
    const sum = crs.lambdaSum[i]!;
    if (Math.abs(se - 1) <= RTS_TOL) rtsClass[i] = "crs";
    else if (sum < 1 - RTS_TOL) rtsClass[i] = "irs";
    else if (sum > 1 + RTS_TOL) rtsClass[i] = "drs";
    else ties.push(i);
  }
  if (ties.length > 0) {
    const nirs = yield {
      X: rowsOf(X, ties),
      Y: rowsOf(Y, ties),
      Xr,
      Yr,
      settings: {
        rts: "nirs",
        orientation,
        maxSlacks: false,
        solver,
        ...(self !== undefined ? { self: Int32Array.from(ties) } : {}),
      },
    };
    ties.forEach((i, k) => {
      const v = nirs.scores[k]!;
      if (Number.isFinite(v))
        rtsClass[i] = Math.abs(farrellOf(v) / vrsEfficiency[i]! - 1) <= RTS_TOL ? "drs" : "irs";
    });
  }
  return { ...base, crsEfficiency, vrsEfficiency, scaleEfficiency, rtsClass };
}

/** Below this many reference units the engine solves each unit's LP over all of them ("full"); from here on it prices a working set. */
export const WORKING_SET_MIN_UNITS = 400;

/**
 * Working-set units screened out as inefficient leave the restricted LP when it is next rebuilt, or as soon as
 * more than this many have piled up (they can carry no optimal λ, so dropping them changes no solution).
 */
const WORKING_SET_STALE_MAX = 32;

/** A λ column with reduced cost below −PRICE_TOL (scaled data) enters the working set. */
export const PRICE_TOL = 1e-9;

/** At most this many violating columns enter the working set per pricing round (the most negative first). */
const PRICE_BATCH = 16;

/** Pricing rounds per unit and stage before the engine falls back to the full LP. */
const MAX_PRICING_ROUNDS = 100;

/** Settings of the shared envelopment engine. */
export interface EnvelopmentSettings {
  readonly rts: Rts;
  readonly orientation: Orientation;
  /** Run the max-slack second stage. */
  readonly maxSlacks: boolean;
  readonly solver: LpSolver;
  /** Per evaluated unit, a reference row to leave out (λ fixed at 0), or −1 (super-efficiency). */
  readonly exclude?: Int32Array;
  /** Per evaluated unit, the reference row holding the same data (a feasible point of its LP), or −1; used only as a starting column. */
  readonly self?: Int32Array;
  /** "full": every reference unit is a column of every LP; "working-set": column generation; default by size (WORKING_SET_MIN_UNITS). */
  readonly strategy?: "full" | "working-set";
}

/** What the envelopment engine returns per unit. */
export interface EnvelopmentResult {
  readonly scores: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
  readonly lambdaSum: Float64Array;
  readonly peers: readonly Peers[];
  readonly inputSlacks: Matrix;
  readonly outputSlacks: Matrix;
  readonly inputTargets: Matrix;
  readonly outputTargets: Matrix;
}

/**
 * One unit's LP pair over a list of λ columns ("slots"), built once and updated in place: only the θ/φ column,
 * the right-hand side, the self column and the bounds change between units and stages.
 * Columns: [θ or φ, s⁻_1..s⁻_m, s⁺_1..s⁺_s, λ slots]; rows: m inputs, s outputs (equalities), then Σλ for VRS
 * (=), NIRS (<=), NDRS (>=). Slot −1 is the evaluated unit's own data (the "self" column).
 */
interface UnitLp {
  readonly slots: Int32Array;
  readonly cols: number;
  readonly A: Float64Array;
  readonly b: Float64Array;
  readonly lower1: Float64Array;
  readonly upper1: Float64Array;
  readonly lower2: Float64Array;
  readonly upper2: Float64Array;
  readonly stage1: LpProblem;
  readonly stage2: LpProblem;
}

/** Scaled data and layout shared by all LPs of one run. */
interface Layout {
  readonly m: number;
  readonly s: number;
  readonly rows: number;
  /** Scaled reference data, unit-major: column j of the LP is refColumn[j·rows .. (j + 1)·rows). */
  readonly refColumn: Float64Array;
  readonly inputMean: Float64Array;
  readonly outputMean: Float64Array;
  readonly rowType: Int8Array;
  readonly rts: Rts;
  readonly orientation: Orientation;
}

const FIRST_SLOT = 1; // θ column is 0; slacks follow; λ slots start at 1 + m + s.

/** Slot holding the evaluated unit's own data. */
const SELF_SLOT = -1;

/** Slot holding no column (all zeros, λ fixed at 0). */
const EMPTY_SLOT = -2;

/** λ slots of the window LP (see envelopment). */
const WINDOW_SLOTS = 64;

function buildUnitLp(layout: Layout, slots: Int32Array): UnitLp {
  const { m, s, rows, refColumn, inputMean, outputMean, rowType, orientation } = layout;
  const lambda0 = FIRST_SLOT + m + s;
  const cols = lambda0 + slots.length;
  const A = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) A[i * cols + FIRST_SLOT + i] = 1;
  for (let r = 0; r < s; r++) A[(m + r) * cols + FIRST_SLOT + m + r] = -1;
  for (let k = 0; k < slots.length; k++) {
    const j = slots[k]!;
    if (j < 0) continue; // self column, filled per unit
    for (let i = 0; i < rows; i++) A[i * cols + lambda0 + k] = refColumn[j * rows + i]!;
  }
  const b = new Float64Array(rows);
  if (rows > m + s) b[m + s] = 1;
  const cRadial = new Float64Array(cols);
  cRadial[0] = orientation === "input" ? 1 : -1;
  const cSlack = new Float64Array(cols);
  for (let i = 0; i < m; i++) cSlack[FIRST_SLOT + i] = -inputMean[i]!;
  for (let r = 0; r < s; r++) cSlack[FIRST_SLOT + m + r] = -outputMean[r]!;
  const lower1 = new Float64Array(cols);
  const upper1 = new Float64Array(cols).fill(Infinity);
  const lower2 = new Float64Array(cols);
  const upper2 = new Float64Array(cols).fill(Infinity);
  const Amatrix: Matrix = { data: A, rows, cols };
  return {
    slots,
    cols,
    A,
    b,
    lower1,
    upper1,
    lower2,
    upper2,
    stage1: { c: cRadial, A: Amatrix, b, rowType, lower: lower1, upper: upper1 },
    stage2: { c: cSlack, A: Amatrix, b, rowType, lower: lower2, upper: upper2 },
  };
}

/** Writes unit o's radial column, right-hand side, self column and bounds into lp. */
function loadUnit(
  layout: Layout,
  lp: UnitLp,
  xo: Float64Array,
  yo: Float64Array,
  excluded: number,
  selfAllowed: boolean,
): void {
  const { m, s, rows, inputMean, outputMean, orientation } = layout;
  const { A, b, cols, slots } = lp;
  const lambda0 = FIRST_SLOT + m + s;
  for (let i = 0; i < m; i++) {
    const x = xo[i]! / inputMean[i]!;
    A[i * cols] = orientation === "input" ? -x : 0;
    b[i] = orientation === "input" ? 0 : x;
  }
  for (let r = 0; r < s; r++) {
    const row = m + r;
    const y = yo[r]! / outputMean[r]!;
    A[row * cols] = orientation === "input" ? 0 : -y;
    b[row] = orientation === "input" ? y : 0;
  }
  for (let k = 0; k < slots.length; k++) {
    const j = slots[k]!;
    const fixedAtZero = j === EMPTY_SLOT || (j < 0 ? !selfAllowed : j === excluded);
    lp.upper1[lambda0 + k] = fixedAtZero ? 0 : Infinity;
    lp.upper2[lambda0 + k] = fixedAtZero ? 0 : Infinity;
    if (j === SELF_SLOT) {
      for (let i = 0; i < m; i++) A[i * cols + lambda0 + k] = xo[i]! / inputMean[i]!;
      for (let r = 0; r < s; r++) A[(m + r) * cols + lambda0 + k] = yo[r]! / outputMean[r]!;
      if (rows > m + s) A[(m + s) * cols + lambda0 + k] = 1;
    }
  }
  lp.lower2[0] = 0;
  lp.upper2[0] = Infinity;
}

/**
 * Reference columns packed for pricing, so that a pricing pass reads memory in order: `count` units with
 * their columns at a stride of 6 entries (zero-padded) for up to 6 rows, else `rows`.
 */
interface PackedColumns {
  readonly rows: number;
  readonly stride: number;
  readonly index: Int32Array;
  readonly column: Float64Array;
  /** Per block of PRICE_BLOCK consecutive columns, the smallest and largest entry of each row (at block·stride). */
  readonly low: Float64Array;
  readonly high: Float64Array;
  count: number;
}

/** Columns per block of packed columns: a pricing pass skips a block whose entry ranges rule out a violation. */
const PRICE_BLOCK = 16;

function packedColumns(rows: number, capacity: number): PackedColumns {
  const stride = rows <= 6 ? 6 : rows;
  const blocks = Math.ceil(capacity / PRICE_BLOCK);
  return {
    rows,
    stride,
    index: new Int32Array(capacity),
    column: new Float64Array(capacity * stride),
    low: new Float64Array(blocks * stride),
    high: new Float64Array(blocks * stride),
    count: 0,
  };
}

/** Widens the range of the block holding packed column c to cover that column. */
function coverColumn(packed: PackedColumns, c: number): void {
  const { stride, column, low, high } = packed;
  const block = Math.floor(c / PRICE_BLOCK) * stride;
  const first = c % PRICE_BLOCK === 0;
  for (let i = 0; i < stride; i++) {
    const v = column[c * stride + i]!;
    if (first || v < low[block + i]!) low[block + i] = v;
    if (first || v > high[block + i]!) high[block + i] = v;
  }
}

/** Appends reference unit j (its column in `refColumn`, unit-major) to `packed`. */
function appendColumn(packed: PackedColumns, refColumn: Float64Array, j: number): void {
  const { rows, stride } = packed;
  packed.index[packed.count] = j;
  packed.column.set(refColumn.subarray(j * rows, (j + 1) * rows), packed.count * stride);
  coverColumn(packed, packed.count);
  packed.count++;
}

/** Keeps the packed columns whose unit passes `keep`, in their order, and recomputes the block ranges. */
function compactColumns(packed: PackedColumns, keep: (j: number) => boolean): void {
  const { stride, index, column } = packed;
  let count = 0;
  for (let c = 0; c < packed.count; c++) {
    const j = index[c]!;
    if (!keep(j)) continue;
    index[count] = j;
    column.copyWithin(count * stride, c * stride, (c + 1) * stride);
    coverColumn(packed, count);
    count++;
  }
  packed.count = count;
}

/** The PRICE_BATCH most negative reduced costs found so far (ascending) and their reference units. */
interface Entering {
  readonly d: Float64Array;
  readonly j: Int32Array;
  count: number;
}

function enteringList(): Entering {
  return { d: new Float64Array(PRICE_BATCH), j: new Int32Array(PRICE_BATCH), count: 0 };
}

/**
 * Prices packed columns from position `from` on with the LP row duals y: those with reduced cost
 * d_j = −a_jᵀy < −PRICE_TOL that are not blocked (`blockedA[j]`, `blockedB[j]` non-zero, or j = `excluded`)
 * join `best`, which keeps the PRICE_BATCH most negative (ties: the earlier position first).
 * @returns the number of entries in `best` afterwards
 */
function priceColumns(
  packed: PackedColumns,
  from: number,
  duals: Float64Array,
  blockedA: Uint8Array,
  blockedB: Uint8Array,
  excluded: number,
  best: Entering,
): number {
  const { rows, stride, index, column, count } = packed;
  const bestD = best.d;
  const bestJ = best.j;
  let found = best.count;
  let bound = found === PRICE_BATCH ? bestD[PRICE_BATCH - 1]! : -PRICE_TOL;
  // Rows beyond `rows` hold 0 in the packed columns and in y.
  const y0 = rows > 0 ? duals[0]! : 0;
  const y1 = rows > 1 ? duals[1]! : 0;
  const y2 = rows > 2 ? duals[2]! : 0;
  const y3 = rows > 3 ? duals[3]! : 0;
  const y4 = rows > 4 ? duals[4]! : 0;
  const y5 = rows > 5 ? duals[5]! : 0;
  const { low, high } = packed;
  for (let start = from; start < count;) {
    const end = Math.min(count, (Math.floor(start / PRICE_BLOCK) + 1) * PRICE_BLOCK);
    // Over the block, d_j ≥ −Σ_i max(y_i·low_i, y_i·high_i); skip it when that bound (less a rounding margin)
    // already reaches the entry threshold.
    const box = Math.floor(start / PRICE_BLOCK) * stride;
    let least = 0;
    let size = 0;
    for (let i = 0; i < rows; i++) {
      const yi = duals[i]!;
      const a = yi * low[box + i]!;
      const b = yi * high[box + i]!;
      least -= a > b ? a : b;
      size += Math.abs(a) + Math.abs(b);
    }
    if (least - 1e-14 * size >= bound) {
      start = end;
      continue;
    }
    for (let c = start; c < end; c++) {
      const base = c * stride;
      let d: number;
      if (stride === 6) {
        d = -(
          y0 * column[base]! +
          y1 * column[base + 1]! +
          y2 * column[base + 2]! +
          y3 * column[base + 3]! +
          y4 * column[base + 4]! +
          y5 * column[base + 5]!
        );
      } else {
        d = 0;
        for (let i = 0; i < rows; i++) d -= column[base + i]! * duals[i]!;
      }
      if (!(d < bound)) continue;
      const j = index[c]!;
      if (blockedA[j] !== 0 || blockedB[j] !== 0 || j === excluded) continue;
      let at = found < PRICE_BATCH ? found : PRICE_BATCH - 1;
      while (at > 0 && bestD[at - 1]! > d) {
        bestD[at] = bestD[at - 1]!;
        bestJ[at] = bestJ[at - 1]!;
        at--;
      }
      bestD[at] = d;
      bestJ[at] = j;
      if (found < PRICE_BATCH) found++;
      if (found === PRICE_BATCH) bound = bestD[PRICE_BATCH - 1]!;
    }
    start = end;
  }
  best.count = found;
  return found;
}

/**
 * A slack whose first-stage reduced cost exceeds this (mean-scaled data) is 0 in every optimal solution; a
 * positive slack at the fixed score could gain at most (score error)/SLACK_PRICE_MIN ≈ 1e-9.
 */
export const SLACK_PRICE_MIN = 1e-6;

/**
 * True when every slack's reduced cost in the first-stage LP (−y_i for s⁻_i, y_r for s⁺_r) exceeds
 * SLACK_PRICE_MIN: every optimal solution then has zero slacks, the max-slack stage would return them, and the
 * first-stage solution stands (reduced-cost fixing).
 */
function slacksForcedToZero(duals: Float64Array | undefined, m: number, s: number): boolean {
  if (duals === undefined) return false;
  for (let i = 0; i < m; i++) if (!(-duals[i]! > SLACK_PRICE_MIN)) return false;
  for (let r = 0; r < s; r++) if (!(duals[m + r]! > SLACK_PRICE_MIN)) return false;
  return true;
}

/**
 * Runs the solver with an iteration cap of 1000 + 20·(rows + columns) (DEA LPs need a few dozen pivots) and,
 * when that ends "numerical", once more without the solver's internal scaling.
 */
function solveCapped(
  solver: LpSolver,
  problem: LpProblem,
  scratch: LpScratch,
  warmStart?: LpBasis,
): LpResult {
  const maxIterations = 1000 + 20 * (problem.b.length + problem.c.length);
  const result = solver(
    problem,
    warmStart !== undefined ? { maxIterations, scratch, warmStart } : { maxIterations, scratch },
  );
  if (result.status !== "numerical") return result;
  const retry = solver(problem, { maxIterations, scratch, scale: false });
  return retry.status === "optimal" ? retry : result;
}

/**
 * Units likely to be efficient first, then the rest in an order that keeps units of similar input and output
 * mix together: the SEED_SHARE of units with the highest productivity proxy Σ_r y_r/ȳ_r ÷ Σ_i x_i/x̄_i
 * (descending), then the others along a Z-order (Morton) curve over their mixes x̃_i/Σx̃ (i < m), ỹ_r/Σỹ
 * (r < s) and, except under CRS, the log of the scale (Σỹ in input, Σx̃ in output orientation), each mapped to
 * [0, 1) over the data's range. Neighbours along the curve tend to share the facet they are projected on.
 */
function unitOrder(
  X: Matrix,
  Y: Matrix,
  inputMean: Float64Array,
  outputMean: Float64Array,
  rts: Rts,
  orientation: Orientation,
): Int32Array {
  const n = X.rows;
  const { coords, dims, proxy } = mixCoordinates(X, Y, inputMean, outputMean, rts, orientation);
  const byProxy = Int32Array.from({ length: n }, (_, o) => o).sort((a, b) => proxy[b]! - proxy[a]! || a - b);
  const seeds = Math.min(n, Math.ceil(SEED_SHARE * n));
  if (dims === 0 || seeds >= n) return byProxy;
  const key = mortonKeys(coords, n, dims);
  const rest = Array.from(byProxy.subarray(seeds)).sort((a, b) => key[a]! - key[b]! || a - b);
  const order = new Int32Array(n);
  order.set(byProxy.subarray(0, seeds));
  order.set(rest, seeds);
  return order;
}

/** All units along the Z-order curve of {@link unitOrder} (no seeds first). */
function mixOrder(
  X: Matrix,
  Y: Matrix,
  inputMean: Float64Array,
  outputMean: Float64Array,
  rts: Rts,
  orientation: Orientation,
): Int32Array {
  const n = X.rows;
  const { coords, dims } = mixCoordinates(X, Y, inputMean, outputMean, rts, orientation);
  const all = Int32Array.from({ length: n }, (_, o) => o);
  if (dims === 0) return all;
  const key = mortonKeys(coords, n, dims);
  return all.sort((a, b) => key[a]! - key[b]! || a - b);
}

/** Per unit, its mix coordinates (see {@link unitOrder}) at coords[o·dims ..], and the productivity proxy. */
function mixCoordinates(
  X: Matrix,
  Y: Matrix,
  inputMean: Float64Array,
  outputMean: Float64Array,
  rts: Rts,
  orientation: Orientation,
): { coords: Float64Array; dims: number; proxy: Float64Array } {
  const n = X.rows;
  const m = X.cols;
  const s = Y.cols;
  const proxy = new Float64Array(n);
  const dims = m - 1 + s - 1 + (rts === "crs" ? 0 : 1);
  const coords = new Float64Array(n * Math.max(dims, 1));
  for (let o = 0; o < n; o++) {
    let input = 0;
    let output = 0;
    for (let i = 0; i < m; i++) input += X.data[o * m + i]! / inputMean[i]!;
    for (let r = 0; r < s; r++) output += Y.data[o * s + r]! / outputMean[r]!;
    proxy[o] = output / input;
    let d = 0;
    for (let i = 0; i < m - 1; i++) coords[o * dims + d++] = X.data[o * m + i]! / inputMean[i]! / input;
    for (let r = 0; r < s - 1; r++)
      coords[o * dims + d++] = output > 0 ? Y.data[o * s + r]! / outputMean[r]! / output : 0;
    if (rts !== "crs") coords[o * dims + d] = Math.log(orientation === "input" ? output : input);
  }
  return { coords, dims, proxy };
}

/** Z-order (Morton) keys of points in [low, high] per dimension, ⌊30/dims⌋ bits per dimension. */
function mortonKeys(coords: Float64Array, n: number, dims: number): Float64Array {
  const bits = Math.max(1, Math.floor(30 / dims));
  const cells = 2 ** bits;
  const key = new Float64Array(n);
  const low = new Float64Array(dims).fill(Infinity);
  const high = new Float64Array(dims).fill(-Infinity);
  for (let o = 0; o < n; o++)
    for (let d = 0; d < dims; d++) {
      const v = coords[o * dims + d]!;
      if (v < low[d]!) low[d] = v;
      if (v > high[d]!) high[d] = v;
    }
  const cell = new Int32Array(dims);
  for (let o = 0; o < n; o++) {
    for (let d = 0; d < dims; d++) {
      const range = high[d]! - low[d]!;
      const t = range > 0 && Number.isFinite(range) ? (coords[o * dims + d]! - low[d]!) / range : 0;
      cell[d] = Number.isFinite(t) ? Math.min(cells - 1, Math.max(0, Math.floor(t * cells))) : 0;
    }
    let k = 0;
    for (let b = bits - 1; b >= 0; b--) for (let d = 0; d < dims; d++) k = k * 2 + ((cell[d]! >> b) & 1);
    key[o] = k;
  }
  return key;
}

/** Share of the units evaluated first, in order of the productivity proxy (see unitOrder). */
const SEED_SHARE = 0.02;

function allFinite(values: Float64Array): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

/** A unit's LP solution in terms of the reference set: scaled slacks and the non-zero λ. */
interface Solution {
  /** m + s slacks (s⁻ then s⁺) of the mean-scaled LP. */
  readonly slack: Float64Array;
  /** Reference rows with λ ≠ 0; −1 is the self column (the unit's own data). */
  readonly index: Int32Array;
  readonly weight: Float64Array;
  /** Σλ over all columns, the self column included. */
  readonly lambdaSum: number;
}

/** The Solution of an LP over `slots` (x as the solver returned it). */
function extract(layout: Layout, x: Float64Array, slots: Int32Array): Solution {
  const { m, s } = layout;
  const lambda0 = FIRST_SLOT + m + s;
  const slack = x.slice(FIRST_SLOT, lambda0);
  let count = 0;
  let sum = 0;
  for (let k = 0; k < slots.length; k++) {
    const l = x[lambda0 + k]!;
    sum += l;
    if (l !== 0) count++;
  }
  const index = new Int32Array(count);
  const weight = new Float64Array(count);
  count = 0;
  for (let k = 0; k < slots.length; k++) {
    const l = x[lambda0 + k]!;
    if (l === 0) continue;
    index[count] = slots[k]!;
    weight[count++] = l;
  }
  return { slack, index, weight, lambdaSum: sum };
}

/** Outcome of one unit's first stage: the radial score and its LP solution, or a failure. */
interface UnitOutcome {
  readonly status: UnitStatus;
  readonly reason?: string;
  readonly radial: number;
  readonly solution?: Solution;
  /** Row duals of the first-stage LP (d_j = c_j − a_jᵀy). */
  readonly duals?: Float64Array;
  /**
   * Set when the solution is optimal over the working set as it was when it had this many units, and not yet
   * priced against the rest: the unit was screened out first (pass 1b prices it).
   */
  readonly deferredAt?: number;
}

function lpFailure(stage: string, result: LpResult): string {
  return `${stage} LP ${result.status}${result.reason !== undefined ? `: ${result.reason}` : ""}`;
}

/** A unit whose stage-1 score is this far from 1 counts as inefficient when screening the reference set. */
export const SCREEN_TOL = 1e-6;

/**
 * True when unit o, with radial score `radial` against a technology that contains it, is inefficient by more
 * than SCREEN_TOL and can therefore be left out of other units' reference sets (input orientation; in output
 * orientation only when all its outputs are > 0, which the argument needs).
 * @param Y n × s outputs
 * @param o the unit
 * @param radial its θ (input) or φ (output)
 * @param orientation the model's orientation
 * @returns whether the unit may be screened out
 */
export function isClearlyInefficient(
  Y: Matrix,
  o: number,
  radial: number,
  orientation: Orientation,
): boolean {
  if (orientation === "input") return radial < 1 - SCREEN_TOL;
  for (let r = 0; r < Y.cols; r++) if (!(Y.data[o * Y.cols + r]! > 0)) return false;
  return radial > 1 + SCREEN_TOL;
}

/**
 * The radial envelopment engine behind {@link dea} and superEfficiency. For each unit o it solves
 * min θ (or max φ) over the reference technology (pass 1), then, with `maxSlacks`, max Σ mean_i s⁻_i +
 * Σ mean_r s⁺_r at fixed θ* (pass 2), where the data are divided by the reference column means (so the slack
 * sum is in data units).
 *
 * With the "working-set" strategy (column generation, the simplex method's pricing step applied to the
 * reference units) each LP holds only some reference columns plus the unit's own data; after each solve the
 * other reference columns are priced with the LP duals (d_j = −a_jᵀy) and the violating ones enter, so the final
 * solution is optimal for the full LP. The columns live at three levels: a small "window" LP of fixed shape
 * (the self column and WINDOW_SLOTS reference units, the most recently used in optimal solutions; its basis
 * warm-starts the next unit), the working set (every reference unit met by pricing so far, priced first) and
 * the candidates (all other reference units not screened out, priced when the working set has nothing left).
 * When an evaluated unit is a reference unit (`self`, and no `exclude`) and is found inefficient, that reference
 * unit is no longer priced: no optimal λ of either stage can use it (a dual optimal hyperplane through such a
 * unit would make it efficient; Ali 1993, "Streamlined computation for data envelopment analysis", EJOR
 * 64(1):61–67). In output orientation only units with all outputs > 0 are screened. A unit whose LP over the
 * working set already shows it
 * clearly inefficient (a bound: input θ can only fall, output φ only rise, when columns are added) is screened
 * out at once and its candidates are priced after all units have been through pass 1, when few are left.
 * Units go in the order of {@link unitOrder}: likely-efficient units first, then along a curve through the
 * input and output mixes, so that neighbours share peers and warm starts take few pivots. A restricted LP that
 * is not optimal is re-solved over all reference units. Inputs are not validated here.
 * @param X n × m evaluated inputs
 * @param Y n × s evaluated outputs
 * @param Xr N × m reference inputs
 * @param Yr N × s reference outputs
 * @param settings rts, orientation, second stage, solver, excluded reference rows, self rows, strategy
 * @returns scores (θ or φ), status, reason, Σλ, peers, slacks and targets
 */
export function envelopment(
  X: Matrix,
  Y: Matrix,
  Xr: Matrix,
  Yr: Matrix,
  settings: EnvelopmentSettings,
): EnvelopmentResult {
  const { rts, orientation, maxSlacks, solver, exclude, self } = settings;
  const n = X.rows;
  const m = X.cols;
  const s = Y.cols;
  const N = Xr.rows;
  const strategy = settings.strategy ?? (N >= WORKING_SET_MIN_UNITS ? "working-set" : "full");
  const inputMean = columnMeans(Xr);
  const outputMean = columnMeans(Yr);
  const rows = m + s + (rts === "crs" ? 0 : 1);
  const refColumn = new Float64Array(N * rows);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < m; i++) refColumn[j * rows + i] = Xr.data[j * m + i]! / inputMean[i]!;
    for (let r = 0; r < s; r++) refColumn[j * rows + m + r] = Yr.data[j * s + r]! / outputMean[r]!;
    if (rows > m + s) refColumn[j * rows + m + s] = 1;
  }
  const rowType = new Int8Array(rows);
  if (rts !== "crs") rowType[m + s] = rts === "vrs" ? 0 : rts === "nirs" ? -1 : 1;
  const layout: Layout = { m, s, rows, refColumn, inputMean, outputMean, rowType, rts, orientation };
  const workingSet = strategy === "working-set";
  const scratch = lpScratch();

  let full: UnitLp | undefined;
  const fullLp = () =>
    (full ??= buildUnitLp(
      layout,
      Int32Array.from({ length: N }, (_, j) => j),
    ));

  // Screened out: reference units known to be inefficient. Working set: reference units met by pricing so far
  // (append-only, packed for pricing). Candidates: every other reference unit not screened out (packed, and
  // repacked as they thin out).
  const screened = new Uint8Array(N);
  const inWorking = new Uint8Array(N);
  const working = packedColumns(rows, workingSet ? N : 0);
  const candidates = packedColumns(rows, workingSet ? N : 0);
  // Candidates in mix order, so that the units of a pricing block are alike and its entry ranges narrow.
  if (workingSet)
    for (const j of mixOrder(Xr, Yr, inputMean, outputMean, rts, orientation))
      appendColumn(candidates, refColumn, j);
  let candidatesGone = 0;
  const leaveCandidates = () => {
    if (++candidatesGone <= 64 || 4 * candidatesGone <= candidates.count) return;
    compactColumns(candidates, (j) => inWorking[j] === 0 && screened[j] === 0);
    candidatesGone = 0;
  };
  const enterWorking = (j: number) => {
    if (inWorking[j] !== 0) return;
    inWorking[j] = 1;
    appendColumn(working, refColumn, j);
    if (screened[j] === 0) leaveCandidates();
  };
  // The restricted LP (see restrictedLp below) and the working-set units of it screened out since it was built.
  let restricted: UnitLp | undefined;
  // Last optimal basis of each stage over the restricted LP (warm starts; remapped when it is rebuilt).
  const restrictedBasis: (LpBasis | undefined)[] = [undefined, undefined];
  let restrictedUpTo = 0; // working-set units [0, restrictedUpTo) were considered for the restricted LP
  let restrictedStale = 0;
  const screenOut = (j: number) => {
    if (screened[j] !== 0) return;
    screened[j] = 1;
    if (inWorking[j] === 0) leaveCandidates();
    else restrictedStale++;
  };
  const screen = exclude === undefined && self !== undefined;
  /** Whether unit o, found inefficient, may leave the reference set (Ali 1993). */
  const screenable = (o: number, radial: number) => {
    const selfRow = self?.[o] ?? -1;
    return screen && selfRow >= 0 && isClearlyInefficient(Y, o, radial, orientation);
  };

  const unitData = (o: number) => {
    const excluded = exclude?.[o] ?? -1;
    const selfRow = self?.[o] ?? -1;
    return {
      xo: X.data.subarray(o * m, (o + 1) * m),
      yo: Y.data.subarray(o * s, (o + 1) * s),
      excluded,
      selfRow,
      selfAllowed: selfRow >= 0 && selfRow !== excluded,
    };
  };

  const best = enteringList();

  // The restricted LP: the self column and every working-set unit not screened out when it was built. It is
  // rebuilt when the working set grows (the basis carries over: new columns come last) or when more than
  // WORKING_SET_STALE_MAX of its units have been screened out since (they carry no optimal λ).
  const slotOf = new Int32Array(N).fill(-1);
  const restrictedLp = (): UnitLp => {
    if (
      restricted !== undefined &&
      restrictedUpTo === working.count &&
      restrictedStale <= WORKING_SET_STALE_MAX
    )
      return restricted;
    const old = restricted;
    const slots: number[] = [-1];
    for (let c = 0; c < working.count; c++) {
      const j = working.index[c]!;
      if (screened[j] === 0) slots.push(j);
    }
    restricted = buildUnitLp(layout, Int32Array.from(slots));
    restrictedUpTo = working.count;
    restrictedStale = 0;
    for (let k = 0; k < 2; k++) {
      const basis = restrictedBasis[k];
      restrictedBasis[k] =
        old === undefined || basis === undefined ? undefined : remapBasis(basis, old, restricted);
    }
    return restricted;
  };
  /** The basis of `from` in terms of `to`'s columns; undefined when a basic λ column is gone. */
  const remapBasis = (basis: LpBasis, from: UnitLp, to: UnitLp): LpBasis | undefined => {
    const lambda0 = FIRST_SLOT + m + s;
    for (let k = 0; k < to.slots.length; k++) if (to.slots[k]! >= 0) slotOf[to.slots[k]!] = k;
    const map = (c: number): number => {
      if (c < lambda0) return c;
      if (c >= from.cols) return c - from.cols + to.cols;
      const j = from.slots[c - lambda0]!;
      if (j < 0) return lambda0;
      const k = slotOf[j]!;
      return k < 0 ? -1 : lambda0 + k;
    };
    const basic = new Int32Array(basis.m);
    let ok = true;
    for (let k = 0; k < basis.m; k++) {
      const c = map(basis.basic[k]!);
      if (c < 0) ok = false;
      basic[k] = c;
    }
    const atUpper = new Uint8Array(to.cols + basis.m);
    for (let c = 0; c < from.cols + basis.m; c++) {
      if (basis.atUpper[c] === 0) continue;
      const t = map(c);
      if (t >= 0) atUpper[t] = 1;
    }
    for (let k = 0; k < to.slots.length; k++) if (to.slots[k]! >= 0) slotOf[to.slots[k]!] = -1;
    return ok ? { basic, atUpper, m: basis.m, n: to.cols } : undefined;
  };

  /**
   * One stage of unit o over the restricted LP (stage 2: at the fixed radial score), with candidates priced in
   * until none is left; undefined means "solve over all reference units instead". With `defer` (stage 1), a
   * unit clearly inefficient over the working set is screened out and returned before the candidates are
   * priced (its score can only fall further: input θ ≤ the working-set θ).
   */
  const restrictedGeneration = (
    o: number,
    stage: 1 | 2,
    radial: number,
    defer: boolean,
  ): UnitOutcome | undefined => {
    const { xo, yo, excluded, selfAllowed } = unitData(o);
    for (let round = 0; round < MAX_PRICING_ROUNDS; round++) {
      const lp = restrictedLp();
      loadUnit(layout, lp, xo, yo, excluded, selfAllowed);
      if (stage === 2) {
        lp.lower2[0] = radial;
        lp.upper2[0] = radial;
      }
      const result = solveCapped(
        solver,
        stage === 1 ? lp.stage1 : lp.stage2,
        scratch,
        restrictedBasis[stage - 1],
      );
      if (result.status !== "optimal" || !allFinite(result.duals)) return undefined;
      restrictedBasis[stage - 1] = result.basis;
      const score = stage === 1 ? result.x[0]! : radial;
      if (defer && screenable(o, score))
        return {
          status: "optimal",
          radial: score,
          solution: extract(layout, result.x, lp.slots),
          duals: result.duals,
          deferredAt: working.count,
        };
      best.count = 0;
      priceColumns(candidates, 0, result.duals, inWorking, screened, excluded, best);
      if (best.count === 0)
        return {
          status: "optimal",
          radial: score,
          solution: extract(layout, result.x, lp.slots),
          duals: result.duals,
        };
      for (let k = 0; k < best.count; k++) enterWorking(best.j[k]!);
    }
    return undefined;
  };

  // The window: a restricted LP of fixed shape holding the self column and WINDOW_SLOTS working-set units, the
  // ones most recently met in optimal solutions (units in mix order share their peers). Units priced in from
  // the working set or the candidates replace the least recently used slots that are not basic, so the basis of
  // the previous unit stays valid and warm-starts the next solve.
  const windowSlots = workingSet ? Math.min(WINDOW_SLOTS, N) : 0;
  const window = buildUnitLp(layout, new Int32Array(1 + windowSlots).fill(EMPTY_SLOT).fill(-1, 0, 1));
  const windowUsed = new Float64Array(1 + windowSlots);
  const inWindow = new Uint8Array(N);
  const basicSlot = new Uint8Array(1 + windowSlots);
  let windowBasis: LpBasis | undefined;
  let windowStamp = 0;
  const lambda0 = FIRST_SLOT + m + s;
  /** Puts reference unit j into a free or least recently used non-basic slot; false when every slot is taken. */
  const placeInWindow = (j: number): boolean => {
    let victim = -1;
    let oldest = Infinity;
    for (let k = 1; k <= windowSlots; k++) {
      if (basicSlot[k] !== 0) continue;
      const held = window.slots[k]!;
      const age = held === EMPTY_SLOT || screened[held] !== 0 ? -1 : windowUsed[k]!;
      if (age < oldest && age < windowStamp) {
        oldest = age;
        victim = k;
        if (age < 0) break;
      }
    }
    if (victim < 0) return false;
    const held = window.slots[victim]!;
    if (held >= 0) inWindow[held] = 0;
    window.slots[victim] = j;
    inWindow[j] = 1;
    windowUsed[victim] = windowStamp;
    const { cols, A } = window;
    for (let i = 0; i < rows; i++) A[i * cols + lambda0 + victim] = refColumn[j * rows + i]!;
    return true;
  };
  const markBasic = (basis: LpBasis | undefined) => {
    basicSlot.fill(0);
    if (basis === undefined) return;
    for (let k = 0; k < basis.m; k++) {
      const c = basis.basic[k]! - lambda0;
      if (c >= 0 && c <= windowSlots) basicSlot[c] = 1;
    }
  };

  /**
   * Stage 1 of unit o over the window, with working-set units and then candidates priced in until none is left;
   * undefined means "use the restricted LP instead". `defer` as in restrictedGeneration.
   */
  const windowGeneration = (o: number, defer: boolean): UnitOutcome | undefined => {
    const { xo, yo, excluded, selfAllowed } = unitData(o);
    windowStamp++;
    for (let round = 0; round < MAX_PRICING_ROUNDS; round++) {
      loadUnit(layout, window, xo, yo, excluded, selfAllowed);
      const result = solveCapped(solver, window.stage1, scratch, windowBasis);
      windowBasis = result.status === "optimal" ? result.basis : undefined;
      markBasic(windowBasis);
      if (result.status !== "optimal" || !allFinite(result.duals)) return undefined;
      const score = result.x[0]!;
      best.count = 0;
      if (priceColumns(working, 0, result.duals, screened, inWindow, excluded, best) === 0) {
        const done = (deferredAt?: number): UnitOutcome => {
          for (let k = 1; k <= windowSlots; k++) if (result.x[lambda0 + k] !== 0) windowUsed[k] = windowStamp;
          return {
            status: "optimal",
            radial: score,
            solution: extract(layout, result.x, window.slots),
            duals: result.duals,
            ...(deferredAt !== undefined ? { deferredAt } : {}),
          };
        };
        if (defer && screenable(o, score)) return done(working.count);
        if (priceColumns(candidates, 0, result.duals, inWorking, screened, excluded, best) === 0)
          return done();
        for (let k = 0; k < best.count; k++) enterWorking(best.j[k]!);
      }
      for (let k = 0; k < best.count; k++) if (!placeInWindow(best.j[k]!)) return undefined;
    }
    return undefined;
  };

  /** Completes a deferred stage-1 outcome: its optimum stands when no reference unit met since prices in. */
  const resume = (o: number, outcome: UnitOutcome): UnitOutcome | undefined => {
    const excluded = exclude?.[o] ?? -1;
    best.count = 0;
    priceColumns(working, outcome.deferredAt!, outcome.duals!, screened, screened, excluded, best);
    if (best.count === 0) priceColumns(candidates, 0, outcome.duals!, inWorking, screened, excluded, best);
    if (best.count === 0)
      return {
        status: "optimal",
        radial: outcome.radial,
        solution: outcome.solution!,
        duals: outcome.duals!,
      };
    for (let k = 0; k < best.count; k++) enterWorking(best.j[k]!);
    return windowGeneration(o, false) ?? restrictedGeneration(o, 1, NaN, false);
  };

  const firstFull = (o: number): UnitOutcome => {
    const { xo, yo, excluded } = unitData(o);
    const lp = fullLp();
    loadUnit(layout, lp, xo, yo, excluded, false);
    const first = solveCapped(solver, lp.stage1, scratch);
    if (first.status !== "optimal")
      return { status: first.status, reason: lpFailure("envelopment", first), radial: NaN };
    return {
      status: "optimal",
      radial: first.x[0]!,
      solution: extract(layout, first.x, lp.slots),
      duals: first.duals,
    };
  };

  /** Stage 2 over all reference units; a string says why it failed. */
  const secondFull = (o: number, radial: number): Solution | string => {
    const { xo, yo, excluded } = unitData(o);
    const lp = fullLp();
    loadUnit(layout, lp, xo, yo, excluded, false);
    lp.lower2[0] = radial;
    lp.upper2[0] = radial;
    const second = solveCapped(solver, lp.stage2, scratch);
    if (second.status !== "optimal") return lpFailure("slack", second);
    return extract(layout, second.x, lp.slots);
  };

  // Pass 1: radial scores. With a working set, units likely to be efficient go first (descending
  // Σ_r ỹ_r / Σ_i x̃_i on the mean-scaled data): the working set then meets the frontier early. A unit that is
  // clearly inefficient already over the working set is screened out at once, and its optimum is priced in
  // pass 1b, when all units have been screened and few candidates are left.
  const firstStage: UnitOutcome[] = new Array<UnitOutcome>(n);
  const order = workingSet ? unitOrder(X, Y, inputMean, outputMean, rts, orientation) : undefined;
  for (let k = 0; k < n; k++) {
    const o = order?.[k] ?? k;
    const outcome =
      (workingSet ? (windowGeneration(o, screen) ?? restrictedGeneration(o, 1, NaN, screen)) : undefined) ??
      firstFull(o);
    firstStage[o] = outcome;
    if (outcome.status === "optimal" && screenable(o, outcome.radial)) screenOut(self![o]!);
  }
  // Pass 1b: the deferred units, in the same order.
  for (let k = 0; workingSet && k < n; k++) {
    const o = order![k]!;
    const outcome = firstStage[o]!;
    if (outcome.deferredAt !== undefined) firstStage[o] = resume(o, outcome) ?? firstFull(o);
  }

  // Pass 2: slacks at the fixed score, then the per-unit results.
  const scores = new Float64Array(n).fill(NaN);
  const status: UnitStatus[] = new Array<UnitStatus>(n).fill("optimal");
  const reason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const lambdaSum = new Float64Array(n).fill(NaN);
  const peers = new Array<Peers>(n);
  const inputSlacks = new Float64Array(n * m).fill(NaN);
  const outputSlacks = new Float64Array(n * s).fill(NaN);
  const inputTargets = new Float64Array(n * m).fill(NaN);
  const outputTargets = new Float64Array(n * s).fill(NaN);
  const noPeers: Peers = { index: new Int32Array(0), weight: new Float64Array(0) };
  const lambdaByUnit = new Float64Array(N);
  const touched: number[] = [];

  // In the order of pass 1 (neighbours warm-start each other's slack stage).
  for (let k = 0; k < n; k++) {
    const o = order?.[k] ?? k;
    const first = firstStage[o]!;
    if (first.status !== "optimal" || first.solution === undefined) {
      status[o] = first.status;
      reason[o] = first.reason;
      peers[o] = noPeers;
      continue;
    }
    const radial = first.radial;
    let solution = first.solution;
    if (maxSlacks && !slacksForcedToZero(first.duals, m, s)) {
      const second =
        (workingSet ? restrictedGeneration(o, 2, radial, false)?.solution : undefined) ??
        secondFull(o, radial);
      if (typeof second === "string") reason[o] = `${second}; slacks are the first-stage residuals`;
      else solution = second;
    }
    scores[o] = radial;
    const { xo, yo, selfRow } = unitData(o);
    // λ per reference unit (the self column counts for its reference row).
    const { index, weight, slack } = solution;
    touched.length = 0;
    for (let k = 0; k < index.length; k++) {
      const j = index[k]! < 0 ? selfRow : index[k]!;
      if (j < 0) continue;
      if (lambdaByUnit[j] === 0) touched.push(j);
      lambdaByUnit[j] = lambdaByUnit[j]! + weight[k]!;
    }
    lambdaSum[o] = solution.lambdaSum;
    if (touched.length > 1) touched.sort((p, q) => p - q);
    let kept = 0;
    for (const j of touched) if (lambdaByUnit[j]! > PEER_TOL) kept++;
    const peerIndex = new Int32Array(kept);
    const peerWeight = new Float64Array(kept);
    kept = 0;
    for (const j of touched) {
      const l = lambdaByUnit[j]!;
      lambdaByUnit[j] = 0;
      if (l <= PEER_TOL) continue;
      peerIndex[kept] = j;
      peerWeight[kept++] = l;
    }
    peers[o] = { index: peerIndex, weight: peerWeight };
    for (let i = 0; i < m; i++) {
      const slackScaled = slack[i]!;
      const value = slackScaled > SLACK_ZERO_TOL ? slackScaled * inputMean[i]! : 0;
      inputSlacks[o * m + i] = value;
      inputTargets[o * m + i] = (orientation === "input" ? radial * xo[i]! : xo[i]!) - value;
    }
    for (let r = 0; r < s; r++) {
      const slackScaled = slack[m + r]!;
      const value = slackScaled > SLACK_ZERO_TOL ? slackScaled * outputMean[r]! : 0;
      outputSlacks[o * s + r] = value;
      outputTargets[o * s + r] = (orientation === "input" ? yo[r]! : radial * yo[r]!) + value;
    }
  }

  return {
    scores,
    status,
    reason,
    lambdaSum,
    peers,
    inputSlacks: { data: inputSlacks, rows: n, cols: m },
    outputSlacks: { data: outputSlacks, rows: n, cols: s },
    inputTargets: { data: inputTargets, rows: n, cols: m },
    outputTargets: { data: outputTargets, rows: n, cols: s },
  };
}

/** Column means of a matrix, with 1 in place of a zero (or non-finite) mean so that dividing by it is safe. */
export function columnMeans(a: Matrix): Float64Array {
  const means = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) means[j] = means[j]! + a.data[i * a.cols + j]!;
  for (let j = 0; j < a.cols; j++) {
    const mean = means[j]! / a.rows;
    means[j] = mean > 0 && Number.isFinite(mean) ? mean : 1;
  }
  return means;
}

function rowsOf(a: Matrix, index: readonly number[]): Matrix {
  const data = new Float64Array(index.length * a.cols);
  index.forEach((i, k) => {
    data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), k * a.cols);
  });
  return { data, rows: index.length, cols: a.cols };
}

/** Throws a RangeError naming `fn` unless `rts` is one of "crs", "vrs", "nirs", "ndrs". */
export function checkRts(fn: string, rts: unknown): asserts rts is Rts {
  if (rts !== "crs" && rts !== "vrs" && rts !== "nirs" && rts !== "ndrs")
    throw new RangeError(`${fn}: rts must be "crs", "vrs", "nirs" or "ndrs"; got ${String(rts)}`);
}

/** Throws a RangeError naming `fn` unless `orientation` is "input" or "output". */
export function checkOrientation(fn: string, orientation: unknown): asserts orientation is Orientation {
  if (orientation !== "input" && orientation !== "output")
    throw new RangeError(`${fn}: orientation must be "input" or "output"; got ${String(orientation)}`);
}

function checkMatrix(fn: string, name: string, a: Matrix): void {
  if (!(Number.isInteger(a.rows) && Number.isInteger(a.cols) && a.rows >= 0 && a.cols >= 0))
    throw new RangeError(`${fn}: ${name} must have whole-number rows and cols; got ${a.rows} × ${a.cols}`);
  if (a.data.length !== a.rows * a.cols)
    throw new RangeError(`${fn}: ${name} data length must be ${a.rows * a.cols}; got ${a.data.length}`);
}

/**
 * Shape and value checks shared by the radial models: X and Y (and the reference set) must agree in shape
 * (RangeError naming `fn`); every input must be finite and > 0 and every output finite and ≥ 0, else one
 * NqpfInputError (code "bad_value") listing every offending cell with its unit (`entity`) and column.
 * @param fn name of the calling function, for messages
 * @param X n × m inputs
 * @param Y n × s outputs
 * @param reference optional reference set, checked the same way (units labelled "reference unit k")
 * @param names unit and column labels
 * @throws RangeError for shape mismatches, NqpfInputError for bad values
 */
export function checkFrontierData(
  fn: string,
  X: Matrix,
  Y: Matrix,
  reference: ReferenceSet | undefined,
  names: FrontierNames | undefined,
): void {
  checkMatrix(fn, "X", X);
  checkMatrix(fn, "Y", Y);
  if (X.rows !== Y.rows)
    throw new RangeError(`${fn}: X and Y must have the same rows (units); got ${X.rows} and ${Y.rows}`);
  if (X.cols < 1) throw new RangeError(`${fn}: X needs at least one input column; got ${X.cols}`);
  if (Y.cols < 1) throw new RangeError(`${fn}: Y needs at least one output column; got ${Y.cols}`);
  if (reference !== undefined) {
    checkMatrix(fn, "reference.X", reference.X);
    checkMatrix(fn, "reference.Y", reference.Y);
    if (reference.X.rows !== reference.Y.rows)
      throw new RangeError(
        `${fn}: reference.X and reference.Y must have the same rows; got ${reference.X.rows} and ${reference.Y.rows}`,
      );
    if (reference.X.cols !== X.cols || reference.Y.cols !== Y.cols)
      throw new RangeError(
        `${fn}: the reference set must have the columns of X and Y (${X.cols} inputs, ${Y.cols} outputs); got ${reference.X.cols} and ${reference.Y.cols}`,
      );
    if (reference.X.rows < 1) throw new RangeError(`${fn}: the reference set needs at least one unit; got 0`);
  }
  const issues = new IssueCollector();
  const unit = (i: number) => names?.units?.[i] ?? `unit ${i + 1}`;
  const referenceUnit = (i: number) => `reference unit ${i + 1}`;
  checkValues(issues, X, "X", "input", names?.inputs, unit, true);
  checkValues(issues, Y, "Y", "output", names?.outputs, unit, false);
  if (reference !== undefined) {
    checkValues(issues, reference.X, "reference.X", "input", names?.inputs, referenceUnit, true);
    checkValues(issues, reference.Y, "reference.Y", "output", names?.outputs, referenceUnit, false);
  }
  issues.throwIfAny();
}

function checkValues(
  issues: IssueCollector,
  a: Matrix,
  label: string,
  kind: "input" | "output",
  columnNames: readonly string[] | undefined,
  unit: (i: number) => string,
  strictlyPositive: boolean,
): void {
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[i * a.cols + j]!;
      const ok = Number.isFinite(v) && (strictlyPositive ? v > 0 : v >= 0);
      if (ok) continue;
      const column = columnNames?.[j] ?? `${kind} ${j + 1}`;
      issues.add({
        code: "bad_value",
        entity: unit(i),
        column,
        path: [label, i, j],
        message: Number.isFinite(v)
          ? `${kind} ${column} of ${unit(i)} is ${v}; DEA needs ${strictlyPositive ? "inputs > 0" : "outputs ≥ 0"}`
          : `${kind} ${column} of ${unit(i)} is missing or not finite (${v})`,
        hint: strictlyPositive
          ? "drop the unit or the input, or replace a zero by a small positive quantity and say so"
          : "drop the unit, or fill the missing output before running DEA",
      });
    }
  }
}
