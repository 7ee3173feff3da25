/**
 * readJson / writeJson: tables as JSON. The "table" form is nqpf's own and lossless:
 * `{ "nqpf": "table", "version": 1, "rowCount", "meta", "columns": [{ "name", "type", "meta", "values", "missing"? }] }`, where number values are JSON numbers, null for missing, the strings "Infinity", "-Infinity" and "-0", and `missing` lists extended missing values sparsely as [row index, ".a"…".z"] pairs.
 * Also read: an array of records `[{ "a": 1, "b": "x" }, …]` and a column object `{ "columns": { "a": [...], … } }` (or `{ "a": [...], … }`), typed as readCsv types CSV columns.
 * Records are objects, so JavaScript orders keys that are array indices ("12") before the others: such column names come first.
 * In issues, `row` is the 1-based position of the record (or of the value in its column) and `path` points into the document.
 */
import { IssueCollector, NqpfInputError, issue, type InputIssue } from "../errors.js";
import {
  MISSING,
  MISSING_A,
  parseNumber,
  type Column,
  type ColumnMeta,
  type NumberColumn,
  type NumericStorage,
  type Table,
  type TableMeta,
  type ValueLabels,
} from "../table/table.js";
import { DEFAULT_NA_VALUES } from "./read-csv.js";

/** Options of `readJson`. */
export interface ReadJsonOptions {
  /** Name used in issue locations. */
  readonly file?: string;
}

/** Options of `writeJson`. */
export interface WriteJsonOptions {
  /** "table" (default): nqpf's lossless form with types and metadata; "records": an array of row objects. */
  readonly form?: "table" | "records";
  /** Spaces of indentation (default 0: one line). */
  readonly indent?: number;
}

const FORMAT_VERSION = 1;
const NUMERIC_SHARE = 0.9;
const NUMERIC_MIN_COUNT = 3;
const STORAGES: readonly NumericStorage[] = ["byte", "int", "long", "float", "double"];
const NA_TEXTS = new Set(DEFAULT_NA_VALUES);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Reads a table from JSON text in one of three forms (see the module comment): nqpf's table form (lossless, with metadata), an array of records, or an object of columns.
 * Records and column objects are typed as readCsv types CSV: a column is numeric when its non-missing cells are JSON numbers, booleans (1/0) or texts that parse as plain numbers; when at least 90% (and at least 3) are, the others are reported as `not_a_number`; otherwise it is a text column (numbers become their shortest text). null, a missing key, and in numeric columns the texts "", "NA", "NaN", … are missing; ".a"…".z" are Stata's extended missing values.
 * @param text the JSON text
 * @param options file name for issue locations
 * @returns the table
 * @throws NqpfInputError: empty_file, truncated_file, unsupported_format (not JSON, or no known form), bad_value (a cell or meta field of the wrong kind, columns of unequal length), not_a_number, duplicate_column
 * @example
 * readJson('[{"id":"A","x":1},{"id":"B","x":null}]').columns.map((c) => c.type) // => ["string", "number"]
 */
export function readJson(text: string, options: ReadJsonOptions = {}): Table {
  const where: { file?: string } = options.file !== undefined ? { file: options.file } : {};
  if (text.trim() === "") throw new NqpfInputError([inFile(issue.emptyFile(""), options.file)]);
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail);
    const atEnd = position !== null && Number(position[1]) >= text.trimEnd().length;
    if (atEnd || /end of (JSON )?input|Unterminated/i.test(detail)) {
      throw new NqpfInputError(
        [inFile(issue.truncatedFile("", "the JSON text stops before its end"), options.file)],
        { cause: error },
      );
    }
    throw new NqpfInputError(
      [
        {
          code: "unsupported_format",
          ...where,
          message: `not valid JSON (${detail})`,
          hint: "check that the file is JSON; for CSV, use a .csv extension",
        },
      ],
      { cause: error },
    );
  }
  const issues = new IssueCollector();
  let result: Table | undefined;
  if (Array.isArray(document)) {
    if (document.length > 0 && isTableDocument(document[0]!)) {
      if (document.length > 1) {
        throw new NqpfInputError([
          {
            code: "unsupported_format",
            ...where,
            message: `the file holds ${document.length} tables; one was expected`,
            hint: "write each table to its own JSON file",
          },
        ]);
      }
      result = readTableForm(document[0], where, issues);
    } else {
      result = readRecords(document, where, issues);
    }
  } else if (document !== null && typeof document === "object") {
    if (isTableDocument(document)) result = readTableForm(document, where, issues);
    else result = readColumnObject(document, where, issues);
  } else {
    issues.add({
      code: "unsupported_format",
      ...where,
      message: "the JSON holds a single value, not a table",
      hint: "use an array of records, an object of columns, or nqpf's table form",
    });
  }
  issues.throwIfAny();
  if (result === undefined) throw new Error("readJson: internal: no table and no issue");
  return result;
}

