/**
 * Slacks-based measure (SBM) of efficiency (Tone 2001), with undesirable outputs (Tone 2003/2004) and super-SBM (Tone 2002).
 * Notation: n evaluated units, N reference units, m inputs, s good outputs, k bad outputs, q = s + k; x_o, y_o, b_o the evaluated unit; X (N × m), Y (N × s), B (N × k) the reference set; lambda (N) intensities; sMinus, sPlus, sBad the slacks.
 * Each unit is one LP after the Charnes–Cooper transformation: t = 1 / denominator, Lambda = t·lambda, S = t·slack.
 * LP columns, ordinary SBM: [t, Lambda_1..N, S⁻_1..m, S⁺_1..s, S^b_1..k]; super-SBM: [t, Lambda (unit o left out), T⁻_1..m, T⁺_1..s, T^b_1..k] (super-slacks).
 */

import { IssueCollector } from "../../errors.js";
import {
  solveLp,
  type LpBasis,
  type LpOptions,
  type LpProblem,
  type LpResult,
  type LpSolver,
} from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";
import type { FrontierCommon, FrontierNames, Peers, ReferenceSet, Rts, UnitStatus } from "./types.js";

/** Which slacks enter the score: all of them ("none"), the input slacks only ("input"), the output slacks only ("output"). */
export type SbmOrientation = "none" | "input" | "output";

/** The model that produced a unit's score: the ordinary SBM or the super-SBM (unit left out of its own reference). */
export type SbmUnitModel = "sbm" | "super-sbm";

/** A unit counts as SBM-efficient (and gets the super-SBM score when `super` is set) when ρ ≥ 1 − SBM_EFFICIENT_TOL. */
export const SBM_EFFICIENT_TOL = 1e-8;

/** λ entries at or below this are left out of `peers`. */
export const SBM_PEER_TOL = 1e-9;

/** Options of {@link sbm}. */
export interface SbmOptions extends FrontierCommon {
  /** "none" (default, Tone 2001 non-oriented), "input" or "output". */
  readonly orientation?: SbmOrientation;
  /** Undesirable (bad) outputs, n × k, non-negative (Tone 2003/2004); the reference set then needs `B` too. */
  readonly bad?: Matrix;
  /** Super-SBM (Tone 2002): SBM-efficient units are scored against the technology without themselves (score ≥ 1). */
  readonly super?: boolean;
  /** With `super`: "efficient" (default) gives the super-SBM score to SBM-efficient units and the ordinary SBM to the rest (MaxDEA's convention); "all" solves the super-SBM LP for every unit (deaR's convention: inefficient units then score 1). */
  readonly superFor?: "efficient" | "all";
  /** With `super` and a `reference`: per evaluated unit, its own row in the reference set (left out of the super-SBM LP), or −1 when it is not there. Default: the unit's own index without `reference`, −1 with it. */
  readonly selfInReference?: ArrayLike<number>;
}

/** Result of {@link sbm}. Slacks are signed so that target = x_o − sMinus, y_o + sPlus, b_o − sBad for every unit; for super-SBM units they are ≤ 0 (the unit must worsen to reach the others' frontier). */
export interface SbmResult {
  /** ρ (ordinary SBM, in (0, 1]) or δ (super-SBM, ≥ 1) per unit; NaN when the status is not "optimal". */
  readonly scores: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
  /** Which LP gave the score. */
  readonly model: readonly SbmUnitModel[];
  /** Σλ of the optimal intensities. */
  readonly lambdaSum: Float64Array;
  /** λ > 1e-9, indices into the reference set. */
  readonly peers: readonly Peers[];
  /** n × m input slacks x_o − target. */
  readonly inputSlacks: Matrix;
  /** n × s good-output slacks target − y_o. */
  readonly outputSlacks: Matrix;
  /** n × k bad-output slacks b_o − target (k = 0 without bads). */
  readonly badSlacks: Matrix;
  readonly inputTargets: Matrix;
  readonly outputTargets: Matrix;
  readonly badTargets: Matrix;
  readonly rts: Rts;
  readonly orientation: SbmOrientation;
  readonly super: boolean;
  readonly superFor: "efficient" | "all";
  /** True when a separate reference set was given (peers index into it). */
  readonly externalReference: boolean;
}

