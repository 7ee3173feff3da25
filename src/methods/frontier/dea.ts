/**
 * Radial DEA in envelopment form (CCR/BCC and the NIRS/NDRS variants). Notation: n evaluated units, m inputs,
 * s outputs; X (n × m) and Y (n × s) hold one unit per row; the reference technology has N units (Xr, Yr; by
 * default X and Y themselves); theta (input) or phi (output) is the radial score, lambda the N intensity
 * weights, sMinus/sPlus the input/output slacks.
 */

import { IssueCollector } from "../../errors.js";
import type { LpProblem, LpResult, LpSolver } from "../../lp/simplex.js";
import { solveLp } from "../../lp/simplex.js";
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
    const fixedAtZero = j < 0 ? !selfAllowed : j === excluded;
    lp.upper1[lambda0 + k] = fixedAtZero ? 0 : Infinity;
    lp.upper2[lambda0 + k] = fixedAtZero ? 0 : Infinity;
    if (j < 0) {
      for (let i = 0; i < m; i++) A[i * cols + lambda0 + k] = xo[i]! / inputMean[i]!;
      for (let r = 0; r < s; r++) A[(m + r) * cols + lambda0 + k] = yo[r]! / outputMean[r]!;
      if (rows > m + s) A[(m + s) * cols + lambda0 + k] = 1;
    }
  }
  lp.lower2[0] = 0;
  lp.upper2[0] = Infinity;
}

/** Reference columns with reduced cost d_j = −a_jᵀy < −PRICE_TOL that are not in the LP nor screened out, most negative first (at most PRICE_BATCH). */
function price(layout: Layout, duals: Float64Array, skip: Uint8Array, excluded: number): number[] {
  const { rows, refColumn } = layout;
  const N = skip.length;
  const found: { j: number; d: number }[] = [];
  for (let j = 0; j < N; j++) {
    if (skip[j] !== 0 || j === excluded) continue;
    let d = 0;
    const base = j * rows;
    for (let i = 0; i < rows; i++) d -= refColumn[base + i]! * duals[i]!;
    if (d < -PRICE_TOL) found.push({ j, d });
  }
  found.sort((p, q) => p.d - q.d);
  return found.slice(0, PRICE_BATCH).map((f) => f.j);
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
function solveCapped(solver: LpSolver, problem: LpProblem): LpResult {
  const maxIterations = 1000 + 20 * (problem.b.length + problem.c.length);
  const result = solver(problem, { maxIterations });
  if (result.status !== "numerical") return result;
  const retry = solver(problem, { maxIterations, scale: false });
  return retry.status === "optimal" ? retry : result;
}

/** Units by descending Σ_r y_r/ȳ_r ÷ Σ_i x_i/x̄_i (ties by index). */
function proxyOrder(X: Matrix, Y: Matrix, inputMean: Float64Array, outputMean: Float64Array): Int32Array {
  const n = X.rows;
  const proxy = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    let input = 0;
    let output = 0;
    for (let i = 0; i < X.cols; i++) input += X.data[o * X.cols + i]! / inputMean[i]!;
    for (let r = 0; r < Y.cols; r++) output += Y.data[o * Y.cols + r]! / outputMean[r]!;
    proxy[o] = output / input;
  }
  return Int32Array.from({ length: n }, (_, o) => o).sort((a, b) => proxy[b]! - proxy[a]! || a - b);
}

function allFinite(values: Float64Array): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

