import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import { topsis } from "../../../src/methods/composite/topsis.js";
import type { Direction } from "../../../src/methods/composite/normalize.js";
import { expectAllClose } from "../../close.js";
import { fixture, permutation, permuteRows } from "./weights-kit.js";

/** Reference fixtures computed in numpy (test/reference/topsis/generate.py) agree to rounding. */
const NUMPY_TOL = 1e-9;

interface VectorInput {
  readonly X: number[][];
  readonly weights: number[];
  readonly directions: Direction[];
}

/** Classic TOPSIS vector normalisation r_ij = x_ij / √Σ_i x_ij², written out here so the test does not lean on normalize(). */
function vectorNormalised(rows: readonly (readonly number[])[]): Matrix {
  const X = fromRows(rows);
  const data = X.data.slice();
  for (let j = 0; j < X.cols; j++) {
    let sumSquares = 0;
    for (let i = 0; i < X.rows; i++) sumSquares += X.data[i * X.cols + j]! ** 2;
    for (let i = 0; i < X.rows; i++) data[i * X.cols + j] = X.data[i * X.cols + j]! / Math.sqrt(sumSquares);
  }
  return { data, rows: X.rows, cols: X.cols };
}

function runVector(input: VectorInput) {
  return topsis(vectorNormalised(input.X), Float64Array.from(input.weights), {
    directions: input.directions,
  });
}

describe("reference values", () => {
  for (const name of [
    "ersoy-2021-printed",
    "ersoy-2021-rounded-weights-printed",
    "mcdm-topsisvector-printed",
  ]) {
    const f = fixture<VectorInput, { closeness: number[] }>("topsis", name);
    it(`topsis(vector-normalised X, w, {directions}) matches ${name} (${f.source.slice(0, 60)}…)`, () => {
      expectAllClose(runVector(f.input).closeness, f.expected.closeness, { abs: f.tolerance });
    });
  }

  for (const name of ["ersoy-2021-numpy", "ersoy-2021-entropy-weights-numpy", "mcdm-topsisvector-numpy"]) {
    const f = fixture<VectorInput, { closeness: number[]; dPlus: number[]; dMinus: number[] }>(
      "topsis",
      name,
    );
    it(`topsis(vector-normalised X, w, {directions}) matches numpy for ${name}`, () => {
      expect(f.tolerance).toBe(NUMPY_TOL);
      const r = runVector(f.input);
      expectAllClose(r.closeness, f.expected.closeness, { abs: NUMPY_TOL });
      expectAllClose(r.dPlus, f.expected.dPlus, { abs: NUMPY_TOL });
      expectAllClose(r.dMinus, f.expected.dMinus, { abs: NUMPY_TOL });
      expect(r.status.every((s) => s === "ok")).toBe(true);
    });
  }

  it("topsis(x', w) matches the min-max entropy-TOPSIS vector of methods.md §2.8 (7 decimals)", () => {
    const f = fixture<{ Zprime: number[][]; weights: number[] }, { closeness: number[] }>(
      "topsis",
      "minmax-entropy-zp-printed",
    );
    const r = topsis(fromRows(f.input.Zprime), Float64Array.from(f.input.weights));
    expectAllClose(r.closeness, f.expected.closeness, { abs: f.tolerance });
  });

  it("topsis(x', w, {ideal: 'data' | 'unit'}) matches numpy on the Zavadskas–Podvezko min-max matrix", () => {
    const f = fixture<
      { Zprime: number[][]; weights: number[] },
      { closeness: number[]; dPlus: number[]; dMinus: number[]; closenessUnitIdeal: number[] }
    >("topsis", "minmax-entropy-zp-numpy");
    const Z = fromRows(f.input.Zprime);
    const w = Float64Array.from(f.input.weights);
    const data = topsis(Z, w, { ideal: "data" });
    expectAllClose(data.closeness, f.expected.closeness, { abs: NUMPY_TOL });
    expectAllClose(data.dPlus, f.expected.dPlus, { abs: NUMPY_TOL });
    expectAllClose(data.dMinus, f.expected.dMinus, { abs: NUMPY_TOL });
    const unit = topsis(Z, w, { ideal: "unit" });
    expectAllClose(unit.closeness, f.expected.closenessUnitIdeal, { abs: NUMPY_TOL });
    expectAllClose(unit.idealBest, w, { abs: 0 });
    expectAllClose(unit.idealWorst, [0, 0, 0, 0], { abs: 0 });
  });

  it("the @example: topsis([[0, 0], [1, 1], [1, 0]], [0.5, 0.5]).closeness is [0, 1, 0.5]", () => {
    const r = topsis(
      fromRows([
        [0, 0],
        [1, 1],
        [1, 0],
      ]),
      Float64Array.of(0.5, 0.5),
    );
    expectAllClose(r.closeness, [0, 1, 0.5], { abs: 1e-15 });
  });
});

