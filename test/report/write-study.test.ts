/**
 * writeStudyOutputs on the hand-made result with every figure kind: the files of the output layout, every table in
 * tables.xlsx (read back with exceljs, cell by cell) and in its CSV (read back with csv-parse), tables.docx holding
 * every table, a structurally valid LaTeX document (environments balanced, booktabs rules in order, every row with
 * as many cells as the column spec; compiled with pdflatex when it is installed), SVG and PNG per figure, the
 * manifest's hashes recomputed here with node:crypto, byte-identical files from two writes (only the manifest's
 * timings differ), the folder rule (a non-empty folder needs force; other files are left alone) and the file
 * names (sheet names valid and unique, CSV names unique) as a property.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test as propTest, fc } from "@fast-check/vitest";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  studyLatex,
  studyOutputNames,
  writeStudyOutputs,
  type StudyManifest,
  type WriteStudyOptions,
  type WrittenStudy,
} from "../../src/report/write-study.js";
import type { StudyRunResult } from "../../src/study/types.js";
import { cell, numberColumn, table } from "../../src/table/table.js";
import { issuesOfAsync } from "../issues.js";
import { SAMPLE_RESULT } from "./sample-result.js";

const work = mkdtempSync(join(tmpdir(), "nqpf-write-study-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const OPTIONS: WriteStudyOptions = {
  version: "9.9.9",
  inputs: [{ role: "study", name: "study.yaml", path: "study.yaml", sha256: "b".repeat(64), bytes: 42 }],
  study: { nqpf: 1, title: "Sample", steps: [] },
  timings: { started: "2025-01-01T00:00:00.000Z", steps: [{ id: "index", ms: 12 }], runMs: 40 },
  platform: { node: "v20.0.0", os: "linux", arch: "x64" },
};

/** Every file under a folder, relative, sorted. */
function filesUnder(folder: string, prefix = ""): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(join(folder, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    )
    .sort();
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

let first: WrittenStudy;
let second: WrittenStudy;
beforeAll(async () => {
  first = await writeStudyOutputs(SAMPLE_RESULT, join(work, "a"), OPTIONS);
  second = await writeStudyOutputs(structuredClone(SAMPLE_RESULT), join(work, "b"), {
    ...OPTIONS,
    timings: { started: "2025-06-30T12:00:00.000Z", steps: [{ id: "index", ms: 99 }], runMs: 123 },
  });
});

describe("writeStudyOutputs: files", () => {
  it("writes the layout: one CSV per table, tables.xlsx/.tex/.docx, SVG and PNG per figure, report.html, manifest.json", () => {
    const figures = SAMPLE_RESULT.steps.flatMap((s) => s.figures.map((f) => f.id));
    const expected = [
      "tables/index-scores.csv",
      "tables/index-weights.csv",
      "tables/kde-markov_transitions.csv",
      "tables/moran-moran.csv",
      "tables.xlsx",
      "tables.tex",
      "tables.docx",
      ...figures.flatMap((id) => [`figures/${id}.svg`, `figures/${id}.png`]),
      "report.html",
      "results.json",
      "manifest.json",
    ];
    expect(first.files).toEqual(expected);
    expect(filesUnder(join(work, "a"))).toEqual([...expected].sort());
    expect(first.report).toBe(join(work, "a", "report.html"));
    for (const id of figures) {
      expect(readFileSync(join(work, "a", "figures", `${id}.svg`), "utf8")).toMatch(/^<svg[\s>]/);
      // PNG signature (PNG spec §5.2).
      expect([...readFileSync(join(work, "a", "figures", `${id}.png`)).subarray(0, 8)]).toEqual([
        137, 80, 78, 71, 13, 10, 26, 10,
      ]);
    }
  });

  it("tables.xlsx opens with exceljs and holds every table, cell by cell, on the sheet studyOutputNames names", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join(work, "a", "tables.xlsx")) as unknown as ArrayBuffer);
    const names = studyOutputNames(SAMPLE_RESULT);
    SAMPLE_RESULT.steps.forEach((step, i) => {
      step.tables.forEach((t, k) => {
        const sheet = workbook.getWorksheet(names.tables[i]![k]!.sheet);
        expect(sheet, names.tables[i]![k]!.sheet).toBeDefined();
        expect(sheet!.getRow(1).values).toEqual([undefined, ...t.columns.map((c) => c.name)]);
        expect(sheet!.actualRowCount).toBe(t.rowCount + 1);
        for (let r = 0; r < t.rowCount; r++)
          t.columns.forEach((c, j) => {
            const value = sheet!.getCell(r + 2, j + 1).value;
            expect(value ?? null, `${t.meta.name!} row ${r + 1} ${c.name}`).toBe(cell(c, r));
          });
      });
    });
  });

  it("each CSV reads back (csv-parse) with the table's header and values", () => {
    const names = studyOutputNames(SAMPLE_RESULT);
    SAMPLE_RESULT.steps.forEach((step, i) => {
      step.tables.forEach((t, k) => {
        const rows = parseCsv(readFileSync(join(work, "a", names.tables[i]![k]!.csv), "utf8"));
        expect(rows[0]).toEqual(t.columns.map((c) => c.name));
        expect(rows).toHaveLength(t.rowCount + 1);
        t.columns.forEach((c, j) => {
          for (let r = 0; r < t.rowCount; r++) {
            const v = cell(c, r);
            const text = rows[r + 1]![j]!;
            if (v === null) expect(text).toBe("");
            else if (typeof v === "number") expect(Number(text)).toBe(v);
            else expect(text).toBe(v);
          }
        });
      });
    });
  });

  it("tables.docx holds one Word table per table, each with its caption", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(work, "a", "tables.docx")));
    const xml = await zip.file("word/document.xml")!.async("string");
    const tables = SAMPLE_RESULT.steps.flatMap((s) => s.tables);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(tables.length);
    const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };
    const text = xml.replace(/&(lt|gt|amp|apos|quot);/g, (_, name: string) => entities[name]!);
    tables.forEach((t, k) => {
      expect(text.includes(`Table ${k + 1}. ${t.meta.title!}`), t.meta.title).toBe(true);
    });
  });

  it("manifest.json: version, inputs, resolved study, seeds, sources, warnings, outputs with their SHA-256, platform, timings", () => {
    const manifest = JSON.parse(readFileSync(join(work, "a", "manifest.json"), "utf8")) as StudyManifest;
    expect(manifest.nqpf).toEqual({ version: "9.9.9" });
    expect(manifest.inputs).toEqual(OPTIONS.inputs);
    expect(manifest.study).toEqual(OPTIONS.study);
    expect(manifest.seeds).toEqual({ moran: 1 });
    expect(manifest.sources).toEqual(SAMPLE_RESULT.sources);
    expect(manifest.warnings.map((w) => w.step)).toEqual(["index", "kde"]);
    expect(manifest.platform).toEqual(OPTIONS.platform);
    expect(manifest.timings).toMatchObject(OPTIONS.timings);
    expect(manifest.timings.writeMs).toBeGreaterThanOrEqual(0);
    expect(manifest.outputs.map((o) => o.path)).toEqual(first.files.filter((f) => f !== "manifest.json"));
    for (const output of manifest.outputs) {
      const bytes = readFileSync(join(work, "a", output.path));
      expect(output.sha256, output.path).toBe(sha256(bytes));
      expect(output.bytes).toBe(bytes.length);
    }
  });
});

