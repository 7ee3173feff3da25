/**
 * XLSX reader and writer (Office Open XML spreadsheets, ECMA-376 / ISO/IEC 29500), built on exceljs 4.
 * A data sheet is a rectangle: header row, then one row per table row. The hidden sheet `_nqpf_meta`
 * holds column and table metadata as (sheet, column, key, JSON value) rows, so a write/read round
 * trip restores labels, value labels, units and provenance exactly.
 */
import { readFile } from "node:fs/promises";
import type { CellValue, Workbook, Worksheet } from "exceljs";
import { IssueCollector, NqpfInputError, issue, type InputIssue } from "../errors.js";
import { findEndOfCentralDirectory, fixZipDates } from "./zip.js";
import { displayWidth } from "../table/format-cells.js";
import {
  MISSING,
  MISSING_A,
  parseNumber,
  table,
  type Column,
  type ColumnMeta,
  type NumberColumn,
  type StringColumn,
  type Table,
  type TableMeta,
  type ValueLabels,
} from "../table/table.js";

/** Name of the hidden sheet that carries nqpf's column and table metadata. */
export const XLSX_META_SHEET = "_nqpf_meta";

/** Version written in the metadata sheet; readers accept this version only. */
const META_VERSION = 1;

/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32767;

/** Metadata values longer than this are split over several rows of the metadata sheet. */
const META_CHUNK = 32000;

/** Fixed creation and modification time written into every workbook, so output is byte-stable. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/** Share of numeric cells from which a column counts as numeric with a few bad cells. */
const MOSTLY_NUMERIC_SHARE = 0.9;
/** Fewest numeric cells for the "mostly numeric" rule. */
const MOSTLY_NUMERIC_MIN = 3;

export interface ReadXlsxOptions {
  /** File name shown in issues (defaults to the path when `source` is a path). */
  readonly file?: string;
  /** Sheet name, or 1-based index among the data sheets; default: first visible sheet other than `_nqpf_meta`. */
  readonly sheet?: string | number;
  /** 1-based row holding the column names (default 1); rows above it are ignored. */
  readonly headerRow?: number;
  /** Column types to use instead of inference (and instead of the types stored in `_nqpf_meta`). */
  readonly types?: Readonly<Record<string, "number" | "string">>;
}

export interface XlsxReadResult {
  readonly table: Table;
  /** Name of the sheet that was read. */
  readonly sheet: string;
  /** All sheets of the workbook in order, without the metadata sheet. */
  readonly sheets: readonly string[];
}

export interface WriteXlsxOptions {
  /** Sheet name per table (default: `table.meta.name`, else "Sheet1", "Sheet2"...); names are made valid and unique. */
  readonly sheetNames?: readonly string[];
  /** Write the hidden `_nqpf_meta` sheet (default true). */
  readonly meta?: boolean;
}

type ExcelJsModule = typeof import("exceljs");

