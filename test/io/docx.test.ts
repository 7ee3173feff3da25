import { test as propTest, fc } from "@fast-check/vitest";
import JSZip from "jszip";
import { describe, expect, it, vi } from "vitest";
import { writeDocx } from "../../src/io/write-docx.js";
import { numberColumn, stringColumn, table, type Table } from "../../src/table/table.js";

/** Each DOCX property case zips and unzips a document, so properties run fewer cases than the global 100. */
const DOCX_RUNS = 25;

function xmlText(xml: string): string {
  return xml
    .replace(/<w:br\/>/g, "\n")
    .replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, "\u0000$1\u0000")
    .split("\u0000")
    .filter((_, i) => i % 2 === 1)
    .join("")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Text of a run sequence, with <w:br/> as a line break, in document order. */
function runText(xml: string): string {
  let out = "";
  for (const match of xml.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:t\/>/g)) {
    out += match[0] === "<w:br/>" ? "\n" : xmlText(match[0]);
  }
  return out;
}

interface ParsedDocument {
  readonly paragraphs: string[];
  readonly tables: string[][][];
}

/** Body paragraphs outside tables and the cells of each table, read from word/document.xml. */
async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument & { zip: JSZip }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const body = xml.slice(xml.indexOf("<w:body>"), xml.indexOf("</w:body>"));
  const tables: string[][][] = [];
  const paragraphs: string[] = [];
  for (const part of body.split(/(<w:tbl>[\s\S]*?<\/w:tbl>)/)) {
    if (part.startsWith("<w:tbl>")) {
      const rows = [...part.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((row) =>
        [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => runText(c[0])),
      );
      tables.push(rows);
    } else {
      for (const p of part.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p\/>/g)) paragraphs.push(runText(p[0]));
    }
  }
  return { paragraphs, tables, zip };
}

const panel = table(
  [
    stringColumn("province", ["北京", "上海", null, "a & <b>"], { labelZh: "省份", labelEn: "Province" }),
    numberColumn("year", [2019, 2020, 2021, 2022], { labelZh: "年份" }),
    numberColumn("gdp", [36102.55, -1.23456, Number.NaN, 0.5], {
      label: "GDP",
      labelZh: "地区生产总值",
      unit: "亿元",
    }),
  ],
  {
    name: "panel",
    title: "各省GDP",
    method: "entropy weights",
    parameters: { epsilon: 1e-9 },
    reference: "Shannon (1948)",
    notes: ["数据来自统计年鉴", "second note"],
  },
);

describe("doc comment examples", () => {
  it("writeDocx example", async () => {
    const bytes = await writeDocx([table([numberColumn("x", [1.5])])], { language: "zh" });
    expect(new TextDecoder().decode(bytes.slice(0, 2))).toBe("PK");
  });
});

describe("reference values", () => {
  it("writeDocx([panel]) writes caption, header, formatted cells and notes (en)", async () => {
    const doc = await parseDocx(await writeDocx([panel], { title: "Report" }));
    expect(doc.paragraphs.slice(0, 2)).toEqual(["Report", "Table 1. 各省GDP"]);
    expect(doc.tables).toHaveLength(1);
    // Cell texts by hand: integers as integers, other numbers with 3 decimals, missing empty.
    expect(doc.tables[0]).toEqual([
      ["Province", "year", "GDP (亿元)"],
      ["北京", "2019", "36102.550"],
      ["上海", "2020", "-1.235"],
      ["", "2021", ""],
      ["a & <b>", "2022", "0.500"],
    ]);
    expect(doc.paragraphs[2]).toBe(
      "Method: entropy weights\nParameters: epsilon = 1e-9\nReference: Shannon (1948)\nNote: 数据来自统计年鉴\nNote: second note",
    );
  });

  it("writeDocx([panel], {language: 'zh', digits: 1}) uses Chinese captions, labels and note heads", async () => {
    const doc = await parseDocx(
      await writeDocx([panel, { ...panel, meta: { name: "second" } }], { language: "zh", digits: 1 }),
    );
    expect(doc.paragraphs.filter((p) => p.startsWith("表"))).toEqual(["表1 各省GDP", "表2 second"]);
    expect(doc.tables[0]![0]).toEqual(["省份", "年份", "地区生产总值 (亿元)"]);
    expect(doc.tables[0]![2]).toEqual(["上海", "2020", "-1.2"]);
    expect(doc.paragraphs).toContain(
      "方法：entropy weights\n参数：epsilon = 1e-9\n参考文献：Shannon (1948)\n注：数据来自统计年鉴\n注：second note",
    );
    expect(doc.tables).toHaveLength(2);
  });

  it("writeDocx draws a three-line table: thick top, thin rule under the header, thick bottom, no verticals", async () => {
    const { zip } = await parseDocx(await writeDocx([panel]));
    const xml = await zip.file("word/document.xml")!.async("string");
    const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const borders = (row: string, side: string): string[] =>
      [...row.matchAll(new RegExp(`<w:${side} w:val="(\\w+)"[^>]*w:sz="(\\d+)"`, "g"))].map(
        (m) => `${m[1]}/${m[2]}`,
      );
    expect(new Set(borders(rows[0]!, "top"))).toEqual(new Set(["single/12"]));
    expect(new Set(borders(rows[0]!, "bottom"))).toEqual(new Set(["single/6"]));
    expect(new Set(borders(rows.at(-1)!, "bottom"))).toEqual(new Set(["single/12"]));
    expect(new Set(borders(rows[1]!, "bottom"))).toEqual(new Set(["none/0"]));
    expect(new Set([...borders(rows[1]!, "left"), ...borders(rows[1]!, "right")])).toEqual(
      new Set(["none/0"]),
    );
    expect(rows[0]).toContain("<w:tblHeader/>");
  });
});

