import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/io/datasets.js";
import { panel, panelRow } from "../../src/panel/panel.js";
import { chainedValues } from "../../src/study/chain.js";
import {
  cell,
  findColumn,
  numberColumn,
  stringColumn,
  table,
  type NumberColumn,
} from "../../src/table/table.js";
import { expectAllClose } from "../close.js";

function small() {
  // Two entities; b lacks 2013, so its chain cannot cross the gap.
  return panel(
    table([
      stringColumn("id", ["a", "a", "a", "a", "b", "b", "b"]),
      numberColumn("year", [2011, 2012, 2013, 2014, 2011, 2012, 2014]),
      numberColumn("v", [90, 100, 999, 999, 50, 60, 999]),
      numberColumn("i", [105, 108, 110, 120, 101, 102, 103]),
    ]),
    { entity: "id", time: "year" },
  );
}

describe("chainedValues", () => {
  it("chainedValues(p, {base: 2012}) carries the 2012 level forwards by I_t/100 and backwards by 100/I_t+1", () => {
    const result = chainedValues(small(), { value: "v", index: "i", base: 2012, name: "real" });
    // a: 100/1.08, 100, 100·1.10, 100·1.10·1.20; b: 60/1.02, 60, then a gap (no 2013): missing in 2014.
    expectAllClose(result.column.values, [100 / 1.08, 100, 110, 132, 60 / 1.02, 60, Number.NaN], {
      abs: 1e-12,
    });
    expect(Array.from(result.column.missing)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(result.noBase).toEqual([]);
    expect(result.column.name).toBe("real");
  });

  it("an entity without a base-year value is missing throughout and listed", () => {
    const p = small();
    const result = chainedValues(p, { value: "v", index: "i", base: 2013 });
    expect(result.noBase).toEqual(["b"]);
    expect(Array.from(result.column.missing.subarray(4))).toEqual([1, 1, 1]);
  });

  it("real GDP of the bundled provinces equals gdp_2012 × Π(gdp_index_prev/100), computed cell by cell", async () => {
    const p = await loadDataset("china-provinces-panel");
    const result = chainedValues(p, { value: "gdp", index: "gdp_index_prev", base: 2012 });
    const gdp = findColumn(p.table, "gdp") as NumberColumn;
    const index = findColumn(p.table, "gdp_index_prev") as NumberColumn;
    const t2012 = p.times.indexOf(2012);
    const expected: number[] = [];
    const actual: number[] = [];
    p.entities.forEach((_, e) => {
      let level = Number(cell(gdp, panelRow(p, e, t2012)));
      for (const year of [2013, 2014, 2015, 2016, 2017, 2018, 2019]) {
        const r = panelRow(p, e, p.times.indexOf(year));
        level = (level * index.values[r]!) / 100;
        expected.push(level);
        actual.push(result.column.values[r]!);
      }
    });
    expectAllClose(actual, expected, { rel: 1e-12 });
    expect(result.column.meta.unit).toContain("constant 2012 prices");
  });

  it("throws a RangeError naming chainedValues for a text column or a bad scale", () => {
    const p = small();
    expect(() => chainedValues(p, { value: "id", index: "i", base: 2012 })).toThrow(
      /^chainedValues: column "id" is text/,
    );
    expect(() => chainedValues(p, { value: "v", index: "i", base: 2012, scale: 0 })).toThrow(
      /^chainedValues: scale/,
    );
  });
});
