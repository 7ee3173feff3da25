import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { dea } from "../../../src/methods/frontier/dea.js";
import { deaMultiplier, type DeaMultiplierOptions } from "../../../src/methods/frontier/dea-multiplier.js";
import type { Orientation, Rts } from "../../../src/methods/frontier/types.js";
import { expectAllClose, expectClose, LP_TOL } from "../../close.js";
import { highsSolver, loadHighs } from "../../oracle/highs.js";
import { deaData, fixture, mat, readData, type FileInput } from "./dea-kit.js";

beforeAll(loadHighs);

const ALL_RTS: readonly Rts[] = ["crs", "vrs", "nirs", "ndrs"];
const ORIENTATIONS: readonly Orientation[] = ["input", "output"];

describe("reference values", () => {
  const fried = fixture<{ X: number[][]; Y: number[][] }, Record<string, { scores: number[] }>>(
    "dea",
    "fried1993-jl-printed",
  );
  for (const [key, expected] of Object.entries(fried.expected)) {
    const [orientation, rts] = key.split("-") as [Orientation, Rts];
    it(`deaMultiplier(X, Y, {rts: "${rts}", orientation: "${orientation}"}) matches DataEnvelopmentAnalysis.jl on the FLS data at 1e-9`, () => {
      expectAllClose(
        deaMultiplier(mat(fried.input.X), mat(fried.input.Y), { rts, orientation }).scores,
        expected.scores,
        {
          abs: fried.tolerance,
        },
      );
    });
  }

  const charnes = fixture<FileInput, Record<string, { scores: number[] }>>("dea", "charnes1981-scipy");
  it("deaMultiplier(X, Y, {rts, orientation}) matches the SciPy envelopment scores on charnes1981 for every rts × orientation", () => {
    const { X, Y } = readData(charnes.input);
    for (const orientation of ORIENTATIONS)
      for (const rts of ALL_RTS)
        expectAllClose(
          deaMultiplier(X, Y, { rts, orientation }).scores,
          charnes.expected[`${orientation}-${rts}`]!.scores,
          {
            abs: LP_TOL,
          },
        );
  });
});

describe("properties", () => {
  propTest.prop([deaData(), fc.constantFrom(...ALL_RTS), fc.constantFrom(...ORIENTATIONS)])(
    "envelopment and multiplier scores agree (LP duality), and the weights satisfy the multiplier constraints",
    ({ X, Y }, rts, orientation) => {
      const envelope = dea(X, Y, { rts, orientation, slacks: "none" });
      const multiplier = deaMultiplier(X, Y, { rts, orientation });
      expectAllClose(multiplier.scores, envelope.scores, { abs: LP_TOL });
      const m = X.cols;
      const s = Y.cols;
      for (let o = 0; o < X.rows; o++) {
        const v = multiplier.inputWeights.data.subarray(o * m, (o + 1) * m);
        const u = multiplier.outputWeights.data.subarray(o * s, (o + 1) * s);
        const free = multiplier.free[o]!;
        const dot = (w: Float64Array, a: Float64Array, j: number, k: number) => {
          let sum = 0;
          for (let q = 0; q < k; q++) sum += w[q]! * a[j * k + q]!;
          return sum;
        };
        if (rts === "crs") expect(free).toBe(0);
        if (rts === "nirs") expect(orientation === "input" ? free <= 1e-12 : free >= -1e-12).toBe(true);
        if (rts === "ndrs") expect(orientation === "input" ? free >= -1e-12 : free <= 1e-12).toBe(true);
        for (const w of [...v, ...u]) expect(w).toBeGreaterThanOrEqual(-1e-12);
        if (orientation === "input") {
          expectClose(dot(v, X.data, o, m), 1, { abs: 1e-9 });
          expectClose(dot(u, Y.data, o, s) + free, multiplier.scores[o]!, { abs: 1e-9 });
          for (let j = 0; j < X.rows; j++) {
            const slack = dot(u, Y.data, j, s) - dot(v, X.data, j, m) + free;
            expect(slack).toBeLessThanOrEqual(1e-7);
          }
        } else {
          expectClose(dot(u, Y.data, o, s), 1, { abs: 1e-9 });
          expectClose(dot(v, X.data, o, m) + free, multiplier.scores[o]!, { abs: 1e-9 });
          for (let j = 0; j < X.rows; j++) {
            const slack = dot(v, X.data, j, m) - dot(u, Y.data, j, s) + free;
            expect(slack).toBeGreaterThanOrEqual(-1e-7);
          }
        }
      }
    },
  );

  propTest.prop([deaData(), fc.constantFrom(...ALL_RTS), fc.constantFrom(...ORIENTATIONS)], { numRuns: 30 })(
    "deaMultiplier with solveLp equals deaMultiplier with the HiGHS oracle",
    ({ X, Y }, rts, orientation) => {
      const a = deaMultiplier(X, Y, { rts, orientation });
      const b = deaMultiplier(X, Y, { rts, orientation, solver: highsSolver });
      expect(a.status).toEqual(b.status);
      expectAllClose(a.scores, b.scores, { abs: LP_TOL });
    },
  );
});

describe("edges and errors", () => {
  const X = mat([
    [2, 5],
    [2, 4],
    [6, 6],
    [3, 2],
    [6, 2],
  ]);
  const Y = mat([[1], [2], [3], [1], [2]]);

  it("the doc example: deaMultiplier(DEAP EG1).scores", () => {
    expectAllClose(deaMultiplier(X, Y).scores, [0.5, 1, 5 / 6, 5 / 7, 1], { abs: 1e-9 });
  });

  it("deaMultiplier reports a unit outside a VRS reference set as not optimal (the dual of an infeasible envelopment LP is unbounded)", () => {
    const reference = {
      X: mat([
        [2, 5],
        [2, 4],
      ]),
      Y: mat([[1], [2]]),
    };
    const r = deaMultiplier(X, Y, { rts: "vrs", reference });
    expect(r.status[2]).toBe("unbounded");
    expect(r.scores[2]).toBeNaN();
    expect(r.reason[2]).toMatch(/multiplier LP unbounded/);
    expect(r.status[0]).toBe("optimal");
  });

  it("deaMultiplier throws RangeError for bad options and NqpfInputError for bad data", () => {
    expect(() => deaMultiplier(X, Y, { orientation: "x" } as unknown as DeaMultiplierOptions)).toThrow(
      /^deaMultiplier: orientation/,
    );
    expect(() => deaMultiplier(X, mat([[1]]))).toThrow(/^deaMultiplier: X and Y/);
    expect(() => deaMultiplier(mat([[-1]]), mat([[1]]))).toThrow(/inputs > 0/);
  });
});
