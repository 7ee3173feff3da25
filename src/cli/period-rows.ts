/**
 * The rows of a period panel read from a table, for the productivity commands: the unit and period columns (named
 * or guessed), each row checked once with located issues (file row = table row + 2), and the X (n × m inputs),
 * Y (n × s outputs) and B (n × k bad outputs) matrices with the unit and period of each kept row.
 */
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../errors.js";
import { periodPanel, type PeriodPanel } from "../methods/productivity/period-panel.js";
import { columnMatrix } from "../study/steps/frontier-data.js";
import { guessPanelKeys } from "../panel/guess-keys.js";
import { cell, findColumn, type NumberColumn, type Table } from "../table/table.js";

/** Entries of a "left out" line printed before "… and N more". */
const LISTED_LEFT_OUT = 12;

/** The columns that key a period panel, and the optional group column. */
export interface PeriodKeys {
  readonly period: string;
  readonly entity: string;
  readonly group?: string;
}

/**
 * Reads --period and --entity (guessed from the column names and contents when not given) and --group.
 * @param source the data read
 * @param file the data file or dataset name, for the issues
 * @param options the parsed command-line flags
 * @param issues collects the problems found: no period or unit column found, a named column not in the data
 * @returns the key columns, or undefined when a problem was added to `issues`
 */
export function periodKeys(
  source: Table,
  file: string,
  options: Record<string, unknown>,
  issues: InputIssue[],
): PeriodKeys | undefined {
  const before = issues.length;
  const names = source.columns.map((c) => c.name);
  const guessed = guessPanelKeys(source);
  const period = (options.period as string | undefined) ?? guessed.time;
  const entity = (options.entity as string | undefined) ?? guessed.entity;
  if (period === undefined)
    issues.push({
      code: "bad_argument",
      message: "no period column found",
      hint: "name it with --period <column> (e.g. --period year)",
    });
  else if (!names.includes(period)) issues.push(issue.missingColumn({ file }, period, names));
  if (entity === undefined)
    issues.push({
      code: "bad_argument",
      message: "no unit (entity) column found",
      hint: "name it with --entity <column> (e.g. --entity province)",
    });
  else if (!names.includes(entity)) issues.push(issue.missingColumn({ file }, entity, names));
  const group = options.group as string | undefined;
  if (group !== undefined && !names.includes(group)) issues.push(issue.missingColumn({ file }, group, names));
  if (issues.length > before || period === undefined || entity === undefined) return undefined;
  return { period, entity, ...(group !== undefined ? { group } : {}) };
}

/** What {@link periodRows} selects and checks. */
export interface PeriodRowsSpec {
  /** Data file or dataset name, for the issues. */
  readonly file: string;
  /** Period and unit columns. */
  readonly period: string;
  readonly entity: string;
  /** Numeric input, output and bad-output columns. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly bads?: readonly string[];
  /** Periods to keep (--years), both ends included. */
  readonly years: { readonly from?: number; readonly to?: number };
  /** Leave out observations with a missing value (--incomplete drop) instead of reporting each. */
  readonly dropIncomplete: boolean;
  /** Inputs must be > 0 rather than ≥ 0; a string also says why (shown in the message). */
  readonly positiveInputs: boolean | string;
  /** What needs the data, for the messages (e.g. "the Malmquist index"). */
  readonly measure: string;
}

/** The rows {@link periodRows} keeps, in table order. */
export interface PeriodRows {
  /** Table row of each kept observation. */
  readonly kept: readonly number[];
  /** Unit label and period of each kept observation. */
  readonly unit: readonly string[];
  readonly period: readonly number[];
  /** "unit (period)" of each observation left out for a missing value. */
  readonly leftOut: readonly string[];
  /** Unit label → its first kept table row. */
  readonly firstRowOf: ReadonlyMap<string, number>;
}

/**
 * Selects the rows of a period panel: within --years, with a unit and a numeric period, and (with --incomplete drop)
 * every input, output and bad output present. Checks every row in one pass.
 * @param source the data read; the spec's columns exist and the value columns are numeric
 * @param spec the columns and rules
 * @returns the kept rows with their unit and period, and the observations left out
 * @throws NqpfInputError listing, each located by file row, column, unit and period: empty keys ("missing_key"),
 * non-numeric periods ("not_a_number"), repeated (unit, period) pairs ("duplicate_key"), missing values unless dropped,
 * negative values and non-positive inputs where inputs must be > 0 ("bad_value")
 */
