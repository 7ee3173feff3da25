import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { dea, envelopment } from "../../../src/methods/frontier/dea.js";
import { solveLp } from "../../../src/lp/simplex.js";
import {
  screenedSuperEfficiency,
  superEfficiency,
  type SuperEfficiencyOptions,
} from "../../../src/methods/frontier/super-efficiency.js";
import type { Orientation, Rts } from "../../../src/methods/frontier/types.js";
import { expectAllClose, LP_TOL } from "../../close.js";
import { highsSolver, loadHighs } from "../../oracle/highs.js";
import { deaData, fixture, mat, nums, pick, readData, type FileInput } from "./dea-kit.js";

beforeAll(loadHighs);

const ORIENTATIONS: readonly Orientation[] = ["input", "output"];

describe("reference values", () => {
  const plants = fixture<{ X: number[][]; Y: number[][] }, { "input-crs": number[] }>(
    "super-efficiency",
    "power-plants-printed",
  );
  it("superEfficiency(X, Y, {rts: 'crs', orientation: 'input'}) matches deaR on Tone (2002) power plants (methods.md §4.8(c), 6–7 digits)", () => {
    const r = superEfficiency(mat(plants.input.X), mat(plants.input.Y));
    expectAllClose(r.scores, plants.expected["input-crs"], { abs: plants.tolerance });
    expect(r.status.every((s) => s === "optimal")).toBe(true);
  });

  interface Combo {
    scores: (number | null)[];
    status: string[];
  }
  for (const name of ["charnes1981", "norwood2004", "pigdata", "usagri"]) {
    const f = fixture<FileInput, Record<string, Combo>>("super-efficiency", `${name}-scipy`);
    it(`superEfficiency(X, Y, {rts, orientation}) matches SciPy/HiGHS on ${name} (CRS and VRS, both orientations; infeasible units too)`, () => {
      expect(f.tolerance).toBe(LP_TOL);
      const { X, Y } = readData(f.input);
      for (const [key, expected] of Object.entries(f.expected)) {
        const [orientation, rts] = key.split("-") as [Orientation, Rts];
        const r = superEfficiency(X, Y, { rts, orientation });
        expect(r.status, key).toEqual(expected.status);
        expectAllClose(r.scores, nums(expected.scores), { abs: LP_TOL });
      }
    });
  }
});

describe("properties", () => {
  propTest.prop([
    deaData(),
    fc.constantFrom<Rts>("crs", "vrs", "nirs", "ndrs"),
    fc.constantFrom(...ORIENTATIONS),
  ])(
    "super-efficiency ≥ ordinary efficiency (Farrell), equal for inefficient units; solveLp agrees with HiGHS",
    ({ X, Y }, rts, orientation) => {
      const ordinary = dea(X, Y, { rts, orientation, slacks: "none" });
      const sup = superEfficiency(X, Y, { rts, orientation });
      const oracle = superEfficiency(X, Y, { rts, orientation, solver: highsSolver });
      expect(sup.status).toEqual(oracle.status);
      expectAllClose(sup.scores, oracle.scores, { abs: LP_TOL });
      for (let i = 0; i < X.rows; i++) {
        if (sup.status[i] !== "optimal") {
          expect(rts).not.toBe("crs");
          expect(sup.reason[i]).toMatch(/outside the/);
          continue;
        }
        expect(sup.farrell[i]!).toBeGreaterThanOrEqual(ordinary.farrell[i]! - LP_TOL);
        if (ordinary.farrell[i]! < 1 - 1e-6)
          expectAllClose([sup.scores[i]!], [ordinary.scores[i]!], { abs: LP_TOL });
        expect(Array.from(sup.peers[i]!.index)).not.toContain(i);
      }
    },
  );

  propTest.prop([
    deaData({ minUnits: 4 }),
    fc.constantFrom<Rts>("crs", "vrs"),
    fc.constantFrom(...ORIENTATIONS),
  ])(
    "superEfficiency with reference = the data and exclude = identity equals the default",
    ({ X, Y }, rts, orientation) => {
      const a = superEfficiency(X, Y, { rts, orientation });
      const exclude = Int32Array.from({ length: X.rows }, (_, i) => i);
      const b = superEfficiency(X, Y, { rts, orientation, reference: { X, Y }, exclude });
      expect(b.status).toEqual(a.status);
      expectAllClose(b.scores, a.scores, { abs: 1e-9 });
    },
  );
});

