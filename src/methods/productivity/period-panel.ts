/**
 * Frontier data of a panel split by period, the reference technologies built from it (contemporaneous,
 * sequential, global, biennial, window) and the adjacent-period pairs that productivity indices compare.
 *
 * Rows are observations (unit × period); `rowsOf[t]` lists period t's rows ordered by unit index. A unit
 * enters the pair (t, t + 1) only if it is observed in both periods (the pairing rule for unbalanced panels);
 * the units seen in only one of the two periods are listed so tables can report the counts.
 */

import { IssueCollector } from "../../errors.js";
import type { Matrix } from "../../math/matrix.js";
import { takeMatrixRows } from "../../math/matrix.js";
import type { ReferenceSet } from "../frontier/types.js";

/** Observations (rows) of X, Y and optional bad outputs B, each tagged with a unit and a period. */
export interface PeriodPanel {
  /** Distinct unit labels, in order of first appearance. */
  readonly units: readonly string[];
  /** Distinct periods, ascending. */
  readonly periods: readonly number[];
  /** Per row: index into `units`. */
  readonly unit: Int32Array;
  /** Per row: index into `periods`. */
  readonly period: Int32Array;
  /** n × m inputs, n × s good outputs, n × k bad outputs (rows = observations). */
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly B?: Matrix;
  /** Per period index: its observation rows, ordered by unit index. */
  readonly rowsOf: readonly Int32Array[];
}

/** Input of {@link periodPanel}: one entry per observation. */
export interface PeriodPanelInput {
  readonly unit: ArrayLike<string>;
  readonly period: ArrayLike<number>;
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly B?: Matrix;
  /** File name for error messages. */
  readonly file?: string;
  /** Name of the unit and period columns for error messages (defaults "unit", "period"). */
  readonly unitColumn?: string;
  readonly periodColumn?: string;
}

/**
 * Groups observations by unit and period.
 * @param input unit label and period per row, and the X, Y (and B) matrices with one row per observation
 * @returns the period panel
 * @throws RangeError naming `periodPanel` when the lengths or row counts disagree
 * @throws NqpfInputError (code "duplicate_key") when a (unit, period) occurs twice, ("bad_value") for a period that is not a finite number
 */
export function periodPanel(input: PeriodPanelInput): PeriodPanel {
  const n = input.unit.length;
  if (input.period.length !== n)
    throw new RangeError(`periodPanel: unit has ${n} entries but period has ${input.period.length}`);
  for (const [name, a] of [
    ["X", input.X],
    ["Y", input.Y],
    ["B", input.B],
  ] as const) {
    if (a !== undefined && a.rows !== n)
      throw new RangeError(`periodPanel: ${name} has ${a.rows} rows but there are ${n} observations`);
  }
  const issues = new IssueCollector();
  const where = (row: number) => ({
    ...(input.file !== undefined ? { file: input.file } : {}),
    row: row + 2,
  });
  const unitIndex = new Map<string, number>();
  const units: string[] = [];
  const unit = new Int32Array(n);
  const periodValues = new Set<number>();
  for (let i = 0; i < n; i++) {
    const label = input.unit[i]!;
    let u = unitIndex.get(label);
    if (u === undefined) {
      u = units.length;
      unitIndex.set(label, u);
      units.push(label);
    }
    unit[i] = u;
    const p = input.period[i]!;
    if (!Number.isFinite(p))
      issues.add({
        code: "bad_value",
        ...where(i),
        column: input.periodColumn ?? "period",
        entity: label,
        message: `period is ${String(p)}, not a finite number`,
        hint: "give every observation a numeric period (e.g. the year)",
      });
    else periodValues.add(p);
  }
  issues.throwIfAny();
  const periods = [...periodValues].sort((a, b) => a - b);
  const periodIndex = new Map(periods.map((p, t) => [p, t]));
  const period = new Int32Array(n);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    period[i] = periodIndex.get(input.period[i]!)!;
    const key = `${unit[i]!}\u0000${period[i]!}`;
    const first = seen.get(key);
    if (first !== undefined)
      issues.add({
        code: "duplicate_key",
        ...where(i),
        column: input.periodColumn ?? "period",
        entity: units[unit[i]!]!,
        time: input.period[i]!,
        message: `unit "${units[unit[i]!]!}" appears twice in period ${input.period[i]!}; first on row ${first + 2}`,
        hint: "each unit may appear once per period; remove or aggregate the duplicate rows",
      });
    else seen.set(key, i);
  }
  issues.throwIfAny();
  const buckets: number[][] = periods.map(() => []);
  for (let i = 0; i < n; i++) buckets[period[i]!]!.push(i);
  const rowsOf = buckets.map((rows) => Int32Array.from(rows.sort((a, b) => unit[a]! - unit[b]!)));
  return {
    units,
    periods,
    unit,
    period,
    X: input.X,
    Y: input.Y,
    ...(input.B !== undefined ? { B: input.B } : {}),
    rowsOf,
  };
}

