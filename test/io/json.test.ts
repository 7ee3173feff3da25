import { readFileSync } from "node:fs";
import { test as propTest, fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { readJson, writeJson } from "../../src/io/json.js";
import { numberColumn, stringColumn, table, type Table } from "../../src/table/table.js";
import { expectSameTable, plainText, tableArbitrary } from "./table-arbitraries.js";
import { issuesOf } from "../issues.js";

const JSON_FIXTURES = new URL("../fixtures/json/", import.meta.url);

interface PythonExpected {
  readonly columns: string[];
  readonly expected: Record<string, { type: "number" | "string"; values: (number | string | null)[] }>;
}

function expectMatchesPython(t: Table, ref: PythonExpected): void {
  expect(t.columns.map((c) => c.name)).toEqual(ref.columns);
  for (const column of t.columns) {
    const expected = ref.expected[column.name]!;
    expect(column.type, column.name).toBe(expected.type);
    if (column.type === "string") {
      expect(column.values).toEqual(expected.values);
      continue;
    }
    expected.values.forEach((value, r) => {
      if (value === null) expect(column.missing[r], `${column.name}[${r}]`).toBe(1);
      else expect(column.values[r], `${column.name}[${r}]`).toBe(value);
    });
  }
}

describe("reference values: Python's json module", () => {
  const ref = JSON.parse(readFileSync(new URL("expected.json", JSON_FIXTURES), "utf8")) as PythonExpected;

  it("readJson(records.json) types the columns as Python reads them (number strings, null, missing keys, late columns)", () => {
    const t = readJson(readFileSync(new URL("records.json", JSON_FIXTURES), "utf8"), {
      file: "records.json",
    });
    expectMatchesPython(t, ref);
  });

  it("readJson(columns.json) reads the column-oriented form the same way", () => {
    const t = readJson(readFileSync(new URL("columns.json", JSON_FIXTURES), "utf8"));
    expectMatchesPython(t, ref);
  });

  it("readJson: the doc example", () => {
    expect(readJson('[{"id":"A","x":1},{"id":"B","x":null}]').columns.map((c) => c.type)).toEqual([
      "string",
      "number",
    ]);
  });

  it("writeJson: the doc example", () => {
    expect(writeJson(table([numberColumn("x", [1, Number.NaN])]), { form: "records" })).toBe(
      '[{"x":1},{"x":null}]',
    );
  });
});

describe("properties", () => {
  propTest.prop([tableArbitrary({ meta: true }), fc.constantFrom(0, 2)])(
    "readJson(writeJson(t)) is lossless: values (-0 too), masks, types, column and table meta",
    (t, indent) => {
      const back = readJson(writeJson(t, { indent }));
      expectSameTable(back, t, { numbers: "is", meta: true });
    },
  );

  // Object keys that are array indices ("12") come first in JavaScript objects, so such names would change the column order.
  propTest.prop([tableArbitrary({ texts: plainText, names: plainText })])(
    "readJson(writeJson(t, { form: 'records' })) keeps values and masks when texts do not look like numbers",
    (t) => {
      fc.pre(
        t.rowCount > 0 && t.columns.every((c) => c.type === "number" || c.values.some((v) => v !== null)),
      );
      const back = readJson(writeJson(t, { form: "records" }));
      expectSameTable(back, t);
    },
  );
});

describe("edges and errors", () => {
  it("writeJson(t) writes the documented table form", () => {
    const t = table(
      [
        numberColumn("x", [1, -0, Number.POSITIVE_INFINITY, 0], { unit: "yuan" }, Uint8Array.of(0, 0, 0, 3)),
        stringColumn("s", ["a", null, "b", "c"]),
      ],
      { title: "T", notes: ["n"] },
    );
    expect(JSON.parse(writeJson(t))).toEqual({
      nqpf: "table",
      version: 1,
      rowCount: 4,
      meta: { title: "T", notes: ["n"] },
      columns: [
        {
          name: "x",
          type: "number",
          meta: { unit: "yuan" },
          values: [1, "-0", "Infinity", null],
          missing: [[3, ".b"]],
        },
        { name: "s", type: "string", meta: {}, values: ["a", null, "b", "c"] },
      ],
    });
  });

  it("readJson accepts extended missing as '.a' strings inside values", () => {
    const t = readJson(
      '{"nqpf":"table","version":1,"columns":[{"name":"x","type":"number","values":[1,".a",null]}]}',
    );
    expect(t.columns[0]!.type === "number" && Array.from(t.columns[0]!.missing)).toEqual([0, 2, 1]);
  });

  it("readJson reads a column object without the 'columns' wrapper, and a one-table array", () => {
    expect(readJson('{"a":[1,2],"b":["x","y"]}').columns.map((c) => [c.name, c.type])).toEqual([
      ["a", "number"],
      ["b", "string"],
    ]);
    const t = table([numberColumn("x", [1, 2])]);
    expectSameTable(readJson(`[${writeJson(t)}]`), t);
  });

  it("readJson: empty, truncated and non-JSON texts", () => {
    expect(issuesOf(() => readJson("  \n", { file: "e.json" })).map((i) => [i.code, i.file])).toEqual([
      ["empty_file", "e.json"],
    ]);
    expect(issuesOf(() => readJson('[{"a": 1}, {"a"')).map((i) => i.code)).toEqual(["truncated_file"]);
    expect(issuesOf(() => readJson("a,b\n1,2\n")).map((i) => i.code)).toEqual(["unsupported_format"]);
    expect(issuesOf(() => readJson("42")).map((i) => i.code)).toEqual(["unsupported_format"]);
    expect(issuesOf(() => readJson('{"a": 1}')).map((i) => i.code)).toEqual(["unsupported_format"]);
    expect(
      issuesOf(() => readJson(`[${writeJson(table([]))},${writeJson(table([]))}]`)).map((i) => i.code),
    ).toEqual(["unsupported_format"]);
  });

  it("readJson(records) reports not_a_number with the record number and path, and nested values as bad_value", () => {
    const records = [
      { x: 1 },
      { x: 2 },
      { x: "12,5" },
      { x: 4 },
      { x: 5 },
      { x: 6 },
      { x: 7 },
      { x: 8 },
      { x: 9 },
      { x: 10 },
      { x: { nested: true } },
    ];
    const issues = issuesOf(() => readJson(JSON.stringify(records), { file: "r.json" }));
    expect(issues.map((i) => [i.code, i.row, i.column, i.path, i.file])).toEqual([
      ["bad_value", 11, "x", [10, "x"], "r.json"],
      ["not_a_number", 3, "x", [2, "x"], "r.json"],
    ]);
    expect(issuesOf(() => readJson("[1, 2]")).map((i) => [i.code, i.row])).toEqual([
      ["bad_value", 1],
      ["bad_value", 2],
    ]);
  });

  it("readJson(column object) reports columns of unequal length", () => {
    expect(
      issuesOf(() => readJson('{"columns":{"a":[1,2],"b":[1]}}')).map((i) => [i.code, i.column, i.path]),
    ).toEqual([["bad_value", "b", ["columns", "b"]]]);
  });

  it("readJson(table form) reports every bad value with its path", () => {
    const text = JSON.stringify({
      nqpf: "table",
      version: 1,
      meta: { notes: "not a list" },
      columns: [
        { name: "x", type: "number", values: [1, "two", null], missing: [[0, ".a"]] },
        { name: "s", type: "string", values: ["a", 2, null] },
        { name: "x", type: "number", values: [1, 2, 3] },
        { name: "d", type: "date", values: [1, 2, 3] },
        { name: "short", type: "number", values: [1] },
        {
          name: "m",
          type: "number",
          values: [1, 2, 3],
          meta: {
            storage: "huge",
            valueLabels: {
              name: "l",
              labels: [
                [1, "one"],
                ["x", "bad"],
              ],
            },
          },
        },
      ],
    });
    const issues = issuesOf(() => readJson(text));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["bad_value", ["meta", "notes"]],
      ["bad_value", ["columns", 0, "values", 1]],
      ["bad_value", ["columns", 0, "missing", 0]],
      ["bad_value", ["columns", 1, "values", 1]],
      ["duplicate_column", ["columns", 2, "name"]],
      ["bad_value", ["columns", 3, "type"]],
      ["bad_value", ["columns", 4, "values"]],
      ["bad_value", ["columns", 5, "meta", "storage"]],
      ["bad_value", ["columns", 5, "meta", "valueLabels", "labels", 1]],
    ]);
  });

  it("readJson rejects a newer table version", () => {
    expect(
      issuesOf(() => readJson('{"nqpf":"table","version":2,"columns":[]}')).map((i) => [i.code, i.path]),
    ).toEqual([["unsupported_format", ["version"]]]);
  });

  it("writeJson throws RangeError naming itself for bad options", () => {
    const t = table([numberColumn("x", [1])]);
    expect(() => writeJson(t, { indent: -1 })).toThrow(/^writeJson: indent/);
    expect(() => writeJson(t, { form: "rows" as "table" })).toThrow(/^writeJson: form/);
  });

  it("writeJson(t, { form: 'records' }) keeps a column named __proto__", () => {
    const t = table([numberColumn("__proto__", [1, 2]), stringColumn("b", ["x", "y"])]);
    expect(writeJson(t, { form: "records" })).toBe('[{"__proto__":1,"b":"x"},{"__proto__":2,"b":"y"}]');
    expectSameTable(readJson(writeJson(t, { form: "records" })), t);
  });

  it("writeJson keeps the row count of a table without columns", () => {
    const t: Table = { columns: [], rowCount: 3, meta: {} };
    expect(readJson(writeJson(t)).rowCount).toBe(3);
  });
});
