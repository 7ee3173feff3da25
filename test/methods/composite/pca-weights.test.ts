import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import { pcaWeights, type PcaRetain } from "../../../src/methods/composite/pca-weights.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { fixture, permutation, permuteRows, positiveMatrix, scaleColumn, total } from "./weights-kit.js";

/** numpy/scipy fixtures (test/reference/pca-weights/generate.py) agree to rounding. */
const NUMPY_TOL = 1e-9;

interface PcaExpected {
  readonly eigenvalues: number[];
  readonly explainedVariance: number[];
  readonly retained: number;
  readonly loadings: number[][];
  readonly coefficients: number[][];
  readonly componentScores: number[][];
  readonly score: number[];
  readonly weights: number[];
  readonly diagnosticsStatus: "ok" | "singular_correlation";
  readonly kmo: number;
  readonly kmoPerIndicator: number[];
  readonly bartlett: { chiSquare: number; df: number; pValue: number };
}

describe("reference values", () => {
  for (const name of ["pwt-2019-20x4-kaiser", "pwt-2019-20x4-variance-90", "pwt-2019-20x4-components-3"]) {
    const f = fixture<{ X: number[][]; names: string[]; retain: PcaRetain }, PcaExpected>(
      "pca-weights",
      name,
    );
    it(`pcaWeights(X, {retain: ${JSON.stringify(f.input.retain)}}) matches numpy eigh / KMO / scipy chi2 on PWT 10.01 (${name})`, () => {
      expect(f.tolerance).toBe(NUMPY_TOL);
      const r = pcaWeights(fromRows(f.input.X), { retain: f.input.retain, names: f.input.names });
      const e = f.expected;
      const tol = { abs: NUMPY_TOL };
      expect(r.retained).toBe(e.retained);
      expectAllClose(r.eigenvalues, e.eigenvalues, tol);
      expectAllClose(r.explainedVariance, e.explainedVariance, tol);
      expectAllClose(r.loadings.data, e.loadings.flat(), tol);
      expectAllClose(r.coefficients.data, e.coefficients.flat(), tol);
      expectAllClose(r.componentScores.data, e.componentScores.flat(), tol);
      expectAllClose(r.score, e.score, tol);
      expectAllClose(r.weights, e.weights, tol);
      expect(r.diagnosticsStatus).toBe("ok");
      expectClose(r.kmo, e.kmo, tol);
      expectAllClose(r.kmoPerIndicator, e.kmoPerIndicator, tol);
      expectClose(r.bartlett.chiSquare, e.bartlett.chiSquare, tol);
      expect(r.bartlett.df).toBe(e.bartlett.df);
      expectClose(r.bartlett.pValue, e.bartlett.pValue, { abs: 1e-12, rel: 1e-9 });
    });
  }

  it("pcaWeights on the Lee & Chang 5 × 10 matrix (R singular) matches numpy and reports singular_correlation", () => {
    const f = fixture<{ X: number[][] }, PcaExpected>("pca-weights", "lee-chang-2018-5x10");
    const r = pcaWeights(fromRows(f.input.X));
    expect(r.retained).toBe(f.expected.retained);
    expectAllClose(r.eigenvalues, f.expected.eigenvalues, { abs: NUMPY_TOL });
    expectAllClose(r.loadings.data, f.expected.loadings.flat(), { abs: NUMPY_TOL });
    expectAllClose(r.score, f.expected.score, { abs: NUMPY_TOL });
    expectAllClose(r.weights, f.expected.weights, { abs: NUMPY_TOL });
    expect(r.diagnosticsStatus).toBe("singular_correlation");
    expect(r.kmo).toBeNaN();
    expect(r.bartlett.pValue).toBeNaN();
    expect(r.bartlett.df).toBe(45);
  });

  it("the @example: pcaWeights([[1, 2], [2, 1], [3, 5], [4, 3]]).weights is [0.5, 0.5]", () => {
    expectAllClose(
      pcaWeights(
        fromRows([
          [1, 2],
          [2, 1],
          [3, 5],
          [4, 3],
        ]),
      ).weights,
      [0.5, 0.5],
      { abs: 1e-15 },
    );
  });
});

const indicators = positiveMatrix({ minRows: 4, maxRows: 12, minCols: 2, maxCols: 5 });

/** Sample covariance of columns p and q of a. */
function covariance(a: Matrix, p: number, q: number): number {
  let mp = 0;
  let mq = 0;
  for (let i = 0; i < a.rows; i++) {
    mp += a.data[i * a.cols + p]! / a.rows;
    mq += a.data[i * a.cols + q]! / a.rows;
  }
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += (a.data[i * a.cols + p]! - mp) * (a.data[i * a.cols + q]! - mq);
  return s / (a.rows - 1);
}