async function loadExcelJs(): Promise<ExcelJsModule> {
  const loaded = (await import("exceljs")) as ExcelJsModule & { default?: ExcelJsModule };
  return loaded.default ?? loaded;
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads one sheet of an XLSX workbook into a Table.
 *
 * Cells: numbers stay numbers; booleans become 1/0; text and rich text (runs concatenated) are text;
 * a formula gives its cached result (a formula without one is a `bad_value` issue); a date cell becomes
 * the ISO text "YYYY-MM-DD" (or "YYYY-MM-DDThh:mm:ss" when it has a time), so a date column is a string
 * column; the error `#N/A` is missing and any other error (`#DIV/0!`, `#VALUE!`...) is a `bad_value` issue.
 * Column types follow the CSV rule: a column is numeric when every non-empty cell is a number, numeric
 * text (`parseNumber`) or a Stata missing code ("." and ".a".."z", read as mask 1 and 2..27); when at least
 * 90% and at least 3 of the non-empty cells are numeric, the other cells are reported as `not_a_number`.
 * An all-empty column is numeric (all missing). In string columns the empty string is missing.
 * Header names are trimmed; a sheet name matches exactly, else ignoring case.
 * When the hidden `_nqpf_meta` sheet describes the sheet, its column types, ColumnMeta and TableMeta are
 * restored exactly, and so are trailing all-missing rows (unless rows were removed since it was written);
 * without it the table is named after the sheet. Blank rows between data rows are kept as all-missing rows;
 * row numbers in issues are the spreadsheet's own.
 * Reference: ECMA-376 Part 1, §18 (SpreadsheetML); cell values as decoded by exceljs 4.
 * @param source file path, or the file's bytes
 * @param options sheet choice, header row, forced column types, file name for issues
 * @returns the table, the sheet read and the workbook's data sheets
 * @throws NqpfInputError with every issue found: `file_not_found`, `unsupported_format` (not an XLSX, or
 *   corrupt), `truncated_file`, `empty_file`, `unknown_sheet`, `bad_header`, `duplicate_column`,
 *   `missing_column` (a `types` name not in the header), `not_a_number`, `bad_value`
 * @throws RangeError for a `headerRow` or numeric `sheet` that is not a positive integer
 * @example
 * (await readXlsx("test/fixtures/inspect/panel.xlsx")).table.columns.map((c) => c.name)
 * // => ["adcode", "province", "year", "gdp"]
 */
export async function readXlsx(
  source: string | Uint8Array,
  options: ReadXlsxOptions = {},
): Promise<XlsxReadResult> {
  const headerRow = options.headerRow ?? 1;
  if (!(Number.isInteger(headerRow) && headerRow >= 1)) {
    throw new RangeError(`readXlsx: headerRow must be a positive integer; got ${String(headerRow)}`);
  }
  if (typeof options.sheet === "number" && !(Number.isInteger(options.sheet) && options.sheet >= 1)) {
    throw new RangeError(`readXlsx: sheet index must be a positive integer (1-based); got ${options.sheet}`);
  }
  const file = options.file ?? (typeof source === "string" ? source : undefined);
  const at: { file?: string } = file !== undefined ? { file } : {};

  const bytes = typeof source === "string" ? await readSource(source, file ?? source) : source;
  if (bytes.length === 0) throw new NqpfInputError([located(issue.emptyFile(""), at)]);

  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(toArrayBuffer(bytes));
  } catch (cause) {
    throw new NqpfInputError([loadFailure(bytes, at, cause)], { cause });
  }

  const dataSheets = workbook.worksheets.filter((ws) => ws.name !== XLSX_META_SHEET);
  const sheets = dataSheets.map((ws) => ws.name);
  if (dataSheets.length === 0) {
    throw new NqpfInputError([
      {
        code: "unsupported_format",
        ...at,
        message: "the workbook has no worksheets",
        hint: "check that this is an Excel .xlsx workbook with at least one sheet of data",
      },
    ]);
  }
  const worksheet = pickSheet(dataSheets, options.sheet, at);
  const sheetAt = { ...at, sheet: worksheet.name };

  const issues = new IssueCollector();
  const metaSheet = workbook.worksheets.find((ws) => ws.name === XLSX_META_SHEET);
  const stored = metaSheet ? readMetaSheet(metaSheet, worksheet.name, at, issues) : undefined;

  const grid = readGrid(worksheet, headerRow);
  if (grid === undefined) {
    throw new NqpfInputError([
      {
        code: "empty_file",
        ...sheetAt,
        message: headerRow === 1 ? "the sheet is empty" : `the sheet is empty from row ${headerRow} on`,
        hint: "choose the sheet that holds the data (--sheet) or check headerRow",
      },
    ]);
  }

  const names = readHeader(grid, headerRow, sheetAt, issues);
  const known = names.filter((name): name is string => name !== undefined);
  for (const name of Object.keys(options.types ?? {})) {
    if (!known.includes(name)) issues.add(issue.missingColumn({ ...sheetAt, row: headerRow }, name, known));
  }
  // Trailing all-missing rows leave no cells; the stored counts restore them, unless the sheet was edited since.
  const rowCount =
    stored?.rowCount !== undefined && stored.usedRows === grid.rows.length
      ? stored.rowCount
      : grid.rows.length;
  const columns: Column[] = [];
  for (let j = 0; j < grid.width; j++) {
    const name = names[j];
    if (name === undefined) continue;
    const cells = grid.rows.map((row) => row[j] ?? EMPTY);
    while (cells.length < rowCount) cells.push(EMPTY);
    const forced = options.types?.[name] ?? stored?.columns.get(name)?.type;
    const meta = stored?.columns.get(name)?.meta ?? {};
    columns.push(buildColumn(name, cells, forced, meta, headerRow, sheetAt, issues));
  }
  issues.throwIfAny();

  const meta: TableMeta = stored ? stored.table : { name: worksheet.name };
  return { table: table(columns, meta), sheet: worksheet.name, sheets };
}

