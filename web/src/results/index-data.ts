/**
 * The composite index step as the results explorer reads it: the scores table (one row per unit and period with
 * score, rank, dimension indices and the data's label columns), the units with their names and groups, and the
 * ranking of one year. Pure: no DOM.
 */
import type { ColumnJson, ResultsJson, StepJson, TableJson } from "../../../src/report/results-json.js";
import type { Locale } from "../context.js";
import { columnOf, keyOf, numberAt, unitNames, unitPeriodColumns } from "./panel-values.js";

/** One unit of the index panel. */
export interface IndexUnit {
  readonly entity: string;
  /** Display names: from the study's names (map, frontier tables), and Chinese/English label columns of the data. */
  readonly name: { readonly en?: string; readonly zh?: string; readonly study?: string };
  readonly group: string | null;
}

/** The scores of an index step, by unit and period. */
export interface IndexPanel {
  readonly stepId: string;
  readonly table: TableJson;
  /** Index of the scores table within the step. */
  readonly tableIndex: number;
  readonly entityColumn: string;
  readonly timeColumn: string;
  readonly groupColumn: string | undefined;
  /** Ascending. */
  readonly years: readonly number[];
  /** In order of first appearance in the table. */
  readonly units: readonly IndexUnit[];
  /** Dimension index columns (`<dimension>_index`). */
  readonly dimensions: readonly ColumnJson[];
  /** Row of each unit and year. */
  readonly rowOf: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** One row of the ranking of a year. */
export interface RankingRow {
  readonly entity: string;
  /** The step's rank (1 = highest), else the position by score; null without a score. */
  readonly rank: number | null;
  readonly score: number | null;
  readonly group: string | null;
}

/**
 * The scores table of an index step: the table named "scores", else the first with "score" and "rank" columns.
 * @param step an index step
 * @returns its index in the step's tables, or -1
 */
export function scoresTableIndex(step: StepJson): number {
  const named = step.tables.findIndex((t) => t.meta.name === "scores" && columnOf(t, "score") !== undefined);
  if (named >= 0) return named;
  return step.tables.findIndex(
    (t) => columnOf(t, "score") !== undefined && columnOf(t, "rank") !== undefined,
  );
}

/** True when the column has one value per unit (the same in every row of a unit). */
function constantPerUnit(column: ColumnJson, entity: ColumnJson): boolean {
  const seen = new Map<string, string | null>();
  for (let r = 0; r < entity.values.length; r++) {
    const e = keyOf(entity.values[r]);
    if (e === null) continue;
    const v = keyOf(column.values[r]);
    if (!seen.has(e)) seen.set(e, v);
    else if (seen.get(e) !== v) return false;
  }
  return true;
}

/**
 * The index panel of a step: unit and period columns of its scores table (the unit column among the columns
 * before "score", preferring one whose keys are the step's map codes), the group column (a label column constant
 * per unit whose values are the series of the step's group figure), Chinese and English name columns (label
 * columns constant per unit, named *zh* or *en*), the dimension index columns and the row of each unit-year.
 * @param step the index step
 * @param results the run (for the study's display names)
 * @returns the panel, or undefined when the step has no scores table with a period column
 */
export function indexPanel(step: StepJson, results: ResultsJson): IndexPanel | undefined {
  const tableIndex = scoresTableIndex(step);
  const table = step.tables[tableIndex];
  if (table === undefined) return undefined;
  const scoreAt = table.columns.findIndex((c) => c.name === "score");
  const keyNames = table.columns.slice(0, scoreAt).map((c) => c.name);
  const mapCodes = new Set(
    step.figures.flatMap((f) => (f.kind === "choropleth" ? f.values.map((v) => v.code) : [])),
  );
  const cols = unitPeriodColumns(table, { candidates: keyNames, knownUnits: mapCodes });
  if (cols?.time === undefined) return undefined;
  const entity = columnOf(table, cols.entity)!;
  const time = columnOf(table, cols.time)!;
  const labelColumns = table.columns
    .slice(0, scoreAt)
    .filter((c) => c.type === "string" && c.name !== cols.entity && constantPerUnit(c, entity));
  const seriesNames = new Set(
    step.figures.flatMap((f) => (f.kind === "time-series" ? f.series.map((s) => s.name) : [])),
  );
  const group = labelColumns.find((c) => {
    const values = c.values.filter((v): v is string => v !== null);
    return values.length > 0 && values.every((v) => seriesNames.has(v));
  });
  const names = labelColumns.filter((c) => c !== group);
  const zhColumn = names.find((c) => /zh/i.test(c.name));
  const enColumn =
    names.find((c) => /(^|_)en$|name_en/i.test(c.name)) ??
    names.find((c) => /name/i.test(c.name) && c !== zhColumn);
  const study = unitNames(results);

  const units: IndexUnit[] = [];
  const rowOf = new Map<string, Map<number, number>>();
  const years = new Set<number>();
  for (let r = 0; r < table.rowCount; r++) {
    const e = keyOf(entity.values[r]);
    const y = time.values[r];
    if (e === null || typeof y !== "number") continue;
    years.add(y);
    let rows = rowOf.get(e);
    if (rows === undefined) {
      rowOf.set(e, (rows = new Map<number, number>()));
      const text = (c: ColumnJson | undefined): string | undefined => {
        const v = c?.values[r];
        return typeof v === "string" && v !== "" ? v : undefined;
      };
      const en = text(enColumn);
      const zh = text(zhColumn);
      const fromStudy = study.get(e);
      units.push({
        entity: e,
        name: {
          ...(en !== undefined ? { en } : {}),
          ...(zh !== undefined ? { zh } : {}),
          ...(fromStudy !== undefined ? { study: fromStudy } : {}),
        },
        group: group !== undefined ? (keyOf(group.values[r]) ?? null) : null,
      });
    }
    rows.set(y, r);
  }
  return {
    stepId: step.id,
    table,
    tableIndex,
    entityColumn: cols.entity,
    timeColumn: cols.time,
    groupColumn: group?.name,
    years: [...years].sort((a, b) => a - b),
    units,
    dimensions: table.columns.filter((c) => c.type === "number" && /_index$/.test(c.name)),
    rowOf,
  };
}

/**
 * A unit's display name in the UI language: in Chinese its Chinese label column, else the study's name, else the
 * English label, else the key; in English the study's name, else the English label, else the Chinese one, else
 * the key.
 * @param unit the unit
 * @param locale the UI language
 * @returns the name
 * @example
 * unitLabel({ entity: "110000", name: { zh: "北京", study: "Beijing" }, group: null }, "zh") // => "北京"
 */
export function unitLabel(unit: IndexUnit, locale: Locale): string {
  const n = unit.name;
  return locale === "zh"
    ? (n.zh ?? n.study ?? n.en ?? unit.entity)
    : (n.study ?? n.en ?? n.zh ?? unit.entity);
}

/**
 * The ranking of one year: every unit with a row in that year, by score from high to low (units without a score
 * last), ties in the step's rank order; the rank is the step's rank column, else the position among the scored.
 * @param panel the index panel
 * @param year the year
 * @returns the rows in ranking order
 * @example
 * ranking(panel, 2018).map((r) => r.rank) // => [1, 2, 3, …]
 */
export function ranking(panel: IndexPanel, year: number): RankingRow[] {
  const score = columnOf(panel.table, "score");
  const rank = columnOf(panel.table, "rank");
  const rows: (RankingRow & { readonly order: number })[] = [];
  panel.units.forEach((unit, order) => {
    const r = panel.rowOf.get(unit.entity)?.get(year);
    if (r === undefined) return;
    rows.push({
      entity: unit.entity,
      rank: numberAt(rank, r),
      score: numberAt(score, r),
      group: unit.group,
      order,
    });
  });
  rows.sort((a, b) => {
    if (a.score === null || b.score === null)
      return a.score === null ? (b.score === null ? a.order - b.order : 1) : -1;
    if (a.score !== b.score) return b.score - a.score;
    return (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.order - b.order;
  });
  let position = 0;
  return rows.map((row) => {
    if (row.score !== null) position++;
    return {
      entity: row.entity,
      rank: row.rank ?? (row.score !== null ? position : null),
      score: row.score,
      group: row.group,
    };
  });
}
