/**
 * Time-series operators on a panel with Stata `tsset` semantics: within each entity, the lag k of
 * period t is the value at period t − k·delta, where delta is the panel's time step. A period the
 * entity lacks gives a missing value (a gap is never bridged by the previous row).
 */
import { IssueCollector, type InputIssue } from "../errors.js";
import { MISSING, findColumn, type NumberColumn } from "../table/table.js";
import { panelRow, panelVariables, type Panel } from "./panel.js";

/** A computed column plus where it is undefined (a domain error such as a zero base), never a silent NaN. */
export interface DerivedColumn {
  /** The values; undefined cells are marked missing in the mask. */
  readonly column: NumberColumn;
  /** Cells that are missing because the computation was undefined there (not because an input was missing). */
  readonly undefinedCount: number;
  /** Panel row indices (0-based) of the first undefined cells, at most 10. */
  readonly undefinedRows: readonly number[];
}

/** How many undefined rows a `DerivedColumn` lists. */
export const UNDEFINED_ROWS_LIMIT = 10;

export interface TimeShiftOptions {
  /** Time step between periods; default `panelDelta(p)`. */
  readonly delta?: number;
  /** Name of the result column. */
  readonly name?: string;
}

/**
 * The panel's time step: the smallest positive difference between consecutive periods (1 when there are fewer than two periods), as Stata's `tsset` delta for a regular panel.
 * Reference: StataCorp, [TS] tsset (delta()).
 * @param p panel
 * @returns the step, > 0
 * @example
 * panelDelta(panel_with_years_2000_2002_2004) // => 2
 */
export function panelDelta(p: Panel): number {
  let delta = Number.POSITIVE_INFINITY;
  for (let i = 1; i < p.times.length; i++) delta = Math.min(delta, p.times[i]! - p.times[i - 1]!);
  return Number.isFinite(delta) ? delta : 1;
}

/**
 * For each row, the row of the same entity at period t − k·delta, or −1 when the entity has no row there (k < 0 looks forward).
 * Periods match within a relative tolerance of 1e-9, so fractional steps (quarters as 0.25) work.
 * Reference: StataCorp, [U] 13.9 Time-series operators.
 * @param p panel
 * @param k whole number of steps back (negative = forward)
 * @param delta time step, > 0
 * @returns Int32Array of length rowCount
 * @throws RangeError when k is not an integer or delta is not positive and finite
 * @example
 * shiftedRows(p, 1, 1) // => row of (entity, t − 1) per row, −1 where absent
 */
export function shiftedRows(p: Panel, k: number, delta: number): Int32Array {
  if (!Number.isInteger(k)) throw new RangeError(`shiftedRows: k must be an integer; got ${k}`);
  if (!(delta > 0 && Number.isFinite(delta)))
    throw new RangeError(`shiftedRows: delta must be positive and finite; got ${delta}`);
  const n = p.table.rowCount;
  const result = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) {
    const target = p.times[p.timeOf[r]!]! - k * delta;
    const t = nearestTimeIndex(p.times, target);
    if (t >= 0) result[r] = panelRow(p, p.entityOf[r]!, t);
  }
  return result;
}

/**
 * Lag operator L^k: the variable's value at t − k·delta within the entity (Stata `L<k>.x`); missing where that period is absent. Missing codes are copied.
 * Reference: StataCorp, [U] 13.9 Time-series operators.
 * @param p panel
 * @param variable numeric variable name
 * @param k steps back, integer (default 1; negative leads)
 * @param options delta, name (default `<variable>_lag<k>`)
 * @returns the lagged column, one cell per panel row
 * @throws NqpfInputError `unknown_column` / `bad_argument` for an absent or text variable
 * @throws RangeError when k is not an integer or delta is not positive and finite
 * @example
 * lag(p, "gdp").values // => [NaN, gdp(2017), gdp(2018), …] per entity, NaN marked missing
 */
export function lag(p: Panel, variable: string, k = 1, options: TimeShiftOptions = {}): NumberColumn {
  return shiftColumn(p, variable, k, options, options.name ?? `${variable}_lag${k}`, "lag");
}