async function readSource(path: string, file: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === "ENOENT") throw new NqpfInputError([issue.fileNotFound(file)], { cause });
    if (code === "EISDIR") {
      throw new NqpfInputError(
        [
          {
            code: "unsupported_format",
            file,
            message: "this is a folder, not a file",
            hint: "give the path of an .xlsx file",
          },
        ],
        { cause },
      );
    }
    throw cause;
  }
}

/** A copy of the bytes as a plain ArrayBuffer (what exceljs's `load` is typed to take). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return Uint8Array.from(bytes).buffer;
}

/** Explains why exceljs could not open the bytes: an old .xls / encrypted file, a cut-off zip, or not a zip at all. */
function loadFailure(bytes: Uint8Array, at: { file?: string }, cause: unknown): InputIssue {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (isOle) {
    return {
      code: "unsupported_format",
      ...at,
      message: "this is an old-style .xls workbook or a password-protected file, not an .xlsx workbook",
      hint: "open it in Excel or LibreOffice, remove any password and save it as .xlsx (Excel Workbook)",
    };
  }
  if (isZip && findEndOfCentralDirectory(bytes) < 0) {
    return located(issue.truncatedFile("", "the zip container has no end record"), at);
  }
  return {
    code: "unsupported_format",
    ...at,
    message: isZip
      ? `the .xlsx workbook is damaged (${truncateText(detail, 80)})`
      : "this is not an .xlsx workbook",
    hint: isZip
      ? "open it in Excel or LibreOffice and save it again as .xlsx"
      : "give an Excel .xlsx file; for .csv or .dta files use the matching reader",
  };
}

function pickSheet(
  dataSheets: readonly Worksheet[],
  wanted: string | number | undefined,
  at: { file?: string },
): Worksheet {
  const names = dataSheets.map((ws) => ws.name);
  const listed = names.map((name) => `"${name}"`).join(", ");
  if (wanted === undefined) return dataSheets.find((ws) => ws.state === "visible") ?? dataSheets[0]!;
  if (typeof wanted === "number") {
    const found = dataSheets[wanted - 1];
    if (found) return found;
    throw new NqpfInputError([
      {
        code: "unknown_sheet",
        ...at,
        message: `there is no sheet number ${wanted}; the workbook has ${names.length} sheet${names.length === 1 ? "" : "s"}`,
        hint: `sheets are ${listed}`,
      },
    ]);
  }
  const found =
    dataSheets.find((ws) => ws.name === wanted) ??
    dataSheets.find((ws) => ws.name.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  throw new NqpfInputError([
    {
      code: "unknown_sheet",
      ...at,
      sheet: wanted,
      message: `there is no sheet "${wanted}"`,
      hint: `sheets are ${listed}`,
    },
  ]);
}

/** A cell's content after decoding, before the column's type is known. */
type RawCell =
  | { readonly kind: "empty" }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "date"; readonly text: string }
  | { readonly kind: "na" }
  | { readonly kind: "error"; readonly text: string }
  | { readonly kind: "no_result"; readonly formula: string };

const EMPTY: RawCell = { kind: "empty" };

function rawCell(value: CellValue): RawCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === "number") return { kind: "number", value };
  if (typeof value === "string") return value === "" ? EMPTY : { kind: "text", text: value };
  if (typeof value === "boolean") return { kind: "number", value: value ? 1 : 0 };
  if (value instanceof Date) return { kind: "date", text: isoDate(value) };
  if ("error" in value) return value.error === "#N/A" ? { kind: "na" } : { kind: "error", text: value.error };
  if ("richText" in value) return textCell(value.richText.map((run) => run.text).join(""));
  if ("hyperlink" in value) {
    const text: unknown = value.text;
    if (typeof text === "string") return textCell(text);
    if (typeof text === "object" && text !== null && "richText" in text) {
      return textCell((text as { richText: { text: string }[] }).richText.map((run) => run.text).join(""));
    }
    return EMPTY;
  }
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    const formula =
      "formula" in value && value.formula
        ? value.formula
        : String((value as { sharedFormula?: unknown }).sharedFormula);
    if (result === undefined) return { kind: "no_result", formula };
    return rawCell(result);
  }
  return EMPTY;
}

