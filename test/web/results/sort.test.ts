import { test as propTest, fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { ColumnJson } from "../../../src/report/results-json.js";
import { nextSort, sortRows } from "../../../web/src/results/sort.js";

const numbers = (values: (number | null)[]): ColumnJson => ({ name: "x", type: "number", values });
const texts = (values: (string | null)[]): ColumnJson => ({ name: "s", type: "string", values });

describe("sortRows", () => {
  it("sortRows(numbers, 'asc') orders by value with missing cells last", () => {
    expect(sortRows(numbers([3, null, 1, 2]), "asc", "en")).toEqual([2, 3, 0, 1]);
  });

  it("sortRows(numbers, 'desc') keeps missing cells last too", () => {
    expect(sortRows(numbers([3, null, 1, 2]), "desc", "en")).toEqual([0, 3, 2, 1]);
  });

  it("keeps ties in their original order (stable) in both directions", () => {
    expect(sortRows(numbers([1, 2, 1, 2]), "asc", "en")).toEqual([0, 2, 1, 3]);
    expect(sortRows(numbers([1, 2, 1, 2]), "desc", "en")).toEqual([1, 3, 0, 2]);
  });

  it("compares text with numeric parts as numbers: C2 before C10", () => {
    expect(sortRows(texts(["C10", "C2", null, "C1"]), "asc", "en")).toEqual([3, 1, 0, 2]);
    expect(sortRows(texts(["C10", "C2", null, "C1"]), "desc", "en")).toEqual([0, 1, 3, 2]);
  });

  propTest.prop([
    fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null })),
    fc.constantFrom("asc" as const, "desc" as const),
  ])("returns a permutation, values monotone, missing cells last", (values, direction) => {
    const order = sortRows(numbers(values), direction, "en");
    expect([...order].sort((a, b) => a - b)).toEqual(values.map((_, i) => i));
    const sorted = order.map((i) => values[i] ?? null);
    const present = sorted.filter((v): v is number => v !== null);
    expect(sorted.slice(present.length).every((v) => v === null)).toBe(true);
    for (let k = 1; k < present.length; k++)
      expect(direction === "asc" ? present[k - 1]! <= present[k]! : present[k - 1]! >= present[k]!).toBe(
        true,
      );
  });
});

describe("nextSort", () => {
  it("nextSort(undefined, column) sorts numbers descending and text ascending first", () => {
    expect(nextSort(undefined, "score", true)).toEqual({ column: "score", direction: "desc" });
    expect(nextSort(undefined, "name", false)).toEqual({ column: "name", direction: "asc" });
  });

  it("flips the direction on the same column and restarts on another", () => {
    expect(nextSort({ column: "score", direction: "desc" }, "score", true)).toEqual({
      column: "score",
      direction: "asc",
    });
    expect(nextSort({ column: "score", direction: "asc" }, "score", true)).toEqual({
      column: "score",
      direction: "desc",
    });
    expect(nextSort({ column: "score", direction: "asc" }, "name", false)).toEqual({
      column: "name",
      direction: "asc",
    });
  });
});
