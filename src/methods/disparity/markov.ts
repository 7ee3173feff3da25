/**
 * Discrete Markov chains of a panel variable: classes (quantiles pooled or per period, or fixed cut-offs),
 * transition counts n_ij over t → t+1, probabilities P_ij = n_ij/n_i, k-step matrices P^s, the ergodic
 * distribution π = πP, Rey's (2001) spatial Markov chain conditioned on the neighbours' lag class, and the
 * Bickenbach–Bode (2003) homogeneity tests. Notation: n units, T periods, k classes, m lag classes; y is n × T.
 */

import { IssueCollector, issue, type InputIssue } from "../../errors.js";
import { chiSquareSurvival } from "../../math/gamma.js";
import { solveLinear } from "../../math/least-squares.js";
import type { Matrix } from "../../math/matrix.js";
import { panelRow, panelVariables, type Panel } from "../../panel/panel.js";
import type { SpatialWeights } from "../spatial/weights.js";
import {
  cell,
  findColumn,
  numberColumn,
  stringColumn,
  table,
  type Column,
  type Table,
} from "../../table/table.js";

/** How classes are formed: quantiles of all n·T values, quantiles of each period's n values, or fixed cut-offs. */
export type MarkovScheme = "pooled" | "per-year" | "cutoffs";

/** What a class nobody starts from gets: a zero row (giddy's default) or P_ii = 1 (giddy's fill_empty_classes). */
export type EmptyRowPolicy = "zero" | "absorbing";

export interface MarkovClassesOptions {
  /** Number of classes k ≥ 2 for quantile schemes; default 4 (quartiles). Ignored with `cutoffs`. */
  readonly k?: number;
  /** Quantiles of the pooled values or of each period; default "pooled". Ignored with `cutoffs`. */
  readonly scheme?: "pooled" | "per-year";
  /** Strictly increasing upper bounds of classes 1 … k−1 (k = cutoffs.length + 1); overrides `k` and `scheme`. */
  readonly cutoffs?: readonly number[];
}

export interface MarkovClasses {
  /** n × T class index 0 … k−1 per unit and period (0 = lowest). */
  readonly classes: Matrix;
  readonly k: number;
  readonly scheme: MarkovScheme;
  /**
   * Upper bounds of classes 0 … k−2: one row for "pooled" and "cutoffs", T rows (one per period) for "per-year".
   * A value y is in class #{c < y} (a value equal to a bound goes to the lower class).
   */
  readonly cutoffs: Matrix;
}

/** The ergodic (steady-state) distribution, per recurrent class when there are several. */
export interface ErgodicResult {
  /** "unique" with one recurrent class; "multiple" when the chain has several closed classes (no unique limit). */
  readonly status: "unique" | "multiple";
  /** π with π = πP and Σπ = 1 when unique; NaN entries when "multiple" (see `distributions`). */
  readonly distribution: Float64Array;
  /** The recurrent (closed communicating) classes, each as its sorted state indices. */
  readonly recurrentClasses: readonly (readonly number[])[];
  /** One stationary distribution per recurrent class (zero outside it). */
  readonly distributions: readonly Float64Array[];
}

export interface MarkovOptions {
  /** Policy for rows without transitions; default "zero". */
  readonly emptyRows?: EmptyRowPolicy;
}

export interface MarkovResult {
  readonly k: number;
  /** n_ij, k × k. */
  readonly transitions: Matrix;
  /** n_i = Σ_j n_ij. */
  readonly rowTotals: Float64Array;
  /** P_ij = n_ij / n_i, k × k; rows without transitions follow `emptyRows`. */
  readonly probabilities: Matrix;
  readonly emptyRows: EmptyRowPolicy;
  /** Classes (rows) without any transition from them. */
  readonly emptyClasses: readonly number[];
  /** Share of units in each class per period, T × k (for the conditional chains of a spatial chain: of all units). */
  readonly periodShares: Matrix;
  /** Classes no transition starts or ends in (left out of the ergodic computation, π = 0). */
  readonly unobservedClasses: readonly number[];
  /** Steady state of P (an empty row that transitions enter counts as absorbing here, whatever `emptyRows`). */
  readonly ergodic: ErgodicResult;
}

export type HomogeneityStatus = "ok" | "no-dof";

export interface MarkovHomogeneityResult {
  /** Pearson statistic Q = Σ_m Σ_i Σ_{j: p_ij>0} n_i(m)(p_ij(m) − p_ij)²/p_ij. */
  readonly q: number;
  /** Likelihood ratio LR = 2 Σ_m Σ_i Σ_{j: n_ij(m)>0} n_ij(m) ln(p_ij(m)/p_ij). */
  readonly lr: number;
  /** Σ_i (a_i − 1)(b_i − 1): a_i regimes with transitions from i, b_i classes j with p_ij > 0. */
  readonly dof: number;
  /** Upper χ² tail of Q and LR; NaN when dof = 0 (status "no-dof"). */
  readonly qPValue: number;
  readonly lrPValue: number;
  readonly status: HomogeneityStatus;
  readonly regimes: number;
  /** Σ n_ij over all regimes. */
  readonly transitions: number;
  /** Pooled probabilities p_ij under H0. */
  readonly pooled: Matrix;
}

export interface ChiSquareTest {
  readonly statistic: number;
  readonly dof: number;
  /** NaN when dof = 0. */
  readonly pValue: number;
}

export interface SpatialMarkovOptions extends MarkovClassesOptions, MarkovOptions {
  /** Number of lag classes m (quantiles, same scheme as y); default k. Ignored with `lagCutoffs`. */
  readonly lagClasses?: number;
  /** Fixed cut-offs for the lag, or "same" for the variable's own cut-offs (then m = k). Default: quantiles of the lag. */
  readonly lagCutoffs?: readonly number[] | "same";
}

export interface SpatialMarkovResult {
  /** Units in the order of y's rows. */
  readonly units: readonly string[];
  readonly classes: MarkovClasses;
  /** Spatial lag L_it = Σ_j w_ij y_jt with row-standardised weights, n × T. */
  readonly lag: Matrix;
  readonly lagClasses: MarkovClasses;
  /** The chain ignoring space. */
  readonly global: MarkovResult;
  /** One chain per lag class at the start of the transition (m entries). */
  readonly conditional: readonly MarkovResult[];
  /** Homogeneity of the m conditional chains (Bickenbach & Bode 2003). */
  readonly homogeneity: MarkovHomogeneityResult;
  /** Each conditional chain against the global probabilities (Pearson χ²). */
  readonly chiSquare: readonly ChiSquareTest[];
}

const DEFAULT_K = 4;

const REFERENCE_MARKOV =
  "Quah (1993) European Economic Review 37(2–3):426–434; P_ij = n_ij/n_i (Anderson & Goodman 1957, Ann. Math. Stat. 28(1):89–110); conventions of pysal/giddy markov.py (Rey et al.)";
const REFERENCE_SPATIAL =
  "Rey (2001) Geographical Analysis 33(3):195–214; homogeneity tests: Bickenbach & Bode (2003) International Regional Science Review 26(3):363–392";

/** Sample quantile of sorted values, R's type 7 (numpy's default): x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), h = (N − 1)p. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function quantileCutoffs(values: Float64Array, k: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const out = new Float64Array(k - 1);
  for (let j = 1; j < k; j++) out[j - 1] = quantileSorted(sorted, j / k);
  return out;
}

/** #{c < y}: the class of y under increasing cut-offs `cutoffs[from … from+count−1]`. */
function classOf(y: number, cutoffs: Float64Array, from: number, count: number): number {
  let c = 0;
  while (c < count && cutoffs[from + c]! < y) c++;
  return c;
}

function checkFinite(name: string, y: Matrix): void {
  for (let q = 0; q < y.data.length; q++)
    if (!Number.isFinite(y.data[q]!))
      throw new RangeError(
        `${name}: y must be finite; got ${y.data[q]} at unit ${Math.floor(q / y.cols)}, period ${q % y.cols}`,
      );
}

