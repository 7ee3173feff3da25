/**
 * How the results explorer shows a column of a results.json table: its header text in the UI language, whether
 * its cells are text, codes (years, region codes: digits as written, no grouping) or numbers (locale-formatted
 * with digits chosen from the column's magnitude), and each cell's text. Pure: no DOM.
 */
import { headerLabel } from "../../../src/table/format-cells.js";
import type { ColumnJson } from "../../../src/report/results-json.js";
import type { Locale } from "../context.js";

/** How a column's cells are written. */
export type CellKind = "text" | "code" | "number";

/** A column's display: kind and, for numbers, digits after the point. */
export interface ColumnDisplay {
  readonly kind: CellKind;
  readonly digits: number;
}

/** Names of integer columns that hold keys or periods rather than quantities. */
const CODE_NAMES = /^(year|years|period|time|t|from|to|adcode|code|id|iso3|iso_a3|.*_id|.*_code|年份|年)$/i;

/**
 * The header text of a column in the UI language: the Chinese label in zh, the English one in en, else the label,
 * else the name; the unit in parentheses (the rule of the report's and the Word/LaTeX tables' headers).
 * Reference: src/table/format-cells.ts (headerLabel).
 * @param column a results.json column
 * @param locale the UI language
 * @returns the header text
 * @example
 * columnHeader({ name: "score", type: "number", label: "Composite index", labelZh: "综合指数", values: [] }, "zh") // => "综合指数"
 */
export function columnHeader(column: ColumnJson, locale: Locale): string {
  return headerLabel(
    {
      type: "string",
      name: column.name,
      values: [],
      meta: {
        ...(column.label !== undefined ? { label: column.label } : {}),
        ...(column.labelZh !== undefined ? { labelZh: column.labelZh } : {}),
        ...(column.labelEn !== undefined ? { labelEn: column.labelEn } : {}),
        ...(column.unit !== undefined ? { unit: column.unit } : {}),
      },
    },
    locale,
  );
}

/**
 * Digits after the point that show a non-integer column to about four significant digits of its largest value:
 * 4 below 10 (6 when every value is below 0.001), 3 from 10, 2 from 100 on.
 * @param maxAbs the largest absolute finite value of the column
 * @returns 2..6
 * @example
 * digitsFor(0.78) // => 4
 * digitsFor(25147.4) // => 2
 */
export function digitsFor(maxAbs: number): number {
  if (!(maxAbs >= 0)) return 4;
  if (maxAbs >= 100) return 2;
  if (maxAbs >= 10) return 3;
  if (maxAbs > 0 && maxAbs < 0.001) return 6;
  return 4;
}

/**
 * A column's display: strings and value-labelled columns are text; integer columns named like keys or periods
 * (year, period, from, to, adcode, …) or whose values are all years (1000–2999) are codes; other numeric columns
 * are numbers, with 0 digits when every value is whole and {@link digitsFor} of the largest magnitude otherwise.
 * @param column a results.json column
 * @returns kind and digits
 * @example
 * columnDisplay({ name: "year", type: "number", values: [2016, 2017] }) // => { kind: "code", digits: 0 }
 */
export function columnDisplay(column: ColumnJson): ColumnDisplay {
  if (column.type === "string") return { kind: "text", digits: 0 };
  if (column.valueLabels !== undefined && Object.keys(column.valueLabels).length > 0)
    return { kind: "text", digits: 0 };
  let whole = true;
  let years = true;
  let present = 0;
  let maxAbs = 0;
  for (const v of column.values) {
    if (v === null) continue;
    present++;
    if (!Number.isInteger(v)) whole = false;
    if (!(Number.isInteger(v) && v >= 1000 && v <= 2999)) years = false;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  if (whole && present > 0 && (CODE_NAMES.test(column.name) || years)) return { kind: "code", digits: 0 };
  if (whole) return { kind: "number", digits: 0 };
  return { kind: "number", digits: digitsFor(maxAbs) };
}

/**
 * The text of one cell: text as is, codes as their digits, numbers through `fmt` with the column's digits, a
 * value label for coded columns; missing cells are "" (the table shows them as an empty cell).
 * @param column the column
 * @param display its display ({@link columnDisplay})
 * @param row 0-based row
 * @param fmt the locale's number formatter (WebContext.fmt)
 * @returns the cell text
 */
export function cellText(
  column: ColumnJson,
  display: ColumnDisplay,
  row: number,
  fmt: (value: number | null | undefined, digits?: number) => string,
): string {
  const v = column.values[row];
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (column.type === "number" && column.valueLabels !== undefined) {
    const label = column.valueLabels[String(v)];
    if (label !== undefined) return label;
  }
  if (display.kind === "code" || display.kind === "text") return String(v);
  return fmt(v, display.digits);
}
