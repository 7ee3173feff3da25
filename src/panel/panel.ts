/**
 * Panel: a Table in long format keyed by entity × time. Rows are ordered by entity (order of
 * first appearance in the input) and then by time (ascending); each (entity, time) occurs once.
 * `entityOf[r]` and `timeOf[r]` index row r into `entities` and `times`.
 */
import { IssueCollector, issue, type InputIssue } from "../errors.js";
import { cell, findColumn, parseNumber, takeRows, type Column, type Table } from "../table/table.js";

export interface Panel {
  /** The data, rows ordered by entity then time. Includes the entity and time columns. */
  readonly table: Table;
  /** Name of the entity (unit) column. */
  readonly entity: string;
  /** Name of the time (period) column; its values are numbers (e.g. years). */
  readonly time: string;
  /** Distinct entities as strings, in order of first appearance. */
  readonly entities: readonly string[];
  /** Distinct periods, ascending. */
  readonly times: readonly number[];
  /** Per row: index into `entities`. */
  readonly entityOf: Int32Array;
  /** Per row: index into `times`. */
  readonly timeOf: Int32Array;
}

export interface PanelOptions {
  readonly entity: string;
  readonly time: string;
  /** File name used in issue locations. */
  readonly file?: string;
  /** Row number (1-based, as in the file) of table row 0; default 2 (header on row 1). */
  readonly firstRow?: number;
}

/**
 * Builds a panel from a table, validating the keys. Every missing or malformed key and every
 * duplicate (entity, time) pair is reported in one `NqpfInputError` with its row.
 * @throws NqpfInputError on bad keys; RangeError never (user data is never a programmer error here)
 */
export function panel(t: Table, options: PanelOptions): Panel {
  const { file } = options;
  const firstRow = options.firstRow ?? 2;
  const issues = new IssueCollector();
  const where = (extra: Partial<InputIssue>): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...(file !== undefined ? { file } : {}),
    ...extra,
  });
  const names = t.columns.map((c) => c.name);
  const entityColumn = findColumn(t, options.entity);
  const timeColumn = findColumn(t, options.time);
  if (!entityColumn)
    issues.add({
      ...issue.missingColumn(where({}), options.entity, names),
      hint: `choose the entity column with --entity; available columns: ${names.join(", ")}`,
    });
  if (!timeColumn)
    issues.add({
      ...issue.missingColumn(where({}), options.time, names),
      hint: `choose the time column with --time; available columns: ${names.join(", ")}`,
    });
  if (!entityColumn || !timeColumn) {
    issues.throwIfAny();
    throw new Error("unreachable");
  }

  const n = t.rowCount;
  const entityKey = new Array<string>(n);
  const timeValue = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const row = firstRow + r;
    const e = entityKeyOf(entityColumn, r);
    if (e === null) {
      issues.add({
        code: "missing_key",
        ...where({ row, column: entityColumn.name }),
        message: "the entity is empty",
        hint: "every row needs an entity; fill it in or drop the row",
      });
    }
    entityKey[r] = e ?? "";
    const tv = timeValueOf(timeColumn, r);
    if (tv === null) {
      issues.add({
        code: "missing_key",
        ...where({ row, column: timeColumn.name, ...(e !== null ? { entity: e } : {}) }),
        message: "the period is empty",
        hint: "every row needs a period (e.g. a year); fill it in or drop the row",
      });
    } else if (typeof tv === "string") {
      issues.add(
        issue.notANumber(where({ row, column: timeColumn.name, ...(e !== null ? { entity: e } : {}) }), tv),
      );
    } else {
      timeValue[r] = tv;
    }
  }
  issues.throwIfAny();

  // Entities in order of first appearance; periods ascending.
  const entityIndex = new Map<string, number>();
  const entities: string[] = [];
  const eOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const e = entityKey[r]!;
    let index = entityIndex.get(e);
    if (index === undefined) {
      index = entities.length;
      entityIndex.set(e, index);
      entities.push(e);
    }
    eOf[r] = index;
  }
  const times = Float64Array.from(new Set(timeValue)).sort();
  const timeIndex = new Map<number, number>();
  times.forEach((v, i) => timeIndex.set(v, i));
  const tOf = new Int32Array(n);
  for (let r = 0; r < n; r++) tOf[r] = timeIndex.get(timeValue[r]!)!;

  // Order rows by entity (a stable counting sort: O(n)), then by period within each entity's block.
  const blockStart = new Int32Array(entities.length + 1);
  for (let r = 0; r < n; r++) blockStart[eOf[r]! + 1]!++;
  for (let e = 0; e < entities.length; e++) blockStart[e + 1]! += blockStart[e]!;
  const next = blockStart.slice(0, entities.length);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[next[eOf[r]!]!++] = r;
  for (let e = 0; e < entities.length; e++) {
    const block = order.subarray(blockStart[e], blockStart[e + 1]);
    if (block.length > 1) block.sort((a, b) => tOf[a]! - tOf[b]! || a - b);
  }

  const entityOf = new Int32Array(n);
  const timeOf = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    entityOf[k] = eOf[r]!;
    timeOf[k] = tOf[r]!;
    if (k > 0 && entityOf[k] === entityOf[k - 1] && timeOf[k] === timeOf[k - 1]) {
      const previous = order[k - 1]!;
      issues.add(
        issue.duplicateKey(
          where({ row: firstRow + r, entity: entityKey[r]!, time: timeValue[r]! }),
          firstRow + previous,
        ),
      );
    }
  }
  issues.throwIfAny();
  return {
    table: takeRows(t, order),
    entity: options.entity,
    time: options.time,
    entities,
    times: Array.from(times),
    entityOf,
    timeOf,
  };
}

/** A panel's variable columns (all but entity and time). */
export function panelVariables(p: Panel): readonly Column[] {
  return p.table.columns.filter((c) => c.name !== p.entity && c.name !== p.time);
}

/** Row index of (entity index e, time index t), or -1. Rows are sorted, so this is a binary search within the entity's block. */
export function panelRow(p: Panel, e: number, t: number): number {
  let lo = 0;
  let hi = p.entityOf.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const de = p.entityOf[mid]! - e || p.timeOf[mid]! - t;
    if (de === 0) return mid;
    if (de < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Rebuilds the panel structure over a table whose rows are already in panel order (used by operations). */
export function panelFromSorted(p: Pick<Panel, "entity" | "time">, t: Table): Panel {
  return panel(t, { entity: p.entity, time: p.time });
}

function entityKeyOf(column: Column, r: number): string | null {
  const value = cell(column, r);
  if (value === null) return null;
  if (typeof value === "number") return String(value);
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function timeValueOf(column: Column, r: number): number | string | null {
  const value = cell(column, r);
  if (value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value.trim() === "") return null;
  const parsed = parseNumber(value);
  return parsed !== undefined && Number.isFinite(parsed) ? parsed : value;
}
