import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { dea, envelopment, type EnvelopmentSettings } from "../../../src/methods/frontier/dea.js";
import { solveLp } from "../../../src/lp/simplex.js";
import type { Matrix } from "../../../src/math/matrix.js";
import type { DeaOptions, DeaResult } from "../../../src/methods/frontier/dea.js";
import type { Orientation, Rts } from "../../../src/methods/frontier/types.js";
import { isNqpfInputError, type NqpfInputError } from "../../../src/errors.js";
import { expectAllClose, expectClose, LP_TOL } from "../../close.js";
import { highsSolver, loadHighs } from "../../oracle/highs.js";
import {
  columnMeanSum,
  deaData,
  fixture,
  mat,
  nums,
  peerMap,
  pick,
  readData,
  rowSum,
  scaleAll,
  scaleColumn,
  type FileInput,
} from "./dea-kit.js";

beforeAll(loadHighs);

const ALL_RTS: readonly Rts[] = ["crs", "vrs", "nirs", "ndrs"];
const ORIENTATIONS: readonly Orientation[] = ["input", "output"];

function inputError(run: () => unknown): NqpfInputError {
  try {
    run();
  } catch (error) {
    if (isNqpfInputError(error)) return error;
    throw error;
  }
  throw new Error("expected an NqpfInputError");
}

describe("reference values", () => {
  interface Eg1Expected {
    scores: number[];
    inputSlacks: number[][];
    outputSlacks: number[][];
    inputTargets: number[][];
    outputTargets: number[][];
    peers: number[][];
    peerWeights: number[][];
  }
  const eg1 = fixture<{ X: number[][]; Y: number[][] }, Eg1Expected>("dea", "deap-eg1-printed");

  for (const solverName of ["solveLp", "highs"] as const) {
    it(`dea(X, Y, {rts: "crs", orientation: "input"}) matches DEAP 2.1 EG1-out.txt (scores, slacks, targets, peers; 3 decimals; ${solverName})`, () => {
      const r = dea(
        mat(eg1.input.X),
        mat(eg1.input.Y),
        solverName === "highs" ? { solver: highsSolver } : {},
      );
      const tol = { abs: eg1.tolerance };
      expectAllClose(r.scores, eg1.expected.scores, tol);
      expectAllClose(r.inputSlacks.data, eg1.expected.inputSlacks.flat(), tol);
      expectAllClose(r.outputSlacks.data, eg1.expected.outputSlacks.flat(), tol);
      expectAllClose(r.inputTargets.data, eg1.expected.inputTargets.flat(), tol);
      expectAllClose(r.outputTargets.data, eg1.expected.outputTargets.flat(), tol);
      eg1.expected.peers.forEach((printed, i) => {
        const ours = peerMap(r.peers[i]!);
        expect([...ours.keys()].map((j) => j + 1).sort(), `peers of firm ${i + 1}`).toEqual(
          [...printed].sort(),
        );
        printed.forEach((firm, k) => {
          expectClose(ours.get(firm - 1)!, eg1.expected.peerWeights[i]![k]!, tol);
        });
      });
      expect(r.status.every((s) => s === "optimal")).toBe(true);
    });
  }

  interface Combo {
    scores: number[];
    inputSlacks: number[][];
    outputSlacks: number[][];
  }
  const fried = fixture<{ X: number[][]; Y: number[][] }, Record<string, Combo>>(
    "dea",
    "fried1993-jl-printed",
  );
  for (const [key, expected] of Object.entries(fried.expected)) {
    const [orientation, rts] = key.split("-") as [Orientation, Rts];
    it(`dea(X, Y, {rts: "${rts}", orientation: "${orientation}"}) matches DataEnvelopmentAnalysis.jl test/dea.jl on the FLS (Fried 1993, y10 = 26) data at 1e-9`, () => {
      const r = dea(mat(fried.input.X), mat(fried.input.Y), { rts, orientation });
      expectAllClose(r.scores, expected.scores, { abs: fried.tolerance });
      expectAllClose(r.inputSlacks.data, expected.inputSlacks.flat(), { abs: fried.tolerance });
      expectAllClose(r.outputSlacks.data, expected.outputSlacks.flat(), { abs: fried.tolerance });
    });
  }

  for (const name of ["hospital-printed", "eight-dmu-printed"]) {
    const f = fixture<{ X: number[][]; Y: number[][] }, Record<string, number[]>>("dea", name);
    for (const [key, expected] of Object.entries(f.expected)) {
      const [orientation, rts] = key.split("-") as [Orientation, Rts];
      it(`dea(X, Y, {rts: "${rts}", orientation: "${orientation}"}) matches ${name} (methods.md §4.8, 4 decimals)`, () => {
        expectAllClose(dea(mat(f.input.X), mat(f.input.Y), { rts, orientation }).scores, expected, {
          abs: f.tolerance,
        });
      });
    }
  }

  interface ScipyCombo {
    scores: (number | null)[];
    status: string[];
    slackSum: (number | null)[];
  }
  interface ScaleExpected {
    scaleEfficiency: number[];
    rtsClass: string[];
  }
  for (const name of ["charnes1981", "norwood2004", "pigdata", "usagri"]) {
    const f = fixture<FileInput, Record<string, ScipyCombo | ScaleExpected>>("dea", `${name}-scipy`);
    it(`dea(X, Y, {rts, orientation}) matches SciPy/HiGHS on ${name} for every rts × orientation (scores 1e-6, max slack sums)`, () => {
      expect(f.tolerance).toBe(LP_TOL);
      const { X, Y } = readData(f.input);
      const slackTol = LP_TOL * (columnMeanSum(X) + columnMeanSum(Y));
      for (const orientation of ORIENTATIONS) {
        for (const rts of ALL_RTS) {
          const expected = f.expected[`${orientation}-${rts}`] as ScipyCombo;
          const r = dea(X, Y, { rts, orientation });
          expect(r.status, `${orientation}-${rts}`).toEqual(expected.status);
          expectAllClose(r.scores, nums(expected.scores), { abs: LP_TOL });
          const slackSums = Array.from(
            { length: X.rows },
            (_, i) => rowSum(r.inputSlacks, i) + rowSum(r.outputSlacks, i),
          );
          expectAllClose(slackSums, nums(expected.slackSum), { abs: slackTol });
        }
        const scale = f.expected[`${orientation}-scale`] as ScaleExpected;
        const r = dea(X, Y, { rts: "vrs", orientation, scale: true, slacks: "none" });
        expectAllClose(r.scaleEfficiency!, scale.scaleEfficiency, { abs: LP_TOL });
        expect(r.rtsClass, `${orientation} returns to scale`).toEqual(scale.rtsClass);
      }
    });
  }
});