/**
 * Lead operator F^k: the variable's value at t + k·delta within the entity (Stata `F<k>.x`); missing where that period is absent.
 * Reference: StataCorp, [U] 13.9 Time-series operators.
 * @param p panel
 * @param variable numeric variable name
 * @param k steps forward, integer (default 1)
 * @param options delta, name (default `<variable>_lead<k>`)
 * @returns the led column
 * @throws NqpfInputError `unknown_column` / `bad_argument` for an absent or text variable
 * @throws RangeError when k is not an integer or delta is not positive and finite
 * @example
 * lead(p, "gdp").values // => [gdp(2018), gdp(2019), NaN, …]
 */
export function lead(p: Panel, variable: string, k = 1, options: TimeShiftOptions = {}): NumberColumn {
  return shiftColumn(p, variable, -k, options, options.name ?? `${variable}_lead${k}`, "lead");
}

/**
 * k-period difference x_t − x_{t−k·delta} within the entity (Stata's seasonal difference `S<k>.x`; for k = 1 the same as `D.x`). Note that Stata's `D2.x` is the second difference, which this is not.
 * Missing when either value is missing or the earlier period is absent; undefined (counted) when the result is not finite although both inputs are.
 * Reference: StataCorp, [U] 13.9 Time-series operators.
 * @param p panel
 * @param variable numeric variable name
 * @param k steps back, integer (default 1)
 * @param options delta, name (default `<variable>_diff<k>`)
 * @returns the differences with the count of undefined cells
 * @throws NqpfInputError `unknown_column` / `bad_argument` for an absent or text variable
 * @throws RangeError when k is not an integer or delta is not positive and finite
 * @example
 * difference(p, "gdp").column.values // => [NaN, gdp(2018) − gdp(2017), …]
 */
export function difference(p: Panel, variable: string, k = 1, options: TimeShiftOptions = {}): DerivedColumn {
  const x = numericVariable(p, variable, "difference");
  const from = shiftedRows(p, k, options.delta ?? panelDelta(p));
  return combine(
    p,
    x,
    from,
    options.name ?? `${variable}_diff${k}`,
    (now, before) => now - before,
    () => true,
  );
}

/** Kinds of growth: ratio x_t/x_b − 1 (a fraction, 0.05 for 5 %), percent 100·(x_t/x_b − 1), log ln x_t − ln x_b, factor x_t/x_b (gross growth, 1.05). */
export type GrowthKind = "ratio" | "percent" | "log" | "factor";

export interface GrowthRateOptions extends TimeShiftOptions {
  /** Steps back to the base period; default 1. */
  readonly k?: number;
  /** Default "ratio". */
  readonly kind?: GrowthKind;
}

/**
 * Growth of a variable against its value k periods earlier (base x_b = x_{t−k·delta}):
 * ratio = x_t/x_b − 1 (the expression function growth()), percent = 100·(x_t/x_b − 1), log = ln x_t − ln x_b, factor = x_t/x_b.
 * A base ≤ 0 (and for "log" also x_t ≤ 0) is undefined: the cell is missing and counted in `undefinedCount`. Missing inputs and absent base periods give missing cells that are not counted.
 * Reference: StataCorp, [U] 13.9 Time-series operators (the base is `L<k>.x`).
 * @param p panel
 * @param variable numeric variable name
 * @param options k, kind, delta, name (default `<variable>_growth<k>`)
 * @returns the growth column with the count and first rows of undefined cells
 * @throws NqpfInputError `unknown_column` / `bad_argument` for an absent or text variable
 * @throws RangeError when k is not an integer, delta is not positive and finite, or kind is unknown
 * @example
 * growthRate(p, "gdp", { kind: "percent" }).column.values // => [NaN, 100·(33106/29883 − 1) = 10.785…, …]
 */
