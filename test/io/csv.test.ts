import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { test as propTest, fc } from "@fast-check/vitest";
import { parse as csvParse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { NqpfInputError } from "../../src/errors.js";
import { parseCsvNumber, readCsv, sniffDelimiter, type ReadCsvOptions } from "../../src/io/read-csv.js";
import { writeCsv, writeCsvStream } from "../../src/io/write-csv.js";
import { panel } from "../../src/panel/panel.js";
import {
  numberColumn,
  parseNumber,
  stringColumn,
  table,
  type Column,
  type Table,
} from "../../src/table/table.js";
import { expectSameTable, plainText, tableArbitrary } from "./table-arbitraries.js";
import { issuesOfAsync } from "../issues.js";

const INSPECT = new URL("../fixtures/inspect/", import.meta.url);
const CSV = new URL("../fixtures/csv/", import.meta.url);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

interface PythonReference {
  readonly source: string;
  readonly generator: string;
  readonly delimiter: string;
  readonly encoding?: string;
  readonly header: string[];
  readonly rows: string[][];
  readonly numbers: Record<string, (number | null)[]>;
  readonly bad_cells?: { row: number; column: string; value: string }[];
  readonly duplicate_keys?: { entity: string; time: number; row: number; firstRow: number }[];
}

function reference(dir: URL, name: string): PythonReference {
  return JSON.parse(readFileSync(new URL(`${name}.expected.json`, dir), "utf8")) as PythonReference;
}

function allText(header: readonly string[]): Record<string, "string"> {
  return Object.fromEntries(header.map((name) => [name, "string" as const]));
}

function textsOf(t: Table): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < t.rowCount; r++)
    rows.push(t.columns.map((c) => (c.type === "string" ? (c.values[r] ?? "") : String(c.values[r]))));
  return rows;
}

/** Checks a read against Python's csv module: every cell's text, and every column Python's float() reads. */
async function expectMatchesPython(
  path: URL,
  ref: PythonReference,
  options: ReadCsvOptions = {},
): Promise<Table> {
  const asText = await readCsv(path.pathname, { ...options, types: allText(ref.header), naValues: [] });
  expect(asText.table.columns.map((c) => c.name)).toEqual(ref.header);
  expect(textsOf(asText.table)).toEqual(ref.rows);
  const typed = await readCsv(path.pathname, options);
  for (const column of typed.table.columns) {
    const expected = ref.numbers[column.name];
    if (expected === undefined) {
      expect(column.type, column.name).toBe("string");
      continue;
    }
    expect(column.type, column.name).toBe("number");
    if (column.type !== "number") continue;
    expected.forEach((value, r) => {
      if (value === null) expect(column.missing[r], `${column.name}[${r}] missing`).toBe(1);
      else
        expect(
          Object.is(column.values[r], value),
          `${column.name}[${r}]: ${column.values[r]} vs ${value}`,
        ).toBe(true);
    });
  }
  return typed.table;
}

