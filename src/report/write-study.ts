/**
 * Writes a study run's outputs into one folder: tables/<step>-<table>.csv, tables.xlsx (a sheet per table),
 * tables.tex (a LaTeX document of booktabs tables with the method notes), tables.docx, figures/<id>.svg and .png,
 * report.html, results.json (the results as JSON for the web app), study.yaml (the study file run, when given) and
 * manifest.json. Everything is encoded first and then written file by file atomically; the
 * manifest is written last. Only manifest.json holds timings, so two runs of the same study give byte-identical
 * files apart from the manifest's timing fields.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { NqpfInputError, isNqpfInputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { writeCsv } from "../io/write-csv.js";
import { writeDocx } from "../io/write-docx.js";
import { latexText, writeLatex } from "../io/write-latex.js";
import { writeXlsx } from "../io/xlsx.js";
import type { StudyProgress } from "../study/run.js";
import type { StudyRunResult } from "../study/types.js";
import type { ChartLang } from "./chart-options.js";
import { renderFigure } from "./figures.js";
import { htmlReport, reportRuntime, type ReportFiles } from "./html-report.js";
import { resultsJson } from "./results-json.js";

/** A file the run read, with its SHA-256. */
export interface StudyInputFile {
  /** What the file is to the study. */
  readonly role: "study" | "dataset" | "file" | "system" | "map";
  /** The name the study uses for it (dataset or system name, or the path as written). */
  readonly name: string;
  /** The path read (relative to the current folder; bundled files as data/...). */
  readonly path: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  readonly bytes: number;
}

/** How long the run took; only manifest.json holds these. */
export interface StudyTimings {
  /** ISO 8601 time the run started. */
  readonly started: string;
  /** Milliseconds spent validating and loading the data. */
  readonly validateMs?: number;
  /** Milliseconds per step, in step order. */
  readonly steps: readonly { readonly id: string; readonly ms: number }[];
  /** Milliseconds from the start to the end of the last step. */
  readonly runMs: number;
  /** Milliseconds spent encoding and writing the outputs (set by writeStudyOutputs). */
  readonly writeMs?: number;
}

/** Times a study run from its progress events; see {@link studyTimer}. */
export interface StudyTimer {
  /** Pass every progress event of runStudy here. */
  onProgress(event: StudyProgress): void;
  /** The timings so far: validation (start to the first step), each finished step, and the whole run. */
  timings(): StudyTimings;
}

/**
 * Starts timing a study run (now): the time to the first step's start is validation and data loading, each step
 * runs from its "start" to its "done" event, the run from now to the call of `timings()`.
 * @returns the timer
 * @example
 * const timer = studyTimer(); await runStudy(study, io, { onProgress: timer.onProgress }); timer.timings().runMs
 */
export function studyTimer(): StudyTimer {
  const started = new Date();
  const t0 = performance.now();
  const steps: { id: string; ms: number }[] = [];
  let stepStart = t0;
  let validateMs: number | undefined;
  return {
    onProgress(event) {
      const now = performance.now();
      if (event.phase === "start") {
        validateMs ??= Math.round(now - t0);
        stepStart = now;
      } else steps.push({ id: event.step, ms: Math.round(now - stepStart) });
    },
    timings: () => ({
      started: started.toISOString(),
      ...(validateMs !== undefined ? { validateMs } : {}),
      steps: [...steps],
      runMs: Math.round(performance.now() - t0),
    }),
  };
}

/** Where the run ran. */
export interface StudyPlatform {
  /** process.version, e.g. "v20.19.0". */
  readonly node: string;
  /** process.platform, e.g. "linux". */
  readonly os: string;
  /** process.arch, e.g. "x64". */
  readonly arch: string;
}

