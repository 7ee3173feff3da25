import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import { obstacleDegree } from "../../../src/methods/composite/obstacle-degree.js";
import { expectAllClose, expectClose } from "../../close.js";
import { fixture } from "./weights-kit.js";

const NUMPY_TOL = 1e-9;

describe("reference values", () => {
  it("obstacleDegree(x', F) matches the methods.md §2.11 vector (7 decimals)", () => {
    const f = fixture<{ Zprime: number[][]; weights: number[] }, { obstacles: number[][] }>(
      "obstacle-degree",
      "zp-printed",
    );
    const r = obstacleDegree(fromRows(f.input.Zprime), Float64Array.from(f.input.weights));
    expectAllClose(r.obstacles.data, f.expected.obstacles.flat(), { abs: f.tolerance });
  });

  it("obstacleDegree(x', F, {dimensions}) matches numpy, dimension obstacles included", () => {
    const f = fixture<
      { Zprime: number[][]; weights: number[]; dimensions: number[] },
      { obstacles: number[][]; dimensionObstacles: number[][] }
    >("obstacle-degree", "zp-numpy");
    const r = obstacleDegree(fromRows(f.input.Zprime), Float64Array.from(f.input.weights), {
      dimensions: Int32Array.from(f.input.dimensions),
    });
    expectAllClose(r.obstacles.data, f.expected.obstacles.flat(), { abs: NUMPY_TOL });
    expectAllClose(r.dimensionObstacles!.data, f.expected.dimensionObstacles.flat(), { abs: NUMPY_TOL });
    // Unit 3 (row index 2) is best on indicators 1 and 4: only 2 and 3 are obstacles.
    expect(r.top[2]!.map((t) => t.indicator)).toEqual([1, 2]);
  });

  it("the @example: obstacleDegree([[0, 0.5]], [0.5, 0.5]).obstacles is [2/3, 1/3]", () => {
    const r = obstacleDegree(fromRows([[0, 0.5]]), Float64Array.of(0.5, 0.5));
    expectAllClose(r.obstacles.data, [2 / 3, 1 / 3], { abs: 1e-15 });
  });
});

const obstacleCase = fc
  .record({
    rows: fc.integer({ min: 1, max: 6 }),
    m: fc.integer({ min: 1, max: 7 }),
    D: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ rows, m, D }) =>
    fc.record({
      Z: fc
        .array(
          fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
          { minLength: rows * m, maxLength: rows * m },
        )
        .map((values): Matrix => ({ data: Float64Array.from(values), rows, cols: m })),
      weights: fc
        .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: m, maxLength: m })
        .map((w) => Float64Array.from(w)),
      dimensions: fc
        .array(fc.integer({ min: 0, max: D - 1 }), { minLength: m, maxLength: m })
        .map((d) => Int32Array.from(d)),
      topK: fc.integer({ min: 0, max: 8 }),
    }),
  );

describe("properties", () => {
  propTest.prop([obstacleCase])(
    "obstacle rows sum to 1 (0 for no_obstacle rows) and dimension obstacles sum the indicator obstacles",
    ({ Z, weights, dimensions, topK }) => {
      const r = obstacleDegree(Z, weights, { dimensions, topK });
      const D = r.dimensionObstacles!.cols;
      for (let i = 0; i < Z.rows; i++) {
        const row = r.obstacles.data.subarray(i * Z.cols, (i + 1) * Z.cols);
        const rowSum = row.reduce((a, b) => a + b, 0);
        expectClose(rowSum, r.status[i] === "ok" ? 1 : 0, { abs: 1e-12 });
        for (const o of row) expect(o).toBeGreaterThanOrEqual(0);
        for (let d = 0; d < D; d++) {
          let expected = 0;
          for (let j = 0; j < Z.cols; j++) if (dimensions[j] === d) expected += row[j]!;
          expectClose(r.dimensionObstacles!.data[i * D + d]!, expected, { abs: 1e-12 });
        }
        const top = r.top[i]!;
        expect(top.length).toBeLessThanOrEqual(topK);
        for (let k = 1; k < top.length; k++) expect(top[k - 1]!.share).toBeGreaterThanOrEqual(top[k]!.share);
        for (const t of top) expect(t.share).toBe(row[t.indicator]);
      }
    },
  );
});

describe("edges and errors", () => {
  it("obstacleDegree gives a row that is best everywhere status no_obstacle and zeros, never NaN", () => {
    const r = obstacleDegree(
      fromRows([
        [1, 1],
        [0, 1],
      ]),
      Float64Array.of(0.3, 0.7),
      { dimensions: Int32Array.of(0, 1) },
    );
    expect(r.status).toEqual(["no_obstacle", "ok"]);
    expect(Array.from(r.obstacles.data)).toEqual([0, 0, 1, 0]);
    expect(r.top).toEqual([[], [{ indicator: 0, share: 1 }]]);
    expectAllClose(r.meanObstacles, [1, 0], { abs: 0 });
  });

  it("obstacleDegree lists top obstacles largest first, ties by index, default topK 3", () => {
    const r = obstacleDegree(fromRows([[0, 0, 0, 0.5]]), Float64Array.of(0.25, 0.25, 0.25, 0.25));
    expect(r.top[0]!.map((t) => t.indicator)).toEqual([0, 1, 2]);
    expect(r.dimensionObstacles).toBeUndefined();
  });

  it("obstacleDegree honours dimensionCount for a dimension without indicators", () => {
    const r = obstacleDegree(fromRows([[0, 0]]), Float64Array.of(1, 1), {
      dimensions: Int32Array.of(0, 0),
      dimensionCount: 2,
    });
    expect(Array.from(r.dimensionObstacles!.data)).toEqual([1, 0]);
  });

  it("obstacleDegree throws RangeError naming the function for shape mismatches and values outside [0, 1]", () => {
    const Z = fromRows([[0.1, 0.2]]);
    expect(() => obstacleDegree(Z, Float64Array.of(1))).toThrow(
      /^obstacleDegree: factorWeights must have length 2/,
    );
    expect(() => obstacleDegree(Z, Float64Array.of(1, -1))).toThrow(
      /^obstacleDegree: factorWeights must be finite and ≥ 0/,
    );
    expect(() => obstacleDegree(fromRows([[1.5, 0]]), Float64Array.of(1, 1))).toThrow(
      /^obstacleDegree: Zprime must hold min-max values/,
    );
    expect(() => obstacleDegree(fromRows([[Number.NaN, 0]]), Float64Array.of(1, 1))).toThrow(
      /^obstacleDegree: Zprime/,
    );
    expect(() => obstacleDegree(Z, Float64Array.of(1, 1), { dimensions: Int32Array.of(0) })).toThrow(
      /^obstacleDegree: dimensions must have length 2/,
    );
    expect(() => obstacleDegree(Z, Float64Array.of(1, 1), { dimensions: Int32Array.of(0, -1) })).toThrow(
      /^obstacleDegree: dimensions must be ≥ 0/,
    );
    expect(() => obstacleDegree(Z, Float64Array.of(1, 1), { topK: 1.5 })).toThrow(/^obstacleDegree: topK/);
    expect(() =>
      obstacleDegree(Z, Float64Array.of(1, 1), { dimensions: Int32Array.of(0, 1), dimensionCount: 1 }),
    ).toThrow(/^obstacleDegree: dimensionCount/);
  });
});