describe("screened super-efficiency (large data sets) against the direct LPs", () => {
  const tiedData = fc
    .record({
      n: fc.integer({ min: 2, max: 40 }),
      m: fc.integer({ min: 1, max: 3 }),
      s: fc.integer({ min: 1, max: 2 }),
    })
    .chain(({ n, m, s }) =>
      fc.record({
        X: fc
          .array(fc.integer({ min: 1, max: 5 }), { minLength: n * m, maxLength: n * m })
          .map((d) => ({ data: Float64Array.from(d), rows: n, cols: m })),
        Y: fc
          .array(fc.integer({ min: 1, max: 5 }), { minLength: n * s, maxLength: n * s })
          .map((d) => ({ data: Float64Array.from(d), rows: n, cols: s })),
      }),
    );
  propTest.prop(
    [
      fc.oneof(deaData({ maxUnits: 40 }), tiedData),
      fc.constantFrom<Rts>("crs", "vrs", "nirs", "ndrs"),
      fc.constantFrom(...ORIENTATIONS),
    ],
    { numRuns: 60 },
  )(
    "screenedSuperEfficiency equals envelopment with each unit excluded (scores and statuses)",
    ({ X, Y }, rts, orientation) => {
      const exclude = Int32Array.from({ length: X.rows }, (_, i) => i);
      const direct = envelopment(X, Y, X, Y, {
        rts,
        orientation,
        maxSlacks: false,
        solver: solveLp,
        exclude,
      });
      const screened = screenedSuperEfficiency(X, Y, rts, orientation, solveLp);
      expect(screened.status).toEqual(direct.status);
      expectAllClose(screened.scores, direct.scores, { abs: LP_TOL });
    },
  );

  it("superEfficiency on usagri (480 units, screened path) matches the SciPy fixture", () => {
    const f = fixture<FileInput, Record<string, { scores: (number | null)[]; status: string[] }>>(
      "super-efficiency",
      "usagri-scipy",
    );
    const { X, Y } = readData(f.input);
    const r = superEfficiency(X, Y, { rts: "vrs" });
    expect(r.status).toEqual(f.expected["input-vrs"]!.status);
    expectAllClose(r.scores, nums(f.expected["input-vrs"]!.scores), { abs: LP_TOL });
  });
});

describe("edges and errors", () => {
  const X = mat([[2], [4], [3]]);
  const Y = mat([[2], [3], [1]]);

  it("the doc example: superEfficiency(X, Y).scores", () => {
    expectAllClose(superEfficiency(X, Y).scores, [4 / 3, 0.75, 1 / 3], { abs: 1e-9 });
  });

  it("superEfficiency(X, Y, {rts: 'vrs'}) reports 'infeasible' with a reason for the unit with the largest output, and the run goes on", () => {
    const r = superEfficiency(X, Y, { rts: "vrs" });
    expect(r.status).toEqual(["optimal", "infeasible", "optimal"]);
    expect(r.scores[1]).toBeNaN();
    expect(r.reason[1]).toMatch(/outside the VRS technology of the other units/);
    expect(r.peers[1]!.index).toHaveLength(0);
    expect(Number.isFinite(r.scores[0]!) && Number.isFinite(r.scores[2]!)).toBe(true);
  });

  it("superEfficiency of a single unit is infeasible (no other units)", () => {
    const r = superEfficiency(mat([[1]]), mat([[1]]));
    expect(r.status).toEqual(["infeasible"]);
  });

  it("superEfficiency throws RangeError for a reference without exclude, bad exclude entries, exclude without reference", () => {
    const reference = { X: pick(X, [0, 1]), Y: pick(Y, [0, 1]) };
    expect(() => superEfficiency(X, Y, { reference })).toThrow(
      /^superEfficiency: with a reference set, exclude/,
    );
    expect(() => superEfficiency(X, Y, { reference, exclude: Int32Array.of(0, 1, 2) })).toThrow(
      /^superEfficiency: exclude entries/,
    );
    expect(() => superEfficiency(X, Y, { exclude: Int32Array.of(0, 1, 2) })).toThrow(
      /^superEfficiency: exclude is only/,
    );
    expect(() => superEfficiency(X, Y, { rts: "x" } as unknown as SuperEfficiencyOptions)).toThrow(
      /^superEfficiency: rts/,
    );
  });

  it("superEfficiency with a reference set leaves out only the unit's own row", () => {
    const reference = { X: pick(X, [0, 1, 2]), Y: pick(Y, [0, 1, 2]) };
    const r = superEfficiency(pick(X, [0]), pick(Y, [0]), { reference, exclude: Int32Array.of(0) });
    expectAllClose(r.scores, [4 / 3], { abs: 1e-9 });
    expect(r.externalReference).toBe(true);
  });
});