describe("reference values: Python's csv module on the fixtures", () => {
  it("readCsv(gbk.csv) auto-detects GB18030 and matches Python's gbk decode + csv.reader", async () => {
    const ref = reference(INSPECT, "gbk.csv");
    await expectMatchesPython(new URL("gbk.csv", INSPECT), ref);
    const result = await readCsv(new URL("gbk.csv", INSPECT).pathname);
    expect(result.encoding).toBe("gb18030");
    expect(result.bom).toBe(false);
    expect(result.table.columns[1]!.name).toBe("省份");
  });

  it("readCsv(gbk.csv, { encoding: 'gbk' }) reads the same with the encoding forced", async () => {
    const ref = reference(INSPECT, "gbk.csv");
    await expectMatchesPython(new URL("gbk.csv", INSPECT), ref, { encoding: "gbk" });
    expect((await readCsv(new URL("gbk.csv", INSPECT).pathname, { encoding: "gbk" })).encoding).toBe("gbk");
  });

  it("readCsv(panel.csv.gz) gunzips by magic bytes and matches Python", async () => {
    const ref = reference(INSPECT, "panel.csv.gz");
    await expectMatchesPython(new URL("panel.csv.gz", INSPECT), ref);
    const result = await readCsv(new URL("panel.csv.gz", INSPECT).pathname);
    expect(result.gzip).toBe(true);
  });

  it("readCsv(semicolon.csv) sniffs ';' although a text column holds commas", async () => {
    const ref = reference(INSPECT, "semicolon.csv");
    await expectMatchesPython(new URL("semicolon.csv", INSPECT), ref);
    expect((await readCsv(new URL("semicolon.csv", INSPECT).pathname)).delimiter).toBe(";");
  });

  it("readCsv(bom.csv) strips the UTF-8 BOM and reports it", async () => {
    const ref = reference(INSPECT, "bom.csv");
    await expectMatchesPython(new URL("bom.csv", INSPECT), ref);
    const result = await readCsv(new URL("bom.csv", INSPECT).pathname);
    expect(result.bom).toBe(true);
    expect(result.encoding).toBe("utf-8");
    expect(result.table.columns[0]!.name).toBe("地区代码");
  });

  it("readCsv(tricky.csv) matches Python on doubled quotes, line breaks and delimiters inside quotes", async () => {
    const ref = reference(CSV, "tricky.csv");
    const t = await expectMatchesPython(new URL("tricky.csv", CSV), ref);
    // Beyond Python: an unquoted NA is missing in a text column, a quoted "NA" is text.
    const text = t.columns[1]!;
    const note = t.columns[3]!;
    expect(text.values[5]).toBe(null);
    expect(note.values[6]).toBe("NA");
  });

  it("readCsv(tabs.tsv) sniffs tabs and matches Python", async () => {
    const ref = reference(CSV, "tabs.tsv");
    await expectMatchesPython(new URL("tabs.tsv", CSV), ref);
  });

  it("readCsv(tricky.csv) gives the same table for every chunk size", async () => {
    const data = readFileSync(new URL("tricky.csv", CSV));
    const whole = (await readCsv(data)).table;
    for (const chunkSize of [1, 2, 3, 5, 16, 64])
      expectSameTable((await readCsv(data, { chunkSize })).table, whole, { numbers: "is" });
  });

  it("readCsv(bad-number.csv) fails with not_a_number where Python's float() fails", async () => {
    const ref = reference(INSPECT, "bad-number.csv");
    const path = new URL("bad-number.csv", INSPECT).pathname;
    const issues = await issuesOfAsync(readCsv(path, { file: "bad-number.csv" }));
    expect(issues.map((i) => ({ code: i.code, file: i.file, row: i.row, column: i.column }))).toEqual(
      ref.bad_cells!.map((b) => ({
        code: "not_a_number",
        file: "bad-number.csv",
        row: b.row,
        column: b.column,
      })),
    );
    expect(issues[0]!.message).toContain(ref.bad_cells![0]!.value);
    expect(issues[0]!.hint).toBeDefined();
  });

  it("panel(readCsv(duplicate-key.csv)) reports duplicate_key on the row Python finds", async () => {
    const ref = reference(INSPECT, "duplicate-key.csv");
    const { table: t } = await readCsv(new URL("duplicate-key.csv", INSPECT).pathname);
    let thrown: unknown;
    try {
      panel(t, { entity: "province", time: "year", file: "duplicate-key.csv" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NqpfInputError);
    const issues = (thrown as NqpfInputError).issues.filter((i) => i.code === "duplicate_key");
    expect(issues.map((i) => ({ row: i.row, entity: i.entity }))).toEqual(
      ref.duplicate_keys!.map((d) => ({ row: d.row, entity: d.entity })),
    );
  });

  it("writeCsv(readCsv(gbk.csv), { encoding: 'gbk' }) gives Python's GBK bytes (LF line ends)", async () => {
    const original = readFileSync(new URL("gbk.csv", INSPECT));
    const { table: t } = await readCsv(original);
    const written = Buffer.from(writeCsv(t, { encoding: "gbk" }));
    expect(written.toString("latin1")).toBe(original.toString("latin1").replaceAll("\r\n", "\n"));
  });

  it("readCsv(bundled PWT 10.01, gzip): 12,810 × 52, USA 2019 rgdpna = 20,563,592 (README spot check)", async () => {
    const data = readFileSync(new URL("../../data/pwt1001.csv.gz", import.meta.url));
    const { table: t } = await readCsv(data);
    expect([t.rowCount, t.columns.length]).toEqual([12810, 52]);
    const code = t.columns.find((c) => c.name === "countrycode")!;
    const year = t.columns.find((c) => c.name === "year")!;
    const gdp = t.columns.find((c) => c.name === "rgdpna")!;
    let found = false;
    for (let r = 0; r < t.rowCount; r++) {
      if (code.values[r] === "USA" && year.values[r] === 2019) {
        expect(Math.round(gdp.values[r] as number)).toBe(20563592);
        found = true;
      }
    }
    expect(found).toBe(true);
    expect(t.columns.find((c) => c.name === "i_outlier")!.type).toBe("string");
  });
});

describe("row numbers", () => {
  it("readCsv counts skipped blank lines, so issue rows are the file's lines (found by the typing property, seed -1360172580)", async () => {
    const text = "c0\n1\n\n2\n3\nabc\n4\n5\n6\n7\n8\n9\n10\n";
    const issues = await issuesOfAsync(readCsv(bytes(text)));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([["not_a_number", 6, "c0"]]);
  });
});

describe("properties", () => {
  const typesOf = (t: Table): Record<string, "number" | "string"> =>
    Object.fromEntries(t.columns.map((c) => [c.name, c.type]));
  const delimiters = fc.constantFrom(",", ";", "\t", "|");
  const chunkSizes = fc.constantFrom(1, 2, 3, 7, 64, 1 << 20);

  propTest.prop([tableArbitrary(), delimiters, fc.boolean(), chunkSizes])(
    "readCsv(writeCsv(t, { delimiter, bom })) gives the same values and masks (types given)",
    async (t, delimiter, bom, chunkSize) => {
      const written = writeCsv(t, { delimiter, bom });
      const { table: back } = await readCsv(written, { types: typesOf(t), delimiter, chunkSize });
      expectSameTable(back, t);
    },
  );

  propTest.prop([tableArbitrary({ texts: plainText, minColumns: 2 }), delimiters, chunkSizes])(
    "readCsv(writeCsv(t)) infers the types and sniffs the delimiter when texts do not look like numbers",
    async (t, delimiter, chunkSize) => {
      fc.pre(
        t.rowCount > 0 && t.columns.every((c) => c.type === "number" || c.values.some((v) => v !== null)),
      );
      const result = await readCsv(writeCsv(t, { delimiter }), { chunkSize });
      expectSameTable(result.table, t);
      expect(result.delimiter).toBe(delimiter);
    },
  );

  propTest.prop([tableArbitrary(), fc.constantFrom("gb18030", "gbk" as const), chunkSizes])(
    "readCsv(writeCsv(t, { encoding: 'gb18030' }), { encoding }) gives the same table",
    async (t, encoding, chunkSize) => {
      let written: Uint8Array;
      try {
        written = writeCsv(t, { encoding });
      } catch (error) {
        // GBK cannot hold every character: then the writer must say so (and GB18030 never fails).
        expect(encoding).toBe("gbk");
        expect((error as NqpfInputError).issues[0]!.code).toBe("bad_encoding");
        return;
      }
      const { table: back } = await readCsv(written, { types: typesOf(t), encoding: "gb18030", chunkSize });
      expectSameTable(back, t);
    },
  );

  propTest.prop([tableArbitrary({ maxRows: 5 })], { numRuns: 30 })(
    "readCsv(gzip(writeCsv(t))) gives the same table",
    async (t) => {
      const result = await readCsv(gzipSync(writeCsv(t)), { types: typesOf(t), chunkSize: 16 });
      expect(result.gzip).toBe(true);
      expectSameTable(result.table, t);
    },
  );

  const numberLike = fc.oneof(
    fc.double().map(String),
    fc.double().map((x) => x.toExponential()),
    fc.integer().map(String),
    fc
      .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 20 }))
      .map(([x, d]) => x.toFixed(d)),
    fc.string({ unit: fc.constantFrom("0", "1", "9", ".", "-", "+", "e", "E", "5"), maxLength: 24 }),
    fc.string({ maxLength: 6 }),
  );
  propTest.prop([numberLike])(
    "parseCsvNumber(s) is the same double as parseNumber(s) (or both undefined)",
    (s) => {
      const fast = parseCsvNumber(s);
      const slow = parseNumber(s);
      expect(fast === undefined ? "undefined" : Object.is(fast, -0) ? "-0" : fast).toEqual(
        slow === undefined ? "undefined" : Object.is(slow, -0) ? "-0" : slow,
      );
    },
  );

  // The obvious two-step version as oracle: read every cell as text, then type each column by the documented rule.
  const cellText = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
        fc.integer({ min: -99, max: 99 }).map(String),
        fc.constant('"7.5"'),
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom("", "NA", '"NA"', '""', ".a", '".b"', "NULL", " 3 ") },
    { weight: 1, arbitrary: fc.constantFrom("abc", '"1,5"', "n/a", '"x y"', "中") },
  );
  propTest.prop([
    fc.integer({ min: 1, max: 3 }).chain((width) =>
      // A row whose text is blank is a blank line, which readCsv skips (while counting it) — kept out here so
      // that table row r is file row r + 2; the blank-line case has its own test below.
      fc.array(
        fc.array(cellText, { minLength: width, maxLength: width }).filter((r) => r.join(",").trim() !== ""),
        {
          minLength: 1,
          maxLength: 40,
        },
      ),
    ),
    chunkSizes,
  ])(
    "readCsv types columns as the two-step oracle does (read as text, then type by the rule)",
    async (rows, chunkSize) => {
      const width = rows[0]!.length;
      const header = Array.from({ length: width }, (_, k) => `c${k}`);
      const data = bytes([header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n");
      const texts = (await readCsv(data, { types: allText(header) })).table;
      type Kind = { kind: "number"; value: number } | { kind: "missing"; code: number } | { kind: "bad" };
      const classify = (cellValue: string | null): Kind => {
        if (cellValue === null) return { kind: "missing", code: 1 };
        const key = cellValue.trim();
        if (["", "NA", "N/A", "NaN", "nan", "null", "NULL", "."].includes(key))
          return { kind: "missing", code: 1 };
        const value = parseNumber(key);
        if (value !== undefined) return { kind: "number", value };
        if (/^\.[a-z]$/.test(key)) return { kind: "missing", code: 2 + key.charCodeAt(1) - 97 };
        return { kind: "bad" };
      };
      const expectedBad: [number, string][] = [];
      const expected: Column[] = texts.columns.map((column) => {
        const values = column.values as readonly (string | null)[];
        const kinds = values.map(classify);
        const parsed = kinds.filter((k) => k.kind === "number").length;
        const bad = kinds.filter((k) => k.kind === "bad").length;
        if (bad > 0 && !(parsed >= 3 && parsed >= 0.9 * (parsed + bad))) return column;
        kinds.forEach((k, r) => {
          if (k.kind === "bad") expectedBad.push([r + 2, column.name]);
        });
        const mask = Uint8Array.from(kinds, (k) => (k.kind === "missing" ? k.code : 0));
        return numberColumn(
          column.name,
          kinds.map((k) => (k.kind === "number" ? k.value : Number.NaN)),
          {},
          mask,
        );
      });
      if (expectedBad.length > 0) {
        const issues = await issuesOfAsync(readCsv(data, { chunkSize }));
        expect(issues.map((i) => [i.row, i.column]).sort()).toEqual(expectedBad.sort());
        expect(issues.every((i) => i.code === "not_a_number")).toBe(true);
        return;
      }
      expectSameTable((await readCsv(data, { chunkSize })).table, table(expected), { numbers: "is" });
    },
  );

  // Random records written with RFC 4180 quoting (always when needed, sometimes when not), read by csv-parse as an independent parser.
  const field = fc.oneof(
    fc.string({
      unit: fc.constantFrom("a", "b", "中", ",", ";", '"', "\n", "\r\n", " ", "\t", "x"),
      maxLength: 6,
    }),
    fc.string({ unit: "grapheme", maxLength: 4 }).filter((s) => !s.includes("\uFEFF")),
  );
  const recordsArbitrary = fc.integer({ min: 2, max: 4 }).chain((width) =>
    fc.array(fc.array(fc.tuple(field, fc.boolean()), { minLength: width, maxLength: width }), {
      minLength: 1,
      maxLength: 8,
    }),
  );
  propTest.prop([recordsArbitrary, fc.constantFrom("\n", "\r\n", "\r"), chunkSizes])(
    "readCsv agrees with csv-parse on randomly quoted records",
    async (records, lineEnd, chunkSize) => {
      const header = records[0]!.map((_, k) => `c${k}`);
      const render = ([value, quote]: [string, boolean]): string =>
        quote || value === "" || /[,"\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
      const text =
        [header.join(","), ...records.map((record) => record.map(render).join(","))].join(lineEnd) + lineEnd;
      const expected: string[][] = csvParse(text, { from_line: 2, relax_column_count: false });
      const { table: t } = await readCsv(bytes(text), {
        delimiter: ",",
        types: allText(header),
        naValues: [],
        chunkSize,
      });
      expect(textsOf(t)).toEqual(expected);
    },
  );
});

describe("edges and errors", () => {
  it("readCsv: the doc example", async () => {
    const { table: t } = await readCsv(new TextEncoder().encode("id,gdp\nA,1.5\nB,NA\n"));
    expect(t.columns.map((c) => c.type)).toEqual(["string", "number"]);
  });

  it("readCsv(empty, BOM only, blank lines only) reports empty_file", async () => {
    for (const data of [
      new Uint8Array(0),
      Uint8Array.of(0xef, 0xbb, 0xbf),
      bytes("\n\r\n\n"),
      gzipSync(new Uint8Array(0)),
    ]) {
      const issues = await issuesOfAsync(readCsv(data, { file: "x.csv" }));
      expect(issues.map((i) => [i.code, i.file])).toEqual([["empty_file", "x.csv"]]);
    }
  });

  it("readCsv(a header only) gives a table with no rows", async () => {
    const { table: t } = await readCsv(bytes("a,b\n"));
    expect(t.rowCount).toBe(0);
    expect(t.columns.map((c) => c.name)).toEqual(["a", "b"]);
  });

  it("readCsv reports empty and duplicate header names on row 1", async () => {
    const issues = await issuesOfAsync(readCsv(bytes("a,,a\n1,2,3\n"), { file: "h.csv" }));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["bad_header", 1, "#2"],
      ["duplicate_column", 1, "a"],
    ]);
  });

  it("readCsv collects every ragged row with its row number (blank lines count as rows)", async () => {
    const issues = await issuesOfAsync(readCsv(bytes("a,b\n1,2\n3\n\n4,5,6\n7,8\n"), { file: "r.csv" }));
    expect(issues.map((i) => [i.code, i.row])).toEqual([
      ["ragged_row", 3],
      ["ragged_row", 5],
    ]);
    expect(issues[1]!.message).toContain("3 fields");
  });

  it("readCsv reports an unclosed quote as truncated_file at the row where it opens", async () => {
    const issues = await issuesOfAsync(readCsv(bytes('a,b\n1,2\n3,"four\n5,6\n'), { file: "q.csv" }));
    expect(issues.map((i) => [i.code, i.row, i.file])).toEqual([["truncated_file", 3, "q.csv"]]);
  });

  it("readCsv reports a cut-off gzip file as truncated_file", async () => {
    const zipped = gzipSync(bytes("a,b\n" + "1,2\n".repeat(5000)));
    const issues = await issuesOfAsync(readCsv(zipped.subarray(0, zipped.length - 40), { file: "t.csv.gz" }));
    expect(issues.map((i) => i.code)).toEqual(["truncated_file"]);
  });

  it("readCsv(gbk bytes, { encoding: 'utf-8' }) reports bad_encoding on each row with undecodable bytes", async () => {
    const data = readFileSync(new URL("gbk.csv", INSPECT));
    const issues = await issuesOfAsync(readCsv(data, { encoding: "utf-8", file: "gbk.csv" }));
    expect(issues.every((i) => i.code === "bad_encoding")).toBe(true);
    expect(issues.map((i) => i.row)).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
  });

  it("readCsv decides GB18030 at the first non-ASCII piece, after ASCII-only chunks", async () => {
    const text = "id,name\n" + "1,abc\n".repeat(50) + "2,北京\n";
    const data = iconv.encode(text, "gbk");
    const result = await readCsv(data, { chunkSize: 16 });
    expect(result.encoding).toBe("gb18030");
    expect((result.table.columns[1] as { values: readonly (string | null)[] }).values.at(-1)).toBe("北京");
  });

  it("readCsv(latin1 bytes, { encoding: 'latin1' }) decodes Windows-1252", async () => {
    const data = Uint8Array.of(...bytes("name,x\n"), 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, ...bytes(",1\n"));
    const result = await readCsv(data, { encoding: "latin1" });
    expect(result.encoding).toBe("windows-1252");
    expect(result.table.columns[0]!.values[0]).toBe("Müller");
  });

  it("readCsv reads UTF-16 with a BOM", async () => {
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a\tb\n1\t中\n", "utf16le")]);
    const result = await readCsv(data, { chunkSize: 3 });
    expect([result.encoding, result.delimiter, result.bom]).toEqual(["utf-16le", "\t", true]);
    expect(result.table.columns[1]!.values[0]).toBe("中");
  });

  it("readCsv: a mostly numeric column with a few bad cells fails with every bad cell located", async () => {
    const lines = [
      "id,x",
      ...Array.from({ length: 30 }, (_, r) => `u${r},${r === 4 ? "n/a" : r === 20 ? "1,5" : r}`),
    ];
    const text = lines.map((l, r) => (r === 21 ? 'u20,"1,5"' : l)).join("\n");
    const issues = await issuesOfAsync(readCsv(bytes(text), { file: "m.csv" }));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["not_a_number", 6, "x"],
      ["not_a_number", 22, "x"],
    ]);
  });

  it("readCsv: a column with too few numbers is text, read again in full when it looked numeric first", async () => {
    const { table: t } = await readCsv(bytes("a,b\n1,x\n2,y\nfoo,z\nbar,w\n"), { chunkSize: 4 });
    expect(t.columns[0]).toMatchObject({ type: "string", values: ["1", "2", "foo", "bar"] });
    const { table: u } = await readCsv(bytes('a,b\n1,x\n"NA",y\nNA,z\n.a,w\n2,v\n3,u\nfoo,t\nbar,s\n'));
    expect(u.columns[0]).toMatchObject({
      type: "string",
      values: ["1", "NA", null, ".a", "2", "3", "foo", "bar"],
    });
  });

  it("readCsv: a text column that starts with missing cells keeps quoted missing texts as text", async () => {
    const { table: t } = await readCsv(bytes('a,b\n,1\n"NA",2\n"",3\n.b,4\nfoo,5\n'));
    expect(t.columns[0]).toMatchObject({ type: "string", values: [null, "NA", "", ".b", "foo"] });
  });

  it("readCsv: missing values, extended missing codes and quoted numbers in numeric columns", async () => {
    const { table: t } = await readCsv(bytes('x,y\n1,NA\n.a,"2.5"\n.z,\n"",-999\nNaN,null\n'), {
      naValues: ["NA", "NaN", "null", "-999"],
    });
    const [x, y] = t.columns as [Column, Column];
    expect(x.type === "number" && Array.from(x.missing)).toEqual([0, 2, 27, 1, 1]);
    expect(y.type === "number" && Array.from(y.missing)).toEqual([1, 0, 1, 1, 1]);
    expect(y.values[1]).toBe(2.5);
  });

  it("readCsv: forced types", async () => {
    const { table: t } = await readCsv(bytes("code,x\n007,1\n010,2\n"), { types: { code: "string" } });
    expect(t.columns[0]).toMatchObject({ type: "string", values: ["007", "010"] });
    const issues = await issuesOfAsync(
      readCsv(bytes("code,x\na,1\nb,2\nc,x\n"), { types: { code: "number", nope: "string" } }),
    );
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["missing_column", 1, "nope"],
      ["not_a_number", 2, "code"],
      ["not_a_number", 3, "code"],
      ["not_a_number", 4, "code"],
    ]);
  });

  it("readCsv trims unquoted cells and keeps quoted ones verbatim", async () => {
    const { table: t } = await readCsv(bytes(' name , x \n  Beijing\u3000, 1 \n" Shanghai ",2\n'));
    expect(t.columns.map((c) => c.name)).toEqual(["name", "x"]);
    expect(t.columns[0]!.values).toEqual(["Beijing", " Shanghai "]);
    expect(Array.from(t.columns[1]!.values as Float64Array)).toEqual([1, 2]);
  });

  it("readCsv handles CR-only and mixed record ends", async () => {
    const { table: t } = await readCsv(bytes("a,b\r1,2\r\n3,4\n5,6"), { chunkSize: 2 });
    expect(Array.from(t.columns[0]!.values as Float64Array)).toEqual([1, 3, 5]);
  });

  it("readCsv caps the issue list but counts every bad cell", async () => {
    const rows = Array.from({ length: 30000 }, (_, r) => (r % 20 === 0 ? "bad" : String(r)));
    const issues = await issuesOfAsync(readCsv(bytes(["x", ...rows].join("\n"))));
    expect(issues.length).toBe(1001);
    expect(issues[1000]!.message).toContain("further issues");
  });

  it("readCsv reports a missing file as file_not_found", async () => {
    const issues = await issuesOfAsync(readCsv("/no/such/file.csv"));
    expect(issues.map((i) => [i.code, i.file])).toEqual([["file_not_found", "/no/such/file.csv"]]);
  });

  it("readCsv calls onProgress with growing byte counts up to the size", async () => {
    const data = bytes("a,b\n" + "1,2\n".repeat(100));
    const seen: [number, number | undefined][] = [];
    await readCsv(data, { chunkSize: 64, onProgress: (read, total) => seen.push([read, total]) });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.at(-1)).toEqual([data.length, data.length]);
    expect(seen.every(([read], k) => k === 0 || read > seen[k - 1]![0])).toBe(true);
  });

  it("readCsv rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const data = bytes("a,b\n" + "1,2\n".repeat(1000));
    const read = readCsv(data, {
      chunkSize: 16,
      signal: controller.signal,
      onProgress: (n) => {
        if (n > 100) controller.abort(new Error("stop"));
      },
    });
    await expect(read).rejects.toThrow("stop");
  });

  it("readCsv throws RangeError naming itself for bad options", async () => {
    await expect(readCsv(bytes("a\n1\n"), { encoding: "klingon" })).rejects.toThrow(
      /^readCsv: unknown encoding/,
    );
    await expect(readCsv(bytes("a\n1\n"), { delimiter: ":" as ";" })).rejects.toThrow(RangeError);
    await expect(readCsv(bytes("a\n1\n"), { chunkSize: 0 })).rejects.toThrow(/^readCsv: chunkSize/);
  });

  it("sniffDelimiter and parseCsvNumber: the doc examples", () => {
    expect(sniffDelimiter("a;b;c\n1,5;2,5;3\n4;5;6\n")).toBe(";");
    expect(parseCsvNumber("-1.50")).toBe(-1.5);
  });

  it("sniffDelimiter picks the delimiter that splits every record alike", () => {
    expect(sniffDelimiter("a;b;c\n1,5;2,5;3\n4;5;6\n")).toBe(";");
    expect(sniffDelimiter('a,b\n"x;y;z",1\n"p;q;r",2\n')).toBe(",");
    expect(sniffDelimiter("a\tb\n1\t2\n")).toBe("\t");
    expect(sniffDelimiter("a|b|c\n1|2|3\n")).toBe("|");
    expect(sniffDelimiter("single\n1\n2\n")).toBe(",");
    expect(sniffDelimiter('a,b\n"multi\nline, with; stuff",1\n')).toBe(",");
  });
});