interface Prepared {
  readonly n: number;
  readonly nRef: number;
  readonly m: number;
  readonly s: number;
  readonly k: number;
  /** True when a separate reference set was given. */
  readonly external: boolean;
  /** Evaluated data after zero replacement (row-major). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly b: Float64Array;
  /** Reference data, same treatment. */
  readonly rx: Float64Array;
  readonly ry: Float64Array;
  readonly rb: Float64Array;
}

interface UnitSolution {
  readonly status: UnitStatus;
  readonly reason?: string;
  readonly score: number;
  readonly lambda: Float64Array;
  /** Signed slacks in data units (x_o − target, target − y_o, b_o − target). */
  readonly sMinus: Float64Array;
  readonly sPlus: Float64Array;
  readonly sBad: Float64Array;
}

/**
 * SBM efficiency of each unit: ρ = (1 − (1/m) Σ_i s⁻_i/x_io) / (1 + (1/(s + k)) (Σ_r s⁺_r/y_ro + Σ_l s^b_l/b_lo)) minimised subject to x_o = Xλ + s⁻, y_o = Yλ − s⁺, b_o = Bλ + s^b, λ, s ≥ 0 (VRS: Σλ = 1, NIRS ≤ 1, NDRS ≥ 1).
 *
 * Input orientation scores 1 − (1/m) Σ s⁻/x_o, output orientation 1 / (1 + (1/q) Σ (s⁺/y_o and s^b/b_o)); the other slacks are free and reported as the LP left them. With `super`, an SBM-efficient unit o instead gets Tone's (2002) super-efficiency in slack form, extended to bad outputs as in Tone (2004): δ = (1 + (1/m) Σ t⁻_i/x_io) / (1 − (1/q)(Σ t⁺_r/y_ro + Σ t^b_l/b_lo)) subject to x_o + t⁻ ≥ Σ_{j≠o} λ_j x_j, y_o − t⁺ ≤ Σ_{j≠o} λ_j y_j, 0 ≤ y_o − t⁺, b_o + t^b ≥ Σ_{j≠o} λ_j b_j, t, λ ≥ 0; i.e. δ = ((1/m) Σ x̄/x_o) / ((1/q)(Σ ȳ/y_o + Σ (2 − b̄/b_o))) in the x̄, ȳ, b̄ notation (input orientation fixes ȳ = y_o, b̄ = b_o; output orientation fixes x̄ = x_o and reports 1/denominator). The ratio form with Σ b̄/b_o in the denominator that some papers print is unbounded below (b̄ has no upper limit) and is not used.
 *
 * Zeros: inputs must be positive. A zero good or bad output is replaced, in the evaluated and the reference data alike, by ε = (smallest positive value of that column) / 100 (Tone 2001's rule of a small positive number, with deaR's choice of ε); slacks and targets refer to the replaced values. Each unit's LP sees the data divided by that unit's own values (the scores are units-invariant), so magnitudes do not matter; slacks are scaled back.
 *
 * Reference: Tone, K. (2001) "A slacks-based measure of efficiency in data envelopment analysis", EJOR 130, 498–509, doi:10.1016/S0377-2217(99)00407-5; Tone, K. (2002) "A slacks-based measure of super-efficiency in data envelopment analysis", EJOR 143, 32–41, doi:10.1016/S0377-2217(01)00324-1; Tone, K. (2004) "Dealing with undesirable outputs in DEA: a slacks-based measure (SBM) approach", NAPW III, Toronto (GRIPS research report I-2003-0005); Cooper, Seiford & Tone (2007) Data Envelopment Analysis, 2nd ed., ch. 4 and 13.
 *
 * @param X n × m inputs, strictly positive
 * @param Y n × s good outputs, non-negative (s ≥ 1)
 * @param options rts (default "crs"), orientation (default "none"), bad (n × k, non-negative), super, superFor, reference, selfInReference, solver, names
 * @returns scores, per-unit status/reason/model, λ sums, peers, signed slacks and targets (n × m, n × s, n × k)
 * @throws RangeError when shapes or options are inconsistent; NqpfInputError (code "bad_value") naming unit and column for a non-finite value, a non-positive input or a negative output
 * @example
 * // Tone (2001) p. 505, DMU A: x = (4, 3), y = (2, 3)
 * sbm(fromRows([[4, 3], [6, 3], [8, 1], [8, 1], [2, 4]]), fromRows([[2, 3], [2, 3], [6, 2], [6, 1], [1, 4]])).scores[0]
 * // => 0.7979797979797979
 */
