/**
 * Balance of a panel: which of the N entities × T periods are observed, and the largest simple
 * balanced sub-panel. A pair (entity, period) is "present" when the panel has a row for it and, for
 * `balancedSubpanel`, the chosen variables are all non-missing in that row.
 */
import { IssueCollector } from "../errors.js";
import { isMissing, takeRows, type Column } from "../table/table.js";
import { panelFromSorted, panelVariables, type Panel } from "./panel.js";

/** How many missing pairs `panelBalance` lists (the count is always complete). */
export const MISSING_PAIRS_LIMIT = 100;

/** How many gap periods `panelBalance` lists per entity (`gapCount` is always complete). */
export const GAP_TIMES_LIMIT = 50;

export interface PanelBalance {
  /** Every entity has a row in every period (Stata `xtset` "strongly balanced"). */
  readonly balanced: boolean;
  readonly entityCount: number;
  readonly periodCount: number;
  /** Rows of the panel. */
  readonly observations: number;
  /** entityCount × periodCount. */
  readonly expected: number;
  /** expected − observations. */
  readonly missingPairCount: number;
  /** The first `MISSING_PAIRS_LIMIT` absent (entity, period) pairs, by entity then period. */
  readonly missingPairs: readonly { readonly entity: string; readonly time: number }[];
  /** Missing cells per variable among the rows present (absent rows are not counted here). */
  readonly perVariableMissing: readonly { readonly variable: string; readonly missing: number }[];
  /** Entities lacking periods of the panel between their first and last period: how many, and the first `GAP_TIMES_LIMIT` of them. */
  readonly gaps: readonly {
    readonly entity: string;
    readonly gapCount: number;
    readonly times: readonly number[];
  }[];
}

/**
 * Describes how balanced a panel is: observed vs expected (entity, period) pairs, the absent pairs, missing cells per variable and entities with internal gaps.
 * Periods are the panel's periods (those any entity has), so a year no entity has is not a gap.
 * Reference: StataCorp, [XT] xtset and xtdescribe (balanced / gaps).
 * @param p panel
 * @returns the balance summary
 * @example
 * panelBalance(p).balanced // => true when N × T rows are present
 */
export function panelBalance(p: Panel): PanelBalance {
  const entityCount = p.entities.length;
  const periodCount = p.times.length;
  const missingPairs: { entity: string; time: number }[] = [];
  const gaps: { entity: string; gapCount: number; times: number[] }[] = [];
  // Rows are sorted by entity, then time: each entity's rows are one block of increasing time indices.
  // Work is O(rows + MISSING_PAIRS_LIMIT + gaps), never entities × periods.
  let start = 0;
  for (let e = 0; e < entityCount; e++) {
    let end = start;
    while (end < p.entityOf.length && p.entityOf[end] === e) end++;
    if (missingPairs.length < MISSING_PAIRS_LIMIT) {
      let r = start;
      for (let t = 0; t < periodCount && missingPairs.length < MISSING_PAIRS_LIMIT; t++) {
        if (r < end && p.timeOf[r] === t) r++;
        else missingPairs.push({ entity: p.entities[e]!, time: p.times[t]! });
      }
    }
    let gapCount = 0;
    const inside: number[] = [];
    for (let r = start + 1; r < end; r++) {
      const missing = p.timeOf[r]! - p.timeOf[r - 1]! - 1;
      gapCount += missing;
      for (let t = p.timeOf[r - 1]! + 1; t < p.timeOf[r]! && inside.length < GAP_TIMES_LIMIT; t++)
        inside.push(p.times[t]!);
    }
    if (gapCount > 0) gaps.push({ entity: p.entities[e]!, gapCount, times: inside });
    start = end;
  }
  const missingPairCount = entityCount * periodCount - p.table.rowCount;
  const perVariableMissing = panelVariables(p).map((column) => {
    let missing = 0;
    for (let r = 0; r < p.table.rowCount; r++) if (isMissing(column, r)) missing++;
    return { variable: column.name, missing };
  });
  return {
    balanced: missingPairCount === 0,
    entityCount,
    periodCount,
    observations: p.table.rowCount,
    expected: entityCount * periodCount,
    missingPairCount,
    missingPairs,
    perVariableMissing,
    gaps,
  };
}

/** Which side `balancedSubpanel` drops: incomplete entities, incomplete periods, or whichever keeps more observations. */
export type BalanceDrop = "entities" | "periods" | "auto";

export interface BalancedSubpanelOptions {
  /** Variables that must be non-missing; default all variables. */
  readonly variables?: readonly string[];
  /** Default "entities". */
  readonly drop?: BalanceDrop;
}

