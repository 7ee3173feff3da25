import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { criticWeights } from "../../../src/methods/composite/critic-weights.js";
import { normalize, type Direction } from "../../../src/methods/composite/normalize.js";
import { fromRows, matrix, type Matrix } from "../../../src/math/matrix.js";
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

/** Weights sum to 1 and permutation invariances hold to this (compensated sums). */
const TIGHT = 1e-12;
/** Rescaling a raw column changes x' by rounding only (~1e-14); correlations and weights follow. */
const RESCALE = 1e-9;

const minmax = (X: Matrix, directions?: readonly Direction[]) =>
  normalize(X, { shift: "none", ...(directions ? { directions } : {}) }).values;

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

describe("criticWeights reference values", () => {
  interface Input {
    X: number[][];
    directions: Direction[];
  }
  it("criticWeights(minmax(X)) matches Tuş & Aytaç Adalı (2019) without flipping criterion 1 (printed, 3 decimals)", () => {
    const f = fixture<Input, { weights: number[] }>("critic-weights", "tus-aytac-adali-2019");
    const r = criticWeights(minmax(fromRows(f.input.X), f.input.directions));
    expectAllClose(r.weights, f.expected.weights, { abs: f.tolerance });
  });

  it("criticWeights(minmax(X, ['-', '+', …])) matches the flipped [C] vector of methods.md §2.3 (3 decimals)", () => {
    const f = fixture<Input, { weights: number[] }>("critic-weights", "tus-aytac-adali-2019-flipped");
    const r = criticWeights(minmax(fromRows(f.input.X), f.input.directions));
    expectAllClose(r.weights, f.expected.weights, { abs: f.tolerance });
  });

  it("criticWeights variants (signed/absolute, sd/cv, flipped) match numpy at 1e-9", () => {
    interface VariantsInput {
      X: number[][];
      plainDirections: Direction[];
      flippedDirections: Direction[];
    }
    type Parts = { weights: number[]; sd: number[]; conflict: number[]; information: number[] };
    const f = fixture<VariantsInput, Record<string, Parts>>(
      "critic-weights",
      "tus-aytac-adali-2019-variants",
    );
    const X = fromRows(f.input.X);
    const plain = minmax(X, f.input.plainDirections);
    const flipped = minmax(X, f.input.flippedDirections);
    const cases = [
      ["signed-sd", plain, {}],
      ["signed-sd-flipped", flipped, {}],
      ["absolute-sd", plain, { correlation: "absolute" }],
      ["signed-cv", plain, { dispersion: "cv" }],
      ["absolute-cv-flipped", flipped, { correlation: "absolute", dispersion: "cv" }],
    ] as const;
    for (const [key, Z, options] of cases) {
      const r = criticWeights(Z, options);
      const e = f.expected[key]!;
      const tol = { abs: f.tolerance, labels: Array.from({ length: 6 }, (_, j) => `${key} ${j}`) };
      expectAllClose(r.weights, e.weights, tol);
      expectAllClose(r.sd, e.sd, tol);
      expectAllClose(r.conflict, e.conflict, tol);
      expectAllClose(r.information, e.information, tol);
    }
  });

  it("doc example: criticWeights(fromRows([[0, 0, 1], [0.5, 1, 0], [1, 0.5, 0.5]])).weights ≈ [0.25, 0.3125, 0.4375]", () => {
    // By hand: every σ = 0.5; r12 = 0.5, r13 = −0.5, r23 = −1; conflicts 2, 2.5, 3.5; C ∝ (2, 2.5, 3.5) / 8.
    const r = criticWeights(
      fromRows([
        [0, 0, 1],
        [0.5, 1, 0],
        [1, 0.5, 0.5],
      ]),
    );
    expectAllClose(r.weights, [0.25, 0.3125, 0.4375], { abs: 1e-15 });
    expectAllClose(r.correlation.data, [1, 0.5, -0.5, 0.5, 1, -1, -0.5, -1, 1], { abs: 1e-15 });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

/** Matrices with ≥ 2 columns whose min-max columns are not all perfectly correlated (CRITIC's conflict > 0). */
const criticMatrix = positiveMatrix({ minRows: 3, minCols: 2 }).filter((X) => {
  for (let j = 0; j < X.cols; j++) {
    let conflict = 0;
    for (let k = 0; k < X.cols; k++) conflict += 1 - Math.abs(pearson(X, j, k));
    if (!(conflict > 1e-6)) return false;
  }
  return true;
});

/** Plain two-pass Pearson correlation of columns j and k. */
function pearson(X: Matrix, j: number, k: number): number {
  const a = Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j]!);
  const b = Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + k]!);
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i]! - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe("criticWeights properties", () => {
  propTest.prop([
    criticMatrix,
    fc.constantFrom<"signed" | "absolute">("signed", "absolute"),
    fc.constantFrom<"sd" | "cv">("sd", "cv"),
  ])("weights are ≥ 0 and sum to 1 (raw and min-max data)", (X, correlation, dispersion) => {
    for (const Z of [X, minmax(X)]) {
      const r = criticWeights(Z, { correlation, dispersion });
      expect(r.weights.every((w) => w >= 0)).toBe(true);
      expect(Math.abs(total(r.weights) - 1)).toBeLessThanOrEqual(TIGHT);
    }
  });

  propTest.prop([
    criticMatrix.chain((X) =>
      fc.tuple(
        fc.constant(X),
        fc.integer({ min: 0, max: X.cols - 1 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      ),
    ),
  ])("invariant to positive rescaling of a raw column under min-max normalisation", ([X, j, c]) => {
    expectAllClose(criticWeights(minmax(scaleColumn(X, j, c))).weights, criticWeights(minmax(X)).weights, {
      abs: RESCALE,
    });
  });

  propTest.prop([criticMatrix.chain((X) => fc.tuple(fc.constant(X), permutation(X.rows)))])(
    "permuting rows leaves the weights unchanged",
    ([X, order]) => {
      expectAllClose(criticWeights(permuteRows(X, order)).weights, criticWeights(X).weights, { abs: TIGHT });
    },
  );

  propTest.prop([criticMatrix.chain((X) => fc.tuple(fc.constant(X), permutation(X.cols)))])(
    "permuting columns permutes the weights",
    ([X, order]) => {
      const w = criticWeights(X).weights;
      expectAllClose(
        criticWeights(permuteColumns(X, order)).weights,
        order.map((j) => w[j]!),
        { abs: TIGHT },
      );
    },
  );

  propTest.prop([criticMatrix, fc.constantFrom<0 | 1>(0, 1)])(
    "σ's ddof cancels in the weights",
    (X, ddof) => {
      expectAllClose(criticWeights(X, { ddof }).weights, criticWeights(X).weights, { abs: TIGHT });
    },
  );

  propTest.prop([criticMatrix])(
    "the correlation matrix is symmetric with unit diagonal and entries in [−1, 1]",
    (X) => {
      const { correlation: R } = criticWeights(X);
      for (let j = 0; j < R.rows; j++) {
        expect(R.data[j * R.cols + j]).toBe(1);
        for (let k = 0; k < R.cols; k++) {
          expect(R.data[j * R.cols + k]).toBe(R.data[k * R.cols + j]);
          expect(Math.abs(R.data[j * R.cols + k]!)).toBeLessThanOrEqual(1);
        }
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("criticWeights edges and errors", () => {
  it("criticWeights: constant columns → NqpfInputError naming each indicator", () => {
    const Z = fromRows([
      [0, 1, 3],
      [0.5, 1, 3],
      [1, 1, 3],
    ]);
    const issues = issuesOf(() => criticWeights(Z, { names: ["a", "b", "c"] }));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "b"],
      ["bad_value", "c"],
    ]);
    expect(issuesOf(() => criticWeights(Z))[0]!.column).toBe("indicator 2");
  });

  it("criticWeights: dispersion 'cv' with a non-positive mean → bad_value", () => {
    const Z = normalize(
      fromRows([
        [1, 4],
        [2, 1],
        [3, 5],
      ]),
      { method: "zscore" },
    ).values;
    expect(
      issuesOf(() => criticWeights(Z, { dispersion: "cv", names: ["x", "y"] })).map((i) => i.column),
    ).toEqual(["x", "y"]);
  });

  it("criticWeights: perfectly correlated indicators carry no information → bad_value for each", () => {
    const Z = fromRows([
      [0, 0],
      [0.5, 1],
      [1, 2],
    ]);
    expect(issuesOf(() => criticWeights(Z, { names: ["p", "q"] })).map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "p"],
      ["bad_value", "q"],
    ]);
    // Perfectly anti-correlated indicators do conflict.
    const anti = criticWeights(
      fromRows([
        [0, 1],
        [0.5, 0.5],
        [1, 0],
      ]),
    );
    expectAllClose(anti.weights, [0.5, 0.5]);
  });

  it("criticWeights: a single indicator gets weight 1", () => {
    expect(Array.from(criticWeights(fromRows([[0], [0.4], [1]])).weights)).toEqual([1]);
  });

  it("criticWeights: misuse → RangeError naming criticWeights", () => {
    expect(() => criticWeights(fromRows([[0, 1]]))).toThrow(/^criticWeights: Z needs at least 2 rows/);
    expect(() => criticWeights(matrix(2, 2, [0, 1, Infinity, 0]))).toThrow(
      /^criticWeights: values must be finite/,
    );
    expect(() => criticWeights(matrix(2, 2, [0, 1, 1, 0]), { names: ["a"] })).toThrow(
      /^criticWeights: names/,
    );
    expect(() => criticWeights(matrix(2, 2, [0, 1, 1, 0]), { correlation: "kendall" as never })).toThrow(
      /^criticWeights: correlation/,
    );
  });
});