describe("properties", () => {
  const same = (a: DeaResult, b: DeaResult, tol = LP_TOL) => {
    expectAllClose(a.scores, b.scores, { abs: tol });
  };

  propTest.prop([deaData(), fc.constantFrom(...ALL_RTS), fc.constantFrom(...ORIENTATIONS)])(
    "dea(X, Y) with solveLp equals dea(X, Y) with the HiGHS oracle (scores, Σλ-free checks)",
    ({ X, Y }, rts, orientation) => {
      const ours = dea(X, Y, { rts, orientation });
      const highs = dea(X, Y, { rts, orientation, solver: highsSolver });
      expect(ours.status).toEqual(highs.status);
      same(ours, highs);
      // The max slack sum is unique at the optimum even where the slacks are not. On badly scaled data the
      // oracle's answer can leave the feasible set by more than round-off (seen: θ ≈ 0.002 with inputs from
      // 0.1 to 82, HiGHS 1.15 +0.04 % slack, SciPy's HiGHS on the unscaled LP agreeing with ours); where the sums
      // differ, the oracle's solution must then be infeasible and ours feasible.
      for (let i = 0; i < X.rows; i++) {
        const a = rowSum(ours.inputSlacks, i) + rowSum(ours.outputSlacks, i);
        const b = rowSum(highs.inputSlacks, i) + rowSum(highs.outputSlacks, i);
        if (Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b))) continue;
        expect(envelopmentResidual(X, Y, ours, i, orientation), `unit ${i}: ours`).toBeLessThanOrEqual(1e-9);
        expect(envelopmentResidual(X, Y, highs, i, orientation), `unit ${i}: oracle`).toBeGreaterThan(1e-9);
      }
    },
  );

  propTest.prop([
    deaData(),
    fc.constantFrom(...ALL_RTS),
    fc.constantFrom(...ORIENTATIONS),
    fc.nat(),
    fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  ])(
    "scores are unchanged when one input or output column is multiplied by a positive constant",
    ({ X, Y }, rts, orientation, pickColumn, factor) => {
      const base = dea(X, Y, { rts, orientation, slacks: "none" });
      const j = pickColumn % (X.cols + Y.cols);
      const scaled =
        j < X.cols
          ? dea(scaleColumn(X, j, factor), Y, { rts, orientation, slacks: "none" })
          : dea(X, scaleColumn(Y, j - X.cols, factor), { rts, orientation, slacks: "none" });
      same(base, scaled);
    },
  );

  propTest.prop([
    deaData(),
    fc.constantFrom(...ALL_RTS),
    fc.constantFrom(...ORIENTATIONS),
    fc.infiniteStream(fc.nat()),
  ])("permuting the units permutes the scores", ({ X, Y }, rts, orientation, stream) => {
    const order = Array.from({ length: X.rows }, (_, i) => i);
    const draws = [...stream.take(X.rows)];
    for (let i = order.length - 1; i > 0; i--) {
      const k = draws[i]! % (i + 1);
      [order[i], order[k]] = [order[k]!, order[i]!];
    }
    const base = dea(X, Y, { rts, orientation, slacks: "none" });
    const permuted = dea(pick(X, order), pick(Y, order), { rts, orientation, slacks: "none" });
    expectAllClose(
      permuted.scores,
      order.map((i) => base.scores[i]!),
      { abs: LP_TOL },
    );
  });

  propTest.prop([deaData()])("input orientation: 0 < CRS ≤ NIRS, NDRS ≤ VRS ≤ 1", ({ X, Y }) => {
    const [crs, vrs, nirs, ndrs] = ALL_RTS.map((rts) => dea(X, Y, { rts, slacks: "none" }).scores);
    for (let i = 0; i < X.rows; i++) {
      expect(crs![i]!).toBeGreaterThan(0);
      expect(crs![i]!).toBeLessThanOrEqual(nirs![i]! + LP_TOL);
      expect(crs![i]!).toBeLessThanOrEqual(ndrs![i]! + LP_TOL);
      expect(nirs![i]!).toBeLessThanOrEqual(vrs![i]! + LP_TOL);
      expect(ndrs![i]!).toBeLessThanOrEqual(vrs![i]! + LP_TOL);
      expect(vrs![i]!).toBeLessThanOrEqual(1 + LP_TOL);
      // min(θ_NIRS, θ_NDRS) = θ_CRS: the CRS optimum is feasible in one of the two.
      expectClose(Math.min(nirs![i]!, ndrs![i]!), crs![i]!, { abs: LP_TOL });
    }
  });

  propTest.prop([
    deaData(),
    fc.constantFrom(...ALL_RTS),
    fc.constantFrom(...ORIENTATIONS),
    fc.nat(),
    fc.double({ min: 1, max: 2, noNaN: true }),
  ])(
    "adding a unit dominated by an existing one leaves the other units' scores unchanged",
    ({ X, Y }, rts, orientation, which, worse) => {
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
      const base = dea(X, Y, { rts, orientation, slacks: "none" });
      const more = dea(Xd, Yd, { rts, orientation, slacks: "none" });
      expectAllClose(more.scores.subarray(0, X.rows), base.scores, { abs: LP_TOL });
    },
  );

  propTest.prop([deaData(), fc.constantFrom(...ALL_RTS), fc.constantFrom(...ORIENTATIONS)])(
    "data near 1e9 give the same scores as the data / 1e4",
    ({ X, Y }, rts, orientation) => {
      const big = dea(scaleAll(X, 1e7), scaleAll(Y, 1e7), { rts, orientation });
      const small = dea(scaleAll(X, 1e3), scaleAll(Y, 1e3), { rts, orientation });
      same(big, small);
    },
  );

  propTest.prop([deaData(), fc.constantFrom(...ALL_RTS), fc.constantFrom(...ORIENTATIONS)])(
    "targets are Xr'λ and Yr'λ, and a target evaluated again is efficient with no slack",
    ({ X, Y }, rts, orientation) => {
      const r = dea(X, Y, { rts, orientation });
      for (let i = 0; i < X.rows; i++) {
        const p = r.peers[i]!;
        for (let j = 0; j < X.cols; j++) {
          let v = 0;
          p.index.forEach((u, k) => (v += p.weight[k]! * X.data[u * X.cols + j]!));
          expectClose(r.inputTargets.data[i * X.cols + j]!, v, { abs: 1e-7, rel: 1e-7 });
        }
        for (let j = 0; j < Y.cols; j++) {
          let v = 0;
          p.index.forEach((u, k) => (v += p.weight[k]! * Y.data[u * Y.cols + j]!));
          expectClose(r.outputTargets.data[i * Y.cols + j]!, v, { abs: 1e-7, rel: 1e-7 });
        }
      }
      const again = dea(r.inputTargets, r.outputTargets, { rts, orientation, reference: { X, Y } });
      expectAllClose(again.scores, new Float64Array(X.rows).fill(1), { abs: LP_TOL });
      for (let i = 0; i < X.rows; i++) {
        expectClose(rowSum(again.inputSlacks, i) / columnMeanSum(X), 0, { abs: LP_TOL });
        expectClose(rowSum(again.outputSlacks, i) / columnMeanSum(Y), 0, { abs: LP_TOL });
      }
    },
  );

  propTest.prop([deaData(), fc.constantFrom(...ORIENTATIONS)])(
    "scale: SE = CRS/VRS ∈ (0, 1]; 'crs' exactly where SE = 1; output CRS φ = 1/θ (input)",
    ({ X, Y }, orientation) => {
      const r = dea(X, Y, { rts: "vrs", orientation, scale: true, slacks: "none" });
      const input = dea(X, Y, { slacks: "none" });
      const output = dea(X, Y, { orientation: "output", slacks: "none" });
      for (let i = 0; i < X.rows; i++) {
        const se = r.scaleEfficiency![i]!;
        expect(se).toBeGreaterThan(0);
        expect(se).toBeLessThanOrEqual(1 + LP_TOL);
        expect(r.rtsClass![i] === "crs").toBe(Math.abs(se - 1) <= 1e-6);
        expectClose(output.scores[i]!, 1 / input.scores[i]!, { abs: LP_TOL, rel: LP_TOL });
      }
    },
  );
});