/** manifest.json: what was run, on what, with which seeds, what came out, where and how long it took. */
export interface StudyManifest {
  readonly nqpf: { readonly version: string };
  readonly title: string;
  /** The study with every default filled in, as run. */
  readonly study: unknown;
  readonly inputs: readonly StudyInputFile[];
  readonly seeds: Readonly<Record<string, number>>;
  readonly sources: StudyRunResult["sources"];
  readonly warnings: readonly { readonly step: string; readonly message: string }[];
  /** The files written besides the manifest, with their SHA-256. */
  readonly outputs: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
  readonly platform: StudyPlatform;
  readonly timings: StudyTimings;
}

/** Options of {@link writeStudyOutputs}. */
export interface WriteStudyOptions {
  /** Write into a folder that exists and is not empty (its files of the same names are replaced; others are left alone). */
  readonly force?: boolean;
  /** The nqpf version. */
  readonly version: string;
  /** The files the run read, with their hashes. */
  readonly inputs: readonly StudyInputFile[];
  /** The resolved study (defaults filled in), as plain JSON data. */
  readonly study: unknown;
  readonly timings: StudyTimings;
  readonly platform: StudyPlatform;
  /** Language of the charts' generic labels (default "en"). */
  readonly lang?: ChartLang;
  /** The text of the study file that was run, written as study.yaml so the folder reproduces the run. */
  readonly studyText?: string;
}

/** The file names of a run's tables and figures, relative to the output folder. */
export interface StudyOutputNames {
  /** Per step, per table: CSV path and sheet name in tables.xlsx. */
  readonly tables: readonly (readonly { readonly csv: string; readonly sheet: string }[])[];
  /** Per step, per figure: SVG and PNG paths. */
  readonly figures: readonly (readonly { readonly svg: string; readonly png: string }[])[];
}

/** What {@link writeStudyOutputs} wrote. */
export interface WrittenStudy {
  /** The output folder as given. */
  readonly outDir: string;
  /** Paths of the report and the manifest. */
  readonly report: string;
  readonly manifest: string;
  /** Every file written, relative to the folder, in writing order (manifest.json last). */
  readonly files: readonly string[];
  readonly names: StudyOutputNames;
  readonly manifestData: StudyManifest;
}

