/**
 * Analytic hierarchy process (Saaty): A is an n × n positive reciprocal pairwise-comparison matrix
 * (a_ij = how much more important criterion i is than j, a_ji = 1/a_ij, a_ii = 1); w the priority
 * vector (sum 1), λ_max the principal eigenvalue, CI = (λ_max − n)/(n − 1), CR = CI/RI_n.
 */

import { NqpfInputError, type InputIssue } from "../../errors.js";
import type { Matrix } from "../../math/matrix.js";

/**
 * Saaty's random consistency index RI_n for n = 1..15 (index n − 1).
 * Reference: as tabulated in the AHPWR R package source (methods.md §2.6); Saaty (1980), The Analytic
 * Hierarchy Process, McGraw-Hill.
 */
export const AHP_RANDOM_INDEX: readonly number[] = Object.freeze([
  0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
]);

/** "eigen": principal right eigenvector; "geometric": normalised row geometric means; "column-average": mean of the column-normalised matrix (sum-product method). */
export type AhpMethod = "eigen" | "geometric" | "column-average";

export interface AhpOptions {
  /** Default "eigen". */
  readonly method?: AhpMethod;
  /** Accept CR ≥ 0.1 instead of throwing (the result's `consistent` is then false). */
  readonly force?: boolean;
  /** Criterion names, used in error messages. */
  readonly names?: readonly string[];
  /** RI table indexed by n − 1 (default `AHP_RANDOM_INDEX`), e.g. a simulated table. */
  readonly randomIndex?: readonly number[];
}

export interface AhpResult {
  /** Priority weights, length n, positive, summing to 1. */
  readonly weights: Float64Array;
  /** λ_max = (1/n)·Σ_i (A w)_i / w_i (the principal eigenvalue for the eigen method). */
  readonly lambdaMax: number;
  /** CI = (λ_max − n)/(n − 1), floored at 0 (λ_max ≥ n holds for every reciprocal A; the floor removes rounding); 0 for n ≤ 2. */
  readonly ci: number;
  /** CR = CI/RI_n; 0 for n ≤ 2. */
  readonly cr: number;
  readonly ri: number;
  /** CR < 0.1. */
  readonly consistent: boolean;
  readonly method: AhpMethod;
}

const RECIPROCAL_TOLERANCE = 1e-9;
const CR_THRESHOLD = 0.1;

/**
 * AHP priority weights and consistency ratio of a pairwise-comparison matrix.
 *
 * eigen: A w = λ_max w by power iteration (A is positive, so the Perron vector is positive and unique);
 * geometric: w_i ∝ (Π_j a_ij)^(1/n); column-average: w_i = (1/n) Σ_j a_ij / Σ_k a_kj.
 * λ_max = (1/n) Σ_i (A w)_i / w_i; CI = (λ_max − n)/(n − 1); CR = CI / RI_n; accepted when CR < 0.1.
 *
 * Reference: Saaty (1977), Journal of Mathematical Psychology 15(3):234–281,
 * doi:10.1016/0022-2496(77)90033-5; Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill.
 *
 * @param A n × n, positive, reciprocal within 1e-9 (|a_ij·a_ji − 1| ≤ 1e-9), unit diagonal, n ≤ 15 (or the length of `randomIndex`)
 * @param options method, force, names, randomIndex
 * @returns weights, λ_max, CI, CR, RI and whether CR < 0.1
 * @throws NqpfInputError (code "bad_value") for a non-positive, non-reciprocal or non-unit-diagonal
 *   entry, for n beyond the RI table, and for CR ≥ 0.1 unless `force`; RangeError for a non-square or
 *   non-finite matrix
 * @example
 * ahp(fromRows([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])).cr
 * // => 0.0331992 (to 7 decimals)
 */