describe("working set (column generation) against the full LP", () => {
  const slackSum = (r: ReturnType<typeof envelopment>, i: number) =>
    rowSum(r.inputSlacks, i) + rowSum(r.outputSlacks, i);
  const compare = (
    X: Matrix,
    Y: Matrix,
    Xr: Matrix,
    Yr: Matrix,
    settings: Omit<EnvelopmentSettings, "strategy">,
  ) => {
    const full = envelopment(X, Y, Xr, Yr, { ...settings, strategy: "full" });
    const working = envelopment(X, Y, Xr, Yr, { ...settings, strategy: "working-set" });
    expect(working.status).toEqual(full.status);
    expectAllClose(working.scores, full.scores, { abs: LP_TOL });
    // Without the second stage the slacks are whatever residuals the first-stage optimum left, so only compare maxima.
    for (let i = 0; settings.maxSlacks && i < X.rows; i++) {
      if (full.status[i] !== "optimal") continue;
      expectClose(slackSum(working, i), slackSum(full, i), { abs: 1e-6 * (1 + Math.abs(slackSum(full, i))) });
    }
  };
  // Small integers make ties, duplicates and degenerate LPs common.
  const tiedData = fc
    .record({
      n: fc.integer({ min: 3, max: 40 }),
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
      fc.constantFrom(...ALL_RTS),
      fc.constantFrom(...ORIENTATIONS),
    ],
    { numRuns: 60 },
  )(
    "same scores, statuses and max slack sums: own data (screening on), super-efficiency exclusion, external reference",
    ({ X, Y }, rts, orientation) => {
      const n = X.rows;
      const identity = Int32Array.from({ length: n }, (_, i) => i);
      const base = { rts, orientation, maxSlacks: true, solver: solveLp };
      compare(X, Y, X, Y, { ...base, self: identity });
      compare(X, Y, X, Y, { ...base, maxSlacks: false, exclude: identity });
      compare(X, Y, X, Y, { ...base, exclude: identity });
      const half = Array.from({ length: Math.ceil(n / 2) }, (_, i) => i * 2).filter((i) => i < n);
      compare(X, Y, pick(X, half), pick(Y, half), base);
    },
  );

  it("same scores and max slack sums on 300 units with 4 inputs and 3 outputs (many peers: the LP window evicts units)", () => {
    // Seeded Cobb–Douglas data with half-normal inefficiency; every third unit copies another's inputs (ties).
    let state = 20261129;
    const u = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state + 0.5) / 4294967296;
    };
    const n = 300;
    const X = new Float64Array(n * 4);
    const Y = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      let level = 1;
      for (let k = 0; k < 4; k++) {
        const v = i % 3 === 2 ? X[(i - 1) * 4 + k]! : 1 + 9 * u();
        X[i * 4 + k] = v;
        level *= v ** 0.22;
      }
      const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      const y = level * Math.exp(-Math.abs(0.3 * z));
      for (let r = 0; r < 3; r++) Y[i * 3 + r] = (y * (0.5 + u())) / 3;
    }
    const data = { X: { data: X, rows: n, cols: 4 }, Y: { data: Y, rows: n, cols: 3 } };
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    for (const rts of ALL_RTS)
      for (const orientation of ORIENTATIONS) {
        const base = { rts, orientation, maxSlacks: true, solver: solveLp };
        compare(data.X, data.Y, data.X, data.Y, { ...base, self: identity });
      }
    compare(data.X, data.Y, data.X, data.Y, {
      rts: "vrs",
      orientation: "input",
      maxSlacks: false,
      solver: solveLp,
      exclude: identity,
    });
  });

  it("dea's working set reproduces the SciPy fixture on pigdata (248 units, below the automatic threshold)", () => {
    const f = fixture<FileInput, Record<string, { scores: (number | null)[]; slackSum: (number | null)[] }>>(
      "dea",
      "pigdata-scipy",
    );
    const { X, Y } = readData(f.input);
    const self = Int32Array.from({ length: X.rows }, (_, i) => i);
    const slackTol = LP_TOL * (columnMeanSum(X) + columnMeanSum(Y));
    for (const orientation of ORIENTATIONS) {
      for (const rts of ["crs", "vrs"] as const) {
        const r = envelopment(X, Y, X, Y, {
          rts,
          orientation,
          maxSlacks: true,
          solver: solveLp,
          self,
          strategy: "working-set",
        });
        const expected = f.expected[`${orientation}-${rts}`]!;
        expectAllClose(r.scores, nums(expected.scores), { abs: LP_TOL });
        expectAllClose(
          Array.from({ length: X.rows }, (_, i) => slackSum(r, i)),
          nums(expected.slackSum),
          { abs: slackTol },
        );
      }
    }
  });
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
  const names = { units: ["A", "B", "C", "D", "E"], inputs: ["labour", "capital"], outputs: ["output"] };

  it("dea(X, Y) throws NqpfInputError naming the unit and column of every zero or negative input", () => {
    const bad = mat([
      [2, 5],
      [0, 4],
      [6, 6],
      [3, -2],
      [6, 2],
    ]);
    const error = inputError(() => dea(bad, Y, { names }));
    expect(error.issues.map((i) => [i.code, i.entity, i.column])).toEqual([
      ["bad_value", "B", "labour"],
      ["bad_value", "D", "capital"],
    ]);
    expect(error.issues[0]!.path).toEqual(["X", 1, 0]);
    expect(error.issues.every((i) => i.hint !== undefined)).toBe(true);
  });

  it("dea(X, Y) without names labels units and columns by 1-based position; NaN inputs and negative outputs are reported too", () => {
    const error = inputError(() =>
      dea(
        mat([
          [2, NaN],
          [2, 4],
        ]),
        mat([[1], [-1]]),
      ),
    );
    expect(error.issues.map((i) => [i.entity, i.column])).toEqual([
      ["unit 1", "input 2"],
      ["unit 2", "output 1"],
    ]);
  });

  it("dea on all of norWood2004 (profit y < 0 for 27 farms) lists the 27 farms", () => {
    const { X: wx, Y: wy } = readData({
      file: "data/dea/benchmarking_norWood2004.csv",
      inputs: ["x"],
      outputs: ["y"],
    });
    const error = inputError(() => dea(wx, wy));
    expect(error.issues).toHaveLength(27);
    expect(error.issues.every((i) => i.code === "bad_value" && i.column === "output 1")).toBe(true);
  });

  it("dea accepts zero outputs; a unit with all outputs 0 is 'unbounded' in output orientation and the run continues", () => {
    const Yz = mat([[1], [2], [0], [1], [2]]);
    const input = dea(X, Yz, { rts: "vrs" });
    expect(input.status.every((s) => s === "optimal")).toBe(true);
    const output = dea(X, Yz, { orientation: "output" });
    expect(output.status[2]).toBe("unbounded");
    expect(output.scores[2]).toBeNaN();
    expect(output.reason[2]).toMatch(/unbounded/);
    expect(output.peers[2]!.index).toHaveLength(0);
    expect(output.status.filter((s) => s === "optimal")).toHaveLength(4);
  });

  it("dea(X, Y, {rts: 'vrs', reference}) reports 'infeasible' with a reason for a unit outside the reference technology", () => {
    const reference = { X: pick(X, [0, 1, 3]), Y: pick(Y, [0, 1, 3]) };
    const r = dea(X, Y, { rts: "vrs", reference });
    // Firm 3 produces 3 > max reference output 2: no convex combination reaches it.
    expect(r.status[2]).toBe("infeasible");
    expect(r.scores[2]).toBeNaN();
    expect(r.reason[2]).toMatch(/infeasible/);
    expect(r.status[0]).toBe("optimal");
    expect(r.referenceSize).toBe(3);
  });

  it("dea with reference = the data itself equals dea without a reference", () => {
    for (const rts of ALL_RTS) {
      const a = dea(X, Y, { rts });
      const b = dea(X, Y, { rts, reference: { X, Y } });
      expectAllClose(b.scores, a.scores, { abs: 1e-12 });
    }
  });

  it("dea(X, Y, {orientation: 'output'}) reports φ ≥ 1 and farrell = 1/φ; slacks 'none' keeps scores", () => {
    const r = dea(X, Y, { orientation: "output" });
    expectAllClose(
      r.farrell,
      Array.from(r.scores, (v) => 1 / v),
      { abs: 1e-15 },
    );
    expectAllClose(r.farrell, [0.5, 1, 5 / 6, 5 / 7, 1], { abs: 1e-9 });
    expectAllClose(dea(X, Y, { slacks: "none" }).scores, dea(X, Y).scores, { abs: 0 });
  });

  it("the doc example: dea(DEAP EG1).scores", () => {
    expectAllClose(dea(X, Y).scores, [0.5, 1, 5 / 6, 5 / 7, 1], { abs: 1e-9 });
  });

  it("dea throws RangeError naming dea for mismatched shapes and unknown options", () => {
    expect(() => dea(X, mat([[1], [2]]))).toThrow(/^dea: X and Y must have the same rows/);
    expect(() => dea(X, Y, { rts: "grs" } as unknown as DeaOptions)).toThrow(/^dea: rts must be/);
    expect(() => dea(X, Y, { orientation: "both" } as unknown as DeaOptions)).toThrow(/^dea: orientation/);
    expect(() => dea(X, Y, { slacks: "multi-stage" } as unknown as DeaOptions)).toThrow(/^dea: slacks/);
    expect(() => dea(X, Y, { reference: { X: mat([[1]]), Y: mat([[1]]) } })).toThrow(
      /^dea: the reference set must have/,
    );
    expect(() => dea({ data: new Float64Array(3), rows: 2, cols: 2 }, Y)).toThrow(/^dea: X data length/);
  });
});