/**
 * Classes of an n × T variable: quartiles (k = 4) or other quantiles of the pooled values or of each period, or fixed cut-offs.
 *
 * Quantiles are R's type 7 (linear interpolation, numpy's default) at j/k, j = 1 … k−1; a value equal to a cut-off
 * goes to the lower class (class = #{c < y}), as mapclassify's Quantiles/UserDefined that giddy uses. Tied cut-offs
 * leave the class between them empty (k is kept).
 *
 * Reference: Hyndman & Fan (1996) The American Statistician 50(4):361–365 (type 7); pysal/giddy markov.py
 * (Spatial_Markov._maybe_classify: fixed = pooled, else per period).
 *
 * @param y n × T values (unit × period), finite
 * @param options k and scheme, or cutoffs
 * @returns classes (n × T), k, scheme and the cut-offs used
 * @throws RangeError when y is empty or not finite, k is not a whole number ≥ 2, or cutoffs are not strictly increasing and finite
 * @example
 * markovClasses(fromRows([[1, 2], [3, 4]]), { k: 2 }).classes.data
 * // => Float64Array [0, 0, 1, 1]
 */
export function markovClasses(y: Matrix, options: MarkovClassesOptions = {}): MarkovClasses {
  const { rows: n, cols: T } = y;
  if (!(n >= 1 && T >= 1))
    throw new RangeError(`markovClasses: y needs at least one unit and one period; got ${n} × ${T}`);
  checkFinite("markovClasses", y);
  const classes = new Float64Array(n * T);
  if (options.cutoffs !== undefined) {
    const cutoffs = Float64Array.from(options.cutoffs);
    for (let j = 0; j < cutoffs.length; j++) {
      if (!Number.isFinite(cutoffs[j]!) || (j > 0 && !(cutoffs[j]! > cutoffs[j - 1]!)))
        throw new RangeError(
          `markovClasses: cutoffs must be finite and strictly increasing; got ${Array.from(cutoffs).join(", ")}`,
        );
    }
    if (cutoffs.length < 1) throw new RangeError("markovClasses: cutoffs needs at least one value; got none");
    for (let q = 0; q < n * T; q++) classes[q] = classOf(y.data[q]!, cutoffs, 0, cutoffs.length);
    return {
      classes: { data: classes, rows: n, cols: T },
      k: cutoffs.length + 1,
      scheme: "cutoffs",
      cutoffs: { data: cutoffs, rows: 1, cols: cutoffs.length },
    };
  }
  const k = options.k ?? DEFAULT_K;
  if (!(Number.isInteger(k) && k >= 2))
    throw new RangeError(`markovClasses: k must be a whole number ≥ 2; got ${k}`);
  const scheme = options.scheme ?? "pooled";
  if (scheme === "pooled") {
    const cutoffs = quantileCutoffs(y.data, k);
    for (let q = 0; q < n * T; q++) classes[q] = classOf(y.data[q]!, cutoffs, 0, k - 1);
    return {
      classes: { data: classes, rows: n, cols: T },
      k,
      scheme,
      cutoffs: { data: cutoffs, rows: 1, cols: k - 1 },
    };
  }
  const cutoffs = new Float64Array(T * (k - 1));
  const column = new Float64Array(n);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) column[i] = y.data[i * T + t]!;
    cutoffs.set(quantileCutoffs(column, k), t * (k - 1));
    for (let i = 0; i < n; i++) classes[i * T + t] = classOf(column[i]!, cutoffs, t * (k - 1), k - 1);
  }
  return {
    classes: { data: classes, rows: n, cols: T },
    k,
    scheme,
    cutoffs: { data: cutoffs, rows: T, cols: k - 1 },
  };
}

function checkClasses(name: string, classes: Matrix, k: number): void {
  if (!(Number.isInteger(k) && k >= 1))
    throw new RangeError(`${name}: k must be a whole number ≥ 1; got ${k}`);
  for (let q = 0; q < classes.data.length; q++) {
    const c = classes.data[q]!;
    if (!(Number.isInteger(c) && c >= 0 && c < k))
      throw new RangeError(
        `${name}: classes must be whole numbers in [0, ${k - 1}]; got ${c} at unit ${Math.floor(q / classes.cols)}, period ${q % classes.cols}`,
      );
  }
}

/**
 * Transition counts n_ij: how often a unit in class i at period t is in class j at t + 1, pooled over units and periods.
 *
 * Reference: Anderson & Goodman (1957) Ann. Math. Stat. 28(1):89–110; pysal/giddy markov.py (Markov.transitions).
 *
 * @param classes n × T class indices 0 … k−1
 * @param k number of classes
 * @returns k × k counts (Σ = n·(T − 1))
 * @throws RangeError when a class is outside 0 … k−1 or not a whole number
 * @example
 * markovTransitions(fromRows([[0, 1, 1]]), 2).data
 * // => Float64Array [0, 1, 0, 1]
 */
export function markovTransitions(classes: Matrix, k: number): Matrix {
  checkClasses("markovTransitions", classes, k);
  const { rows: n, cols: T } = classes;
  const counts = new Float64Array(k * k);
  for (let i = 0; i < n; i++)
    for (let t = 0; t + 1 < T; t++) counts[classes.data[i * T + t]! * k + classes.data[i * T + t + 1]!]! += 1;
  return { data: counts, rows: k, cols: k };
}

/**
 * Maximum-likelihood transition probabilities P_ij = n_ij / n_i; a row without transitions is all zeros ("zero") or
 * has P_ii = 1 ("absorbing", giddy's fill_empty_classes).
 *
 * Reference: Anderson & Goodman (1957) Ann. Math. Stat. 28(1):89–110.
 *
 * @param counts k × k transition counts, ≥ 0
 * @param emptyRows policy for rows with n_i = 0; default "zero"
 * @returns k × k probabilities, each non-empty row summing to 1
 * @throws RangeError when counts is not square or holds a negative or non-finite entry
 * @example
 * transitionProbabilities(fromRows([[1, 3], [0, 0]]), "absorbing").data
 * // => Float64Array [0.25, 0.75, 0, 1]
 */
export function transitionProbabilities(counts: Matrix, emptyRows: EmptyRowPolicy = "zero"): Matrix {
  const k = counts.rows;
  if (counts.cols !== k)
    throw new RangeError(`transitionProbabilities: counts must be square; got ${k} × ${counts.cols}`);
  const P = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    let total = 0;
    for (let j = 0; j < k; j++) {
      const v = counts.data[i * k + j]!;
      if (!(v >= 0 && Number.isFinite(v)))
        throw new RangeError(
          `transitionProbabilities: counts must be finite and ≥ 0; got ${v} at (${i}, ${j})`,
        );
      total += v;
    }
    if (total === 0) {
      if (emptyRows === "absorbing") P[i * k + i] = 1;
      continue;
    }
    for (let j = 0; j < k; j++) P[i * k + j] = counts.data[i * k + j]! / total;
  }
  return { data: P, rows: k, cols: k };
}

function multiply(a: Matrix, b: Matrix): Matrix {
  const k = a.rows;
  const out = new Float64Array(k * b.cols);
  for (let i = 0; i < k; i++)
    for (let l = 0; l < a.cols; l++) {
      const v = a.data[i * a.cols + l]!;
      if (v === 0) continue;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j]! += v * b.data[l * b.cols + j]!;
    }
  return { data: out, rows: k, cols: b.cols };
}

/**
 * The s-step transition matrix P^s (Chapman–Kolmogorov), by repeated squaring; P^0 = I.
 *
 * Reference: Kemeny & Snell (1976), Finite Markov Chains, Springer, §2.1.
 *
 * @param P k × k transition matrix
 * @param steps whole number s ≥ 0
 * @returns P^s (k × k)
 * @throws RangeError when P is not square or steps is not a whole number ≥ 0
 * @example
 * markovPower(fromRows([[0, 1], [1, 0]]), 3).data
 * // => Float64Array [0, 1, 1, 0]
 */
export function markovPower(P: Matrix, steps: number): Matrix {
  const k = P.rows;
  if (P.cols !== k) throw new RangeError(`markovPower: P must be square; got ${k} × ${P.cols}`);
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new RangeError(`markovPower: steps must be a whole number ≥ 0; got ${steps}`);
  let result: Matrix = { data: new Float64Array(k * k), rows: k, cols: k };
  for (let i = 0; i < k; i++) result.data[i * k + i] = 1;
  let base = P;
  let s = steps;
  while (s > 0) {
    if (s & 1) result = multiply(result, base);
    s >>>= 1;
    if (s > 0) base = multiply(base, base);
  }
  return result;
}

