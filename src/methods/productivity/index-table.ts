/**
 * Productivity-index results as Tables: a long table with one row per unit and adjacent-period pair, a DEAP-style
 * summary of means per pair with the overall mean, and the cumulative levels of {@link cumulativeIndex}.
 */

import { numberColumn, stringColumn, table, type Column, type Table } from "../../table/table.js";
import type { CumulativeIndexResult } from "./cumulative.js";
import type { IndexResult } from "./types.js";

/** Options of the index tables. */
export interface IndexTableOptions {
  /** Literature line for the table metadata (e.g. MALMQUIST_REFERENCE). */
  readonly reference?: string;
  /** Settings that produced the result (rts, orientation, technology, …), written into the metadata. */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** Component and distance names over all pairs, in order of first appearance. */
function keysOf(result: IndexResult, field: "components" | "distances"): string[] {
  const names: string[] = [];
  for (const pair of result.pairs)
    for (const key of Object.keys(pair[field])) if (!names.includes(key)) names.push(key);
  return names;
}

function meta(result: IndexResult, options: IndexTableOptions, name: string, title: string) {
  return {
    name,
    title,
    method: result.index,
    parameters: { convention: result.convention, ...(options.parameters ?? {}) },
    ...(options.reference !== undefined ? { reference: options.reference } : {}),
    notes: [result.note],
  };
}

/**
 * Long table of an index: one row per pair and unit compared, with columns unit, from, to, every component, every
 * distance ("D_t(t)", …), status and reason. A failed unit-pair has empty (missing) components beside its status
 * and reason, so nothing is dropped.
 *
 * Reference: the index's own (passed in `options.reference`); layout after DEAP 2.1's "Malmquist index summary" (Coelli 1996).
 *
 * @param result an IndexResult (malmquist, malmquistLuenberger, luenberger, …)
 * @param options reference and parameters for the metadata
 * @returns a Table named after the index, meta {method, parameters, reference, notes: [note]}
 * @example
 * indexTable(malmquist(panel)).columns.map((c) => c.name)
 * // => ["unit", "from", "to", "tfpch", "effch", "techch", "D_t(t)", "D_t(t+1)", "D_t+1(t)", "D_t+1(t+1)", "status", "reason"]
 */
export function indexTable(result: IndexResult, options: IndexTableOptions = {}): Table {
  const componentNames = keysOf(result, "components");
  const distanceNames = keysOf(result, "distances");
  const rows = result.pairs.reduce((n, p) => n + p.unit.length, 0);
  const unit: string[] = [];
  const from = new Float64Array(rows);
  const to = new Float64Array(rows);
  const status: string[] = [];
  const reason: (string | undefined)[] = [];
  const components = componentNames.map(() => new Float64Array(rows).fill(NaN));
  const distances = distanceNames.map(() => new Float64Array(rows).fill(NaN));
  let r = 0;
  for (const pair of result.pairs) {
    for (let k = 0; k < pair.unit.length; k++, r++) {
      unit.push(result.units[pair.unit[k]!]!);
      from[r] = pair.from;
      to[r] = pair.to;
      status.push(pair.status[k]!);
      reason.push(pair.reason[k]);
      componentNames.forEach((name, j) => {
        const values = pair.components[name];
        if (values !== undefined) components[j]![r] = values[k]!;
      });
      distanceNames.forEach((name, j) => {
        const values = pair.distances[name];
        if (values !== undefined) distances[j]![r] = values[k]!;
      });
    }
  }
  const columns: Column[] = [
    stringColumn("unit", unit),
    numberColumn("from", from, { label: "first period of the pair" }),
    numberColumn("to", to, { label: "second period of the pair" }),
    ...componentNames.map((name, j) => numberColumn(name, components[j]!, { label: componentLabel(name) })),
    ...distanceNames.map((name, j) => numberColumn(name, distances[j]!, { label: `distance ${name}` })),
    stringColumn("status", status, { label: "LP status (optimal when every distance solved)" }),
    stringColumn("reason", reason, { label: "which distance LP failed and why" }),
  ];
  return table(
    columns,
    meta(result, options, result.index, `${result.index}: index and components per unit and period pair`),
  );
}

/** Mean of the usable values: geometric (multiplicative) or arithmetic (additive); NaN when none. */
function mean(values: readonly number[], multiplicative: boolean): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += multiplicative ? Math.log(v) : v;
  return multiplicative ? Math.exp(sum / values.length) : sum / values.length;
}