/**
 * Writes a table as JSON text. The "table" form (default) keeps everything a Table holds: column types, values with missing codes (extended missing in the sparse `missing` list), ±Infinity and -0 as strings, column and table metadata (value labels as [[value, label], …]); `parameters` in the table meta is written with JSON.stringify, so only JSON-able parameters round-trip. The "records" form writes one object per row, with null for missing, ".a"… for extended missing and "Infinity"/"-Infinity" for infinities (-0 becomes 0).
 * @param t the table
 * @param options form and indentation
 * @returns the JSON text (no trailing newline)
 * @throws RangeError for an unknown form or a bad indent
 * @example
 * writeJson(table([numberColumn("x", [1, NaN])]), { form: "records" }) // => '[{"x":1},{"x":null}]'
 */
export function writeJson(t: Table, options: WriteJsonOptions = {}): string {
  const form = options.form ?? "table";
  const indent = options.indent ?? 0;
  if (!(Number.isInteger(indent) && indent >= 0 && indent <= 10))
    throw new RangeError(`writeJson: indent must be an integer in [0, 10]; got ${indent}`);
  if (form === "records") return JSON.stringify(recordsOf(t), null, indent);
  if ((form as string) !== "table")
    throw new RangeError(`writeJson: form must be "table" or "records"; got ${JSON.stringify(form)}`);
  const document = {
    nqpf: "table",
    version: FORMAT_VERSION,
    rowCount: t.rowCount,
    meta: tableMetaJson(t.meta),
    columns: t.columns.map(columnJson),
  };
  return JSON.stringify(document, null, indent);
}

// ---------------------------------------------------------------------------------------------
// Writing

function numberJson(value: number): number | string {
  if (value === Number.POSITIVE_INFINITY) return "Infinity";
  if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (Object.is(value, -0)) return "-0";
  return value;
}

function extendedText(code: number): string {
  return `.${String.fromCharCode(97 + code - MISSING_A)}`;
}

function columnJson(column: Column): Record<string, unknown> {
  const base = { name: column.name, type: column.type, meta: columnMetaJson(column.meta) };
  if (column.type === "string") return { ...base, values: column.values };
  const values = new Array<number | string | null>(column.values.length);
  const extended: [number, string][] = [];
  for (let r = 0; r < values.length; r++) {
    const code = column.missing[r]!;
    const value = column.values[r]!;
    if (code === 0 && !Number.isNaN(value)) {
      values[r] = numberJson(value);
    } else {
      values[r] = null;
      if (code >= MISSING_A && code <= MISSING_A + 25) extended.push([r, extendedText(code)]);
    }
  }
  return extended.length > 0 ? { ...base, values, missing: extended } : { ...base, values };
}

function columnMetaJson(meta: ColumnMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["label", "labelZh", "labelEn", "unit", "source", "format", "storage"] as const) {
    if (meta[key] !== undefined) out[key] = meta[key];
  }
  if (meta.valueLabels !== undefined) {
    out.valueLabels = {
      name: meta.valueLabels.name,
      labels: [...meta.valueLabels.labels].map(([value, label]) => [numberJson(value), label]),
    };
  }
  return out;
}

function tableMetaJson(meta: TableMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [
    "name",
    "title",
    "label",
    "method",
    "parameters",
    "reference",
    "source",
    "notes",
  ] as const) {
    if (meta[key] !== undefined) out[key] = meta[key];
  }
  return out;
}

function recordsOf(t: Table): Record<string, number | string | null>[] {
  const records = new Array<Record<string, number | string | null>>(t.rowCount);
  for (let r = 0; r < t.rowCount; r++) {
    // No prototype, so that a column named "__proto__" is an ordinary key.
    const record = Object.create(null) as Record<string, number | string | null>;
    for (const column of t.columns) {
      if (column.type === "string") {
        record[column.name] = column.values[r] ?? null;
        continue;
      }
      const code = column.missing[r]!;
      const value = column.values[r]!;
      if (code === 0 && !Number.isNaN(value))
        record[column.name] = Number.isFinite(value) ? value + 0 : numberJson(value);
      else record[column.name] = code >= MISSING_A && code <= MISSING_A + 25 ? extendedText(code) : null;
    }
    records[r] = record;
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// Reading: nqpf's table form

type Where = { file?: string };

function isTableDocument(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value) && value.nqpf === "table";
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value);
}

