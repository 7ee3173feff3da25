/**
 * The observations of a frontier step taken from a panel: every row of the step's window checked once (missing
 * values reported, or left out with `incomplete: drop`; negative values and non-positive inputs where they are not
 * allowed), and the X (inputs), Y (outputs) and B (bad outputs) matrices of the kept rows. Units are the panel's
 * entity keys, so results join back onto the panel; tables and warnings show their display names.
 */
import { IssueCollector } from "../../errors.js";
import { matrix, type Matrix } from "../../math/matrix.js";
import { periodPanel, type PeriodPanel } from "../../methods/productivity/period-panel.js";
import type { Panel } from "../../panel/panel.js";
import { findColumn, type NumberColumn, type Table } from "../../table/table.js";

/** What {@link frontierRows} selects and checks. */
export interface FrontierRowsSpec {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly bads?: readonly string[];
  /** Leave out observations with a missing value instead of reporting each. */
  readonly dropIncomplete: boolean;
  /** Inputs must be > 0 rather than ≥ 0; a text also says why. */
  readonly positiveInputs: boolean | string;
  /** What needs the data, for messages ("the Malmquist index"). */
  readonly measure: string;
}

/** The kept observations, in panel order. */
export interface FrontierRows {
  /** Panel row of each kept observation. */
  readonly rows: readonly number[];
  /** Entity key and period of each kept observation. */
  readonly unit: readonly string[];
  readonly period: readonly number[];
  /** Observations left out for a missing value (incomplete: drop). */
  readonly leftOut: readonly { readonly entity: string; readonly time: number }[];
}

/**
 * Selects and checks the observations of a frontier step.
 * @param p panel (the step's window); the columns exist and are numeric
 * @param spec columns and rules
 * @returns the kept rows with their units and periods, and what was left out
 * @throws NqpfInputError (all at once; entity, time, column) for missing values unless dropped, negative values,
 *   inputs ≤ 0 where they must be positive
 */
export function frontierRows(p: Panel, spec: FrontierRowsSpec): FrontierRows {
  const issues = new IssueCollector();
  const columns = [
    ...spec.inputs.map((name) => ({ name, kind: "input" })),
    ...spec.outputs.map((name) => ({ name, kind: "output" })),
    ...(spec.bads ?? []).map((name) => ({ name, kind: "bad output" })),
  ].map((c) => ({ ...c, column: findColumn(p.table, c.name) as NumberColumn }));
  const rows: number[] = [];
  const unit: string[] = [];
  const period: number[] = [];
  const leftOut: { entity: string; time: number }[] = [];
  for (let r = 0; r < p.table.rowCount; r++) {
    const entity = p.entities[p.entityOf[r]!]!;
    const time = p.times[p.timeOf[r]!]!;
    let complete = true;
    for (const { name, kind, column } of columns) {
      const where = { column: name, entity, time };
      if (column.missing[r] !== 0) {
        complete = false;
        if (!spec.dropIncomplete)
          issues.add({
            code: "bad_value",
            ...where,
            message: "the value is missing",
            hint: `${spec.measure} needs every input and output of every observation; fill the value, or write incomplete: drop to leave such observations out`,
          });
        continue;
      }
      const v = column.values[r]!;
      const positive = kind === "input" && spec.positiveInputs !== false;
      if (Number.isFinite(v) && (positive ? v > 0 : v >= 0)) continue;
      const why = typeof spec.positiveInputs === "string" ? ` (${spec.positiveInputs})` : "";
      issues.add({
        code: "bad_value",
        ...where,
        message: `${kind} is ${v}; ${spec.measure} needs ${positive ? `inputs > 0${why}` : `${kind}s ≥ 0`}`,
        hint: positive
          ? "drop the observation or the input, or replace a zero by a small positive quantity and say so"
          : "drop the observation, or correct the value",
      });
    }
    if (!complete) {
      leftOut.push({ entity, time });
      continue;
    }
    rows.push(r);
    unit.push(entity);
    period.push(time);
  }
  issues.throwIfAny();
  return { rows, unit, period, leftOut };
}

/**
 * The values of numeric columns at the given panel rows, one matrix row per panel row.
 * @param p panel
 * @param rows panel rows
 * @param columns numeric columns
 * @returns rows.length × columns.length
 */
export function frontierMatrix(p: Panel, rows: readonly number[], columns: readonly string[]): Matrix {
  return columnMatrix(p.table, rows, columns);
}

/**
 * The values of numeric columns at the given rows of a table, as a matrix (rows × columns, row-major).
 * @param source the table
 * @param rows table rows, in the order wanted
 * @param columns names of numeric columns of `source`
 * @returns rows.length × columns.length
 */
export function columnMatrix(source: Table, rows: readonly number[], columns: readonly string[]): Matrix {
  const out = matrix(rows.length, columns.length);
  const numeric = columns.map((name) => findColumn(source, name) as NumberColumn);
  rows.forEach((r, i) => {
    numeric.forEach((c, j) => {
      out.data[i * columns.length + j] = c.values[r]!;
    });
  });
  return out;
}

/**
 * The period panel of the kept observations (X, Y and B when there are bad outputs).
 * @param p panel
 * @param kept the observations {@link frontierRows} kept with the same spec
 * @param spec the columns
 * @returns the period panel, units = entity keys
 */
export function frontierPeriodPanel(p: Panel, kept: FrontierRows, spec: FrontierRowsSpec): PeriodPanel {
  const bads = spec.bads ?? [];
  return periodPanel({
    unit: kept.unit,
    period: kept.period,
    X: frontierMatrix(p, kept.rows, spec.inputs),
    Y: frontierMatrix(p, kept.rows, spec.outputs),
    ...(bads.length > 0 ? { B: frontierMatrix(p, kept.rows, bads) } : {}),
    unitColumn: p.entity,
    periodColumn: p.time,
  });
}
