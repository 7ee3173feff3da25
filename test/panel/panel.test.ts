import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { NqpfInputError } from "../../src/errors.js";
import { guessPanelKeys } from "../../src/panel/guess-keys.js";
import { panel, panelRow, panelVariables } from "../../src/panel/panel.js";
import { cell, getColumn, numberColumn, stringColumn, table } from "../../src/table/table.js";

function catchInput(fn: () => unknown): NqpfInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NqpfInputError) return error;
    throw error;
  }
  throw new Error("expected an NqpfInputError");
}

describe("panel", () => {
  const t = table([
    stringColumn("id", ["b", "a", "b", "a"]),
    numberColumn("year", [2020, 2021, 2019, 2019]),
    numberColumn("x", [1, 2, 3, 4]),
  ]);

  it("panel(t, {entity, time}) orders rows by entity (first appearance) then time", () => {
    const p = panel(t, { entity: "id", time: "year" });
    expect(p.entities).toEqual(["b", "a"]);
    expect(p.times).toEqual([2019, 2020, 2021]);
    expect([...getColumn(p.table, "x").values]).toEqual([3, 1, 4, 2]);
    expect([...p.entityOf]).toEqual([0, 0, 1, 1]);
    expect([...p.timeOf]).toEqual([0, 1, 0, 2]);
    expect(panelVariables(p).map((c) => c.name)).toEqual(["x"]);
  });

  it("panel reports every duplicate key with both rows, and missing or malformed keys, in one error", () => {
    const bad = table([
      stringColumn("id", ["a", "a", null, "b", "b", "b"]),
      stringColumn("year", ["2019", "2019", "2019", "20x9", "2020", "2020"]),
    ]);
    const error = catchInput(() => panel(bad, { entity: "id", time: "year", file: "d.csv" }));
    expect(error.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["missing_key", 4, "id"],
      ["not_a_number", 5, "year"],
    ]);
    const dup = catchInput(() =>
      panel(table([stringColumn("id", ["a", "b", "a", "b"]), numberColumn("year", [1, 1, 1, 1])]), {
        entity: "id",
        time: "year",
        file: "d.csv",
      }),
    );
    expect(dup.issues.map((i) => [i.code, i.row, i.entity, i.time])).toEqual([
      ["duplicate_key", 4, "a", 1],
      ["duplicate_key", 5, "b", 1],
    ]);
    expect(dup.issues[0]!.message).toContain("first seen on row 2");
  });

  it("panel names a missing key column with the available columns", () => {
    const error = catchInput(() => panel(t, { entity: "province", time: "yr", file: "d.csv" }));
    expect(error.issues.map((i) => [i.code, i.column])).toEqual([
      ["missing_column", "province"],
      ["missing_column", "yr"],
    ]);
    expect(error.issues[0]!.hint).toContain("id, year, x");
  });

  propTest.prop([
    fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1990, max: 2000 })), {
      selector: ([e, y]) => `${e}|${y}`,
      maxLength: 40,
    }),
  ])("panelRow(p, e, t) finds the row of every (entity, time) pair, as a brute-force scan does", (pairs) => {
    const p = panel(
      table([
        stringColumn(
          "e",
          pairs.map(([e]) => `u${e}`),
        ),
        numberColumn(
          "t",
          pairs.map(([, y]) => y),
        ),
        numberColumn(
          "v",
          pairs.map((_, i) => i),
        ),
      ]),
      { entity: "e", time: "t" },
    );
    for (let e = 0; e < p.entities.length; e++) {
      for (let k = 0; k < p.times.length; k++) {
        const original = pairs.findIndex(([pe, py]) => `u${pe}` === p.entities[e] && py === p.times[k]);
        const row = panelRow(p, e, k);
        if (original < 0) expect(row).toBe(-1);
        else expect(cell(getColumn(p.table, "v"), row)).toBe(original);
      }
    }
  });
});

describe("guessPanelKeys", () => {
  it("guessPanelKeys(t) finds adcode/year, countrycode/year and falls back to the first string column", () => {
    const china = table([
      numberColumn("adcode", [110000]),
      stringColumn("province_zh", ["北京"]),
      numberColumn("year", [2019]),
      numberColumn("gdp", [1]),
    ]);
    expect(guessPanelKeys(china)).toEqual({ entity: "adcode", time: "year" });
    const pwt = table([
      stringColumn("countrycode", ["USA"]),
      stringColumn("country", ["United States"]),
      numberColumn("year", [2019]),
    ]);
    expect(guessPanelKeys(pwt)).toEqual({ entity: "countrycode", time: "year" });
    const other = table([stringColumn("name", ["x"]), numberColumn("Year", [1.5])]);
    expect(guessPanelKeys(other)).toEqual({ entity: "name", time: undefined });
  });
});
