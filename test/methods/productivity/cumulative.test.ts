/**
 * cumulativeIndex: chained levels against published values (DataEnvelopmentAnalysis.jl example, DEAP 2.1
 * example 4 annual means), the gap rule on hand-built results, groups, additive indicators, properties and errors.
 */
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { fromRows } from "../../../src/math/matrix.js";
import { cumulativeIndex } from "../../../src/methods/productivity/cumulative.js";
import { malmquist } from "../../../src/methods/productivity/malmquist.js";
import { periodPanel } from "../../../src/methods/productivity/period-panel.js";
import type { IndexPair, IndexResult } from "../../../src/methods/productivity/types.js";
import type { UnitStatus } from "../../../src/methods/frontier/types.js";
import { expectAllClose } from "../../close.js";
import { csvPanel, fixture, readRecords } from "./malmquist-kit.js";

/** A hand-built pair: unit indices, one component per name, statuses (default all optimal). */
function pair(
  from: number,
  to: number,
  unit: number[],
  components: Record<string, number[]>,
  status: UnitStatus[] = unit.map(() => "optimal"),
): IndexPair {
  return {
    from,
    to,
    unit: Int32Array.from(unit),
    components: Object.fromEntries(Object.entries(components).map(([k, v]) => [k, Float64Array.from(v)])),
    distances: {},
    status,
    reason: status.map((s) => (s === "optimal" ? undefined : `D_t+1(t): LP ${s}`)),
    onlyFrom: 0,
    onlyTo: 0,
  };
}

function result(
  pairs: IndexPair[],
  convention: "multiplicative" | "additive" = "multiplicative",
  units = ["a", "b", "c"],
  periods = [1, 2, 3, 4],
): IndexResult {
  return { index: "test", convention, note: "", units, periods, pairs };
}

describe("cumulativeIndex reference values", () => {
  it("cumulativeIndex(malmquist(jl example)) chains the published indices of DataEnvelopmentAnalysis.jl", () => {
    // Expected levels: products of the published Malmquist indices (data/dea/jl_malmquist_example-expected.csv).
    const panel = csvPanel("data/dea/jl_malmquist_example.csv", "dmu", "period", ["x"], ["y"]);
    const published = readRecords("data/dea/jl_malmquist_example-expected.csv");
    const m = (dmu: string, from: number) =>
      Number(published.find((r) => r.dmu === dmu && Number(r.period_from) === from)!.malmquist);
    const levels = cumulativeIndex(malmquist(panel));
    expect(levels.component).toBe("tfpch");
    panel.units.forEach((dmu, u) => {
      expectAllClose(levels.level[u]!, [1, m(dmu, 1), m(dmu, 1) * m(dmu, 2)], { abs: 1e-6 });
    });
    // effch chained likewise.
    const e = (dmu: string, from: number) =>
      Number(published.find((r) => r.dmu === dmu && Number(r.period_from) === from)!.effch);
    const effch = cumulativeIndex(malmquist(panel), "effch");
    expectAllClose(effch.level[0]!, [1, e("1", 1), e("1", 1) * e("1", 2)], { abs: 1e-6 });
  });

  it("cumulativeIndex(malmquist(DEAP eg4)) group level chains DEAP's printed annual means", () => {
    const fx = fixture<{ annualMeans: Record<string, number[]> }>("deap-eg4-printed");
    const { file, unit, period, inputs, outputs } = fx.input;
    const result = malmquist(csvPanel(file, unit, period, inputs, outputs), { rts: "vrs" });
    for (const component of ["tfpch", "effch", "techch", "pech", "sech"]) {
      const means = fx.expected.annualMeans[component]!;
      const levels = cumulativeIndex(result, component);
      expect(levels.groups).toEqual(["all"]);
      // Printed to 3 decimals; the product of two rounded means carries at most 1.5e-3 × 0.5e-3 more.
      expectAllClose(levels.groupLevel[0]!, [1, means[0]!, means[0]! * means[1]!], { abs: 1e-3 });
      expect(Array.from(levels.groupCount[0]!)).toEqual([5, 5, 5]);
    }
  });

  it("the doc example: halving the input every period doubles TFP each time", () => {
    const panel = periodPanel({
      unit: ["a", "a", "a"],
      period: [1, 2, 3],
      X: fromRows([[4], [2], [1]]),
      Y: fromRows([[1], [1], [1]]),
    });
    expect(cumulativeIndex(malmquist(panel)).level[0]).toEqual(Float64Array.of(1, 2, 4));
  });
});

