/**
 * Long ↔ wide reshaping of tables (tidyr's pivot_wider / pivot_longer, Stata's reshape wide / long).
 * A long table has one row per (id…, variable) with the value in one column, as the shared China
 * files do (`adcode, year, variable, value, unit, source`); a wide table has one column per variable.
 */
import { IssueCollector, issue, type InputIssue } from "../errors.js";
import {
  MISSING,
  cell,
  findColumn,
  parseNumericColumn,
  stringColumn,
  takeRows,
  table,
  type Column,
  type ColumnMeta,
  type NumberColumn,
  type Table,
} from "../table/table.js";

/** Text fields of `ColumnMeta` that reshaping moves between columns and cells. */
export type MetaField = "label" | "unit" | "labelZh" | "labelEn" | "source";

/** For each text meta field, the name of the column holding it in the long form. */
export type MetaColumns = { readonly [K in MetaField]?: string };

const META_FIELDS: readonly MetaField[] = ["label", "unit", "labelZh", "labelEn", "source"];

export interface PivotWiderOptions {
  /** Columns that together identify a wide row, e.g. ["adcode", "year"]. */
  readonly id: readonly string[];
  /** Column holding the variable names, e.g. "variable". Give this or `namesFrom`. */
  readonly names?: string;
  /** Several columns whose texts, joined with "_", name the variable (e.g. ["dataset", "variable"]). */
  readonly namesFrom?: readonly string[];
  /** Column holding the values, e.g. "value". */
  readonly values: string;
  /** Columns whose per-variable text becomes the new columns' metadata, e.g. { unit: "unit", labelEn: "label_en" }. */
  readonly meta?: MetaColumns;
  /** File name used in issue locations. */
  readonly file?: string;
  /** Row number (1-based, as in the file) of table row 0; default 2 (header on row 1). */
  readonly firstRow?: number;
}

/**
 * Spreads a long table into one column per variable (tidyr `pivot_wider`, Stata `reshape wide`).
 *
 * - Wide rows follow the first appearance of each id combination; new columns follow the first appearance of each variable name.
 * - An (id…, variable) pair with no row gives a missing cell.
 * - A numeric values column keeps its missing codes (Stata ".a"…".z"). A text values column is converted per new column with `parseNumericColumn` when every present cell of that variable parses as a number; otherwise that column stays text.
 * - Metadata: for each field of `meta`, the distinct texts of a variable's rows become the column's metadata. A variable whose `unit` differs between rows is an error (mixing units corrupts the numbers); for the other fields distinct texts are joined with "; ".
 * - Other columns (neither id, names, values nor meta) are kept, one value per wide row, when they are constant within every id combination (e.g. `province_zh` beside `adcode, year`); otherwise they are dropped, and the table's `meta.notes` says which.
 *
 * Reference: Wickham, Vaughan & Girlich, tidyr `pivot_wider` (tidyr.tidyverse.org); StataCorp, [D] reshape.
 * @param t long table
 * @param options id, names (or namesFrom), values, meta columns
 * @returns wide table: id columns, kept constant columns, then one column per variable
 * @throws NqpfInputError `missing_column` for absent columns, `missing_key` for rows without a variable name, `duplicate_key` for each repeated (id…, variable) with both rows, `duplicate_column` when a variable is named like an id or kept column, `bad_value` for a variable with several units
 * @throws RangeError when neither or both of `names` and `namesFrom` are given
 * @example
 * pivotWider(long, { id: ["adcode", "year"], names: "variable", values: "value", meta: { unit: "unit" } })
 * // => columns adcode, year, province_zh, province_en, gdp, pop_yearend (gdp.meta.unit = "100 million yuan, current prices")
 */
