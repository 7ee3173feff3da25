import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test as propTest, fc } from "@fast-check/vitest";
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { XLSX_META_SHEET, readXlsx, writeXlsx } from "../../src/io/xlsx.js";
import { fixZipDates } from "../../src/io/zip.js";
import {
  MISSING,
  MISSING_A,
  cell,
  getColumn,
  numberColumn,
  stringColumn,
  table,
  type Column,
  type ColumnMeta,
  type NumberColumn,
  type NumericStorage,
  type Table,
  type TableMeta,
} from "../../src/table/table.js";
import { issuesOfAsync } from "../issues.js";

const XLSX_DIR = fileURLToPath(new URL("../fixtures/xlsx/", import.meta.url));
const INSPECT_DIR = fileURLToPath(new URL("../fixtures/inspect/", import.meta.url));
/** Each XLSX round trip zips and unzips a workbook, so properties run fewer cases than the global 100. */
const XLSX_RUNS = 25;

async function workbookBytes(build: (wb: ExcelJS.Workbook) => unknown): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Plain per-cell view of a column: numbers, strings, null for missing, {missing: code} for extended missing. */
function cellsOf(column: Column): unknown[] {
  if (column.type === "string") return [...column.values];
  return Array.from(column.values, (v, i) => {
    const code = column.missing[i]!;
    if (code === 0) return v;
    return code === MISSING ? null : { missing: code };
  });
}

interface ExpectedColumn {
  readonly name: string;
  readonly type: "number" | "string";
  readonly values: readonly (number | string | null)[];
  readonly missing?: readonly number[];
}

describe("doc comment examples", () => {
  it("readXlsx and writeXlsx examples", async () => {
    const panelFile = fileURLToPath(new URL("../fixtures/inspect/panel.xlsx", import.meta.url));
    expect((await readXlsx(panelFile)).table.columns.map((c) => c.name)).toEqual([
      "adcode",
      "province",
      "year",
      "gdp",
    ]);
    const bytes = await writeXlsx([table([numberColumn("x", [1])])], { sheetNames: ["panel"] });
    expect((await readXlsx(bytes)).sheet).toBe("panel");
  });
});