export function sbm(X: Matrix, Y: Matrix, options: SbmOptions = {}): SbmResult {
  const rts = options.rts ?? "crs";
  const orientation = options.orientation ?? "none";
  const superOn = options.super ?? false;
  const superFor = options.superFor ?? "efficient";
  const solver = options.solver ?? solveLp;
  checkOptions(rts, orientation, superFor);
  const prepared = prepare(X, Y, options);
  const { n, m, s, k } = prepared;
  const self = selfIndex(options, n, prepared.nRef);

  const scores = new Float64Array(n).fill(NaN);
  const lambdaSum = new Float64Array(n).fill(NaN);
  const status: UnitStatus[] = [];
  const reason: (string | undefined)[] = [];
  const model: SbmUnitModel[] = [];
  const peers: Peers[] = [];
  const inputSlacks = new Float64Array(n * m).fill(NaN);
  const outputSlacks = new Float64Array(n * s).fill(NaN);
  const badSlacks = new Float64Array(n * k).fill(NaN);
  const inputTargets = new Float64Array(n * m).fill(NaN);
  const outputTargets = new Float64Array(n * s).fill(NaN);
  const badTargets = new Float64Array(n * k).fill(NaN);

  const starts: WarmStarts = {};
  for (let o = 0; o < n; o++) {
    let solution: UnitSolution;
    let unitModel: SbmUnitModel = "sbm";
    if (superOn && superFor === "all") {
      solution = solveSuper(prepared, o, self[o]!, rts, orientation, solver, starts);
      unitModel = "super-sbm";
    } else {
      solution = solveOrdinary(prepared, o, rts, orientation, solver, starts);
      const efficient =
        (solution.status === "optimal" && solution.score >= 1 - SBM_EFFICIENT_TOL) ||
        (solution.status === "infeasible" && prepared.external);
      if (superOn && efficient) {
        solution = solveSuper(prepared, o, self[o]!, rts, orientation, solver, starts);
        unitModel = "super-sbm";
      }
    }
    status.push(solution.status);
    reason.push(solution.reason);
    model.push(unitModel);
    if (solution.status !== "optimal") {
      peers.push({ index: new Int32Array(0), weight: new Float64Array(0) });
      continue;
    }
    scores[o] = solution.score;
    let total = 0;
    const index: number[] = [];
    const weight: number[] = [];
    for (let j = 0; j < prepared.nRef; j++) {
      const l = solution.lambda[j]!;
      total += l;
      if (l > SBM_PEER_TOL) {
        index.push(j);
        weight.push(l);
      }
    }
    lambdaSum[o] = total;
    peers.push({ index: Int32Array.from(index), weight: Float64Array.from(weight) });
    for (let i = 0; i < m; i++) {
      inputSlacks[o * m + i] = solution.sMinus[i]!;
      inputTargets[o * m + i] = prepared.x[o * m + i]! - solution.sMinus[i]!;
    }
    for (let r = 0; r < s; r++) {
      outputSlacks[o * s + r] = solution.sPlus[r]!;
      outputTargets[o * s + r] = prepared.y[o * s + r]! + solution.sPlus[r]!;
    }
    for (let l = 0; l < k; l++) {
      badSlacks[o * k + l] = solution.sBad[l]!;
      badTargets[o * k + l] = prepared.b[o * k + l]! - solution.sBad[l]!;
    }
  }

  return {
    scores,
    status,
    reason,
    model,
    lambdaSum,
    peers,
    inputSlacks: { data: inputSlacks, rows: n, cols: m },
    outputSlacks: { data: outputSlacks, rows: n, cols: s },
    badSlacks: { data: badSlacks, rows: n, cols: k },
    inputTargets: { data: inputTargets, rows: n, cols: m },
    outputTargets: { data: outputTargets, rows: n, cols: s },
    badTargets: { data: badTargets, rows: n, cols: k },
    rts,
    orientation,
    super: superOn,
    superFor,
    externalReference: options.reference !== undefined,
  };
}

