import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { isNqpfInputError, NqpfInputError } from "../../src/errors.js";
import { readDta } from "../../src/io/read-dta.js";
import { writeDta } from "../../src/io/write-dta.js";
import { numberColumn, stringColumn, table } from "../../src/table/table.js";
import type { Column, NumberColumn, NumericStorage, Table } from "../../src/table/table.js";
import { oursBasic, ours119, samplePanel } from "../fixtures/dta/ours-tables.js";
import { issuesOf } from "../issues.js";

const DIR = new URL("../fixtures/dta/", import.meta.url);

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, DIR)));
}

/** What pandas read from one file (written by test/fixtures/dta/generate.py). */
interface PandasView {
  readonly format_version: number;
  readonly byteorder: "LSF" | "MSF";
  readonly data_label: string;
  readonly time_stamp: string;
  readonly value_labels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly columns: readonly {
    readonly name: string;
    readonly stata_type: string | number;
    readonly format: string;
    readonly label: string;
    readonly value_label_name: string;
    readonly values: readonly (number | string | { readonly missing: string } | null)[];
  }[];
}

interface PandasFixtures {
  readonly provenance: { readonly pandas: string };
  readonly files: Readonly<Record<string, PandasView>>;
}

const expected = JSON.parse(readFileSync(new URL("expected.json", DIR), "utf8")) as PandasFixtures;
const oursPandas = JSON.parse(readFileSync(new URL("ours-pandas.json", DIR), "utf8")) as PandasFixtures;

/** pandas' type letter (or str width) as our storage name; "str" for str# and strL. */
function pandasStorage(stataType: string | number): NumericStorage | "str" {
  const map: Record<string, NumericStorage> = { b: "byte", h: "int", l: "long", f: "float", d: "double" };
  return typeof stataType === "number" || stataType === "Q" ? "str" : map[stataType]!;
}

/** ".", ".a".."z" as a mask code 1..27. */
function maskOf(code: string): number {
  return code === "." ? 1 : code.charCodeAt(1) - 96 + 1;
}

/**
 * Asserts that `t` holds what pandas read: names, variable labels, value labels, values (exact, -0 included), missing
 * codes; pandas' "" for a string is our null.
 */
function expectMatchesPandas(t: Table, view: PandasView, checkStorage: boolean): void {
  expect(t.columns.map((c) => c.name)).toEqual(view.columns.map((c) => c.name));
  expect(t.meta.label ?? "").toBe(view.data_label);
  view.columns.forEach((want, j) => {
    const column = t.columns[j]!;
    const what = `column ${want.name}`;
    expect(column.meta.label ?? "", what).toBe(want.label);
    const storage = pandasStorage(want.stata_type);
    if (storage === "str") {
      expect(column.type, what).toBe("string");
      if (column.type !== "string") return;
      const blankToNull = (v: unknown): unknown => (v === "" ? null : v);
      expect(column.values.map(blankToNull), what).toEqual(want.values.map(blankToNull));
      return;
    }
    expect(column.type, what).toBe("number");
    if (column.type !== "number") return;
    if (checkStorage) {
      expect(column.meta.storage, what).toBe(storage);
      expect(column.meta.format, what).toBe(want.format);
    }
    want.values.forEach((v, i) => {
      const at = `${what} row ${i}`;
      if (typeof v === "number") {
        expect(column.missing[i], at).toBe(0);
        expect(Object.is(column.values[i], v), `${at}: ${column.values[i]} vs ${v}`).toBe(true);
      } else if (v !== null && typeof v === "object") {
        expect(column.missing[i], at).toBe(maskOf(v.missing));
        expect(column.values[i], at).toBeNaN();
      } else {
        expect.fail(`${at}: unexpected pandas value ${String(v)}`);
      }
    });
    if (want.value_label_name === "" || !(want.value_label_name in view.value_labels)) {
      expect(column.meta.valueLabels, what).toBeUndefined();
    } else {
      expect(column.meta.valueLabels?.name, what).toBe(want.value_label_name);
      const labels = view.value_labels[want.value_label_name]!;
      expect(
        Object.fromEntries(
          [...(column.meta.valueLabels?.labels ?? new Map<number, string>())].map(([k, s]) => [String(k), s]),
        ),
        what,
      ).toEqual(labels);
    }
  });
}