describe("properties", () => {
  const text = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 10 })
    // eslint-disable-next-line no-control-regex -- removing control characters
    .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, ""))
    .filter((s) => s !== "");
  const chinese = fc.constantFrom("北京", "上海", "广东省", "新质生产力", "东部 & 西部", "line\nbreak");
  const anyTable: fc.Arbitrary<{ t: Table; digits: number }> = fc
    .record({
      rows: fc.array(
        fc.tuple(
          fc.option(fc.oneof(text, chinese), { nil: null }),
          fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        ),
        {
          maxLength: 8,
        },
      ),
      digits: fc.integer({ min: 0, max: 6 }),
    })
    .map(({ rows, digits }) => ({
      t: table([
        stringColumn(
          "s",
          rows.map(([s]) => s),
        ),
        numberColumn(
          "x",
          rows.map(([, x]) => x),
        ),
      ]),
      digits,
    }));

  propTest.prop([anyTable], { numRuns: DOCX_RUNS })(
    "the cells in word/document.xml give back the strings exactly and the numbers to within half a unit of the last digit",
    async ({ t, digits }) => {
      const doc = await parseDocx(await writeDocx([t], { digits }));
      const cells = doc.tables[0]!;
      expect(cells).toHaveLength(t.rowCount + 1);
      const s = t.columns[0]!;
      const x = t.columns[1]!;
      const allIntegers = x.type === "number" && Array.from(x.values).every((v) => Number.isInteger(v));
      const step = allIntegers ? 1 : 10 ** -digits;
      for (let i = 0; i < t.rowCount; i++) {
        const [sText, xText] = cells[i + 1]! as [string, string];
        expect(sText).toBe(s.values[i] ?? "");
        const v = x.values[i] as number;
        const parsed = Number(xText);
        expect(Number.isFinite(parsed), xText).toBe(true);
        expect(Math.abs(parsed - v)).toBeLessThanOrEqual(step / 2 + Math.abs(v) * 1e-15);
        if (!allIntegers) expect(xText.split(".")[1]?.length ?? 0).toBe(digits);
      }
    },
  );
});

describe("edges and errors", () => {
  it("writeDocx gives byte-identical output whatever the clock says, with fixed document times", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(2003, 4, 5, 6, 7, 8));
      const a = await writeDocx([panel], { title: "T" });
      vi.setSystemTime(new Date(2031, 10, 11, 12, 13, 14));
      const b = await writeDocx([panel], { title: "T" });
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const zip = await JSZip.loadAsync(a);
      const core = await zip.file("docProps/core.xml")!.async("string");
      expect(core).toContain(
        '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>',
      );
      expect(core).toContain("<dc:title>T</dc:title>");
      expect(new Set(Object.values(zip.files).map((f) => f.date.getTime()))).toEqual(
        new Set([Date.UTC(1980, 0, 1)]),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("writeDocx drops characters XML cannot hold and keeps line breaks", async () => {
    const t = table([stringColumn("s", ["a\u0001b\u007f", "x\r\ny"])], { title: "t\u0002" });
    const doc = await parseDocx(await writeDocx([t], { title: "x\uffff" }));
    expect(doc.tables[0]!.slice(1)).toEqual([["ab"], ["x\ny"]]);
    expect(doc.paragraphs.slice(0, 2)).toEqual(["x", "Table 1. t"]);
  });

  it("writeDocx of a table without title or rows has a bare caption and a header row", async () => {
    const doc = await parseDocx(await writeDocx([table([numberColumn("x", [])])]));
    expect(doc.paragraphs[0]).toBe("Table 1");
    expect(doc.tables[0]).toEqual([["x"]]);
  });

  it("misuse throws RangeError naming the function", async () => {
    await expect(writeDocx([])).rejects.toThrow(/^writeDocx: /);
    await expect(writeDocx([table([])])).rejects.toThrow(/^writeDocx: table 1/);
    await expect(writeDocx([panel], { digits: 2.5 })).rejects.toThrow(RangeError);
  });
});