function checkOptions(rts: string, orientation: string, superFor: string): void {
  if (!["crs", "vrs", "nirs", "ndrs"].includes(rts))
    throw new RangeError(`sbm: rts must be "crs", "vrs", "nirs" or "ndrs"; got ${rts}`);
  if (!["none", "input", "output"].includes(orientation))
    throw new RangeError(`sbm: orientation must be "none", "input" or "output"; got ${orientation}`);
  if (!["efficient", "all"].includes(superFor))
    throw new RangeError(`sbm: superFor must be "efficient" or "all"; got ${superFor}`);
}

function checkMatrix(name: string, a: Matrix, rows: number, cols: number | undefined): void {
  if (a.data.length !== a.rows * a.cols)
    throw new RangeError(
      `sbm: ${name} data length must be rows × cols = ${a.rows * a.cols}; got ${a.data.length}`,
    );
  if (a.rows !== rows) throw new RangeError(`sbm: ${name} must have ${rows} rows; got ${a.rows}`);
  if (cols !== undefined && a.cols !== cols)
    throw new RangeError(`sbm: ${name} must have ${cols} columns; got ${a.cols}`);
}

type Kind = "input" | "output" | "bad";

/** Checks values (all issues at once) and replaces zero outputs by ε. */
function prepare(X: Matrix, Y: Matrix, options: SbmOptions): Prepared {
  const n = X.rows;
  if (!(n >= 1)) throw new RangeError(`sbm: X needs at least one row; got ${n}`);
  checkMatrix("X", X, n, undefined);
  checkMatrix("Y", Y, n, undefined);
  const m = X.cols;
  const s = Y.cols;
  if (!(m >= 1)) throw new RangeError(`sbm: X needs at least one column (input); got ${m}`);
  if (!(s >= 1)) throw new RangeError(`sbm: Y needs at least one column (good output); got ${s}`);
  const bad = options.bad;
  if (bad !== undefined) checkMatrix("bad", bad, n, undefined);
  const k = bad?.cols ?? 0;
  const reference = options.reference;
  if (reference !== undefined) {
    const nRef = reference.X.rows;
    if (!(nRef >= 1)) throw new RangeError(`sbm: reference.X needs at least one row; got ${nRef}`);
    checkMatrix("reference.X", reference.X, nRef, m);
    checkMatrix("reference.Y", reference.Y, nRef, s);
    if (bad !== undefined) {
      if (reference.B === undefined)
        throw new RangeError("sbm: reference.B is required when bad outputs are given");
      checkMatrix("reference.B", reference.B, nRef, k);
    }
  }
  checkNames(options.names, n, m, s, k);

  const issues = new IssueCollector();
  const names = options.names;
  checkValues(issues, X, "input", names, false);
  checkValues(issues, Y, "output", names, false);
  if (bad !== undefined) checkValues(issues, bad, "bad", names, false);
  if (reference !== undefined) {
    checkValues(issues, reference.X, "input", names, true);
    checkValues(issues, reference.Y, "output", names, true);
    if (bad !== undefined && reference.B !== undefined) checkValues(issues, reference.B, "bad", names, true);
  }
  issues.throwIfAny();

  const refSet: ReferenceSet | undefined = reference;
  const xs = { own: X.data, ref: refSet?.X.data ?? X.data };
  const ys = withoutZeros(Y.data, refSet?.Y.data, s);
  const bs = bad
    ? withoutZeros(bad.data, refSet?.B?.data, k)
    : { own: new Float64Array(0), ref: new Float64Array(0) };
  return {
    n,
    nRef: reference?.X.rows ?? n,
    m,
    s,
    k,
    external: reference !== undefined,
    x: xs.own,
    y: ys.own,
    b: bs.own,
    rx: xs.ref,
    ry: ys.ref,
    rb: bs.ref,
  };
}

