/**
 * Helpers the step modules share to build figure specifications from panel-shaped results: group labels per entity,
 * means by group and period, choropleths of one value per entity, and the lines that list failed LPs by unit name
 * and period.
 */
import type { Panel } from "../../panel/panel.js";
import { cell, findColumn } from "../../table/table.js";
import type { FigureSeries, FigureSpec, MapValue } from "../types.js";
import type { StepRunContext } from "./step.js";

/** Label of the series over all units in group figures. */
export const ALL = "all";

/**
 * Each entity's group label: the first non-empty value of the group column over its rows (null when none).
 * @param p panel
 * @param column group column, or undefined (every entity then has null)
 * @returns entity → label
 */
export function entityGroupLabels(p: Panel, column: string | undefined): Map<string, string | null> {
  const out = new Map<string, string | null>(p.entities.map((e) => [e, null]));
  const c = column !== undefined ? findColumn(p.table, column) : undefined;
  if (c === undefined) return out;
  for (let r = 0; r < p.table.rowCount; r++) {
    const entity = p.entities[p.entityOf[r]!]!;
    if (out.get(entity) !== null) continue;
    const v = cell(c, r);
    if (v !== null && String(v).trim() !== "") out.set(entity, String(v));
  }
  return out;
}

/**
 * Distinct group labels in order of first appearance (nulls left out).
 * @param labels entity → label
 * @returns the labels
 */
export function groupNames(labels: ReadonlyMap<string, string | null>): string[] {
  return [...new Set([...labels.values()].filter((g): g is string => g !== null))];
}

/**
 * Arithmetic means of row values by period, over all units and within each group (finite values only; null where
 * none).
 * @param periods the periods, ascending
 * @param rows per observation: entity, period and value
 * @param groups entity → group label (null: counted in "all" only)
 * @returns one series for "all", then one per group in order of first appearance
 */
export function meansByGroup(
  periods: readonly number[],
  rows: readonly { readonly entity: string; readonly period: number; readonly value: number }[],
  groups: ReadonlyMap<string, string | null>,
): FigureSeries[] {
  const names = [ALL, ...groupNames(groups)];
  const at = new Map(periods.map((t, k) => [t, k]));
  const sums = names.map(() => new Float64Array(periods.length));
  const counts = names.map(() => new Int32Array(periods.length));
  for (const { entity, period, value } of rows) {
    const k = at.get(period);
    if (k === undefined || !Number.isFinite(value)) continue;
    const g = groups.get(entity) ?? null;
    for (const index of [0, ...(g !== null ? [names.indexOf(g)] : [])]) {
      sums[index]![k]! += value;
      counts[index]![k]!++;
    }
  }
  return names.map((name, g) => ({
    name,
    values: periods.map((_, k) => (counts[g]![k]! > 0 ? sums[g]![k]! / counts[g]![k]! : null)),
  }));
}

/**
 * A choropleth of one value per entity on the study's map; none when the study has no map.
 * @param ctx the step's context (map, labels)
 * @param id figure id
 * @param title figure title
 * @param values entity → value (NaN or absent: no data)
 * @param unit unit shown in the legend
 * @returns zero or one figure
 */
export function choropleth(
  ctx: Pick<StepRunContext, "map" | "label" | "panel">,
  id: string,
  title: string,
  values: ReadonlyMap<string, number>,
  unit?: string,
): FigureSpec[] {
  if (ctx.map === undefined) return [];
  const entries: MapValue[] = ctx.panel.entities.map((entity) => {
    const v = values.get(entity);
    return { code: entity, name: ctx.label(entity), value: v !== undefined && Number.isFinite(v) ? v : null };
  });
  return [
    {
      kind: "choropleth",
      id,
      title,
      map: ctx.map,
      values: entries,
      ...(unit !== undefined ? { unit } : {}),
    },
  ];
}

/** One unit-level LP failure: unit, the periods (a year or a pair), status and why. */
export interface Failure {
  readonly unit: string;
  readonly when: string;
  readonly status: string;
  readonly reason: string | undefined;
}

/**
 * Warning lines listing failed LPs by status, each with the units by name and period and the reason; the run
 * continues and the failed values are empty cells in the tables.
 * @param failures the failures, in table order
 * @param what what failed, e.g. "unit-pairs"
 * @returns one line per status (none when nothing failed)
 */
export function failureWarnings(failures: readonly Failure[], what: string): string[] {
  const byStatus = new Map<string, Failure[]>();
  for (const f of failures) byStatus.set(f.status, [...(byStatus.get(f.status) ?? []), f]);
  return [...byStatus].map(
    ([status, list]) =>
      `${list.length} ${what} with ${status} LPs (their values are empty): ${list
        .map((f) => `${f.unit} ${f.when}${f.reason !== undefined ? ` (${f.reason})` : ""}`)
        .join("; ")}`,
  );
}

/**
 * The last period of a panel.
 * @param p panel with at least one period
 * @returns the period
 */
export function lastPeriod(p: Panel): number {
  return p.times[p.times.length - 1]!;
}

/**
 * A period range as titles write it.
 * @param periods ascending periods
 * @returns "2012–2019", "2019" for one period, "" for none
 */
export function periodRange(periods: readonly number[]): string {
  if (periods.length === 0) return "";
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  return first === last ? String(first) : `${first}–${last}`;
}