/** The issue located in `file`, or without a file when there is none. */
function inFile(base: InputIssue, file: string | undefined): InputIssue {
  const copy: { -readonly [K in keyof InputIssue]: InputIssue[K] } = { ...base };
  if (file === undefined) delete copy.file;
  else copy.file = file;
  return copy;
}

function badValue(
  where: Where,
  path: (string | number)[],
  message: string,
  extra: Partial<InputIssue> = {},
): InputIssue {
  return {
    code: "bad_value",
    ...where,
    ...extra,
    path,
    message,
    hint: "the file does not follow nqpf's table JSON; write it again with nqpf or fix the value at this path",
  };
}

function readTableForm(
  document: { [key: string]: Json },
  where: Where,
  issues: IssueCollector,
): Table | undefined {
  const version = document.version;
  if (version !== FORMAT_VERSION) {
    issues.add({
      code: "unsupported_format",
      ...where,
      path: ["version"],
      message: `table JSON version ${JSON.stringify(version ?? null)} is not supported (this nqpf reads version ${FORMAT_VERSION})`,
      hint: "update nqpf, or write the file again with this version",
    });
    return undefined;
  }
  const rawColumns = document.columns;
  if (!Array.isArray(rawColumns)) {
    issues.add(badValue(where, ["columns"], "columns must be an array"));
    return undefined;
  }
  const meta = readTableMeta(document.meta, where, issues);
  const columns: Column[] = [];
  const names = new Set<string>();
  let rowCount: number | undefined = typeof document.rowCount === "number" ? document.rowCount : undefined;
  if (
    document.rowCount !== undefined &&
    !(rowCount !== undefined && Number.isInteger(rowCount) && rowCount >= 0)
  ) {
    issues.add(badValue(where, ["rowCount"], "rowCount must be a non-negative integer"));
    rowCount = undefined;
  }
  rawColumns.forEach((raw, k) => {
    const path = ["columns", k];
    if (!isObject(raw)) {
      issues.add(badValue(where, path, "a column must be an object"));
      return;
    }
    const name = raw.name;
    if (typeof name !== "string") {
      issues.add(badValue(where, [...path, "name"], "the column name must be a string"));
      return;
    }
    if (names.has(name)) {
      issues.add({
        code: "duplicate_column",
        ...where,
        column: name,
        path: [...path, "name"],
        message: `column name "${name}" is used twice`,
        hint: "rename one of the columns so that every name is unique",
      });
      return;
    }
    names.add(name);
    const values = raw.values;
    if (!Array.isArray(values)) {
      issues.add(badValue(where, [...path, "values"], "values must be an array", { column: name }));
      return;
    }
    rowCount ??= values.length;
    if (values.length !== rowCount) {
      issues.add(
        badValue(where, [...path, "values"], `the column has ${values.length} values; expected ${rowCount}`, {
          column: name,
        }),
      );
      return;
    }
    const columnMeta = readColumnMeta(raw.meta, [...path, "meta"], where, issues);
    if (raw.type === "string") {
      const texts = new Array<string | null>(values.length);
      values.forEach((value, r) => {
        if (value === null || typeof value === "string") texts[r] = value;
        else
          issues.add(
            badValue(where, [...path, "values", r], "a text column holds strings or null", {
              column: name,
              row: r + 1,
            }),
          );
      });
      columns.push({ type: "string", name, values: texts, meta: columnMeta });
      return;
    }
    if (raw.type !== "number") {
      issues.add(
        badValue(
          where,
          [...path, "type"],
          `type must be "number" or "string"; got ${JSON.stringify(raw.type ?? null)}`,
          { column: name },
        ),
      );
      return;
    }
    const data = new Float64Array(values.length);
    const missing = new Uint8Array(values.length);
    values.forEach((value, r) => {
      const parsed = tableNumber(value);
      if (parsed === undefined) {
        issues.add(
          badValue(
            where,
            [...path, "values", r],
            `${JSON.stringify(value)} is not a number, null, "Infinity", "-Infinity" or "-0"`,
            { column: name, row: r + 1 },
          ),
        );
      } else if (typeof parsed === "number") {
        data[r] = parsed;
      } else {
        data[r] = Number.NaN;
        missing[r] = parsed.code;
      }
    });
    if (raw.missing !== undefined) {
      const list = raw.missing;
      if (!Array.isArray(list))
        issues.add(
          badValue(where, [...path, "missing"], 'missing must be an array of [row index, ".a"…".z"] pairs', {
            column: name,
          }),
        );
      else {
        list.forEach((entry, j) => {
          const at = Array.isArray(entry) ? entry[0] : undefined;
          const code = Array.isArray(entry) && typeof entry[1] === "string" ? extendedCode(entry[1]) : 0;
          if (
            typeof at !== "number" ||
            !Number.isInteger(at) ||
            at < 0 ||
            at >= values.length ||
            code === 0 ||
            values[at] !== null
          ) {
            issues.add(
              badValue(
                where,
                [...path, "missing", j],
                'an entry must be [row index of a null value, ".a"…".z"]',
                { column: name },
              ),
            );
            return;
          }
          missing[at] = code;
        });
      }
    }
    columns.push({ type: "number", name, values: data, missing, meta: columnMeta });
  });
  return { columns, rowCount: rowCount ?? 0, meta };
}

