/**
 * Column summaries for inspection: count, missing, and for numbers min / max / mean (Neumaier-
 * compensated sum), for strings the number of distinct values.
 */
import { numberColumn, stringColumn, table, type Column, type NumberColumn, type Table } from "./table.js";

export interface ColumnSummary {
  readonly name: string;
  readonly type: "number" | "string";
  readonly count: number;
  readonly missing: number;
  /** Stata extended missing values (.a–.z) among `missing`. */
  readonly extendedMissing: number;
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  readonly distinct?: number;
  readonly label?: string;
  readonly unit?: string;
}

/** One summary per column, in column order. */
export function describeTable(t: Table): ColumnSummary[] {
  return t.columns.map(describeColumn);
}

/** Summary of one column; min/max/mean only over present, finite-or-infinite numbers. */
export function describeColumn(column: Column): ColumnSummary {
  const label = column.meta.label ?? column.meta.labelEn ?? column.meta.labelZh;
  const common = {
    name: column.name,
    type: column.type,
    count: column.values.length,
    ...(label !== undefined ? { label } : {}),
    ...(column.meta.unit !== undefined ? { unit: column.meta.unit } : {}),
  };
  if (column.type === "string") {
    const distinct = new Set<string>();
    let missing = 0;
    for (const v of column.values) {
      if (v === null) missing++;
      else distinct.add(v);
    }
    return { ...common, missing, extendedMissing: 0, distinct: distinct.size };
  }
  let missing = 0;
  let extendedMissing = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < column.values.length; i++) {
    const m = column.missing[i]!;
    if (m !== 0) {
      missing++;
      if (m > 1) extendedMissing++;
      continue;
    }
    const v = column.values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const present = column.values.length - missing;
  return present === 0
    ? { ...common, missing, extendedMissing }
    : { ...common, missing, extendedMissing, min, max, mean: (sum + compensation) / present };
}

/** The summaries as a Table (variable, type, n, missing, min, max, mean, label, unit), ready for any writer. */
export function summaryTable(t: Table, title = "Variables"): Table {
  const summaries = describeTable(t);
  const num = (pick: (s: ColumnSummary) => number | undefined): NumberColumn =>
    numberColumn(
      "",
      summaries.map((s) => pick(s) ?? Number.NaN),
    );
  const named = (name: string, column: NumberColumn, label: string): NumberColumn => ({
    ...column,
    name,
    meta: { label },
  });
  return table(
    [
      stringColumn(
        "variable",
        summaries.map((s) => s.name),
        { label: "Variable" },
      ),
      stringColumn(
        "type",
        summaries.map((s) => s.type),
        { label: "Type" },
      ),
      named(
        "n",
        num((s) => s.count - s.missing),
        "Observations",
      ),
      named(
        "missing",
        num((s) => s.missing),
        "Missing",
      ),
      named(
        "min",
        num((s) => s.min),
        "Minimum",
      ),
      named(
        "max",
        num((s) => s.max),
        "Maximum",
      ),
      named(
        "mean",
        num((s) => s.mean),
        "Mean",
      ),
      stringColumn(
        "label",
        summaries.map((s) => s.label ?? null),
        { label: "Label" },
      ),
      stringColumn(
        "unit",
        summaries.map((s) => s.unit ?? null),
        { label: "Unit" },
      ),
    ],
    { name: "variables", title, ...(t.meta.source !== undefined ? { source: t.meta.source } : {}) },
  );
}
