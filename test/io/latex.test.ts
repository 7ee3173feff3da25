import { test as propTest, fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { latexText, writeLatex } from "../../src/io/write-latex.js";
import { formatCells, noteLines } from "../../src/table/format-cells.js";
import { numberColumn, stringColumn, table } from "../../src/table/table.js";

/**
 * Test-only inverse of latexText: reads the escaped text back, failing on any special character that
 * escaping should have replaced. Commands are those latexText emits; "{}" is an empty group.
 */
const COMMANDS: Readonly<Record<string, string>> = {
  textbackslash: "\\",
  textasciitilde: "~",
  textasciicircum: "^",
  textless: "<",
  textgreater: ">",
  textbar: "|",
  textasciigrave: "`",
};

function unescapeLatex(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "\\") {
      const next = source[i + 1];
      if (next !== undefined && "{}$&#%_".includes(next)) {
        out += next;
        i += 2;
        continue;
      }
      const match = /^[A-Za-z]+\{\}/.exec(source.slice(i + 1));
      const name = match?.[0].slice(0, -2);
      const value = name !== undefined ? COMMANDS[name] : undefined;
      if (value === undefined) throw new Error(`unexpected command at ${i}: ${source.slice(i, i + 20)}`);
      out += value;
      i += 1 + match![0].length;
      continue;
    }
    if (source.startsWith("{}", i)) {
      i += 2;
      continue;
    }
    if ("{}$&#%_~^".includes(ch))
      throw new Error(`unescaped special ${JSON.stringify(ch)} at ${i} in ${source}`);
    out += ch;
    i++;
  }
  return out;
}

/**
 * Independent formulation of fixed-point rounding: the double's exact value m·2^e (from its IEEE 754 bits)
 * times 10^digits, rounded half away from zero with BigInt arithmetic; a result of zero has no sign.
 */
function exactFixed(v: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const scaled = mantissa * 10n ** BigInt(digits);
  let n: bigint;
  if (exponent >= 0) n = scaled << BigInt(exponent);
  else {
    const denominator = 1n << BigInt(-exponent);
    n = scaled / denominator;
    if (2n * (scaled % denominator) >= denominator) n += 1n;
  }
  const text = n.toString().padStart(digits + 1, "0");
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative && n !== 0n ? `-${body}` : body;
}

/** Rows of the tabular body: the lines between \midrule and \bottomrule, split into cells. */
function bodyRows(latex: string): string[][] {
  const lines = latex.split("\n");
  const start = lines.indexOf("\\midrule");
  const end = lines.indexOf("\\bottomrule");
  return lines.slice(start + 1, end).map((line) => line.replace(/ \\\\$/, "").split(" & "));
}

const panel = table(
  [
    stringColumn("province", ["北京", "上海", null]),
    numberColumn("year", [2019, 2020, 2021]),
    numberColumn("gdp_index", [0.123456, -1.5, Number.NaN], { label: "GDP index", unit: "%" }),
  ],
  {
    title: "Index & ranks",
    method: "entropy weights",
    parameters: { epsilon: 1e-9, normalize: "minmax" },
    reference: "Shannon (1948)",
    source: "NBS",
    notes: ["Values in percent.", "上海 2020 estimated"],
  },
);

describe("doc comment examples", () => {
  it("formatCells, writeLatex and latexText examples", () => {
    expect(formatCells(table([numberColumn("x", [1.23456, 2])])).rows.map((r) => r[0]!.text)).toEqual([
      "1.235",
      "2.000",
    ]);
    expect(writeLatex(table([numberColumn("x", [1.5])])).includes("\\toprule")).toBe(true);
    expect(latexText("R&D 50% of $x_1")).toBe("R\\&D 50\\% of \\$x\\_1");
  });
});