/**
 * Reference technology of a period:
 * - "contemporaneous": the period's own observations (T^t);
 * - "sequential": all periods up to and including t (Shestalova 2003);
 * - "global": all periods (Pastor & Lovell 2005; Oh 2010);
 * - "window": the `window` periods ending at t, i.e. t − window + 1 … t (fewer at the start of the panel);
 *   window 1 is contemporaneous;
 * - "biennial": periods t and t + 1 (Pastor, Asmild & Lovell 2011); it belongs to a pair, so
 *   {@link technologyRows} takes the pair's first period.
 */
export type Technology = "contemporaneous" | "sequential" | "global" | "window" | "biennial";

/** Every technology name, for option validation. */
export const TECHNOLOGIES: readonly Technology[] = [
  "contemporaneous",
  "sequential",
  "global",
  "window",
  "biennial",
];

/**
 * Observation rows forming the technology of period index t.
 * @param panel the period panel
 * @param technology which technology (see {@link Technology})
 * @param t period index (for "biennial": the first period of the pair t, t + 1)
 * @param window number of periods of a "window" technology (≥ 1)
 * @returns ascending row indices
 * @throws RangeError naming `technologyRows` for an unknown technology, a period index out of range or a bad window
 */
export function technologyRows(
  panel: PeriodPanel,
  technology: Technology,
  t: number,
  window = 3,
): Int32Array {
  const T = panel.periods.length;
  if (!Number.isInteger(t) || t < 0 || t >= T)
    throw new RangeError(`technologyRows: period index ${t} is out of range 0..${T - 1}`);
  let first: number;
  let last: number;
  switch (technology) {
    case "contemporaneous":
      first = last = t;
      break;
    case "sequential":
      first = 0;
      last = t;
      break;
    case "global":
      first = 0;
      last = T - 1;
      break;
    case "window":
      if (!Number.isInteger(window) || window < 1)
        throw new RangeError(`technologyRows: window must be an integer ≥ 1; got ${window}`);
      first = Math.max(0, t - window + 1);
      last = t;
      break;
    case "biennial":
      if (t + 1 >= T) throw new RangeError(`technologyRows: biennial technology needs period ${t + 1}`);
      first = t;
      last = t + 1;
      break;
    default:
      throw new RangeError(
        `technologyRows: unknown technology ${JSON.stringify(technology)}; use ${TECHNOLOGIES.join(", ")}`,
      );
  }
  const parts: number[] = [];
  for (let p = first; p <= last; p++) for (const r of panel.rowsOf[p]!) parts.push(r);
  return Int32Array.from(parts.sort((a, b) => a - b));
}

/** The X, Y (and B) rows `rows` of the panel as a frontier reference set. */
export function referenceRows(panel: PeriodPanel, rows: ArrayLike<number>): ReferenceSet {
  return {
    X: takeMatrixRows(panel.X, rows),
    Y: takeMatrixRows(panel.Y, rows),
    ...(panel.B !== undefined ? { B: takeMatrixRows(panel.B, rows) } : {}),
  };
}

/** Two adjacent periods and the units observed in both. */
export interface PeriodPair {
  /** Period indices (to = from + 1). */
  readonly from: number;
  readonly to: number;
  /** Units observed in both periods, ascending unit index. */
  readonly units: Int32Array;
  /** Their observation rows in `from` and in `to` (aligned with `units`). */
  readonly rowFrom: Int32Array;
  readonly rowTo: Int32Array;
  /** Units observed only in `from` (they leave) and only in `to` (they enter): not compared. */
  readonly onlyFrom: Int32Array;
  readonly onlyTo: Int32Array;
}

/**
 * Adjacent period pairs (t, t + 1) of the panel with the units observed in both.
 * @param panel the period panel
 * @returns one pair per adjacent period, in time order (none for a single period)
 */
export function adjacentPairs(panel: PeriodPanel): PeriodPair[] {
  const pairs: PeriodPair[] = [];
  for (let t = 0; t + 1 < panel.periods.length; t++) {
    const a = panel.rowsOf[t]!;
    const b = panel.rowsOf[t + 1]!;
    const units: number[] = [];
    const rowFrom: number[] = [];
    const rowTo: number[] = [];
    const onlyFrom: number[] = [];
    const onlyTo: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const ua = i < a.length ? panel.unit[a[i]!]! : Infinity;
      const ub = j < b.length ? panel.unit[b[j]!]! : Infinity;
      if (ua === ub) {
        units.push(ua);
        rowFrom.push(a[i++]!);
        rowTo.push(b[j++]!);
      } else if (ua < ub) {
        onlyFrom.push(ua);
        i++;
      } else {
        onlyTo.push(ub);
        j++;
      }
    }
    pairs.push({
      from: t,
      to: t + 1,
      units: Int32Array.from(units),
      rowFrom: Int32Array.from(rowFrom),
      rowTo: Int32Array.from(rowTo),
      onlyFrom: Int32Array.from(onlyFrom),
      onlyTo: Int32Array.from(onlyTo),
    });
  }
  return pairs;
}