describe("reference values (pandas)", () => {
  for (const [name, view] of Object.entries(expected.files)) {
    it(`readDta(${name}) matches pandas ${expected.provenance.pandas} read_stata`, () => {
      const result = readDta(fixture(name), { file: name });
      expect(result.version).toBe(view.format_version);
      expect(result.byteOrder).toBe(view.byteorder);
      expect(result.timestamp).toBe(view.time_stamp);
      expectMatchesPandas(result.table, view, true);
    });
  }

  it("readDta(ref-118-extmiss.dta) sees every code '.', '.a'..'.z' of each numeric type", () => {
    const t = readDta(fixture("ref-118-extmiss.dta")).table;
    for (const column of t.columns as NumberColumn[]) {
      expect(new Set(column.missing.subarray(0, 27))).toEqual(
        new Set(Array.from({ length: 27 }, (_, k) => k + 1)),
      );
      expect(column.missing[27]).toBe(0);
    }
  });
});

describe("peer reads our output (pandas)", () => {
  const cases: [string, () => Table, Parameters<typeof writeDta>[1], string][] = [
    ["ours-118.dta", oursBasic, {}, "ours-118.dta"],
    ["ours-119.dta", ours119, { version: 119 }, "ours-119.dta"],
    ["inspect/sample.dta", samplePanel, {}, "../inspect/sample.dta"],
  ];
  for (const [name, build, options, path] of cases) {
    it(`writeDta(${name.replace(".dta", "")} table) is the file pandas read, and pandas read the input table`, () => {
      const bytes = writeDta(build(), options);
      expect(
        Buffer.from(bytes).equals(Buffer.from(fixture(path))),
        "writeDta output differs from the committed file: run generate.py",
      ).toBe(true);
      const view = oursPandas.files[name]!;
      // Renamed columns (省份 → v9, "GDP growth (%)" → GDP_growth) keep the original name as label when they have none.
      const input = build();
      const columns = input.columns.map((c, j): Column => {
        const written = view.columns[j]!.name;
        const label = c.meta.label ?? (written !== c.name ? c.name : undefined);
        return { ...c, name: written, meta: { ...c.meta, ...(label !== undefined ? { label } : {}) } };
      });
      const withLabels: Table = { ...input, columns };
      expectMatchesPandas(withLabels, view, false);
    });
  }

  it("writeDta picks the storage pandas reports for ours-118.dta", () => {
    expect(oursPandas.files["ours-118.dta"]!.columns.map((c) => c.stata_type)).toEqual([
      "b",
      "h",
      "l",
      "f",
      "d",
      "d",
      10,
      "Q",
      6,
      "d",
    ]);
  });
});

// Round trip: arbitrary tables survive writeDta → readDta.

const INT_EDGES = [
  0, -0, 1, -1, -127, 100, 101, -128, -32767, 32740, 32741, -32768, -2147483647, 2147483620, 2147483621,
  -2147483648,
];
const DOUBLE_EDGES = [
  -1.7976931348623157e308,
  8.988465674311579e307,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.7014117331926443e38,
  -1.7014117331926443e38,
  0.1,
  1 / 3,
];

const numberCell = fc.oneof(
  fc.integer({ min: 1, max: 27 }).map((mask) => ({ value: Number.NaN, mask })),
  fc.constantFrom(...INT_EDGES, ...DOUBLE_EDGES).map((value) => ({ value, mask: 0 })),
  fc.integer({ min: -2147483647, max: 2147483620 }).map((value) => ({ value, mask: 0 })),
  fc
    .float({ noNaN: true, noDefaultInfinity: true, min: -1.7014117331926443e38, max: 1.7014117331926443e38 })
    .map((value) => ({ value, mask: 0 })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, max: 8.988465674311579e307 })
    .map((value) => ({ value, mask: 0 })),
);

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom(
    "北京市",
    "新质生产力",
    "emoji 😀👍🏽",
    "Zürich",
    "a\u0000b",
    " lead and trail ",
    "长".repeat(700),
    "x".repeat(2045),
    "x".repeat(2046),
  ),
  fc.string({ unit: "grapheme-composite", minLength: 2046, maxLength: 2100 }),
);
const stringCell = fc.oneof(fc.constant(null), fc.constant(""), text);

const labelText = fc
  .string({ unit: "binary", minLength: 1, maxLength: 80 })
  .filter((s) => !s.includes("\u0000"));

