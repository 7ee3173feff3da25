/**
 * Table: named columns with metadata. Every reader returns one, every writer and chart takes one.
 * Numeric columns are `Float64Array` with an explicit missing mask (0 = present, 1 = system
 * missing ".", 2..27 = Stata's extended missing ".a".."z"); a missing slot holds NaN in `values`
 * as well, but the mask is what says "missing". String columns hold `null` for missing.
 */

/** Missing-mask code for an ordinary missing value (Stata "."). */
export const MISSING = 1;
/** Mask code of Stata's extended missing ".a" (".b" is 3, ... ".z" is 27). */
export const MISSING_A = 2;

/** Labels and provenance of one column (variable). All optional. */
export interface ColumnMeta {
  /** Free label (Stata variable label). */
  readonly label?: string;
  readonly labelZh?: string;
  readonly labelEn?: string;
  readonly unit?: string;
  readonly source?: string;
  /** Value labels for a coded numeric column (Stata value-label set). */
  readonly valueLabels?: ValueLabels;
  /** Display format, e.g. Stata "%9.0g" or "%12s". */
  readonly format?: string;
  /** Storage hint for writers that care (Stata): the narrowest type that held the values when read. */
  readonly storage?: NumericStorage;
}

export type NumericStorage = "byte" | "int" | "long" | "float" | "double";

export interface ValueLabels {
  /** The label set's name (Stata labels sets are named and shared across variables). */
  readonly name: string;
  readonly labels: ReadonlyMap<number, string>;
}

export interface NumberColumn {
  readonly type: "number";
  readonly name: string;
  readonly values: Float64Array;
  /** Per row: 0 = present, 1 = missing, 2..27 = Stata extended missing .a–.z. */
  readonly missing: Uint8Array;
  readonly meta: ColumnMeta;
}

export interface StringColumn {
  readonly type: "string";
  readonly name: string;
  readonly values: readonly (string | null)[];
  readonly meta: ColumnMeta;
}

export type Column = NumberColumn | StringColumn;

/** What a table is and how it was made: shown in exports (LaTeX notes, XLSX, manifest). */
export interface TableMeta {
  readonly name?: string;
  readonly title?: string;
  /** Dataset label (Stata data label). */
  readonly label?: string;
  readonly method?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly reference?: string;
  readonly source?: string;
  readonly notes?: readonly string[];
}

export interface Table {
  readonly columns: readonly Column[];
  readonly rowCount: number;
  readonly meta: TableMeta;
}

