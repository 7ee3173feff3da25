import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { dea } from "../../../src/methods/frontier/dea.js";
import { fdh, type FdhOptions } from "../../../src/methods/frontier/fdh.js";
import type { Orientation } from "../../../src/methods/frontier/types.js";
import { expectAllClose, LP_TOL } from "../../close.js";
import { deaData, fixture, mat, pick, readData, type FileInput } from "./dea-kit.js";

describe("reference values", () => {
  for (const name of ["charnes1981", "norwood2004"]) {
    const f = fixture<FileInput, Record<Orientation, number[]>>("fdh", `${name}-milp`);
    for (const orientation of ["input", "output"] as const) {
      it(`fdh(X, Y, {orientation: "${orientation}"}) matches the Deprins–Simar–Tulkens mixed-integer LP (scipy milp / HiGHS) on ${name}`, () => {
        const { X, Y } = readData(f.input);
        const r = fdh(X, Y, { orientation });
        expectAllClose(r.scores, f.expected[orientation], { abs: f.tolerance });
      });
    }
  }
});

describe("properties", () => {
  propTest.prop([deaData()])(
    "input orientation: FDH ≥ VRS ≥ CRS; output: FDH φ ≤ VRS φ ≤ CRS φ",
    ({ X, Y }) => {
      const inFdh = fdh(X, Y).scores;
      const inVrs = dea(X, Y, { rts: "vrs", slacks: "none" }).scores;
      const inCrs = dea(X, Y, { slacks: "none" }).scores;
      const outFdh = fdh(X, Y, { orientation: "output" }).scores;
      const outVrs = dea(X, Y, { rts: "vrs", orientation: "output", slacks: "none" }).scores;
      const outCrs = dea(X, Y, { orientation: "output", slacks: "none" }).scores;
      for (let i = 0; i < X.rows; i++) {
        expect(inFdh[i]!).toBeLessThanOrEqual(1);
        expect(inFdh[i]!).toBeGreaterThanOrEqual(inVrs[i]! - LP_TOL);
        expect(inVrs[i]!).toBeGreaterThanOrEqual(inCrs[i]! - LP_TOL);
        expect(outFdh[i]!).toBeGreaterThanOrEqual(1);
        expect(outFdh[i]!).toBeLessThanOrEqual(outVrs[i]! + LP_TOL);
        expect(outVrs[i]!).toBeLessThanOrEqual(outCrs[i]! + LP_TOL);
      }
    },
  );

  propTest.prop([deaData(), fc.constantFrom<Orientation>("input", "output")])(
    "the peer dominates the unit: its data are the targets, slacks ≥ 0 and target = radial point ∓ slack",
    ({ X, Y }, orientation) => {
      const r = fdh(X, Y, { orientation });
      for (let i = 0; i < X.rows; i++) {
        const p = r.peers[i]!.index[0]!;
        for (let j = 0; j < X.cols; j++) {
          const xo = X.data[i * X.cols + j]!;
          expect(r.inputTargets.data[i * X.cols + j]).toBe(X.data[p * X.cols + j]);
          expect(r.inputSlacks.data[i * X.cols + j]!).toBeGreaterThanOrEqual(0);
          const radial = orientation === "input" ? r.scores[i]! * xo : xo;
          expectAllClose([radial - r.inputSlacks.data[i * X.cols + j]!], [X.data[p * X.cols + j]!], {
            abs: 1e-9,
            rel: 1e-12,
          });
        }
        for (let j = 0; j < Y.cols; j++) {
          expect(r.outputTargets.data[i * Y.cols + j]).toBe(Y.data[p * Y.cols + j]);
          expect(r.outputSlacks.data[i * Y.cols + j]!).toBeGreaterThanOrEqual(0);
        }
      }
    },
  );

  propTest.prop([
    deaData(),
    fc.nat(),
    fc.double({ min: 1, max: 2, noNaN: true }),
    fc.constantFrom<Orientation>("input", "output"),
  ])(
    "adding a unit dominated by an existing one leaves the other units' scores unchanged",
    ({ X, Y }, which, worse, orientation) => {
      const k = which % X.rows;
      const Xd = {
        data: Float64Array.of(
          ...X.data,
          ...X.data.subarray(k * X.cols, (k + 1) * X.cols).map((v) => v * worse),
        ),
        rows: X.rows + 1,
        cols: X.cols,
      };
      const Yd = {
        data: Float64Array.of(
          ...Y.data,
          ...Y.data.subarray(k * Y.cols, (k + 1) * Y.cols).map((v) => v / worse),
        ),
        rows: Y.rows + 1,
        cols: Y.cols,
      };
      expectAllClose(
        fdh(Xd, Yd, { orientation }).scores.subarray(0, X.rows),
        fdh(X, Y, { orientation }).scores,
        { abs: 0 },
      );
    },
  );
});

describe("edges and errors", () => {
  const X = mat([[2], [4], [3]]);
  const Y = mat([[2], [3], [1]]);

  it("the doc example: fdh(X, Y).scores", () => {
    expectAllClose(fdh(X, Y).scores, [1, 1, 2 / 3], { abs: 1e-15 });
  });

  it("fdh against a reference set: a unit nothing dominates is 'infeasible' with a reason", () => {
    const r = fdh(X, Y, { reference: { X: pick(X, [0, 2]), Y: pick(Y, [0, 2]) } });
    expect(r.status).toEqual(["optimal", "infeasible", "optimal"]);
    expect(r.scores[1]).toBeNaN();
    expect(r.reason[1]).toMatch(/no reference unit/);
    expect(r.externalReference).toBe(true);
  });

  it("fdh(X, Y, {orientation: 'output'}) with all outputs 0 is 'unbounded'; partly zero outputs use the positive ones", () => {
    const r = fdh(
      mat([
        [1, 1],
        [1, 1],
      ]),
      mat([
        [0, 0],
        [2, 0],
      ]),
      { orientation: "output" },
    );
    expect(r.status).toEqual(["unbounded", "optimal"]);
    const partly = fdh(
      mat([[1], [1]]),
      mat([
        [1, 0],
        [2, 5],
      ]),
      { orientation: "output" },
    );
    expectAllClose(partly.scores, [2, 1], { abs: 0 });
  });

  it("fdh throws NqpfInputError for zero inputs and RangeError for bad shapes and options", () => {
    expect(() => fdh(mat([[0], [1]]), mat([[1], [1]]))).toThrow(/DEA needs inputs > 0/);
    expect(() => fdh(X, mat([[1]]))).toThrow(/^fdh: X and Y must have the same rows/);
    expect(() => fdh(X, Y, { orientation: "up" } as unknown as FdhOptions)).toThrow(/^fdh: orientation/);
  });
});