function columnArb(n: number, j: number): fc.Arbitrary<Column> {
  const name = `c${j}`;
  const numeric = fc
    .record({
      cells: fc.array(numberCell, { minLength: n, maxLength: n }),
      storage: fc.option(fc.constantFrom<NumericStorage>("byte", "int", "long", "float", "double"), {
        nil: undefined,
      }),
      label: fc.option(labelText, { nil: undefined }),
      valueLabels: fc.option(
        fc.array(fc.tuple(fc.integer({ min: -2147483647, max: 2147483620 }), labelText), {
          minLength: 1,
          maxLength: 4,
        }),
        { nil: undefined },
      ),
    })
    .map(({ cells, storage, label, valueLabels }) =>
      numberColumn(
        name,
        cells.map((c) => c.value),
        {
          ...(storage !== undefined ? { storage } : {}),
          ...(label !== undefined ? { label } : {}),
          ...(valueLabels !== undefined
            ? { valueLabels: { name: `lbl${j}`, labels: new Map(valueLabels) } }
            : {}),
        },
        Uint8Array.from(cells.map((c) => c.mask)),
      ),
    );
  const strings = fc
    .record({
      values: fc.array(stringCell, { minLength: n, maxLength: n }),
      label: fc.option(labelText, { nil: undefined }),
    })
    .map(({ values, label }) => stringColumn(name, values, label !== undefined ? { label } : {}));
  return fc.oneof(numeric, strings);
}

const tableArb = fc
  .record({ n: fc.integer({ min: 0, max: 8 }), k: fc.integer({ min: 0, max: 6 }) })
  .chain(({ n, k }) =>
    fc.record({
      columns: fc.tuple(...Array.from({ length: k }, (_, j) => columnArb(n, j))),
      label: fc.option(labelText, { nil: undefined }),
    }),
  )
  .map(({ columns, label }) => table(columns, label !== undefined ? { label } : {}));

function expectSameTable(actual: Table, input: Table): void {
  expect(actual.rowCount).toBe(input.rowCount);
  expect(actual.meta.label).toBe(input.meta.label);
  expect(actual.columns.map((c) => c.name)).toEqual(input.columns.map((c) => c.name));
  input.columns.forEach((want, j) => {
    const got = actual.columns[j]!;
    expect(got.type).toBe(want.type);
    expect(got.meta.label).toBe(want.meta.label);
    if (want.type === "string") {
      expect(got.values).toEqual(want.values.map((v) => (v === "" ? null : v)));
      return;
    }
    if (got.type !== "number") return;
    expect(got.missing).toEqual(want.missing);
    for (let i = 0; i < want.values.length; i++) {
      if (want.missing[i] === 0)
        expect(
          Object.is(got.values[i], want.values[i]),
          `${want.name}[${i}]: ${got.values[i]} vs ${want.values[i]}`,
        ).toBe(true);
    }
    if (want.meta.valueLabels === undefined) expect(got.meta.valueLabels).toBeUndefined();
    else {
      expect(got.meta.valueLabels?.name).toBe(want.meta.valueLabels.name);
      expect(new Map([...(got.meta.valueLabels?.labels ?? [])].sort((a, b) => a[0] - b[0]))).toEqual(
        new Map([...want.meta.valueLabels.labels].sort((a, b) => a[0] - b[0])),
      );
    }
  });
}

