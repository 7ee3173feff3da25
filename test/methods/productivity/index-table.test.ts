/**
 * indexTable, indexSummaryTable, cumulativeIndexTable and cumulativeGroupTable: layout and metadata, the DEAP
 * 2.1 example-4 annual means as printed, counts on unbalanced panels, failed rows kept, additive means.
 */
import { test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { cumulativeIndex } from "../../../src/methods/productivity/cumulative.js";
import {
  cumulativeGroupTable,
  cumulativeIndexTable,
  indexSummaryTable,
  indexTable,
} from "../../../src/methods/productivity/index-table.js";
import { malmquist, MALMQUIST_REFERENCE } from "../../../src/methods/productivity/malmquist.js";
import type { IndexResult } from "../../../src/methods/productivity/types.js";
import { cell, getColumn, type NumberColumn, type Table } from "../../../src/table/table.js";
import { expectAllClose } from "../../close.js";
import { csvPanel, fixture, panelData, rowsPanel } from "./malmquist-kit.js";

function numbers(t: Table, name: string): Float64Array {
  return (getColumn(t, name) as NumberColumn).values;
}

function strings(t: Table, name: string): (string | number | null)[] {
  const column = getColumn(t, name);
  return Array.from({ length: t.rowCount }, (_, i) => cell(column, i));
}

const eg4 = fixture<{ annualMeans: Record<string, number[]> & { pairs: string[] } }>("deap-eg4-printed");
const eg4Panel = csvPanel(
  eg4.input.file,
  eg4.input.unit,
  eg4.input.period,
  eg4.input.inputs,
  eg4.input.outputs,
);

describe("indexSummaryTable", () => {
  it("indexSummaryTable(malmquist(eg4, {rts: 'vrs'})) gives DEAP's 'Malmquist index summary of annual means'", () => {
    const summary = indexSummaryTable(malmquist(eg4Panel, { rts: "vrs" }));
    expect(summary.meta.name).toBe("malmquist_summary");
    expect(strings(summary, "pair")).toEqual(eg4.expected.annualMeans.pairs);
    // DEAP prints 3 decimals; half-way values may round either way.
    for (const name of ["effch", "techch", "pech", "sech", "tfpch"])
      expectAllClose(numbers(summary, name), eg4.expected.annualMeans[name]!, {
        abs: eg4.tolerance * (1 + 1e-9),
      });
    expect(Array.from(numbers(summary, "compared"))).toEqual([5, 5, 10]);
    expect(Array.from(numbers(summary, "failed"))).toEqual([0, 0, 0]);
    expectAllClose(numbers(summary, "from"), [1, 2, NaN]);
    expectAllClose(numbers(summary, "to"), [2, 3, NaN]);
  });

  it("counts compared, failed, only-from and only-to units; failed units stay out of the means", () => {
    const panel = rowsPanel(
      [
        ["a", 1, 2, 1],
        ["b", 1, 4, 3],
        ["c", 1, 3, 2],
        ["d", 1, 5, 3],
        ["a", 2, 2, 1.5],
        ["b", 2, 4, 3],
        ["c", 2, 1, 1],
        ["e", 2, 3, 2],
      ],
      1,
    );
    const result = malmquist(panel, { rts: "vrs", decomposition: "ray-desli" });
    const pair = result.pairs[0]!;
    expect(pair.status).toEqual(["optimal", "optimal", "infeasible"]);
    const summary = indexSummaryTable(result);
    expect(Array.from(numbers(summary, "compared"))).toEqual([3, 3]);
    expect(Array.from(numbers(summary, "optimal"))).toEqual([2, 2]);
    expect(Array.from(numbers(summary, "failed"))).toEqual([1, 1]);
    expect(Array.from(numbers(summary, "only_from"))).toEqual([1, 1]);
    expect(Array.from(numbers(summary, "only_to"))).toEqual([1, 1]);
    const t = pair.components.tfpch!;
    expectAllClose([numbers(summary, "tfpch")[0]!], [Math.sqrt(t[0]! * t[1]!)], { rel: 1e-14 });
  });

  it("additive indicators get arithmetic means", () => {
    const additive: IndexResult = {
      index: "luenberger",
      convention: "additive",
      note: "",
      units: ["a", "b"],
      periods: [1, 2, 3],
      pairs: [1, 2].map((from) => ({
        from,
        to: from + 1,
        unit: Int32Array.of(0, 1),
        components: { l: Float64Array.of(0.1 * from, -0.3) },
        distances: {},
        status: ["optimal", "optimal"],
        reason: [undefined, undefined],
        onlyFrom: 0,
        onlyTo: 0,
      })),
    };
    const summary = indexSummaryTable(additive);
    expectAllClose(numbers(summary, "l"), [-0.1, -0.05, -0.075], { abs: 1e-15 });
    expect(getColumn(summary, "l").meta.label).toMatch(/^mean of/);
  });

  propTest.prop([panelData()], { numRuns: 15 })(
    "the geometric means keep the identity: mean tfpch = mean effch × mean techch",
    (panel) => {
      const summary = indexSummaryTable(malmquist(panel, { rts: "vrs" }));
      const tfpch = numbers(summary, "tfpch");
      const effch = numbers(summary, "effch");
      const techch = numbers(summary, "techch");
      const product = tfpch.map((_, i) => effch[i]! * techch[i]!);
      expectAllClose(tfpch, product, { rel: 1e-12 });
      expectAllClose(
        effch,
        effch.map((_, i) => numbers(summary, "pech")[i]! * numbers(summary, "sech")[i]!),
        { rel: 1e-12 },
      );
    },
  );

  it("the doc example: column names", () => {
    expect(indexSummaryTable(malmquist(eg4Panel)).columns.map((c) => c.name)).toEqual([
      "pair",
      "from",
      "to",
      "tfpch",
      "effch",
      "techch",
      "compared",
      "optimal",
      "failed",
      "only_from",
      "only_to",
    ]);
  });
});

describe("indexTable", () => {
  it("one row per unit and pair with components, distances, status and reason; metadata from the options", () => {
    const result = malmquist(eg4Panel, { rts: "vrs" });
    const t = indexTable(result, { reference: MALMQUIST_REFERENCE, parameters: { rts: "vrs" } });
    expect(t.rowCount).toBe(10);
    expect(t.columns.map((c) => c.name)).toEqual([
      "unit",
      "from",
      "to",
      "tfpch",
      "effch",
      "techch",
      "pech",
      "sech",
      "D_t(t)",
      "D_t(t+1)",
      "D_t+1(t)",
      "D_t+1(t+1)",
      "Dv_t(t)",
      "Dv_t+1(t+1)",
      "status",
      "reason",
    ]);
    expect(strings(t, "unit")).toEqual(["1", "2", "3", "4", "5", "1", "2", "3", "4", "5"]);
    expectAllClose(numbers(t, "from"), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expectAllClose(numbers(t, "tfpch").subarray(0, 5), result.pairs[0]!.components.tfpch!);
    expectAllClose(numbers(t, "Dv_t+1(t+1)").subarray(5), result.pairs[1]!.distances["Dv_t+1(t+1)"]!);
    expect(t.meta).toMatchObject({
      name: "malmquist",
      method: "malmquist",
      reference: MALMQUIST_REFERENCE,
      parameters: { convention: "multiplicative", rts: "vrs" },
      notes: [result.note],
    });
  });

  it("a failed unit-pair keeps its row: missing components beside its status and reason", () => {
    const panel = rowsPanel(
      [
        ["a", 1, 2, 1],
        ["b", 1, 4, 3],
        ["a", 2, 2, 1.5],
        ["b", 2, 1, 1],
      ],
      1,
    );
    const t = indexTable(malmquist(panel, { rts: "vrs", decomposition: "ray-desli" }));
    expect(strings(t, "status")).toEqual(["optimal", "infeasible"]);
    expect(strings(t, "reason")[1]).toMatch(/^Dv_t\(t\+1\): /);
    expect(strings(t, "reason")[0]).toBeNull();
    const tfpch = getColumn(t, "tfpch") as NumberColumn;
    expect(Array.from(tfpch.missing)).toEqual([0, 1]);
  });

  it("the doc example: column names of a CRS result", () => {
    expect(indexTable(malmquist(eg4Panel)).columns.map((c) => c.name)).toEqual([
      "unit",
      "from",
      "to",
      "tfpch",
      "effch",
      "techch",
      "D_t(t)",
      "D_t(t+1)",
      "D_t+1(t)",
      "D_t+1(t+1)",
      "status",
      "reason",
    ]);
  });
});

describe("cumulativeIndexTable and cumulativeGroupTable", () => {
  it("long tables of unit and group levels, with the gap rule in the notes", () => {
    const levels = cumulativeIndex(malmquist(eg4Panel), "tfpch", { group: ["x", "x", "y", null, "y"] });
    const units = cumulativeIndexTable(levels);
    expect(units.meta.name).toBe("malmquist_cumulative");
    expect(units.columns.map((c) => c.name)).toEqual(["unit", "group", "period", "tfpch_cum"]);
    expect(units.rowCount).toBe(15);
    expect(strings(units, "group").slice(9, 12)).toEqual([null, null, null]);
    expectAllClose(numbers(units, "tfpch_cum").subarray(3, 6), levels.level[1]!);
    expect(units.meta.notes).toEqual([levels.note]);

    const groups = cumulativeGroupTable(levels);
    expect(groups.meta.name).toBe("malmquist_cumulative_groups");
    expect(strings(groups, "group")).toEqual(["all", "all", "all", "x", "x", "x", "y", "y", "y"]);
    expectAllClose(numbers(groups, "tfpch_cum").subarray(6), levels.groupLevel[2]!);
    expectAllClose(numbers(groups, "units"), [5, 5, 5, 2, 2, 2, 2, 2, 2]);
    // Without groups there is no group column.
    expect(cumulativeIndexTable(cumulativeIndex(malmquist(eg4Panel))).columns.map((c) => c.name)).toEqual([
      "unit",
      "period",
      "tfpch_cum",
    ]);
  });

  it("every unit-period appears once in the unit table", () => {
    const levels = cumulativeIndex(malmquist(eg4Panel));
    const t = cumulativeIndexTable(levels);
    const keys = strings(t, "unit").map((u, i) => `${String(u)}|${numbers(t, "period")[i]!}`);
    expect(new Set(keys).size).toBe(levels.units.length * levels.periods.length);
    expect(t.rowCount).toBe(keys.length);
  });
});
