/**
 * A study run's results as plain JSON (`results.json` beside the tables): the same tables, figure specifications,
 * notes and warnings the report shows, in a form a browser reads without a CSV parser. Numbers are kept at full
 * double precision; missing and non-finite values become null. Pure: no I/O.
 */
import type { FigureSpec, StudyRunResult } from "../study/types.js";
import type { Column, Table, TableMeta } from "../table/table.js";

/** One column of a {@link TableJson}. */
export type ColumnJson =
  | {
      readonly name: string;
      readonly type: "number";
      readonly label?: string;
      readonly labelZh?: string;
      readonly labelEn?: string;
      readonly unit?: string;
      /** Code → label, for coded numeric columns. */
      readonly valueLabels?: Readonly<Record<string, string>>;
      readonly values: readonly (number | null)[];
    }
  | {
      readonly name: string;
      readonly type: "string";
      readonly label?: string;
      readonly labelZh?: string;
      readonly labelEn?: string;
      readonly unit?: string;
      readonly values: readonly (string | null)[];
    };

/** A table as JSON: its metadata (name, title, method, parameters, notes…) and its columns. */
export interface TableJson {
  readonly meta: TableMeta;
  readonly rowCount: number;
  readonly columns: readonly ColumnJson[];
}

/** One step's results as JSON. */
export interface StepJson {
  readonly id: string;
  readonly method: string;
  readonly title: string;
  readonly tables: readonly TableJson[];
  readonly figures: readonly FigureSpec[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/** A whole run's results as JSON (the content of results.json). */
export interface ResultsJson {
  /** Format version of this file. */
  readonly format: 1;
  readonly title: string;
  readonly steps: readonly StepJson[];
  readonly sources: StudyRunResult["sources"];
  readonly seeds: StudyRunResult["seeds"];
}

function labelsOf(column: Column): Pick<ColumnJson, "label" | "labelZh" | "labelEn" | "unit"> {
  const m = column.meta;
  return {
    ...(m.label !== undefined ? { label: m.label } : {}),
    ...(m.labelZh !== undefined ? { labelZh: m.labelZh } : {}),
    ...(m.labelEn !== undefined ? { labelEn: m.labelEn } : {}),
    ...(m.unit !== undefined ? { unit: m.unit } : {}),
  };
}

/**
 * A table as JSON: numeric cells that are missing or not finite become null; value labels become an object.
 * @param table any table
 * @returns its JSON form (metadata kept as is)
 */
export function tableJson(table: Table): TableJson {
  const columns = table.columns.map((column): ColumnJson => {
    if (column.type === "string") return { name: column.name, type: "string", ...labelsOf(column), values: [...column.values] };
    const values: (number | null)[] = new Array<number | null>(column.values.length);
    for (let i = 0; i < column.values.length; i++) {
      const v = column.values[i]!;
      values[i] = column.missing[i] !== 0 || !Number.isFinite(v) ? null : v;
    }
    const labels = column.meta.valueLabels;
    return {
      name: column.name,
      type: "number",
      ...labelsOf(column),
      ...(labels !== undefined ? { valueLabels: Object.fromEntries([...labels.labels].map(([k, v]) => [String(k), v])) } : {}),
      values,
    };
  });
  return { meta: table.meta, rowCount: table.rowCount, columns };
}

/**
 * A study run's results as JSON, step by step (tables, figures, notes, warnings), with its sources and seeds.
 * @param result what runStudy returned
 * @returns the content of results.json
 */
export function resultsJson(result: StudyRunResult): ResultsJson {
  return {
    format: 1,
    title: result.title,
    steps: result.steps.map((step) => ({
      id: step.id,
      method: step.method,
      title: step.title,
      tables: step.tables.map(tableJson),
      figures: step.figures,
      notes: step.notes,
      warnings: step.warnings,
    })),
    sources: result.sources,
    seeds: result.seeds,
  };
}