function tableNumber(value: Json): number | { code: number } | undefined {
  if (typeof value === "number") return value;
  if (value === null) return { code: MISSING };
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (value === "-0") return -0;
  if (typeof value === "string") {
    const code = extendedCode(value);
    if (code !== 0) return { code };
  }
  return undefined;
}

function extendedCode(text: string): number {
  if (text.length !== 2 || text.charCodeAt(0) !== 46) return 0;
  const c = text.charCodeAt(1);
  return c >= 97 && c <= 122 ? MISSING_A + (c - 97) : 0;
}

function readColumnMeta(
  raw: Json | undefined,
  path: (string | number)[],
  where: Where,
  issues: IssueCollector,
): ColumnMeta {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    issues.add(badValue(where, path, "meta must be an object"));
    return {};
  }
  const meta: { -readonly [K in keyof ColumnMeta]: ColumnMeta[K] } = {};
  for (const key of ["label", "labelZh", "labelEn", "unit", "source", "format"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === "string") meta[key] = value;
    else issues.add(badValue(where, [...path, key], `${key} must be a string`));
  }
  if (raw.storage !== undefined) {
    if (typeof raw.storage === "string" && (STORAGES as readonly string[]).includes(raw.storage))
      meta.storage = raw.storage as NumericStorage;
    else issues.add(badValue(where, [...path, "storage"], `storage must be one of ${STORAGES.join(", ")}`));
  }
  if (raw.valueLabels !== undefined) {
    const labels = readValueLabels(raw.valueLabels, [...path, "valueLabels"], where, issues);
    if (labels !== undefined) meta.valueLabels = labels;
  }
  return meta;
}

function readValueLabels(
  raw: Json,
  path: (string | number)[],
  where: Where,
  issues: IssueCollector,
): ValueLabels | undefined {
  if (!isObject(raw) || typeof raw.name !== "string" || !Array.isArray(raw.labels)) {
    issues.add(badValue(where, path, "valueLabels must be { name, labels: [[value, label], …] }"));
    return undefined;
  }
  const labels = new Map<number, string>();
  for (const [j, pair] of raw.labels.entries()) {
    const value = Array.isArray(pair) ? tableNumber(pair[0] ?? null) : undefined;
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof value !== "number" ||
      typeof pair[1] !== "string"
    ) {
      issues.add(badValue(where, [...path, "labels", j], "a value label must be [number, text]"));
      continue;
    }
    labels.set(value, pair[1]);
  }
  return { name: raw.name, labels };
}

function readTableMeta(raw: Json | undefined, where: Where, issues: IssueCollector): TableMeta {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    issues.add(badValue(where, ["meta"], "meta must be an object"));
    return {};
  }
  const meta: { -readonly [K in keyof TableMeta]: TableMeta[K] } = {};
  for (const key of ["name", "title", "label", "method", "reference", "source"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === "string") meta[key] = value;
    else issues.add(badValue(where, ["meta", key], `${key} must be a string`));
  }
  if (raw.parameters !== undefined) {
    if (isObject(raw.parameters)) meta.parameters = raw.parameters;
    else issues.add(badValue(where, ["meta", "parameters"], "parameters must be an object"));
  }
  if (raw.notes !== undefined) {
    if (Array.isArray(raw.notes) && raw.notes.every((note) => typeof note === "string"))
      meta.notes = raw.notes;
    else issues.add(badValue(where, ["meta", "notes"], "notes must be an array of strings"));
  }
  return meta;
}

// ---------------------------------------------------------------------------------------------
// Reading: records and column objects, typed as CSV columns are