function textCell(text: string): RawCell {
  return text === "" ? EMPTY : { kind: "text", text };
}

/** ISO 8601 text of an exceljs date (exceljs decodes serial dates as UTC). */
function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const iso = date.toISOString();
  if (iso.endsWith("T00:00:00.000Z")) return iso.slice(0, 10);
  return iso.endsWith(".000Z") ? iso.slice(0, 19) : iso.slice(0, 23);
}

interface Grid {
  readonly header: readonly RawCell[];
  /** Data rows below the header, up to the last row holding anything. */
  readonly rows: readonly (readonly RawCell[])[];
  readonly width: number;
}

/** The sheet's cells from the header row down, trimmed to the used rectangle; undefined when nothing is there. */
function readGrid(worksheet: Worksheet, headerRow: number): Grid | undefined {
  const lastRow = worksheet.rowCount;
  const lastCol = worksheet.columnCount;
  const all: RawCell[][] = [];
  let width = 0;
  let used = 0;
  for (let r = headerRow; r <= lastRow; r++) {
    const row = worksheet.getRow(r);
    const cells: RawCell[] = [];
    for (let c = 1; c <= lastCol; c++) {
      const raw = rawCell(row.getCell(c).value);
      cells.push(raw);
      if (raw.kind !== "empty") {
        width = Math.max(width, c);
        used = r - headerRow + 1;
      }
    }
    all.push(cells);
  }
  if (used === 0) return undefined;
  const trimmed = all.slice(0, used).map((cells) => cells.slice(0, width));
  return { header: trimmed[0]!, rows: trimmed.slice(1), width };
}

/** Column names by position; undefined where the column is unnamed and empty (ignored). */
function readHeader(
  grid: Grid,
  headerRow: number,
  where: Where,
  issues: IssueCollector,
): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  const firstSeen = new Map<string, number>();
  for (let j = 0; j < grid.width; j++) {
    const raw = grid.header[j] ?? EMPTY;
    const letter = columnLetter(j + 1);
    let name: string | undefined;
    if (raw.kind === "number") name = String(raw.value);
    else if (raw.kind === "text" || raw.kind === "date") name = raw.text.trim();
    else if (raw.kind === "na" || raw.kind === "error" || raw.kind === "no_result") {
      issues.add({
        code: "bad_header",
        ...where,
        row: headerRow,
        column: letter,
        message: `the header of column ${letter} is an error or formula without a value, not a name`,
        hint: "type a column name into the header cell",
      });
      names.push(undefined);
      continue;
    }
    if (name === undefined || name === "") {
      const hasData = grid.rows.some((row) => (row[j] ?? EMPTY).kind !== "empty");
      if (hasData) {
        issues.add({
          code: "bad_header",
          ...where,
          row: headerRow,
          column: letter,
          message: `column ${letter} holds data but has no name in the header row`,
          hint: "type a name into the header cell or delete the column",
        });
      }
      names.push(undefined);
      continue;
    }
    const before = firstSeen.get(name);
    if (before !== undefined) {
      issues.add({
        code: "duplicate_column",
        ...where,
        row: headerRow,
        column: name,
        message: `column name "${name}" appears twice (columns ${columnLetter(before + 1)} and ${letter})`,
        hint: "give every column a different name",
      });
      names.push(undefined);
      continue;
    }
    firstSeen.set(name, j);
    names.push(name);
  }
  return names;
}