export interface BalancedSubpanel {
  readonly panel: Panel;
  /** The rule applied ("auto" resolved to one of the two). */
  readonly drop: "entities" | "periods";
  readonly droppedEntities: readonly string[];
  readonly droppedTimes: readonly number[];
}

/**
 * A balanced sub-panel in which every kept entity has a complete row (the chosen variables non-missing) in every kept period.
 * - "entities": keep all periods, drop every entity incomplete in any of them.
 * - "periods": keep all entities, drop every period in which any of them is incomplete.
 * - "auto": the one of the two that keeps more observations (kept entities × kept periods); on a tie, "entities" (it keeps the time span, which growth and productivity indices need).
 * Variables outside `variables` are kept and may still have missing cells.
 * Reference: the listwise rule behind Stata `xtbalance` (Yujun Lian, SSC) for "entities".
 * @param p panel
 * @param options variables, drop
 * @returns the balanced panel and what was dropped
 * @throws NqpfInputError `unknown_column` for unknown variables; `unbalanced_panel` when nothing complete remains
 * @example
 * balancedSubpanel(p, { variables: ["gdp", "rd_exp"], drop: "auto" }).droppedEntities // => ["540000"] when Tibet lacks R&D data
 */
export function balancedSubpanel(p: Panel, options: BalancedSubpanelOptions = {}): BalancedSubpanel {
  const rule = options.drop ?? "entities";
  if (!(["entities", "periods", "auto"] as readonly string[]).includes(rule))
    throw new RangeError(`balancedSubpanel: drop must be entities, periods or auto; got ${rule}`);
  const issues = new IssueCollector();
  const all = panelVariables(p);
  const chosen: Column[] = [];
  for (const name of options.variables ?? all.map((c) => c.name)) {
    const column = all.find((c) => c.name === name);
    if (column === undefined) {
      issues.add({
        code: "unknown_column",
        column: name,
        message: `variable "${name}" is not in the panel`,
        hint: `available variables: ${all.map((c) => c.name).join(", ")}`,
      });
    } else if (!chosen.includes(column)) {
      chosen.push(column);
    }
  }
  issues.throwIfAny();

  const entityCount = p.entities.length;
  const periodCount = p.times.length;
  // Complete rows per entity and per period: an entity is complete when it has T complete rows, a period when it has N.
  const completeRow = new Uint8Array(p.table.rowCount);
  const perEntity = new Int32Array(entityCount);
  const perPeriod = new Int32Array(periodCount);
  for (let r = 0; r < p.table.rowCount; r++) {
    if (!chosen.every((column) => !isMissing(column, r))) continue;
    completeRow[r] = 1;
    perEntity[p.entityOf[r]!]!++;
    perPeriod[p.timeOf[r]!]!++;
  }
  const entityComplete = p.entities.map((_, e) => perEntity[e] === periodCount);
  const periodComplete = p.times.map((_, t) => perPeriod[t] === entityCount);
  const keptByEntities = entityComplete.filter(Boolean).length * periodCount;
  const keptByPeriods = periodComplete.filter(Boolean).length * entityCount;
  const applied = rule === "auto" ? (keptByPeriods > keptByEntities ? "periods" : "entities") : rule;
  const keepEntity = applied === "entities" ? entityComplete : entityComplete.map(() => true);
  const keepTime = applied === "periods" ? periodComplete : periodComplete.map(() => true);

  // Kept entities are complete in every kept period (and vice versa), so every kept row is complete.
  const rows: number[] = [];
  for (let r = 0; r < p.table.rowCount; r++) {
    if (keepEntity[p.entityOf[r]!] && keepTime[p.timeOf[r]!] && completeRow[r] === 1) rows.push(r);
  }
  if (rows.length === 0) {
    const what = chosen.length === all.length ? "all variables" : chosen.map((c) => c.name).join(", ");
    issues.add({
      code: "unbalanced_panel",
      message:
        applied === "entities"
          ? `no entity has complete data (${what}) in every period`
          : `no period has complete data (${what}) for every entity`,
      hint: `try drop: "${applied === "entities" ? "periods" : "entities"}" or "auto", fewer variables, or first restrict the periods (subset from/to)`,
    });
  }
  issues.throwIfAny();
  return {
    panel: panelFromSorted(p, takeRows(p.table, rows)),
    drop: applied,
    droppedEntities: p.entities.filter((_, e) => !keepEntity[e]),
    droppedTimes: p.times.filter((_, t) => !keepTime[t]),
  };
}