describe("writeCsv", () => {
  it("writeCsv: the doc example", () => {
    const t = table([stringColumn("id", ["A", "B,C"]), numberColumn("x", [0.1, Number.NaN])]);
    expect(new TextDecoder().decode(writeCsv(t))).toBe('id,x\nA,0.1\n"B,C",\n');
  });

  it("writeCsv writes shortest round-trip numbers, -0 as 0, infinities as Inf, extended missing as .a", () => {
    const mask = Uint8Array.of(0, 0, 0, 0, 0, 2, 27, 1);
    const t = table([
      numberColumn(
        "x",
        [0.1 + 0.2, -0, 5e-324, Number.POSITIVE_INFINITY, -1.7976931348623157e308, 0, 0, 0],
        {},
        mask,
      ),
      stringColumn("s", ["", "NA", ' a"b', "x\ny", ".a", null, "ok", "1;2"]),
    ]);
    expect(new TextDecoder().decode(writeCsv(t))).toBe(
      'x,s\n0.30000000000000004,""\n0,"NA"\n5e-324," a""b"\nInf,"x\ny"\n-1.7976931348623157e+308,.a\n.a,\n.z,ok\n,"1;2"\n',
    );
    expect(
      new TextDecoder().decode(writeCsv(t, { delimiter: ";", keepExtendedMissing: false, naValue: "NA" })),
    ).toBe(
      'x;s\n0.30000000000000004;""\n0;"NA"\n5e-324;" a""b"\nInf;"x\ny"\n-1.7976931348623157e+308;.a\nNA;NA\nNA;ok\nNA;"1;2"\n',
    );
  });

  it("writeCsv writes NA for missing cells of a one-column table (an empty line would be skipped)", async () => {
    const t = table([numberColumn("x", [1, Number.NaN, 3])]);
    expect(new TextDecoder().decode(writeCsv(t))).toBe("x\n1\nNA\n3\n");
    expectSameTable((await readCsv(writeCsv(t))).table, t);
  });

  it("writeCsv adds a BOM on request and encodes GB18030 / GBK", () => {
    const t = table([stringColumn("省份", ["北京"])]);
    expect(Array.from(writeCsv(t, { bom: true }).subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(writeCsv(t, { encoding: "gbk" })).equals(iconv.encode("省份\n北京\n", "gbk"))).toBe(
      true,
    );
  });

  it("writeCsv(t, { encoding: 'gbk' }) reports texts GBK cannot hold, with row and column; GB18030 holds them", () => {
    const t = table([stringColumn("name", ["北京", "😀", "ok"])]);
    let thrown: unknown;
    try {
      writeCsv(t, { encoding: "gbk" });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as NqpfInputError).issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["bad_encoding", 3, "name"],
    ]);
    expect(iconv.decode(Buffer.from(writeCsv(t, { encoding: "gb18030" })), "gb18030")).toBe(
      "name\n北京\n😀\nok\n",
    );
  });

  it("writeCsv throws RangeError naming itself for bad options", () => {
    const t = table([numberColumn("x", [1])]);
    expect(() => writeCsv(t, { delimiter: '"' })).toThrow(/^writeCsv: delimiter/);
    expect(() => writeCsv(t, { delimiter: ",," })).toThrow(RangeError);
    expect(() => writeCsv(t, { bom: true, encoding: "gbk" })).toThrow(/^writeCsv: a BOM/);
    expect(() => writeCsv(t, { naValue: "a,b" })).toThrow(/^writeCsv: naValue/);
  });

  it("writeCsvStream writes the same bytes as writeCsv", async () => {
    const t = table([
      numberColumn(
        "x",
        Array.from({ length: 10000 }, (_, r) => r / 7),
      ),
      stringColumn(
        "s",
        Array.from({ length: 10000 }, (_, r) => (r % 3 === 0 ? null : `v,${r}`)),
      ),
    ]);
    for (const options of [{}, { bom: true }, { encoding: "gb18030" as const, delimiter: "\t" }]) {
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on("data", (chunk: Buffer) => chunks.push(chunk));
      await writeCsvStream(t, sink, options);
      expect(Buffer.concat(chunks).equals(Buffer.from(writeCsv(t, options)))).toBe(true);
    }
  });
});