/** Excel's column letters for a 1-based column number (1 → A, 27 → AA). */
function columnLetter(index: number): string {
  let letters = "";
  let n = index;
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const MISSING_CODE = /^\.([a-z])?$/;

/** Mask code of Stata missing text "." / ".a".."z", or 0 when the text is not one. */
function missingCode(text: string): number {
  const match = MISSING_CODE.exec(text.trim());
  if (!match) return 0;
  return match[1] === undefined ? MISSING : MISSING_A + match[1].charCodeAt(0) - 97;
}

type Where = Omit<InputIssue, "code" | "message">;

function buildColumn(
  name: string,
  cells: readonly RawCell[],
  forced: "number" | "string" | undefined,
  meta: ColumnMeta,
  headerRow: number,
  where: Where,
  issues: IssueCollector,
): Column {
  let numeric = 0;
  let text = 0;
  for (const raw of cells) {
    if (raw.kind === "number") numeric++;
    else if (raw.kind === "date") text++;
    else if (raw.kind === "text") {
      if (raw.text.trim() === "" || missingCode(raw.text) !== 0) continue;
      if (parseNumber(raw.text) !== undefined) numeric++;
      else text++;
    }
  }
  const type =
    forced ??
    (text === 0 || (numeric >= MOSTLY_NUMERIC_MIN && numeric / (numeric + text) >= MOSTLY_NUMERIC_SHARE)
      ? "number"
      : "string");
  const rowOf = (i: number): number => headerRow + 1 + i;

  const reportCell = (raw: RawCell, i: number): void => {
    if (raw.kind === "error") {
      issues.add({
        code: "bad_value",
        ...where,
        row: rowOf(i),
        column: name,
        message: `the cell holds the spreadsheet error ${raw.text}`,
        hint: "fix the formula or value in the spreadsheet; use #N/A or an empty cell for a missing value",
      });
    } else if (raw.kind === "no_result") {
      issues.add({
        code: "bad_value",
        ...where,
        row: rowOf(i),
        column: name,
        message: `the formula =${truncateText(raw.formula, 40)} has no stored result`,
        hint: "open the file in Excel or LibreOffice and save it, so formula results are stored; or paste values",
      });
    }
  };

  if (type === "string") {
    const values: (string | null)[] = [];
    for (let i = 0; i < cells.length; i++) {
      const raw = cells[i]!;
      if (raw.kind === "number") values.push(String(raw.value));
      else if (raw.kind === "text" || raw.kind === "date") values.push(raw.text === "" ? null : raw.text);
      else {
        reportCell(raw, i);
        values.push(null);
      }
    }
    const column: StringColumn = { type: "string", name, values, meta };
    return column;
  }

  const n = cells.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const raw = cells[i]!;
    let value: number | undefined;
    if (raw.kind === "number") value = raw.value;
    else if (raw.kind === "text") {
      const code = raw.text.trim() === "" ? MISSING : missingCode(raw.text);
      if (code !== 0) missing[i] = code;
      else {
        value = parseNumber(raw.text);
        if (value === undefined)
          issues.add(issue.notANumber({ ...where, row: rowOf(i), column: name }, raw.text));
      }
    } else if (raw.kind === "date") {
      issues.add({
        ...issue.notANumber({ ...where, row: rowOf(i), column: name }, raw.text),
        hint: "this is a date cell in a numeric column; format the cell as a number, or read the column as text",
      });
    } else reportCell(raw, i);
    if (value === undefined || Number.isNaN(value)) {
      values[i] = Number.NaN;
      if (missing[i] === 0) missing[i] = MISSING;
    } else values[i] = value;
  }
  const column: NumberColumn = { type: "number", name, values, missing, meta };
  return column;
}

// ---------------------------------------------------------------------------------------------
// The metadata sheet

interface StoredColumn {
  type?: "number" | "string";
  meta: ColumnMeta;
}

interface StoredSheet {
  readonly table: TableMeta;
  /** Rows of the table written, and rows up to the last one holding a cell (both undefined when not stored). */
  readonly rowCount: number | undefined;
  readonly usedRows: number | undefined;
  readonly columns: Map<string, StoredColumn>;
}

const META_HEADER = ["sheet", "column", "key", "value"] as const;
const TYPE_KEY = "$type";
const ROWS_KEY = "$rows";
const USED_KEY = "$usedRows";
const VERSION_KEY = "$version";