/**
 * The ergodic distribution π = πP, Σπ = 1, of a transition matrix, per recurrent class.
 *
 * States communicate when each reaches the other; a communicating class is recurrent when no transition leaves it.
 * On each recurrent class C, π_C solves π_C(P_CC − I) = 0 with one equation replaced by Σπ_C = 1 (Gaussian elimination);
 * π is 0 on transient states. A row of zeros (a class nobody left from) counts as absorbing, as giddy's steady_state does.
 * States in `options.exclude` (e.g. classes no transition starts or ends in) are left out of the chain, with π = 0.
 *
 * Reference: Kemeny & Snell (1976), Finite Markov Chains, Springer, §4–5; pysal/giddy ergodic.py (steady_state).
 *
 * @param P k × k, rows summing to 1 or to 0
 * @param options states to leave out
 * @returns status "unique" with π, or "multiple" with one distribution per recurrent class
 * @throws RangeError when P is not square, holds a negative or non-finite entry, or a row sums to neither 0 nor 1 (±1e-9)
 * @example
 * ergodicDistribution(fromRows([[0.5, 0.5], [0.25, 0.75]])).distribution
 * // => Float64Array [1/3, 2/3]
 */
export function ergodicDistribution(
  P: Matrix,
  options: { readonly exclude?: readonly number[] } = {},
): ErgodicResult {
  const k = P.rows;
  const excluded = new Uint8Array(k);
  for (const s of options.exclude ?? []) {
    if (!(Number.isInteger(s) && s >= 0 && s < k))
      throw new RangeError(`ergodicDistribution: exclude holds states 0 … ${k - 1}; got ${s}`);
    excluded[s] = 1;
  }
  if (P.cols !== k) throw new RangeError(`ergodicDistribution: P must be square; got ${k} × ${P.cols}`);
  const p = Float64Array.from(P.data);
  for (let i = 0; i < k; i++) {
    let total = 0;
    for (let j = 0; j < k; j++) {
      const v = p[i * k + j]!;
      if (!(v >= 0 && Number.isFinite(v)))
        throw new RangeError(`ergodicDistribution: P must be finite and ≥ 0; got ${v} at (${i}, ${j})`);
      total += v;
    }
    if (total === 0) p[i * k + i] = 1;
    else if (!(Math.abs(total - 1) <= 1e-9))
      throw new RangeError(`ergodicDistribution: row ${i} of P sums to ${total}; expected 1 (or 0)`);
  }
  // reach[i][j]: j reachable from i (reflexive), by a breadth-first search from each state.
  const reach = new Uint8Array(k * k);
  for (let s = 0; s < k; s++) {
    if (excluded[s]) continue;
    const queue = [s];
    reach[s * k + s] = 1;
    while (queue.length > 0) {
      const i = queue.pop()!;
      for (let j = 0; j < k; j++)
        if (p[i * k + j]! > 0 && !excluded[j] && !reach[s * k + j]) {
          reach[s * k + j] = 1;
          queue.push(j);
        }
    }
  }
  const assigned = new Uint8Array(k);
  const recurrentClasses: number[][] = [];
  for (let s = 0; s < k; s++) {
    if (assigned[s] || excluded[s]) continue;
    const members: number[] = [];
    for (let j = 0; j < k; j++) if (reach[s * k + j] && reach[j * k + s]) members.push(j);
    for (const j of members) assigned[j] = 1;
    // Closed: nothing reachable from the class lies outside it.
    const inClass = new Set(members);
    let closed = true;
    for (const i of members)
      for (let j = 0; j < k; j++) if (reach[i * k + j] && !inClass.has(j)) closed = false;
    if (closed) recurrentClasses.push(members);
  }
  const distributions = recurrentClasses.map((members) => {
    const c = members.length;
    const A = new Float64Array(c * c);
    // Row j (equation for state members[j]): Σ_i π_i (p_{i,j} − δ_ij) = 0; the last row is Σ π_i = 1.
    for (let j = 0; j < c - 1; j++)
      for (let i = 0; i < c; i++) A[j * c + i] = p[members[i]! * k + members[j]!]! - (i === j ? 1 : 0);
    for (let i = 0; i < c; i++) A[(c - 1) * c + i] = 1;
    const b = new Float64Array(c);
    b[c - 1] = 1;
    const x = solveLinear({ data: A, rows: c, cols: c }, b);
    const full = new Float64Array(k);
    members.forEach((state, i) => {
      full[state] = x[i]!;
    });
    return full;
  });
  const unique = distributions.length === 1;
  return {
    status: unique ? "unique" : "multiple",
    distribution: unique ? Float64Array.from(distributions[0]!) : new Float64Array(k).fill(Number.NaN),
    recurrentClasses,
    distributions,
  };
}

/**
 * A classic (a-spatial) Markov chain from class indices: counts, probabilities, shares per period and the ergodic distribution.
 *
 * Reference: Quah (1993) European Economic Review 37(2–3):426–434; Anderson & Goodman (1957) Ann. Math. Stat.
 * 28(1):89–110; pysal/giddy markov.py (Markov). The giddy docstring's chain of 5 units × 3 periods
 * (b,a,c), (c,c,a), (c,b,c), (a,a,b), (a,b,c) gives P = [[1/4, 1/2, 1/4], [1/3, 0, 2/3], [1/3, 1/3, 1/3]].
 *
 * @param classes n × T class indices 0 … k−1 (e.g. `markovClasses(y).classes`)
 * @param k number of classes
 * @param options empty-row policy
 * @returns the chain
 * @throws RangeError when a class is out of range or there are fewer than 2 periods
 * @example
 * markov(fromRows([[1, 0, 2], [2, 2, 0], [2, 1, 2], [0, 0, 1], [0, 1, 2]]), 3).ergodic.distribution
 * // => Float64Array [0.3076923…, 0.2884615…, 0.4038461…]
 */
export function markov(classes: Matrix, k: number, options: MarkovOptions = {}): MarkovResult {
  if (!(classes.cols >= 2)) throw new RangeError(`markov: needs at least 2 periods; got ${classes.cols}`);
  const emptyRows = options.emptyRows ?? "zero";
  const transitions = markovTransitions(classes, k);
  return chainFromCounts(transitions, emptyRows, periodShares(classes, k));
}

function periodShares(classes: Matrix, k: number): Matrix {
  const { rows: n, cols: T } = classes;
  const shares = new Float64Array(T * k);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) shares[t * k + classes.data[i * T + t]!]! += 1;
    for (let j = 0; j < k; j++) shares[t * k + j]! /= n;
  }
  return { data: shares, rows: T, cols: k };
}

function chainFromCounts(transitions: Matrix, emptyRows: EmptyRowPolicy, shares: Matrix): MarkovResult {
  const k = transitions.rows;
  const rowTotals = new Float64Array(k);
  const emptyClasses: number[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) rowTotals[i]! += transitions.data[i * k + j]!;
    if (rowTotals[i] === 0) emptyClasses.push(i);
  }
  const probabilities = transitionProbabilities(transitions, emptyRows);
  // A class no transition starts or ends in is not part of the observed chain: π = 0 there.
  const unobserved = emptyClasses.filter((j) => {
    for (let i = 0; i < k; i++) if (transitions.data[i * k + j]! > 0) return false;
    return true;
  });
  return {
    k,
    transitions,
    rowTotals,
    probabilities,
    emptyRows,
    emptyClasses,
    periodShares: shares,
    ergodic: ergodicDistribution(probabilities, { exclude: unobserved }),
    unobservedClasses: unobserved,
  };
}

/**
 * Tests whether transition probabilities are the same in m regimes (e.g. lag classes or regions): Pearson Q and
 * likelihood ratio LR, with degrees of freedom corrected for zero cells.
 *
 * p_ij = Σ_m n_ij(m)/Σ_m n_i(m) pooled; p_ij(m) = n_ij(m)/n_i(m).
 * Q = Σ_m Σ_i Σ_{j: p_ij>0} n_i(m)(p_ij(m) − p_ij)²/p_ij; LR = 2 Σ_m Σ_i Σ_{j: n_ij(m)>0} n_ij(m) ln(p_ij(m)/p_ij);
 * both χ² with Σ_i (a_i − 1)(b_i − 1) degrees of freedom, a_i = regimes with n_i(m) > 0, b_i = classes with p_ij > 0.
 *
 * Reference: Bickenbach & Bode (2003) International Regional Science Review 26(3):363–392, eqs. (8)–(11);
 * pysal/giddy markov.py (Homogeneity_Results).
 *
 * @param transitions m ≥ 2 count matrices, each k × k
 * @returns Q, LR, dof and their p-values (NaN with status "no-dof" when dof = 0)
 * @throws RangeError when fewer than 2 matrices are given or their shapes differ
 * @example
 * markovHomogeneity([fromRows([[2, 1], [0, 3]]), fromRows([[1, 2], [1, 1]])]).q
 * // => 2.5416666666666665
 */