describe("round trip", () => {
  it("doc examples: readDta(writeDta(table([numberColumn('x', [1, 2])])))", () => {
    const result = readDta(writeDta(table([numberColumn("x", [1, 2])])));
    expect(result.table.columns[0]!.values).toEqual(Float64Array.from([1, 2]));
    expect(result.table.columns[0]!.meta.storage).toBe("byte");
  });

  propTest.prop([tableArb, fc.constantFrom<118 | 119>(118, 119)])(
    "readDta(writeDta(t)) gives t back: values, masks, labels",
    (t, version) => {
      const result = readDta(writeDta(t, { version }));
      expect(result.version).toBe(version);
      expect(result.byteOrder).toBe("LSF");
      expectSameTable(result.table, t);
    },
  );

  propTest.prop([fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { minLength: 1, maxLength: 8 })])(
    "writeDta makes valid unique names from any column names",
    (rawNames) => {
      const names = [...new Set(rawNames)];
      const t = table(names.map((name) => numberColumn(name, [1])));
      const back = readDta(writeDta(t)).table;
      const written = back.columns.map((c) => c.name);
      expect(new Set(written).size).toBe(names.length);
      back.columns.forEach((c, j) => {
        expect(c.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/);
        const original = names[j]!;
        if (c.name !== original)
          expect(c.meta.label).toBe(original === "" ? undefined : Array.from(original).slice(0, 80).join(""));
      });
    },
  );

  it("writeDta keeps valid names and renames Chinese, spaced, reserved and long names", () => {
    const long = "a_very_long_variable_name_that_exceeds_32";
    const t = table([
      numberColumn("省份", [1]),
      numberColumn("a b", [1]),
      numberColumn("a-b", [1], { label: "kept" }),
      numberColumn("a_b", [1]),
      numberColumn("if", [1]),
      numberColumn("2020", [1]),
      numberColumn(long, [1]),
    ]);
    const back = readDta(writeDta(t)).table;
    expect(back.columns.map((c) => c.name)).toEqual([
      "v1",
      "a_b_2",
      "a_b_3",
      "a_b",
      "if_",
      "v2020",
      long.slice(0, 32),
    ]);
    expect(back.columns.map((c) => c.meta.label)).toEqual([
      "省份",
      "a b",
      "kept",
      undefined,
      "if",
      "2020",
      long,
    ]);
  });

  it("writeDta chooses the narrowest exact storage, honouring meta.storage when it fits", () => {
    const t = table([
      numberColumn("small", [-127]),
      numberColumn("mid", [1000]),
      numberColumn("big", [1e6]),
      numberColumn("frac", [0.5]),
      numberColumn("negzero", [-0]),
      numberColumn("hintfloat", [1.25], { storage: "float" }),
      numberColumn("hintfloat_inexact", [0.1], { storage: "float" }),
      numberColumn("hintbyte_big", [1000], { storage: "byte" }),
      numberColumn("hintdouble", [1], { storage: "double" }),
      numberColumn("allmissing", [Number.NaN]),
    ]);
    const storages = readDta(writeDta(t)).table.columns.map((c) => c.meta.storage);
    expect(storages).toEqual([
      "byte",
      "int",
      "long",
      "double",
      "double",
      "float",
      "double",
      "int",
      "double",
      "byte",
    ]);
  });

  it("writeDta is deterministic and writes the requested time stamp", () => {
    const t = oursBasic();
    expect(Buffer.from(writeDta(t)).equals(Buffer.from(writeDta(oursBasic())))).toBe(true);
    expect(readDta(writeDta(t)).timestamp).toBe("01 Jan 1970 00:00");
    expect(readDta(writeDta(t, { timestamp: new Date(Date.UTC(2024, 4, 6, 7, 8)) })).timestamp).toBe(
      "06 May 2024 07:08",
    );
    expect(readDta(writeDta(t, { dataLabel: "x".repeat(100) })).table.meta.label).toBe("x".repeat(80));
  });

  it("writeDta shares one label set between columns and renames a clashing one", () => {
    const yes = { name: "yesno", labels: new Map([[1, "yes"]]) };
    const t = table([
      numberColumn("a", [1], { valueLabels: yes }),
      numberColumn("b", [1], { valueLabels: { name: "yesno", labels: new Map([[1, "yes"]]) } }),
      numberColumn("c", [1], { valueLabels: { name: "yesno", labels: new Map([[1, "是"]]) } }),
      numberColumn("d", [1], { valueLabels: { name: "地区", labels: new Map([[1, "东部"]]) } }),
    ]);
    const names = readDta(writeDta(t)).table.columns.map((c) => c.meta.valueLabels?.name);
    expect(names).toEqual(["yesno", "yesno", "yesno_2", "lbl4"]);
  });

  it("readDta decodes Windows-1252 bytes 0x80..0x9f in a format 117 file", () => {
    const bytes = fixture("ref-117.dta");
    const patched = Uint8Array.from(bytes);
    const at = Buffer.from(bytes).indexOf("plain", Buffer.from(bytes).indexOf("<data>"));
    patched.set([0x80, 0x93, 0x94, 0x9f], at);
    const column = readDta(patched).table.columns.find((c) => c.name === "text")!;
    expect(column.values[4]).toBe("€“”Ÿn");
  });
});

