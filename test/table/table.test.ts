import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  cell,
  missingCount,
  numberColumn,
  parseNumber,
  parseNumericColumn,
  stringColumn,
  table,
  takeRows,
  withColumn,
} from "../../src/table/table.js";

describe("parseNumber", () => {
  it("parseNumber(text) reads plain decimals and rejects everything else", () => {
    expect(parseNumber("12")).toBe(12);
    expect(parseNumber(" -3.5 ")).toBe(-3.5);
    expect(parseNumber("1e-9")).toBe(1e-9);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("5.")).toBe(5);
    expect(parseNumber("-inf")).toBe(Number.NEGATIVE_INFINITY);
    for (const bad of ["", " ", "1,5", "NaN", "12abc", "0x10", "1e", "--1", "１２"])
      expect(parseNumber(bad), bad).toBeUndefined();
  });

  propTest.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])(
    "parseNumber(String(x)) === x for every finite double (JS shortest round-trip repr)",
    (x) => {
      expect(parseNumber(String(x)) === x).toBe(true); // String(-0) is "0", and 0 === -0
    },
  );
});

describe("numberColumn", () => {
  it("numberColumn(name, values) marks NaN as missing and a given mask wins over values", () => {
    const c = numberColumn("x", [1, Number.NaN, 3], {}, undefined);
    expect([...c.missing]).toEqual([0, 1, 0]);
    const masked = numberColumn("y", [1, 2, 3], {}, Uint8Array.from([0, 3, 0]));
    expect(Number.isNaN(masked.values[1]!)).toBe(true);
    expect(cell(masked, 1)).toBeNull();
    expect(missingCount(masked)).toBe(1);
  });
});

describe("table", () => {
  it("table(columns) rejects duplicate names and unequal lengths", () => {
    expect(() => table([numberColumn("a", [1]), numberColumn("a", [2])])).toThrow(RangeError);
    expect(() => table([numberColumn("a", [1]), stringColumn("b", ["x", "y"])])).toThrow(
      /has 2 rows; expected 1/,
    );
  });

  it("takeRows and withColumn keep masks and replace in place", () => {
    const t = table([numberColumn("a", [1, Number.NaN, 3]), stringColumn("b", ["x", null, "z"])]);
    const picked = takeRows(t, [2, 1, 2]);
    expect(picked.rowCount).toBe(3);
    expect([...picked.columns.map((c) => [0, 1, 2].map((i) => cell(c, i)))]).toEqual([
      [3, null, 3],
      ["z", null, "z"],
    ]);
    const replaced = withColumn(t, numberColumn("b", [7, 8, 9]));
    expect(replaced.columns.map((c) => c.name)).toEqual(["a", "b"]);
    expect(replaced.columns[1]!.type).toBe("number");
  });

  it("parseNumericColumn converts only when every present cell parses", () => {
    expect(parseNumericColumn(stringColumn("a", ["1", "", null, "2.5"]))?.values[3]).toBe(2.5);
    expect(parseNumericColumn(stringColumn("a", ["1", "x"]))).toBeUndefined();
  });
});

describe("bindRows", () => {
  it("bindRows(tables) stacks rows and keeps masks; different columns are a RangeError", async () => {
    const { bindRows } = await import("../../src/table/table.js");
    const a = table([stringColumn("u", ["x"]), numberColumn("v", [1])]);
    const b = table([stringColumn("u", ["y", null]), numberColumn("v", [Number.NaN, 3])]);
    const both = bindRows([a, b]);
    expect(both.rowCount).toBe(3);
    expect([0, 1, 2].map((i) => [cell(both.columns[0]!, i), cell(both.columns[1]!, i)])).toEqual([
      ["x", 1],
      ["y", null],
      [null, 3],
    ]);
    expect(() => bindRows([a, table([numberColumn("v", [1])])])).toThrow(RangeError);
  });
});
