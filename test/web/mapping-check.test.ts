import { describe, expect, it } from "vitest";
import { checkMapping, fileRow, guessMapping, type Preview } from "../../web/src/pages/mapping-check.js";

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
