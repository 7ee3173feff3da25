/**
 * What the productivity-index steps (malmquist, gml, luenberger) share: the observations and period panel of the
 * step's data, the tables of an index over adjacent periods with unit names, the cumulative levels by group, the
 * figures (cumulative index by group over time, a choropleth of the last level), the warnings that list failed LPs
 * and left-out observations by unit name and period, and the outputs (index, components and cumulative level per
 * entity and period) later steps can use.
 */
import { NqpfInputError } from "../../errors.js";
import { cumulativeIndex, type CumulativeIndexResult } from "../../methods/productivity/cumulative.js";
import {
  cumulativeGroupTable,
  cumulativeIndexTable,
  indexSummaryTable,
  indexTable,
} from "../../methods/productivity/index-table.js";
import type { PeriodPanel } from "../../methods/productivity/period-panel.js";
import type { IndexResult } from "../../methods/productivity/types.js";
import { panel as buildPanel, type Panel } from "../../panel/panel.js";
import { numberColumn, stringColumn, table, type Column, type Table } from "../../table/table.js";
import type { StudyProblem } from "../problems.js";
import type { FigureSpec } from "../types.js";
import { choropleth, entityGroupLabels, failureWarnings, periodRange, type Failure } from "./figures.js";
import {
  frontierPeriodPanel,
  frontierRows,
  type FrontierRows,
  type FrontierRowsSpec,
} from "./frontier-data.js";
import type { StepRun, StepRunContext } from "./step.js";

/**
 * The period panel of a productivity step, with at least two periods.
 * @param ctx the step's context (its panel)
 * @param spec columns and rules
 * @returns the kept rows and the period panel
 * @throws NqpfInputError for the data problems of {@link frontierRows} and for fewer than two periods
 */
export function productivityPanel(
  ctx: Pick<StepRunContext, "panel">,
  spec: FrontierRowsSpec,
): { readonly kept: FrontierRows; readonly periods: PeriodPanel } {
  const kept = frontierRows(ctx.panel, spec);
  const periods = frontierPeriodPanel(ctx.panel, kept, spec);
  if (periods.periods.length < 2)
    throw new NqpfInputError([
      {
        code: "bad_value",
        column: ctx.panel.time,
        message: `${spec.measure} needs at least two periods with complete data; got ${periods.periods.length}`,
        hint: "check the step's years and the data's coverage",
      },
    ]);
  return { kept, periods };
}

/**
 * The table with a display-name column after `key` (when some display name differs from the key).
 * @param t the table
 * @param key the column holding entity keys
 * @param label display name of an entity key
 * @returns the table, with "name" inserted after `key`
 */
export function withNames(t: Table, key: string, label: (entity: string) => string): Table {
  const at = t.columns.findIndex((c) => c.name === key);
  const column = t.columns[at];
  if (column === undefined || column.type !== "string" || t.columns.some((c) => c.name === "name")) return t;
  const names = column.values.map((v) => (v === null ? null : label(v)));
  if (names.every((v, i) => v === column.values[i])) return t;
  const columns: Column[] = [...t.columns];
  columns.splice(at + 1, 0, stringColumn("name", names, { label: "display name" }));
  return table(columns, t.meta);
}

/** What {@link indexStepRun} needs besides the result. */
export interface IndexStepSpec {
  readonly result: IndexResult;
  readonly kept: FrontierRows;
  readonly reference: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The component chained into levels; undefined: the index itself; false: no cumulative levels. */
  readonly component: string | undefined | false;
  /** The group column of the cumulative means. */
  readonly group: string | undefined;
  /** How the index is called in titles, e.g. "SBM-GML (global, CRS)". */
  readonly name: string;
}

/**
 * Tables, figures, warnings and outputs of a productivity index step.
 * @param ctx the step's context
 * @param spec the result and how to present it
 * @returns the step run without its title and notes (the caller adds them)
 */
export function indexStepRun(ctx: StepRunContext, spec: IndexStepSpec): Omit<StepRun, "title"> {
  const { result } = spec;
  const options = { reference: spec.reference, parameters: spec.parameters };
  const tables = [
    withNames(indexTable(result, options), "unit", ctx.label),
    indexSummaryTable(result, options),
  ];
  const figures: FigureSpec[] = [];
  const notes = [
    result.note,
    `Means per pair are ${result.convention === "multiplicative" ? "geometric" : "arithmetic"} over the units whose LPs solved (DEAP 2.1 convention); a unit enters a pair only when observed in both periods.`,
  ];
  let levels: CumulativeIndexResult | undefined;
  if (spec.component !== false) {
    const groupOf = entityGroupLabels(ctx.panel, spec.group);
    levels = cumulativeIndex(result, spec.component, {
      group: result.units.map((u) => groupOf.get(u) ?? null),
    });
    tables.push(withNames(cumulativeIndexTable(levels), "unit", ctx.label), cumulativeGroupTable(levels));
    const chained = levels;
    const base = result.convention === "multiplicative" ? 1 : 0;
    figures.push({
      kind: "time-series",
      id: `${ctx.id}-cumulative`,
      title: `${spec.name}: cumulative ${chained.component} (${chained.periods[0]!} = ${base})${spec.group !== undefined ? ` by ${spec.group}` : ""}`,
      periods: chained.periods,
      series: chained.groups.map((name, g) => ({
        name,
        values: Array.from(chained.groupLevel[g]!, (v) => (Number.isFinite(v) ? v : null)),
      })),
      yLabel: `cumulative ${chained.component}`,
    });
    const lastLevel = new Map<string, number>();
    chained.units.forEach((u, k) => lastLevel.set(u, chained.level[k]![chained.periods.length - 1]!));
    figures.push(
      ...choropleth(
        ctx,
        `${ctx.id}-map`,
        `${spec.name}: cumulative ${chained.component}, ${chained.periods[0]!}–${chained.periods.at(-1)!}`,
        lastLevel,
      ),
    );
    notes.push(chained.note);
  }

  const failures: Failure[] = [];
  for (const pair of result.pairs)
    pair.unit.forEach((u, k) => {
      if (pair.status[k] !== "optimal")
        failures.push({
          unit: ctx.label(result.units[u]!),
          when: `${pair.from}–${pair.to}`,
          status: pair.status[k]!,
          reason: pair.reason[k],
        });
    });
  const warnings = failureWarnings(failures, "unit-pairs");
  if (spec.kept.leftOut.length > 0)
    warnings.push(
      `left out for missing values (incomplete: drop), ${spec.kept.leftOut.length} observations: ${spec.kept.leftOut
        .map((o) => `${ctx.label(o.entity)} ${o.time}`)
        .join(", ")}`,
    );
  notes.push(`Reference: ${spec.reference}.`);
  return { tables, figures, notes, warnings, outputs: indexOutputs(ctx.panel, result, levels) };
}

