import { describe, expect, it } from "vitest";
import type { ColumnJson } from "../../../src/report/results-json.js";
import { cellText, columnDisplay, columnHeader, digitsFor } from "../../../web/src/results/columns.js";

/** A stand-in for WebContext.fmt that shows what it was asked: value and digits. */
const fmt = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined ? "–" : value.toFixed(digits);

describe("columnHeader", () => {
  const score: ColumnJson = {
    name: "score",
    type: "number",
    label: "Composite index",
    labelZh: "综合指数",
    values: [],
  };
  it("columnHeader(column, 'zh') takes the Chinese label, 'en' the label, and the name without labels", () => {
    expect(columnHeader(score, "zh")).toBe("综合指数");
    expect(columnHeader(score, "en")).toBe("Composite index");
    expect(columnHeader({ name: "x", type: "number", values: [] }, "zh")).toBe("x");
  });
  it("adds the unit in parentheses", () => {
    expect(
      columnHeader({ name: "gdp", type: "number", label: "GDP", unit: "bn yuan", values: [] }, "en"),
    ).toBe("GDP (bn yuan)");
  });
});

describe("columnDisplay", () => {
  it("treats years, periods and codes as codes (no grouping, no digits)", () => {
    expect(columnDisplay({ name: "year", type: "number", values: [2018, 2019] })).toEqual({
      kind: "code",
      digits: 0,
    });
    expect(columnDisplay({ name: "adcode", type: "number", values: [110000, null] })).toEqual({
      kind: "code",
      digits: 0,
    });
    expect(columnDisplay({ name: "period", type: "number", values: [1, 2] })).toEqual({
      kind: "code",
      digits: 0,
    });
    expect(columnDisplay({ name: "whatever", type: "number", values: [2016, 2017] })).toEqual({
      kind: "code",
      digits: 0,
    });
  });
  it("shows whole counts with 0 digits and fractions by magnitude", () => {
    expect(columnDisplay({ name: "rank", type: "number", values: [1, 2, 30] })).toEqual({
      kind: "number",
      digits: 0,
    });
    expect(columnDisplay({ name: "score", type: "number", values: [0.78, 0.1] })).toEqual({
      kind: "number",
      digits: 4,
    });
    expect(columnDisplay({ name: "target", type: "number", values: [25147.4, 3.5] })).toEqual({
      kind: "number",
      digits: 2,
    });
    expect(columnDisplay({ name: "label", type: "string", values: ["a"] })).toEqual({
      kind: "text",
      digits: 0,
    });
  });
  it("digitsFor picks four significant digits of the largest value", () => {
    expect([
      digitsFor(0.0004),
      digitsFor(0.78),
      digitsFor(9.99),
      digitsFor(10),
      digitsFor(99.9),
      digitsFor(100),
    ]).toEqual([6, 4, 4, 3, 3, 2]);
  });
});

describe("cellText", () => {
  it("writes numbers through fmt with the column's digits, codes as digits, missing as empty", () => {
    const score: ColumnJson = { name: "score", type: "number", values: [0.123456, null] };
    const year: ColumnJson = { name: "year", type: "number", values: [2019] };
    expect(cellText(score, columnDisplay(score), 0, fmt)).toBe("0.1235");
    expect(cellText(score, columnDisplay(score), 1, fmt)).toBe("");
    expect(cellText(year, columnDisplay(year), 0, fmt)).toBe("2019");
  });
  it("shows the value label of a coded column", () => {
    const coded: ColumnJson = { name: "level", type: "number", valueLabels: { "1": "low" }, values: [1, 2] };
    expect(cellText(coded, columnDisplay(coded), 0, fmt)).toBe("low");
    expect(cellText(coded, columnDisplay(coded), 1, fmt)).toBe("2");
  });
});
