/**
 * Sorting a results table by one column: the row order as a permutation, stable, with missing cells last in
 * both directions. Numbers compare numerically, text by the UI language's collation with numeric parts compared
 * as numbers ("C2" before "C10"). Pure: no DOM.
 */
import type { ColumnJson } from "../../../src/report/results-json.js";

/** Sort direction of a column. */
export type SortDirection = "asc" | "desc";

/**
 * The rows of a column in sorted order: ascending or descending, ties in their original order, missing (null)
 * cells last whichever the direction.
 * Reference: Array.prototype.sort is stable (ECMAScript 2019); Intl.Collator with numeric: true for text.
 * @param column the column to sort by
 * @param direction "asc" or "desc"
 * @param locale BCP 47 tag of the collation (e.g. "en", "zh-CN")
 * @returns 0-based row indices in display order
 * @example
 * sortRows({ name: "x", type: "number", values: [2, null, 1] }, "desc", "en") // => [0, 2, 1]
 */
export function sortRows(column: ColumnJson, direction: SortDirection, locale: string): number[] {
  const n = column.values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const sign = direction === "asc" ? 1 : -1;
  if (column.type === "number") {
    const v = column.values;
    order.sort((a, b) => {
      const x = v[a] ?? null;
      const y = v[b] ?? null;
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
      return sign * (x - y);
    });
    return order;
  }
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
  const v = column.values;
  order.sort((a, b) => {
    const x = v[a] ?? null;
    const y = v[b] ?? null;
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sign * collator.compare(x, y);
  });
  return order;
}

/**
 * The next sort state when a header is clicked: a new column sorts ascending (numbers descending, the usual
 * reading of scores), the same column flips direction.
 * @param current the current sort (undefined: unsorted)
 * @param column the clicked column's name
 * @param numeric whether that column holds numbers
 * @returns the new sort
 * @example
 * nextSort({ column: "score", direction: "desc" }, "score", true) // => { column: "score", direction: "asc" }
 */
export function nextSort(
  current: { readonly column: string; readonly direction: SortDirection } | undefined,
  column: string,
  numeric: boolean,
): { readonly column: string; readonly direction: SortDirection } {
  if (current?.column === column) return { column, direction: current.direction === "asc" ? "desc" : "asc" };
  return { column, direction: numeric ? "desc" : "asc" };
}