describe("cumulativeIndex gap rule and groups", () => {
  const gaps = result([
    // Pair 1–2: a and b compared, c not observed in 1.
    pair(1, 2, [0, 1], { m: [2, 3] }),
    // Pair 2–3: a fails, b and c compared.
    pair(2, 3, [0, 1, 2], { m: [5, 0.5, 4] }, ["infeasible", "optimal", "optimal"]),
    // Pair 3–4: b missing (not observed in 4), a and c compared.
    pair(3, 4, [0, 2], { m: [2, 0.25] }),
  ]);

  it("a unit's chain stops at the first failed or missing pair; a unit absent from the first pair has no level", () => {
    const levels = cumulativeIndex(gaps);
    expectAllClose(levels.level[0]!, [1, 2, NaN, NaN]);
    expectAllClose(levels.level[1]!, [1, 3, 1.5, NaN]);
    expectAllClose(levels.level[2]!, [NaN, NaN, NaN, NaN]);
    expect(levels.note).toMatch(/stops at the first pair where it is not compared or not optimal/);
  });

  it("the group level chains the geometric mean of each pair over the optimal units", () => {
    const levels = cumulativeIndex(gaps);
    const g12 = Math.sqrt(2 * 3);
    const g23 = Math.sqrt(0.5 * 4);
    const g34 = Math.sqrt(2 * 0.25);
    expectAllClose(levels.groupLevel[0]!, [1, g12, g12 * g23, g12 * g23 * g34], { rel: 1e-14 });
    expect(Array.from(levels.groupCount[0]!)).toEqual([2, 2, 2, 2]);
  });

  it("groups: 'all' first, then labels in order of appearance; units without a group count only in 'all'", () => {
    const levels = cumulativeIndex(gaps, "m", { group: ["east", null, "east"] });
    expect(levels.groups).toEqual(["all", "east"]);
    expect(levels.unitGroup).toEqual(["east", null, "east"]);
    // east: pair 1–2 only a (2); pair 2–3 only c (4, a failed); pair 3–4 a and c.
    expectAllClose(levels.groupLevel[1]!, [1, 2, 8, 8 * Math.sqrt(2 * 0.25)], { rel: 1e-14 });
    expect(Array.from(levels.groupCount[1]!)).toEqual([1, 1, 1, 2]);
  });

  it("a group's chain stops at a pair with no usable unit", () => {
    const levels = cumulativeIndex(
      result(
        [pair(1, 2, [0], { m: [2] }, ["numerical"]), pair(2, 3, [0], { m: [3] })],
        "multiplicative",
        ["a"],
        [1, 2, 3],
      ),
    );
    expectAllClose(levels.groupLevel[0]!, [1, NaN, NaN]);
    expectAllClose(levels.level[0]!, [1, NaN, NaN]);
  });

  it("additive indicators chain sums from 0 with arithmetic group means", () => {
    const levels = cumulativeIndex(
      result(
        [pair(1, 2, [0, 1], { l: [0.1, -0.3] }), pair(2, 3, [0, 1], { l: [0.2, 0.2] })],
        "additive",
        ["a", "b"],
        [1, 2, 3],
      ),
    );
    expectAllClose(levels.level[0]!, [0, 0.1, 0.1 + 0.2], { abs: 1e-15 });
    expectAllClose(levels.level[1]!, [0, -0.3, -0.3 + 0.2], { abs: 1e-15 });
    expectAllClose(levels.groupLevel[0]!, [0, -0.1, -0.1 + 0.2], { abs: 1e-15 });
    expect(levels.note).toMatch(/sum from 0/);
  });

  it("one period: every unit sits at the base and there is nothing to chain", () => {
    const levels = cumulativeIndex(result([], "multiplicative", ["a", "b"], [2000]));
    expect(levels.component).toBe("test");
    expectAllClose(levels.level[1]!, [1]);
    expectAllClose(levels.groupLevel[0]!, [1]);
  });
});