export function pivotWider(t: Table, options: PivotWiderOptions): Table {
  const nameColumnsGiven = options.namesFrom ?? (options.names !== undefined ? [options.names] : []);
  if ((options.names === undefined) === (options.namesFrom === undefined)) {
    throw new RangeError("pivotWider: give exactly one of names and namesFrom");
  }
  if (nameColumnsGiven.length === 0)
    throw new RangeError("pivotWider: namesFrom needs at least one column; got 0");
  const file = options.file;
  const firstRow = options.firstRow ?? 2;
  const at = (extra: Partial<InputIssue>): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...(file !== undefined ? { file } : {}),
    ...extra,
  });
  const issues = new IssueCollector();
  const available = t.columns.map((c) => c.name);
  const require = (name: string): Column | undefined => {
    const column = findColumn(t, name);
    if (!column) issues.add(issue.missingColumn(at({}), name, available));
    return column;
  };
  const idColumns = options.id.map(require);
  const nameColumns = nameColumnsGiven.map(require);
  const valueColumn = require(options.values);
  const metaColumns = META_FIELDS.map((field) => {
    const name = options.meta?.[field];
    return name === undefined ? undefined : { field, column: require(name) };
  }).filter((m) => m !== undefined);
  for (const name of [...nameColumnsGiven, options.values]) {
    if (options.id.includes(name)) {
      issues.add({
        code: "bad_argument",
        ...at({ column: name }),
        message: `column "${name}" is both an id column and the names or values column`,
        hint: "list in id only the columns that identify a wide row (e.g. adcode and year)",
      });
    }
  }
  issues.throwIfAny();
  const ids = idColumns as Column[];
  const nameCols = nameColumns as Column[];
  const values = valueColumn!;

  // Pass 1: group (wide row) and variable of every long row.
  const n = t.rowCount;
  const groupOf = new Int32Array(n);
  const variableOf = new Int32Array(n).fill(-1);
  const groupIndex = new Map<string, number>();
  const groupFirstRow: number[] = [];
  const variableIndex = new Map<string, number>();
  const variables: string[] = [];
  const variableFirstRow: number[] = [];
  for (let r = 0; r < n; r++) {
    const key = rowKey(ids, r);
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupFirstRow.length;
      groupIndex.set(key, g);
      groupFirstRow.push(r);
    }
    groupOf[r] = g;
    const name = variableName(nameCols, r);
    if (name === null) {
      issues.add({
        code: "missing_key",
        ...at({ row: firstRow + r, column: nameCols.map((c) => c.name).join("_") }),
        message: "the variable name is empty",
        hint: "every long row needs a variable name; fill it in or drop the row",
      });
      continue;
    }
    let v = variableIndex.get(name);
    if (v === undefined) {
      v = variables.length;
      variableIndex.set(name, v);
      variables.push(name);
      variableFirstRow.push(r);
    }
    variableOf[r] = v;
  }

  // Pass 2: the long row of each (group, variable) cell; duplicates are reported with both rows.
  const groupCount = groupFirstRow.length;
  const cellRow = variables.map(() => new Int32Array(groupCount).fill(-1));
  const idNames = options.id.join(", ");
  for (let r = 0; r < n; r++) {
    const v = variableOf[r]!;
    if (v < 0) continue;
    const rows = cellRow[v]!;
    const g = groupOf[r]!;
    const previous = rows[g]!;
    if (previous >= 0) {
      issues.add({
        code: "duplicate_key",
        ...at({ row: firstRow + r, column: nameCols.map((c) => c.name).join("_") }),
        message: `duplicate (${idNames}${idNames ? ", " : ""}${nameCols.map((c) => c.name).join(", ")}) = (${describeKey(ids, r)}${ids.length > 0 ? ", " : ""}${variables[v]!}); first seen on row ${firstRow + previous}`,
        hint: "each id combination may hold a variable once: add the distinguishing column (e.g. dataset) to id or to namesFrom, or remove the duplicate rows",
      });
      continue;
    }
    rows[g] = r;
  }

  // Metadata of each new column.
  const metaOf = variables.map((): { -readonly [K in MetaField]?: string } => ({}));
  for (const { field, column } of metaColumns) {
    const texts = variables.map((): string[] => []);
    for (let r = 0; r < n; r++) {
      const v = variableOf[r]!;
      if (v < 0) continue;
      const text = textOf(column!, r);
      if (text === null) continue;
      const seen = texts[v]!;
      if (seen.includes(text)) continue;
      if (field === "unit" && seen.length > 0) {
        issues.add({
          code: "bad_value",
          ...at({ row: firstRow + r, column: column!.name }),
          message: `variable "${variables[v]!}" has unit "${text}" here but "${seen[0]!}" on an earlier row`,
          hint: "convert the rows to one unit, or add the unit column to id/namesFrom so each unit gets its own column",
        });
      }
      seen.push(text);
    }
    texts.forEach((seen, v) => {
      if (seen.length > 0) metaOf[v]![field] = seen.join("; ");
    });
  }

  // Other columns: kept when constant within every id combination.
  const used = new Set([
    ...options.id,
    ...nameColumnsGiven,
    options.values,
    ...metaColumns.map((m) => m.column!.name),
  ]);
  const kept: Column[] = [];
  const dropped: string[] = [];
  for (const column of t.columns) {
    if (used.has(column.name)) continue;
    let constant = true;
    for (let r = 0; r < n && constant; r++)
      constant = cellKey(column, r) === cellKey(column, groupFirstRow[groupOf[r]!]!);
    if (constant) kept.push(column);
    else dropped.push(column.name);
  }

  const taken = new Set([...options.id, ...kept.map((c) => c.name)]);
  variables.forEach((name, v) => {
    if (taken.has(name)) {
      issues.add({
        code: "duplicate_column",
        ...at({ row: firstRow + variableFirstRow[v]!, column: name }),
        message: `variable "${name}" would clash with the column of the same name`,
        hint: "rename the variable in the long file, or drop the column of the same name before reshaping",
      });
    }
  });
  issues.throwIfAny();

  const head = takeRows(table([...ids, ...kept], t.meta), groupFirstRow);
  const wide = variables.map((name, v) => spreadColumn(values, name, cellRow[v]!, metaOf[v]!));
  const notes =
    dropped.length > 0
      ? [
          ...(t.meta.notes ?? []),
          `pivotWider: dropped ${dropped.join(", ")} (not constant within ${idNames || "the table"})`,
        ]
      : t.meta.notes;
  return table([...head.columns, ...wide], { ...t.meta, ...(notes !== undefined ? { notes } : {}) });
}

