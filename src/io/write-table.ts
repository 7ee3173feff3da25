/**
 * Writes tables in the format an output path's extension names: .csv (.csv.gz), .xlsx, .dta,
 * .json, .tex, .docx. One table per file except XLSX (a sheet per table), DOCX and LaTeX (one
 * after another) and JSON (an array when several).
 */
import { gzipSync } from "node:zlib";
import { NqpfInputError } from "../errors.js";
import type { Table } from "../table/table.js";
import { writeFileAtomic } from "./atomic-write.js";
import { writeCsv } from "./write-csv.js";
import { writeDocx } from "./write-docx.js";
import { writeDta } from "./write-dta.js";
import { writeJson } from "./json.js";
import { writeLatex } from "./write-latex.js";
import { writeXlsx } from "./xlsx.js";

export type OutputFormat = "csv" | "csv.gz" | "xlsx" | "dta" | "json" | "tex" | "docx";

export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  "csv",
  "csv.gz",
  "xlsx",
  "dta",
  "json",
  "tex",
  "docx",
];

export interface WriteTablesOptions {
  readonly format?: OutputFormat;
  /** Replace an existing output file (default false). */
  readonly overwrite?: boolean;
  /** CSV: text encoding (utf-8 default; gb18030 for Chinese Excel). */
  readonly encoding?: "utf-8" | "gb18030" | "gbk";
  /** CSV: write a UTF-8 byte-order mark (helps Excel open UTF-8 files). */
  readonly bom?: boolean;
}

/** The output format named by a path's extension, or undefined. */
export function outputFormatOf(path: string): OutputFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv.gz")) return "csv.gz";
  const ext = lower.slice(lower.lastIndexOf(".") + 1);
  if (ext === "tsv" || ext === "txt") return "csv";
  return (OUTPUT_FORMATS as readonly string[]).includes(ext) ? (ext as OutputFormat) : undefined;
}

/** Encodes tables in `format` (no I/O). */
export async function encodeTables(
  tables: readonly Table[],
  format: OutputFormat,
  options: WriteTablesOptions = {},
): Promise<Uint8Array | string> {
  const single = (): Table => {
    if (tables.length !== 1) {
      throw new NqpfInputError([
        {
          code: "bad_argument",
          message: `${format.toUpperCase()} holds one table; got ${tables.length}`,
          hint: "write XLSX, DOCX, LaTeX or JSON for several tables, or one file per table",
        },
      ]);
    }
    return tables[0]!;
  };
  const csvOptions = {
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.bom !== undefined ? { bom: options.bom } : {}),
  };
  switch (format) {
    case "csv":
      return writeCsv(single(), csvOptions);
    case "csv.gz":
      return gzipSync(writeCsv(single(), csvOptions), { level: 9 });
    case "xlsx":
      return writeXlsx(tables);
    case "dta":
      return writeDta(single());
    case "json":
      return tables.length === 1
        ? writeJson(tables[0]!)
        : `[${tables.map((t) => writeJson(t)).join(",\n")}]\n`;
    case "tex":
      return tables.map((t) => writeLatex(t)).join("\n");
    case "docx":
      return writeDocx(tables);
  }
}

/**
 * Writes `tables` to `path` atomically in the format its extension (or `options.format`) names.
 * @throws NqpfInputError for an unknown extension or an existing file without `overwrite`
 */
export async function writeTables(
  path: string,
  tables: readonly Table[],
  options: WriteTablesOptions = {},
): Promise<OutputFormat> {
  const format = options.format ?? outputFormatOf(path);
  if (format === undefined) {
    throw new NqpfInputError([
      {
        code: "unsupported_format",
        file: path,
        message: "unknown output format",
        hint: `end the file name in one of: ${OUTPUT_FORMATS.map((f) => `.${f}`).join(", ")}`,
      },
    ]);
  }
  const content = await encodeTables(tables, format, options);
  await writeFileAtomic(path, content, { overwrite: options.overwrite ?? false });
  return format;
}
