import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { symmetricEigen } from "../../src/math/eigen.js";
import { fromRows, type Matrix } from "../../src/math/matrix.js";
import { expectAllClose, expectClose } from "../close.js";
import { fixture } from "../methods/composite/weights-kit.js";

describe("reference values", () => {
  for (const name of ["2x2", "random-5x5", "hilbert-4x4", "correlation-6x6", "indefinite-3x3"]) {
    const f = fixture<{ A: number[][] }, { values: number[]; vectors: number[][] }>("eigen", name);
    it(`symmetricEigen(A) matches numpy.linalg.eigh (sorted, sign-fixed) for ${name}`, () => {
      const r = symmetricEigen(fromRows(f.input.A));
      expectAllClose(r.values, f.expected.values, { abs: f.tolerance });
      expectAllClose(r.vectors.data, f.expected.vectors.flat(), { abs: f.tolerance });
    });
  }

  it("the @example: symmetricEigen([[2, 1], [1, 2]]).values is [3, 1]", () => {
    expectAllClose(
      symmetricEigen(
        fromRows([
          [2, 1],
          [1, 2],
        ]),
      ).values,
      [3, 1],
      { abs: 1e-15 },
    );
  });
});

/** Symmetric n × n matrices with entries in [−10, 10] (a grid of hundredths, so exact repeats and zeros occur). */
const symmetric = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc
    .array(
      fc.integer({ min: -1000, max: 1000 }).map((k) => k / 100),
      { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 },
    )
    .map((upper): Matrix => {
      const data = new Float64Array(n * n);
      let k = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          data[i * n + j] = upper[k]!;
          data[j * n + i] = upper[k]!;
          k++;
        }
      }
      return { data, rows: n, cols: n };
    }),
);

function frobenius(A: Matrix): number {
  let s = 0;
  for (const v of A.data) s += v * v;
  return Math.sqrt(s);
}

describe("properties", () => {
  propTest.prop([symmetric])("symmetricEigen: A·v_k = λ_k·v_k for every k", (A) => {
    const { values, vectors } = symmetricEigen(A);
    const n = A.rows;
    const tol = 1e-12 * Math.max(1, frobenius(A));
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A.data[i * n + j]! * vectors.data[j * n + k]!;
        expectClose(av, values[k]! * vectors.data[i * n + k]!, { abs: tol });
      }
    }
  });

  propTest.prop([symmetric])("symmetricEigen: the eigenvectors are orthonormal (V'V = I)", (A) => {
    const { vectors } = symmetricEigen(A);
    const n = A.rows;
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors.data[i * n + p]! * vectors.data[i * n + q]!;
        expectClose(dot, p === q ? 1 : 0, { abs: 1e-13 });
      }
    }
  });

  propTest.prop([symmetric])(
    "symmetricEigen: values descend, sum to the trace, and each vector's largest-|entry| is positive",
    (A) => {
      const { values, vectors } = symmetricEigen(A);
      const n = A.rows;
      let trace = 0;
      for (let i = 0; i < n; i++) trace += A.data[i * n + i]!;
      expectClose(
        values.reduce((a, b) => a + b, 0),
        trace,
        { abs: 1e-12 * Math.max(1, frobenius(A)) },
      );
      for (let k = 1; k < n; k++) expect(values[k - 1]).toBeGreaterThanOrEqual(values[k]!);
      for (let k = 0; k < n; k++) {
        let largest = 0;
        for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(vectors.data[i * n + k]!));
        let first = 0;
        while (Math.abs(vectors.data[first * n + k]!) < largest * (1 - 1e-10)) first++;
        expect(vectors.data[first * n + k]).toBeGreaterThan(0);
      }
    },
  );
});

describe("edges and errors", () => {
  it("symmetricEigen of the identity gives values 1 and orthonormal vectors; of a diagonal matrix the sorted diagonal", () => {
    const I = symmetricEigen(
      fromRows([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    );
    expect(Array.from(I.values)).toEqual([1, 1, 1]);
    expect(Array.from(I.vectors.data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const D = symmetricEigen(
      fromRows([
        [2, 0, 0],
        [0, -1, 0],
        [0, 0, 5],
      ]),
    );
    expect(Array.from(D.values)).toEqual([5, 2, -1]);
    expect(Array.from(D.vectors.data)).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    expect(D.sweeps).toBe(0);
  });

  it("symmetricEigen of 0 × 0 and 1 × 1 matrices", () => {
    expect(symmetricEigen({ data: new Float64Array(0), rows: 0, cols: 0 }).values.length).toBe(0);
    const one = symmetricEigen(fromRows([[-3]]));
    expect(Array.from(one.values)).toEqual([-3]);
    expect(Array.from(one.vectors.data)).toEqual([1]);
  });

  it("symmetricEigen makes a vector with two entries of equal magnitude positive in the first", () => {
    const { vectors } = symmetricEigen(
      fromRows([
        [0, 1],
        [1, 0],
      ]),
    );
    expect(vectors.data[0]).toBeGreaterThan(0); // λ = 1: (1, 1)/√2
    expect(vectors.data[1]).toBeGreaterThan(0); // λ = −1: (1, −1)/√2
    expect(vectors.data[3]).toBeLessThan(0);
  });

  it("symmetricEigen throws RangeError naming the function for non-square, asymmetric or non-finite input", () => {
    expect(() => symmetricEigen(fromRows([[1, 2]]))).toThrow(/^symmetricEigen: A must be square/);
    expect(() =>
      symmetricEigen(
        fromRows([
          [1, 2],
          [3, 1],
        ]),
      ),
    ).toThrow(/^symmetricEigen: A must be symmetric/);
    expect(() =>
      symmetricEigen(
        fromRows([
          [1, Number.NaN],
          [Number.NaN, 1],
        ]),
      ),
    ).toThrow(/^symmetricEigen: A must be finite/);
  });
});