function checkNames(names: FrontierNames | undefined, n: number, m: number, s: number, k: number): void {
  if (names === undefined) return;
  const check = (label: string, list: readonly string[] | undefined, length: number) => {
    if (list !== undefined && list.length !== length)
      throw new RangeError(`sbm: names.${label} must have ${length} entries; got ${list.length}`);
  };
  check("units", names.units, n);
  check("inputs", names.inputs, m);
  check("outputs", names.outputs, s);
  if (k > 0) check("bads", names.bads, k);
}

function columnName(names: FrontierNames | undefined, kind: Kind, j: number): string {
  if (kind === "input") return names?.inputs?.[j] ?? `input ${j + 1}`;
  if (kind === "output") return names?.outputs?.[j] ?? `output ${j + 1}`;
  return names?.bads?.[j] ?? `bad output ${j + 1}`;
}

function checkValues(
  issues: IssueCollector,
  a: Matrix,
  kind: Kind,
  names: FrontierNames | undefined,
  inReference: boolean,
): void {
  const matrixName = inReference
    ? `reference.${kind === "input" ? "X" : kind === "output" ? "Y" : "B"}`
    : kind === "input"
      ? "X"
      : kind === "output"
        ? "Y"
        : "bad";
  const what = kind === "bad" ? "bad output" : kind;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[i * a.cols + j]!;
      const ok = Number.isFinite(v) && (kind === "input" ? v > 0 : v >= 0);
      if (ok) continue;
      const entity = inReference ? `reference unit ${i + 1}` : (names?.units?.[i] ?? `unit ${i + 1}`);
      const column = columnName(names, kind, j);
      issues.add({
        code: "bad_value",
        entity,
        column,
        path: [matrixName, i, j],
        message: Number.isFinite(v)
          ? `${what} ${column} of ${entity} is ${v}; SBM needs ${kind === "input" ? "inputs > 0 (it divides by them)" : "outputs ≥ 0"}`
          : `${what} ${column} of ${entity} is missing or not finite (${v})`,
        hint:
          kind === "input"
            ? "drop the unit or the input, or replace a zero by a small positive quantity and say so"
            : Number.isFinite(v)
              ? "translate the column to non-negative values, or drop the unit"
              : "drop the unit, or fill the missing value before running SBM",
      });
    }
  }
}

/** Copies of an output block (evaluated and reference rows) with each zero replaced by ε = (smallest positive value of its column in both) / 100. */
function withoutZeros(
  own: Float64Array,
  ref: Float64Array | undefined,
  cols: number,
): { own: Float64Array; ref: Float64Array } {
  const a = own.slice();
  const r = ref === undefined ? a : ref.slice();
  for (let j = 0; j < cols; j++) {
    let smallest = Infinity;
    for (let p = j; p < a.length; p += cols) if (a[p]! > 0 && a[p]! < smallest) smallest = a[p]!;
    for (let p = j; p < r.length; p += cols) if (r[p]! > 0 && r[p]! < smallest) smallest = r[p]!;
    const epsilon = smallest === Infinity ? 1 : smallest / 100;
    for (let p = j; p < a.length; p += cols) if (a[p] === 0) a[p] = epsilon;
    for (let p = j; p < r.length; p += cols) if (r[p] === 0) r[p] = epsilon;
  }
  return { own: a, ref: r };
}