/** Reads the metadata rows that belong to `sheetName`; malformed entries are `bad_value` issues. */
function readMetaSheet(
  metaSheet: Worksheet,
  sheetName: string,
  at: { file?: string },
  issues: IssueCollector,
): StoredSheet | undefined {
  const entries = new Map<string, { column: string; key: string; json: string; row: number }>();
  const order: string[] = [];
  let version: string | undefined;
  for (let r = 2; r <= metaSheet.rowCount; r++) {
    const row = metaSheet.getRow(r);
    const sheet = plainText(row.getCell(1).value);
    const column = plainText(row.getCell(2).value);
    const key = plainText(row.getCell(3).value);
    const json = plainText(row.getCell(4).value);
    if (key === VERSION_KEY && sheet === "") version = json;
    if (sheet !== sheetName || key === "") continue;
    const id = `${column}\u0000${key}`;
    const before = entries.get(id);
    if (before) before.json += json;
    else {
      entries.set(id, { column, key, json, row: r });
      order.push(id);
    }
  }
  if (order.length === 0) return undefined;
  if (version !== String(META_VERSION)) {
    issues.add({
      code: "bad_value",
      ...at,
      sheet: XLSX_META_SHEET,
      message: `the metadata sheet has version ${version ?? "(none)"}; this reader knows version ${META_VERSION}`,
      hint: `delete the ${XLSX_META_SHEET} sheet to read the data without stored labels, or update nqpf`,
    });
    return undefined;
  }

  const tableMeta: Record<string, unknown> = {};
  const columns = new Map<string, StoredColumn>();
  let rowCount: number | undefined;
  let usedRows: number | undefined;
  for (const id of order) {
    const { column, key, json, row } = entries.get(id)!;
    const bad = (why: string): void => {
      issues.add({
        code: "bad_value",
        ...at,
        sheet: XLSX_META_SHEET,
        row,
        column: "value",
        message: `metadata "${key}"${column ? ` of column "${column}"` : ""} is not valid: ${why}`,
        hint: `restore the ${XLSX_META_SHEET} sheet as written by nqpf, or delete it to read without stored labels`,
      });
    };
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      bad("not JSON");
      continue;
    }
    if (column === "") {
      if (key === ROWS_KEY || key === USED_KEY) {
        if (!(typeof value === "number" && Number.isInteger(value) && value >= 0))
          bad("expected a row count");
        else if (key === ROWS_KEY) rowCount = value;
        else usedRows = value;
      } else if (key !== "__proto__") tableMeta[key] = value;
      continue;
    }
    let stored = columns.get(column);
    if (!stored) {
      stored = { meta: {} };
      columns.set(column, stored);
    }
    if (key === TYPE_KEY) {
      if (value === "number" || value === "string") stored.type = value;
      else bad('expected "number" or "string"');
    } else if (key === "valueLabels") {
      const labels = decodeValueLabels(value);
      if (labels) stored.meta = { ...stored.meta, valueLabels: labels };
      else bad("expected {name, labels: [[code, text], ...]}");
    } else stored.meta = { ...stored.meta, [key]: value };
  }
  return { table: tableMeta, rowCount, usedRows, columns };
}

function plainText(value: CellValue): string {
  const raw = rawCell(value);
  if (raw.kind === "text" || raw.kind === "date") return raw.text;
  if (raw.kind === "number") return String(raw.value);
  return "";
}

function encodeValueLabels(labels: ValueLabels): unknown {
  return { name: labels.name, labels: [...labels.labels] };
}

