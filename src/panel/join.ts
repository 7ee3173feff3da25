/**
 * Joining panels on (entity, time), and attaching entity-level attributes (e.g. the NBS region of each
 * province) from a lookup table. Entities are compared as the strings a Panel stores (numbers written
 * with String(), text trimmed), so an adcode read as 110000 matches "110000"; periods compare as numbers.
 */
import { IssueCollector, issue, type InputIssue } from "../errors.js";
import {
  MISSING,
  cell,
  findColumn,
  numberColumn,
  stringColumn,
  table,
  type Column,
  type Table,
} from "../table/table.js";
import { panelFromSorted, panelVariables, type Panel } from "./panel.js";

export type JoinHow = "left" | "inner" | "outer";

export interface JoinPanelsOptions {
  /** "left" (default): every (entity, time) of the left panel; "inner": pairs in both; "outer": pairs in either. */
  readonly how?: JoinHow;
  /** Appended to the right panel's variables whose names the left panel uses already. */
  readonly suffix?: string;
}

/**
 * Joins two panels on entity and time (a 1:1 merge: Stata `merge 1:1 id year`, dplyr `left_join`/`inner_join`/`full_join`).
 *
 * The result keeps the left panel's entity and time column names and metadata; its entity column holds the keys (numeric when the left one is numeric and every key is a number, else text) and its time column the periods as numbers. Variables: the left panel's, then the right panel's (its entity and time columns are the keys and are not repeated). Cells of a pair one side lacks are missing. Entities: the left panel's order, then (outer) the right-only ones in the right panel's order; periods ascending.
 *
 * Reference: StataCorp, [D] merge (1:1 on key variables); Wickham et al., dplyr mutating joins.
 * @param left main panel
 * @param right panel whose variables are added
 * @param options how, suffix
 * @returns the joined panel
 * @throws NqpfInputError `duplicate_column` for a right variable whose name the left panel uses (without suffix, or still clashing with it); `bad_value` when a left or inner join finds no common (entity, time) pair (usually different entity codes, e.g. names vs adcode)
 * @example
 * joinPanels(gdpPanel, co2Panel, { how: "inner" }) // => rows with both GDP and CO2 data
 */
export function joinPanels(left: Panel, right: Panel, options: JoinPanelsOptions = {}): Panel {
  const how = options.how ?? "left";
  if (!(["left", "inner", "outer"] as readonly string[]).includes(how))
    throw new RangeError(`joinPanels: how must be left, inner or outer; got ${how}`);
  const issues = new IssueCollector();
  const taken = new Set([left.entity, left.time, ...panelVariables(left).map((c) => c.name)]);
  const rightColumns = panelVariables(right).map((column) => ({
    column,
    name: renamed(column.name, taken, options.suffix, issues, "right panel"),
  }));

  const rightEntityIndex = new Map(right.entities.map((e, i) => [e, i]));
  const leftBlocks = entityBlocks(left);
  const rightBlocks = entityBlocks(right);
  const entityOrder: { key: string; l: number; r: number }[] = left.entities.map((key, l) => ({
    key,
    l,
    r: rightEntityIndex.get(key) ?? -1,
  }));
  if (how === "outer") {
    const leftKeys = new Set(left.entities);
    right.entities.forEach((key, r) => {
      if (!leftKeys.has(key)) entityOrder.push({ key, l: -1, r });
    });
  }

  const keys: string[] = [];
  const times: number[] = [];
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  let matched = 0;
  for (const { key, l, r } of entityOrder) {
    const [ls, le] = l >= 0 ? leftBlocks[l]! : [0, 0];
    const [rs, re] = r >= 0 ? rightBlocks[r]! : [0, 0];
    let i = ls;
    let j = rs;
    while (i < le || j < re) {
      const lt = i < le ? left.times[left.timeOf[i]!]! : Number.POSITIVE_INFINITY;
      const rt = j < re ? right.times[right.timeOf[j]!]! : Number.POSITIVE_INFINITY;
      const both = lt === rt;
      const time = Math.min(lt, rt);
      const lRow = lt === time ? i++ : -1;
      const rRow = rt === time ? j++ : -1;
      if (both) matched++;
      const keep = how === "outer" || (how === "inner" ? both : lRow >= 0);
      if (!keep) continue;
      keys.push(key);
      times.push(time);
      leftRows.push(lRow);
      rightRows.push(rRow);
    }
  }
  if (how !== "outer" && matched === 0 && left.table.rowCount > 0 && right.table.rowCount > 0) {
    issues.add({
      code: "bad_value",
      column: right.entity,
      message: `the panels share no (entity, time) pair: left entities ${preview(left.entities)} in ${preview(left.times.map(String))}; right entities ${preview(right.entities)} in ${preview(right.times.map(String))}`,
      hint: "check that both panels use the same entity codes (e.g. adcode in both, not a name in one) and overlapping periods",
    });
  }
  issues.throwIfAny();

  const leftEntity = findColumn(left.table, left.entity)!;
  const leftTime = findColumn(left.table, left.time)!;
  const numericKeys =
    leftEntity.type === "number" && keys.every((k) => Number.isFinite(Number(k)) && k.trim() !== "");
  const entityColumn = numericKeys
    ? numberColumn(left.entity, keys.map(Number), leftEntity.meta)
    : stringColumn(left.entity, keys, leftEntity.meta);
  const timeColumn = numberColumn(left.time, times, leftTime.meta);
  const columns: Column[] = [
    entityColumn,
    timeColumn,
    ...panelVariables(left).map((c) => gather(c, c.name, leftRows)),
    ...rightColumns.map(({ column, name }) => gather(column, name, rightRows)),
  ];
  return panelFromSorted(left, table(columns, left.table.meta));
}