/**
 * The whole run of a productivity index step: {@link indexStepRun} with the title (the study's, else the index name
 * and period range) and a first note on the data.
 * @param ctx the step's context
 * @param spec the result and how to present it
 * @param dataNote the note on the columns, units and periods used
 * @returns the step run
 */
export function titledIndexStepRun(ctx: StepRunContext, spec: IndexStepSpec, dataNote: string): StepRun {
  const run = indexStepRun(ctx, spec);
  return {
    ...run,
    title: ctx.title ?? `${spec.name}, ${periodRange(spec.result.periods)}`,
    notes: [dataNote, ...run.notes],
  };
}

/** Per entity and period: the index ("index" and its own name), each component (at the pair's later period) and the cumulative level. */
function indexOutputs(p: Panel, result: IndexResult, levels: CumulativeIndexResult | undefined): Panel {
  const periods = result.periods;
  const names = result.pairs.length > 0 ? Object.keys(result.pairs[0]!.components) : [];
  const U = result.units.length;
  const T = periods.length;
  const at = (u: number, t: number): number => u * T + t;
  const values = names.map(() => new Float64Array(U * T).fill(Number.NaN));
  const cumulative = new Float64Array(U * T).fill(Number.NaN);
  const periodIndex = new Map(periods.map((t, k) => [t, k]));
  for (const pair of result.pairs) {
    const t = periodIndex.get(pair.to)!;
    names.forEach((name, c) => {
      const component = pair.components[name]!;
      pair.unit.forEach((u, k) => {
        values[c]![at(u, t)] = component[k]!;
      });
    });
  }
  if (levels !== undefined)
    for (let u = 0; u < U; u++) for (let t = 0; t < T; t++) cumulative[at(u, t)] = levels.level[u]![t]!;
  const entity: string[] = [];
  const time: number[] = [];
  for (let u = 0; u < U; u++)
    for (let t = 0; t < T; t++) {
      entity.push(result.units[u]!);
      time.push(periods[t]!);
    }
  const columns: Column[] = [
    stringColumn(p.entity, entity),
    numberColumn(p.time, time),
    ...(names.length > 0 ? [numberColumn("index", values[0]!, { label: `${names[0]!} (the index)` })] : []),
    ...names.map((name, c) => numberColumn(name, values[c]!)),
    ...(levels !== undefined
      ? [numberColumn("cumulative", cumulative, { label: `cumulative ${levels.component}` })]
      : []),
  ];
  return buildPanel(table(columns, { name: result.index }), { entity: p.entity, time: p.time });
}

/**
 * The component names of a Malmquist index with these settings (as `malmquist` names them).
 * Reference: malmquist.ts (FGNZ/DEAP and Ray–Desli decompositions).
 * @param o rts, technology, decomposition
 * @returns the names, index first
 */
export function malmquistComponents(o: {
  readonly rts?: "crs" | "vrs" | undefined;
  readonly technology?: string | undefined;
  readonly decomposition?: "fgnz" | "ray-desli" | undefined;
}): string[] {
  const vrs = o.rts === "vrs";
  const rayDesli = o.decomposition === "ray-desli";
  const single = o.technology === "global" || o.technology === "biennial";
  if (single)
    return rayDesli
      ? ["tfpch", "bpc", "pech", "sech"]
      : ["tfpch", "effch", "bpc", ...(vrs ? ["pech", "sech"] : [])];
  return rayDesli
    ? ["tfpch", "techch", "pech", "sech"]
    : ["tfpch", "effch", "techch", ...(vrs ? ["pech", "sech"] : [])];
}

/**
 * Checks the `cumulative` option of a productivity step against the components of its index.
 * @param cumulative true or absent (the index itself), false (no levels) or a component name
 * @param components the index's component names, index first
 * @returns a problem at `cumulative` when it names a component the index does not have; else none
 */
export function cumulativeProblems(
  cumulative: boolean | string | undefined,
  components: readonly string[],
): StudyProblem[] {
  return typeof cumulative === "string" && !components.includes(cumulative)
    ? [
        {
          path: ["cumulative"],
          message: `cumulative: the index has no component "${cumulative}"`,
          hint: `choose one of ${components.join(", ")}`,
        },
      ]
    : [];
}

/**
 * The component that the `cumulative` option chains into levels ({@link IndexStepSpec.component}).
 * @param cumulative true or absent (the index itself), false (no levels) or a component name
 * @returns the component name, undefined for the index itself, or false for no cumulative levels
 */
export function cumulativeComponent(cumulative: boolean | string | undefined): string | undefined | false {
  return cumulative === false ? false : typeof cumulative === "string" ? cumulative : undefined;
}
