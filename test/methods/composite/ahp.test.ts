import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import { AHP_RANDOM_INDEX, ahp, type AhpMethod } from "../../../src/methods/composite/ahp.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { fixture } from "./weights-kit.js";

/** numpy fixtures (test/reference/ahp/generate.py) agree to rounding. */
const NUMPY_TOL = 1e-9;
const METHODS: readonly AhpMethod[] = ["eigen", "geometric", "column-average"];

interface Summary {
  readonly weights: number[];
  readonly lambdaMax: number;
  readonly ci: number;
  readonly cr: number;
  readonly ri: number;
}

/** Entries such as "1/3" in the typed fixture. */
function parseEntry(v: number | string): number {
  if (typeof v === "number") return v;
  const [a, b] = v.split("/").map(Number);
  return a! / b!;
}

const saaty = fromRows([
  [1, 3, 5],
  [1 / 3, 1, 3],
  [1 / 5, 1 / 3, 1],
]);

describe("reference values", () => {
  it("AHP_RANDOM_INDEX equals Saaty's RI table for n = 1..15 exactly (AHPWR source, methods.md §2.6)", () => {
    const f = fixture<object, { ri: number[] }>("ahp", "random-index");
    expect([...AHP_RANDOM_INDEX]).toEqual(f.expected.ri);
    expect(Object.isFrozen(AHP_RANDOM_INDEX)).toBe(true);
  });

  it("ahp(A) matches the methods.md §2.6 vector: eigen weights, λmax, CI, CR; geometric; column-average (7 decimals)", () => {
    const f = fixture<
      { A: (number | string)[][] },
      { eigen: Summary; geometric: { weights: number[] }; "column-average": { weights: number[] } }
    >("ahp", "saaty-3x3-printed");
    const A = fromRows(f.input.A.map((row) => row.map(parseEntry)));
    const tol = { abs: f.tolerance };
    const eigen = ahp(A);
    expectAllClose(eigen.weights, f.expected.eigen.weights, tol);
    expectClose(eigen.lambdaMax, f.expected.eigen.lambdaMax, tol);
    expectClose(eigen.ci, f.expected.eigen.ci, tol);
    expectClose(eigen.cr, f.expected.eigen.cr, tol);
    expectAllClose(ahp(A, { method: "geometric" }).weights, f.expected.geometric.weights, tol);
    expectAllClose(ahp(A, { method: "column-average" }).weights, f.expected["column-average"].weights, tol);
  });

  for (const name of ["saaty-3x3-numpy", "five-criteria-numpy", "inconsistent-4-numpy"]) {
    const f = fixture<{ A: number[][] }, Record<AhpMethod, Summary>>("ahp", name);
    for (const method of METHODS) {
      it(`ahp(A, {method: '${method}', force: true}) matches numpy for ${name}`, () => {
        const r = ahp(fromRows(f.input.A), { method, force: true });
        const e = f.expected[method];
        expectAllClose(r.weights, e.weights, { abs: NUMPY_TOL });
        expectClose(r.lambdaMax, e.lambdaMax, { abs: NUMPY_TOL });
        expectClose(r.ci, e.ci, { abs: NUMPY_TOL });
        expectClose(r.cr, e.cr, { abs: NUMPY_TOL });
        expect(r.ri).toBe(e.ri);
        expect(r.consistent).toBe(e.cr < 0.1);
      });
    }
  }

  it("the @example: ahp(Saaty 3 × 3).cr is 0.0331992 to 7 decimals", () => {
    expectClose(ahp(saaty).cr, 0.0331992, { abs: 5e-8 });
  });
});

/** A perfectly consistent matrix a_ij = w_i / w_j from positive w. */
const consistentCase = fc
  .array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 1, maxLength: 15 })
  .map((raw) => {
    const total = raw.reduce((a, b) => a + b, 0);
    const w = raw.map((v) => v / total);
    const n = w.length;
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = i === j ? 1 : w[i]! / w[j]!;
    return { w, A: { data, rows: n, cols: n } satisfies Matrix };
  });

/** A reciprocal matrix on Saaty's scale (any consistency). */
const saatyScale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9];
const reciprocalMatrix = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc
    .array(fc.constantFrom(...saatyScale), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 })
    .map((upper) => {
      const data = new Float64Array(n * n);
      let k = 0;
      for (let i = 0; i < n; i++) {
        data[i * n + i] = 1;
        for (let j = i + 1; j < n; j++) {
          data[i * n + j] = upper[k]!;
          data[j * n + i] = 1 / upper[k]!;
          k++;
        }
      }
      return { data, rows: n, cols: n } satisfies Matrix;
    }),
);