/** Outcome of one unit: the final LP solution over `slots`, or a failure. */
interface UnitOutcome {
  readonly status: UnitStatus;
  readonly reason?: string;
  readonly radial: number;
  readonly x?: Float64Array;
  readonly slots?: Int32Array;
  /** Row duals of the first-stage LP (d_j = c_j − a_jᵀy). */
  readonly duals?: Float64Array;
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
 * reference units) each LP holds only the columns met so far plus the unit's own data; after each solve every
 * other reference column is priced with the LP duals (d_j = −a_jᵀy) and the violating ones enter, so the final
 * solution is optimal for the full LP. When an evaluated unit is a reference unit (`self`, and no `exclude`)
 * and pass 1 finds it inefficient, that reference unit is no longer priced: no optimal λ of either stage can use
 * them (a dual optimal hyperplane through such a unit would make it efficient; Ali 1993, "Streamlined
 * computation for data envelopment analysis", EJOR 64(1):61–67). In output orientation only units with all
 * outputs > 0 are screened. A restricted LP that is not optimal is re-solved over all reference units. Inputs
 * are not validated here.
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
  const lambda0 = FIRST_SLOT + m + s;

  let full: UnitLp | undefined;
  const fullLp = () =>
    (full ??= buildUnitLp(
      layout,
      Int32Array.from({ length: N }, (_, j) => j),
    ));

  // Working set: reference units met so far (in order of entry); the restricted LP holds [self, ...working].
  // skip[j] = 1: in the working set already, or screened out as inefficient.
  const skip = new Uint8Array(N);
  let working: number[] = [];
  // Working-set units screened out since the restricted LP was built: dropped at the next rebuild.
  const inWorking = new Uint8Array(N);
  const screened = new Uint8Array(N);
  let stale = 0;
  let restricted: UnitLp | undefined;
  const restrictedLp = () => {
    if (restricted !== undefined && stale <= WORKING_SET_STALE_MAX) return restricted;
    if (stale > 0) {
      working = working.filter((j) => screened[j] === 0);
      for (let j = 0; j < N; j++) inWorking[j] = 0;
      for (const j of working) inWorking[j] = 1;
      stale = 0;
    }
    restricted = buildUnitLp(layout, Int32Array.from([-1, ...working]));
    return restricted;
  };
  const enter = (js: readonly number[]) => {
    for (const j of js) {
      skip[j] = 1;
      inWorking[j] = 1;
      working.push(j);
    }
    restricted = undefined;
  };
  const screenOut = (j: number) => {
    skip[j] = 1;
    if (screened[j] === 1) return;
    screened[j] = 1;
    if (inWorking[j] === 1) stale++;
  };
  const screen = exclude === undefined && self !== undefined;

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

  /** Stage 1 by column generation; undefined means "solve over all reference units instead". */
  const firstWorking = (o: number): UnitOutcome | undefined => {
    const { xo, yo, excluded, selfAllowed } = unitData(o);
    for (let round = 0; round < MAX_PRICING_ROUNDS; round++) {
      const lp = restrictedLp();
      loadUnit(layout, lp, xo, yo, excluded, selfAllowed);
      const first = solveCapped(solver, lp.stage1);
      if (first.status !== "optimal" || !allFinite(first.duals)) return undefined;
      const entering = price(layout, first.duals, skip, excluded);
      if (entering.length === 0)
        return { status: "optimal", radial: first.x[0]!, x: first.x, slots: lp.slots, duals: first.duals };
      enter(entering);
    }
    return undefined;
  };

  /** Stage 2 at a fixed radial score by column generation; undefined means "solve over all reference units instead". */
  const secondWorking = (o: number, radial: number): UnitOutcome | undefined => {
    const { xo, yo, excluded, selfAllowed } = unitData(o);
    for (let round = 0; round < MAX_PRICING_ROUNDS; round++) {
      const lp = restrictedLp();
      loadUnit(layout, lp, xo, yo, excluded, selfAllowed);
      lp.lower2[0] = radial;
      lp.upper2[0] = radial;
      const second = solveCapped(solver, lp.stage2);
      if (second.status !== "optimal" || !allFinite(second.duals)) return undefined;
      const entering = price(layout, second.duals, skip, excluded);
      if (entering.length === 0) return { status: "optimal", radial, x: second.x, slots: lp.slots };
      enter(entering);
    }
    return undefined;
  };

  const firstFull = (o: number): UnitOutcome => {
    const { xo, yo, excluded } = unitData(o);
    const lp = fullLp();
    loadUnit(layout, lp, xo, yo, excluded, false);
    const first = solveCapped(solver, lp.stage1);
    if (first.status !== "optimal")
      return { status: first.status, reason: lpFailure("envelopment", first), radial: NaN };
    return { status: "optimal", radial: first.x[0]!, x: first.x, slots: lp.slots, duals: first.duals };
  };

  /** Stage 2 over all reference units; a string says why it failed. */
  const secondFull = (o: number, radial: number): UnitOutcome | string => {
    const { xo, yo, excluded } = unitData(o);
    const lp = fullLp();
    loadUnit(layout, lp, xo, yo, excluded, false);
    lp.lower2[0] = radial;
    lp.upper2[0] = radial;
    const second = solveCapped(solver, lp.stage2);
    if (second.status !== "optimal") return lpFailure("slack", second);
    return { status: "optimal", radial, x: second.x, slots: lp.slots };
  };

  // Pass 1: radial scores. With a working set, units likely to be efficient go first (descending
  // Σ_r ỹ_r / Σ_i x̃_i on the mean-scaled data): the working set then meets the frontier early.
  const firstStage: UnitOutcome[] = new Array<UnitOutcome>(n);
  const order = strategy === "working-set" ? proxyOrder(X, Y, inputMean, outputMean) : undefined;
  for (let k = 0; k < n; k++) {
    const o = order?.[k] ?? k;
    const outcome = (strategy === "working-set" ? firstWorking(o) : undefined) ?? firstFull(o);
    firstStage[o] = outcome;
    const selfRow = self?.[o] ?? -1;
    if (
      screen &&
      selfRow >= 0 &&
      outcome.status === "optimal" &&
      isClearlyInefficient(Y, o, outcome.radial, orientation)
    )
      screenOut(selfRow);
  }

  // Pass 2: slacks at the fixed score, then the per-unit results.
  const scores = new Float64Array(n).fill(NaN);
  const status: UnitStatus[] = new Array<UnitStatus>(n).fill("optimal");
  const reason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const lambdaSum = new Float64Array(n).fill(NaN);
  const peers: Peers[] = [];
  const inputSlacks = new Float64Array(n * m).fill(NaN);
  const outputSlacks = new Float64Array(n * s).fill(NaN);
  const inputTargets = new Float64Array(n * m).fill(NaN);
  const outputTargets = new Float64Array(n * s).fill(NaN);
  const noPeers: Peers = { index: new Int32Array(0), weight: new Float64Array(0) };
  const lambdaByUnit = new Float64Array(N);

  for (let o = 0; o < n; o++) {
    const first = firstStage[o]!;
    if (first.status !== "optimal" || first.x === undefined || first.slots === undefined) {
      status[o] = first.status;
      reason[o] = first.reason;
      peers.push(noPeers);
      continue;
    }
    const radial = first.radial;
    let x = first.x;
    let slots = first.slots;
    if (maxSlacks && !slacksForcedToZero(first.duals, m, s)) {
      const second =
        (strategy === "working-set" ? secondWorking(o, radial) : undefined) ?? secondFull(o, radial);
      if (typeof second === "string") reason[o] = `${second}; slacks are the first-stage residuals`;
      else if (second.x !== undefined && second.slots !== undefined) {
        x = second.x;
        slots = second.slots;
      }
    }
    scores[o] = radial;
    const { xo, yo, selfRow } = unitData(o);
    // λ per reference unit (the self column counts for its reference row).
    const touched: number[] = [];
    let sum = 0;
    for (let k = 0; k < slots.length; k++) {
      const l = x[lambda0 + k]!;
      sum += l;
      const j = slots[k]! < 0 ? selfRow : slots[k]!;
      if (j < 0 || l === 0) continue;
      if (lambdaByUnit[j] === 0) touched.push(j);
      lambdaByUnit[j] = lambdaByUnit[j]! + l;
    }
    lambdaSum[o] = sum;
    touched.sort((p, q) => p - q);
    const kept = touched.filter((j) => lambdaByUnit[j]! > PEER_TOL);
    peers.push({ index: Int32Array.from(kept), weight: Float64Array.from(kept, (j) => lambdaByUnit[j]!) });
    for (const j of touched) lambdaByUnit[j] = 0;
    for (let i = 0; i < m; i++) {
      const slackScaled = x[FIRST_SLOT + i]!;
      const slack = slackScaled > SLACK_ZERO_TOL ? slackScaled * inputMean[i]! : 0;
      inputSlacks[o * m + i] = slack;
      inputTargets[o * m + i] = (orientation === "input" ? radial * xo[i]! : xo[i]!) - slack;
    }
    for (let r = 0; r < s; r++) {
      const slackScaled = x[FIRST_SLOT + m + r]!;
      const slack = slackScaled > SLACK_ZERO_TOL ? slackScaled * outputMean[r]! : 0;
      outputSlacks[o * s + r] = slack;
      outputTargets[o * s + r] = (orientation === "input" ? yo[r]! : radial * yo[r]!) + slack;
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