describe("reference values", () => {
  const expected = JSON.parse(readFileSync(`${XLSX_DIR}openpyxl-panel.expected.json`, "utf8")) as {
    sheets: { sheet: string; columns: ExpectedColumn[] }[];
  };
  const bytes = readFileSync(`${XLSX_DIR}openpyxl-panel.xlsx`);

  for (const [index, sheet] of expected.sheets.entries()) {
    it(`readXlsx(openpyxl-panel.xlsx, {sheet: ${index + 1}}) matches the values openpyxl wrote in "${sheet.sheet}"`, async () => {
      const result = await readXlsx(bytes, { sheet: index + 1 });
      expect(result.sheet).toBe(sheet.sheet);
      expect(result.sheets).toEqual(expected.sheets.map((s) => s.sheet));
      expect(result.table.columns.map((c) => c.name)).toEqual(sheet.columns.map((c) => c.name));
      for (const want of sheet.columns) {
        const column = getColumn(result.table, want.name);
        expect(column.type, want.name).toBe(want.type);
        if (column.type === "number") {
          expect(Array.from(column.missing), want.name).toEqual(want.missing);
          want.values.forEach((v, i) => {
            if (want.missing![i] === 0) expect(column.values[i], `${want.name}[${i}]`).toBe(v);
          });
        } else expect(column.values, want.name).toEqual(want.values);
      }
    });
  }

  it("readXlsx(openpyxl-panel.xlsx) reads the first sheet by default and by name", async () => {
    const byDefault = await readXlsx(bytes);
    const byName = await readXlsx(bytes, { sheet: "indicators" });
    expect(byDefault.sheet).toBe("省级面板");
    expect(byDefault.table.meta).toEqual({ name: "省级面板" });
    expect(byName.table.rowCount).toBe(7);
  });

  it("readXlsx(openpyxl-formula.xlsx) reports formulas without a stored result and #DIV/0!", async () => {
    const issues = await issuesOfAsync(readXlsx(`${XLSX_DIR}openpyxl-formula.xlsx`));
    expect(issues.map((i) => [i.code, i.sheet, i.row, i.column])).toEqual([
      ["bad_value", "calc", 2, "sum"],
      ["bad_value", "calc", 3, "sum"],
      ["bad_value", "calc", 4, "sum"],
    ]);
    expect(issues[0]!.file).toBe(`${XLSX_DIR}openpyxl-formula.xlsx`);
  });

  describe("nqpf-written.xlsx (writeXlsx output) as openpyxl read it", () => {
    const spec = JSON.parse(readFileSync(`${XLSX_DIR}nqpf-table.json`, "utf8")) as {
      tables: { meta: TableMeta; columns: (ExpectedColumn & { meta?: Record<string, unknown> })[] }[];
    };
    const seen = JSON.parse(readFileSync(`${XLSX_DIR}nqpf-written.openpyxl.json`, "utf8")) as {
      sheets: {
        sheet: string;
        state: string;
        freeze: string | null;
        headerBold: boolean[];
        rows: unknown[][];
      }[];
    };
    const written = readFileSync(`${XLSX_DIR}nqpf-written.xlsx`);

    it("openpyxl sees the data sheets with a bold, frozen header and a hidden metadata sheet", () => {
      expect(seen.sheets.map((s) => [s.sheet, s.state])).toEqual([
        ["省级面板", "visible"],
        ["codes_2020", "visible"],
        [XLSX_META_SHEET, "hidden"],
      ]);
      for (const s of seen.sheets.slice(0, 2)) {
        expect(s.freeze).toBe("A2");
        expect(s.headerBold.every(Boolean)).toBe(true);
      }
    });

    it("openpyxl's cell values are the source table's values at full precision", () => {
      spec.tables.forEach((t, k) => {
        const rows = seen.sheets[k]!.rows;
        expect(rows[0]).toEqual(t.columns.map((c) => c.name));
        t.columns.forEach((c, j) => {
          c.values.forEach((v, i) => {
            const code = c.missing?.[i] ?? (v === null ? MISSING : 0);
            const want = code >= MISSING_A ? `.${String.fromCharCode(97 + code - MISSING_A)}` : v;
            expect(rows[i + 1]![j], `${c.name}[${i}]`).toEqual(want);
          });
        });
      });
    });

    it("readXlsx agrees with openpyxl on every cell and restores the metadata", async () => {
      for (const [k, t] of spec.tables.entries()) {
        const result = await readXlsx(written, { sheet: k + 1 });
        expect(result.table.meta).toEqual(t.meta);
        const rows = seen.sheets[k]!.rows;
        result.table.columns.forEach((column, j) => {
          for (let i = 0; i < result.table.rowCount; i++) {
            const openpyxlValue = rows[i + 1]![j];
            const code = column.type === "number" ? column.missing[i]! : 0;
            if (code >= MISSING_A)
              expect(openpyxlValue).toBe(`.${String.fromCharCode(97 + code - MISSING_A)}`);
            else expect(cell(column, i), `${column.name}[${i}]`).toEqual(openpyxlValue);
          }
        });
        const region = result.table.columns.find((c) => c.name === "region");
        if (region) expect(region.meta.valueLabels?.labels.get(2)).toBe("中部");
      }
    });
  });

  it("readXlsx(inspect/panel.xlsx) reads the province panel with one missing gdp", async () => {
    const { table: t } = await readXlsx(`${INSPECT_DIR}panel.xlsx`);
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ["adcode", "number"],
      ["province", "string"],
      ["year", "number"],
      ["gdp", "number"],
    ]);
    expect(t.rowCount).toBe(12);
    const gdp = getColumn(t, "gdp") as NumberColumn;
    expect(Array.from(gdp.missing)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(getColumn(t, "province").values[3]).toBe("上海");
  });

  it("readXlsx(inspect/bad-number.xlsx) reports the text cell in the numeric column", async () => {
    const file = `${INSPECT_DIR}bad-number.xlsx`;
    const issues = await issuesOfAsync(readXlsx(file));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "not_a_number", file, sheet: "panel", row: 7, column: "gdp" });
    expect(issues[0]!.message).toContain("n/a?");
  });
});

// ---------------------------------------------------------------------------------------------

const EXTREMES = [
  1.7976931348623157e308,
  -1.7976931348623157e308,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  0,
  1,
  -1,
  2 ** 53,
  0.1,
  1e21,
  1e-7,
];