/** A number column from values; NaN entries (and indices in `missingAt`) become missing. */
export function numberColumn(
  name: string,
  values: ArrayLike<number>,
  meta: ColumnMeta = {},
  missing?: Uint8Array,
): NumberColumn {
  const data = Float64Array.from(values);
  const mask = missing ? Uint8Array.from(missing) : new Uint8Array(data.length);
  if (mask.length !== data.length) {
    throw new RangeError(
      `numberColumn: missing mask length must equal values length ${data.length}; got ${mask.length}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (mask[i] !== 0) data[i] = Number.NaN;
    else if (Number.isNaN(data[i]!)) mask[i] = MISSING;
  }
  return { type: "number", name, values: data, missing: mask, meta };
}

/** A string column; `null` and `undefined` entries are missing. */
export function stringColumn(
  name: string,
  values: readonly (string | null | undefined)[],
  meta: ColumnMeta = {},
): StringColumn {
  return { type: "string", name, values: values.map((v) => v ?? null), meta };
}

/** Builds a table, checking that names are unique and all columns have the same length. */
export function table(columns: readonly Column[], meta: TableMeta = {}): Table {
  const rowCount = columns.length > 0 ? columnLength(columns[0]!) : 0;
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) throw new RangeError(`table: duplicate column name "${column.name}"`);
    seen.add(column.name);
    const length = columnLength(column);
    if (length !== rowCount) {
      throw new RangeError(`table: column "${column.name}" has ${length} rows; expected ${rowCount}`);
    }
  }
  return { columns, rowCount, meta };
}

export function columnLength(column: Column): number {
  return column.values.length;
}

/** The column called `name`, or undefined. */
export function findColumn(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => c.name === name);
}

/** The column called `name`; throws a RangeError naming the caller when absent. */
export function getColumn(t: Table, name: string, caller = "getColumn"): Column {
  const column = findColumn(t, name);
  if (!column)
    throw new RangeError(
      `${caller}: no column "${name}"; columns are ${t.columns.map((c) => c.name).join(", ")}`,
    );
  return column;
}

/** True when row `i` of the column is missing. */
export function isMissing(column: Column, i: number): boolean {
  return column.type === "number" ? column.missing[i] !== 0 : column.values[i] === null;
}

/** The cell as a plain value: number, string or null (missing). */
export function cell(column: Column, i: number): number | string | null {
  if (column.type === "number") return column.missing[i] !== 0 ? null : column.values[i]!;
  return column.values[i] ?? null;
}

/** Number of missing cells in a column. */
export function missingCount(column: Column): number {
  let count = 0;
  if (column.type === "number") {
    for (const m of column.missing) if (m !== 0) count++;
  } else {
    for (const v of column.values) if (v === null) count++;
  }
  return count;
}

/** Rows `index` of the table, in that order (a row may repeat). */
export function takeRows(t: Table, index: ArrayLike<number>): Table {
  const n = index.length;
  const columns = t.columns.map((column): Column => {
    if (column.type === "number") {
      const values = new Float64Array(n);
      const missing = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const i = index[k]!;
        values[k] = column.values[i]!;
        missing[k] = column.missing[i]!;
      }
      return { ...column, values, missing };
    }
    const values = new Array<string | null>(n);
    for (let k = 0; k < n; k++) values[k] = column.values[index[k]!] ?? null;
    return { ...column, values };
  });
  return { columns, rowCount: n, meta: t.meta };
}

/** The table with only the named columns, in the order given. */
export function selectColumns(t: Table, names: readonly string[]): Table {
  return table(
    names.map((name) => getColumn(t, name, "selectColumns")),
    t.meta,
  );
}

/** The table with `column` appended, or replacing the column of the same name in place. */
export function withColumn(t: Table, column: Column): Table {
  const at = t.columns.findIndex((c) => c.name === column.name);
  const columns = at < 0 ? [...t.columns, column] : t.columns.map((c, i) => (i === at ? column : c));
  return table(columns, t.meta);
}

/** The table with new metadata merged over the old. */
export function withMeta(t: Table, meta: TableMeta): Table {
  return { ...t, meta: { ...t.meta, ...meta } };
}

/** Converts a string column to numbers where every present cell parses; otherwise returns undefined. */
export function parseNumericColumn(column: StringColumn): NumberColumn | undefined {
  const n = column.values.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const text = column.values[i];
    if (text === null || text === undefined || text.trim() === "") {
      values[i] = Number.NaN;
      missing[i] = MISSING;
      continue;
    }
    const value = parseNumber(text);
    if (value === undefined) return undefined;
    values[i] = value;
  }
  return { type: "number", name: column.name, values, missing, meta: column.meta };
}

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal number ("12", "-3.5", "1e-9", " 7 "); also "inf"/"-inf". Returns undefined
 * for anything else, including "", "1,5", "NaN" and "12abc" (never a silent NaN).
 */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (NUMBER_PATTERN.test(s)) return Number(s);
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity")
    return Number.POSITIVE_INFINITY;
  if (lower === "-inf" || lower === "-infinity") return Number.NEGATIVE_INFINITY;
  return undefined;
}

/**
 * Stacks tables with the same columns (names and types, in the same order) one under another; metadata from the first.
 * @throws RangeError naming `bindRows` when the columns differ
 */
export function bindRows(tables: readonly Table[]): Table {
  const first = tables[0];
  if (first === undefined) return table([]);
  for (const t of tables) {
    const same =
      t.columns.length === first.columns.length &&
      t.columns.every((c, j) => c.name === first.columns[j]!.name && c.type === first.columns[j]!.type);
    if (!same)
      throw new RangeError(
        `bindRows: every table needs the columns ${first.columns.map((c) => `${c.name}:${c.type}`).join(", ")}`,
      );
  }
  const columns = first.columns.map((column, j): Column => {
    if (column.type === "number") {
      const parts = tables.map((t) => t.columns[j] as NumberColumn);
      const values = new Float64Array(parts.reduce((n, p) => n + p.values.length, 0));
      const missing = new Uint8Array(values.length);
      let at = 0;
      for (const p of parts) {
        values.set(p.values, at);
        missing.set(p.missing, at);
        at += p.values.length;
      }
      return { ...column, values, missing };
    }
    return { ...column, values: tables.flatMap((t) => (t.columns[j] as StringColumn).values) };
  });
  return table(columns, first.meta);
}
