import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import {
  coefficientOfVariationWeights,
  standardDeviationWeights,
} from "../../../src/methods/composite/variation-weights.js";
import { fromRows, matrix } from "../../../src/math/matrix.js";
import { expectAllClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import {
  fixture,
  permutation,
  permuteColumns,
  permuteRows,
  positiveMatrix,
  scaleColumn,
  total,
} from "./weights-kit.js";

/** Weights sum to 1 and invariances hold to this (compensated sums). */
const TIGHT = 1e-12;

const methods = [
  ["coefficientOfVariationWeights", coefficientOfVariationWeights],
  ["standardDeviationWeights", standardDeviationWeights],
] as const;

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

describe("variation weights reference values", () => {
  type Input = { X: number[][] };
  it("coefficientOfVariationWeights(X) matches Shuai et al. (2012) on the Xu (2004) matrix (4 decimals)", () => {
    const f = fixture<Input, { weights: number[] }>("variation-weights", "shuai-2012");
    expectAllClose(coefficientOfVariationWeights(fromRows(f.input.X)).weights, f.expected.weights, {
      abs: f.tolerance,
    });
  });

  it("coefficientOfVariationWeights(X) matches numpy's unrounded weights and V_j (ddof 1)", () => {
    const f = fixture<Input, { weights: number[]; dispersion: number[] }>(
      "variation-weights",
      "shuai-2012-unrounded",
    );
    const r = coefficientOfVariationWeights(fromRows(f.input.X));
    expectAllClose(r.weights, f.expected.weights, { abs: f.tolerance });
    expectAllClose(r.dispersion, f.expected.dispersion, { abs: f.tolerance });
  });

  it("standardDeviationWeights(X) matches Sałabun et al. (2020) (3 decimals)", () => {
    const f = fixture<Input, { weights: number[] }>("variation-weights", "salabun-2020");
    expectAllClose(standardDeviationWeights(fromRows(f.input.X)).weights, f.expected.weights, {
      abs: f.tolerance,
    });
  });

  it("standardDeviationWeights(X) matches numpy's unrounded weights and σ_j (ddof 1)", () => {
    const f = fixture<Input, { weights: number[]; dispersion: number[] }>(
      "variation-weights",
      "salabun-2020-unrounded",
    );
    const r = standardDeviationWeights(fromRows(f.input.X));
    expectAllClose(r.weights, f.expected.weights, { abs: f.tolerance });
    expectAllClose(r.dispersion, f.expected.dispersion, { abs: f.tolerance });
  });

  it("doc examples: CV weights of [[1, 10], [3, 20]] are [0.6, 0.4]; SD weights are [1/6, 5/6]", () => {
    // By hand: σ = (√2, √50), means (2, 15): V = (√2/2, √50/15) = (0.7071, 0.4714) → (0.6, 0.4); σ ∝ (1, 5).
    const X = fromRows([
      [1, 10],
      [3, 20],
    ]);
    expectAllClose(coefficientOfVariationWeights(X).weights, [0.6, 0.4], { abs: 1e-15 });
    expectAllClose(standardDeviationWeights(X).weights, [0.16666666666666666, 0.8333333333333334], {
      abs: 1e-15,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

describe("variation weights properties", () => {
  for (const [name, weightsOf] of methods) {
    propTest.prop([positiveMatrix({ minRows: 2 })])(`${name}: weights are ≥ 0 and sum to 1`, (X) => {
      const { weights } = weightsOf(X);
      expect(weights.every((w) => w >= 0)).toBe(true);
      expect(Math.abs(total(weights) - 1)).toBeLessThanOrEqual(TIGHT);
    });

    propTest.prop([positiveMatrix().chain((X) => fc.tuple(fc.constant(X), permutation(X.rows)))])(
      `${name}: permuting rows leaves the weights unchanged`,
      ([X, order]) => {
        expectAllClose(weightsOf(permuteRows(X, order)).weights, weightsOf(X).weights, { abs: TIGHT });
      },
    );

    propTest.prop([positiveMatrix().chain((X) => fc.tuple(fc.constant(X), permutation(X.cols)))])(
      `${name}: permuting columns permutes the weights`,
      ([X, order]) => {
        const w = weightsOf(X).weights;
        expectAllClose(
          weightsOf(permuteColumns(X, order)).weights,
          order.map((j) => w[j]!),
          { abs: TIGHT },
        );
      },
    );

    propTest.prop([positiveMatrix(), fc.constantFrom<0 | 1>(0, 1)])(
      `${name}: ddof cancels in the weights`,
      (X, ddof) => {
        expectAllClose(weightsOf(X, { ddof }).weights, weightsOf(X).weights, { abs: TIGHT });
      },
    );
  }

  propTest.prop([
    positiveMatrix().chain((X) =>
      fc.tuple(
        fc.constant(X),
        fc.integer({ min: 0, max: X.cols - 1 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      ),
    ),
  ])("coefficientOfVariationWeights is invariant to positive rescaling of a column", ([X, j, c]) => {
    expectAllClose(
      coefficientOfVariationWeights(scaleColumn(X, j, c)).weights,
      coefficientOfVariationWeights(X).weights,
      {
        abs: 1e-12,
      },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("variation weights edges and errors", () => {
  const X = fromRows([
    [1, 4, 2],
    [2, 4, 2],
    [3, 4, 2],
  ]);
  for (const [name, weightsOf] of methods) {
    it(`${name}: constant columns → NqpfInputError naming each indicator`, () => {
      const issues = issuesOf(() => weightsOf(X, { names: ["a", "b", "c"] }));
      expect(issues.map((i) => [i.code, i.column])).toEqual([
        ["bad_value", "b"],
        ["bad_value", "c"],
      ]);
      expect(issuesOf(() => weightsOf(X))[0]!.column).toBe("indicator 2");
    });

    it(`${name}: misuse → RangeError naming ${name}`, () => {
      expect(() => weightsOf(fromRows([[1, 2]]))).toThrow(new RegExp(`^${name}: X needs at least 2 rows`));
      expect(() => weightsOf(matrix(2, 1, [1, NaN]))).toThrow(new RegExp(`^${name}: X must be finite`));
      expect(() => weightsOf(X, { names: ["a"] })).toThrow(new RegExp(`^${name}: names`));
      expect(() => weightsOf(X, { ddof: 2 as never })).toThrow(new RegExp(`^${name}: ddof`));
    });
  }

  it("coefficientOfVariationWeights: a column with mean ≤ 0 → bad_value; standardDeviationWeights accepts it", () => {
    const Y = fromRows([
      [1, -3],
      [2, 1],
      [4, 0],
    ]);
    expect(issuesOf(() => coefficientOfVariationWeights(Y, { names: ["x", "y"] }))).toMatchObject([
      { code: "bad_value", column: "y" },
    ]);
    expect(Math.abs(total(standardDeviationWeights(Y).weights) - 1)).toBeLessThanOrEqual(TIGHT);
  });
});