function decodeValueLabels(value: unknown): ValueLabels | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { name, labels } = value as { name?: unknown; labels?: unknown };
  if (typeof name !== "string" || !Array.isArray(labels)) return undefined;
  const map = new Map<number, string>();
  for (const pair of labels as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [code, text] = pair as unknown[];
    if (typeof code !== "number" || typeof text !== "string") return undefined;
    map.set(code, text);
  }
  return { name, labels: map };
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Writes tables as sheets of one XLSX workbook.
 *
 * Each data sheet is a clean rectangle: the header row (bold, frozen) holds the column names and each
 * table row is one sheet row, so the sheet reads back with `readXlsx`. Numbers are written as numbers at
 * full double precision (shortest round-trip text); a missing number is an empty cell, Stata's extended
 * missing values are the text ".a".."z", and ±Infinity is the text "inf"/"-inf" (Excel has no infinity);
 * -0 is written as 0. A missing string is an empty cell. Text is stored with OOXML's `_xHHHH_` escapes
 * for characters XML cannot hold (control characters, CR), so it reads back unchanged. Sheet names follow
 * Excel's rules (≤ 31 characters, none of `[]:*?/\`, no leading or trailing apostrophe, unique ignoring
 * case). Unless `meta` is false, the hidden sheet `_nqpf_meta` stores every column's type, ColumnMeta and
 * the TableMeta (title, notes, method, parameters, reference...) as JSON, plus the row count.
 * The workbook's created/modified dates and the zip entries' times are fixed, so the same tables give
 * byte-identical output.
 * Reference: ECMA-376 Part 1, §18 (SpreadsheetML) and §22.9.2.19 (ST_Xstring escapes); Excel's sheet-name rules.
 * @param tables the tables, one sheet each (at least one)
 * @param options sheet names; whether to write the metadata sheet
 * @returns the .xlsx file's bytes
 * @throws NqpfInputError (`bad_value`) when a text cell is longer than Excel's 32,767 characters
 * @throws RangeError when no table is given or `sheetNames` has the wrong length
 * @example
 * const bytes = await writeXlsx([table([numberColumn("x", [1])])], { sheetNames: ["panel"] });
 * (await readXlsx(bytes)).sheet // => "panel"
 */
export async function writeXlsx(
  tables: readonly Table[],
  options: WriteXlsxOptions = {},
): Promise<Uint8Array> {
  if (tables.length === 0) throw new RangeError("writeXlsx: needs at least one table; got 0");
  if (options.sheetNames !== undefined && options.sheetNames.length !== tables.length) {
    throw new RangeError(
      `writeXlsx: sheetNames must have one name per table (${tables.length}); got ${options.sheetNames.length}`,
    );
  }
  const names = sheetNames(tables.map((t, i) => options.sheetNames?.[i] ?? t.meta.name ?? `Sheet${i + 1}`));

  const issues = new IssueCollector();
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "nqpf";
  workbook.lastModifiedBy = "nqpf";
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;

  tables.forEach((t, i) => {
    writeDataSheet(workbook, t, names[i]!, issues);
  });
  issues.throwIfAny();
  if (options.meta ?? true) writeMetaSheet(workbook, tables, names);

  const buffer = await workbook.xlsx.writeBuffer();
  return fixZipDates(new Uint8Array(buffer));
}

function writeDataSheet(workbook: Workbook, t: Table, name: string, issues: IssueCollector): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  const header = ws.addRow(t.columns.map((c) => xlsxText(c.name)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
  });
  const widths = t.columns.map((c) => excelWidth(c.name));
  const tooLong = (row: number, column: string, length: number): void => {
    issues.add({
      code: "bad_value",
      sheet: name,
      row,
      column,
      message: `the text has ${length} characters; an Excel cell holds at most ${MAX_CELL_TEXT}`,
      hint: "shorten the text, or write CSV instead of XLSX",
    });
  };
  for (let i = 0; i < t.rowCount; i++) {
    const values: (number | string | null)[] = [];
    t.columns.forEach((column, j) => {
      const value = xlsxCell(column, i);
      if (typeof value === "string") {
        if (value.length > MAX_CELL_TEXT) tooLong(i + 2, column.name, value.length);
        widths[j] = Math.max(widths[j]!, excelWidth(value));
      } else if (value !== null) widths[j] = Math.max(widths[j]!, String(value).length);
      values.push(value);
    });
    ws.addRow(values);
  }
  widths.forEach((w, j) => {
    ws.getColumn(j + 1).width = Math.min(60, Math.max(8, w + 2));
  });
}

/** The value written for row `i` of a column: number, escaped text, or null for an empty cell. */
function xlsxCell(column: Column, i: number): number | string | null {
  if (column.type === "string") {
    const v = column.values[i] ?? null;
    return v === null || v === "" ? null : xlsxText(v);
  }
  const code = column.missing[i]!;
  if (code >= MISSING_A && code < MISSING_A + 26) return `.${String.fromCharCode(97 + code - MISSING_A)}`;
  const v = column.values[i]!;
  if (code !== 0 || Number.isNaN(v)) return null;
  if (v === Number.POSITIVE_INFINITY) return "inf";
  if (v === Number.NEGATIVE_INFINITY) return "-inf";
  return v;
}

