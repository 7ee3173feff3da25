import { describe, expect, it } from "vitest";
import {
  formatIssues,
  IssueCollector,
  isNqpfInputError,
  NqpfInputError,
  type InputIssue,
} from "../src/errors.js";

describe("formatIssues", () => {
  it("formatIssues(issues) prints file:row:column, the message, the code and the hint, one issue per line", () => {
    const issues: InputIssue[] = [
      {
        code: "not_a_number",
        file: "a.csv",
        row: 7,
        column: "gdp",
        message: '"12,5" is not a number',
        hint: "use '.'",
      },
      {
        code: "duplicate_key",
        file: "a.csv",
        row: 9,
        entity: "110000",
        time: 2019,
        message: "duplicate (entity, time) key",
      },
      { code: "bad_expression", path: ["derive", 2], message: "unexpected ')'" },
    ];
    expect(formatIssues(issues).split("\n")).toEqual([
      `a.csv:7:gdp: "12,5" is not a number [not_a_number] — use '.'`,
      "a.csv:9 entity 110000 time 2019: duplicate (entity, time) key [duplicate_key]",
      "derive.2: unexpected ')' [bad_expression]",
    ]);
  });

  it("formatIssues(issues, limit) counts what it leaves out", () => {
    const issues = Array.from({ length: 5 }, (_, i): InputIssue => ({
      code: "ragged_row",
      row: i + 2,
      message: "x",
    }));
    const lines = formatIssues(issues, 2).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("… and 3 more issues");
  });
});

describe("NqpfInputError", () => {
  it("keeps every issue and summarises the first in its message", () => {
    const error = new NqpfInputError([
      { code: "missing_column", file: "x.dta", column: "gdp", message: "column missing" },
      { code: "missing_column", file: "x.dta", column: "pop", message: "column missing" },
    ]);
    expect(error.issues).toHaveLength(2);
    expect(error.message).toBe("x.dta:gdp: column missing (and 1 more issue)");
    expect(isNqpfInputError(error)).toBe(true);
    expect(isNqpfInputError(new Error("x"))).toBe(false);
  });

  it("refuses to be built without issues", () => {
    expect(() => new NqpfInputError([])).toThrow(RangeError);
  });
});

describe("IssueCollector", () => {
  it("caps stored issues at the limit, counts the rest and throws them together", () => {
    const collector = new IssueCollector(3);
    for (let i = 0; i < 10; i++) collector.add({ code: "not_a_number", row: i + 2, message: "bad" });
    expect(collector.count).toBe(10);
    let caught: unknown;
    try {
      collector.throwIfAny();
    } catch (error) {
      caught = error;
    }
    expect(isNqpfInputError(caught)).toBe(true);
    const issues = (caught as NqpfInputError).issues;
    expect(issues).toHaveLength(4);
    expect(issues[3]!.message).toBe("7 further issues not listed");
  });

  it("does nothing when empty", () => {
    expect(() => {
      new IssueCollector().throwIfAny();
    }).not.toThrow();
  });
});