/** Characters Excel does not allow in sheet names: []:*?/\, control characters, U+FFFE/U+FFFF and lone surrogates. */
/* eslint-disable no-control-regex -- control characters are not allowed in sheet names */
const SHEET_FORBIDDEN =
  /[[\]:*?/\\\u0000-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** A file name part: letters, digits, _, . and - kept; anything else becomes _. */
function fileSafe(text: string): string {
  const safe = text.replace(/[^\p{L}\p{N}_.-]+/gu, "_").replace(/^[.-]+/, "");
  return safe === "" ? "_" : safe;
}

/** The first `max` UTF-16 units of `text`, never splitting a surrogate pair, without a trailing apostrophe. */
function clip(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end).replace(/'+$/, "");
}

/** `base`, or `base~2`, `base~3`… (within `max` UTF-16 units) so that no two names are equal ignoring case. */
function unique(base: string, used: Set<string>, max?: number): string {
  let name = clip(base, max);
  for (let k = 2; used.has(name.toLowerCase()); k++) {
    const suffix = `~${k}`;
    name = clip(base, max !== undefined ? max - suffix.length : undefined) + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

/**
 * The output file names of a run: tables/<step>-<table>.csv (table = its meta.name, else table<k>), sheet names of
 * tables.xlsx (the same "<step>-<table>", made Excel-valid and cut to 31 characters), figures/<id>.svg and .png.
 * Names are made file-safe (letters, digits, _ . - kept) and unique ignoring case by a ~2, ~3… suffix.
 * @param result the run result
 * @returns the names per step, per table and figure
 * @example
 * studyOutputNames(result).tables[0][0] // => { csv: "tables/index-scores.csv", sheet: "index-scores" }
 */
export function studyOutputNames(result: StudyRunResult): StudyOutputNames {
  const csvUsed = new Set<string>();
  const sheetUsed = new Set<string>(["_nqpf_meta", "history"]);
  const figureUsed = new Set<string>();
  return {
    tables: result.steps.map((step) =>
      step.tables.map((t, k) => {
        const base = `${step.id}-${t.meta.name ?? `table${k + 1}`}`;
        const sheetBase =
          base.replace(SHEET_FORBIDDEN, "_").replace(/^[\s']+|[\s']+$/g, "") || `Sheet${k + 1}`;
        return {
          csv: `tables/${unique(fileSafe(base), csvUsed)}.csv`,
          sheet: unique(sheetBase, sheetUsed, 31),
        };
      }),
    ),
    figures: result.steps.map((step) =>
      step.figures.map((f) => {
        const name = unique(fileSafe(f.id), figureUsed);
        return { svg: `figures/${name}.svg`, png: `figures/${name}.png` };
      }),
    ),
  };
}

/**
 * Checks that outputs may go into `outDir`: it does not exist, or is an empty folder, or `force` is set. With force,
 * nqpf's files in it are replaced and any other file is left alone.
 * @param outDir the output folder
 * @param force write into a non-empty folder
 * @throws NqpfInputError `output_exists` for a non-empty folder without force; `not_writable` when the path is a file
 */
export async function checkOutputFolder(outDir: string, force: boolean): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(outDir)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new NqpfInputError([notWritable(outDir, error)], { cause: error });
  }
  if (!isFolder)
    throw new NqpfInputError([
      {
        code: "not_writable",
        file: outDir,
        message: "the output path exists and is a file, not a folder",
        hint: "give --out a folder path (new or empty)",
      },
    ]);
  if (force) return;
  const entries = (await readdir(outDir)).sort();
  if (entries.length > 0)
    throw new NqpfInputError([
      {
        code: "output_exists",
        file: outDir,
        message: `the output folder is not empty (${entries.length} ${entries.length === 1 ? "entry" : "entries"}: ${entries.slice(0, 5).join(", ")}${entries.length > 5 ? ", …" : ""}) and was left as it is`,
        hint: "choose a new or empty folder, or pass --force to replace nqpf's files in it (other files are left alone)",
      },
    ]);
}

function notWritable(
  file: string,
  error: unknown,
): {
  code: "not_writable";
  file: string;
  message: string;
  hint: string;
} {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    code: "not_writable",
    file,
    message: `cannot write here${code !== undefined ? ` (${code})` : ""}`,
    hint: "check that the folder can be written and that no file stands where a folder is needed",
  };
}

/**
 * The SHA-256 and size of a file.
 * @param path the file
 * @returns lower-case hex digest and byte count
 * @throws Error from the file system when the file cannot be read
 */
export async function fileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const bytes = await readFile(path);
  return { sha256: sha256(bytes), bytes: bytes.length };
}

function sha256(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex");
}

// ---------------------------------------------------------------------------------------------------------------
// LaTeX document