function usable(v: number, multiplicative: boolean): boolean {
  return Number.isFinite(v) && (!multiplicative || v > 0);
}

/**
 * Summary of an index by pair, as DEAP's "Malmquist index summary of annual means": one row per pair with the
 * mean of every component over the units compared with status "optimal" (geometric for multiplicative indices,
 * arithmetic for additive indicators), the counts compared, optimal, failed, only_from (observed only in the
 * first period) and only_to (only in the second), and a last row "mean" with the mean of the pair means (DEAP's
 * overall mean; for a balanced panel without failures it equals the mean over all unit-pairs) and the summed counts.
 *
 * Reference: Coelli (1996) A Guide to DEAP Version 2.1, CEPA WP 96/08 (annual means are geometric means).
 *
 * @param result an IndexResult
 * @param options reference and parameters for the metadata
 * @returns a Table named "<index>_summary" with columns pair, from, to, components…, compared, optimal, failed, only_from, only_to
 * @example
 * indexSummaryTable(malmquist(panel)).columns.map((c) => c.name)
 * // => ["pair", "from", "to", "tfpch", "effch", "techch", "compared", "optimal", "failed", "only_from", "only_to"]
 */
export function indexSummaryTable(result: IndexResult, options: IndexTableOptions = {}): Table {
  const multiplicative = result.convention === "multiplicative";
  const componentNames = keysOf(result, "components");
  const rows = result.pairs.length + 1;
  const pairLabel: string[] = [];
  const from = new Float64Array(rows).fill(NaN);
  const to = new Float64Array(rows).fill(NaN);
  const means = componentNames.map(() => new Float64Array(rows).fill(NaN));
  const counts = {
    compared: new Float64Array(rows),
    optimal: new Float64Array(rows),
    failed: new Float64Array(rows),
    onlyFrom: new Float64Array(rows),
    onlyTo: new Float64Array(rows),
  };
  const last = rows - 1;
  result.pairs.forEach((pair, p) => {
    pairLabel.push(`${pair.from}–${pair.to}`);
    from[p] = pair.from;
    to[p] = pair.to;
    const optimal = pair.status.filter((s) => s === "optimal").length;
    const row = [pair.unit.length, optimal, pair.unit.length - optimal, pair.onlyFrom, pair.onlyTo];
    [counts.compared, counts.optimal, counts.failed, counts.onlyFrom, counts.onlyTo].forEach((c, j) => {
      c[p] = row[j]!;
      c[last] = c[last]! + row[j]!;
    });
    componentNames.forEach((name, j) => {
      const values = pair.components[name];
      if (values === undefined) return;
      const kept: number[] = [];
      for (let k = 0; k < pair.unit.length; k++)
        if (pair.status[k] === "optimal" && usable(values[k]!, multiplicative)) kept.push(values[k]!);
      means[j]![p] = mean(kept, multiplicative);
    });
  });
  pairLabel.push("mean");
  componentNames.forEach((_, j) => {
    const kept: number[] = [];
    for (let p = 0; p < result.pairs.length; p++)
      if (usable(means[j]![p]!, multiplicative)) kept.push(means[j]![p]!);
    means[j]![last] = mean(kept, multiplicative);
  });
  const kind = multiplicative ? "geometric mean" : "mean";
  const columns: Column[] = [
    stringColumn("pair", pairLabel, { label: "period pair (from–to), or the overall mean" }),
    numberColumn("from", from, { label: "first period of the pair" }),
    numberColumn("to", to, { label: "second period of the pair" }),
    ...componentNames.map((name, j) =>
      numberColumn(name, means[j]!, { label: `${kind} of ${componentLabel(name)}` }),
    ),
    numberColumn("compared", counts.compared, { label: "units observed in both periods" }),
    numberColumn("optimal", counts.optimal, { label: "units whose LPs all solved (in the means)" }),
    numberColumn("failed", counts.failed, {
      label: "units with a failed LP (status, reason in the long table)",
    }),
    numberColumn("only_from", counts.onlyFrom, { label: "units observed only in the first period" }),
    numberColumn("only_to", counts.onlyTo, { label: "units observed only in the second period" }),
  ];
  const base = meta(
    result,
    options,
    `${result.index}_summary`,
    `${result.index}: ${kind}s by period pair and overall`,
  );
  return table(columns, {
    ...base,
    notes: [
      ...base.notes,
      `each pair: ${kind} over the units with status optimal; row "mean": ${kind} of the pair means (DEAP 2.1)`,
    ],
  });
}