export interface PivotLongerOptions {
  /** Columns repeated on every long row, e.g. ["adcode", "year"]. */
  readonly id: readonly string[];
  /** Columns to stack; default all numeric columns not in id. */
  readonly columns?: readonly string[];
  /** Name of the new column holding the variable names; default "variable". */
  readonly namesTo?: string;
  /** Name of the new column holding the values; default "value". */
  readonly valuesTo?: string;
  /** Keep rows whose value is missing; default false. */
  readonly keepMissing?: boolean;
  /** Write these metadata fields of each stacked column into new text columns, e.g. { unit: "unit" }. */
  readonly metaTo?: MetaColumns;
  /** File name used in issue locations. */
  readonly file?: string;
}

/**
 * Stacks wide columns into `variable, value` rows (tidyr `pivot_longer`, Stata `reshape long`).
 *
 * Rows come in input order, and within a row in the order of `columns`. The values column is numeric (missing codes kept) when every stacked column is numeric; otherwise it is text, numbers written with `String(x)`. Missing values are skipped unless `keepMissing`.
 *
 * Reference: Wickham, Vaughan & Girlich, tidyr `pivot_longer` (tidyr.tidyverse.org); StataCorp, [D] reshape.
 * @param t wide table
 * @param options id, columns, namesTo, valuesTo, keepMissing, metaTo
 * @returns long table: id columns, namesTo, valuesTo, then the metaTo columns
 * @throws NqpfInputError `missing_column` for absent columns, `bad_argument` when a column is both id and stacked or nothing is left to stack, `duplicate_column` when new column names clash
 * @example
 * pivotLonger(wide, { id: ["adcode", "year"], columns: ["gdp", "pop_yearend"], metaTo: { unit: "unit" } })
 * // => columns adcode, year, variable, value, unit
 */
