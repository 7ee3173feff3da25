/**
 * Combination of K base weight vectors w_1..w_K (each length m, ≥ 0, summing to 1) into one (methods.md §2.7):
 * multiplicative w_j ∝ Π_k w_kj, linear w = Σ_k α_k w_k, and the game-theory combination, in which α solves the
 * Gram system Σ_k α_k (w_l · w_k) = w_l · w_l (l = 1..K) and is then normalised as |α| / Σ|α|.
 */
import { NqpfInputError } from "../../errors.js";
import { fsum } from "../../math/fsum.js";
import { checkOneOf } from "./checks.js";

/** How base weight vectors are combined. */
export type CombineMethod = "multiplicative" | "linear" | "game-theory";

/** Options of `combineWeights`. */
export interface CombineWeightsOptions {
  readonly method: CombineMethod;
  /** Linear coefficients, one per base, each ≥ 0, summing to 1; default equal (1/K each). Ignored by the other methods. */
  readonly alpha?: readonly number[];
}

/** Combined weights with the coefficients used. */
export interface CombineWeightsResult {
  /** Length m, ≥ 0, sums to 1. */
  readonly weights: Float64Array;
  /** The α used, one per base (linear: the option; game theory: |α|/Σ|α|); empty for "multiplicative". */
  readonly coefficients: Float64Array;
  /** Game theory only: the α solving the Gram system, before normalisation (it may have negative entries). */
  readonly rawCoefficients?: Float64Array;
  readonly method: CombineMethod;
}

/**
 * Combines base weight vectors.
 *
 * - "multiplicative": w_j = Π_k w_kj / Σ_i Π_k w_ki.
 * - "linear": w_j = Σ_k α_k w_kj (two bases: α a_j + (1 − α) b_j).
 * - "game-theory": minimise Σ_l ‖Σ_k α_k w_k − w_l‖² over α; the first-order conditions are the Gram system
 *   Σ_k α_k (w_l · w_k) = w_l · w_l, solved by Gaussian elimination with partial pivoting; then α* = |α| / Σ_k |α_k|
 *   (the usual normalisation, which keeps the combined weights ≥ 0) and w = Σ_k α*_k w_k.
 *
 * Reference: multiplicative and linear synthesis, methods.md §2.7; game-theory combination weighting as
 * formulated in Lai, Chen, Chen, Wang, Wu & Zhao (2015), "A fuzzy comprehensive evaluation model for flood risk
 * based on the combination weight of game theory", Natural Hazards 77:1243–1259 [the normalisation |α|/Σ|α| is
 * the common practice in that literature].
 *
 * @param bases K ≥ 1 vectors of equal length m ≥ 1, each finite, ≥ 0 and summing to 1 (within 1e-9)
 * @param options method; alpha for "linear"
 * @returns combined weights and the coefficients used
 * @throws NqpfInputError (code "bad_value") when every indicator has a zero weight in some base ("multiplicative"), or when the bases are linearly dependent so the Gram system is singular ("game-theory")
 * @throws RangeError naming `combineWeights` for no bases, unequal lengths, negative, non-finite or non-normalised entries, or a bad alpha
 * @example
 * combineWeights([Float64Array.of(0.5, 0.5), Float64Array.of(0.2, 0.8)], { method: "multiplicative" }).weights
 * // => [0.2, 0.8]
 */
