/**
 * Subsets of a panel: chosen entities, a period range or list, chosen variables (Stata `keep if` /
 * `keep varlist`, dplyr `filter` + `select`). Rows keep the panel's order.
 */
import { IssueCollector } from "../errors.js";
import { selectColumns, takeRows } from "../table/table.js";
import { panelFromSorted, panelVariables, type Panel } from "./panel.js";

export interface SubsetPanelOptions {
  /** Entities to keep (as the panel stores them, e.g. "110000"); default all. */
  readonly entities?: readonly string[];
  /** First period to keep (inclusive). */
  readonly from?: number;
  /** Last period to keep (inclusive). */
  readonly to?: number;
  /** Periods to keep; combined with from/to (a period must satisfy both). */
  readonly times?: readonly number[];
  /** Variables to keep, in this order after the entity and time columns; default all. */
  readonly variables?: readonly string[];
}

/**
 * The panel restricted to the chosen entities, periods and variables. Entities keep the panel's order; variables follow the order given.
 * Reference: StataCorp, [D] keep (keep if / keep varlist).
 * @param p panel
 * @param options entities, from, to, times, variables
 * @returns the sub-panel (entity and time columns always kept)
 * @throws NqpfInputError with all problems at once: `bad_argument` for unknown entities and periods, from > to, or an empty selection; `unknown_column` for unknown variables (hint lists the available ones)
 * @throws RangeError when from or to is not a finite number
 * @example
 * subsetPanel(p, { entities: ["110000", "310000"], from: 2017, to: 2019, variables: ["gdp"] }) // => 6 rows: adcode, year, gdp
 */
export function subsetPanel(p: Panel, options: SubsetPanelOptions): Panel {
  for (const bound of ["from", "to"] as const) {
    const value = options[bound];
    if (value !== undefined && !Number.isFinite(value))
      throw new RangeError(`subsetPanel: ${bound} must be a finite number; got ${value}`);
  }
  const issues = new IssueCollector();
  const known = new Set(p.entities);
  const entities = options.entities?.map((e) => e.trim());
  for (const e of entities ?? []) {
    if (!known.has(e)) {
      issues.add({
        code: "bad_argument",
        column: p.entity,
        entity: e,
        message: `entity "${e}" is not in the panel`,
        hint: `entities are ${preview(p.entities)}`,
      });
    }
  }
  const knownTimes = new Set(p.times);
  for (const t of options.times ?? []) {
    if (!knownTimes.has(t)) {
      issues.add({
        code: "bad_argument",
        column: p.time,
        time: t,
        message: `period ${t} is not in the panel`,
        hint: `periods are ${preview(p.times.map(String))}`,
      });
    }
  }
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    issues.add({
      code: "bad_argument",
      column: p.time,
      message: `the period range is empty: from ${options.from} is after to ${options.to}`,
      hint: "swap from and to",
    });
  }
  const available = panelVariables(p).map((c) => c.name);
  const variables: string[] = [];
  for (const name of options.variables ?? available) {
    if (name === p.entity || name === p.time || variables.includes(name)) continue;
    if (!available.includes(name)) {
      issues.add({
        code: "unknown_column",
        column: name,
        message: `variable "${name}" is not in the panel`,
        hint: `available variables: ${preview(available, 60)}`,
      });
      continue;
    }
    variables.push(name);
  }
  issues.throwIfAny();

  const keepEntity = p.entities.map((e) => entities === undefined || entities.includes(e));
  const timeSet = options.times !== undefined ? new Set(options.times) : undefined;
  const keepTime = p.times.map(
    (t) =>
      (options.from === undefined || t >= options.from) &&
      (options.to === undefined || t <= options.to) &&
      (timeSet === undefined || timeSet.has(t)),
  );
  const rows: number[] = [];
  for (let r = 0; r < p.entityOf.length; r++) {
    if (keepEntity[p.entityOf[r]!] === true && keepTime[p.timeOf[r]!] === true) rows.push(r);
  }
  if (rows.length === 0) {
    issues.add({
      code: "bad_argument",
      message: "the selection leaves no rows",
      hint: "check that the chosen entities have data in the chosen periods",
    });
  }
  issues.throwIfAny();
  return panelFromSorted(p, takeRows(selectColumns(p.table, [p.entity, p.time, ...variables]), rows));
}

function preview(items: readonly string[], max = 20): string {
  return items.length <= max
    ? items.join(", ")
    : `${items.slice(0, max).join(", ")}, … (${items.length} in all)`;
}