/** pdfTeX replacements for characters utf8.def does not know (XeLaTeX and LuaLaTeX print them as they are). */
const PDFTEX_CHARACTERS: Readonly<Record<string, string>> = {
  α: "\\ensuremath{\\alpha}",
  β: "\\ensuremath{\\beta}",
  γ: "\\ensuremath{\\gamma}",
  δ: "\\ensuremath{\\delta}",
  ε: "\\ensuremath{\\varepsilon}",
  θ: "\\ensuremath{\\theta}",
  λ: "\\ensuremath{\\lambda}",
  μ: "\\ensuremath{\\mu}",
  ν: "\\ensuremath{\\nu}",
  π: "\\ensuremath{\\pi}",
  ρ: "\\ensuremath{\\rho}",
  σ: "\\ensuremath{\\sigma}",
  τ: "\\ensuremath{\\tau}",
  φ: "\\ensuremath{\\phi}",
  χ: "\\ensuremath{\\chi}",
  ψ: "\\ensuremath{\\psi}",
  ω: "\\ensuremath{\\omega}",
  Γ: "\\ensuremath{\\Gamma}",
  Δ: "\\ensuremath{\\Delta}",
  Θ: "\\ensuremath{\\Theta}",
  Λ: "\\ensuremath{\\Lambda}",
  Π: "\\ensuremath{\\Pi}",
  Σ: "\\ensuremath{\\Sigma}",
  Φ: "\\ensuremath{\\Phi}",
  Ψ: "\\ensuremath{\\Psi}",
  Ω: "\\ensuremath{\\Omega}",
  "≤": "\\ensuremath{\\leq}",
  "≥": "\\ensuremath{\\geq}",
  "≈": "\\ensuremath{\\approx}",
  "≠": "\\ensuremath{\\neq}",
  "→": "\\ensuremath{\\rightarrow}",
  "←": "\\ensuremath{\\leftarrow}",
  "↔": "\\ensuremath{\\leftrightarrow}",
  "−": "\\ensuremath{-}",
  "∞": "\\ensuremath{\\infty}",
  "∑": "\\ensuremath{\\sum}",
  "∏": "\\ensuremath{\\prod}",
  "√": "\\ensuremath{\\surd}",
  "∂": "\\ensuremath{\\partial}",
  "′": "\\ensuremath{'}",
  "⋅": "\\ensuremath{\\cdot}",
  "∈": "\\ensuremath{\\in}",
  "–": "\\textendash{}",
  "—": "\\textemdash{}",
  "‘": "`",
  "’": "'",
  "“": "``",
  "”": "''",
  "…": "\\ldots{}",
  "•": "\\textbullet{}",
  "\u0302": "",
  "\u0304": "",
};

/** Characters of `text` above U+017F (utf8.def with T1 covers Latin-1 and Latin Extended-A), in code-point order. */
function charactersForPdfTex(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) if (ch.codePointAt(0)! > 0x17f) found.add(ch);
  return [...found].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/** Tables with more rows than this are set as a longtable (breaking across pages) instead of a float. */
const LONG_TABLE_ROWS = 30;

/**
 * A writeLatex float re-set as a booktabs longtable that breaks across pages (header repeated, "continued" footer),
 * with the notes after it; the float as it is when its layout is not the one writeLatex writes.
 */
function longTable(latex: string): string {
  const lines = latex.split("\n").filter((line) => !line.startsWith("%"));
  const begin = lines.findIndex((line) => line.startsWith("\\begin{tabular}{"));
  const top = lines.indexOf("\\toprule");
  const mid = lines.indexOf("\\midrule");
  const bottom = lines.indexOf("\\bottomrule");
  const end = lines.indexOf("\\end{tabular}");
  if (!(begin >= 0 && top === begin + 1 && mid > top && bottom > mid && end === bottom + 1)) return latex;
  const spec = lines[begin]!.slice("\\begin{tabular}{".length, -1);
  const head = lines.slice(top + 1, mid);
  const caption = lines.slice(0, begin).find((line) => line.startsWith("\\caption{"));
  const label = lines.slice(0, begin).find((line) => line.startsWith("\\label{"));
  const notes = lines.slice(end + 1, lines.lastIndexOf("\\end{table}"));
  return [
    `\\begin{longtable}{${spec}}`,
    ...(caption !== undefined ? [`${caption}${label ?? ""}\\\\`] : []),
    "\\toprule",
    ...head,
    "\\midrule",
    "\\endfirsthead",
    "\\toprule",
    ...head,
    "\\midrule",
    "\\endhead",
    "\\midrule",
    `\\multicolumn{${spec.length}}{r}{\\footnotesize continued on the next page}\\\\`,
    "\\endfoot",
    "\\bottomrule",
    "\\endlastfoot",
    ...lines.slice(mid + 1, bottom),
    "\\end{longtable}",
    ...notes.filter((line) => line !== "\\par\\smallskip"),
  ].join("\n");
}