const numberCell = fc.oneof(
  { weight: 4, arbitrary: fc.double({ noNaN: true }).map((v) => ({ v, code: 0 })) },
  { weight: 2, arbitrary: fc.constantFrom(...EXTREMES).map((v) => ({ v, code: 0 })) },
  { weight: 2, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => ({ v, code: 0 })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: MISSING, max: MISSING_A + 25 }).map((code) => ({ v: Number.NaN, code })),
  },
);

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom(
    "北京",
    "上海市",
    'say "hi"',
    "it's",
    "a\nb",
    "a\r\nb",
    "\t x ",
    "_x0041_",
    "_x005f_",
    "=SUM(A1)",
    ".a",
    ".",
    "12",
    "",
    "  ",
    "\u0001\u007f\ufffe",
    "lone \ud800 surrogate",
    "\udc00",
  ),
);

const columnName = fc
  .stringMatching(/^[A-Za-z\u4e00-\u9fa5_][A-Za-z0-9\u4e00-\u9fa5_ .-]{0,10}$/)
  .filter((s) => s.trim() === s);

const columnMeta: fc.Arbitrary<ColumnMeta> = fc.record(
  {
    label: text,
    labelZh: fc.constantFrom("国内生产总值", "人口"),
    labelEn: text,
    unit: fc.constantFrom("亿元", "%", "10k persons"),
    source: text,
    format: fc.constantFrom("%9.0g", "%12.2f", "%-20s"),
    storage: fc.constantFrom<NumericStorage>("byte", "int", "long", "float", "double"),
    valueLabels: fc
      .record({
        name: columnName,
        labels: fc.array(fc.tuple(fc.integer({ min: -5, max: 100 }), text), { maxLength: 4 }),
      })
      .map(({ name, labels }) => ({ name, labels: new Map(labels) })),
  },
  { requiredKeys: [] },
);

const tableMeta: fc.Arbitrary<TableMeta> = fc.record(
  {
    name: text,
    title: text,
    label: text,
    method: fc.constantFrom("entropy", "dea-vrs"),
    parameters: fc.dictionary(
      columnName,
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v + 0),
        text,
        fc.boolean(),
        fc.array(fc.integer(), { maxLength: 3 }),
      ),
    ),
    reference: text,
    source: text,
    notes: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const anyTable: fc.Arbitrary<Table> = fc
  .record({
    names: fc.uniqueArray(columnName, { minLength: 1, maxLength: 4, selector: (s) => s }),
    rows: fc.integer({ min: 0, max: 6 }),
    meta: tableMeta,
  })
  .chain(({ names, rows, meta }) =>
    fc
      .tuple(
        ...names.map((name) =>
          fc.oneof(
            fc
              .tuple(fc.array(numberCell, { minLength: rows, maxLength: rows }), columnMeta)
              .map(([cells, m]) =>
                numberColumn(
                  name,
                  cells.map((c) => c.v),
                  m,
                  Uint8Array.from(cells.map((c) => c.code)),
                ),
              ),
            fc
              .tuple(
                fc.array(fc.option(text, { nil: null }), { minLength: rows, maxLength: rows }),
                columnMeta,
              )
              .map(([values, m]) => stringColumn(name, values, m)),
          ),
        ),
      )
      .map((columns) => table(columns, meta)),
  );

/** What a table becomes after an XLSX round trip: -0 is written as 0 and an empty string is a missing cell. */
function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.meta).toEqual(expected.meta);
  expect(actual.columns.map((c) => [c.name, c.type])).toEqual(expected.columns.map((c) => [c.name, c.type]));
  expected.columns.forEach((want, j) => {
    const got = actual.columns[j]!;
    expect(got.meta, want.name).toEqual(want.meta);
    if (want.type === "string") {
      expect(got.values).toEqual(want.values.map((v) => (v === "" ? null : v)));
    } else if (got.type === "number") {
      expect(Array.from(got.missing), want.name).toEqual(Array.from(want.missing));
      want.values.forEach((v, i) => {
        if (want.missing[i] === 0)
          expect(got.values[i] === v, `${want.name}[${i}]: ${got.values[i]} vs ${v}`).toBe(true);
      });
    }
  });
}