export function periodRows(source: Table, spec: PeriodRowsSpec): PeriodRows {
  const { file, measure, positiveInputs } = spec;
  const issues: InputIssue[] = [];
  const periodColumn = findColumn(source, spec.period)!;
  const entityColumn = findColumn(source, spec.entity)!;
  const valueColumns = [
    ...spec.inputs.map((name) => ({ name, kind: "input" as const })),
    ...spec.outputs.map((name) => ({ name, kind: "output" as const })),
    ...(spec.bads ?? []).map((name) => ({ name, kind: "bad output" as const })),
  ].map((c) => ({ ...c, column: findColumn(source, c.name) as NumberColumn }));
  const kept: number[] = [];
  const unit: string[] = [];
  const period: number[] = [];
  const leftOut: string[] = [];
  const firstRowOf = new Map<string, number>();
  const seen = new Map<string, number>();
  for (let r = 0; r < source.rowCount; r++) {
    const row = r + 2;
    const rawPeriod = cell(periodColumn, r);
    const rawUnit = cell(entityColumn, r);
    if (rawPeriod === null || rawUnit === null) {
      issues.push({
        code: "missing_key",
        file,
        row,
        column: rawPeriod === null ? spec.period : spec.entity,
        message: rawPeriod === null ? "the period is empty" : "the unit is empty",
        hint: "fill it in or drop the row",
      });
      continue;
    }
    const label = String(rawUnit);
    const t = typeof rawPeriod === "number" ? rawPeriod : Number(rawPeriod.trim());
    if (!Number.isFinite(t) || (typeof rawPeriod === "string" && rawPeriod.trim() === "")) {
      issues.push({
        code: "not_a_number",
        file,
        row,
        column: spec.period,
        entity: label,
        message: `period "${String(rawPeriod)}" is not a number`,
        hint: "the period column should hold years or other numbers",
      });
      continue;
    }
    if (
      (spec.years.from !== undefined && t < spec.years.from) ||
      (spec.years.to !== undefined && t > spec.years.to)
    )
      continue;
    const key = `${label}\u0000${t}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(issue.duplicateKey({ file, row, column: spec.period, entity: label, time: t }, first + 2));
      continue;
    }
    seen.set(key, r);
    let complete = true;
    for (const { name, kind, column } of valueColumns) {
      const where = { file, row, column: name, entity: label, time: t };
      if (column.missing[r] !== 0) {
        complete = false;
        if (!spec.dropIncomplete)
          issues.push({
            ...where,
            code: "bad_value",
            message: "the value is missing",
            hint: `${measure} needs every input and output of every observation; fill the value, or pass --incomplete drop to leave such observations out`,
          });
        continue;
      }
      const v = column.values[r]!;
      const positive = kind === "input" && positiveInputs !== false;
      if (Number.isFinite(v) && (positive ? v > 0 : v >= 0)) continue;
      const why = typeof positiveInputs === "string" ? ` (${positiveInputs})` : "";
      issues.push({
        ...where,
        code: "bad_value",
        message: `${kind} is ${v}; ${measure} needs ${positive ? `inputs > 0${why}` : `${kind}s ≥ 0`}`,
        hint: positive
          ? "drop the observation or the input, or replace a zero by a small positive quantity and say so"
          : "drop the observation, or correct the value",
      });
    }
    if (!complete) {
      leftOut.push(`${label} (${t})`);
      continue;
    }
    kept.push(r);
    unit.push(label);
    period.push(t);
    if (!firstRowOf.has(label)) firstRowOf.set(label, r);
  }
  if (issues.length > 0) throw new NqpfInputError(issues);
  return { kept, unit, period, leftOut, firstRowOf };
}

/**
 * The period panel of the selected rows: X, Y (and B when there are bad outputs) from the kept rows, grouped by unit
 * and period with {@link periodPanel}.
 * @param source the data read
 * @param rows the rows {@link periodRows} kept with the same spec
 * @param spec the columns and rules
 * @returns the period panel
 * @throws NqpfInputError ("bad_value", the period column) when fewer than two periods remain
 */
export function periodRowsPanel(source: Table, rows: PeriodRows, spec: PeriodRowsSpec): PeriodPanel {
  const bads = spec.bads ?? [];
  const panel = periodPanel({
    unit: rows.unit,
    period: rows.period,
    X: columnMatrix(source, rows.kept, spec.inputs),
    Y: columnMatrix(source, rows.kept, spec.outputs),
    ...(bads.length > 0 ? { B: columnMatrix(source, rows.kept, bads) } : {}),
    file: spec.file,
    unitColumn: spec.entity,
    periodColumn: spec.period,
  });
  if (panel.periods.length < 2)
    throw new NqpfInputError([
      {
        code: "bad_value",
        file: spec.file,
        column: spec.period,
        message: `${spec.measure} needs at least two periods; got ${panel.periods.length}`,
        hint: "check --years and the period column",
      },
    ]);
  return panel;
}

/**
 * The group of each unit: the value in column `group` on the unit's first kept row (null where empty).
 * @param source the data read
 * @param rows the rows {@link periodRows} kept
 * @param units unit labels (e.g. a period panel's `units`)
 * @param group the group column of `source`, or undefined
 * @returns one label or null per unit; undefined without a group column
 */
export function unitGroups(
  source: Table,
  rows: PeriodRows,
  units: readonly string[],
  group: string | undefined,
): (string | null)[] | undefined {
  const groupColumn = group !== undefined ? findColumn(source, group) : undefined;
  if (groupColumn === undefined) return undefined;
  return units.map((u) => {
    const r = rows.firstRowOf.get(u);
    const value = r === undefined ? null : cell(groupColumn, r);
    return value === null ? null : String(value);
  });
}

/**
 * The terminal line naming what was left out for missing values: the count, the first entries and "… and N more".
 * @param entries labels of what was left out, e.g. "unit (year)"
 * @param noun what an entry is, singular (e.g. "observation"; an "s" is added for a count other than 1)
 * @returns the line, without a newline
 */
export function leftOutLine(entries: readonly string[], noun: string): string {
  const listed = entries.slice(0, LISTED_LEFT_OUT).join(", ");
  const more = entries.length > LISTED_LEFT_OUT ? ` … and ${entries.length - LISTED_LEFT_OUT} more` : "";
  const count = `${entries.length} ${noun}${entries.length === 1 ? "" : "s"}`;
  return `${pc.yellow("left out")} (missing values, ${count}): ${listed}${more}`;
}