describe("properties", () => {
  propTest.prop([consistentCase, fc.constantFrom(...METHODS)])(
    "ahp of a perfectly consistent matrix (a_ij = w_i/w_j) returns w with λmax = n and CR = 0",
    ({ w, A }, method) => {
      const r = ahp(A, { method });
      expectAllClose(r.weights, w, { abs: 1e-12 });
      expectClose(r.lambdaMax, w.length, { abs: 1e-12 });
      expectClose(r.cr, 0, { abs: 1e-12 });
      expect(r.consistent).toBe(true);
    },
  );

  propTest.prop([reciprocalMatrix, fc.constantFrom(...METHODS)])(
    "ahp weights are positive and sum to 1, λmax ≥ n, and the eigen weights satisfy A w = λmax w",
    (A, method) => {
      const r = ahp(A, { method, force: true });
      const n = A.rows;
      expect(Array.from(r.weights).every((w) => w > 0)).toBe(true);
      expectClose(
        r.weights.reduce((a, b) => a + b, 0),
        1,
        { abs: 1e-12 },
      );
      expect(r.lambdaMax).toBeGreaterThanOrEqual(n - 1e-9);
      expect(r.ci).toBeGreaterThanOrEqual(0);
      if (method === "eigen") {
        for (let i = 0; i < n; i++) {
          let product = 0;
          for (let j = 0; j < n; j++) product += A.data[i * n + j]! * r.weights[j]!;
          expectClose(product, r.lambdaMax * r.weights[i]!, { abs: 1e-10 });
        }
      }
    },
  );

  it("ahp geometric and eigen weights coincide for n = 3 (methods.md §2.6)", () => {
    expectAllClose(ahp(saaty, { method: "geometric" }).weights, ahp(saaty).weights, { abs: 1e-14 });
  });
});

describe("edges and errors", () => {
  it("ahp of a 1 × 1 or 2 × 2 matrix has CR = 0", () => {
    const one = ahp(fromRows([[1]]));
    expectAllClose(one.weights, [1], { abs: 0 });
    expect(one.cr).toBe(0);
    const two = ahp(
      fromRows([
        [1, 4],
        [0.25, 1],
      ]),
    );
    expectAllClose(two.weights, [0.8, 0.2], { abs: 1e-15 });
    expect([two.ci, two.cr]).toEqual([0, 0]);
  });

  it("ahp with CR ≥ 0.1 throws NqpfInputError (bad_value) unless force", () => {
    const f = fixture<{ A: number[][] }, Record<AhpMethod, Summary>>("ahp", "inconsistent-4-numpy");
    const A = fromRows(f.input.A);
    const issues = issuesOf(() => ahp(A, { names: ["a", "b", "c", "d"] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe("bad_value");
    expect(issues[0]!.hint).toMatch(/force/);
    const forced = ahp(A, { force: true });
    expect(forced.consistent).toBe(false);
    expect(forced.cr).toBeGreaterThanOrEqual(0.1);
  });

  it("ahp reports every non-reciprocal pair, naming the criterion", () => {
    const A = fromRows([
      [1, 3, 5],
      [0.333, 1, 3],
      [1 / 5, 0.5, 1],
    ]);
    const issues = issuesOf(() => ahp(A, { names: ["gdp", "rd", "patents"] }));
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "gdp"],
      ["bad_value", "rd"],
    ]);
  });

  it("ahp rejects a non-positive entry and a diagonal other than 1 with NqpfInputError", () => {
    expect(
      issuesOf(() =>
        ahp(
          fromRows([
            [1, 0],
            [0, 1],
          ]),
        ),
      )[0]!.code,
    ).toBe("bad_value");
    const diagonal = issuesOf(() =>
      ahp(
        fromRows([
          [2, 1],
          [1, 1],
        ]),
      ),
    );
    expect(diagonal.map((i) => i.column)).toEqual(["indicator 1"]);
  });

  it("ahp rejects more criteria than the RI table covers, and accepts a custom randomIndex", () => {
    const n = 16;
    const A: Matrix = { data: new Float64Array(n * n).fill(1), rows: n, cols: n };
    expect(issuesOf(() => ahp(A))[0]!.code).toBe("bad_value");
    const r = ahp(A, { randomIndex: [...AHP_RANDOM_INDEX, 1.6] });
    expectAllClose(r.weights, new Float64Array(n).fill(1 / n), { abs: 1e-15 });
    expect(r.ri).toBe(1.6);
  });

  it("ahp throws RangeError naming the function for a non-square or non-finite matrix", () => {
    expect(() => ahp(fromRows([[1, 2]]))).toThrow(/^ahp: A must be square/);
    expect(() =>
      ahp(
        fromRows([
          [1, Number.NaN],
          [1, 1],
        ]),
      ),
    ).toThrow(/^ahp: A must be finite/);
    expect(() => ahp(saaty, { names: ["a"] })).toThrow(/^ahp: names must have one entry/);
    expect(() => ahp(saaty, { method: "power" as AhpMethod })).toThrow(/^ahp: method/);
  });
});