describe("reference values", () => {
  it("writeLatex(panel) lays out a booktabs table: rules, alignment, header and rows", () => {
    const latex = writeLatex(panel, { label: "tab:index" });
    const lines = latex.split("\n");
    expect(lines.filter((l) => l === "\\toprule")).toHaveLength(1);
    expect(lines.filter((l) => l === "\\midrule")).toHaveLength(1);
    expect(lines.filter((l) => l === "\\bottomrule")).toHaveLength(1);
    expect(lines).toContain("\\begin{tabular}{lrr}");
    expect(lines).toContain("\\caption{Index \\& ranks}");
    expect(lines).toContain("\\label{tab:index}");
    expect(lines).toContain("province & year & GDP index (\\%) \\\\");
    // Decimal text by hand: 0.123456 → 0.123, -1.5 → -1.500 (3 decimals), integer column without decimals.
    expect(bodyRows(latex)).toEqual([
      ["北京", "2019", "0.123"],
      ["上海", "2020", "$-$1.500"],
      ["", "2021", ""],
    ]);
    expect(latex.endsWith("\\end{table}\n")).toBe(true);
    expect(latex).not.toMatch(/\\begin\{tablenotes\}|threeparttable/);
  });

  it("writeLatex(panel) prints method, parameters, reference, source and notes in a footnotesize block", () => {
    const latex = writeLatex(panel);
    const block = latex.slice(latex.indexOf("{\\footnotesize\\raggedright"), latex.indexOf("\\end{table}"));
    expect(block.split("\n").slice(1, -2)).toEqual([
      "Method: entropy weights\\par",
      "Parameters: epsilon = 1e-9; normalize = minmax\\par",
      "Reference: Shannon (1948)\\par",
      "Source: NBS\\par",
      "Note: Values in percent.\\par",
      "Note: 上海 2020 estimated\\par",
    ]);
    expect(writeLatex(panel, { notes: false })).not.toContain("footnotesize");
  });

  it("writeLatex options: digits per column and overall, column names, missing text, caption override", () => {
    const latex = writeLatex(panel, {
      digits: { gdp_index: 1 },
      columnLabels: "name",
      missing: "--",
      caption: "Other",
    });
    expect(latex).toContain("province & year & gdp\\_index \\\\");
    expect(bodyRows(latex)).toEqual([
      ["北京", "2019", "0.1"],
      ["上海", "2020", "$-$1.5"],
      ["--", "2021", "--"],
    ]);
    expect(latex).toContain("\\caption{Other}");
    expect(bodyRows(writeLatex(panel, { digits: 5 }))[0]).toEqual(["北京", "2019", "0.12346"]);
  });

  it("formatCells uses a Stata %w.df format, value labels, infinity and drops the sign of a rounded zero", () => {
    const t = table([
      numberColumn("a", [1.23456, -0.0001], { format: "%9.2f" }),
      numberColumn("region", [1, 2], { valueLabels: { name: "r", labels: new Map([[1, "东部"]]) } }),
      numberColumn("inf", [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
    ]);
    const cells = formatCells(t);
    expect(cells.align).toEqual(["right", "left", "right"]);
    expect(cells.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["1.23", "东部", "∞"],
      ["0.00", "2", "-∞"],
    ]);
    expect(formatCells(t, { valueLabels: false }).rows[0]![1]!.text).toBe("1");
    expect(bodyRows(writeLatex(t))).toEqual([
      ["1.23", "东部", "$\\infty$"],
      ["0.00", "2", "$-\\infty$"],
    ]);
  });

  it("latexText escapes the ten specials, breaks ligatures and guards a row starting with [ or *", () => {
    expect(latexText("R&D 50% of $x_1 #2 {a} ~ ^ \\")).toBe(
      "R\\&D 50\\% of \\$x\\_1 \\#2 \\{a\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}",
    );
    expect(latexText("a--b ''c'' ,,d")).toBe("a-{}-b '{}'c'{}' ,{},d");
    expect(latexText("two\r\nlines\tand\u0001")).toBe("two lines and");
    const t = table([stringColumn("s", ["[1]", "*x"])]);
    expect(bodyRows(writeLatex(t))).toEqual([["{}[1]"], ["{}*x"]]);
  });

  it("noteLines(t, 'zh') words the heads in Chinese", () => {
    expect(noteLines(panel, "zh")).toEqual([
      "方法：entropy weights",
      "参数：epsilon = 1e-9；normalize = minmax",
      "参考文献：Shannon (1948)",
      "数据来源：NBS",
      "注：Values in percent.",
      "注：上海 2020 estimated",
    ]);
  });
});

describe("properties", () => {
  const printable = fc
    .string({ unit: "grapheme", maxLength: 20 })
    // eslint-disable-next-line no-control-regex -- removing control characters
    .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, ""));
  const specials = fc.string({
    unit: fc.constantFrom(..."&%$#_{}~^\\<>|`-',. aZ中文".split("")),
    maxLength: 20,
  });

  propTest.prop([fc.oneof(printable, specials)])(
    "unescaping latexText(s) gives s back (no special is left raw)",
    (s) => {
      expect(unescapeLatex(latexText(s))).toBe(s);
    },
  );

  propTest.prop([fc.oneof(printable, specials)])("line breaks and tabs become spaces", (s) => {
    expect(unescapeLatex(latexText(`${s}\n${s}\t`))).toBe(`${s} ${s} `);
  });

  propTest.prop([
    fc.array(fc.double({ min: -1e15, max: 1e15, noNaN: true }), { minLength: 1, maxLength: 10 }),
    fc.integer({ min: 0, max: 12 }),
  ])(
    "formatCells rounds the exact binary value half away from zero (checked with BigInt arithmetic)",
    (values, digits) => {
      const withFraction = [...values, 0.5];
      const t = table([numberColumn("x", withFraction)]);
      const texts = formatCells(t, { digits }).rows.map((r) => r[0]!.text);
      expect(texts).toEqual(withFraction.map((v) => exactFixed(v, digits)));
    },
  );

  propTest.prop([
    fc.array(
      fc.tuple(fc.option(fc.string({ maxLength: 6 }), { nil: null }), fc.integer({ min: -1e6, max: 1e6 })),
      { maxLength: 8 },
    ),
  ])(
    "writeLatex has one tabular row per table row, each with one cell per column, and is deterministic",
    (rows) => {
      const t = table([
        stringColumn(
          "s",
          rows.map(([s]) => s),
        ),
        numberColumn(
          "n",
          rows.map(([, n]) => n),
        ),
      ]);
      const latex = writeLatex(t);
      expect(writeLatex(t)).toBe(latex);
      const body = bodyRows(latex);
      expect(body).toHaveLength(rows.length);
      body.forEach((cells, i) => {
        expect(cells).toHaveLength(2);
        expect(unescapeLatex(cells[0]!)).toBe(rows[i]![0] ?? "");
        expect(cells[1]!.replace("$-$", "-")).toBe(String(rows[i]![1]));
      });
    },
  );
});

describe("edges and errors", () => {
  it("writeLatex of a table without rows still has a header and rules", () => {
    const latex = writeLatex(table([numberColumn("x", [])]));
    expect(bodyRows(latex)).toEqual([]);
    expect(latex).toContain("\\begin{tabular}{r}");
  });

  it("misuse throws RangeError naming the function", () => {
    expect(() => writeLatex(table([]))).toThrow(/^writeLatex: /);
    expect(() => writeLatex(panel, { digits: -1 })).toThrow(/^formatCells: digits/);
    expect(() => writeLatex(panel, { digits: { gdp_index: 1.5 } })).toThrow(RangeError);
  });
});