export function markovHomogeneity(transitions: readonly Matrix[]): MarkovHomogeneityResult {
  const m = transitions.length;
  if (m < 2) throw new RangeError(`markovHomogeneity: needs at least 2 regimes; got ${m}`);
  const k = transitions[0]!.rows;
  for (const t of transitions)
    if (t.rows !== k || t.cols !== k)
      throw new RangeError(`markovHomogeneity: every matrix must be ${k} × ${k}; got ${t.rows} × ${t.cols}`);
  const pooledCounts = new Float64Array(k * k);
  for (const t of transitions) for (let q = 0; q < k * k; q++) pooledCounts[q]! += t.data[q]!;
  const pooled = transitionProbabilities({ data: pooledCounts, rows: k, cols: k });
  let q = 0;
  let lr = 0;
  let total = 0;
  const regimesWithRow = new Int32Array(k);
  for (const t of transitions) {
    for (let i = 0; i < k; i++) {
      let ni = 0;
      for (let j = 0; j < k; j++) ni += t.data[i * k + j]!;
      if (ni === 0) continue;
      total += ni;
      regimesWithRow[i]! += 1;
      for (let j = 0; j < k; j++) {
        const pij = pooled.data[i * k + j]!;
        const nij = t.data[i * k + j]!;
        if (pij > 0) q += (ni * (nij / ni - pij) ** 2) / pij;
        if (nij > 0) lr += nij * Math.log(nij / ni / pij);
      }
    }
  }
  lr *= 2;
  let dof = 0;
  for (let i = 0; i < k; i++) {
    let positive = 0;
    for (let j = 0; j < k; j++) if (pooled.data[i * k + j]! > 0) positive++;
    if (regimesWithRow[i]! > 0) dof += (regimesWithRow[i]! - 1) * (positive - 1);
  }
  const ok = dof > 0;
  return {
    q,
    lr,
    dof,
    qPValue: ok ? chiSquareSurvival(Math.max(0, q), dof) : Number.NaN,
    lrPValue: ok ? chiSquareSurvival(Math.max(0, lr), dof) : Number.NaN,
    status: ok ? "ok" : "no-dof",
    regimes: m,
    transitions: total,
    pooled,
  };
}

/**
 * Pearson χ² of one regime's transitions against given probabilities: Σ_{i: n_i>0} Σ_{j: p_ij>0} (n_ij − n_i p_ij)²/(n_i p_ij),
 * with Σ_{i: n_i>0} (b_i − 1) degrees of freedom (b_i = classes with p_ij > 0).
 *
 * The statistic equals giddy's chi2(T1, T2); giddy counts (rows of T1 − 1)(rows of T2 − 1) degrees of freedom, we count
 * the free cells of each observed row, as the goodness-of-fit test of Anderson & Goodman (1957, §3.3) does.
 *
 * Reference: Anderson & Goodman (1957) Ann. Math. Stat. 28(1):89–110; Rey (2001) Geographical Analysis 33(3):195–214.
 *
 * @param counts k × k transitions of the regime
 * @param probabilities k × k probabilities under H0 (e.g. the pooled chain)
 * @returns statistic, dof and p-value (NaN when dof = 0)
 * @throws RangeError when the shapes differ
 * @example
 * markovChiSquare(fromRows([[2, 1], [0, 3]]), fromRows([[0.5, 0.5], [0.2, 0.8]])).statistic
 * // => 1.0833333333333333
 */
export function markovChiSquare(counts: Matrix, probabilities: Matrix): ChiSquareTest {
  const k = counts.rows;
  if (counts.cols !== k || probabilities.rows !== k || probabilities.cols !== k)
    throw new RangeError(
      `markovChiSquare: counts and probabilities must both be ${k} × ${k}; got ${counts.rows} × ${counts.cols} and ${probabilities.rows} × ${probabilities.cols}`,
    );
  let statistic = 0;
  let dof = 0;
  for (let i = 0; i < k; i++) {
    let ni = 0;
    for (let j = 0; j < k; j++) ni += counts.data[i * k + j]!;
    if (ni === 0) continue;
    let positive = 0;
    for (let j = 0; j < k; j++) {
      const pij = probabilities.data[i * k + j]!;
      if (!(pij > 0)) continue;
      positive++;
      const expected = ni * pij;
      statistic += (counts.data[i * k + j]! - expected) ** 2 / expected;
    }
    dof += Math.max(0, positive - 1);
  }
  return { statistic, dof, pValue: dof > 0 ? chiSquareSurvival(statistic, dof) : Number.NaN };
}

/**
 * Checks that the weights describe exactly `units` and every unit has a neighbour; returns, per unit (in the order
 * of `units`), its neighbours as unit positions and its row-standardised weights.
 * @throws NqpfInputError listing every unit missing from either side, duplicate ids, islands and bad weights
 */
function alignWeights(
  units: readonly string[],
  w: SpatialWeights,
  where: Omit<InputIssue, "code" | "message" | "hint">,
): { neighbours: Int32Array[]; weights: Float64Array[] } {
  if (w.neighbours.length !== w.ids.length || w.weights.length !== w.ids.length)
    throw new RangeError(
      `spatialLagMatrix: weights need one neighbour list and one weight list per id; got ${w.ids.length} ids, ${w.neighbours.length} neighbour lists, ${w.weights.length} weight lists`,
    );
  const issues = new IssueCollector();
  const position = new Map<string, number>();
  units.forEach((u, i) => position.set(u, i));
  const weightIndex = new Map<string, number>();
  w.ids.forEach((id, r) => {
    if (weightIndex.has(id))
      issues.add({
        code: "duplicate_key",
        ...where,
        entity: id,
        message: `unit ${id} appears twice in the spatial weights`,
        hint: "each unit may have one row of neighbours; merge or remove the duplicate",
      });
    else weightIndex.set(id, r);
  });
  for (const u of units)
    if (!weightIndex.has(u))
      issues.add({
        code: "missing_key",
        ...where,
        entity: u,
        message: `unit ${u} of the data has no row in the spatial weights`,
        hint: "build the weights for exactly the data's units (same ids, e.g. adcodes), or drop the unit from the data",
      });
  for (const id of w.ids)
    if (!position.has(id))
      issues.add({
        code: "missing_key",
        ...where,
        entity: id,
        message: `unit ${id} of the spatial weights is not in the data`,
        hint: "build the weights for exactly the data's units: subset the map or weights file to them (e.g. leave out Taiwan, Hong Kong, Macao) before building the weights",
      });
  issues.throwIfAny();
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  units.forEach((u) => {
    const r = weightIndex.get(u)!;
    const list = w.neighbours[r]!;
    const values = w.weights[r]!;
    if (values.length !== list.length)
      throw new RangeError(
        `spatialLagMatrix: unit ${u} has ${list.length} neighbours but ${values.length} weights`,
      );
    let sum = 0;
    let bad = false;
    for (let q = 0; q < list.length; q++) {
      const j = list[q]!;
      const v = values[q]!;
      if (!(j >= 0 && j < w.ids.length))
        throw new RangeError(
          `spatialLagMatrix: neighbour index ${j} of unit ${u} is outside 0 … ${w.ids.length - 1}`,
        );
      if (!(v >= 0 && Number.isFinite(v))) bad = true;
      sum += v;
    }
    if (bad)
      issues.add({
        code: "bad_value",
        ...where,
        entity: u,
        message: `unit ${u} has a negative or non-finite spatial weight`,
        hint: "spatial weights must be finite and ≥ 0",
      });
    else if (!(sum > 0))
      issues.add({
        code: "bad_value",
        ...where,
        entity: u,
        message: `unit ${u} has no neighbours in the spatial weights (an island), so its spatial lag is undefined`,
        hint: "link the island to its nearest unit (e.g. Hainan to Guangdong) or use k-nearest-neighbour weights",
      });
    neighbours.push(Int32Array.from(list, (j) => position.get(w.ids[j]!)!));
    weights.push(Float64Array.from(values, (v) => (w.rowStandardised ? v : v / sum)));
  });
  issues.throwIfAny();
  return { neighbours, weights };
}

