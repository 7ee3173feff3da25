import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { combineWeights, type CombineMethod } from "../../../src/methods/composite/combine-weights.js";
import { expectAllClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { fixture, permutation, total } from "./weights-kit.js";

/** Weights sum to 1 and invariances hold to this (compensated sums, a K × K solve with K ≤ 4). */
const TIGHT = 1e-12;

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

describe("combineWeights reference values", () => {
  it("combineWeights(bases, {method: 'multiplicative' | 'linear'}) matches the hand-checked example", () => {
    const f = fixture<{ bases: number[][]; alpha: number[] }, { multiplicative: number[]; linear: number[] }>(
      "combine-weights",
      "hand-examples",
    );
    const bases = f.input.bases.map((b) => Float64Array.from(b));
    expectAllClose(combineWeights(bases, { method: "multiplicative" }).weights, f.expected.multiplicative, {
      abs: f.tolerance,
    });
    const linear = combineWeights(bases, { method: "linear", alpha: f.input.alpha });
    expectAllClose(linear.weights, f.expected.linear, { abs: f.tolerance });
    expect(Array.from(linear.coefficients)).toEqual(f.input.alpha);
  });

  for (const name of ["game-theory-three-bases", "game-theory-negative-coefficient"]) {
    it(`combineWeights(bases, {method: 'game-theory'}) matches numpy.linalg.solve of the Gram system (${name})`, () => {
      const f = fixture<
        { bases: number[][] },
        { weights: number[]; coefficients: number[]; rawCoefficients: number[] }
      >("combine-weights", name);
      const r = combineWeights(
        f.input.bases.map((b) => Float64Array.from(b)),
        { method: "game-theory" },
      );
      expectAllClose(r.weights, f.expected.weights, { abs: f.tolerance });
      expectAllClose(r.coefficients, f.expected.coefficients, { abs: f.tolerance });
      expectAllClose(r.rawCoefficients!, f.expected.rawCoefficients, { abs: f.tolerance });
    });
  }

  it("doc example: multiplicative combination of (0.5, 0.5) and (0.2, 0.8) is (0.2, 0.8)", () => {
    const r = combineWeights([Float64Array.of(0.5, 0.5), Float64Array.of(0.2, 0.8)], {
      method: "multiplicative",
    });
    expectAllClose(r.weights, [0.2, 0.8], { abs: 1e-15 });
    expect(r.coefficients).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

/** A weight vector of length m: positive draws normalised to sum 1. */
const simplex = (m: number) =>
  fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: m, maxLength: m }).map((v) => {
    const s = v.reduce((a, b) => a + b, 0);
    return Float64Array.from(v, (x) => x / s);
  });

/** K ∈ [1, 3] base vectors of a common length m ∈ [K + 1, 6] (the game-theory Gram system is then generically regular). */
const basesArb = fc
  .integer({ min: 1, max: 3 })
  .chain((K) =>
    fc.integer({ min: K + 1, max: 6 }).chain((m) => fc.array(simplex(m), { minLength: K, maxLength: K })),
  )
  .filter((bases) => gramCondition(bases) > 1e-6);

/** Smallest pivot of the Gram matrix's Cholesky factor, relative to its largest diagonal (a cheap regularity check). */
function gramCondition(bases: readonly Float64Array[]): number {
  const K = bases.length;
  const G = bases.map((a) => bases.map((b) => a.reduce((s, v, j) => s + v * b[j]!, 0)));
  const L = G.map((row) => row.map(() => 0));
  let smallest = Infinity;
  for (let i = 0; i < K; i++)
    for (let j = 0; j <= i; j++) {
      let s = G[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return 0;
        L[i]![i] = Math.sqrt(s);
        smallest = Math.min(smallest, s);
      } else L[i]![j] = s / L[j]![j]!;
    }
  return smallest / Math.max(...G.map((row, i) => row[i]!));
}

const methods: readonly CombineMethod[] = ["multiplicative", "linear", "game-theory"];

describe("combineWeights properties", () => {
  propTest.prop([basesArb, fc.constantFrom(...methods)])("weights are ≥ 0 and sum to 1", (bases, method) => {
    const r = combineWeights(bases, { method });
    expect(r.weights.every((w) => w >= 0)).toBe(true);
    expect(Math.abs(total(r.weights) - 1)).toBeLessThanOrEqual(TIGHT);
    if (method !== "multiplicative") {
      expect(r.coefficients.every((a) => a >= 0)).toBe(true);
      expect(Math.abs(total(r.coefficients) - 1)).toBeLessThanOrEqual(TIGHT);
    }
  });

  propTest.prop([
    basesArb.chain((bases) => fc.tuple(fc.constant(bases), permutation(bases[0]!.length))),
    fc.constantFrom(...methods),
  ])("permuting indicators permutes the combined weights", ([bases, order], method) => {
    const w = combineWeights(bases, { method }).weights;
    const permuted = bases.map((b) => Float64Array.from(order, (j) => b[j]!));
    expectAllClose(
      combineWeights(permuted, { method }).weights,
      order.map((j) => w[j]!),
      { abs: TIGHT },
    );
  });

  propTest.prop([basesArb.chain((bases) => fc.tuple(fc.constant(bases), permutation(bases.length)))])(
    "game theory: reordering the bases reorders the coefficients and leaves the weights unchanged",
    ([bases, order]) => {
      const r = combineWeights(bases, { method: "game-theory" });
      const p = combineWeights(
        order.map((k) => bases[k]!),
        { method: "game-theory" },
      );
      expectAllClose(p.weights, r.weights, { abs: 1e-9 });
      expectAllClose(
        p.coefficients,
        order.map((k) => r.coefficients[k]!),
        { abs: 1e-9 },
      );
    },
  );

  propTest.prop([basesArb])("game theory: the raw coefficients solve the Gram system", (bases) => {
    const raw = combineWeights(bases, { method: "game-theory" }).rawCoefficients!;
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, j) => s + v * b[j]!, 0);
    bases.forEach((wl) => {
      const lhs = bases.reduce((s, wk, k) => s + raw[k]! * dot(wl, wk), 0);
      expect(Math.abs(lhs - dot(wl, wl))).toBeLessThanOrEqual(
        1e-9 * Math.max(1, ...Array.from(raw, Math.abs)),
      );
    });
  });

  propTest.prop([
    basesArb.chain((bases) => fc.tuple(fc.constant(bases), fc.integer({ min: 0, max: bases.length - 1 }))),
  ])("linear with alpha = e_k returns base k; multiplicative with one base returns it", ([bases, k]) => {
    const alpha = bases.map((_, i) => (i === k ? 1 : 0));
    expectAllClose(combineWeights(bases, { method: "linear", alpha }).weights, bases[k]!, { abs: TIGHT });
    expectAllClose(combineWeights([bases[k]!], { method: "multiplicative" }).weights, bases[k]!, {
      abs: TIGHT,
    });
  });

  propTest.prop([basesArb])("the bases are not mutated", (bases) => {
    const before = bases.map((b) => b.slice());
    for (const method of methods) combineWeights(bases, { method });
    expect(bases).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("combineWeights edges and errors", () => {
  it("combineWeights: multiplicative with no indicator positive in every base → bad_value", () => {
    const issues = issuesOf(() =>
      combineWeights([Float64Array.of(1, 0), Float64Array.of(0, 1)], { method: "multiplicative" }),
    );
    expect(issues).toMatchObject([{ code: "bad_value" }]);
  });

  it("combineWeights: game theory with identical bases → bad_value (singular Gram system)", () => {
    const w = Float64Array.of(0.2, 0.3, 0.5);
    expect(issuesOf(() => combineWeights([w, w.slice()], { method: "game-theory" }))).toMatchObject([
      { code: "bad_value" },
    ]);
  });

  it("combineWeights: a single base is returned as is by every method", () => {
    const w = Float64Array.of(0.2, 0.3, 0.5);
    for (const method of methods) expectAllClose(combineWeights([w], { method }).weights, w, { abs: TIGHT });
  });

  it("combineWeights: linear defaults to equal alpha", () => {
    const r = combineWeights([Float64Array.of(0.6, 0.4), Float64Array.of(0.2, 0.8)], { method: "linear" });
    expectAllClose(r.weights, [0.4, 0.6], { abs: 1e-15 });
    expect(Array.from(r.coefficients)).toEqual([0.5, 0.5]);
  });

  it("combineWeights: misuse → RangeError naming combineWeights", () => {
    const a = Float64Array.of(0.5, 0.5);
    expect(() => combineWeights([], { method: "linear" })).toThrow(/^combineWeights: needs at least one/);
    expect(() => combineWeights([a, Float64Array.of(0.2, 0.3, 0.5)], { method: "linear" })).toThrow(
      /^combineWeights: every base must have length 2/,
    );
    expect(() => combineWeights([a, Float64Array.of(1.5, -0.5)], { method: "linear" })).toThrow(
      /^combineWeights: base weights must be finite and ≥ 0/,
    );
    expect(() => combineWeights([a, Float64Array.of(NaN, 0.5)], { method: "linear" })).toThrow(
      /^combineWeights: base weights must be finite/,
    );
    expect(() => combineWeights([a, Float64Array.of(0.5, 0.6)], { method: "linear" })).toThrow(
      /^combineWeights: each base must sum to 1/,
    );
    expect(() => combineWeights([a, a], { method: "linear", alpha: [1] })).toThrow(
      /^combineWeights: alpha must have/,
    );
    expect(() => combineWeights([a, a], { method: "linear", alpha: [0.5, 0.6] })).toThrow(
      /^combineWeights: alpha must sum to 1/,
    );
    expect(() => combineWeights([a, a], { method: "linear", alpha: [1.5, -0.5] })).toThrow(
      /^combineWeights: alpha must be finite and ≥ 0/,
    );
    expect(() => combineWeights([a], { method: "geometric" as never })).toThrow(/^combineWeights: method/);
  });
});