function selfIndex(options: SbmOptions, n: number, nRef: number): Int32Array {
  const given = options.selfInReference;
  if (given === undefined) {
    const self = new Int32Array(n);
    for (let i = 0; i < n; i++) self[i] = options.reference === undefined ? i : -1;
    return self;
  }
  if (given.length !== n)
    throw new RangeError(`sbm: selfInReference must have ${n} entries; got ${given.length}`);
  const self = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = given[i]!;
    if (!(Number.isInteger(j) && j >= -1 && j < nRef))
      throw new RangeError(
        `sbm: selfInReference[${i}] must be −1 or a reference row 0..${nRef - 1}; got ${j}`,
      );
    self[i] = j;
  }
  return self;
}

const RTS_ROW_TYPE: Readonly<Record<Rts, number>> = { crs: 0, vrs: 0, nirs: -1, ndrs: 1 };

/**
 * Reference data of unit o's LP, each column divided by unit o's own value (SBM is units-invariant, so unit o's
 * data become 1 and the LP is well scaled whatever the magnitudes). Rows are the reference units in `rows`.
 */
function relativeBlock(
  ref: Float64Array,
  own: Float64Array,
  o: number,
  cols: number,
  rows: readonly number[] | number,
): Float64Array {
  const count = typeof rows === "number" ? rows : rows.length;
  const out = new Float64Array(count * cols);
  for (let q = 0; q < count; q++) {
    const j = typeof rows === "number" ? q : rows[q]!;
    for (let c = 0; c < cols; c++) out[q * cols + c] = ref[j * cols + c]! / own[o * cols + c]!;
  }
  return out;
}

/** The ordinary SBM LP of unit o (Charnes–Cooper form, data relative to unit o). */
function solveOrdinary(
  p: Prepared,
  o: number,
  rts: Rts,
  orientation: SbmOrientation,
  solver: LpSolver,
  starts: WarmStarts,
): UnitSolution {
  const { nRef, m, s, k } = p;
  const q = s + k;
  const rx = relativeBlock(p.rx, p.x, o, m, nRef);
  const ry = relativeBlock(p.ry, p.y, o, s, nRef);
  const rb = relativeBlock(p.rb, p.b, o, k, nRef);
  const withRts = rts !== "crs";
  const rows = 1 + m + s + k + (withRts ? 1 : 0);
  const cols = 1 + nRef + m + s + k;
  const A = new Float64Array(rows * cols);
  const b = new Float64Array(rows);
  const rowType = new Int8Array(rows);
  const c = new Float64Array(cols);
  const lam = 1;
  const sm = 1 + nRef;
  const sp = sm + m;
  const sb = sp + s;
  // Row 0: t + (1/q)(Σ S⁺ + Σ S^b) = 1 (input orientation: t = 1). Objective t − (1/m) Σ S⁻ (output: t).
  A[0] = 1;
  b[0] = 1;
  if (orientation !== "input") for (let v = sp; v < sp + s + k; v++) A[v] = 1 / q;
  c[0] = 1;
  if (orientation !== "output") for (let i = 0; i < m; i++) c[sm + i] = -1 / m;
  let row = 1;
  // Σ λ x_j + S⁻ − t = 0; Σ λ y_j − S⁺ − t = 0; Σ λ b_j + S^b − t = 0 (all relative to unit o)
  const block = (data: Float64Array, width: number, slack: number, sign: number) => {
    for (let i = 0; i < width; i++, row++) {
      const base = row * cols;
      A[base] = -1;
      for (let j = 0; j < nRef; j++) A[base + lam + j] = data[j * width + i]!;
      A[base + slack + i] = sign;
    }
  };
  block(rx, m, sm, 1);
  block(ry, s, sp, -1);
  block(rb, k, sb, 1);
  if (withRts) {
    const base = row * cols;
    A[base] = -1;
    for (let j = 0; j < nRef; j++) A[base + lam + j] = 1;
    rowType[row] = RTS_ROW_TYPE[rts];
  }
  const problem: LpProblem = { c, A: { data: A, rows, cols }, b, rowType };
  const result = solveWithRetry(solver, problem, starts, "ordinary");
  const failed = failure(result, "SBM");
  if (failed !== undefined) return failed;
  const t = result.x[0]!;
  if (!(t > 0)) return numerical(`SBM LP returned t = ${t} (must be > 0)`);
  let score = result.objective;
  if (score > 1 && score <= 1 + SBM_EFFICIENT_TOL) score = 1;
  if (!(score > 0 && score <= 1)) return numerical(`SBM score ${score} is outside (0, 1]`);
  const lambda = new Float64Array(nRef);
  for (let j = 0; j < nRef; j++) lambda[j] = Math.max(0, result.x[lam + j]!) / t;
  const unscale = (start: number, width: number, own: Float64Array) => {
    const out = new Float64Array(width);
    for (let i = 0; i < width; i++) out[i] = (Math.max(0, result.x[start + i]!) * own[o * width + i]!) / t;
    return out;
  };
  return {
    status: "optimal",
    score,
    lambda,
    sMinus: unscale(sm, m, p.x),
    sPlus: unscale(sp, s, p.y),
    sBad: unscale(sb, k, p.b),
  };
}