describe("cumulativeIndex properties", () => {
  // Balanced results without failures: n units × T periods, positive (or any, additive) components.
  const balanced = fc
    .record({ n: fc.integer({ min: 1, max: 6 }), T: fc.integer({ min: 2, max: 6 }) })
    .chain(({ n, T }) =>
      fc.array(fc.array(fc.double({ min: 0.2, max: 5, noNaN: true }), { minLength: n, maxLength: n }), {
        minLength: T - 1,
        maxLength: T - 1,
      }),
    );

  propTest.prop([balanced], { numRuns: 50 })(
    "balanced and complete: the group level is the geometric mean of the unit levels, and levels chain the component",
    (values) => {
      const n = values[0]!.length;
      const T = values.length + 1;
      const units = Array.from({ length: n }, (_, u) => `u${u}`);
      const periods = Array.from({ length: T }, (_, t) => t);
      const r = result(
        values.map((v, t) =>
          pair(
            t,
            t + 1,
            units.map((_, u) => u),
            { m: v },
          ),
        ),
        "multiplicative",
        units,
        periods,
      );
      const levels = cumulativeIndex(r);
      for (let t = 0; t < T; t++) {
        let logSum = 0;
        for (let u = 0; u < n; u++) logSum += Math.log(levels.level[u]![t]!);
        expectAllClose([levels.groupLevel[0]![t]!], [Math.exp(logSum / n)], { rel: 1e-12 });
        if (t > 0)
          for (let u = 0; u < n; u++)
            expectAllClose([levels.level[u]![t]! / levels.level[u]![t - 1]!], [values[t - 1]![u]!], {
              rel: 1e-12,
            });
      }
    },
  );

  propTest.prop([balanced], { numRuns: 50 })(
    "additive: the group level is the arithmetic mean of the unit levels",
    (values) => {
      const n = values[0]!.length;
      const T = values.length + 1;
      const units = Array.from({ length: n }, (_, u) => `u${u}`);
      const r = result(
        values.map((v, t) =>
          pair(
            t,
            t + 1,
            units.map((_, u) => u),
            { l: v.map((x) => x - 1) },
          ),
        ),
        "additive",
        units,
        Array.from({ length: T }, (_, t) => t),
      );
      const levels = cumulativeIndex(r);
      for (let t = 0; t < T; t++) {
        let sum = 0;
        for (let u = 0; u < n; u++) sum += levels.level[u]![t]!;
        expectAllClose([levels.groupLevel[0]![t]!], [sum / n], { abs: 1e-12 });
      }
    },
  );
});

describe("cumulativeIndex errors", () => {
  it("throws a RangeError naming the function for an unknown component", () => {
    expect(() => cumulativeIndex(result([pair(1, 2, [0], { m: [1] })]), "techch")).toThrow(
      /^cumulativeIndex: no component "techch"/,
    );
  });

  it("throws a RangeError for a group list of the wrong length", () => {
    expect(() => cumulativeIndex(result([pair(1, 2, [0], { m: [1] })]), "m", { group: ["x"] })).toThrow(
      /^cumulativeIndex: group must have one entry per unit \(3\); got 1/,
    );
  });

  it("throws a RangeError for a pair that does not join adjacent periods", () => {
    expect(() => cumulativeIndex(result([pair(1, 3, [0], { m: [1] })]))).toThrow(
      /^cumulativeIndex: pair 1–3 does not join adjacent periods/,
    );
  });
});