/** Values in [0, 1]: a grid of thousandths (ties, exact 0 and 1) or doubles ≥ 1e-6 (no subnormal underflow in the squares). */
const unitValue = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
  fc.double({ min: 1e-6, max: 1, noNaN: true }),
);

const unitMatrix = fc
  .record({ rows: fc.integer({ min: 2, max: 7 }), cols: fc.integer({ min: 1, max: 5 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      Z: fc
        .array(unitValue, { minLength: rows * cols, maxLength: rows * cols })
        .map((values): Matrix => ({ data: Float64Array.from(values), rows, cols })),
      weights: fc
        .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: cols, maxLength: cols })
        .map((w) => Float64Array.from(w)),
      directions: fc.array(fc.constantFrom<Direction>("+", "-"), { minLength: cols, maxLength: cols }),
      ideal: fc.constantFrom<"data" | "unit">("data", "unit"),
    }),
  );

describe("properties", () => {
  propTest.prop([unitMatrix])(
    "topsis closeness lies in [0, 1] (or is NaN with status degenerate)",
    ({ Z, weights, directions, ideal }) => {
      const r = topsis(Z, weights, { directions, ideal });
      r.closeness.forEach((c, i) => {
        if (r.status[i] === "degenerate") expect(c).toBeNaN();
        else {
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(1);
        }
      });
    },
  );

  propTest.prop([
    unitMatrix.chain((input) => fc.record({ input: fc.constant(input), order: permutation(input.Z.rows) })),
  ])("topsis is permutation-equivariant: permuting units permutes the closeness", ({ input, order }) => {
    const { Z, weights, directions, ideal } = input;
    const base = topsis(Z, weights, { directions, ideal });
    const permuted = topsis(permuteRows(Z, order), weights, { directions, ideal });
    expectAllClose(
      permuted.closeness,
      order.map((i) => base.closeness[i]!),
      { abs: 1e-15 },
    );
  });

  propTest.prop([
    unitMatrix,
    fc.integer({ min: 0, max: 6 }),
    fc.double({ min: 0.01, max: 0.5, noNaN: true }),
  ])(
    "a unit that is strictly best on every criterion gets closeness 1 with ideal 'data'",
    ({ Z, weights, directions }, slot, margin) => {
      const best = slot % Z.rows;
      const data = Z.data.slice();
      for (let j = 0; j < Z.cols; j++) {
        let hi = -Infinity;
        let lo = Infinity;
        for (let i = 0; i < Z.rows; i++) {
          if (i === best) continue;
          hi = Math.max(hi, Z.data[i * Z.cols + j]!);
          lo = Math.min(lo, Z.data[i * Z.cols + j]!);
        }
        data[best * Z.cols + j] = directions[j] === "+" ? hi + margin : lo - margin;
      }
      const r = topsis({ ...Z, data }, weights, { directions, ideal: "data" });
      expect(r.closeness[best]).toBe(1);
      expect(r.dPlus[best]).toBe(0);
    },
  );

  propTest.prop([unitMatrix, fc.double({ min: 0.1, max: 10, noNaN: true })])(
    "topsis closeness is unchanged when every weight is scaled by the same factor",
    ({ Z, weights, directions, ideal }, factor) => {
      const a = topsis(Z, weights, { directions, ideal });
      const b = topsis(
        Z,
        weights.map((w) => w * factor),
        { directions, ideal },
      );
      expectAllClose(b.closeness, a.closeness, { abs: 1e-12 });
    },
  );

  it("topsis(Z, w, {scope: 'by-period'}) equals topsis on each period's rows", () => {
    const Z = fromRows([
      [0.1, 0.9],
      [0.5, 0.2],
      [0.7, 0.4],
      [0.3, 0.3],
      [0.9, 0.8],
      [0.2, 0.6],
    ]);
    const w = Float64Array.of(0.6, 0.4);
    const groups = Int32Array.of(0, 1, 0, 1, 0, 1);
    const r = topsis(Z, w, { scope: "by-period", groups, directions: ["+", "-"] });
    for (const g of [0, 1]) {
      const rows = [0, 1, 2, 3, 4, 5].filter((i) => groups[i] === g);
      const sub = topsis(fromRows(rows.map((i) => [Z.data[2 * i]!, Z.data[2 * i + 1]!])), w, {
        directions: ["+", "-"],
      });
      expectAllClose(
        rows.map((i) => r.closeness[i]!),
        sub.closeness,
        { abs: 1e-15 },
      );
      expectAllClose(r.idealBest.subarray(2 * g, 2 * g + 2), sub.idealBest, { abs: 0 });
      expectAllClose(r.idealWorst.subarray(2 * g, 2 * g + 2), sub.idealWorst, { abs: 0 });
    }
    expect(r.idealBest.length).toBe(4);
  });
});

