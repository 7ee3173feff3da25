import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { normalize, type Direction, type MinMaxShift } from "../../../src/methods/composite/normalize.js";
import { fromRows, matrix, takeMatrixRows, toRows } from "../../../src/math/matrix.js";
import { expectAllClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { fixture, flat, permutation, permuteRows, positiveMatrix } from "./weights-kit.js";

/** Invariance checks: min-max of bounded data rounds at ~1e-14 (see weights-kit). */
const TIGHT = 1e-12;

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

describe("normalize reference values", () => {
  interface ZpInput {
    X: number[][];
    directions: Direction[];
    delta: number;
  }
  type ZpExpected = Record<
    "minmax" | "add" | "interval" | "affine" | "zscore" | "vector" | "sum",
    number[][]
  > &
    Record<"min" | "max" | "mean" | "sd", number[]>;
  const zp = fixture<ZpInput, ZpExpected>("normalize", "zavadskas-podvezko");
  const X = fromRows(zp.input.X);
  const tol = { abs: zp.tolerance };

  it("normalize(X, {directions: (-,+,-,+)}) matches the numpy min-max and shifts on the Zavadskas–Podvezko matrix", () => {
    for (const shift of ["none", "add", "interval", "affine"] as const) {
      const r = normalize(X, { directions: zp.input.directions, shift, delta: zp.input.delta });
      const expected = shift === "none" ? zp.expected.minmax : zp.expected[shift];
      expectAllClose(r.values.data, flat(expected), tol);
      expectAllClose(r.unshifted.data, flat(zp.expected.minmax), tol);
      expect(r.shift).toBe(shift);
    }
    const r = normalize(X, { directions: zp.input.directions });
    expectAllClose(r.min!.data, zp.expected.min, tol);
    expectAllClose(r.max!.data, zp.expected.max, tol);
  });

  it("normalize(X, {method: 'zscore'}) matches numpy (ddof 1, cost columns negated)", () => {
    const r = normalize(X, { method: "zscore", directions: zp.input.directions });
    expectAllClose(r.values.data, flat(zp.expected.zscore), tol);
    expectAllClose(r.mean!.data, zp.expected.mean, tol);
    expectAllClose(r.sd!.data, zp.expected.sd, tol);
    expect(r.shift).toBe("none");
    expect(r.unshifted).toBe(r.values);
  });

  it("normalize(X, {method: 'vector' | 'sum'}) matches numpy and ignores directions", () => {
    const vector = normalize(X, { method: "vector", directions: zp.input.directions });
    expectAllClose(vector.values.data, flat(zp.expected.vector), tol);
    const sum = normalize(X, { method: "sum", directions: zp.input.directions });
    expectAllClose(sum.values.data, flat(zp.expected.sum), tol);
    expectAllClose(sum.total!.data, [9.5, 300, 50, 32], tol);
  });

  interface PanelInput {
    X: number[][];
    groups: number[];
    directions: Direction[];
    basePeriod: number;
  }
  const panel = fixture<PanelInput, Record<"pooled" | "byPeriod" | "basePeriod", number[][]>>(
    "normalize",
    "panel-scopes",
  );
  const P = fromRows(panel.input.X);
  const groups = Int32Array.from(panel.input.groups);

  it("normalize(X, {scope}) matches numpy for pooled, by-period and base-period min-max on the §2.2 panel", () => {
    const common = { directions: panel.input.directions, shift: "none" as const, groups };
    const pooled = normalize(P, { ...common, scope: "pooled" });
    expectAllClose(pooled.values.data, flat(panel.expected.pooled), { abs: panel.tolerance });
    const byPeriod = normalize(P, { ...common, scope: "by-period" });
    expectAllClose(byPeriod.values.data, flat(panel.expected.byPeriod), { abs: panel.tolerance });
    expect(byPeriod.min!.rows).toBe(2);
    const base = normalize(P, { ...common, scope: "base-period", basePeriod: panel.input.basePeriod });
    expectAllClose(base.values.data, flat(panel.expected.basePeriod), { abs: panel.tolerance });
    expect(base.basePeriod).toBe(0);
    expect(base.min!.rows).toBe(1);
  });

  it("doc example: normalize(fromRows([[1, 10], [2, 20], [3, 30]]), {directions: ['+', '-'], shift: 'none'})", () => {
    const r = normalize(
      fromRows([
        [1, 10],
        [2, 20],
        [3, 30],
      ]),
      { directions: ["+", "-"], shift: "none" },
    );
    expect(toRows(r.values)).toEqual([
      [0, 1],
      [0.5, 0.5],
      [1, 0],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

const directionsFor = (cols: number) =>
  fc.array(fc.constantFrom<Direction>("+", "-"), { minLength: cols, maxLength: cols });

/** A matrix with a period index per row: G periods of `perPeriod` rows each, rows in period order. */
const periodPanel = fc
  .record({ periods: fc.integer({ min: 1, max: 4 }), perPeriod: fc.integer({ min: 3, max: 6 }) })
  .chain(({ periods, perPeriod }) =>
    fc.array(positiveMatrix({ minRows: perPeriod, maxRows: perPeriod, minCols: 2, maxCols: 2 }), {
      minLength: periods,
      maxLength: periods,
    }),
  )
  .map((blocks) => {
    const cols = blocks[0]!.cols;
    const rows = blocks.reduce((s, b) => s + b.rows, 0);
    const data = new Float64Array(rows * cols);
    const groups = new Int32Array(rows);
    let offset = 0;
    blocks.forEach((b, g) => {
      data.set(b.data, offset * cols);
      groups.fill(g, offset, offset + b.rows);
      offset += b.rows;
    });
    return { X: { data, rows, cols }, groups, periods: blocks.length };
  });

describe("normalize properties", () => {
  propTest.prop([positiveMatrix().chain((X) => fc.tuple(fc.constant(X), directionsFor(X.cols)))])(
    "min-max x' lies in [0, 1] with 0 and 1 attained, and '-' equals 1 − '+'",
    ([X, directions]) => {
      const r = normalize(X, { directions, shift: "none" });
      const plus = normalize(X, { shift: "none" }).values.data;
      for (let j = 0; j < X.cols; j++) {
        const col = Array.from({ length: X.rows }, (_, i) => r.unshifted.data[i * X.cols + j]!);
        expect(Math.min(...col)).toBe(0);
        expect(Math.max(...col)).toBe(1);
        for (let i = 0; i < X.rows; i++) {
          const expected = directions[j] === "-" ? 1 - plus[i * X.cols + j]! : plus[i * X.cols + j]!;
          expect(Math.abs(col[i]! - expected)).toBeLessThanOrEqual(TIGHT);
        }
      }
    },
  );

  propTest.prop([
    positiveMatrix(),
    fc.constantFrom<MinMaxShift>("add", "interval", "affine"),
    fc.double({ min: 0, max: 0.1, noNaN: true }),
  ])("the shift is applied to x' as documented", (X, shift, delta) => {
    const r = normalize(X, { shift, delta });
    r.unshifted.data.forEach((x, k) => {
      const expected =
        shift === "add" ? x + delta : shift === "interval" ? delta + (1 - 2 * delta) * x : 0.99 * x + 0.01;
      expect(r.values.data[k]).toBe(expected);
    });
  });

  propTest.prop([periodPanel])(
    "by-period scope equals normalising each period on its own (brute force)",
    ({ X, groups, periods }) => {
      const r = normalize(X, { scope: "by-period", groups, directions: ["+", "-"], shift: "add" });
      expect(r.min!.rows).toBe(periods);
      for (let g = 0; g < periods; g++) {
        const idx = Array.from(groups.keys()).filter((i) => groups[i] === g);
        const alone = normalize(takeMatrixRows(X, idx), { directions: ["+", "-"], shift: "add" });
        expectAllClose(takeMatrixRows(r.values, idx).data, alone.values.data, { abs: 0 });
      }
    },
  );

  propTest.prop([
    periodPanel.chain((p) => fc.tuple(fc.constant(p), fc.integer({ min: 0, max: p.periods - 1 }))),
  ])("base-period scope uses that period's min and max for every row", ([{ X, groups }, base]) => {
    const r = normalize(X, { scope: "base-period", groups, basePeriod: base, shift: "none" });
    for (let j = 0; j < X.cols; j++) {
      const baseValues = Array.from(groups.keys())
        .filter((i) => groups[i] === base)
        .map((i) => X.data[i * X.cols + j]!);
      const lo = Math.min(...baseValues);
      const hi = Math.max(...baseValues);
      expect(r.min!.data[j]).toBe(lo);
      expect(r.max!.data[j]).toBe(hi);
      for (let i = 0; i < X.rows; i++)
        expect(r.values.data[i * X.cols + j]).toBe((X.data[i * X.cols + j]! - lo) / (hi - lo));
    }
  });

  propTest.prop([positiveMatrix().chain((X) => fc.tuple(fc.constant(X), permutation(X.rows)))])(
    "permuting rows permutes the normalised rows (pooled)",
    ([X, order]) => {
      for (const method of ["minmax", "zscore", "vector", "sum"] as const) {
        const r = normalize(X, { method });
        const p = normalize(permuteRows(X, order), { method });
        expectAllClose(p.values.data, permuteRows(r.values, order).data, { abs: TIGHT });
      }
    },
  );

  propTest.prop([positiveMatrix({ minRows: 3 })])("z-scores have mean 0 and sd 1; '-' negates them", (X) => {
    const plus = normalize(X, { method: "zscore" });
    const minus = normalize(X, { method: "zscore", directions: new Array<Direction>(X.cols).fill("-") });
    for (let j = 0; j < X.cols; j++) {
      const col = Array.from({ length: X.rows }, (_, i) => plus.values.data[i * X.cols + j]!);
      const mean = col.reduce((s, v) => s + v, 0) / X.rows;
      const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / (X.rows - 1);
      expect(Math.abs(mean)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(variance - 1)).toBeLessThanOrEqual(1e-12);
    }
    // Exact negation (compared with ===, so +0 and −0 are equal).
    expectAllClose(
      minus.values.data,
      plus.values.data.map((v) => -v),
      { abs: 0 },
    );
  });

  propTest.prop([positiveMatrix()])("vector columns have unit length; sum columns add to 1", (X) => {
    const vector = normalize(X, { method: "vector" }).values;
    const sum = normalize(X, { method: "sum" }).values;
    for (let j = 0; j < X.cols; j++) {
      let squares = 0;
      let shares = 0;
      for (let i = 0; i < X.rows; i++) {
        squares += vector.data[i * X.cols + j]! ** 2;
        shares += sum.data[i * X.cols + j]!;
      }
      expect(Math.abs(squares - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(shares - 1)).toBeLessThanOrEqual(1e-12);
    }
  });

  propTest.prop([positiveMatrix()])("the input is not mutated", (X) => {
    const before = X.data.slice();
    normalize(X, { method: "minmax", directions: new Array<Direction>(X.cols).fill("-") });
    normalize(X, { method: "zscore" });
    expect(X.data).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("normalize edges and errors", () => {
  const X = fromRows([
    [1, 5, 0],
    [2, 5, 0],
    [3, 5, 0],
  ]);

  it("normalize: constant columns → one NqpfInputError listing each, named from options.names", () => {
    const issues = issuesOf(() => normalize(X, { names: ["gdp", "patents", "rd"] }));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "patents"],
      ["bad_value", "rd"],
    ]);
    expect(issues[0]!.hint).toBeTruthy();
    expect(issuesOf(() => normalize(X, { method: "zscore" })).map((i) => i.column)).toEqual([
      "indicator 2",
      "indicator 3",
    ]);
  });

  it("normalize: a column constant within one period (by-period) → issue with the period label as time", () => {
    const Y = fromRows([
      [1, 4],
      [2, 4],
      [3, 5],
      [5, 6],
    ]);
    const issues = issuesOf(() =>
      normalize(Y, {
        scope: "by-period",
        groups: Int32Array.of(0, 0, 1, 1),
        names: ["a", "b"],
        periodLabels: [2020, 2021],
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "bad_value", column: "b", time: 2020 });
    // Pooled, the same column varies and is fine.
    expect(normalize(Y).values.data.every(Number.isFinite)).toBe(true);
  });

  it("normalize: vector/sum of an all-zero column and sum with negative values → bad_value", () => {
    expect(issuesOf(() => normalize(X, { method: "vector" })).map((i) => i.column)).toEqual(["indicator 3"]);
    const negative = fromRows([
      [1, -1],
      [2, 3],
    ]);
    expect(issuesOf(() => normalize(negative, { method: "sum", names: ["x", "y"] }))).toMatchObject([
      { code: "bad_value", column: "y" },
    ]);
    // Vector normalisation accepts negative values.
    expectAllClose(normalize(negative, { method: "vector" }).values.data, [
      1 / Math.sqrt(5),
      -1 / Math.sqrt(10),
      2 / Math.sqrt(5),
      3 / Math.sqrt(10),
    ]);
  });

  it("normalize(X, {method: 'zscore'}): a value at the mean is 0 in both directions (fast-check counterexample)", () => {
    // Found with seed 38581927: 36.3 is the mean of the column, so its "-" z-score is +0 while −("+") is −0.
    const Z = fromRows([[9.5], [36.3], [95.4], [4]]);
    const plus = normalize(Z, { method: "zscore" }).values.data;
    const minus = normalize(Z, { method: "zscore", directions: ["-"] }).values.data;
    expect(plus[1]).toBe(0);
    expect(minus[1] === -plus[1]!).toBe(true);
  });

  it("normalize: a constant but non-zero column is fine for vector and sum", () => {
    const r = normalize(fromRows([[2], [2]]), { method: "sum" });
    expect(Array.from(r.values.data)).toEqual([0.5, 0.5]);
  });

  it("normalize: base period values outside the base range fall outside [0, 1]", () => {
    const r = normalize(fromRows([[0], [10], [20]]), {
      scope: "base-period",
      groups: Int32Array.of(0, 0, 1),
      basePeriod: 0,
      shift: "none",
    });
    expect(Array.from(r.values.data)).toEqual([0, 1, 2]);
  });

  it("normalize: shape and option misuse → RangeError naming normalize", () => {
    const Y = fromRows([
      [1, 2],
      [3, 5],
    ]);
    expect(() => normalize(Y, { directions: ["+"] })).toThrow(/^normalize: directions/);
    expect(() => normalize(Y, { names: ["a"] })).toThrow(/^normalize: names/);
    expect(() => normalize(Y, { scope: "by-period" })).toThrow(/^normalize: scope "by-period" needs groups/);
    expect(() => normalize(Y, { scope: "by-period", groups: Int32Array.of(0) })).toThrow(
      /^normalize: groups/,
    );
    expect(() => normalize(Y, { scope: "by-period", groups: Int32Array.of(0, 2) })).toThrow(
      /^normalize: groups.*empty/,
    );
    expect(() => normalize(Y, { groups: Int32Array.of(0, 1, 1) })).toThrow(/^normalize: groups/);
    expect(() => normalize(Y, { scope: "base-period", groups: Int32Array.of(0, 1) })).toThrow(
      /^normalize: .*basePeriod/,
    );
    expect(() => normalize(Y, { scope: "base-period", groups: Int32Array.of(0, 1), basePeriod: 2 })).toThrow(
      /^normalize: .*basePeriod/,
    );
    expect(() => normalize(Y, { delta: 0.5 })).toThrow(/^normalize: delta/);
    expect(() => normalize(Y, { delta: NaN })).toThrow(/^normalize: delta/);
    expect(() => normalize(matrix(2, 2, [1, NaN, 2, 3]))).toThrow(/^normalize: values must be finite/);
    expect(() => normalize(matrix(2, 2, [1, Infinity, 2, 3]))).toThrow(/^normalize: values must be finite/);
    expect(() => normalize(matrix(0, 2))).toThrow(/^normalize: the matrix must be non-empty/);
    expect(() => normalize(Y, { method: "rank" as never })).toThrow(/^normalize: method/);
    expect(() => normalize(Y, { shift: "log" as never })).toThrow(/^normalize: shift/);
  });
});
