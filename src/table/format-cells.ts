/**
 * Display text of table cells, shared by the LaTeX and Word writers (and any later renderer):
 * integer columns print as integers, other numeric columns with a fixed number of decimals,
 * value-labelled codes as their labels, missing cells as a chosen text; header labels and the
 * note lines (method, parameters, reference, source, notes) under a table.
 */
import type { Column, Table } from "./table.js";

/** Decimals for non-integer numeric columns when nothing else says. */
const DEFAULT_DIGITS = 3;

export interface FormatCellsOptions {
  /** Decimals for non-integer numeric columns: one number for all, or per column name (default 3, or the column's Stata "%w.df" format). */
  readonly digits?: number | Readonly<Record<string, number>>;
  /** Text of a missing cell (default ""). */
  readonly missing?: string;
  /** Show a coded value's label instead of the code where the column has value labels (default true). */
  readonly valueLabels?: boolean;
}

/** One formatted cell: plain text, and whether it is a formatted number, a label/text or a missing cell. */
export interface FormattedCell {
  readonly text: string;
  readonly kind: "number" | "text" | "missing";
}

export interface FormattedCells {
  /** Per column: right-aligned numbers or left-aligned text. */
  readonly align: readonly ("left" | "right")[];
  /** Row-major cells, `rowCount` rows of `columns.length` cells. */
  readonly rows: readonly (readonly FormattedCell[])[];
}

/**
 * Formats a table's cells as display text, the way writeLatex and writeDocx show them.
 *
 * A numeric column whose present values are all integers prints them as integers; any other numeric column
 * prints `digits` decimals (per-column digits win; then the global number; then a Stata "%w.df" display format;
 * then 3), rounded by `Number.prototype.toFixed`. A rounded negative zero prints without its sign; ±Infinity
 * prints as "∞"/"-∞". Value-labelled codes print their label. Missing cells (any missing code) print `missing`.
 * Reference: ECMAScript `Number.prototype.toFixed`; Stata display formats (help format).
 * @param t the table
 * @param options digits, missing text, value labels
 * @returns per-column alignment and the formatted rows
 * @throws RangeError when a digits value is not an integer in 0..20
 * @example
 * formatCells(table([numberColumn("x", [1.23456, 2])])).rows.map((r) => r[0]!.text) // => ["1.235", "2.000"]
 */
export function formatCells(t: Table, options: FormatCellsOptions = {}): FormattedCells {
  const digits = options.digits;
  if (typeof digits === "number") checkDigits(digits, "digits");
  else if (digits !== undefined)
    for (const [name, d] of Object.entries(digits)) checkDigits(d, `digits.${name}`);
  const missing = options.missing ?? "";
  const useLabels = options.valueLabels ?? true;

  const formatted = t.columns.map((column) => formatColumn(column, digits, missing, useLabels));
  const rows: FormattedCell[][] = [];
  for (let i = 0; i < t.rowCount; i++) rows.push(formatted.map((f) => f.cells[i]!));
  return { align: formatted.map((f) => f.align), rows };
}

function checkDigits(d: number, what: string): void {
  if (!(Number.isInteger(d) && d >= 0 && d <= 20)) {
    throw new RangeError(`formatCells: ${what} must be an integer from 0 to 20; got ${d}`);
  }
}

function formatColumn(
  column: Column,
  digits: FormatCellsOptions["digits"],
  missing: string,
  useLabels: boolean,
): { align: "left" | "right"; cells: FormattedCell[] } {
  const blank: FormattedCell = { text: missing, kind: "missing" };
  if (column.type === "string") {
    return {
      align: "left",
      cells: column.values.map((v) => (v === null ? blank : { text: v, kind: "text" })),
    };
  }
  const labels = useLabels ? column.meta.valueLabels?.labels : undefined;
  let allIntegers = true;
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i]!;
    if (
      column.missing[i] === 0 &&
      Number.isFinite(v) &&
      !Number.isInteger(v) &&
      labels?.get(v) === undefined
    ) {
      allIntegers = false;
      break;
    }
  }
  const explicit = typeof digits === "object" ? digits[column.name] : undefined;
  const decimals =
    explicit ??
    (allIntegers
      ? 0
      : typeof digits === "number"
        ? digits
        : (stataDecimals(column.meta.format) ?? DEFAULT_DIGITS));
  let labelled = false;
  const cells: FormattedCell[] = [];
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i]!;
    const label = column.missing[i] !== 0 || Number.isNaN(v) ? undefined : labels?.get(v);
    if (column.missing[i] !== 0 || Number.isNaN(v)) cells.push(blank);
    else if (label !== undefined) {
      labelled = true;
      cells.push({ text: label, kind: "text" });
    } else cells.push({ text: formatNumber(v, decimals), kind: "number" });
  }
  return { align: labelled ? "left" : "right", cells };
}

