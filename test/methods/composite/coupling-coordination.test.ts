import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import {
  COORDINATION_LEVELS,
  COUPLING_CLASSES,
  couplingCoordination,
} from "../../../src/methods/composite/coupling-coordination.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { fixture } from "./weights-kit.js";

const NUMPY_TOL = 1e-9;

interface Ctd {
  readonly C: number;
  readonly T?: number;
  readonly D?: number;
}

describe("reference values", () => {
  for (const name of ["methods-vectors-printed", "methods-vectors-numpy"]) {
    const f = fixture<{ U: number[][] }, { standard: Ctd[]; modified: Ctd[] }>("coupling-coordination", name);
    for (const variant of ["standard", "modified"] as const) {
      it(`couplingCoordination(U, {variant: '${variant}'}) matches ${name} (methods.md §2.10)`, () => {
        f.input.U.forEach((u, k) => {
          const r = couplingCoordination(fromRows([u]), { variant });
          const e = f.expected[variant][k]!;
          expectClose(r.coupling[0]!, e.C, { abs: f.tolerance });
          if (e.T !== undefined) expectClose(r.development[0]!, e.T, { abs: f.tolerance });
          if (e.D !== undefined) expectClose(r.coordination[0]!, e.D, { abs: f.tolerance });
        });
      });
    }
  }

  it("couplingCoordination matches numpy on random scores, n = 2..4, both variants, equal and unequal alpha", () => {
    const f = fixture<
      { cases: { variant: "standard" | "modified"; alpha: number[]; U: number[][] }[] },
      { cases: { C: number[]; T: number[]; D: number[] }[] }
    >("coupling-coordination", "random-numpy");
    expect(f.input.cases).toHaveLength(12);
    f.input.cases.forEach((c, k) => {
      const r = couplingCoordination(fromRows(c.U), { variant: c.variant, alpha: c.alpha });
      const e = f.expected.cases[k]!;
      expectAllClose(r.coupling, e.C, { abs: NUMPY_TOL });
      expectAllClose(r.development, e.T, { abs: NUMPY_TOL });
      expectAllClose(r.coordination, e.D, { abs: NUMPY_TOL });
    });
  });

  it("the @example: couplingCoordination([[0.3, 0.5]]).coordination is 0.6223330 to 7 decimals", () => {
    expectClose(couplingCoordination(fromRows([[0.3, 0.5]])).coordination[0]!, 0.622333, { abs: 5e-8 });
  });

  it("COORDINATION_LEVELS lists the ten grades 极度失调 … 优质协调 and COUPLING_CLASSES the four classes", () => {
    expect(COORDINATION_LEVELS.map((l) => l.zh)).toEqual([
      "极度失调",
      "严重失调",
      "中度失调",
      "轻度失调",
      "濒临失调",
      "勉强协调",
      "初级协调",
      "中级协调",
      "良好协调",
      "优质协调",
    ]);
    expect(COORDINATION_LEVELS[0]!.en).toBe("extreme imbalance");
    expect(COORDINATION_LEVELS[9]!.en).toBe("quality coordination");
    expect(COUPLING_CLASSES.map((c) => [c.from, c.to])).toEqual([
      [0, 0.3],
      [0.3, 0.5],
      [0.5, 0.8],
      [0.8, 1],
    ]);
  });
});

const scores = (n: number, rows: number) =>
  fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n * rows, maxLength: n * rows })
    .map((values): Matrix => ({ data: Float64Array.from(values), rows, cols: n }));
const scoreMatrix = fc
  .record({ n: fc.integer({ min: 2, max: 6 }), rows: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, rows }) => scores(n, rows));