/**
 * Long table of cumulative unit levels: unit, group (when groups were given), period and the level of the
 * chained component (column "<component>_cum"); missing where the chain has not started or has stopped.
 * Reference: see {@link cumulativeIndex}.
 * @param result the output of cumulativeIndex
 * @returns a Table named "<index>_cumulative", meta notes = [the gap rule]
 */
export function cumulativeIndexTable(result: CumulativeIndexResult): Table {
  const T = result.periods.length;
  const n = result.units.length;
  const unit: string[] = [];
  const group: (string | null)[] = [];
  const period = new Float64Array(n * T);
  const level = new Float64Array(n * T);
  const hasGroups = result.groups.length > 1;
  for (let u = 0; u < n; u++)
    for (let t = 0; t < T; t++) {
      unit.push(result.units[u]!);
      group.push(result.unitGroup[u] ?? null);
      period[u * T + t] = result.periods[t]!;
      level[u * T + t] = result.level[u]![t]!;
    }
  const columns: Column[] = [
    stringColumn("unit", unit),
    ...(hasGroups ? [stringColumn("group", group)] : []),
    numberColumn("period", period),
    numberColumn(`${result.component}_cum`, level, { label: `cumulative ${result.component}` }),
  ];
  return table(columns, {
    name: `${result.index}_cumulative`,
    title: `${result.index}: cumulative ${result.component} per unit`,
    method: result.index,
    parameters: { component: result.component, convention: result.convention },
    notes: [result.note],
  });
}

/**
 * Table of cumulative group levels: group ("all" and each group), period, the chained level of the per-pair
 * means and the number of units in each pair's mean.
 * Reference: see {@link cumulativeIndex}.
 * @param result the output of cumulativeIndex
 * @returns a Table named "<index>_cumulative_groups"
 */
export function cumulativeGroupTable(result: CumulativeIndexResult): Table {
  const T = result.periods.length;
  const G = result.groups.length;
  const group: string[] = [];
  const period = new Float64Array(G * T);
  const level = new Float64Array(G * T);
  const units = new Float64Array(G * T);
  for (let g = 0; g < G; g++)
    for (let t = 0; t < T; t++) {
      group.push(result.groups[g]!);
      period[g * T + t] = result.periods[t]!;
      level[g * T + t] = result.groupLevel[g]![t]!;
      units[g * T + t] = result.groupCount[g]![t]!;
    }
  return table(
    [
      stringColumn("group", group),
      numberColumn("period", period),
      numberColumn(`${result.component}_cum`, level, {
        label: `cumulative ${result.component}, chained ${result.convention === "multiplicative" ? "geometric" : "arithmetic"} means`,
      }),
      numberColumn("units", units, { label: "units in the mean of the pair ending in this period" }),
    ],
    {
      name: `${result.index}_cumulative_groups`,
      title: `${result.index}: cumulative ${result.component} by group`,
      method: result.index,
      parameters: { component: result.component, convention: result.convention },
      notes: [result.note],
    },
  );
}

function componentLabel(name: string): string {
  const labels: Record<string, string> = {
    tfpch: "TFP change (the index)",
    effch: "efficiency change (CRS)",
    techch: "technical change",
    pech: "pure (VRS) efficiency change",
    sech: "scale efficiency change",
    bpc: "best-practice gap change",
  };
  return labels[name] ?? name;
}