describe("errors", () => {
  it("readDta of every truncation of a file gives truncated_file naming the file and the section", () => {
    const bytes = fixture("ours-119.dta");
    for (let cut = 1; cut < bytes.length; cut++) {
      const issues = issuesOf(() => readDta(bytes.subarray(0, cut), { file: "cut.dta" }));
      expect(issues[0]!.code, `cut at ${cut}`).toBe("truncated_file");
      expect(issues[0]!.file).toBe("cut.dta");
      expect(issues[0]!.message, `cut at ${cut}`).toMatch(/section <\w+>/);
    }
  });

  it("readDta of a truncated format 114 file gives truncated_file, or the same data when only value labels are cut", () => {
    const bytes = fixture("ref-114.dta");
    const full = readDta(bytes).table;
    // From 2 bytes on: a lone first byte cannot be told apart from any other file.
    for (let cut = 2; cut < bytes.length; cut++) {
      let result: Table;
      try {
        result = readDta(bytes.subarray(0, cut), { file: "cut.dta" }).table;
      } catch (error) {
        expect(isNqpfInputError(error) && error.issues[0]!.code, `cut at ${cut}`).toBe("truncated_file");
        continue;
      }
      expect(
        result.columns.map((c) => c.values),
        `cut at ${cut}`,
      ).toEqual(full.columns.map((c) => c.values));
    }
  });

  it("readDta of an empty file gives empty_file", () => {
    expect(issuesOf(() => readDta(new Uint8Array(0), { file: "e.dta" }))[0]).toMatchObject({
      code: "empty_file",
      file: "e.dta",
    });
  });

  it("readDta of garbage or other formats gives unsupported_format", () => {
    const garbage = new TextEncoder().encode("id,gdp\n1,2\n");
    expect(issuesOf(() => readDta(garbage, { file: "x.csv" }))[0]).toMatchObject({
      code: "unsupported_format",
      file: "x.csv",
    });
    const old = Uint8Array.from([113, 2, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(issuesOf(() => readDta(old, { file: "old.dta" }))[0]).toMatchObject({
      code: "unsupported_format",
      file: "old.dta",
    });
    const newer = Uint8Array.from(fixture("ref-118.dta"));
    newer.set(new TextEncoder().encode("121"), "<stata_dta><header><release>".length);
    const issue = issuesOf(() => readDta(newer, { file: "new.dta" }))[0]!;
    expect(issue).toMatchObject({ code: "unsupported_format", file: "new.dta" });
    expect(issue.message).toContain("121");
  });

  it("readDta of a damaged tag names the section", () => {
    const bytes = Uint8Array.from(fixture("ref-118.dta"));
    const at = Buffer.from(bytes).indexOf("<formats>");
    bytes[at + 1] = 0x58;
    const issue = issuesOf(() => readDta(bytes, { file: "d.dta" }))[0]!;
    expect(issue).toMatchObject({ code: "corrupt_file", file: "d.dta" });
    expect(issue.message).toContain("<formats>");
  });

  propTest.prop([fc.uint8Array({ maxLength: 200 })])(
    "readDta of random bytes throws only NqpfInputError",
    (bytes) => {
      expect(() => readDta(bytes)).toThrow(NqpfInputError);
    },
  );

  propTest.prop([fc.integer({ min: 0, max: 6290 }), fc.integer({ min: 0, max: 255 })])(
    "readDta of a file with one byte changed reads or throws NqpfInputError",
    (at, value) => {
      const bytes = Uint8Array.from(fixture("ref-119.dta"));
      bytes[at % bytes.length] = value;
      try {
        readDta(bytes);
      } catch (error) {
        expect(isNqpfInputError(error), String(error)).toBe(true);
      }
    },
  );

  it("writeDta reports every value Stata cannot store in one pass", () => {
    const t = table([
      numberColumn("gdp", [1, Number.POSITIVE_INFINITY, 2 ** 1023, Number.NEGATIVE_INFINITY]),
      stringColumn("name", ["ok", "bad \uD800", "", null]),
      numberColumn("code", [1, 2, 3, 4], { valueLabels: { name: "c", labels: new Map([[1.5, "half"]]) } }),
    ]);
    const issues = issuesOf(() => writeDta(t, { file: "out.dta" }));
    expect(issues.map((i) => [i.code, i.column, i.row])).toEqual([
      ["bad_value", "gdp", 3],
      ["bad_value", "gdp", 4],
      ["bad_value", "gdp", 5],
      ["bad_value", "name", 3],
      ["bad_value", "code", undefined],
    ]);
    expect(issues[0]!.file).toBe("out.dta");
    expect(issues[0]!.hint).toMatch(/infinity/);
  });

  it("writeDta rejects misuse with RangeError naming the function", () => {
    const t = table([numberColumn("x", [1])]);
    expect(() => writeDta(t, { version: 117 as 118 })).toThrow(/^writeDta: version/);
    expect(() => writeDta(t, { timestamp: new Date(Number.NaN) })).toThrow(/^writeDta: timestamp/);
    expect(() => writeDta(table([numberColumn("x", [1], {}, Uint8Array.from([28]))]))).toThrow(
      /^writeDta: column "x"/,
    );
  });
});