export function growthRate(p: Panel, variable: string, options: GrowthRateOptions = {}): DerivedColumn {
  const k = options.k ?? 1;
  const kind = options.kind ?? "ratio";
  const formula = GROWTH[kind] as GrowthFormula | undefined;
  if (formula === undefined)
    throw new RangeError(`growthRate: kind must be ratio, percent, log or factor; got ${kind as string}`);
  const x = numericVariable(p, variable, "growthRate");
  const from = shiftedRows(p, k, options.delta ?? panelDelta(p));
  return combine(p, x, from, options.name ?? `${variable}_growth${k}`, formula.value, formula.defined);
}

interface GrowthFormula {
  readonly value: (now: number, base: number) => number;
  readonly defined: (now: number, base: number) => boolean;
}

const GROWTH: Readonly<Record<GrowthKind, GrowthFormula>> = {
  ratio: { value: (now, base) => now / base - 1, defined: (_now, base) => base > 0 },
  percent: { value: (now, base) => 100 * (now / base - 1), defined: (_now, base) => base > 0 },
  factor: { value: (now, base) => now / base, defined: (_now, base) => base > 0 },
  log: { value: (now, base) => Math.log(now) - Math.log(base), defined: (now, base) => base > 0 && now > 0 },
};

/** The variable as a number column, or an NqpfInputError saying why not. */
function numericVariable(p: Panel, variable: string, caller: string): NumberColumn {
  const column = findColumn(p.table, variable);
  const issues = new IssueCollector();
  const names = panelVariables(p).map((c) => c.name);
  if (!column) {
    issues.add({
      code: "unknown_column",
      column: variable,
      message: `${caller}: variable "${variable}" is not in the panel`,
      hint: `available variables: ${names.join(", ")}`,
    } satisfies InputIssue);
  } else if (column.type !== "number") {
    issues.add({
      code: "bad_argument",
      column: variable,
      message: `${caller}: variable "${variable}" holds text, not numbers`,
      hint: "choose a numeric variable, or convert this one to numbers first",
    });
  }
  issues.throwIfAny();
  return column as NumberColumn;
}

function shiftColumn(
  p: Panel,
  variable: string,
  k: number,
  options: TimeShiftOptions,
  name: string,
  caller: string,
): NumberColumn {
  const x = numericVariable(p, variable, caller);
  const from = shiftedRows(p, k, options.delta ?? panelDelta(p));
  const n = from.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const s = from[r]!;
    if (s < 0) {
      values[r] = Number.NaN;
      missing[r] = MISSING;
    } else {
      values[r] = x.values[s]!;
      missing[r] = x.missing[s]!;
    }
  }
  return { type: "number", name, values, missing, meta: {} };
}

/** f(x_t, x_from) per row; missing where either is missing, undefined (counted) where `defined` fails or the result is not finite. */
function combine(
  p: Panel,
  x: NumberColumn,
  from: Int32Array,
  name: string,
  f: (now: number, before: number) => number,
  defined: (now: number, before: number) => boolean,
): DerivedColumn {
  const n = p.table.rowCount;
  const values = new Float64Array(n).fill(Number.NaN);
  const missing = new Uint8Array(n).fill(MISSING);
  const undefinedRows: number[] = [];
  let undefinedCount = 0;
  for (let r = 0; r < n; r++) {
    const s = from[r]!;
    if (s < 0 || x.missing[r] !== 0 || x.missing[s] !== 0) continue;
    const now = x.values[r]!;
    const before = x.values[s]!;
    const value = defined(now, before) ? f(now, before) : Number.NaN;
    if (Number.isNaN(value) || (!Number.isFinite(value) && Number.isFinite(now) && Number.isFinite(before))) {
      undefinedCount++;
      if (undefinedRows.length < UNDEFINED_ROWS_LIMIT) undefinedRows.push(r);
      continue;
    }
    values[r] = value;
    missing[r] = 0;
  }
  return { column: { type: "number", name, values, missing, meta: {} }, undefinedCount, undefinedRows };
}

/** Index of the period equal to `target` within a relative tolerance of 1e-9, or −1. */
function nearestTimeIndex(times: readonly number[], target: number): number {
  const tolerance = 1e-9 * Math.max(1, Math.abs(target));
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = times[mid]!;
    if (Math.abs(value - target) <= tolerance) return mid;
    if (value < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