export interface AttachEntityAttributesOptions {
  /** Column of the lookup table holding the entity key (e.g. "adcode"). */
  readonly on: string;
  /** Columns to attach; default all but `on`. */
  readonly columns?: readonly string[];
  /** Appended to attached columns whose names the panel uses already. */
  readonly suffix?: string;
  /** File name of the lookup table, for issue locations. */
  readonly file?: string;
  /** Row number (1-based, as in the file) of the lookup table's row 0; default 2. */
  readonly firstRow?: number;
}

/**
 * Adds entity-level attributes (constant over time, e.g. the NBS four-region class of each province) from a lookup table with one row per entity (Stata `merge m:1 id using lookup`).
 * Every row of an entity gets that entity's attributes; entities missing from the lookup get missing cells and are listed in the table's `meta.notes`.
 * Reference: StataCorp, [D] merge (m:1).
 * @param p panel
 * @param attributes lookup table, one row per entity
 * @param options on (key column), columns, suffix, file, firstRow
 * @returns the panel with the attribute columns appended (rows unchanged)
 * @throws NqpfInputError `missing_column`, `missing_key` (empty key), `duplicate_key` (key on two rows), `duplicate_column` (name clash without suffix), `bad_value` when no entity matches any key
 * @example
 * attachEntityAttributes(p, provinceCodes, { on: "adcode", columns: ["region_nbs4"] }) // => p plus column region_nbs4 ("East", …)
 */