/**
 * Text as SpreadsheetML stores it: characters XML 1.0 cannot carry (C0 controls other than tab and
 * newline, CR, DEL, lone surrogates, U+FFFE/U+FFFF) become `_xHHHH_`, and a literal `_xHHHH_` is
 * protected by escaping its underscore as `_x005F_` (ECMA-376 Part 1, §22.9.2.19).
 */
function xlsxText(text: string): string {
  return text.replace(XLSX_ESCAPED, (match) =>
    match.length > 1
      ? `_x005F_${match.slice(1)}`
      : `_x${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}

/* eslint-disable no-control-regex -- control characters are exactly what is escaped here */
const XLSX_ESCAPED =
  /_x[0-9A-Fa-f]{4}_|[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** Characters Excel forbids in sheet names, and characters XML cannot hold. */
/* eslint-disable no-control-regex -- control characters are not allowed in sheet names */
const SHEET_NAME_FORBIDDEN =
  /[[\]:*?/\\\u0000-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** Excel-valid, case-insensitively unique sheet names (≤ 31 UTF-16 units, no []:*?/\ or characters XML cannot hold, no edge apostrophes, not the metadata sheet). */
function sheetNames(wanted: readonly string[]): string[] {
  const used = new Set<string>([XLSX_META_SHEET.toLowerCase(), "history"]);
  return wanted.map((raw, i) => {
    let base = raw
      .replace(SHEET_NAME_FORBIDDEN, "_")
      .replace(/^'+|'+$/g, "")
      .trim();
    if (base === "") base = `Sheet${i + 1}`;
    let name = clip(base, 31);
    for (let k = 2; used.has(name.toLowerCase()); k++) {
      const suffix = `_${k}`;
      name = clip(base, 31 - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** The first `max` UTF-16 units of `text`, never splitting a surrogate pair, without a trailing apostrophe. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end).replace(/'+$/, "");
}

function writeMetaSheet(workbook: Workbook, tables: readonly Table[], names: readonly string[]): void {
  const ws = workbook.addWorksheet(XLSX_META_SHEET, { state: "hidden" });
  ws.addRow([...META_HEADER]);
  ws.addRow([null, null, VERSION_KEY, JSON.stringify(META_VERSION)]);
  const put = (sheet: string, column: string, key: string, value: unknown): void => {
    const json = JSON.stringify(value);
    for (const part of chunks(json, META_CHUNK))
      ws.addRow([sheet, column, key, part].map((text) => (text === "" ? null : xlsxText(text))));
  };
  tables.forEach((t, i) => {
    const sheet = names[i]!;
    put(sheet, "", ROWS_KEY, t.rowCount);
    put(sheet, "", USED_KEY, usedRows(t));
    for (const [key, value] of Object.entries(t.meta)) if (value !== undefined) put(sheet, "", key, value);
    for (const column of t.columns) {
      put(sheet, column.name, TYPE_KEY, column.type);
      for (const [key, value] of Object.entries(column.meta)) {
        if (value === undefined) continue;
        put(sheet, column.name, key, key === "valueLabels" ? encodeValueLabels(value as ValueLabels) : value);
      }
    }
  });
  ws.getColumn(4).width = 60;
}

/** Number of rows up to the last one that has at least one non-empty cell when written. */
function usedRows(t: Table): number {
  for (let i = t.rowCount - 1; i >= 0; i--) {
    if (t.columns.some((column) => xlsxCell(column, i) !== null)) return i + 1;
  }
  return 0;
}

/** Splits text into pieces of at most `size` UTF-16 units without splitting a surrogate pair (each piece is one cell). */
function chunks(text: string, size: number): string[] {
  const parts: string[] = [];
  let start = 0;
  do {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(start, end));
    start = end;
  } while (start < text.length);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Zip container

/** A file-level issue from a message builder, with the file set to `at.file`, or no file when none is known. */
function located(base: InputIssue, at: { file?: string }): InputIssue {
  return {
    code: base.code,
    message: base.message,
    ...(base.hint !== undefined ? { hint: base.hint } : {}),
    ...at,
  };
}

function truncateText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Approximate display width in Excel character units (East Asian wide characters count twice), capped at 1000. */
function excelWidth(text: string): number {
  return Math.min(displayWidth(text), 1000);
}
