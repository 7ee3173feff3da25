/**
 * Reads any supported file into a Table, choosing the reader from the file's content (magic
 * bytes) and, where the content is ambiguous, its extension: CSV (plain or gzip), XLSX, Stata .dta, JSON.
 */
import { open, readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { issue, NqpfInputError } from "../errors.js";
import type { Table } from "../table/table.js";
import { readCsv, type ReadCsvOptions } from "./read-csv.js";
import { readDta } from "./read-dta.js";
import { readJson } from "./json.js";
import { readXlsx } from "./xlsx.js";

export type FileFormat = "csv" | "xlsx" | "dta" | "json";

export interface ReadTableOptions {
  /** Force a format instead of detecting it. */
  readonly format?: FileFormat;
  /** Name used in issue locations (default: the path). */
  readonly file?: string;
  readonly encoding?: ReadCsvOptions["encoding"];
  readonly delimiter?: ReadCsvOptions["delimiter"];
  readonly types?: Readonly<Record<string, "number" | "string">>;
  /** XLSX: sheet name or 1-based index. */
  readonly sheet?: string | number;
  /** XLSX: 1-based header row. */
  readonly headerRow?: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

export interface ReadTableResult {
  readonly table: Table;
  readonly format: FileFormat;
  /** What the reader found out about the file (encoding, delimiter, gzip, sheet, Stata version …). */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Reads `path` with the reader its content calls for.
 * @throws NqpfInputError for a missing, empty or malformed file (located issues)
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<ReadTableResult> {
  const file = options.file ?? path;
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new NqpfInputError([
        {
          code: "bad_argument",
          file,
          message: "this is a folder, not a data file",
          hint: "give the path of a CSV, XLSX, DTA or JSON file",
        },
      ]);
    size = info.size;
  } catch (error) {
    if (error instanceof NqpfInputError) throw error;
    throw new NqpfInputError([issue.fileNotFound(file)], { cause: error });
  }
  if (size === 0) throw new NqpfInputError([issue.emptyFile(file)]);
  const format = options.format ?? (await detectFormat(path));
  switch (format) {
    case "dta": {
      const result = readDta(new Uint8Array(await readFile(path)), { file });
      return {
        table: result.table,
        format,
        details: { version: result.version, byteOrder: result.byteOrder },
      };
    }
    case "xlsx": {
      const result = await readXlsx(path, {
        file,
        ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
        ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
        ...(options.types !== undefined ? { types: options.types } : {}),
      });
      return {
        table: result.table,
        format,
        details: { sheet: result.sheet, sheets: result.sheets.join(", ") },
      };
    }
    case "json": {
      const text = await readFile(path, "utf8");
      return { table: readJson(text, { file }), format, details: {} };
    }
    case "csv": {
      const result = await readCsv(path, {
        file,
        ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
        ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
        ...(options.types !== undefined ? { types: options.types } : {}),
        ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      });
      return {
        table: result.table,
        format,
        details: {
          encoding: result.encoding,
          delimiter: result.delimiter,
          gzip: result.gzip,
          bom: result.bom,
        },
      };
    }
  }
}

/** The format of a file from its first bytes (zip → xlsx, `<stata_dta>` → dta, `{`/`[` → json), else from the extension, else CSV. */
export async function detectFormat(path: string): Promise<FileFormat> {
  const handle = await open(path, "r");
  const head = new Uint8Array(64);
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return "xlsx";
  const text = new TextDecoder("latin1").decode(head);
  if (text.startsWith("<stata_dta>")) return "dta";
  if (head[0] === 0x72 || head[0] === 0x71 || head[0] === 0x73 || head[0] === 0x6e) {
    if (extname(path).toLowerCase() === ".dta") return "dta"; // old binary formats: the reader says which it supports
  }
  const trimmed = text.replace(/^\uFEFF|^ï»¿/, "").trimStart();
  const ext = extname(path).toLowerCase();
  if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && ext !== ".csv") return "json";
  if (ext === ".dta") return "dta";
  if (ext === ".xlsx") return "xlsx";
  if (ext === ".json") return "json";
  return "csv";
}