describe("edges and errors", () => {
  it("topsis marks units of a period whose weighted columns are all constant as degenerate (NaN closeness)", () => {
    const r = topsis(
      fromRows([
        [0.5, 0.5],
        [0.5, 0.5],
        [0.1, 0.9],
      ]),
      Float64Array.of(0.5, 0.5),
      {
        scope: "by-period",
        groups: Int32Array.of(0, 0, 1),
      },
    );
    expect(r.status).toEqual(["degenerate", "degenerate", "degenerate"]);
    expect(Array.from(r.closeness).every(Number.isNaN)).toBe(true);
  });

  it("topsis with distances that underflow (values near 1e-160) reports status degenerate, not a bare NaN (fast-check counterexample)", () => {
    const r = topsis(
      fromRows([
        [0, 1.4007145586302854e-160],
        [0, 0],
        [0, 0],
      ]),
      Float64Array.of(0.01, 0.010000000000000005),
    );
    r.closeness.forEach((c, i) => {
      expect(Number.isNaN(c)).toBe(r.status[i] === "degenerate");
    });
  });

  it("topsis ignores a zero-weight column when locating the ideal", () => {
    const r = topsis(
      fromRows([
        [1, 0],
        [0, 1],
      ]),
      Float64Array.of(1, 0),
    );
    expectAllClose(r.closeness, [1, 0], { abs: 0 });
  });

  it("topsis throws RangeError naming the function for shape mismatches and bad values", () => {
    const Z = fromRows([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    expect(() => topsis(Z, Float64Array.of(1))).toThrow(/^topsis: weights must have length 2/);
    expect(() => topsis(Z, Float64Array.of(1, -1))).toThrow(/^topsis: weights must be finite and ≥ 0/);
    expect(() => topsis(Z, Float64Array.of(1, 1), { directions: ["+"] })).toThrow(
      /^topsis: directions must have length 2/,
    );
    expect(() =>
      topsis(
        fromRows([
          [Number.NaN, 1],
          [1, 1],
        ]),
        Float64Array.of(1, 1),
      ),
    ).toThrow(/^topsis: Z must be finite/);
    expect(() => topsis(Z, Float64Array.of(1, 1), { scope: "by-period" })).toThrow(
      /^topsis: scope "by-period" needs groups/,
    );
    expect(() => topsis(Z, Float64Array.of(1, 1), { scope: "by-period", groups: Int32Array.of(0) })).toThrow(
      /^topsis: groups must have length 2/,
    );
    expect(() =>
      topsis(Z, Float64Array.of(1, 1), { scope: "by-period", groups: Int32Array.of(0, 2) }),
    ).toThrow(/^topsis: every period index/);
    expect(() => topsis(Z, Float64Array.of(1, 1), { ideal: "bad" as "data" })).toThrow(/^topsis: ideal/);
  });
});