describe("properties", () => {
  propTest.prop([scoreMatrix, fc.constantFrom<"standard" | "modified">("standard", "modified")])(
    "couplingCoordination: C, T and D lie in [0, 1]; level and class agree with D and C",
    (U, variant) => {
      const r = couplingCoordination(U, { variant });
      for (let i = 0; i < U.rows; i++) {
        for (const v of [r.coupling[i]!, r.development[i]!, r.coordination[i]!]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        const level = COORDINATION_LEVELS[r.level[i]!]!;
        expect(r.coordination[i]).toBeGreaterThanOrEqual(level.from - 1e-12);
        expect(r.coordination[i]! < level.to || r.level[i] === 9).toBe(true);
        const cls = COUPLING_CLASSES[r.couplingClass[i]!]!;
        expect(r.coupling[i]).toBeGreaterThanOrEqual(cls.from - 1e-12);
        expect(r.coupling[i]! < cls.to || r.couplingClass[i] === 3).toBe(true);
      }
    },
  );

  propTest.prop([fc.integer({ min: 2, max: 8 }), fc.double({ min: 1e-6, max: 1, noNaN: true })])(
    "couplingCoordination: C = 1 and D = √U when all n subsystem scores equal U (standard form)",
    (n, u) => {
      const r = couplingCoordination({ data: new Float64Array(n).fill(u), rows: 1, cols: n });
      expectClose(r.coupling[0]!, 1, { abs: 1e-12 });
      expectClose(r.coordination[0]!, Math.sqrt(u), { abs: 1e-12 });
    },
  );

  propTest.prop([scoreMatrix])(
    "couplingCoordination: C is symmetric in the subsystems (reversing the columns)",
    (U) => {
      const reversed = U.data.slice();
      for (let i = 0; i < U.rows; i++) reversed.subarray(i * U.cols, (i + 1) * U.cols).reverse();
      const a = couplingCoordination(U);
      const b = couplingCoordination({ ...U, data: reversed });
      expectAllClose(b.coupling, a.coupling, { abs: 1e-14 });
      expectAllClose(b.coordination, a.coordination, { abs: 1e-14 });
    },
  );
});

describe("edges and errors", () => {
  it("couplingCoordination of an all-zero row gives C = T = D = 0 with status all_zero", () => {
    const r = couplingCoordination(
      fromRows([
        [0, 0, 0],
        [0, 0.5, 1],
      ]),
    );
    expect(r.status).toEqual(["all_zero", "ok"]);
    expect([r.coupling[0], r.development[0], r.coordination[0]]).toEqual([0, 0, 0]);
    expect(r.coupling[1]).toBe(0);
  });

  it("couplingCoordination grades D = 1 as level 9 and D = 0.3 as level 3", () => {
    const r = couplingCoordination(
      fromRows([
        [1, 1],
        [0.09, 0.09],
      ]),
    );
    expect(Array.from(r.level)).toEqual([9, 3]);
    expect(Array.from(r.couplingClass)).toEqual([3, 3]);
  });

  it("couplingCoordination reports every U outside [0, 1] as NqpfInputError bad_value with the subsystem name", () => {
    const issues = issuesOf(() =>
      couplingCoordination(
        fromRows([
          [1.2, 0.5],
          [0.3, -0.1],
        ]),
        { names: ["tech", "green"] },
      ),
    );
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["bad_value", "tech"],
      ["bad_value", "green"],
    ]);
  });

  it("couplingCoordination throws RangeError naming the function for bad shapes and alpha", () => {
    expect(() => couplingCoordination(fromRows([[0.5]]))).toThrow(
      /^couplingCoordination: U needs at least two subsystems/,
    );
    expect(() => couplingCoordination(fromRows([[0.5, 0.5]]), { alpha: [1] })).toThrow(
      /^couplingCoordination: alpha must have length 2/,
    );
    expect(() => couplingCoordination(fromRows([[0.5, 0.5]]), { alpha: [0.5, 0.6] })).toThrow(
      /^couplingCoordination: alpha must sum to 1/,
    );
    expect(() => couplingCoordination(fromRows([[0.5, Number.NaN]]))).toThrow(
      /^couplingCoordination: U must be finite/,
    );
    expect(() => couplingCoordination(fromRows([[0.5, 0.5]]), { names: ["a"] })).toThrow(
      /^couplingCoordination: names/,
    );
  });
});