/**
 * Spatial lag of each period's values, L_it = Σ_j w_ij y_jt, with row-standardised weights (standardised here when
 * `w.rowStandardised` is false). The weights are matched to `units` by id, in any order.
 *
 * Reference: Anselin (1988), Spatial Econometrics, Kluwer, §3.2 (spatial lag operator); Rey (2001).
 *
 * @param y n × T values, rows in the order of `units`
 * @param units n unit ids
 * @param w spatial weights over exactly these ids
 * @param where location fields (file) for issues
 * @returns n × T lag
 * @throws NqpfInputError when ids do not match, an id repeats, a unit has no neighbours or a weight is negative; RangeError on malformed weights
 * @example
 * spatialLagMatrix(fromRows([[1], [3]]), ["a", "b"], { ids: ["b", "a"], neighbours: [Int32Array.of(1), Int32Array.of(0)], weights: [Float64Array.of(1), Float64Array.of(1)], rowStandardised: true }).data
 * // => Float64Array [3, 1]
 */
export function spatialLagMatrix(
  y: Matrix,
  units: readonly string[],
  w: SpatialWeights,
  where: Omit<InputIssue, "code" | "message" | "hint"> = {},
): Matrix {
  const { rows: n, cols: T } = y;
  if (units.length !== n)
    throw new RangeError(`spatialLagMatrix: units needs ${n} ids (rows of y); got ${units.length}`);
  const aligned = alignWeights(units, w, where);
  const lag = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    const list = aligned.neighbours[i]!;
    const values = aligned.weights[i]!;
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let q = 0; q < list.length; q++) s += values[q]! * y.data[list[q]! * T + t]!;
      lag[i * T + t] = s;
    }
  }
  return { data: lag, rows: n, cols: T };
}

/**
 * Rey's spatial Markov chain: one k × k chain per class of the neighbours' spatial lag at the start of each transition,
 * with the global chain, Bickenbach–Bode homogeneity tests and a χ² of each conditional chain against the global one.
 *
 * y is classed as in {@link markovClasses}; the lag L_it = Σ_j w_ij y_jt (row-standardised W) is classed by m quantiles
 * with the same scheme (giddy's default), by fixed `lagCutoffs`, or by the variable's own cut-offs ("same"). A transition
 * of unit i from t to t + 1 counts in the chain of lag class c(L_it).
 *
 * Reference: Rey (2001) Geographical Analysis 33(3):195–214; Bickenbach & Bode (2003) International Regional Science
 * Review 26(3):363–392; pysal/giddy markov.py (Spatial_Markov, fixed = pooled).
 *
 * @param y n × T values (rows in the order of `units`), finite, T ≥ 2
 * @param units n unit ids, matching `w.ids` as a set
 * @param w spatial weights
 * @param options classes of y and of the lag, empty-row policy
 * @returns global and conditional chains, lag, classes and tests
 * @throws NqpfInputError when the weights do not match the units or a unit has no neighbours; RangeError on bad shapes or options
 * @example
 * spatialMarkov(y, ["a", "b", "c"], w, { cutoffs: [1.5, 2.5] }).conditional.length
 * // => 3
 */
export function spatialMarkov(
  y: Matrix,
  units: readonly string[],
  w: SpatialWeights,
  options: SpatialMarkovOptions = {},
  where: Omit<InputIssue, "code" | "message" | "hint"> = {},
): SpatialMarkovResult {
  if (!(y.cols >= 2)) throw new RangeError(`spatialMarkov: needs at least 2 periods; got ${y.cols}`);
  checkFinite("spatialMarkov", y);
  const emptyRows = options.emptyRows ?? "zero";
  const classes = markovClasses(y, options);
  const lag = spatialLagMatrix(y, units, w, where);
  let lagClasses: MarkovClasses;
  if (options.lagCutoffs === "same") {
    const data = new Float64Array(lag.data.length);
    const { cutoffs } = classes;
    for (let i = 0; i < lag.rows; i++)
      for (let t = 0; t < lag.cols; t++) {
        const row = cutoffs.rows === 1 ? 0 : t;
        data[i * lag.cols + t] = classOf(
          lag.data[i * lag.cols + t]!,
          cutoffs.data,
          row * cutoffs.cols,
          cutoffs.cols,
        );
      }
    lagClasses = {
      classes: { data, rows: lag.rows, cols: lag.cols },
      k: classes.k,
      scheme: classes.scheme,
      cutoffs,
    };
  } else if (options.lagCutoffs !== undefined) {
    lagClasses = markovClasses(lag, { cutoffs: options.lagCutoffs });
  } else {
    lagClasses = markovClasses(lag, {
      k: options.lagClasses ?? classes.k,
      scheme: classes.scheme === "per-year" ? "per-year" : "pooled",
    });
  }
  const { k } = classes;
  const m = lagClasses.k;
  const { rows: n, cols: T } = y;
  const counts = Array.from({ length: m }, () => new Float64Array(k * k));
  for (let i = 0; i < n; i++)
    for (let t = 0; t + 1 < T; t++) {
      const c = lagClasses.classes.data[i * T + t]!;
      counts[c]![classes.classes.data[i * T + t]! * k + classes.classes.data[i * T + t + 1]!]! += 1;
    }
  const shares = periodShares(classes.classes, k);
  const global = markov(classes.classes, k, { emptyRows });
  const conditional = counts.map((data) => chainFromCounts({ data, rows: k, cols: k }, emptyRows, shares));
  const homogeneity = markovHomogeneity(conditional.map((c) => c.transitions));
  const chiSquare = conditional.map((c) => markovChiSquare(c.transitions, homogeneity.pooled));
  return { units, classes, lag, lagClasses, global, conditional, homogeneity, chiSquare };
}

// ---------------------------------------------------------------------------------------------------------------
// Panels

export interface PanelMatrixOptions {
  /** File name for issue locations. */
  readonly file?: string;
  /** 1-based file row of each panel row, for issue locations. */
  readonly fileRows?: ArrayLike<number>;
  /** Require values > 0 (logs are taken). */
  readonly positive?: boolean;
  /** What the values are for, in messages ("the Markov chain", "β-convergence"). */
  readonly purpose?: string;
}

export interface PanelMatrix {
  /** n entities × T periods, in the panel's entity and time order. */
  readonly values: Matrix;
  /** Panel row of (entity i, period t) at i·T + t. */
  readonly rows: Int32Array;
}

/**
 * A balanced panel variable as an entities × periods matrix, with every problem located: a missing column, text,
 * missing or non-finite values, non-positive values where logs are taken, absent (entity, period) pairs, fewer than
 * 2 periods.
 * @param p panel
 * @param variable numeric column
 * @param options file, file rows, positivity
 * @returns the matrix and each cell's panel row
 * @throws NqpfInputError with all issues found
 * @example
 * panelMatrix(p, "gdp_per_capita").values.rows // => number of entities
 */
export function panelMatrix(p: Panel, variable: string, options: PanelMatrixOptions = {}): PanelMatrix {
  const issues = new IssueCollector();
  const purpose = options.purpose ?? "this method";
  const file = options.file !== undefined ? { file: options.file } : {};
  const column = findColumn(p.table, variable);
  const names = panelVariables(p).map((c) => c.name);
  if (!column) {
    issues.add({
      ...issue.missingColumn(file, variable, names),
      hint: `name a numeric variable; available: ${names.slice(0, 40).join(", ")}`,
    });
    issues.throwIfAny();
  }
  if (column!.type !== "number") {
    issues.add({
      code: "not_a_number",
      ...file,
      column: variable,
      message: `column "${variable}" holds text, not numbers`,
      hint: "choose a numeric variable",
    });
    issues.throwIfAny();
  }
  const values = column as Extract<Column, { type: "number" }>;
  const n = p.entities.length;
  const T = p.times.length;
  if (T < 2)
    issues.add({
      code: "bad_argument",
      ...file,
      column: p.time,
      message: `${purpose} needs at least 2 periods; the data has ${T}${T === 1 ? ` (${p.times[0]!})` : ""}`,
      hint: "use data with two or more periods (check --years)",
    });
  const data = new Float64Array(n * T);
  const rows = new Int32Array(n * T).fill(-1);
  for (let e = 0; e < n; e++)
    for (let t = 0; t < T; t++) {
      const r = panelRow(p, e, t);
      const entity = p.entities[e]!;
      const time = p.times[t]!;
      if (r < 0) {
        issues.add({
          code: "unbalanced_panel",
          ...file,
          entity,
          time,
          message: `entity ${entity} has no row for ${time}`,
          hint: `${purpose} needs every entity in every period; add the row, or choose --years where all are present`,
        });
        continue;
      }
      rows[e * T + t] = r;
      const at = {
        ...file,
        ...(options.fileRows !== undefined ? { row: options.fileRows[r]! } : {}),
        column: variable,
        entity,
        time,
      };
      if (values.missing[r] !== 0) {
        issues.add({
          code: "bad_value",
          ...at,
          message: "the value is missing",
          hint: `${purpose} needs every entity in every period; fill the value, or choose --years where all are present`,
        });
        continue;
      }
      const v = values.values[r]!;
      if (!Number.isFinite(v))
        issues.add({
          code: "bad_value",
          ...at,
          message: `the value ${v} is not finite`,
          hint: "use a finite number",
        });
      else if (options.positive === true && !(v > 0))
        issues.add({
          code: "bad_value",
          ...at,
          message: `the value ${v} is not positive; ${purpose} takes its logarithm`,
          hint: "check the value (units, sign, a zero typed for missing); logs need positive numbers",
        });
      data[e * T + t] = v;
    }
  issues.throwIfAny();
  return { values: { data, rows: n, cols: T }, rows };
}