export function attachEntityAttributes(
  p: Panel,
  attributes: Table,
  options: AttachEntityAttributesOptions,
): Panel {
  const file = options.file;
  const firstRow = options.firstRow ?? 2;
  const at = (extra: Partial<InputIssue>): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...(file !== undefined ? { file } : {}),
    ...extra,
  });
  const issues = new IssueCollector();
  const available = attributes.columns.map((c) => c.name);
  const keyColumn = findColumn(attributes, options.on);
  if (!keyColumn) issues.add(issue.missingColumn(at({}), options.on, available));
  const wanted = options.columns ?? available.filter((name) => name !== options.on);
  const attached: Column[] = [];
  for (const name of wanted) {
    const column = findColumn(attributes, name);
    if (!column) issues.add(issue.missingColumn(at({}), name, available));
    else if (!attached.includes(column)) attached.push(column);
  }
  issues.throwIfAny();

  const rowOfKey = new Map<string, number>();
  for (let r = 0; r < attributes.rowCount; r++) {
    const key = entityKey(keyColumn!, r);
    if (key === null) {
      issues.add({
        code: "missing_key",
        ...at({ row: firstRow + r, column: options.on }),
        message: "the key is empty",
        hint: "fill in the entity code or drop the row",
      });
      continue;
    }
    const previous = rowOfKey.get(key);
    if (previous !== undefined) {
      issues.add({
        code: "duplicate_key",
        ...at({ row: firstRow + r, column: options.on, entity: key }),
        message: `key "${key}" appears again; first seen on row ${firstRow + previous}`,
        hint: "the lookup table needs one row per entity; remove the duplicate rows",
      });
      continue;
    }
    rowOfKey.set(key, r);
  }
  const taken = new Set(p.table.columns.map((c) => c.name));
  const names = attached.map((column) =>
    renamed(column.name, taken, options.suffix, issues, "lookup table", file),
  );
  const unmatched = p.entities.filter((e) => !rowOfKey.has(e));
  if (p.entities.length > 0 && unmatched.length === p.entities.length && rowOfKey.size > 0) {
    issues.add({
      code: "bad_value",
      ...at({ column: options.on }),
      message: `no entity of the panel (${preview(p.entities)}) matches a key of column "${options.on}" (${preview([...rowOfKey.keys()])})`,
      hint: "join on the column holding the same codes as the panel's entity column (e.g. adcode with adcode)",
    });
  }
  issues.throwIfAny();

  const rows = Array.from(p.entityOf, (e) => rowOfKey.get(p.entities[e]!) ?? -1);
  const columns = attached.map((column, k) => gather(column, names[k]!, rows));
  const notes =
    unmatched.length > 0
      ? [
          ...(p.table.meta.notes ?? []),
          `attachEntityAttributes: no row in the lookup table for ${unmatched.length} entit${unmatched.length === 1 ? "y" : "ies"}: ${preview(unmatched, 20)}`,
        ]
      : p.table.meta.notes;
  const meta = { ...p.table.meta, ...(notes !== undefined ? { notes } : {}) };
  return { ...p, table: table([...p.table.columns, ...columns], meta) };
}

/** The name a joined column gets: its own, or with the suffix when taken; a clash that remains is an issue. Adds the name to `taken`. */
function renamed(
  name: string,
  taken: Set<string>,
  suffix: string | undefined,
  issues: IssueCollector,
  side: string,
  file?: string,
): string {
  let result = name;
  if (taken.has(result) && suffix !== undefined && suffix !== "") result = `${name}${suffix}`;
  if (taken.has(result)) {
    issues.add({
      code: "duplicate_column",
      ...(file !== undefined ? { file } : {}),
      column: name,
      message: `column "${result}" of the ${side} exists already in the panel`,
      hint:
        suffix !== undefined && suffix !== ""
          ? `"${result}" is taken too; choose another suffix or rename the column`
          : `rename one of the two columns, drop it from one side (e.g. subsetPanel variables), or give a suffix (e.g. "_2") for the ${side}'s columns`,
    });
  }
  taken.add(result);
  return result;
}

/** [start, end) row range of each entity (rows are ordered by entity). */
function entityBlocks(p: Panel): [number, number][] {
  const blocks = p.entities.map((): [number, number] => [0, 0]);
  const n = p.entityOf.length;
  let start = 0;
  for (let r = 1; r <= n; r++) {
    if (r === n || p.entityOf[r] !== p.entityOf[start]) {
      blocks[p.entityOf[start]!] = [start, r];
      start = r;
    }
  }
  return blocks;
}

/** The column's cells at `rows` (−1 = missing). */
function gather(column: Column, name: string, rows: readonly number[]): Column {
  const n = rows.length;
  if (column.type === "number") {
    const values = new Float64Array(n);
    const missing = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      values[k] = r < 0 ? Number.NaN : column.values[r]!;
      missing[k] = r < 0 ? MISSING : column.missing[r]!;
    }
    return { ...column, name, values, missing };
  }
  return { ...column, name, values: rows.map((r) => (r < 0 ? null : (column.values[r] ?? null))) };
}

/** The key as a Panel stores entities: numbers via String(), text trimmed; null when empty. */
function entityKey(column: Column, r: number): string | null {
  const value = cell(column, r);
  if (value === null) return null;
  if (typeof value === "number") return String(value);
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function preview(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")}, … (${items.length})`;
}