describe("writeStudyOutputs: determinism", () => {
  it("two writes of the same result give byte-identical files; the manifests differ only in their timings", () => {
    expect(second.files).toEqual(first.files);
    for (const file of first.files) {
      if (file === "manifest.json") continue;
      const a = readFileSync(join(work, "a", file));
      const b = readFileSync(join(work, "b", file));
      expect(sha256(b), file).toBe(sha256(a));
    }
    const strip = (folder: string): unknown => {
      const { timings, ...rest } = JSON.parse(
        readFileSync(join(work, folder, "manifest.json"), "utf8"),
      ) as StudyManifest;
      expect(timings.runMs).toBeGreaterThanOrEqual(0);
      return rest;
    };
    expect(strip("b")).toEqual(strip("a"));
  });

  it("timings appear in manifest.json only", () => {
    for (const file of first.files) {
      if (
        file === "manifest.json" ||
        file.endsWith(".png") ||
        file.endsWith(".xlsx") ||
        file.endsWith(".docx")
      )
        continue;
      const text = readFileSync(join(work, "a", file), "utf8");
      expect(text, file).not.toContain("2025-01-01T00:00:00");
      expect(text, file).not.toContain("runMs");
    }
  });
});

describe("writeStudyOutputs: the output folder rule", () => {
  it("a non-empty folder without force is an output_exists issue naming the folder, and nothing is written", async () => {
    const folder = join(work, "busy");
    mkdirSync(folder);
    writeFileSync(join(folder, "mine.txt"), "keep me");
    const issues = await issuesOfAsync(writeStudyOutputs(SAMPLE_RESULT, folder, OPTIONS));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "output_exists", file: folder });
    expect(issues[0]!.message).toContain("mine.txt");
    expect(issues[0]!.hint).toContain("--force");
    expect(readdirSync(folder)).toEqual(["mine.txt"]);
  });

  it("an output path that is a file is a not_writable issue", async () => {
    const file = join(work, "plain-file");
    writeFileSync(file, "x");
    const issues = await issuesOfAsync(writeStudyOutputs(SAMPLE_RESULT, file, { ...OPTIONS, force: true }));
    expect(issues[0]).toMatchObject({ code: "not_writable", file });
  });

  it("with force, nqpf's files are replaced and other files are left alone", async () => {
    const folder = join(work, "forced");
    mkdirSync(join(folder, "tables"), { recursive: true });
    writeFileSync(join(folder, "mine.txt"), "keep me");
    writeFileSync(join(folder, "tables", "other.csv"), "a\n1\n");
    writeFileSync(join(folder, "report.html"), "old report");
    const small: StudyRunResult = { ...SAMPLE_RESULT, steps: [SAMPLE_RESULT.steps[2]!] };
    const written = await writeStudyOutputs(small, folder, { ...OPTIONS, force: true });
    expect(readFileSync(join(folder, "mine.txt"), "utf8")).toBe("keep me");
    expect(readFileSync(join(folder, "tables", "other.csv"), "utf8")).toBe("a\n1\n");
    expect(readFileSync(join(folder, "report.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
    expect(filesUnder(folder)).toEqual([...written.files, "mine.txt", "tables/other.csv"].sort());
    // No temporary files are left behind by the atomic writes.
    expect(filesUnder(folder).some((f) => f.endsWith(".tmp"))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// LaTeX structure

/** Cells of a tabular row: split at & not preceded by a backslash, \multicolumn{k} counting k. */
function cellCount(row: string): number {
  let count = 0;
  for (const part of row.split(/(?<!\\)&/)) {
    const multi = /^\s*\\multicolumn\{(\d+)\}/.exec(part);
    count += multi ? Number(multi[1]) : 1;
  }
  return count;
}

interface TabularBlock {
  readonly env: "tabular" | "longtable";
  readonly spec: string;
  readonly lines: readonly string[];
}

/** Checks the LaTeX document's structure and returns its tabular/longtable blocks; fails with a message otherwise. */
function latexStructure(tex: string): TabularBlock[] {
  const lines = tex.split("\n");
  expect(lines.filter((l) => l === "\\begin{document}")).toHaveLength(1);
  expect(lines.at(-2)).toBe("\\end{document}");
  let depth = 0;
  for (const ch of tex.replace(/\\[{}]/g, "").replace(/%.*$/gm, "")) {
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
  const begins = [...tex.matchAll(/\\begin\{(\w+)\}/g)].map((m) => m[1]!);
  const ends = [...tex.matchAll(/\\end\{(\w+)\}/g)].map((m) => m[1]!);
  expect([...ends].sort()).toEqual([...begins].sort());
  const blocks: TabularBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\\begin\{(tabular|longtable)\}\{([lrc]+)\}$/.exec(lines[i]!);
    if (!open) continue;
    const env = open[1] as "tabular" | "longtable";
    const close = lines.indexOf(`\\end{${env}}`, i);
    expect(close).toBeGreaterThan(i);
    blocks.push({ env, spec: open[2]!, lines: lines.slice(i + 1, close) });
    i = close;
  }
  for (const block of blocks) {
    const rules = block.lines.filter((l) => /^\\(top|mid|bottom)rule$/.test(l));
    expect(rules[0]).toBe("\\toprule");
    expect(rules).toContain("\\midrule");
    expect(block.lines.filter((l) => l === "\\bottomrule")).toHaveLength(1);
    expect(block.lines.indexOf("\\toprule")).toBeLessThan(block.lines.indexOf("\\midrule"));
    if (block.env === "tabular") expect(block.lines.at(-1)).toBe("\\bottomrule");
    for (const line of block.lines) {
      if (!line.endsWith("\\\\") || line.startsWith("\\caption")) continue;
      expect(cellCount(line.slice(0, -2)), line).toBe(block.spec.length);
    }
  }
  return blocks;
}

describe("studyLatex", () => {
  it("tables.tex is a structurally valid document: one booktabs block per table with consistent column counts", () => {
    const tex = readFileSync(join(work, "a", "tables.tex"), "utf8");
    const tables = SAMPLE_RESULT.steps.flatMap((s) => s.tables);
    const blocks = latexStructure(tex);
    expect(blocks.map((b) => b.spec.length)).toEqual(tables.map((t) => t.columns.length));
    expect(tex).toContain("\\usepackage{booktabs}");
    // Method notes of the steps and the table notes are in the document.
    expect(tex).toContain("Inference: 999 permutations, seed 1.\\par");
    expect(tex).toContain("Reference: Moran (1950) Biometrika 37:17–23\\par");
    expect(tex).toContain("\\item \\textbf{Warning:}");
    // Characters pdfTeX does not know are declared (Greek and math as math, Chinese as ?).
    expect(tex).toContain("\\DeclareUnicodeCharacter{03B4}{\\ensuremath{\\delta}}");
    expect(tex).toContain("\\DeclareUnicodeCharacter{5B59}{?}");
  });

  it("sets tables of more than 30 rows as longtables with the header repeated, still consistent", () => {
    const long = table(
      [
        numberColumn(
          "year",
          Array.from({ length: 45 }, (_, i) => 1980 + i),
        ),
        numberColumn(
          "v",
          Array.from({ length: 45 }, (_, i) => i / 7),
        ),
      ],
      {
        name: "long",
        title: "A long table",
        notes: ["a note"],
      },
    );
    const result: StudyRunResult = {
      ...SAMPLE_RESULT,
      steps: [{ ...SAMPLE_RESULT.steps[2]!, tables: [long] }],
    };
    const blocks = latexStructure(studyLatex(result));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.env).toBe("longtable");
    expect(blocks[0]!.lines.filter((l) => l === "year & v \\\\")).toHaveLength(2);
    expect(blocks[0]!.lines.filter((l) => /^\d{4} & /.test(l))).toHaveLength(45);
  });

  const pdflatex = spawnSync("pdflatex", ["--version"], { encoding: "utf8" }).status === 0;
  it.runIf(pdflatex)("compiles with pdflatex when it is installed", () => {
    const folder = join(work, "latex");
    mkdirSync(folder);
    writeFileSync(join(folder, "tables.tex"), readFileSync(join(work, "a", "tables.tex")));
    const run = spawnSync("pdflatex", ["-interaction=nonstopmode", "-halt-on-error", "tables.tex"], {
      cwd: folder,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(
      run.status,
      run.stdout
        .split("\n")
        .filter((l) => l.startsWith("!"))
        .join("\n"),
    ).toBe(0);
    expect(existsSync(join(folder, "tables.pdf"))).toBe(true);
  });
});

describe("studyOutputNames", () => {
  const names = fc.string({
    minLength: 1,
    maxLength: 40,
    unit: fc.constantFrom("a", "B", "_", "-", ".", "x", "[", ":", "/", "'", " ", "表", "é", "𝑥"),
  });
  propTest.prop([
    fc.array(fc.tuple(names, fc.array(fc.option(names, { nil: undefined }), { maxLength: 4 })), {
      minLength: 1,
      maxLength: 5,
    }),
  ])(
    "sheet names are Excel-valid and unique ignoring case; CSV and figure paths are file-safe and unique ignoring case",
    (steps) => {
      const result: StudyRunResult = {
        title: "t",
        sources: [],
        seeds: {},
        steps: steps.map(([id, tableNames], s) => ({
          id,
          method: "dea",
          title: "t",
          notes: [],
          warnings: [],
          tables: tableNames.map((name) =>
            table([numberColumn("x", [1])], name !== undefined ? { name } : {}),
          ),
          figures: [
            { kind: "heatmap", id: `${id}-${s}`, title: "h", rows: ["a"], columns: ["b"], values: [[1]] },
          ],
        })),
      };
      const out = studyOutputNames(result);
      const sheets = out.tables.flat().map((t) => t.sheet);
      for (const sheet of sheets) {
        expect(sheet.length).toBeGreaterThan(0);
        expect(sheet.length).toBeLessThanOrEqual(31);
        expect(sheet).not.toMatch(/[[\]:*?/\\]/);
        expect(sheet).not.toMatch(/^'|'$/);
      }
      expect(new Set(sheets.map((s) => s.toLowerCase())).size).toBe(sheets.length);
      const csv = out.tables.flat().map((t) => t.csv);
      for (const path of csv) expect(path).toMatch(/^tables\/[^/\\:*?"<>| ]+\.csv$/u);
      expect(new Set(csv.map((p) => p.toLowerCase())).size).toBe(csv.length);
      const svg = out.figures.flat().map((f) => f.svg);
      expect(new Set(svg.map((p) => p.toLowerCase())).size).toBe(svg.length);
    },
  );
});