/**
 * Each entity's group label (constant within the entity), with every empty or changing label located.
 * @param p panel
 * @param group group column (text or numbers)
 * @param options file and file rows for issue locations
 * @returns one label per entity, in the panel's entity order
 * @throws NqpfInputError missing_column / missing_key / bad_value
 * @example
 * entityGroups(p, "region_nbs4")[0] // => "East" (Beijing)
 */
export function entityGroups(
  p: Panel,
  group: string,
  options: { readonly file?: string; readonly fileRows?: ArrayLike<number> } = {},
): readonly string[] {
  const issues = new IssueCollector();
  const file = options.file !== undefined ? { file: options.file } : {};
  const column = findColumn(p.table, group);
  if (!column) {
    const names = panelVariables(p).map((c) => c.name);
    issues.add({
      ...issue.missingColumn(file, group, names),
      hint: `name a group column (e.g. region_nbs4); available: ${names.slice(0, 40).join(", ")}`,
    });
    issues.throwIfAny();
  }
  const labels = new Array<string | undefined>(p.entities.length).fill(undefined);
  for (let r = 0; r < p.table.rowCount; r++) {
    const e = p.entityOf[r]!;
    const entity = p.entities[e]!;
    const at = {
      ...file,
      ...(options.fileRows !== undefined ? { row: options.fileRows[r]! } : {}),
      column: group,
      entity,
      time: p.times[p.timeOf[r]!]!,
    };
    const value = cell(column!, r);
    if (value === null || String(value).trim() === "") {
      issues.add({
        code: "missing_key",
        ...at,
        message: "the group is empty",
        hint: "give every row its group, or leave the group option out",
      });
      continue;
    }
    const label = String(value).trim();
    if (labels[e] === undefined) labels[e] = label;
    else if (labels[e] !== label)
      issues.add({
        code: "bad_value",
        ...at,
        message: `the group changes from "${labels[e]}" to "${label}" within entity ${entity}`,
        hint: "a group must be constant within an entity; fix the label",
      });
  }
  issues.throwIfAny();
  return labels.map((l) => l ?? "");
}

export interface MarkovPanelOptions extends MarkovClassesOptions, MarkovOptions {
  /** The variable (numeric column). */
  readonly variable: string;
  /** Group column (constant within entities, e.g. region_nbs4): a chain per group and the homogeneity test across groups. */
  readonly group?: string;
  readonly file?: string;
  readonly fileRows?: ArrayLike<number>;
}

export interface MarkovPanelResult {
  readonly variable: string;
  readonly entities: readonly string[];
  readonly times: readonly number[];
  /** The n × T values used. */
  readonly values: Matrix;
  readonly classes: MarkovClasses;
  readonly chain: MarkovResult;
  /** With a group column: the group labels (sorted), one chain per group and the homogeneity test across them. */
  readonly groups?: {
    readonly column: string;
    readonly names: readonly string[];
    /** Group of each entity. */
    readonly ofEntity: readonly string[];
    readonly chains: readonly MarkovResult[];
    /** Undefined when there is a single group. */
    readonly homogeneity: MarkovHomogeneityResult | undefined;
  };
}

/**
 * The Markov chain of a panel variable: classes, counts, probabilities and ergodic distribution; with a group column,
 * one chain per group (classes from the whole sample) and the Bickenbach–Bode test that the groups share one chain.
 *
 * Reference: as {@link markov} and {@link markovHomogeneity}.
 *
 * @param p panel (balanced in the variable)
 * @param options variable, classes, empty-row policy, group, file location
 * @returns the chain and its inputs
 * @throws NqpfInputError when the variable is absent, text, missing or non-finite anywhere, the panel is unbalanced, has fewer than 2 periods, or a group label is empty or changes
 * @example
 * markovPanel(p, { variable: "gdp_per_capita", k: 4 }).chain.probabilities
 */
export function markovPanel(p: Panel, options: MarkovPanelOptions): MarkovPanelResult {
  const location = {
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.fileRows !== undefined ? { fileRows: options.fileRows } : {}),
  };
  const { values } = panelMatrix(p, options.variable, { ...location, purpose: "the Markov chain" });
  const ofEntity = options.group !== undefined ? entityGroups(p, options.group, location) : undefined;
  const classes = markovClasses(values, options);
  const chain = markov(classes.classes, classes.k, options);
  const base = { variable: options.variable, entities: p.entities, times: p.times, values, classes, chain };
  if (ofEntity === undefined || options.group === undefined) return base;
  const names = [...new Set(ofEntity)].sort();
  const T = values.cols;
  const chains = names.map((name) => {
    const members: number[] = [];
    ofEntity.forEach((g, i) => {
      if (g === name) members.push(i);
    });
    const data = new Float64Array(members.length * T);
    members.forEach((i, r) => {
      data.set(classes.classes.data.subarray(i * T, (i + 1) * T), r * T);
    });
    return markov({ data, rows: members.length, cols: T }, classes.k, options);
  });
  return {
    ...base,
    groups: {
      column: options.group,
      names,
      ofEntity,
      chains,
      homogeneity: chains.length >= 2 ? markovHomogeneity(chains.map((c) => c.transitions)) : undefined,
    },
  };
}

export interface SpatialMarkovPanelOptions extends SpatialMarkovOptions {
  readonly variable: string;
  readonly file?: string;
  readonly fileRows?: ArrayLike<number>;
  /** Where the weights came from, for issue locations (a file name). */
  readonly weightsFile?: string;
}

export interface SpatialMarkovPanelResult extends SpatialMarkovResult {
  readonly variable: string;
  readonly times: readonly number[];
  readonly values: Matrix;
}

/**
 * Rey's spatial Markov chain of a panel variable (see {@link spatialMarkov}); entities are matched to the weights by id.
 * @param p panel (balanced in the variable)
 * @param w spatial weights over exactly the panel's entities
 * @param options variable, classes, lag classes, empty-row policy, locations
 * @returns the spatial chain
 * @throws NqpfInputError for the panel problems of {@link markovPanel} and for weights that do not match the entities or leave a unit without neighbours
 * @example
 * spatialMarkovPanel(p, w, { variable: "gdp_per_capita" }).homogeneity.lr
 */
export function spatialMarkovPanel(
  p: Panel,
  w: SpatialWeights,
  options: SpatialMarkovPanelOptions,
): SpatialMarkovPanelResult {
  const { values } = panelMatrix(p, options.variable, {
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.fileRows !== undefined ? { fileRows: options.fileRows } : {}),
    purpose: "the spatial Markov chain",
  });
  const where = options.weightsFile !== undefined ? { file: options.weightsFile } : {};
  const result = spatialMarkov(values, p.entities, w, options, where);
  return { ...result, variable: options.variable, times: p.times, values };
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

/**
 * Class labels C1 … Ck (C1 lowest), as the tables name classes.
 * @param k number of classes
 * @returns the labels
 * @example
 * classLabels(3) // => ["C1", "C2", "C3"]
 */
export function classLabels(k: number): string[] {
  return Array.from({ length: k }, (_, j) => `C${j + 1}`);
}

function formatNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function classesNote(classes: MarkovClasses, variable: string, times: readonly number[]): string {
  const { k, scheme, cutoffs } = classes;
  const bounds = (row: number): string =>
    Array.from(cutoffs.data.subarray(row * cutoffs.cols, (row + 1) * cutoffs.cols), formatNumber).join(", ");
  if (scheme === "cutoffs")
    return `Classes of ${variable}: fixed cut-offs ${bounds(0)} (k = ${k}; a value equal to a cut-off is in the lower class).`;
  const what = k === 4 ? "quartiles" : k === 5 ? "quintiles" : `${k}-quantiles`;
  if (scheme === "pooled")
    return `Classes of ${variable}: ${what} of all ${times.length} periods pooled (R type 7), cut-offs ${bounds(0)}; a value equal to a cut-off is in the lower class.`;
  return `Classes of ${variable}: ${what} of each period (R type 7); cut-offs per period in the classes table; a value equal to a cut-off is in the lower class.`;
}

function ergodicNote(chain: MarkovResult, label = "P"): string {
  if (chain.ergodic.status === "unique")
    return `Ergodic distribution π = π${label}, Σπ = 1 (unique: one recurrent class).`;
  return `${label} has ${chain.ergodic.recurrentClasses.length} recurrent classes (${chain.ergodic.recurrentClasses.map((c) => `{${c.map((j) => `C${j + 1}`).join(", ")}}`).join(", ")}); there is no unique ergodic distribution, so the ergodic column is empty.`;
}

function emptyNote(chain: MarkovResult, label = ""): string | undefined {
  if (chain.emptyClasses.length === 0) return undefined;
  const list = chain.emptyClasses.map((j) => `C${j + 1}`).join(", ");
  const unobserved =
    chain.unobservedClasses.length > 0
      ? ` No transition ends in ${chain.unobservedClasses.map((j) => `C${j + 1}`).join(", ")} either, so it is left out of the ergodic distribution (π = 0).`
      : "";
  return chain.emptyRows === "absorbing"
    ? `${label}No transition starts in ${list}; its row is set to P_ii = 1 (absorbing).${unobserved}`
    : `${label}No transition starts in ${list}; its row is left as zeros (n = 0).${unobserved}`;
}

/** Rows of a probability table for one chain: class, n, p_C1 … p_Ck, count_C1 … count_Ck, ergodic share. */
function chainColumns(chain: MarkovResult, prefix: Column[]): Column[] {
  const k = chain.k;
  const labels = classLabels(k);
  const cols: Column[] = [
    ...prefix,
    stringColumn("class", labels, { label: "class at t" }),
    numberColumn("n", chain.rowTotals, { label: "transitions from the class (n_i)" }),
  ];
  for (let j = 0; j < k; j++)
    cols.push(
      numberColumn(
        `p_${labels[j]!}`,
        Array.from({ length: k }, (_, i) => chain.probabilities.data[i * k + j]!),
        { label: `P(class ${labels[j]!} at t+1 | class at t)` },
      ),
    );
  for (let j = 0; j < k; j++)
    cols.push(
      numberColumn(
        `count_${labels[j]!}`,
        Array.from({ length: k }, (_, i) => chain.transitions.data[i * k + j]!),
        { label: `transitions to ${labels[j]!} (n_ij)` },
      ),
    );
  cols.push(numberColumn("ergodic", chain.ergodic.distribution, { label: "ergodic (steady-state) share π" }));
  return cols;
}

export interface MarkovTablesOptions {
  /** Steps s for k-step matrices P^s (e.g. [2, 5, 10]); none by default. */
  readonly steps?: readonly number[];
}

export interface MarkovTables {
  /** Probabilities, counts and ergodic share per class (stacked by group when there are groups: group "all" first). */
  readonly transitions: Table;
  /** Share of units in each class per period, and the cut-offs per period. */
  readonly classes: Table;
  /** Class of each entity per period. */
  readonly units: Table;
  /** k-step matrices P^s when steps were asked for. */
  readonly kStep: Table | undefined;
  /** Homogeneity tests across groups (with a group column). */
  readonly tests: Table | undefined;
}

/**
 * Tables of a panel Markov chain: transition probabilities with counts and the ergodic distribution, class shares and
 * cut-offs per period, each entity's class per period, k-step matrices, and the homogeneity test across groups.
 *
 * Reference: as {@link markov}; written into each table's meta.
 *
 * @param result the output of {@link markovPanel}
 * @param options steps for k-step matrices
 * @returns the tables (meta: name, title, method, parameters, reference, notes)
 * @throws RangeError when a step is not a whole number ≥ 1
 * @example
 * markovTables(markovPanel(p, { variable: "x" })).transitions.columns.map((c) => c.name)
 * // => ["group", "class", "n", "p_C1", …, "count_C1", …, "ergodic"]
 */
export function markovTables(result: MarkovPanelResult, options: MarkovTablesOptions = {}): MarkovTables {
  const { chain, classes, variable, times } = result;
  const k = classes.k;
  const labels = classLabels(k);
  const parameters = {
    variable,
    k,
    scheme: classes.scheme,
    emptyRows: chain.emptyRows,
    periods: `${times[0]!}–${times.at(-1)!}`,
    units: result.entities.length,
    ...(result.groups ? { group: result.groups.column } : {}),
  };
  const baseNotes = [
    classesNote(classes, variable, times),
    `Transitions t → t+1 over ${times.length - 1} pairs of consecutive periods and ${result.entities.length} units (${chain.rowTotals.reduce((a, b) => a + b, 0)} transitions); P_ij = n_ij / n_i.`,
    ergodicNote(chain),
    ...(emptyNote(chain) !== undefined ? [emptyNote(chain)!] : []),
  ];
  const meta = (name: string, title: string, notes: readonly string[]) => ({
    name,
    title,
    method: "Markov chain (nqpf markovPanel)",
    parameters,
    reference: REFERENCE_MARKOV,
    notes,
  });

  const chains: { group: string; chain: MarkovResult }[] = [{ group: "all", chain }];
  const groupNotes: string[] = [];
  if (result.groups) {
    result.groups.names.forEach((name, g) => {
      const c = result.groups!.chains[g]!;
      chains.push({ group: name, chain: c });
      const empty = emptyNote(c, `${name}: `);
      if (empty !== undefined) groupNotes.push(empty);
      if (c.ergodic.status !== "unique") groupNotes.push(`${name}: ${ergodicNote(c)}`);
    });
  }
  const transitionParts = chains.map(({ group, chain: c }) =>
    table(
      chainColumns(c, [
        stringColumn(
          "group",
          labels.map(() => group),
        ),
      ]),
    ),
  );
  const transitions = table(
    transitionParts[0]!.columns.map((col, j) =>
      col.type === "number"
        ? numberColumn(
            col.name,
            transitionParts.flatMap((t) => Array.from((t.columns[j] as typeof col).values)),
            col.meta,
          )
        : stringColumn(
            col.name,
            transitionParts.flatMap((t) => (t.columns[j] as typeof col).values),
            col.meta,
          ),
    ),
    meta("markov_transitions", `Markov transition probabilities of ${variable}`, [
      ...baseNotes,
      ...groupNotes,
    ]),
  );

  const T = times.length;
  const classColumns: Column[] = [numberColumn("period", times, { label: "period" })];
  for (let j = 0; j < k; j++)
    classColumns.push(
      numberColumn(
        `share_${labels[j]!}`,
        Array.from({ length: T }, (_, t) => chain.periodShares.data[t * k + j]!),
        {
          label: `share of units in ${labels[j]!}`,
        },
      ),
    );
  for (let j = 0; j < k - 1; j++)
    classColumns.push(
      numberColumn(
        `cutoff_${j + 1}`,
        Array.from(
          { length: T },
          (_, t) => classes.cutoffs.data[(classes.cutoffs.rows === 1 ? 0 : t) * (k - 1) + j]!,
        ),
        { label: `upper bound of ${labels[j]!}` },
      ),
    );
  const classesTable = table(
    classColumns,
    meta("markov_classes", `Class shares and cut-offs of ${variable} per period`, [
      classesNote(classes, variable, times),
    ]),
  );

  const n = result.entities.length;
  const unitColumns: Column[] = [
    stringColumn(
      "entity",
      result.entities.flatMap((e) => times.map(() => e)),
    ),
    numberColumn(
      "period",
      result.entities.flatMap(() => times),
    ),
    numberColumn(variable, result.values.data),
    stringColumn(
      "class",
      Array.from(classes.classes.data, (c) => labels[c]!),
    ),
  ];
  if (result.groups)
    unitColumns.splice(
      1,
      0,
      stringColumn(
        "group",
        result.groups.ofEntity.flatMap((g) => times.map(() => g)),
      ),
    );
  const units = table(
    unitColumns,
    meta("markov_units", `Class of each unit and period (${n} units)`, [
      classesNote(classes, variable, times),
    ]),
  );

  let kStep: Table | undefined;
  if (options.steps !== undefined && options.steps.length > 0) {
    for (const s of options.steps)
      if (!(Number.isInteger(s) && s >= 1))
        throw new RangeError(`markovTables: steps must be whole numbers ≥ 1; got ${s}`);
    const stepCol: number[] = [];
    const classCol: string[] = [];
    const probs = labels.map(() => [] as number[]);
    for (const s of options.steps) {
      const Ps = markovPower(chain.probabilities, s);
      for (let i = 0; i < k; i++) {
        stepCol.push(s);
        classCol.push(labels[i]!);
        for (let j = 0; j < k; j++) probs[j]!.push(Ps.data[i * k + j]!);
      }
    }
    kStep = table(
      [
        numberColumn("steps", stepCol, { label: "steps s" }),
        stringColumn("class", classCol, { label: "class at t" }),
        ...labels.map((l, j) =>
          numberColumn(`p_${l}`, probs[j]!, { label: `P(class ${l} at t+s | class at t)` }),
        ),
      ],
      meta("markov_k_step", `k-step transition matrices P^s of ${variable}`, [
        "P^s = P·P·…·P (s times), the probability of moving from class i to class j in s periods.",
        ...(emptyNote(chain) !== undefined ? [emptyNote(chain)!] : []),
      ]),
    );
  }

  let tests: Table | undefined;
  const h = result.groups?.homogeneity;
  if (h !== undefined) {
    tests = testsTable(
      [
        { test: "Q (Pearson χ²), groups", statistic: h.q, dof: h.dof, p: h.qPValue },
        { test: "LR, groups", statistic: h.lr, dof: h.dof, p: h.lrPValue },
      ],
      meta("markov_tests", `Homogeneity of the chain across ${result.groups!.column}`, [
        `H0: every group (${result.groups!.names.join(", ")}) has the same transition probabilities. Degrees of freedom Σ_i (a_i − 1)(b_i − 1) corrected for zero cells (Bickenbach & Bode 2003).`,
        ...(h.status === "no-dof"
          ? ["No degrees of freedom remain after the zero-cell correction, so there is no p-value."]
          : []),
      ]),
    );
  }
  return { transitions, classes: classesTable, units, kStep, tests };
}

