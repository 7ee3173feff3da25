import { describe, expect, it } from "vitest";
import {
  checkMapping,
  fileRow,
  guessMapping,
  timeSpan,
  type Preview,
} from "../../web/src/pages/mapping-check.js";

const columns = [
  { name: "adcode", type: "number" as const },
  { name: "name", type: "string" as const },
  { name: "year", type: "number" as const },
  { name: "region", type: "string" as const },
  { name: "gdp", type: "number" as const },
];

function preview(rows: (number | string | null)[][]): Preview {
  return { rowCount: rows.length, columns, rows };
}

const clean = preview([
  [110000, "Beijing", 2018, "East", 1],
  [110000, "Beijing", 2019, "East", 2],
  [140000, "Shanxi", 2018, "Central", 3],
  [140000, "Shanxi", 2019, "Central", 4],
]);

describe("guessMapping", () => {
  it("guessMapping(adcode, name, year, region) picks them and the China map", () => {
    expect(guessMapping(clean)).toEqual({
      entity: "adcode",
      time: "year",
      names: "name",
      group: "region",
      map: "china",
      code: "adcode",
    });
  });

  it("guessMapping of ISO3 codes picks the world map", () => {
    const p: Preview = {
      rowCount: 2,
      columns: [
        { name: "iso3", type: "string" },
        { name: "year", type: "number" },
      ],
      rows: [
        ["CHN", 2000],
        ["USA", 2000],
      ],
    };
    expect(guessMapping(p)).toMatchObject({ entity: "iso3", time: "year", map: "world", code: "iso3" });
  });
});

describe("checkMapping", () => {
  const mapping = guessMapping(clean);

  it("checkMapping of a clean panel finds nothing", () => {
    expect(checkMapping(clean, mapping)).toEqual({ mapping: [], cells: [] });
  });

  it("checkMapping marks a non-integer year, a missing unit and a repeated unit×year at their cells", () => {
    const p = preview([
      [110000, "Beijing", 2018, "East", 1],
      [110000, "Beijing", 2018.5, "East", 2],
      [null, "Shanxi", 2018, "Central", 3],
      [110000, "Beijing", 2018, "East", 4],
    ]);
    const { cells } = checkMapping(p, mapping);
    const at = cells.map((c) => [c.row, c.column, c.key]);
    expect(at).toContainEqual([1, "year", "data.issue.timeNotWhole"]);
    expect(at).toContainEqual([2, "adcode", "data.issue.missingEntity"]);
    expect(at).toContainEqual([3, "adcode", "data.issue.duplicatePair"]);
    expect(at).toContainEqual([3, "year", "data.issue.duplicatePair"]);
    expect(cells.find((c) => c.key === "data.issue.duplicatePair")?.values).toMatchObject({
      row: 5,
      first: 2,
    });
  });

  it("checkMapping of a text time column flags each value that is not a whole number", () => {
    const p: Preview = {
      rowCount: 2,
      columns: [
        { name: "adcode", type: "number" },
        { name: "year", type: "string" },
      ],
      rows: [
        [110000, "2019"],
        [110000, "2019Q2"],
      ],
    };
    const { cells } = checkMapping(p, {
      entity: "adcode",
      time: "year",
      names: "",
      group: "",
      map: "none",
      code: "",
    });
    expect(cells.map((c) => [c.row, c.key])).toEqual([[1, "data.issue.timeNotWhole"]]);
  });

  it("checkMapping reports unset and equal key columns, unknown columns and a map code column that is not the entity", () => {
    const issues = checkMapping(clean, {
      entity: "",
      time: "",
      names: "nope",
      group: "",
      map: "none",
      code: "",
    }).mapping;
    expect(issues.map((i) => [i.target, i.key])).toEqual([
      ["names", "data.issue.noSuchColumn"],
      ["entity", "data.issue.noEntity"],
      ["time", "data.issue.noTime"],
    ]);
    const same = checkMapping(clean, { ...mapping, time: "adcode" }).mapping;
    expect(same.map((i) => i.key)).toContain("data.issue.sameColumn");
    const code = checkMapping(clean, { ...mapping, code: "name" }).mapping;
    expect(code.map((i) => [i.target, i.key])).toContainEqual(["code", "data.issue.codeNotEntity"]);
  });

  it("checkMapping warns about missing groups and codes that are not of the map's form", () => {
    const p = preview([
      [110000, "Beijing", 2018, null, 1],
      [110001, "Beijing?", 2018, "East", 2],
    ]);
    const { cells } = checkMapping(p, mapping);
    expect(cells.map((c) => [c.row, c.column, c.key, c.severity])).toEqual([
      [0, "region", "data.issue.missingGroup", "warning"],
      [1, "adcode", "data.issue.notAdcode", "warning"],
    ]);
  });

  it("fileRow counts the header as row 1", () => {
    expect(fileRow(0)).toBe(2);
  });
});

describe("year window", () => {
  const mapping = guessMapping(clean);

  it("checkMapping with from > to reports one issue at the year selects naming both years", () => {
    const { mapping: issues } = checkMapping(clean, mapping, { from: 2019, to: 2018 });
    expect(issues).toEqual([
      { target: "years", key: "data.issue.yearsReversed", values: { from: 2019, to: 2018 } },
    ]);
  });

  it("checkMapping with from = to, from < to, or no window reports nothing about the years", () => {
    for (const years of [{ from: 2018, to: 2018 }, { from: 2018, to: 2019 }, undefined])
      expect(checkMapping(clean, mapping, years).mapping).toEqual([]);
  });

  it("timeSpan of a number column with a summary offers every year from min to max (rows may stop before max)", () => {
    const p: Preview = {
      rowCount: 1225,
      columns: [
        { name: "adcode", type: "number", min: 110000, max: 650000 },
        { name: "year", type: "number", min: 1985, max: 2024 },
      ],
      rows: [
        [110000, 1985],
        [110000, 1990],
      ],
    };
    const years = timeSpan(p, "year");
    expect(years).toHaveLength(40);
    expect(years[0]).toBe(1985);
    expect(years[39]).toBe(2024);
    expect(years.every((y, i) => i === 0 || y === years[i - 1]! + 1)).toBe(true);
    // A span too long to be years (an entity code column chosen as time): the preview rows' values instead.
    expect(timeSpan(p, "adcode")).toEqual([110000]);
  });

  it("timeSpan without a summary, or of a text column, lists the distinct whole numbers of the rows, ascending", () => {
    expect(timeSpan(clean, "year")).toEqual([2018, 2019]);
    const text: Preview = {
      rowCount: 4,
      columns: [{ name: "period", type: "string" }],
      rows: [["2011"], ["2009"], ["x"], [null]],
    };
    expect(timeSpan(text, "period")).toEqual([2009, 2011]);
    expect(timeSpan(clean, "")).toEqual([]);
    expect(timeSpan(clean, "nope")).toEqual([]);
  });
});
