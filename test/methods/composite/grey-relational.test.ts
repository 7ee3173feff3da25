import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import { greyRelational } from "../../../src/methods/composite/grey-relational.js";
import { expectAllClose } from "../../close.js";
import { fixture, permutation, permuteRows } from "./weights-kit.js";

const NUMPY_TOL = 1e-9;

interface GreyInput {
  readonly Z: number[][];
  readonly reference: "max" | "mean";
  readonly rho: number;
  readonly weights?: number[];
}
interface GreyExpected {
  readonly coefficients: number[][];
  readonly grades: number[];
}

describe("reference values", () => {
  for (const name of ["deng-3x3-printed", "deng-3x3-numpy", "random-6x4-mean-weighted-numpy"]) {
    const f = fixture<GreyInput, GreyExpected>("grey-relational", name);
    it(`greyRelational(Z, {reference: '${f.input.reference}', rho: ${f.input.rho}}) matches ${name}`, () => {
      const r = greyRelational(fromRows(f.input.Z), {
        reference: f.input.reference,
        rho: f.input.rho,
        ...(f.input.weights ? { weights: Float64Array.from(f.input.weights) } : {}),
      });
      if (name.endsWith("-numpy")) expect(f.tolerance).toBe(NUMPY_TOL);
      expectAllClose(r.coefficients.data, f.expected.coefficients.flat(), { abs: f.tolerance });
      expectAllClose(r.grades, f.expected.grades, { abs: f.tolerance });
    });
  }

  it("the @example: greyRelational(methods.md matrix).grades", () => {
    const r = greyRelational(
      fromRows([
        [0.8, 0.6, 0.9],
        [0.5, 0.9, 0.4],
        [0.7, 0.7, 0.7],
      ]),
    );
    expectAllClose(r.grades, [0.8181818, 0.5959596, 0.6084656], { abs: 5e-8 });
  });
});

const unitMatrix = fc
  .record({ rows: fc.integer({ min: 1, max: 7 }), cols: fc.integer({ min: 1, max: 5 }) })
  .chain(({ rows, cols }) =>
    fc
      .array(
        fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
        { minLength: rows * cols, maxLength: rows * cols },
      )
      .map((values): Matrix => ({ data: Float64Array.from(values), rows, cols })),
  );

describe("properties", () => {
  propTest.prop([unitMatrix, fc.double({ min: 0.05, max: 1, noNaN: true })])(
    "grey relational coefficients lie in (0, 1] and the unit on the reference gets 1",
    (Z, rho) => {
      const r = greyRelational(Z, { rho });
      for (const xi of r.coefficients.data) {
        expect(xi).toBeGreaterThan(0);
        expect(xi).toBeLessThanOrEqual(1 + 1e-15);
      }
      for (let i = 0; i < Z.rows; i++) {
        for (let j = 0; j < Z.cols; j++) {
          if (Z.data[i * Z.cols + j] === r.reference[j])
            expect(r.coefficients.data[i * Z.cols + j]).toBeCloseTo(1, 14);
        }
      }
      for (const g of r.grades) expect(g).toBeLessThanOrEqual(1 + 1e-15);
    },
  );

  propTest.prop([unitMatrix.chain((Z) => fc.record({ Z: fc.constant(Z), order: permutation(Z.rows) }))])(
    "greyRelational grades are permuted when units are permuted",
    ({ Z, order }) => {
      const base = greyRelational(Z).grades;
      const permuted = greyRelational(permuteRows(Z, order)).grades;
      expectAllClose(
        permuted,
        order.map((i) => base[i]!),
        { abs: 1e-15 },
      );
    },
  );

  propTest.prop([unitMatrix])(
    "greyRelational with equal explicit weights equals the default mean grade",
    (Z) => {
      const a = greyRelational(Z).grades;
      const b = greyRelational(Z, { weights: new Float64Array(Z.cols).fill(3) }).grades;
      expectAllClose(b, a, { abs: 1e-14 });
    },
  );
});

describe("edges and errors", () => {
  it("greyRelational gives all coefficients 1 when every unit equals the reference", () => {
    const r = greyRelational(
      fromRows([
        [0.5, 0.2],
        [0.5, 0.2],
      ]),
    );
    expectAllClose(r.coefficients.data, [1, 1, 1, 1], { abs: 0 });
  });

  it("greyRelational accepts an explicit reference series", () => {
    const r = greyRelational(
      fromRows([
        [1, 1],
        [0, 0],
      ]),
      { reference: Float64Array.of(1, 1) },
    );
    expectAllClose(r.coefficients.data, [1, 1, 1 / 3, 1 / 3], { abs: 1e-15 });
  });

  it("greyRelational throws RangeError naming the function for bad options and shapes", () => {
    const Z = fromRows([[0.1, 0.2]]);
    expect(() => greyRelational(Z, { rho: 0 })).toThrow(/^greyRelational: rho must be in \(0, 1\]/);
    expect(() => greyRelational(Z, { rho: Number.NaN })).toThrow(/^greyRelational: rho/);
    expect(() => greyRelational(Z, { weights: Float64Array.of(1) })).toThrow(
      /^greyRelational: weights must have length 2/,
    );
    expect(() => greyRelational(Z, { weights: Float64Array.of(0, 0) })).toThrow(
      /^greyRelational: weights must not all be 0/,
    );
    expect(() => greyRelational(Z, { reference: Float64Array.of(1) })).toThrow(
      /^greyRelational: reference must have length 2/,
    );
    expect(() => greyRelational(fromRows([[Number.POSITIVE_INFINITY]]))).toThrow(
      /^greyRelational: Z must be finite/,
    );
    expect(() => greyRelational({ data: new Float64Array(0), rows: 0, cols: 2 })).toThrow(
      /^greyRelational: Z must have/,
    );
  });
});
