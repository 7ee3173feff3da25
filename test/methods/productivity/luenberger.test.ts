import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows } from "../../../src/math/matrix.js";
import { luenberger, type LuenbergerOptions } from "../../../src/methods/productivity/luenberger.js";
import { periodPanel, type PeriodPanel } from "../../../src/methods/productivity/period-panel.js";
import type { IndexResult } from "../../../src/methods/productivity/types.js";
import { LP_TOL, expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { loadHighs } from "../../oracle/highs.js";
import { chinaPanel, exampleJ, usagriPanel } from "./green-data.js";
import { oracleDistances, type OracleSpec } from "./green-oracle.js";

/** methods.md §4.8 (j) prints 6 decimals: ±0.5e-6, plus LP rounding. */
const PRINTED_TOL = 0.5e-6 + 1e-9;
/** A difference of two printed 6-decimal values: ±1e-6. */
const PRINTED_DIFFERENCE_TOL = 1e-6 + 1e-9;
const IDENTITY_TOL = 1e-12;

const component = (r: IndexResult, pair: number, key: string): Float64Array =>
  r.pairs[pair]!.components[key]!;

describe("reference values: methods.md §4.8 (j)", () => {
  const panel = exampleJ();

  it("luenberger(panel) (CRS, g = (0, y, b), weak disposability) matches the printed L with DMU 2 infeasible", () => {
    const r = luenberger(panel);
    expect(r.index).toBe("luenberger");
    expect(r.convention).toBe("additive");
    expect(Object.keys(r.pairs[0]!.components)).toEqual(["l", "lec", "ltc"]);
    expectAllClose(component(r, 0, "l"), [0.167874, Number.NaN, 0.206377, -0.14951, 0.30303], {
      abs: PRINTED_TOL,
    });
    // LEC = D_t(t) − D_t+1(t+1) from the printed D values
    expectAllClose(
      component(r, 0, "lec"),
      [0 - 0, Number.NaN, 0.826087 - 0.777778, 0.555556 - 0.882353, 0.272727 - 0.333333],
      { abs: PRINTED_DIFFERENCE_TOL },
    );
    const pair = r.pairs[0]!;
    expect(pair.status[1]).toBe("infeasible");
    expect(pair.reason[1]).toMatch(/^D_t\+1\(t\): infeasible/);
    expect(r.note).toContain("> 0 = productivity growth");
  });

  it("luenberger's @example: L of DMU 1 is 0.1678743961352656", () => {
    expectClose(component(luenberger(panel), 0, "l")[0]!, 0.1678743961352656, { abs: 1e-12 });
  });

  it("luenberger(panel, {technology: 'global'}) is D_G(t) − D_G(t+1) of the printed global distances", () => {
    const r = luenberger(panel, { technology: "global" });
    expect(r.index).toBe("global-luenberger");
    expect(Object.keys(r.pairs[0]!.components)).toEqual(["l", "lec", "lbpc"]);
    const atT = [0.045455, 0, 0.92, 0.777778, 0.6];
    const atNext = [0, 0.307692, 0.777778, 0.882353, 0.333333];
    expectAllClose(
      component(r, 0, "l"),
      atT.map((v, i) => v - atNext[i]!),
      { abs: PRINTED_DIFFERENCE_TOL },
    );
    expectAllClose(r.pairs[0]!.distances["D_G(t)"]!, atT, { abs: PRINTED_TOL });
    expect(r.pairs[0]!.status.every((s) => s === "optimal")).toBe(true);
  });
});

describe("independent formulation: each LP written out and solved by HiGHS", () => {
  beforeAll(loadHighs);

  function expectMatchesOracle(result: IndexResult, panel: PeriodPanel, spec: OracleSpec): void {
    const oracle = oracleDistances(panel, spec);
    const pooled = spec.technology === "global" ? "G" : spec.technology === "biennial" ? "B" : undefined;
    expect(result.pairs).toHaveLength(oracle.length);
    result.pairs.forEach((pair, p) => {
      const o = oracle[p]!;
      expect(Array.from(pair.unit)).toEqual(o.units);
      const labels = o.units.map((u) => `${panel.units[u]!} ${pair.from}→${pair.to}`);
      expect(pair.status.map((s) => s === "optimal")).toEqual(o.ok);
      for (const [key, values] of Object.entries(o.values)) {
        const ours = pair.distances[`D_${key.replace("P", pooled ?? "P")}`]!;
        expectAllClose(
          Array.from(ours, (v, i) => (o.ok[i] ? v : Number.NaN)),
          values.map((v, i) => (o.ok[i] ? v : Number.NaN)),
          { abs: LP_TOL, labels },
        );
      }
      const n = o.units.length;
      const l = new Array<number>(n).fill(Number.NaN);
      const lec = new Array<number>(n).fill(Number.NaN);
      for (let i = 0; i < n; i++) {
        if (!o.ok[i]) continue;
        const d = (key: string) => o.values[key]![i]!;
        lec[i] = d("t(t)") - d("t+1(t+1)");
        l[i] =
          pooled !== undefined
            ? d("P(t)") - d("P(t+1)")
            : 0.5 * (d("t+1(t)") - d("t+1(t+1)") + d("t(t)") - d("t(t+1)"));
      }
      expectAllClose(pair.components.l!, l, { abs: LP_TOL, labels });
      expectAllClose(pair.components.lec!, lec, { abs: LP_TOL, labels });
      const change = Object.values(pair.components)[2]!;
      expectAllClose(
        change,
        l.map((v, i) => v - lec[i]!),
        { abs: LP_TOL, labels },
      );
    });
  }

  describe("China provinces 2013–2015 (fai_total, emp_total, energy_consumption → real GDP, CO2)", () => {
    let panel: PeriodPanel;
    beforeAll(async () => {
      panel = await chinaPanel(2013, 2015);
    });

    it("luenberger(china) (DDF, CRS, weak) agrees with HiGHS", () => {
      expectMatchesOracle(luenberger(panel), panel, {
        kind: "ddf",
        technology: "contemporaneous",
        rts: "crs",
      });
    });

    it("luenberger(china, {technology: 'global', direction: 'xyb'}) agrees with HiGHS", () => {
      const r = luenberger(panel, { technology: "global", direction: "xyb" });
      expectMatchesOracle(r, panel, { kind: "ddf", technology: "global", rts: "crs", direction: "xyb" });
    });

    it("luenberger(china, {distance: 'sbm'}) (slacks-based inefficiency) agrees with the Fukuyama–Weber LP in HiGHS", () => {
      const r = luenberger(panel, { distance: "sbm" });
      expectMatchesOracle(r, panel, { kind: "sbi", technology: "contemporaneous", rts: "crs" });
      expect(r.note).toContain("Fukuyama & Weber 2009");
    });

    it("luenberger(china, {distance: 'sbm', technology: 'global'}) agrees with HiGHS", () => {
      const r = luenberger(panel, { distance: "sbm", technology: "global" });
      expectMatchesOracle(r, panel, { kind: "sbi", technology: "global", rts: "crs" });
      expect(r.pairs.every((p) => p.status.every((s) => s === "optimal"))).toBe(true);
    });
  });

  describe("US agriculture 1995–1997 (q.other as a bad output)", () => {
    let panel: PeriodPanel;
    beforeAll(async () => {
      panel = await usagriPanel(1995, 1997);
    });

    it("luenberger(usagri, {distance: 'sbm', technology: 'sequential', rts: 'vrs'}) agrees with HiGHS", () => {
      const r = luenberger(panel, { distance: "sbm", technology: "sequential", rts: "vrs" });
      expect(r.index).toBe("sequential-luenberger");
      expectMatchesOracle(r, panel, { kind: "sbi", technology: "sequential", rts: "vrs" });
    });

    it("luenberger(usagri, {technology: 'biennial', badDisposability: 'free'}) agrees with HiGHS", () => {
      const r = luenberger(panel, { technology: "biennial", badDisposability: "free" });
      expectMatchesOracle(r, panel, {
        kind: "ddf",
        technology: "biennial",
        rts: "crs",
        disposability: "free",
      });
    });
  });
});

/** Small random panels: `units` units × `periods` periods, 2 inputs, 1 good, 1 bad, values in [1, 10]. */
function randomPanel(units: number, periods: number) {
  return fc
    .array(fc.double({ min: 1, max: 10, noNaN: true, noDefaultInfinity: true }), {
      minLength: units * periods * 4,
      maxLength: units * periods * 4,
    })
    .map((values) => {
      const n = units * periods;
      const at = (i: number, j: number) => values[i * 4 + j]!;
      return periodPanel({
        unit: Array.from({ length: n }, (_, i) => `u${i % units}`),
        period: Array.from({ length: n }, (_, i) => 2000 + Math.floor(i / units)),
        X: fromRows(Array.from({ length: n }, (_, i) => [at(i, 0), at(i, 1)])),
        Y: fromRows(Array.from({ length: n }, (_, i) => [at(i, 2)])),
        B: fromRows(Array.from({ length: n }, (_, i) => [at(i, 3)])),
      });
    });
}

const optionsArb = fc.constantFrom<LuenbergerOptions>(
  {},
  { technology: "global" },
  { technology: "sequential", rts: "vrs" },
  { technology: "biennial" },
  { direction: "xyb", badDisposability: "free" },
  { distance: "sbm" },
  { distance: "sbm", technology: "global", rts: "vrs" },
);

describe("properties", () => {
  propTest.prop([randomPanel(5, 3), optionsArb], { numRuns: 15 })(
    "L = LEC + LTC (or LEC + LBPC) for every unit-pair that solved",
    (panel, options) => {
      const r = luenberger(panel, options);
      for (const pair of r.pairs) {
        const [l, lec, change] = Object.values(pair.components) as [Float64Array, Float64Array, Float64Array];
        pair.status.forEach((s, i) => {
          if (s !== "optimal") {
            expect(Number.isNaN(l[i]!)).toBe(true);
            return;
          }
          expectClose(l[i]!, lec[i]! + change[i]!, { abs: IDENTITY_TOL });
        });
      }
    },
  );

  propTest.prop([randomPanel(4, 3), optionsArb], { numRuns: 10 })(
    "an unchanged panel (every period equal to the first) gives 0 for L and its components",
    (panel, options) => {
      const first = new Map<number, number>();
      for (const r of panel.rowsOf[0]!) first.set(panel.unit[r]!, r);
      const copy = (M: { data: Float64Array; rows: number; cols: number }) => {
        const data = new Float64Array(M.data.length);
        for (let r = 0; r < M.rows; r++)
          for (let j = 0; j < M.cols; j++)
            data[r * M.cols + j] = M.data[first.get(panel.unit[r]!)! * M.cols + j]!;
        return { data, rows: M.rows, cols: M.cols };
      };
      const frozen: PeriodPanel = { ...panel, X: copy(panel.X), Y: copy(panel.Y), B: copy(panel.B!) };
      for (const pair of luenberger(frozen, options).pairs) {
        expect(pair.status.every((s) => s === "optimal")).toBe(true);
        for (const values of Object.values(pair.components))
          expectAllClose(values, new Array<number>(values.length).fill(0), { abs: 1e-8 });
      }
    },
  );

  propTest.prop([randomPanel(5, 2)], { numRuns: 10 })(
    "the slacks-based inefficiency is at least the radial DDF with g = (x, y, b) (Fukuyama & Weber 2009: equal when there is no slack)",
    (panel) => {
      const slacks = luenberger(panel, { distance: "sbm" }).pairs[0]!;
      const radial = luenberger(panel, { direction: "xyb", badDisposability: "free" }).pairs[0]!;
      for (const key of ["D_t(t)", "D_t+1(t+1)"]) {
        const a = slacks.distances[key]!;
        const b = radial.distances[key]!;
        a.forEach((v, i) => {
          expect(v).toBeGreaterThanOrEqual(b[i]! - 1e-9);
        });
      }
    },
  );
});

describe("edges and errors", () => {
  it("luenberger throws RangeError naming itself for misuse", () => {
    const panel = exampleJ();
    expect(() => luenberger(panel, { super: true } as never)).toThrow(/^luenberger: super does not apply/);
    expect(() => luenberger(panel, { distance: "sbm", badDisposability: "free" })).toThrow(
      /^luenberger: badDisposability applies/,
    );
    expect(() => luenberger(panel, { rts: "drs" as never })).toThrow(/^luenberger: rts/);
    expect(() => luenberger(panel, { technology: "window", window: 0 })).toThrow(/^luenberger: window/);
  });

  it("luenberger reports negative data with unit, period and column (NqpfInputError)", () => {
    const panel = periodPanel({
      unit: ["a", "b", "a", "b"],
      period: [1, 1, 2, 2],
      X: fromRows([[1], [1], [1], [1]]),
      Y: fromRows([[1], [-1], [2], [1]]),
    });
    const issues = issuesOf(() => luenberger(panel, { distance: "sbm" }));
    expect(issues.map((i) => [i.code, i.entity, i.time, i.column])).toEqual([
      ["bad_value", "b", 1, "output 1"],
    ]);
  });

  it("luenberger(panel, {technology: 'window', window: 2}) uses the last two periods as the technology", () => {
    const panel = exampleJ(true);
    const r = luenberger(panel, { technology: "window", window: 2 });
    expect(r.index).toBe("window-luenberger");
    // pair 1→2: window technologies {1} and {1, 2}; pair 2→3: {1, 2} and {2, 3}
    expect(r.pairs).toHaveLength(2);
    expect(r.note).toContain("window technologies of 2 periods");
  });
});