/** Decimals of a Stata fixed display format such as "%9.2f" or "%12.3fc"; undefined for other formats. */
function stataDecimals(format: string | undefined): number | undefined {
  if (format === undefined) return undefined;
  const match = /^%-?0?\d*\.(\d+)fc?$/.exec(format);
  if (!match) return undefined;
  const d = Number(match[1]);
  return d <= 20 ? d : undefined;
}

function formatNumber(v: number, decimals: number): string {
  if (v === Number.POSITIVE_INFINITY) return "∞";
  if (v === Number.NEGATIVE_INFINITY) return "-∞";
  const text = v.toFixed(decimals);
  return /^-0(?:\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Header text of a column: without a language, its label, else English, else Chinese label, else name; in "zh"
 * the Chinese label, else label, else name; in "en" the English label, else label, else name. The unit follows in parentheses.
 * @param column the column
 * @param language preferred label language
 * @returns the header text (not escaped)
 */
export function headerLabel(column: Column, language?: "zh" | "en"): string {
  const meta = column.meta;
  const text =
    language === "zh"
      ? (meta.labelZh ?? meta.label ?? column.name)
      : language === "en"
        ? (meta.labelEn ?? meta.label ?? column.name)
        : (meta.label ?? meta.labelEn ?? meta.labelZh ?? column.name);
  return meta.unit !== undefined && meta.unit !== "" ? `${text} (${meta.unit})` : text;
}

/**
 * The note lines printed under a table: method, parameters, reference, source, then each note, in that order.
 * @param t the table whose meta is read
 * @param language wording of the line heads
 * @returns plain-text lines (not escaped)
 */
export function noteLines(t: Table, language: "zh" | "en"): string[] {
  const heads =
    language === "zh"
      ? {
          method: "方法：",
          parameters: "参数：",
          reference: "参考文献：",
          source: "数据来源：",
          note: "注：",
        }
      : {
          method: "Method: ",
          parameters: "Parameters: ",
          reference: "Reference: ",
          source: "Source: ",
          note: "Note: ",
        };
  const meta = t.meta;
  const lines: string[] = [];
  if (meta.method !== undefined && meta.method !== "") lines.push(heads.method + meta.method);
  const parameters = Object.entries(meta.parameters ?? {}).filter(([, v]) => v !== undefined);
  if (parameters.length > 0) {
    const separator = language === "zh" ? "；" : "; ";
    lines.push(heads.parameters + parameters.map(([k, v]) => `${k} = ${parameterText(v)}`).join(separator));
  }
  if (meta.reference !== undefined && meta.reference !== "") lines.push(heads.reference + meta.reference);
  if (meta.source !== undefined && meta.source !== "") lines.push(heads.source + meta.source);
  for (const note of meta.notes ?? []) if (note !== "") lines.push(heads.note + note);
  return lines;
}

function parameterText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  const json = JSON.stringify(value) as string | undefined;
  return json ?? String(value);
}

/**
 * Display width of a string in character cells: East Asian wide and full-width characters (CJK, Hangul, full-width forms) take two, others one.
 * Reference: Unicode Standard Annex #11, East Asian Width (the W and F ranges, simplified to blocks).
 * @example displayWidth("GDP 地区") // => 8
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const wide =
      code >= 0x1100 &&
      (code <= 0x115f ||
        (code >= 0x2e80 && code <= 0xa4cf) ||
        (code >= 0xac00 && code <= 0xd7a3) ||
        (code >= 0xf900 && code <= 0xfaff) ||
        (code >= 0xfe30 && code <= 0xfe4f) ||
        (code >= 0xff00 && code <= 0xff60) ||
        (code >= 0xffe0 && code <= 0xffe6) ||
        code >= 0x20000);
    width += wide ? 2 : 1;
  }
  return width;
}