/**
 * Largest violation, relative to 1 + |right-hand side|, of unit i's envelopment rows at the reported solution:
 * Σλ_j x_j + s⁻ = θx_i (input orientation; x_i output), Σλ_j y_j − s⁺ = y_i (φy_i).
 */
function envelopmentResidual(
  X: Matrix,
  Y: Matrix,
  r: DeaResult,
  i: number,
  orientation: Orientation,
): number {
  const score = r.scores[i]!;
  let worst = 0;
  const peers = r.peers[i]!;
  for (let k = 0; k < X.cols; k++) {
    let lhs = r.inputSlacks.data[i * X.cols + k]!;
    peers.index.forEach((j, p) => {
      lhs += peers.weight[p]! * X.data[j * X.cols + k]!;
    });
    const rhs = (orientation === "input" ? score : 1) * X.data[i * X.cols + k]!;
    worst = Math.max(worst, Math.abs(lhs - rhs) / (1 + Math.abs(rhs)));
  }
  for (let k = 0; k < Y.cols; k++) {
    let lhs = -r.outputSlacks.data[i * Y.cols + k]!;
    peers.index.forEach((j, p) => {
      lhs += peers.weight[p]! * Y.data[j * Y.cols + k]!;
    });
    const rhs = (orientation === "output" ? score : 1) * Y.data[i * Y.cols + k]!;
    worst = Math.max(worst, Math.abs(lhs - rhs) / (1 + Math.abs(rhs)));
  }
  return worst;
}