describe("properties", () => {
  propTest.prop([anyTable], { numRuns: XLSX_RUNS })(
    "readXlsx(writeXlsx([t])) restores values, missing codes, strings and all metadata",
    async (t) => {
      const result = await readXlsx(await writeXlsx([t]));
      expectSameTable(result.table, t);
    },
  );

  propTest.prop([fc.array(anyTable, { minLength: 2, maxLength: 3 })], { numRuns: 10 })(
    "writeXlsx(tables) puts each table on its own sheet and every sheet reads back",
    async (tables) => {
      const bytes = await writeXlsx(tables);
      const first = await readXlsx(bytes);
      expect(first.sheets).toHaveLength(tables.length);
      expect(new Set(first.sheets.map((s) => s.toLowerCase())).size).toBe(tables.length);
      for (const [k, t] of tables.entries()) {
        const result = await readXlsx(bytes, { sheet: k + 1 });
        expect(result.sheet).toBe(first.sheets[k]);
        expect(result.sheet.length).toBeLessThanOrEqual(31);
        expect(result.sheet).not.toMatch(/[[\]:*?/\\]/);
        expectSameTable(result.table, t);
      }
    },
  );

  const plainText = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 8 })
    .filter(
      (s) =>
        s.trim() !== "" &&
        Number.isNaN(Number(s)) &&
        !/^\.[a-z]?$/.test(s.trim()) &&
        !/^[+-]?inf/i.test(s.trim()),
    );
  const pairs = fc.array(fc.tuple(fc.double({ noNaN: true }), plainText), { minLength: 1, maxLength: 20 });

  propTest.prop([pairs], { numRuns: XLSX_RUNS })(
    "without the metadata sheet, numbers stay numeric and text stays text",
    async (rows) => {
      const numbers = rows.map(([v]) => v);
      const t = table([
        numberColumn("x", numbers),
        stringColumn(
          "s",
          rows.map(([, s]) => s),
        ),
      ]);
      const result = await readXlsx(await writeXlsx([t], { meta: false }));
      const x = getColumn(result.table, "x");
      expect(x.type).toBe("number");
      numbers.forEach((v, i) => {
        expect(cell(x, i) === v).toBe(true);
      });
      expect(getColumn(result.table, "s").values).toEqual(rows.map(([, s]) => s));
      expect(result.table.meta).toEqual({ name: "Sheet1" });
    },
  );
});

// ---------------------------------------------------------------------------------------------