/**
 * The tables of a run as one LaTeX document: per step a section with its method notes and warnings, then its tables
 * as booktabs floats (writeLatex, with each table's method, parameters, reference and notes under it); tables of
 * more than 30 rows as booktabs longtables that break across pages. Written for XeLaTeX or LuaLaTeX (fontspec;
 * xeCJK for Chinese when installed); under pdfLaTeX, characters above Latin Extended-A are declared (Greek letters
 * and math symbols as math, anything else, e.g. Chinese, as "?").
 * Reference: booktabs (Fear 2020, CTAN); longtable (Carlisle, CTAN); iftex; inputenc's \DeclareUnicodeCharacter.
 * @param result the run result
 * @returns the LaTeX source
 * @example
 * studyLatex(result).includes("\\begin{document}") // => true
 */
export function studyLatex(result: StudyRunResult): string {
  const body: string[] = [];
  body.push(`\\section*{${latexText(result.title)}}`);
  result.steps.forEach((step, i) => {
    body.push("");
    body.push(`\\subsection*{${i + 1}. ${latexText(step.title)}}`);
    body.push(`Step \\texttt{${latexText(step.id)}}, method \\texttt{${latexText(step.method)}}.\\par`);
    if (step.warnings.length > 0) {
      body.push("\\begin{itemize}");
      for (const w of step.warnings) body.push(`\\item \\textbf{Warning:} ${latexText(w)}`);
      body.push("\\end{itemize}");
    }
    if (step.notes.length > 0) {
      body.push("{\\small");
      for (const note of step.notes) body.push(`${latexText(note)}\\par`);
      body.push("}");
    }
    step.tables.forEach((t, k) => {
      body.push("");
      const latex = writeLatex(t, { label: `tab:${step.id}-${t.meta.name ?? `table${k + 1}`}` }).trimEnd();
      body.push(t.rowCount > LONG_TABLE_ROWS ? longTable(latex) : latex);
    });
    body.push("\\clearpage");
  });
  const text = body.join("\n");
  const declarations = charactersForPdfTex(text).map((ch) => {
    const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return `  \\DeclareUnicodeCharacter{${code}}{${PDFTEX_CHARACTERS[ch] ?? "?"}}`;
  });
  return [
    "% Tables of the study run, written by nqpf. Compile with xelatex or lualatex (Chinese text needs xeCJK);",
    "% pdflatex also works but prints characters it cannot set (e.g. Chinese) as ?.",
    "\\documentclass[10pt]{article}",
    "\\usepackage{iftex}",
    "\\ifPDFTeX",
    "  \\usepackage[utf8]{inputenc}",
    "  \\usepackage[T1]{fontenc}",
    ...declarations,
    "\\else",
    "  \\usepackage{fontspec}",
    "  \\ifXeTeX\\IfFileExists{xeCJK.sty}{\\usepackage{xeCJK}}{}\\fi",
    "\\fi",
    "\\usepackage[a4paper,landscape,margin=15mm]{geometry}",
    "\\usepackage{booktabs}",
    "\\usepackage{longtable}",
    "\\begin{document}",
    text,
    "\\end{document}",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * Writes every output of a study run into `outDir`: tables/<step>-<table>.csv (one per table, UTF-8), tables.xlsx
 * (one sheet per table, names from studyOutputNames), tables.tex (studyLatex), tables.docx, figures/<id>.svg and
 * .png, report.html (htmlReport), results.json (resultsJson: tables, figure specifications, notes and warnings as
 * JSON), study.yaml (the study text, when `studyText` is given) and manifest.json (nqpf version, title, resolved study, input files with SHA-256,
 * seeds, sources, warnings, output files with SHA-256, platform, timings). The folder rule: a folder that does not
 * exist or is empty is written; a non-empty folder needs `force`, and then files of the same names are replaced
 * and all other files are left alone. Every file is written atomically (temporary file + rename), the manifest
 * last. XLSX and DOCX are byte-stable (fixed document times and zip entry times), so the same result gives
 * byte-identical files except the manifest's timings.
 * Reference: the output layout of `nqpf run` (docs); src/io/atomic-write.ts.
 * @param result the run result
 * @param outDir the output folder
 * @param options force, version, inputs, resolved study, timings, platform, chart lang, study text (study.yaml)
 * @returns the files written and the manifest
 * @throws NqpfInputError `output_exists` (non-empty folder without force) or `not_writable`; RangeError from the writers for inconsistent results
 * @example
 * const written = await writeStudyOutputs(result, "results", { version, inputs, study, timings, platform });
 * written.report // => "results/report.html"
 */
export async function writeStudyOutputs(
  result: StudyRunResult,
  outDir: string,
  options: WriteStudyOptions,
): Promise<WrittenStudy> {
  const writeStart = performance.now();
  await checkOutputFolder(outDir, options.force ?? false);
  const names = studyOutputNames(result);
  const lang = options.lang ?? "en";
  const files: { path: string; content: Uint8Array | string }[] = [];

  const tables = result.steps.flatMap((s) => s.tables);
  result.steps.forEach((step, i) => {
    step.tables.forEach((t, k) => {
      files.push({ path: names.tables[i]![k]!.csv, content: writeCsv(t) });
    });
  });
  if (tables.length > 0) {
    files.push({
      path: "tables.xlsx",
      content: await writeXlsx(tables, { sheetNames: names.tables.flatMap((s) => s.map((t) => t.sheet)) }),
    });
    files.push({ path: "tables.tex", content: studyLatex(result) });
    files.push({
      path: "tables.docx",
      content: await writeDocx(tables, { title: result.title, language: "en" }),
    });
  }
  for (const [i, step] of result.steps.entries()) {
    for (const [k, figure] of step.figures.entries()) {
      const drawn = await renderFigure(figure, { lang });
      files.push({ path: names.figures[i]![k]!.svg, content: drawn.svg });
      files.push({ path: names.figures[i]![k]!.png, content: drawn.png });
    }
  }
  const reportFiles: ReportFiles = names;
  files.push({
    path: "report.html",
    content: htmlReport(result, {
      version: options.version,
      manifest: { inputs: options.inputs, seeds: result.seeds, study: options.study },
      runtime: await reportRuntime(result),
      lang,
      files: reportFiles,
    }),
  });

  files.push({ path: "results.json", content: `${JSON.stringify(resultsJson(result), jsonReplacer)}\n` });
  if (options.studyText !== undefined) files.push({ path: "study.yaml", content: options.studyText });

  for (const file of files) await writeOutput(join(outDir, file.path), file.content);
  const manifest: StudyManifest = {
    nqpf: { version: options.version },
    title: result.title,
    study: options.study,
    inputs: options.inputs,
    seeds: result.seeds,
    sources: result.sources,
    warnings: result.steps.flatMap((s) => s.warnings.map((message) => ({ step: s.id, message }))),
    outputs: files.map((f) => ({
      path: f.path,
      bytes: typeof f.content === "string" ? Buffer.byteLength(f.content, "utf8") : f.content.length,
      sha256: sha256(f.content),
    })),
    platform: options.platform,
    timings: { ...options.timings, writeMs: Math.round(performance.now() - writeStart) },
  };
  await writeOutput(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    outDir,
    report: join(outDir, "report.html"),
    manifest: join(outDir, "manifest.json"),
    files: [...files.map((f) => f.path), "manifest.json"],
    names,
    manifestData: manifest,
  };
}

/** JSON.stringify replacer: typed arrays as arrays, Maps as objects, Sets as arrays (non-finite numbers become null). */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value as Map<string, unknown>);
  if (value instanceof Set) return [...(value as Set<unknown>)];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

async function writeOutput(path: string, content: Uint8Array | string): Promise<void> {
  try {
    await writeFileAtomic(path, content, { overwrite: true });
  } catch (error) {
    if (isNqpfInputError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === "EACCES" ||
      code === "EPERM" ||
      code === "EROFS" ||
      code === "ENOTDIR" ||
      code === "EISDIR" ||
      code === "EEXIST"
    )
      throw new NqpfInputError([notWritable(path, error)], { cause: error });
    throw error;
  }
}