describe("properties", () => {
  propTest.prop([indicators])(
    "pcaWeights: weights ≥ 0 sum to 1; eigenvalues sum to m; shares sum to 1; KMO and p in [0, 1]",
    (X) => {
      const r = pcaWeights(X);
      expect(Array.from(r.weights).every((w) => w >= 0)).toBe(true);
      expectClose(total(r.weights), 1, { abs: 1e-12 });
      expectClose(total(r.eigenvalues), X.cols, { abs: 1e-10 });
      expectClose(total(r.explainedVariance), 1, { abs: 1e-12 });
      expect(r.retained).toBeGreaterThanOrEqual(1);
      expect(Number.isNaN(r.kmo)).toBe(r.diagnosticsStatus !== "ok");
      if (r.diagnosticsStatus === "ok") {
        expect(r.kmo).toBeGreaterThanOrEqual(0);
        expect(r.kmo).toBeLessThanOrEqual(1);
        expect(r.bartlett.pValue).toBeGreaterThanOrEqual(0);
        expect(r.bartlett.pValue).toBeLessThanOrEqual(1);
      }
    },
  );

  propTest.prop([indicators])("pcaWeights: component scores are uncorrelated with variance λ_k", (X) => {
    const r = pcaWeights(X, { retain: { components: X.cols } });
    const F = r.componentScores;
    for (let p = 0; p < F.cols; p++) {
      for (let q = 0; q < F.cols; q++) {
        expectClose(covariance(F, p, q), p === q ? r.eigenvalues[p]! : 0, { abs: 1e-9 });
      }
    }
  });

  propTest.prop([
    indicators,
    fc.integer({ min: 0, max: 4 }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
  ])(
    "pcaWeights is unchanged when a column is multiplied by a positive constant (z-scores are scale-free)",
    (X, slot, c) => {
      const j = slot % X.cols;
      const a = pcaWeights(X);
      const b = pcaWeights(scaleColumn(X, j, c));
      expectAllClose(b.eigenvalues, a.eigenvalues, { abs: 1e-9 });
      expectAllClose(b.weights, a.weights, { abs: 1e-8 });
      expectAllClose(b.score, a.score, { abs: 1e-8 });
    },
  );

  propTest.prop([indicators.chain((X) => fc.record({ X: fc.constant(X), order: permutation(X.rows) }))])(
    "pcaWeights: permuting units permutes the scores and leaves the weights unchanged",
    ({ X, order }) => {
      const a = pcaWeights(X);
      const b = pcaWeights(permuteRows(X, order));
      expectAllClose(b.weights, a.weights, { abs: 1e-8 });
      expectAllClose(
        b.score,
        order.map((i) => a.score[i]!),
        { abs: 1e-8 },
      );
    },
  );
});

describe("edges and errors", () => {
  it("pcaWeights keeps at least one component when no eigenvalue exceeds 1 (uncorrelated indicators)", () => {
    const X = fromRows([
      [1, 1],
      [-1, 1],
      [1, -1],
      [-1, -1],
    ]);
    const r = pcaWeights(X);
    expectAllClose(r.eigenvalues, [1, 1], { abs: 1e-15 });
    expect(r.retained).toBe(1);
    // No correlation at all: KMO is 0/0, flagged by the status; Bartlett's χ² is 0 with p = 1.
    expect(r.diagnosticsStatus).toBe("uncorrelated");
    expect(r.kmo).toBeNaN();
    expectClose(r.bartlett.chiSquare, 0, { abs: 1e-12 });
    expectClose(r.bartlett.pValue, 1, { abs: 1e-12 });
  });

  it("pcaWeights({retain: {variance: 1}}) keeps every component", () => {
    const f = fixture<{ X: number[][] }, PcaExpected>("pca-weights", "pwt-2019-20x4-kaiser");
    expect(pcaWeights(fromRows(f.input.X), { retain: { variance: 1 } }).retained).toBe(4);
  });

  it("pcaWeights reports every constant indicator as NqpfInputError bad_value with its name", () => {
    const X = fromRows([
      [1, 5, 2, 7],
      [2, 5, 3, 7],
      [3, 5, 1, 7],
    ]);
    const issues = issuesOf(() => pcaWeights(X, { names: ["a", "flat", "c", "flat2"] }));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "flat"],
      ["bad_value", "flat2"],
    ]);
    expect(issuesOf(() => pcaWeights(X))[0]!.column).toBe("indicator 2");
  });

  it("pcaWeights throws RangeError naming the function for bad shapes and options", () => {
    expect(() =>
      pcaWeights(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toThrow(/^pcaWeights: X needs at least three rows/);
    expect(() => pcaWeights(fromRows([[1], [2], [3]]))).toThrow(/^pcaWeights: X needs at least two columns/);
    const X = fromRows([
      [1, 2],
      [2, 1],
      [3, 5],
    ]);
    expect(() => pcaWeights(X, { names: ["a"] })).toThrow(
      /^pcaWeights: names must have one entry per column/,
    );
    expect(() => pcaWeights(X, { retain: { variance: 0 } })).toThrow(/^pcaWeights: retain.variance/);
    expect(() => pcaWeights(X, { retain: { components: 3 } })).toThrow(/^pcaWeights: retain.components/);
    expect(() => pcaWeights(X, { retain: "elbow" as PcaRetain })).toThrow(/^pcaWeights: retain must be/);
    expect(() =>
      pcaWeights(
        fromRows([
          [1, 2],
          [2, Number.NaN],
          [3, 5],
        ]),
      ),
    ).toThrow(/^pcaWeights: X must be finite/);
  });
});
