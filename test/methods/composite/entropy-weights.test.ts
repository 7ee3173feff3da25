import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { entropyWeights } from "../../../src/methods/composite/entropy-weights.js";
import { normalize, type Direction, type MinMaxShift } from "../../../src/methods/composite/normalize.js";
import { fromRows, matrix, takeMatrixRows, type Matrix } from "../../../src/math/matrix.js";
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

/** Weights sum to 1 and invariances hold to this (compensated sums; min-max rounding ~1e-14). */
const TIGHT = 1e-12;
/** Rescaling a raw column changes x' by rounding only; entropy amplifies it by at most ~1/ln n. */
const RESCALE = 1e-9;

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

describe("entropyWeights reference values", () => {
  interface Published {
    X: number[][];
  }
  for (const [name, label] of [
    ["xu-2004", "Xu (2004)"],
    ["zavadskas-podvezko-2016", "Zavadskas & Podvezko (2016)"],
    ["ersoy-2021", "Ersoy (2021)"],
    ["lee-chang-2018", "Lee & Chang (2018)"],
  ] as const) {
    const f = fixture<Published, { weights: number[] }>("entropy-weights", name);
    it(`entropyWeights(X) on raw data matches ${label} at its printed precision`, () => {
      expectAllClose(entropyWeights(fromRows(f.input.X)).weights, f.expected.weights, { abs: f.tolerance });
    });
  }

  it("entropyWeights(X) on the Ersoy (2021) matrix matches the unrounded [C] weights and entropies", () => {
    const f = fixture<Published, { weights: number[]; entropy: number[] }>(
      "entropy-weights",
      "ersoy-2021-unrounded",
    );
    const r = entropyWeights(fromRows(f.input.X));
    expectAllClose(r.weights, f.expected.weights, { abs: f.tolerance });
    expectAllClose(r.entropy, f.expected.entropy, { abs: f.tolerance });
  });

  it("entropyWeights on the Zavadskas–Podvezko matrix matches the methods.md [C] variant table (numpy, 1e-9)", () => {
    interface Input {
      X: number[][];
      directions: Direction[];
      delta: number;
    }
    type Vectors = { weights: number[]; entropy: number[] };
    const f = fixture<Input, { variants: Record<string, Vectors>; scoresAdd: number[] }>(
      "entropy-weights",
      "zavadskas-podvezko-variants",
    );
    const X = fromRows(f.input.X);
    const tol = { abs: f.tolerance };
    const raw = entropyWeights(X);
    expectAllClose(raw.weights, f.expected.variants.raw!.weights, tol);
    expectAllClose(raw.entropy, f.expected.variants.raw!.entropy, tol);
    for (const shift of ["none", "add", "interval", "affine"] as const satisfies readonly MinMaxShift[]) {
      const z = normalize(X, { directions: f.input.directions, shift, delta: f.input.delta });
      const r = entropyWeights(z.values);
      expectAllClose(r.weights, f.expected.variants[shift]!.weights, { ...tol, labels: [shift] });
      expectAllClose(r.entropy, f.expected.variants[shift]!.entropy, tol);
      expectAllClose(
        r.divergence,
        r.entropy.map((e) => 1 - e),
        { abs: 1e-15 },
      );
      if (shift === "add") {
        // Scores S_i = Σ_j w_j x'_ij on the unshifted values.
        const scores = Array.from({ length: X.rows }, (_, i) =>
          r.weights.reduce((s, w, j) => s + w * z.unshifted.data[i * X.cols + j]!, 0),
        );
        expectAllClose(scores, f.expected.scoresAdd, tol);
      }
    }
  });

  it("entropyWeights panel vs per-year matches methods.md [C] (global, per-period, mean-of-periods)", () => {
    interface Input {
      X: number[][];
      groups: number[];
      directions: Direction[];
      delta: number;
    }
    interface Expected {
      globalWeights: number[];
      globalScores: number[];
      perYear: { weights: number[]; entropy: number[] }[];
      meanOfYears: number[];
    }
    const f = fixture<Input, Expected>("entropy-weights", "panel-vs-per-year");
    const X = fromRows(f.input.X);
    const groups = Int32Array.from(f.input.groups);
    const tol = { abs: f.tolerance };
    const pooledZ = normalize(X, { directions: f.input.directions, delta: f.input.delta });
    const global = entropyWeights(pooledZ.values);
    expectAllClose(global.weights, f.expected.globalWeights, tol);
    const scores = Array.from({ length: X.rows }, (_, i) =>
      global.weights.reduce((s, w, j) => s + w * pooledZ.unshifted.data[i * X.cols + j]!, 0),
    );
    expectAllClose(scores, f.expected.globalScores, tol);

    const yearZ = normalize(X, { directions: f.input.directions, scope: "by-period", groups });
    for (const mode of ["per-period", "mean-of-periods"] as const) {
      const r = entropyWeights(yearZ.values, { mode, groups });
      expect(r.perPeriod).toHaveLength(2);
      r.perPeriod!.forEach((p, g) => {
        expect(p.group).toBe(g);
        expectAllClose(p.weights, f.expected.perYear[g]!.weights, tol);
        expectAllClose(p.entropy, f.expected.perYear[g]!.entropy, tol);
      });
      expectAllClose(r.weights, f.expected.meanOfYears, tol);
    }
  });

  it("doc example: entropyWeights(Xu 2004 matrix).weights ≈ [0.4630, 0.3992, 0.1378, 0.0000]", () => {
    const r = entropyWeights(
      fromRows([
        [30, 30, 38, 29],
        [19, 54, 86, 29],
        [19, 15, 85, 28.9],
        [68, 70, 60, 29],
      ]),
    );
    expectAllClose(r.weights, [0.463, 0.3992, 0.1378, 0.0], { abs: 5e-5 });
    expect(r.weights[3]).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

/** Min-max with the default shift: the usual input of entropyWeights. */
const minmaxAdd = (X: Matrix) => normalize(X).values;

describe("entropyWeights properties", () => {
  propTest.prop([positiveMatrix()])("weights are ≥ 0 and sum to 1, on raw and on normalised data", (X) => {
    for (const P of [X, minmaxAdd(X), normalize(X, { shift: "none" }).values]) {
      const r = entropyWeights(P);
      expect(r.weights.every((w) => w >= 0)).toBe(true);
      expect(Math.abs(total(r.weights) - 1)).toBeLessThanOrEqual(TIGHT);
      expect(r.entropy.every((e) => e >= 0 && e <= 1)).toBe(true);
    }
  });

  propTest.prop([
    positiveMatrix().chain((X) =>
      fc.tuple(
        fc.constant(X),
        fc.integer({ min: 0, max: X.cols - 1 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      ),
    ),
  ])("invariant to positive rescaling of a raw column under min-max normalisation", ([X, j, c]) => {
    expectAllClose(
      entropyWeights(minmaxAdd(scaleColumn(X, j, c))).weights,
      entropyWeights(minmaxAdd(X)).weights,
      {
        abs: RESCALE,
      },
    );
  });

  propTest.prop([positiveMatrix().chain((X) => fc.tuple(fc.constant(X), permutation(X.rows)))])(
    "permuting rows leaves the weights unchanged",
    ([X, order]) => {
      expectAllClose(entropyWeights(permuteRows(X, order)).weights, entropyWeights(X).weights, {
        abs: TIGHT,
      });
    },
  );

  propTest.prop([positiveMatrix().chain((X) => fc.tuple(fc.constant(X), permutation(X.cols)))])(
    "permuting columns permutes the weights",
    ([X, order]) => {
      const w = entropyWeights(X).weights;
      expectAllClose(
        entropyWeights(permuteColumns(X, order)).weights,
        order.map((j) => w[j]!),
        { abs: TIGHT },
      );
    },
  );

  propTest.prop([
    fc
      .record({ periods: fc.integer({ min: 1, max: 4 }), perPeriod: fc.integer({ min: 2, max: 6 }) })
      .chain(({ periods, perPeriod }) =>
        fc.tuple(
          positiveMatrix({ minRows: periods * perPeriod, maxRows: periods * perPeriod }),
          fc.constant(periods),
        ),
      ),
  ])(
    "per-period weights equal pooled weights of each period's rows; weights are their mean",
    ([X, periods]) => {
      const groups = Int32Array.from({ length: X.rows }, (_, i) => i % periods);
      const members = Array.from({ length: periods }, (_, g) =>
        Array.from(groups.keys()).filter((i) => groups[i] === g),
      );
      // Skip draws where a period happens to hold a constant column (covered by the error tests).
      fc.pre(members.every((idx) => noConstantColumn(takeMatrixRows(X, idx))));
      const r = entropyWeights(X, { mode: "per-period", groups });
      const mean = new Float64Array(X.cols);
      members.forEach((idx, g) => {
        const alone = entropyWeights(takeMatrixRows(X, idx));
        expectAllClose(r.perPeriod![g]!.weights, alone.weights, { abs: 0 });
        alone.weights.forEach((w, j) => (mean[j] = mean[j]! + w / periods));
      });
      expectAllClose(r.weights, mean, { abs: TIGHT });
      expect(Math.abs(total(r.weights) - 1)).toBeLessThanOrEqual(TIGHT);
    },
  );

  propTest.prop([positiveMatrix()])("the input is not mutated", (X) => {
    const before = X.data.slice();
    entropyWeights(X);
    expect(X.data).toEqual(before);
  });
});

function noConstantColumn(m: Matrix): boolean {
  for (let j = 0; j < m.cols; j++) {
    let varies = false;
    for (let i = 1; i < m.rows; i++) if (m.data[i * m.cols + j] !== m.data[j]) varies = true;
    if (!varies) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("entropyWeights edges and errors", () => {
  it("entropyWeights: negative values → NqpfInputError naming each indicator", () => {
    const X = fromRows([
      [1, -2, 3],
      [2, 1, -1],
      [3, 4, 5],
    ]);
    const issues = issuesOf(() => entropyWeights(X, { names: ["gdp", "patents", "rd"] }));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "patents"],
      ["bad_value", "rd"],
    ]);
    expect(issuesOf(() => entropyWeights(X))[0]!.column).toBe("indicator 2");
  });

  it("entropyWeights: constant and all-zero columns → bad_value naming the indicator", () => {
    const X = fromRows([
      [1, 0, 7],
      [2, 0, 7],
      [3, 0, 7],
    ]);
    const issues = issuesOf(() => entropyWeights(X, { names: ["a", "b", "c"] }));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "b"],
      ["bad_value", "c"],
    ]);
  });

  it("entropyWeights: a column constant within one period (per-period) → issue with the period label", () => {
    const X = fromRows([
      [1, 0.5],
      [2, 0.5],
      [3, 0.2],
      [5, 0.9],
    ]);
    const groups = Int32Array.of(0, 0, 1, 1);
    const issues = issuesOf(() =>
      entropyWeights(X, { mode: "per-period", groups, names: ["x", "y"], periodLabels: [2022, 2023] }),
    );
    expect(issues).toMatchObject([{ code: "bad_value", column: "y", time: 2022 }]);
    expect(entropyWeights(X).weights.every(Number.isFinite)).toBe(true);
  });

  it("entropyWeights: zeros are allowed (0·ln 0 := 0) and a single indicator gets weight 1", () => {
    const r = entropyWeights(fromRows([[0], [1], [3]]));
    expect(Array.from(r.weights)).toEqual([1]);
    expect(r.entropy[0]).toBeGreaterThan(0);
    expect(r.entropy[0]).toBeLessThan(1);
  });

  it("entropyWeights: one-hot column has entropy 0 and divergence 1", () => {
    const r = entropyWeights(
      fromRows([
        [0, 1],
        [0, 2],
        [5, 3],
      ]),
    );
    expect(r.entropy[0]).toBe(0);
    expect(r.divergence[0]).toBe(1);
  });

  it("entropyWeights: misuse → RangeError naming entropyWeights", () => {
    const X = fromRows([
      [1, 2],
      [3, 5],
      [4, 1],
    ]);
    expect(() => entropyWeights(X, { groups: Int32Array.of(0, 1) })).toThrow(/^entropyWeights: groups/);
    expect(() => entropyWeights(X, { mode: "per-period" })).toThrow(
      /^entropyWeights: mode "per-period" needs groups/,
    );
    expect(() => entropyWeights(X, { mode: "per-period", groups: Int32Array.of(0, 0, 1) })).toThrow(
      /^entropyWeights: each sample needs at least 2 rows \(group 1\)/,
    );
    expect(() => entropyWeights(fromRows([[1, 2]]))).toThrow(
      /^entropyWeights: each sample needs at least 2 rows/,
    );
    expect(() => entropyWeights(X, { names: ["a"] })).toThrow(/^entropyWeights: names/);
    expect(() => entropyWeights(matrix(2, 1, [1, NaN]))).toThrow(/^entropyWeights: values must be finite/);
    expect(() => entropyWeights(X, { mode: "yearly" as never })).toThrow(/^entropyWeights: mode/);
  });
});