/** The super-SBM LP of unit o (Tone 2002, slack form with bads, data relative to unit o), unit `self` left out of the reference. */
function solveSuper(
  p: Prepared,
  o: number,
  self: number,
  rts: Rts,
  orientation: SbmOrientation,
  solver: LpSolver,
  starts: WarmStarts,
): UnitSolution {
  const { nRef, m, s, k } = p;
  const q = s + k;
  const others: number[] = [];
  for (let j = 0; j < nRef; j++) if (j !== self) others.push(j);
  const nOther = others.length;
  if (nOther === 0)
    return {
      ...numerical(""),
      status: "infeasible",
      reason: "super-SBM: no other unit in the reference set",
    };
  const rx = relativeBlock(p.rx, p.x, o, m, others);
  const ry = relativeBlock(p.ry, p.y, o, s, others);
  const rb = relativeBlock(p.rb, p.b, o, k, others);
  const withRts = rts !== "crs";
  // Rows: denominator, m inputs, s outputs, k bads, s rows ȳ ≥ 0, RTS.
  const rows = 1 + m + s + k + s + (withRts ? 1 : 0);
  const cols = 1 + nOther + m + s + k;
  const A = new Float64Array(rows * cols);
  const b = new Float64Array(rows);
  const rowType = new Int8Array(rows);
  const c = new Float64Array(cols);
  const upper = new Float64Array(cols).fill(Infinity);
  const lam = 1;
  const tm = 1 + nOther;
  const tp = tm + m;
  const tb = tp + s;
  // Row 0: t − (1/q)(Σ T⁺ + Σ T^b) = 1. Objective t + (1/m) Σ T⁻ (output orientation: t).
  A[0] = 1;
  b[0] = 1;
  for (let v = tp; v < tp + s + k; v++) A[v] = -1 / q;
  c[0] = 1;
  if (orientation !== "output") for (let i = 0; i < m; i++) c[tm + i] = 1 / m;
  if (orientation === "output") upper.fill(0, tm, tm + m);
  if (orientation === "input") upper.fill(0, tp, tp + s + k);
  let row = 1;
  // Σ λ x_j − t − T⁻ ≤ 0; Σ λ y_j − t + T⁺ ≥ 0; Σ λ b_j − t − T^b ≤ 0 (all relative to unit o)
  const block = (data: Float64Array, width: number, slack: number, sign: number, type: number) => {
    for (let i = 0; i < width; i++, row++) {
      const base = row * cols;
      A[base] = -1;
      for (let j = 0; j < nOther; j++) A[base + lam + j] = data[j * width + i]!;
      A[base + slack + i] = sign;
      rowType[row] = type;
    }
  };
  block(rx, m, tm, -1, -1);
  block(ry, s, tp, 1, 1);
  block(rb, k, tb, -1, -1);
  // ȳ ≥ 0: T⁺ − t ≤ 0
  for (let r = 0; r < s; r++, row++) {
    const base = row * cols;
    A[base] = -1;
    A[base + tp + r] = 1;
    rowType[row] = -1;
  }
  if (withRts) {
    const base = row * cols;
    A[base] = -1;
    for (let j = 0; j < nOther; j++) A[base + lam + j] = 1;
    rowType[row] = RTS_ROW_TYPE[rts];
  }
  const problem: LpProblem = { c, A: { data: A, rows, cols }, b, rowType, upper };
  const result = solveWithRetry(solver, problem, starts, "super");
  const failed = failure(result, "super-SBM");
  if (failed !== undefined) return failed;
  const t = result.x[0]!;
  if (!(t > 0)) return numerical(`super-SBM LP returned t = ${t} (must be > 0)`);
  let score = result.objective;
  if (score < 1 && score >= 1 - SBM_EFFICIENT_TOL) score = 1;
  if (!(score >= 1 && Number.isFinite(score))) return numerical(`super-SBM score ${score} is below 1`);
  const lambda = new Float64Array(nRef);
  for (let j = 0; j < nOther; j++) lambda[others[j]!] = Math.max(0, result.x[lam + j]!) / t;
  const unscale = (start: number, width: number, own: Float64Array) => {
    const out = new Float64Array(width);
    for (let i = 0; i < width; i++) out[i] = (-Math.max(0, result.x[start + i]!) * own[o * width + i]!) / t;
    return out;
  };
  return {
    status: "optimal",
    score,
    lambda,
    sMinus: unscale(tm, m, p.x),
    sPlus: unscale(tp, s, p.y),
    sBad: unscale(tb, k, p.b),
  };
}