function readRecords(records: Json[], where: Where, issues: IssueCollector): Table {
  const order: string[] = [];
  const cells = new Map<string, Json[]>();
  records.forEach((record, r) => {
    if (!isObject(record)) {
      issues.add({
        code: "bad_value",
        ...where,
        row: r + 1,
        path: [r],
        message: "a record must be an object of column: value",
        hint: 'use an array of objects such as [{"id": "A", "x": 1}, …]',
      });
      return;
    }
    for (const key of Object.keys(record)) {
      if (!cells.has(key)) {
        order.push(key);
        cells.set(key, new Array<Json>(records.length).fill(null));
      }
      cells.get(key)![r] = record[key]!;
    }
  });
  const columns = order.map((name) => typedColumn(name, cells.get(name)!, (r) => [r, name], where, issues));
  return { columns, rowCount: records.length, meta: {} };
}

function readColumnObject(
  document: { [key: string]: Json },
  where: Where,
  issues: IssueCollector,
): Table | undefined {
  const wrapped =
    isObject(document.columns) && Object.keys(document).every((key) => key === "columns" || key === "meta");
  const source = wrapped ? (document.columns as { [key: string]: Json }) : document;
  const prefix = wrapped ? ["columns"] : [];
  const names = Object.keys(source);
  if (names.length === 0 || !names.every((name) => Array.isArray(source[name]))) {
    issues.add({
      code: "unsupported_format",
      ...where,
      message: "the JSON object is not a table",
      hint: 'use an array of records, { "columns": { "name": [values] } }, or nqpf\'s table form',
    });
    return undefined;
  }
  const rowCount = (source[names[0]!] as Json[]).length;
  const columns: Column[] = [];
  for (const name of names) {
    const values = source[name] as Json[];
    if (values.length !== rowCount) {
      issues.add({
        code: "bad_value",
        ...where,
        column: name,
        path: [...prefix, name],
        message: `the column has ${values.length} values; the first column has ${rowCount}`,
        hint: "give every column the same number of values (null for missing)",
      });
      continue;
    }
    columns.push(typedColumn(name, values, (r) => [...prefix, name, r], where, issues));
  }
  return { columns, rowCount, meta: {} };
}

type Cell =
  | { kind: "number"; value: number }
  | { kind: "missing"; code: number }
  | { kind: "bad"; text: string }
  | { kind: "invalid" };

function classify(value: Json): Cell {
  if (value === null) return { kind: "missing", code: MISSING };
  if (typeof value === "number") return { kind: "number", value };
  if (typeof value === "boolean") return { kind: "number", value: value ? 1 : 0 };
  if (typeof value === "string") {
    const key = value.trim();
    if (key === "" || NA_TEXTS.has(key)) return { kind: "missing", code: MISSING };
    const number = parseNumber(key);
    if (number !== undefined) return { kind: "number", value: number };
    const code = extendedCode(key);
    if (code !== 0) return { kind: "missing", code };
    return { kind: "bad", text: value };
  }
  return { kind: "invalid" };
}

function typedColumn(
  name: string,
  values: readonly Json[],
  pathOf: (r: number) => (string | number)[],
  where: Where,
  issues: IssueCollector,
): Column {
  const n = values.length;
  const kinds = values.map(classify);
  let parsed = 0;
  let bad = 0;
  kinds.forEach((cell, r) => {
    if (cell.kind === "number") parsed++;
    else if (cell.kind === "bad") bad++;
    else if (cell.kind === "invalid") {
      issues.add({
        code: "bad_value",
        ...where,
        row: r + 1,
        column: name,
        path: pathOf(r),
        message: "a cell must be a number, a string, a boolean or null",
        hint: "flatten nested objects and arrays into columns",
      });
    }
  });
  const numeric = bad === 0 || (parsed >= NUMERIC_MIN_COUNT && parsed >= NUMERIC_SHARE * (parsed + bad));
  if (!numeric) {
    const texts = values.map((value): string | null => {
      if (value === null) return null;
      if (typeof value === "number") return String(value);
      if (typeof value === "string") return value;
      return typeof value === "boolean" ? String(value) : null;
    });
    return { type: "string", name, values: texts, meta: {} };
  }
  const column: NumberColumn = {
    type: "number",
    name,
    values: new Float64Array(n),
    missing: new Uint8Array(n),
    meta: {},
  };
  kinds.forEach((cell, r) => {
    if (cell.kind === "number") {
      column.values[r] = cell.value;
      return;
    }
    column.values[r] = Number.NaN;
    column.missing[r] = cell.kind === "missing" ? cell.code : MISSING;
    if (cell.kind === "bad")
      issues.add({ ...issue.notANumber({ ...where, row: r + 1, column: name }, cell.text), path: pathOf(r) });
  });
  return column;
}