export function ahp(A: Matrix, options: AhpOptions = {}): AhpResult {
  const n = A.rows;
  const method = options.method ?? "eigen";
  const randomIndex = options.randomIndex ?? AHP_RANDOM_INDEX;
  if (A.cols !== n || n < 1)
    throw new RangeError(`ahp: A must be square and non-empty; got ${A.rows} × ${A.cols}`);
  if (!["eigen", "geometric", "column-average"].includes(method)) {
    throw new RangeError(`ahp: method must be "eigen", "geometric" or "column-average"; got ${method}`);
  }
  if (options.names !== undefined && options.names.length !== n) {
    throw new RangeError(`ahp: names must have one entry per criterion (${n}); got ${options.names.length}`);
  }
  for (let k = 0; k < n * n; k++) {
    if (!Number.isFinite(A.data[k]!)) {
      throw new RangeError(`ahp: A must be finite; got ${A.data[k]} at (${Math.floor(k / n)}, ${k % n})`);
    }
  }
  const label = (i: number): string => options.names?.[i] ?? `indicator ${i + 1}`;
  const at = (i: number, j: number): number => A.data[i * n + j]!;

  const issues: InputIssue[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!(at(i, j) > 0)) {
        issues.push({
          code: "bad_value",
          column: label(i),
          message: `pairwise judgement a(${label(i)}, ${label(j)}) = ${at(i, j)} is not positive`,
          hint: "use Saaty's 1–9 scale and its reciprocals (1/2 … 1/9); every entry must be > 0",
        });
      }
    }
  }
  if (issues.length === 0) {
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(at(i, i) - 1) <= RECIPROCAL_TOLERANCE)) {
        issues.push({
          code: "bad_value",
          column: label(i),
          message: `diagonal judgement a(${label(i)}, ${label(i)}) = ${at(i, i)}; it must be 1`,
          hint: "a criterion compared with itself is equally important: set the diagonal to 1",
        });
      }
      for (let j = i + 1; j < n; j++) {
        if (!(Math.abs(at(i, j) * at(j, i) - 1) <= RECIPROCAL_TOLERANCE)) {
          issues.push({
            code: "bad_value",
            column: label(i),
            message: `a(${label(i)}, ${label(j)}) = ${at(i, j)} but a(${label(j)}, ${label(i)}) = ${at(j, i)}; they must be reciprocal`,
            hint: `set a(${label(j)}, ${label(i)}) = 1/${at(i, j)} exactly (write the fraction, not a rounded decimal such as 0.333)`,
          });
        }
      }
    }
  }
  if (n > randomIndex.length) {
    issues.push({
      code: "bad_value",
      message: `the pairwise matrix compares ${n} criteria; the random index RI is tabulated for at most ${randomIndex.length}`,
      hint: "group the criteria into sub-criteria so that no matrix compares more than 15 items",
    });
  }
  if (issues.length > 0) throw new NqpfInputError(issues);

  const weights =
    method === "eigen"
      ? perronVector(A)
      : method === "geometric"
        ? geometricWeights(A)
        : columnAverageWeights(A);

  let ratioSum = 0;
  for (let i = 0; i < n; i++) {
    let product = 0;
    for (let j = 0; j < n; j++) product += at(i, j) * weights[j]!;
    ratioSum += product / weights[i]!;
  }
  const lambdaMax = ratioSum / n;
  const ri = randomIndex[n - 1]!;
  const ci = n <= 2 ? 0 : Math.max(0, (lambdaMax - n) / (n - 1));
  const cr = n <= 2 || ci === 0 ? 0 : ci / ri;
  if (!Number.isFinite(cr)) {
    throw new RangeError(`ahp: randomIndex[${n - 1}] must be positive for n = ${n}; got ${ri}`);
  }
  const consistent = cr < CR_THRESHOLD;
  if (!consistent && options.force !== true) {
    let worst = { i: 0, j: 1, gap: -1 };
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const gap = Math.abs(Math.log((at(i, j) * weights[j]!) / weights[i]!));
        if (gap > worst.gap) worst = { i, j, gap };
      }
    }
    const implied = weights[worst.i]! / weights[worst.j]!;
    throw new NqpfInputError([
      {
        code: "bad_value",
        message: `the pairwise comparison matrix is inconsistent: CR = ${cr.toFixed(4)} ≥ ${CR_THRESHOLD}`,
        hint: `revise the judgements; a(${label(worst.i)}, ${label(worst.j)}) = ${at(worst.i, worst.j)} disagrees most with the weights (their ratio is ${implied.toPrecision(3)}); or set force: true to accept the matrix`,
      },
    ]);
  }
  return { weights, lambdaMax, ci, cr, ri, consistent, method };
}

function geometricWeights(A: Matrix): Float64Array {
  const n = A.rows;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let logSum = 0;
    for (let j = 0; j < n; j++) logSum += Math.log(A.data[i * n + j]!);
    weights[i] = Math.exp(logSum / n);
  }
  return normalised(weights);
}

function columnAverageWeights(A: Matrix): Float64Array {
  const n = A.rows;
  const weights = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let columnSum = 0;
    for (let i = 0; i < n; i++) columnSum += A.data[i * n + j]!;
    for (let i = 0; i < n; i++) weights[i] = weights[i]! + A.data[i * n + j]! / columnSum / n;
  }
  return normalised(weights);
}

/** Principal right eigenvector of a positive matrix by power iteration from the geometric-mean weights. */
function perronVector(A: Matrix): Float64Array {
  const n = A.rows;
  let w = geometricWeights(A);
  const next = new Float64Array(n);
  for (let iteration = 0; iteration < 100_000; iteration++) {
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let j = 0; j < n; j++) value += A.data[i * n + j]! * w[j]!;
      next[i] = value;
    }
    const candidate = normalised(next);
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(candidate[i]! - w[i]!));
    w = candidate;
    if (change <= 1e-15) return w;
  }
  throw new RangeError("ahp: the power iteration for the principal eigenvector did not converge");
}

function normalised(values: Float64Array): Float64Array {
  let total = 0;
  for (const v of values) total += v;
  return values.map((v) => v / total);
}