/** The last optimal basis of each LP kind; consecutive units' LPs share their shape, so each starts from its predecessor's basis. */
interface WarmStarts {
  ordinary?: LpBasis;
  super?: LpBasis;
}

/**
 * Solves from the previous unit's basis when the shapes agree; when the solver reports numerical trouble, again from scratch and then without its internal scaling (the LP is already scaled relative to the evaluated unit). The first answer that is not "numerical" wins.
 */
function solveWithRetry(
  solver: LpSolver,
  problem: LpProblem,
  starts: WarmStarts,
  kind: keyof WarmStarts,
): LpResult {
  const previous = starts[kind];
  const attempts: LpOptions[] = [{}, { scale: false }];
  if (previous !== undefined && previous.m === problem.b.length && previous.n === problem.c.length)
    attempts.unshift({ warmStart: previous });
  let first: LpResult | undefined;
  for (const options of attempts) {
    const result = solver(problem, options);
    first ??= result;
    if (result.status === "numerical") continue;
    if (result.status === "optimal" && result.basis !== undefined) starts[kind] = result.basis;
    return result;
  }
  return first!;
}

function failure(result: LpResult, what: string): UnitSolution | undefined {
  if (result.status === "optimal") return undefined;
  const detail =
    result.status === "infeasible"
      ? what === "super-SBM"
        ? "super-SBM LP is infeasible: no point of the other units' technology can be reached (possible under VRS/NIRS/NDRS or with an orientation, Tone 2002)"
        : "SBM LP is infeasible: the unit lies outside the reference technology"
      : result.status === "unbounded"
        ? `${what} LP is unbounded`
        : `${what} LP failed: ${result.reason ?? "numerical trouble"}`;
  return {
    status: result.status,
    reason: detail,
    score: NaN,
    lambda: new Float64Array(0),
    sMinus: new Float64Array(0),
    sPlus: new Float64Array(0),
    sBad: new Float64Array(0),
  };
}

function numerical(reason: string): UnitSolution {
  return {
    status: "numerical",
    reason,
    score: NaN,
    lambda: new Float64Array(0),
    sMinus: new Float64Array(0),
    sPlus: new Float64Array(0),
    sBad: new Float64Array(0),
  };
}