export function combineWeights(
  bases: readonly Float64Array[],
  options: CombineWeightsOptions,
): CombineWeightsResult {
  const fn = "combineWeights";
  const method = options.method;
  checkOneOf(fn, "method", method, ["multiplicative", "linear", "game-theory"]);
  const K = bases.length;
  if (K < 1) throw new RangeError(`${fn}: needs at least one base weight vector; got 0`);
  const m = bases[0]!.length;
  if (m < 1) throw new RangeError(`${fn}: base weight vectors must not be empty; got length 0`);
  bases.forEach((w, k) => {
    if (w.length !== m)
      throw new RangeError(
        `${fn}: every base must have length ${m} (the length of bases[0]); bases[${k}] has ${w.length}`,
      );
    w.forEach((v, j) => {
      if (!(Number.isFinite(v) && v >= 0))
        throw new RangeError(`${fn}: base weights must be finite and ≥ 0; bases[${k}][${j}] is ${v}`);
    });
    const sum = fsum(w);
    if (!(Math.abs(sum - 1) <= 1e-9))
      throw new RangeError(`${fn}: each base must sum to 1; bases[${k}] sums to ${sum}`);
  });

  if (method === "multiplicative") {
    const product = new Float64Array(m).fill(1);
    for (const w of bases) for (let j = 0; j < m; j++) product[j] = product[j]! * w[j]!;
    const total = fsum(product);
    if (!(total > 0))
      throw new NqpfInputError([
        {
          code: "bad_value",
          message:
            "multiplicative combination is undefined: every indicator has a zero weight in at least one base",
          hint: 'use the "linear" or "game-theory" combination',
        },
      ]);
    return { weights: product.map((p) => p / total), coefficients: new Float64Array(0), method };
  }

  if (method === "linear") {
    const alpha = options.alpha ?? new Array<number>(K).fill(1 / K);
    if (alpha.length !== K)
      throw new RangeError(`${fn}: alpha must have one entry per base (${K}); got ${alpha.length}`);
    alpha.forEach((a, k) => {
      if (!(Number.isFinite(a) && a >= 0))
        throw new RangeError(`${fn}: alpha must be finite and ≥ 0; alpha[${k}] is ${a}`);
    });
    const sum = fsum(alpha);
    if (!(Math.abs(sum - 1) <= 1e-9)) throw new RangeError(`${fn}: alpha must sum to 1; got ${sum}`);
    const coefficients = Float64Array.from(alpha);
    return { weights: mix(bases, coefficients, m), coefficients, method };
  }

  // method === "game-theory"
  const terms = new Float64Array(m);
  const gram = new Float64Array(K * K);
  for (let l = 0; l < K; l++)
    for (let k = l; k < K; k++) {
      for (let j = 0; j < m; j++) terms[j] = bases[l]![j]! * bases[k]![j]!;
      gram[l * K + k] = gram[k * K + l] = fsum(terms);
    }
  const rhs = Float64Array.from({ length: K }, (_, l) => gram[l * K + l]!);
  const raw = solve(gram, rhs, K);
  if (raw === undefined)
    throw new NqpfInputError([
      {
        code: "bad_value",
        message:
          "game-theory combination is undefined: the base weight vectors are linearly dependent (for example, two are identical)",
        hint: 'drop the duplicate base, or use the "linear" combination',
      },
    ]);
  const absolute = raw.map(Math.abs);
  const total = fsum(absolute);
  const coefficients = absolute.map((a) => a / total);
  return { weights: mix(bases, coefficients, m), coefficients, rawCoefficients: raw, method };
}

/** Σ_k α_k w_k, renormalised to sum exactly to 1 against rounding. */
function mix(bases: readonly Float64Array[], alpha: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m);
  const terms = new Float64Array(bases.length);
  for (let j = 0; j < m; j++) {
    bases.forEach((w, k) => (terms[k] = alpha[k]! * w[j]!));
    out[j] = fsum(terms);
  }
  const total = fsum(out);
  return out.map((v) => v / total);
}

/**
 * Solves A x = b (A K × K row-major, copied) by Gaussian elimination with partial pivoting; undefined when a
 * pivot is ≤ 1e-12 times the largest |entry| of A (singular to working precision).
 */
function solve(matrixA: Float64Array, b: Float64Array, K: number): Float64Array | undefined {
  const a = matrixA.slice();
  const x = b.slice();
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < K; c++) {
    let pivot = c;
    for (let r = c + 1; r < K; r++) if (Math.abs(a[r * K + c]!) > Math.abs(a[pivot * K + c]!)) pivot = r;
    if (!(Math.abs(a[pivot * K + c]!) > 1e-12 * scale)) return undefined;
    if (pivot !== c) {
      for (let k = 0; k < K; k++) {
        const t = a[c * K + k]!;
        a[c * K + k] = a[pivot * K + k]!;
        a[pivot * K + k] = t;
      }
      const t = x[c]!;
      x[c] = x[pivot]!;
      x[pivot] = t;
    }
    for (let r = c + 1; r < K; r++) {
      const f = a[r * K + c]! / a[c * K + c]!;
      if (f === 0) continue;
      for (let k = c; k < K; k++) a[r * K + k] = a[r * K + k]! - f * a[c * K + k]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let r = K - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < K; k++) s -= a[r * K + k]! * x[k]!;
    x[r] = s / a[r * K + r]!;
  }
  return x;
}