function testsTable(
  rows: readonly { test: string; statistic: number; dof: number; p: number }[],
  meta: Parameters<typeof table>[1],
): Table {
  return table(
    [
      stringColumn(
        "test",
        rows.map((r) => r.test),
      ),
      numberColumn(
        "statistic",
        rows.map((r) => r.statistic),
      ),
      numberColumn(
        "dof",
        rows.map((r) => r.dof),
        { label: "degrees of freedom" },
      ),
      numberColumn(
        "p_value",
        rows.map((r) => r.p),
        { label: "p-value (χ² upper tail)" },
      ),
    ],
    meta,
  );
}

export interface SpatialMarkovTables {
  /** Global and conditional probabilities (lag class "all" first, then L1 … Lm). */
  readonly transitions: Table;
  /** Q, LR and the χ² of each lag class. */
  readonly tests: Table;
  /** Each unit's value, class, spatial lag and lag class per period. */
  readonly units: Table;
}

/**
 * Tables of a spatial Markov chain: stacked transition matrices (global, then conditional on lag classes L1 … Lm) with
 * counts and ergodic shares, the homogeneity and per-lag-class χ² tests, and each unit's lag and classes.
 *
 * Reference: Rey (2001); Bickenbach & Bode (2003); written into each table's meta.
 *
 * @param result the output of {@link spatialMarkovPanel}
 * @returns the tables
 * @example
 * spatialMarkovTables(result).tests.rowCount // => 2 + m
 */
export function spatialMarkovTables(result: SpatialMarkovPanelResult): SpatialMarkovTables {
  const { classes, lagClasses, variable, times, global, conditional, homogeneity: h } = result;
  const k = classes.k;
  const m = lagClasses.k;
  const lagLabels = Array.from({ length: m }, (_, c) => `L${c + 1}`);
  const parameters = {
    variable,
    k,
    m,
    scheme: classes.scheme,
    lagScheme: lagClasses.scheme,
    emptyRows: global.emptyRows,
    periods: `${times[0]!}–${times.at(-1)!}`,
    units: result.units.length,
  };
  const lagNote =
    lagClasses.scheme === "cutoffs"
      ? `Lag classes L1 … L${m}: cut-offs ${Array.from(lagClasses.cutoffs.data, formatNumber).join(", ")} of the spatial lag at the start of each transition.`
      : `Lag classes L1 … L${m}: ${m}-quantiles of the spatial lag (${lagClasses.scheme}), ${lagClasses.scheme === "pooled" ? `cut-offs ${Array.from(lagClasses.cutoffs.data, formatNumber).join(", ")}` : "per period"}, at the start of each transition.`;
  const notes = [
    classesNote(classes, variable, times),
    `Spatial lag L_it = Σ_j w_ij y_jt with row-standardised weights (Rey 2001). ${lagNote}`,
    ergodicNote(global),
    ...conditional.flatMap((c, j) => [
      ...(emptyNote(c, `${lagLabels[j]!}: `) !== undefined ? [emptyNote(c, `${lagLabels[j]!}: `)!] : []),
      ...(c.ergodic.status !== "unique" ? [`${lagLabels[j]!}: ${ergodicNote(c)}`] : []),
    ]),
  ];
  const meta = (name: string, title: string, extra: readonly string[]) => ({
    name,
    title,
    method: "spatial Markov chain (nqpf spatialMarkovPanel)",
    parameters,
    reference: REFERENCE_SPATIAL,
    notes: extra,
  });
  const parts = [
    { lag: "all", chain: global },
    ...conditional.map((c, j) => ({ lag: lagLabels[j]!, chain: c })),
  ].map(({ lag, chain }) =>
    table(
      chainColumns(chain, [
        stringColumn(
          "lag_class",
          classLabels(k).map(() => lag),
          { label: "neighbours' lag class at t" },
        ),
      ]),
    ),
  );
  const transitions = table(
    parts[0]!.columns.map((col, j) =>
      col.type === "number"
        ? numberColumn(
            col.name,
            parts.flatMap((t) => Array.from((t.columns[j] as typeof col).values)),
            col.meta,
          )
        : stringColumn(
            col.name,
            parts.flatMap((t) => (t.columns[j] as typeof col).values),
            col.meta,
          ),
    ),
    meta("spatial_markov_transitions", `Spatial Markov transition probabilities of ${variable}`, notes),
  );
  const tests = testsTable(
    [
      { test: "Q (Pearson χ²), homogeneity", statistic: h.q, dof: h.dof, p: h.qPValue },
      { test: "LR, homogeneity", statistic: h.lr, dof: h.dof, p: h.lrPValue },
      ...result.chiSquare.map((c, j) => ({
        test: `χ², ${lagLabels[j]!} vs global`,
        statistic: c.statistic,
        dof: c.dof,
        p: c.pValue,
      })),
    ],
    meta("spatial_markov_tests", `Homogeneity of ${variable}'s chain across lag classes`, [
      "H0: the transition probabilities do not depend on the neighbours' lag class. Q and LR with Σ_i (a_i − 1)(b_i − 1) degrees of freedom corrected for zero cells (Bickenbach & Bode 2003).",
      "χ² per lag class: Pearson statistic of that class's transitions against the pooled probabilities, with the free cells of its observed rows as degrees of freedom (giddy's chi2 gives the same statistic).",
      ...(h.status === "no-dof"
        ? [
            "No degrees of freedom remain for Q and LR after the zero-cell correction, so they have no p-value.",
          ]
        : []),
    ]),
  );
  const labels = classLabels(k);
  const units = table(
    [
      stringColumn(
        "entity",
        result.units.flatMap((e) => times.map(() => e)),
      ),
      numberColumn(
        "period",
        result.units.flatMap(() => times),
      ),
      numberColumn(variable, result.values.data),
      stringColumn(
        "class",
        Array.from(classes.classes.data, (c) => labels[c]!),
      ),
      numberColumn("spatial_lag", result.lag.data, { label: "Σ_j w_ij y_jt (row-standardised)" }),
      stringColumn(
        "lag_class",
        Array.from(lagClasses.classes.data, (c) => lagLabels[c]!),
      ),
    ],
    meta("spatial_markov_units", "Class and lag class of each unit and period", [notes[0]!, notes[1]!]),
  );
  return { transitions, tests, units };
}