export function pivotLonger(t: Table, options: PivotLongerOptions): Table {
  const file = options.file;
  const at = (extra: Partial<InputIssue>): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...(file !== undefined ? { file } : {}),
    ...extra,
  });
  const issues = new IssueCollector();
  const available = t.columns.map((c) => c.name);
  const namesTo = options.namesTo ?? "variable";
  const valuesTo = options.valuesTo ?? "value";
  const ids: Column[] = [];
  for (const name of options.id) {
    const column = findColumn(t, name);
    if (column) ids.push(column);
    else issues.add(issue.missingColumn(at({}), name, available));
  }
  const stackedNames =
    options.columns ??
    t.columns.filter((c) => c.type === "number" && !options.id.includes(c.name)).map((c) => c.name);
  const stacked: Column[] = [];
  for (const name of stackedNames) {
    const column = findColumn(t, name);
    if (!column) issues.add(issue.missingColumn(at({}), name, available));
    else if (options.id.includes(name))
      issues.add({
        code: "bad_argument",
        ...at({ column: name }),
        message: `column "${name}" is both an id column and a column to stack`,
        hint: "remove it from one of the two lists",
      });
    else if (!stacked.includes(column)) stacked.push(column);
  }
  if (stackedNames.length === 0) {
    issues.add({
      code: "bad_argument",
      ...at({}),
      message: "there are no columns to stack",
      hint: "name the columns to stack; by default all numeric columns outside id are stacked",
    });
  }
  const metaTo = META_FIELDS.map((field) => ({ field, name: options.metaTo?.[field] })).filter(
    (m): m is { field: MetaField; name: string } => m.name !== undefined,
  );
  const newNames = [...options.id, namesTo, valuesTo, ...metaTo.map((m) => m.name)];
  newNames.forEach((name, i) => {
    if (newNames.indexOf(name) !== i) {
      issues.add({
        code: "duplicate_column",
        ...at({ column: name }),
        message: `the long table would have two columns named "${name}"`,
        hint: "choose different names for namesTo, valuesTo and metaTo",
      });
    }
  });
  issues.throwIfAny();

  const keepMissing = options.keepMissing ?? false;
  const sourceRow: number[] = [];
  const sourceColumn: number[] = [];
  for (let r = 0; r < t.rowCount; r++) {
    stacked.forEach((column, k) => {
      if (!keepMissing && cell(column, r) === null) return;
      sourceRow.push(r);
      sourceColumn.push(k);
    });
  }
  const m = sourceRow.length;
  const head = takeRows(table(ids, t.meta), sourceRow);
  const names = stringColumn(
    namesTo,
    sourceColumn.map((k) => stacked[k]!.name),
  );
  let valueColumn: Column;
  if (stacked.every((c) => c.type === "number")) {
    const values = new Float64Array(m);
    const missing = new Uint8Array(m);
    for (let i = 0; i < m; i++) {
      const column = stacked[sourceColumn[i]!] as NumberColumn;
      values[i] = column.values[sourceRow[i]!]!;
      missing[i] = column.missing[sourceRow[i]!]!;
    }
    valueColumn = { type: "number", name: valuesTo, values, missing, meta: {} };
  } else {
    valueColumn = stringColumn(
      valuesTo,
      sourceRow.map((r, i) => {
        const value = cell(stacked[sourceColumn[i]!]!, r);
        return value === null ? null : String(value);
      }),
    );
  }
  const metaColumns = metaTo.map(({ field, name }) =>
    stringColumn(
      name,
      sourceColumn.map((k) => metaText(stacked[k]!.meta, field)),
    ),
  );
  return table([...head.columns, names, valueColumn, ...metaColumns], t.meta);
}

function metaText(meta: ColumnMeta, field: MetaField): string | null {
  return meta[field] ?? null;
}

/** The new column of one variable: cells gathered from `values` at `rows` (-1 = absent → missing). */
function spreadColumn(values: Column, name: string, rows: Int32Array, meta: ColumnMeta): Column {
  const count = rows.length;
  if (values.type === "number") {
    const data = new Float64Array(count);
    const missing = new Uint8Array(count);
    for (let g = 0; g < count; g++) {
      const r = rows[g]!;
      if (r < 0) {
        data[g] = Number.NaN;
        missing[g] = MISSING;
      } else {
        data[g] = values.values[r]!;
        missing[g] = values.missing[r]!;
      }
    }
    return { type: "number", name, values: data, missing, meta };
  }
  const text = stringColumn(
    name,
    Array.from(rows, (r) => (r < 0 ? null : (values.values[r] ?? null))),
    meta,
  );
  return parseNumericColumn(text) ?? text;
}

function textOf(column: Column, r: number): string | null {
  const value = cell(column, r);
  if (value === null) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}

function variableName(columns: readonly Column[], r: number): string | null {
  const parts: string[] = [];
  for (const column of columns) {
    const text = textOf(column, r);
    if (text === null) return null;
    parts.push(text);
  }
  return parts.join("_");
}

/** A key that tells cells apart exactly: type, value and missing code. */
function cellKey(column: Column, r: number): string {
  if (column.type === "number") {
    const code = column.missing[r]!;
    return code !== 0 ? `m${code}` : `n${column.values[r]!}`;
  }
  const value = column.values[r];
  return value === null || value === undefined ? "m" : `s${value}`;
}

function rowKey(columns: readonly Column[], r: number): string {
  return columns.map((c) => cellKey(c, r)).join("\u0000");
}

function describeKey(columns: readonly Column[], r: number): string {
  return columns.map((c) => String(cell(c, r) ?? ".")).join(", ");
}
