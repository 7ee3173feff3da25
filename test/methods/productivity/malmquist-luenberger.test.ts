import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows } from "../../../src/math/matrix.js";
import { ddf } from "../../../src/methods/frontier/ddf.js";
import { sbm } from "../../../src/methods/frontier/sbm.js";
import {
  malmquistLuenberger,
  type MalmquistLuenbergerOptions,
} from "../../../src/methods/productivity/malmquist-luenberger.js";
import { periodPanel, type PeriodPanel } from "../../../src/methods/productivity/period-panel.js";
import type { IndexResult } from "../../../src/methods/productivity/types.js";
import { LP_TOL, expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { loadHighs } from "../../oracle/highs.js";
import { chinaPanel, exampleJ, usagriPanel } from "./green-data.js";
import { oracleDistances, type OracleSpec } from "./green-oracle.js";

/** methods.md §4.8 (j) prints 6 decimals: ±0.5e-6, plus LP rounding. */
const PRINTED_TOL = 0.5e-6 + 1e-9;
/** Identities of the decomposition hold to rounding. */
const IDENTITY_TOL = 1e-12;

const component = (r: IndexResult, pair: number, key: string): Float64Array =>
  r.pairs[pair]!.components[key]!;
const distance = (r: IndexResult, pair: number, key: string): Float64Array => r.pairs[pair]!.distances[key]!;

describe("reference values: methods.md §4.8 (j)", () => {
  const panel = exampleJ();

  it("malmquistLuenberger(panel) (Chung technology: CRS, g = (0, y, b), weak disposability) matches the printed D, ML and the infeasible DMU 2", () => {
    const r = malmquistLuenberger(panel);
    expect(r.index).toBe("ml");
    expect(r.convention).toBe("multiplicative");
    expect(Object.keys(r.pairs[0]!.components)).toEqual(["ml", "ec", "tc"]);
    expectAllClose(distance(r, 0, "D_t(t)"), [0, 0, 0.826087, 0.555556, 0.272727], { abs: PRINTED_TOL });
    expectAllClose(distance(r, 0, "D_t+1(t+1)"), [0, 0, 0.777778, 0.882353, 0.333333], { abs: PRINTED_TOL });
    const ml = component(r, 0, "ml");
    expectAllClose(ml, [1.2456272723, Number.NaN, 1.1259778359, 0.9162456946, 1.2792042981], { abs: 1e-9 });
    const pair = r.pairs[0]!;
    expect(pair.status).toEqual(["optimal", "infeasible", "optimal", "optimal", "optimal"]);
    // methods.md §4.7: period-2 technology evaluating DMU 2's period-1 data (y = 5, b = 5) is infeasible
    expect(pair.reason[1]).toMatch(/^D_t\+1\(t\): infeasible/);
    expect(Number.isNaN(distance(r, 0, "D_t+1(t)")[1]!)).toBe(true);
    expect(Number.isNaN(component(r, 0, "ec")[1]!)).toBe(true);
    expect(pair.reason.filter((x) => x !== undefined)).toHaveLength(1);
  });

  it("malmquistLuenberger(panel) matches DataEnvelopmentAnalysis.jl malmluen for DMUs 3–5, where the technologies agree", () => {
    // test/malmluen.jl: prodchange(mlprod), :EC, :TC; DMUs 1–2 differ by the bad-output disposability (methods.md (j))
    const r = malmquistLuenberger(panel);
    expectAllClose(component(r, 0, "ml").subarray(2), [1.125977836, 0.91624569458, 1.2792042981], {
      abs: LP_TOL,
    });
    expectAllClose(component(r, 0, "ec").subarray(2), [1.027173913, 119 / 144, 21 / 22], { abs: LP_TOL });
    expectAllClose(component(r, 0, "tc").subarray(2), [1.0961900625, 1.1087342859, 1.3401187885], {
      abs: LP_TOL,
    });
  });

  it("malmquistLuenberger(panel, {badDisposability: 'free'}) matches malmluen for all five DMUs (methods.md §4.4: its technology behaves like free disposability here)", () => {
    const r = malmquistLuenberger(panel, { badDisposability: "free" });
    expectAllClose(component(r, 0, "ml"), [1.3702375781, 1.1, 1.125977836, 0.91624569458, 1.2792042981], {
      abs: LP_TOL,
    });
    expectAllClose(component(r, 0, "ec"), [1, 0.9625, 1.027173913, 119 / 144, 21 / 22], { abs: LP_TOL });
    expectAllClose(
      component(r, 0, "tc"),
      [1.3702375781, 1.1428571429, 1.0961900625, 1.1087342859, 1.3401187885],
      {
        abs: LP_TOL,
      },
    );
    expect(r.pairs[0]!.status.every((s) => s === "optimal")).toBe(true);
  });

  it("malmquistLuenberger(3 periods, {badDisposability: 'free'}) matches malmluen's three-period test (atol 1e-5 there)", () => {
    const r = malmquistLuenberger(exampleJ(true), { badDisposability: "free" });
    const tol = { abs: 1e-5 };
    expectAllClose(component(r, 0, "ml"), [1.37024, 1.1, 1.12598, 0.916246, 1.2792], tol);
    expectAllClose(component(r, 1, "ml"), [1.22474, 1.0, 1.25245, 1.01484, 1.26491], tol);
    expectAllClose(component(r, 1, "ec"), [1, 1, 1.11111, 0.980392, 1], tol);
    expectAllClose(component(r, 1, "tc"), [1.22474, 1, 1.1272, 1.03514, 1.26491], tol);
    expect(r.pairs.map((p) => [p.from, p.to])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it("malmquistLuenberger(panel, {badDisposability: 'free', direction: 'xyb'}) matches malmluen(Gx = Gy = Gb = :Observed)", () => {
    // test/malmluen.jl evaluates this call next to the vector (the line has no @test, so the vector is as recorded there)
    const r = malmquistLuenberger(panel, { badDisposability: "free", direction: "xyb" });
    expectAllClose(
      component(r, 0, "ml"),
      [1.3237752650585946, 1.0400628679223047, 1.118033988749895, 0.9045340337332908, 1.1677484162422844],
      { abs: LP_TOL },
    );
  });

  it("malmquistLuenberger(panel, {technology: 'global'}) matches the printed D^G, GML and EC; BPC = GML / EC", () => {
    const r = malmquistLuenberger(panel, { technology: "global" });
    expect(r.index).toBe("gml");
    expect(Object.keys(r.pairs[0]!.components)).toEqual(["gml", "ec", "bpc"]);
    expectAllClose(distance(r, 0, "D_G(t)"), [0.045455, 0, 0.92, 0.777778, 0.6], { abs: PRINTED_TOL });
    expectAllClose(distance(r, 0, "D_G(t+1)"), [0, 0.307692, 0.777778, 0.882353, 0.333333], {
      abs: PRINTED_TOL,
    });
    const gml = component(r, 0, "gml");
    const ec = component(r, 0, "ec");
    expectAllClose(gml, [1.045455, 0.764706, 1.08, 0.944444, 1.2], { abs: PRINTED_TOL });
    expectAllClose(ec, [1, 1, 1.027174, 0.826389, 0.954545], { abs: PRINTED_TOL });
    expectAllClose(
      component(r, 0, "bpc"),
      Array.from(gml, (g, i) => g / ec[i]!),
      { abs: IDENTITY_TOL },
    );
    // The global technology contains every observation: no infeasible LP under CRS (methods.md §4.7)
    expect(r.pairs[0]!.status.every((s) => s === "optimal")).toBe(true);
  });

  it("malmquistLuenberger's @example: GML of DMU 1 is 1.0454545454545454", () => {
    expectClose(
      component(malmquistLuenberger(panel, { technology: "global" }), 0, "gml")[0]!,
      1.0454545454545454,
      {
        abs: 1e-12,
      },
    );
  });

  it("malmquistLuenberger(panel).note states the growth convention and the settings", () => {
    const note = malmquistLuenberger(panel).note;
    expect(note).toContain("> 1 = productivity growth");
    expect(note).toContain("g = (0, y, b)");
    expect(note).toContain("weak disposability");
  });
});

describe("independent formulation: each LP written out and solved by HiGHS", () => {
  beforeAll(loadHighs);

  /** Our index against the oracle's: same units, statuses (optimal ⇔ oracle ok), distances and components to 1e-6. */
  function expectMatchesOracle(
    result: IndexResult,
    panel: PeriodPanel,
    spec: OracleSpec,
    prefix: "D" | "rho",
  ): number {
    const oracle = oracleDistances(panel, spec);
    const pooled = spec.technology === "global" ? "G" : spec.technology === "biennial" ? "B" : undefined;
    const f = (v: number) => (prefix === "D" ? 1 + v : 1 / v);
    let compared = 0;
    expect(result.pairs).toHaveLength(oracle.length);
    result.pairs.forEach((pair, p) => {
      const o = oracle[p]!;
      expect(Array.from(pair.unit)).toEqual(o.units);
      const labels = o.units.map((u) => `${panel.units[u]!} ${pair.from}→${pair.to}`);
      expect(pair.status.map((s) => s === "optimal")).toEqual(o.ok);
      for (const [key, values] of Object.entries(o.values)) {
        const ours = pair.distances[`${prefix}_${key.replace("P", pooled ?? "P")}`]!;
        expectAllClose(
          Array.from(ours, (v, i) => (o.ok[i] ? v : Number.NaN)),
          values.map((v, i) => (o.ok[i] ? v : Number.NaN)),
          { abs: LP_TOL, labels },
        );
      }
      const n = o.units.length;
      const index = new Array<number>(n).fill(Number.NaN);
      const ec = new Array<number>(n).fill(Number.NaN);
      const change = new Array<number>(n).fill(Number.NaN);
      for (let i = 0; i < n; i++) {
        if (!o.ok[i]) continue;
        const d = (key: string) => f(o.values[key]![i]!);
        ec[i] = d("t(t)") / d("t+1(t+1)");
        if (pooled !== undefined) {
          index[i] = d("P(t)") / d("P(t+1)");
          change[i] = d("P(t)") / d("t(t)") / (d("P(t+1)") / d("t+1(t+1)"));
        } else {
          index[i] = Math.sqrt((d("t(t)") / d("t(t+1)")) * (d("t+1(t)") / d("t+1(t+1)")));
          change[i] = index[i]! / ec[i]!;
        }
        compared++;
      }
      const keys = Object.keys(pair.components);
      expectAllClose(pair.components[keys[0]!]!, index, { abs: LP_TOL, labels });
      expectAllClose(pair.components.ec!, ec, { abs: LP_TOL, labels });
      expectAllClose(pair.components[keys[2]!]!, change, { abs: LP_TOL, labels });
    });
    return compared;
  }

  describe("China provinces 2013–2015 (fai_total, emp_total, energy_consumption → real GDP, CO2)", () => {
    let panel: PeriodPanel;
    beforeAll(async () => {
      panel = await chinaPanel(2013, 2015);
    });

    it("has the expected shape", () => {
      expect(panel.periods).toEqual([2013, 2014, 2015]);
      expect(panel.units.length).toBeGreaterThanOrEqual(29);
    });

    it("malmquistLuenberger(china) (ML, DDF, CRS, weak) agrees with HiGHS", () => {
      const r = malmquistLuenberger(panel);
      expect(
        expectMatchesOracle(r, panel, { kind: "ddf", technology: "contemporaneous", rts: "crs" }, "D"),
      ).toBeGreaterThan(55);
    });

    it("malmquistLuenberger(china, {technology: 'global'}) (GML, DDF) agrees with HiGHS", () => {
      const r = malmquistLuenberger(panel, { technology: "global" });
      expectMatchesOracle(r, panel, { kind: "ddf", technology: "global", rts: "crs" }, "D");
      expect(r.pairs.every((p) => p.status.every((s) => s === "optimal"))).toBe(true);
    });

    it("malmquistLuenberger(china, {technology: 'sequential', direction: 'xyb', badDisposability: 'free'}) agrees with HiGHS", () => {
      const options: MalmquistLuenbergerOptions = {
        technology: "sequential",
        direction: "xyb",
        badDisposability: "free",
      };
      const r = malmquistLuenberger(panel, options);
      expect(r.index).toBe("sml");
      expectMatchesOracle(
        r,
        panel,
        { kind: "ddf", technology: "sequential", rts: "crs", direction: "xyb", disposability: "free" },
        "D",
      );
    });

    it("malmquistLuenberger(china, {distance: 'sbm', technology: 'global', super: true}) (Super-SBM GML) agrees with HiGHS", () => {
      const r = malmquistLuenberger(panel, { distance: "sbm", technology: "global", super: true });
      expectMatchesOracle(r, panel, { kind: "sbm", technology: "global", rts: "crs", superSbm: true }, "rho");
    });

    it("malmquistLuenberger(china, {distance: 'sbm', super: true}) (Super-SBM ML) agrees with HiGHS", () => {
      const r = malmquistLuenberger(panel, { distance: "sbm", super: true });
      expectMatchesOracle(
        r,
        panel,
        { kind: "sbm", technology: "contemporaneous", rts: "crs", superSbm: true },
        "rho",
      );
    });

    it("malmquistLuenberger(china, {distance: 'sbm'}) (ordinary SBM ML) agrees with HiGHS, infeasible mixed-period LPs included", () => {
      const r = malmquistLuenberger(panel, { distance: "sbm" });
      expectMatchesOracle(r, panel, { kind: "sbm", technology: "contemporaneous", rts: "crs" }, "rho");
      const failed = r.pairs.flatMap((p) => p.reason.filter((x) => x !== undefined));
      expect(failed.length).toBeGreaterThan(0);
      for (const reason of failed) expect(reason).toMatch(/^rho_t(\+1)?\(t(\+1)?\): /);
    });
  });

  describe("US agriculture 1995–1997 (q.other as a bad output)", () => {
    let panel: PeriodPanel;
    beforeAll(async () => {
      panel = await usagriPanel(1995, 1997);
    });

    it("malmquistLuenberger(usagri, {rts: 'vrs'}) (ML, DDF) agrees with HiGHS, infeasible VRS mixed-period LPs included", () => {
      const r = malmquistLuenberger(panel, { rts: "vrs" });
      expectMatchesOracle(r, panel, { kind: "ddf", technology: "contemporaneous", rts: "vrs" }, "D");
      expect(r.pairs.some((p) => p.status.some((s) => s === "infeasible"))).toBe(true);
    });

    it("malmquistLuenberger(usagri, {technology: 'biennial'}) agrees with HiGHS", () => {
      const r = malmquistLuenberger(panel, { technology: "biennial" });
      expect(r.index).toBe("bml");
      expectMatchesOracle(r, panel, { kind: "ddf", technology: "biennial", rts: "crs" }, "D");
    });

    it("malmquistLuenberger(usagri, {distance: 'sbm', technology: 'global', rts: 'vrs'}) agrees with HiGHS", () => {
      const r = malmquistLuenberger(panel, { distance: "sbm", technology: "global", rts: "vrs" });
      expectMatchesOracle(r, panel, { kind: "sbm", technology: "global", rts: "vrs" }, "rho");
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
      const row = (i: number, j: number) => values[i * 4 + j]!;
      return periodPanel({
        unit: Array.from({ length: n }, (_, i) => `u${i % units}`),
        period: Array.from({ length: n }, (_, i) => 2000 + Math.floor(i / units)),
        X: fromRows(Array.from({ length: n }, (_, i) => [row(i, 0), row(i, 1)])),
        Y: fromRows(Array.from({ length: n }, (_, i) => [row(i, 2)])),
        B: fromRows(Array.from({ length: n }, (_, i) => [row(i, 3)])),
      });
    });
}

/** The panel with every period's data replaced by the first period's. */
function frozen(panel: PeriodPanel): PeriodPanel {
  const first = new Map<number, number>();
  for (const r of panel.rowsOf[0]!) first.set(panel.unit[r]!, r);
  const copy = (M: { data: Float64Array; rows: number; cols: number }) => {
    const data = new Float64Array(M.data.length);
    for (let r = 0; r < M.rows; r++)
      for (let j = 0; j < M.cols; j++)
        data[r * M.cols + j] = M.data[first.get(panel.unit[r]!)! * M.cols + j]!;
    return { data, rows: M.rows, cols: M.cols };
  };
  return { ...panel, X: copy(panel.X), Y: copy(panel.Y), B: copy(panel.B!) };
}

const optionsArb = fc.constantFrom<MalmquistLuenbergerOptions>(
  {},
  { technology: "global" },
  { technology: "sequential" },
  { technology: "biennial", rts: "vrs" },
  { badDisposability: "free", direction: "xyb" },
  { distance: "sbm" },
  { distance: "sbm", super: true, technology: "global" },
  { distance: "sbm", super: true, rts: "vrs" },
);

describe("properties", () => {
  propTest.prop([randomPanel(5, 3), optionsArb], { numRuns: 15 })(
    "index = EC × TC (or EC × BPC) for every unit-pair that solved",
    (panel, options) => {
      const r = malmquistLuenberger(panel, options);
      for (const pair of r.pairs) {
        const [index, ec, change] = Object.values(pair.components) as [
          Float64Array,
          Float64Array,
          Float64Array,
        ];
        pair.status.forEach((s, i) => {
          if (s !== "optimal") {
            expect(Number.isNaN(index[i]!)).toBe(true);
            expect(pair.reason[i]).toBeDefined();
            return;
          }
          expectClose(index[i]!, ec[i]! * change[i]!, { abs: IDENTITY_TOL, rel: IDENTITY_TOL });
        });
      }
    },
  );

  propTest.prop([randomPanel(5, 3), fc.constantFrom<"ddf" | "sbm">("ddf", "sbm")], { numRuns: 10 })(
    "global indices are circular: the chained GML over 1 → 2 → 3 equals the direct comparison of periods 1 and 3",
    (panel, distanceKind) => {
      const r = malmquistLuenberger(panel, { technology: "global", distance: distanceKind });
      const [first, second] = r.pairs as [IndexResult["pairs"][number], IndexResult["pairs"][number]];
      // direct: the global technology (all observations) evaluating periods 1 and 3 on their own
      const all = { X: panel.X, Y: panel.Y, B: panel.B! };
      const rowsOf = (t: number) => Array.from(panel.rowsOf[t]!);
      const take = (M: { data: Float64Array; cols: number }, rows: number[]) =>
        fromRows(rows.map((q) => Array.from(M.data.subarray(q * M.cols, (q + 1) * M.cols))));
      const direct = (t: number): number[] => {
        const rows = rowsOf(t);
        const [X, Y, B] = [take(panel.X, rows), take(panel.Y, rows), take(panel.B!, rows)];
        if (distanceKind === "ddf")
          return Array.from(ddf(X, Y, { bad: B, reference: all, direction: "yb" }).beta, (v) => 1 + v);
        return Array.from(sbm(X, Y, { bad: B, reference: all }).scores, (v) => 1 / v);
      };
      const f1 = direct(0);
      const f3 = direct(2);
      const chained = Array.from(first.components.gml!, (g, i) => g * second.components.gml![i]!);
      expectAllClose(
        chained,
        f1.map((v, i) => v / f3[i]!),
        { abs: 1e-9, rel: 1e-9 },
      );
      // and the link value is shared: D_G(t+1) of the first pair is D_G(t) of the second
      const key = distanceKind === "ddf" ? "D_G" : "rho_G";
      expectAllClose(first.distances[`${key}(t+1)`]!, second.distances[`${key}(t)`]!, { abs: 0 });
    },
  );

  propTest.prop([randomPanel(4, 3), optionsArb], { numRuns: 10 })(
    "an unchanged panel (every period equal to the first) gives 1 for the index and its components",
    (panel, options) => {
      const r = malmquistLuenberger(frozen(panel), options);
      for (const pair of r.pairs) {
        // Every LP is one of an own-period LP (same data): all solve, except that a super-SBM under VRS may be
        // infeasible (Tone 2002), and then in every period alike.
        const solved = pair.status.map((s) => s === "optimal");
        if (!(options.super === true && options.rts === "vrs")) expect(solved.every(Boolean)).toBe(true);
        for (const values of Object.values(pair.components))
          expectAllClose(
            values.filter((_, i) => solved[i]),
            solved.filter(Boolean).map(() => 1),
            { abs: 1e-7 },
          );
      }
    },
  );
});

describe("edges and errors", () => {
  it("malmquistLuenberger on an unbalanced panel compares only the units observed in both periods and counts the others", () => {
    const panel = periodPanel({
      unit: ["a", "b", "c", "a", "b", "d"],
      period: [1, 1, 1, 2, 2, 2],
      X: fromRows([[1], [1], [1], [1], [1], [1]]),
      Y: fromRows([[2], [3], [4], [3], [3], [5]]),
      B: fromRows([[1], [2], [1], [1], [1], [2]]),
    });
    const r = malmquistLuenberger(panel, { technology: "global" });
    const pair = r.pairs[0]!;
    expect(Array.from(pair.unit, (u) => r.units[u])).toEqual(["a", "b"]);
    expect([pair.onlyFrom, pair.onlyTo]).toEqual([1, 1]);
    expect(pair.components.gml).toHaveLength(2);
  });

  it("malmquistLuenberger without bad outputs is the DDF Malmquist index", () => {
    const panel = periodPanel({
      unit: ["a", "b", "a", "b"],
      period: [1, 1, 2, 2],
      X: fromRows([[1], [2], [1], [2]]),
      Y: fromRows([[1], [1], [2], [1]]),
    });
    const r = malmquistLuenberger(panel);
    // D_1(a@1) = 0, D_1(a@2) = −0.5, D_2(a@1) = 1, D_2(a@2) = 0: ML = [(1/0.5)(2/1)]^½ = 2
    expectClose(component(r, 0, "ml")[0]!, 2, { abs: 1e-9 });
    expect(r.note).not.toContain("disposability");
  });

  it("malmquistLuenberger reports bad data of every observation at once (NqpfInputError, code bad_value)", () => {
    const panel = periodPanel({
      unit: ["a", "b", "a", "b"],
      period: [1, 1, 2, 2],
      X: fromRows([[1], [-1], [1], [Number.NaN]]),
      Y: fromRows([[1], [1], [2], [1]]),
      B: fromRows([[1], [1], [-2], [1]]),
    });
    const issues = issuesOf(() =>
      malmquistLuenberger(panel, { names: { inputs: ["K"], outputs: ["GDP"], bads: ["CO2"] } }),
    );
    expect(issues.map((i) => [i.code, i.entity, i.time, i.column])).toEqual([
      ["bad_value", "b", 1, "K"],
      ["bad_value", "b", 2, "K"],
      ["bad_value", "a", 2, "CO2"],
    ]);
  });

  it("malmquistLuenberger(panel, {distance: 'sbm'}) needs inputs > 0", () => {
    const panel = periodPanel({
      unit: ["a", "b", "a", "b"],
      period: [1, 1, 2, 2],
      X: fromRows([[1], [0], [1], [1]]),
      Y: fromRows([[1], [1], [2], [1]]),
    });
    expect(issuesOf(() => malmquistLuenberger(panel, { distance: "sbm" })).map((i) => i.entity)).toEqual([
      "b",
    ]);
    expect(malmquistLuenberger(panel).pairs[0]!.status).toHaveLength(2);
  });

  it("malmquistLuenberger throws RangeError naming itself for misuse", () => {
    const panel = exampleJ();
    const single = periodPanel({ unit: ["a"], period: [1], X: fromRows([[1]]), Y: fromRows([[1]]) });
    expect(() => malmquistLuenberger(single)).toThrow(
      /^malmquistLuenberger: needs at least two periods; got 1/,
    );
    expect(() => malmquistLuenberger(panel, { technology: "yearly" as never })).toThrow(
      /^malmquistLuenberger: technology/,
    );
    expect(() => malmquistLuenberger(panel, { distance: "radial" as never })).toThrow(
      /^malmquistLuenberger: distance/,
    );
    expect(() => malmquistLuenberger(panel, { super: true })).toThrow(/^malmquistLuenberger: super applies/);
    expect(() => malmquistLuenberger(panel, { distance: "sbm", direction: "xyb" })).toThrow(
      /^malmquistLuenberger: direction/,
    );
    expect(() => malmquistLuenberger(panel, { window: 2 })).toThrow(/^malmquistLuenberger: window applies/);
    expect(() =>
      malmquistLuenberger(panel, {
        direction: { gy: { data: new Float64Array(10), rows: 10, cols: 1 } as never },
      }),
    ).toThrow(/^malmquistLuenberger: direction.gy/);
    expect(() => malmquistLuenberger(panel, { names: { inputs: ["a", "b"] } })).toThrow(
      /^malmquistLuenberger: names.inputs/,
    );
  });

  it("malmquistLuenberger(panel, {technology: 'window', window: 1}) equals the contemporaneous ML", () => {
    const panel = exampleJ(true);
    const a = malmquistLuenberger(panel, { technology: "window", window: 1 });
    const b = malmquistLuenberger(panel);
    expect(a.index).toBe("wml");
    for (let p = 0; p < 2; p++) expectAllClose(component(a, p, "wml"), component(b, p, "ml"), { abs: 1e-12 });
  });
});