describe("edges and errors", () => {
  const small = table(
    [
      numberColumn("adcode", [110000, 310000]),
      stringColumn("province", ["北京", "上海"], { labelEn: "province" }),
      numberColumn("gdp", [36102.6, Number.NaN], { label: "GDP", unit: "亿元" }),
    ],
    { name: "panel", title: "GDP", notes: ["n1"] },
  );

  it("writeXlsx gives byte-identical output whatever the clock says", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(2003, 4, 5, 6, 7, 8));
      const a = await writeXlsx([small]);
      vi.setSystemTime(new Date(2031, 10, 11, 12, 13, 14));
      const b = await writeXlsx([small]);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fixZipDates sets every entry time to the DOS epoch (as an unzip tool lists it)", async () => {
    const raw = await workbookBytes((wb) => wb.addWorksheet("a").addRow([1]));
    const fixed = fixZipDates(raw);
    const zip = await (await import("jszip")).default.loadAsync(fixed);
    const dates = Object.values(zip.files).map((f) => f.date.getTime());
    // JSZip decodes DOS times as UTC; 1980-01-01 00:00 is the DOS epoch.
    expect(new Set(dates)).toEqual(new Set([Date.UTC(1980, 0, 1)]));
    expect(() => fixZipDates(new Uint8Array([1, 2, 3]))).toThrow(RangeError);
  });

  it("writeXlsx makes sheet names valid and unique", async () => {
    const bytes = await writeXlsx([small, small, small, small], {
      sheetNames: ["a/b:c*d?[e]\\f", "A/B:C*D?[E]\\F", "'quoted'", "x".repeat(40)],
    });
    const { sheets } = await readXlsx(bytes);
    expect(sheets).toEqual(["a_b_c_d__e__f", "A_B_C_D__E__F_2", "quoted", "x".repeat(31)]);
    const named = await readXlsx(await writeXlsx([{ ...small, meta: { name: XLSX_META_SHEET } }]));
    expect(named.sheets).toEqual([`${XLSX_META_SHEET}_2`]);
    expect(named.table.meta.name).toBe(XLSX_META_SHEET);
  });

  it("writeXlsx replaces characters XML cannot hold in sheet names (found by the round-trip property)", async () => {
    const t = table([stringColumn("A", [])], { name: "\u0001\ufffe" });
    const back = await readXlsx(await writeXlsx([t, { ...t, meta: { name: "x\ud800" } }]));
    expect(back.sheets).toEqual(["__", "x_"]);
    expect(back.table.meta).toEqual({ name: "\u0001\ufffe" });
  });

  it("readXlsx keeps blank rows inside the data and stored trailing all-missing rows", async () => {
    const t = table([numberColumn("x", [1, Number.NaN, 3, Number.NaN, Number.NaN])]);
    const back = await readXlsx(await writeXlsx([t]));
    expect(back.table.rowCount).toBe(5);
    const edited = await workbookBytes(async (wb) => {
      await wb.xlsx.load(Uint8Array.from(await writeXlsx([t])).buffer);
      wb.getWorksheet(1)!.spliceRows(2, 1);
    });
    // Rows deleted in a spreadsheet program: the stored row count no longer applies.
    expect((await readXlsx(edited)).table.rowCount).toBe(2);
    const noMeta = await readXlsx(await writeXlsx([t], { meta: false }));
    expect(noMeta.table.rowCount).toBe(3);
    expect(Array.from((noMeta.table.columns[0] as NumberColumn).missing)).toEqual([0, 1, 0]);
  });

  it("readXlsx(..., {sheet}) reports an unknown sheet name or number with the sheets in the hint", async () => {
    const bytes = await writeXlsx([small]);
    const byName = await issuesOfAsync(readXlsx(bytes, { sheet: "nope", file: "p.xlsx" }));
    expect(byName[0]).toMatchObject({ code: "unknown_sheet", file: "p.xlsx", sheet: "nope" });
    expect(byName[0]!.hint).toContain('"panel"');
    expect((await issuesOfAsync(readXlsx(bytes, { sheet: 2 })))[0]!.code).toBe("unknown_sheet");
    expect((await readXlsx(bytes, { sheet: "PANEL" })).sheet).toBe("panel");
  });

  it("readXlsx reports an empty sheet as empty_file", async () => {
    const bytes = await workbookBytes((wb) => wb.addWorksheet("blank"));
    const issues = await issuesOfAsync(readXlsx(bytes, { file: "e.xlsx" }));
    expect(issues[0]).toMatchObject({ code: "empty_file", file: "e.xlsx", sheet: "blank" });
    expect((await issuesOfAsync(readXlsx(new Uint8Array(0))))[0]!.code).toBe("empty_file");
  });

  it("readXlsx reports an unnamed column with data and duplicate names, all in one pass", async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet("s");
      ws.addRow(["a", null, "a", "b", "b"]);
      ws.addRow([1, 2, 3, 4, 5]);
    });
    const issues = await issuesOfAsync(readXlsx(bytes));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["bad_header", 1, "B"],
      ["duplicate_column", 1, "a"],
      ["duplicate_column", 1, "b"],
    ]);
  });

  it("readXlsx reports text in a mostly numeric column with Excel row numbers, and reads a mixed column as text", async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet("s");
      ws.addRow(["x", "mixed", "codes"]);
      for (let i = 0; i < 12; i++) ws.addRow([i === 4 ? "n/a?" : i, i < 2 ? i : "t", i === 0 ? ".z" : i]);
    });
    const issues = await issuesOfAsync(readXlsx(bytes));
    expect(issues.map((i) => [i.code, i.sheet, i.row, i.column])).toEqual([["not_a_number", "s", 6, "x"]]);
    const asText = await readXlsx(bytes, { types: { x: "string" } });
    expect(getColumn(asText.table, "x").values[4]).toBe("n/a?");
    expect(getColumn(asText.table, "x").values[5]).toBe("5");
    expect(getColumn(asText.table, "mixed").type).toBe("string");
    const codes = getColumn(asText.table, "codes") as NumberColumn;
    expect(codes.missing[0]).toBe(MISSING_A + 25);
  });

  it("readXlsx concatenates rich text, takes hyperlink text and cached formula results, and maps booleans and #N/A", async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet("s");
      ws.addRow(["t", "n"]);
      ws.addRow([
        { richText: [{ text: "北" }, { text: "京", font: { bold: true } }] },
        { formula: "1+1", result: 2 },
      ]);
      ws.addRow([{ text: "link", hyperlink: "https://example.org" }, true]);
      ws.addRow([{ formula: 'CONCAT("a","b")', result: "ab" }, { error: "#N/A" }]);
      ws.addRow([new Date(Date.UTC(2020, 0, 15)), false]);
    });
    const { table: t } = await readXlsx(bytes);
    expect(getColumn(t, "t").values).toEqual(["北京", "link", "ab", "2020-01-15"]);
    expect(cellsOf(getColumn(t, "n"))).toEqual([2, 1, null, 0]);
  });

  it("readXlsx({headerRow}) skips title rows above the header", async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet("s");
      ws.addRow(["A title"]);
      ws.addRow([]);
      ws.addRow(["x", "y"]);
      ws.addRow([1, "a"]);
    });
    const { table: t } = await readXlsx(bytes, { headerRow: 3 });
    expect(t.columns.map((c) => c.name)).toEqual(["x", "y"]);
    expect(t.rowCount).toBe(1);
    const issues = await issuesOfAsync(
      readXlsx(bytes, { headerRow: 3, types: { y: "number", z: "string" } }),
    );
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["missing_column", 3, "z"],
      ["not_a_number", 4, "y"],
    ]);
  });

  it("readXlsx reads the first visible sheet by default", async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet("hidden", { state: "hidden" }).addRow(["h"]);
      const ws = wb.addWorksheet("shown");
      ws.addRow(["v"]);
      ws.addRow([1]);
    });
    const result = await readXlsx(bytes);
    expect(result.sheet).toBe("shown");
    expect(result.sheets).toEqual(["hidden", "shown"]);
  });

  it("readXlsx reports files that are not workbooks, cut off or missing", async () => {
    const good = await writeXlsx([small]);
    expect(
      (await issuesOfAsync(readXlsx(new TextEncoder().encode("a,b\n1,2\n"), { file: "x.csv" })))[0],
    ).toMatchObject({
      code: "unsupported_format",
      file: "x.csv",
    });
    expect((await issuesOfAsync(readXlsx(good.slice(0, Math.floor(good.length / 2)))))[0]!.code).toBe(
      "truncated_file",
    );
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await issuesOfAsync(readXlsx(ole)))[0]!.code).toBe("unsupported_format");
    expect((await issuesOfAsync(readXlsx(`${XLSX_DIR}no-such-file.xlsx`)))[0]!.code).toBe("file_not_found");
  });

  it("readXlsx reports a damaged metadata sheet instead of guessing", async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet("s").addRows([["x"], [1]]);
      const meta = wb.addWorksheet(XLSX_META_SHEET, { state: "hidden" });
      meta.addRows([
        ["sheet", "column", "key", "value"],
        [null, null, "$version", "1"],
        ["s", "x", "label", "{not json"],
      ]);
    });
    const issues = await issuesOfAsync(readXlsx(bytes));
    expect(issues[0]).toMatchObject({ code: "bad_value", sheet: XLSX_META_SHEET, row: 3 });
  });

  it("writeXlsx splits long metadata over several cells and reads it back", async () => {
    const labels = new Map(Array.from({ length: 3000 }, (_, i) => [i, `标签 label number ${i}`] as const));
    const t = table([numberColumn("code", [1, 2], { valueLabels: { name: "big", labels } })]);
    const back = await readXlsx(await writeXlsx([t]));
    expect(back.table.columns[0]!.meta.valueLabels?.labels).toEqual(labels);
  });

  it("writeXlsx reports text longer than an Excel cell holds", async () => {
    const t = table([stringColumn("s", ["ok", "x".repeat(32768)])]);
    const issues = await issuesOfAsync(writeXlsx([t]));
    expect(issues[0]).toMatchObject({ code: "bad_value", row: 3, column: "s" });
  });

  it("writeXlsx writes ±Infinity as inf/-inf text that reads back as infinity", async () => {
    const t = table([numberColumn("x", [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1])]);
    const back = await readXlsx(await writeXlsx([t], { meta: false }));
    expect(cellsOf(back.table.columns[0]!)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1]);
  });

  it("misuse throws RangeError naming the function", async () => {
    await expect(writeXlsx([])).rejects.toThrow(/^writeXlsx: /);
    await expect(writeXlsx([small], { sheetNames: ["a", "b"] })).rejects.toThrow(RangeError);
    await expect(readXlsx(new Uint8Array(1), { headerRow: 0 })).rejects.toThrow(/^readXlsx: headerRow/);
    await expect(readXlsx(new Uint8Array(1), { sheet: 0 })).rejects.toThrow(RangeError);
  });
});
