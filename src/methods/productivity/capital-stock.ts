/**
 * Capital stock by the perpetual-inventory method (PIM), per entity:
 *   K_t = I_t/P_t + (1 − δ)·K_{t−1},
 * with I nominal (or real) investment, P an investment price index (1 when absent), δ the depreciation rate per
 * period and an initial stock either from the steady state I/(g + δ) (g the average growth of real investment over
 * the first k periods) or given. Stocks are in the prices of the deflator's base (constant prices).
 */
import { IssueCollector, issue, type InputIssue } from "../../errors.js";
import { panelDelta } from "../../panel/lag.js";
import { panelRow, panelVariables, type Panel } from "../../panel/panel.js";
import {
  findColumn,
  numberColumn,
  stringColumn,
  table,
  type NumberColumn,
  type Table,
  type TableMeta,
} from "../../table/table.js";

/** How the first stock is set: steady state I/(g + δ) (Harberger 1978; Hall & Jones 1999), or given by the user. */
export type InitialStockMethod = "g-delta" | "given";

/**
 * Which stock the steady-state formula gives (initial "g-delta" only):
 * - "opening": the stock entering the base year t0, K_{t0−1} = I_{t0}/(g + δ), so
 *   K_{t0} = I_{t0} + (1 − δ)·K_{t0−1} = I_{t0}(1 + g)/(g + δ), the exact steady state of the recursion when real
 *   investment grows at rate g (the stock then grows at g from the start);
 * - "base-year": the base-year stock itself, K_{t0} = I_{t0}/(g + δ), as Hall & Jones (1999) write it (smaller
 *   by the factor 1/(1 + g)).
 */
export type InitialTiming = "opening" | "base-year";

/** A price index in levels (any base), or a chain index with the previous period = 100 (NBS "上年=100"). */
export type DeflatorKind = "level" | "chain";

/** Average growth of real investment over the first k periods: geometric (I_{t0+k}/I_{t0})^{1/k} − 1, or the arithmetic mean of the k annual rates. */
export type GrowthMean = "geometric" | "arithmetic";

/** Default depreciation rate: 9.6 % a year, Zhang Jun, Wu Guiying & Zhang Jipeng (2004) 经济研究 for Chinese provinces. */
export const PIM_DEFAULT_DELTA = 0.096;
/** Default number of growth rates k for g: 5 (Hall & Jones 1999 use the 10 years 1960–1970; set it with `initialYears`). */
export const PIM_DEFAULT_INITIAL_YEARS = 5;

export interface PerpetualInventoryOptions {
  /** Investment column (e.g. gross fixed capital formation at current prices). */
  readonly investment: string;
  /** Price index of investment; without it the investment is taken as real already. */
  readonly deflator?: string;
  /** Default "level". */
  readonly deflatorKind?: DeflatorKind;
  /**
   * Year whose prices the stock is in: a level index is divided by its value in that year (per entity); a chain
   * index is 1 there. Default: a level index as it is (e.g. 1952 = 1); a chain index 1 in the entity's base year.
   */
  readonly deflatorBase?: number;
  /** Depreciation rate per period in [0, 1]; default 0.096. */
  readonly delta?: number;
  /** Default "g-delta", or "given" when `initialStock` is set. */
  readonly initial?: InitialStockMethod;
  /** k, the number of growth rates averaged for g (periods t0 … t0 + k); default 5. */
  readonly initialYears?: number;
  /** Default "geometric" (Hall & Jones 1999). */
  readonly growthMean?: GrowthMean;
  /** Default "opening" (see {@link InitialTiming}). */
  readonly timing?: InitialTiming;
  /**
   * The base-year stock K_{t0} in real terms (same prices as I/P) for initial "given": one number for every entity,
   * a record by entity, or the name of a column read in each entity's base year.
   */
  readonly initialStock?: number | string | Readonly<Record<string, number>>;
  /** First year of accumulation; an entity whose investment starts later begins at its first year. Default each entity's first year with investment. */
  readonly baseYear?: number;
  /** File name for issue locations. */
  readonly file?: string;
  /** 1-based file row of each panel row, for issue locations. */
  readonly fileRows?: ArrayLike<number>;
}

/** "ok": the stock is computed; "before-base": the row precedes the entity's base year (reason says why). */
export type PimStatus = "ok" | "before-base";

/** How one entity's accumulation starts. */
export interface PimInitialStock {
  readonly entity: string;
  readonly baseYear: number;
  /** Real investment I_{t0}/P_{t0}. */
  readonly realInvestment: number;
  /** Average growth g of real investment (NaN for a given stock). */
  readonly growth: number;
  /** Years spanned by g (t0 and t0 + k; NaN for a given stock). */
  readonly growthFrom: number;
  readonly growthTo: number;
  /** K_{t0−1} = I_{t0}/(g + δ) for timing "opening" (NaN otherwise). */
  readonly openingStock: number;
  /** K_{t0}. */
  readonly stock: number;
  readonly method: InitialStockMethod;
}

export interface PerpetualInventoryResult {
  readonly entityColumn: string;
  readonly timeColumn: string;
  readonly entities: readonly string[];
  readonly columns: { readonly investment: string; readonly deflator: string | undefined };
  /** Unit of the investment column as its metadata states it (undefined when unknown). */
  readonly investmentUnit: string | undefined;
  readonly delta: number;
  readonly initial: InitialStockMethod;
  readonly timing: InitialTiming;
  readonly initialYears: number;
  readonly growthMean: GrowthMean;
  readonly deflatorKind: DeflatorKind;
  readonly deflatorBase: number | undefined;
  /** Per row (panel order): index into `entities`, and the year. */
  readonly entity: Int32Array;
  readonly year: Float64Array;
  /** Investment as given (NaN where missing). */
  readonly investment: Float64Array;
  /** Price index as used, P_t (rebased or chained; NaN before the base or without a deflator). */
  readonly priceIndex: Float64Array;
  /** I_t/P_t (NaN before the base year). */
  readonly realInvestment: Float64Array;
  /** K_t (NaN before the base year). */
  readonly stock: Float64Array;
  readonly status: readonly PimStatus[];
  readonly reason: readonly (string | undefined)[];
  /** One entry per entity, in `entities` order. */
  readonly initialStocks: readonly PimInitialStock[];
}

/**
 * Capital stock by the perpetual-inventory method, per entity, from a first stock set by the steady-state rule
 * I/(g + δ) or given.
 *
 * K_t = I_t/P_t + (1 − δ)·K_{t−1} for t > t0; K_{t0} = I_{t0}(1 + g)/(g + δ) (timing "opening", i.e.
 * K_{t0−1} = I_{t0}/(g + δ)), I_{t0}/(g + δ) (timing "base-year") or given; g = (I_{t0+k}/I_{t0})^{1/k} − 1 on real
 * investment (or the arithmetic mean of the k rates).
 *
 * Every period from an entity's base year to its last row must be present with investment and price index (> 0): a
 * missing year or value is an error naming the entity and year, never a silent hole in the stock. Negative
 * investment (statistical GFCF can be, e.g. Fujian 1967–1968) enters the recursion as it is; a stock that turns
 * negative is an error.
 *
 * Reference: Harberger (1978) in Economic Analysis and the Pricing of Labour; Hall & Jones (1999) QJE 114(1):83–116
 * (K_0 = I_0/(g + δ), g the 1960–1970 growth of investment); 张军, 吴桂英, 张吉鹏 (2004) 经济研究 (10):35–44
 * (δ = 9.6 % for provinces, a given 1952 stock); methods.md §4.1.
 *
 * @param p panel (entity × year), one row per entity-year
 * @param options investment, deflator (kind, base), delta, initial (g-delta or given), initialYears k, growthMean,
 *   timing, initialStock, baseYear
 * @returns per-row real investment and stock with status and reason; per-entity initial stock and g
 * @throws NqpfInputError `missing_column` / `not_a_number` for absent or text columns; `unbalanced_panel` for a
 *   missing year after the base year; `bad_value` for a missing or non-finite investment, a price index ≤ 0 or
 *   missing, too few years, non-positive investment or g + δ ≤ 0 for the initial stock, a missing or negative
 *   given stock, a stock that turns negative;
 *   `bad_argument` for a deflator base year or initial-stock entity that does not exist
 * @throws RangeError naming `perpetualInventory` for δ outside [0, 1], k not a positive integer, or initial
 *   "given" without `initialStock` (or "g-delta" with it)
 * @example
 * perpetualInventory(p, { investment: "I", delta: 0.1, initialYears: 1, timing: "base-year" }).stock
 * // => for I = 100, 110, 121: g = 0.1, K = 100/0.2 = 500, 110 + 0.9·500 = 560, 121 + 0.9·560 = 625
 */
export function perpetualInventory(p: Panel, options: PerpetualInventoryOptions): PerpetualInventoryResult {
  const delta = options.delta ?? PIM_DEFAULT_DELTA;
  if (!(delta >= 0 && delta <= 1))
    throw new RangeError(`perpetualInventory: delta must be in [0, 1]; got ${delta}`);
  const k = options.initialYears ?? PIM_DEFAULT_INITIAL_YEARS;
  if (!(Number.isInteger(k) && k >= 1))
    throw new RangeError(`perpetualInventory: initialYears must be a whole number ≥ 1; got ${k}`);
  const initial = options.initial ?? (options.initialStock !== undefined ? "given" : "g-delta");
  if (initial === "given" && options.initialStock === undefined)
    throw new RangeError("perpetualInventory: initial 'given' needs initialStock");
  if (initial === "g-delta" && options.initialStock !== undefined)
    throw new RangeError("perpetualInventory: initialStock is only used with initial 'given'");
  const timing = options.timing ?? "opening";
  const growthMean = options.growthMean ?? "geometric";
  const deflatorKind = options.deflatorKind ?? "level";

  const issues = new IssueCollector();
  const fileOnly = options.file !== undefined ? { file: options.file } : {};
  const where = (r: number, column: string): Omit<InputIssue, "code" | "message" | "hint"> => ({
    ...fileOnly,
    ...(options.fileRows !== undefined ? { row: options.fileRows[r]! } : {}),
    column,
    entity: p.entities[p.entityOf[r]!]!,
    time: p.times[p.timeOf[r]!]!,
  });
  const names = panelVariables(p).map((c) => c.name);
  const numeric = (name: string, role: string): NumberColumn | undefined => {
    const column = findColumn(p.table, name);
    if (!column) {
      issues.add({
        ...issue.missingColumn(fileOnly, name, names),
        hint: `name the ${role} column; available: ${names.slice(0, 40).join(", ")}`,
      });
      return undefined;
    }
    if (column.type !== "number") {
      issues.add({
        code: "not_a_number",
        ...fileOnly,
        column: name,
        message: `column "${name}" holds text, not numbers`,
        hint: `choose a numeric ${role} column`,
      });
      return undefined;
    }
    return column;
  };
  const investment = numeric(options.investment, "investment");
  const deflator = options.deflator !== undefined ? numeric(options.deflator, "deflator") : undefined;
  const stockColumn =
    typeof options.initialStock === "string" ? numeric(options.initialStock, "initial stock") : undefined;
  issues.throwIfAny();
  const I = investment!;

  const n = p.table.rowCount;
  const step = panelDelta(p);
  const year = Float64Array.from({ length: n }, (_, r) => p.times[p.timeOf[r]!]!);
  const nan = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const priceIndex = nan();
  const realInvestment = nan();
  const stock = nan();
  const status = new Array<PimStatus>(n).fill("before-base");
  const reason = new Array<string | undefined>(n).fill(undefined);
  const initialStocks: PimInitialStock[] = [];
  const present = (column: NumberColumn | undefined, r: number): boolean =>
    column === undefined || column.missing[r] === 0;

  let start = 0;
  while (start < n) {
    const e = p.entityOf[start]!;
    const entity = p.entities[e]!;
    let end = start;
    while (end < n && p.entityOf[end] === e) end++;
    const start0 = start;
    start = end;

    // Base row: first row from baseYear on with investment (and, for a level index, a price).
    let base = -1;
    for (let r = start0; r < end && base < 0; r++)
      if (
        (options.baseYear === undefined || year[r]! >= options.baseYear) &&
        I.missing[r] === 0 &&
        (deflatorKind === "chain" || present(deflator, r))
      )
        base = r;
    if (base < 0) {
      issues.add({
        code: "bad_value",
        ...fileOnly,
        column: options.investment,
        entity,
        message: `no year${options.baseYear !== undefined ? ` from ${options.baseYear} on` : ""} has ${deflator && deflatorKind === "level" ? "both investment and its price index" : "investment"}`,
        hint: "leave the entity out, or choose an earlier base year",
      });
      continue;
    }
    for (let r = start0; r < base; r++)
      reason[r] =
        options.baseYear !== undefined && year[r]! < options.baseYear
          ? `before the base year ${options.baseYear}`
          : `before the entity's base year ${year[base]!} (the first year with ${deflator && deflatorKind === "level" ? "investment and its price index" : "investment"})`;

    // Every period from the base on: present, consecutive, valid.
    let ok = true;
    for (let r = base; r < end; r++) {
      if (r > base && Math.abs(year[r]! - year[r - 1]! - step) > 1e-9 * Math.max(1, Math.abs(year[r]!))) {
        ok = false;
        issues.add({
          code: "unbalanced_panel",
          ...fileOnly,
          column: p.time,
          entity,
          time: year[r - 1]! + step,
          message: `${year[r - 1]! + step} is missing between ${year[r - 1]!} and ${year[r]!}; the perpetual inventory needs every year from the base year ${year[base]!} on`,
          hint: "add the missing year, or restrict the years so the series is unbroken",
        });
      }
      const v = I.values[r]!;
      if (I.missing[r] !== 0) {
        ok = false;
        issues.add({
          code: "bad_value",
          ...where(r, options.investment),
          message: `investment is missing; the perpetual inventory needs every year from the base year ${year[base]!} on`,
          hint: "fill the value, or restrict the years so the series is unbroken",
        });
      } else if (!Number.isFinite(v)) {
        ok = false;
        issues.add({
          code: "bad_value",
          ...where(r, options.investment),
          message: `investment is ${v}, not a finite number`,
          hint: "check the value",
        });
      }
      if (deflator && !(deflatorKind === "chain" && r === base)) {
        const d = deflator.values[r]!;
        if (deflator.missing[r] !== 0) {
          ok = false;
          issues.add({
            code: "bad_value",
            ...where(r, deflator.name),
            message: "the price index is missing",
            hint: "fill the value, or restrict the years so the series is unbroken",
          });
        } else if (!(d > 0 && Number.isFinite(d))) {
          ok = false;
          issues.add({
            code: "bad_value",
            ...where(r, deflator.name),
            message: `the price index is ${d}; it must be a positive finite number`,
            hint: "check the value",
          });
        }
      }
    }
    if (!ok) continue;

    // Price index P_t as used.
    if (deflator) {
      if (deflatorKind === "level") {
        let divisor = 1;
        if (options.deflatorBase !== undefined) {
          const t = p.times.indexOf(options.deflatorBase);
          const r = t >= 0 ? panelRow(p, e, t) : -1;
          const d = r >= 0 && deflator.missing[r] === 0 ? deflator.values[r]! : Number.NaN;
          if (!(d > 0 && Number.isFinite(d))) {
            issues.add({
              code: "bad_argument",
              ...fileOnly,
              column: deflator.name,
              entity,
              time: options.deflatorBase,
              message: `the price index has no positive value in the deflator base year ${options.deflatorBase}`,
              hint: "choose a deflator base year every entity has, or leave it out to use the index as it is",
            });
            continue;
          }
          divisor = d;
        }
        for (let r = base; r < end; r++) priceIndex[r] = deflator.values[r]! / divisor;
      } else {
        priceIndex[base] = 1;
        for (let r = base + 1; r < end; r++) priceIndex[r] = (priceIndex[r - 1]! * deflator.values[r]!) / 100;
        if (options.deflatorBase !== undefined) {
          let r0 = -1;
          for (let r = base; r < end; r++) if (year[r] === options.deflatorBase) r0 = r;
          if (r0 < 0) {
            issues.add({
              code: "bad_argument",
              ...fileOnly,
              column: deflator.name,
              entity,
              time: options.deflatorBase,
              message: `the deflator base year ${options.deflatorBase} is outside the chained years ${year[base]!}–${year[end - 1]!}`,
              hint: "choose a deflator base year within every entity's accumulation years",
            });
            continue;
          }
          const divisor = priceIndex[r0]!;
          for (let r = base; r < end; r++) priceIndex[r] = priceIndex[r]! / divisor;
        }
      }
    }
    for (let r = base; r < end; r++)
      realInvestment[r] = deflator ? I.values[r]! / priceIndex[r]! : I.values[r]!;

    // Initial stock.
    const I0 = realInvestment[base]!;
    let g = Number.NaN;
    let opening = Number.NaN;
    let K0: number;
    if (initial === "g-delta") {
      if (end - base < k + 1) {
        issues.add({
          code: "bad_value",
          ...fileOnly,
          column: options.investment,
          entity,
          time: year[base]!,
          message: `the initial growth rate needs ${k + 1} years of investment from ${year[base]!}; the entity has ${end - base}`,
          hint: "lower the number of initial years (--initial-years), or give the initial stock",
        });
        continue;
      }
      g = averageGrowth(realInvestment, base, k, growthMean);
      if (!(g + delta > 0) || !Number.isFinite(g)) {
        issues.add({
          code: "bad_value",
          ...fileOnly,
          column: options.investment,
          entity,
          time: year[base]!,
          message: Number.isFinite(g)
            ? `real investment changes by ${(100 * g).toFixed(2)} % a year over ${year[base]!}–${year[base + k]!}, so g + δ = ${(g + delta).toPrecision(3)} ≤ 0 and I/(g + δ) is no stock`
            : `the growth of real investment over ${year[base]!}–${year[base + k]!} is undefined (zero investment)`,
          hint: "use more initial years, another base year, or give the initial stock",
        });
        continue;
      }
      if (timing === "opening") {
        opening = I0 / (g + delta);
        K0 = I0 + (1 - delta) * opening;
      } else K0 = I0 / (g + delta);
    } else {
      const given = givenStock(options.initialStock!, stockColumn, entity, base);
      if (!(given >= 0 && Number.isFinite(given))) {
        issues.add({
          code: "bad_value",
          ...(stockColumn ? where(base, stockColumn.name) : { ...fileOnly, entity, time: year[base]! }),
          message: Number.isNaN(given)
            ? `no initial stock is given for the base year ${year[base]!}`
            : `the initial stock is ${given}; it must be a finite number ≥ 0`,
          hint:
            typeof options.initialStock === "object"
              ? `give a stock for entity ${entity}`
              : "give the base-year stock in the prices of the deflated investment",
        });
        continue;
      }
      K0 = given;
    }
    stock[base] = K0;
    for (let r = base + 1; r < end; r++) stock[r] = realInvestment[r]! + (1 - delta) * stock[r - 1]!;
    const negative = stock.subarray(base, end).findIndex((K) => K < 0);
    if (negative >= 0) {
      issues.add({
        code: "bad_value",
        ...where(base + negative, options.investment),
        message: `the capital stock turns negative (${stock[base + negative]!.toPrecision(4)}) after negative investment`,
        hint: "check the investment series, or start the accumulation later (base year)",
      });
      continue;
    }
    for (let r = base; r < end; r++) status[r] = "ok";
    initialStocks.push({
      entity,
      baseYear: year[base]!,
      realInvestment: I0,
      growth: g,
      growthFrom: initial === "g-delta" ? year[base]! : Number.NaN,
      growthTo: initial === "g-delta" ? year[base + k]! : Number.NaN,
      openingStock: opening,
      stock: K0,
      method: initial,
    });
  }
  issues.throwIfAny();

  return {
    entityColumn: p.entity,
    timeColumn: p.time,
    entities: p.entities,
    columns: { investment: options.investment, deflator: options.deflator },
    investmentUnit: I.meta.unit,
    delta,
    initial,
    timing,
    initialYears: k,
    growthMean,
    deflatorKind,
    deflatorBase: options.deflatorBase,
    entity: Int32Array.from(p.entityOf),
    year,
    investment: Float64Array.from(I.values, (v, r) => (I.missing[r] === 0 ? v : Number.NaN)),
    priceIndex,
    realInvestment,
    stock,
    status,
    reason,
    initialStocks,
  };
}

/** g over periods base … base + k of real investment x. */
function averageGrowth(x: Float64Array, base: number, k: number, mean: GrowthMean): number {
  if (mean === "geometric") {
    const first = x[base]!;
    const last = x[base + k]!;
    return first > 0 && last > 0 ? Math.pow(last / first, 1 / k) - 1 : Number.NaN;
  }
  let sum = 0;
  for (let r = base + 1; r <= base + k; r++) {
    if (!(x[r - 1]! > 0)) return Number.NaN;
    sum += x[r]! / x[r - 1]! - 1;
  }
  return sum / k;
}

function givenStock(
  spec: number | string | Readonly<Record<string, number>>,
  column: NumberColumn | undefined,
  entity: string,
  base: number,
): number {
  if (typeof spec === "number") return spec;
  if (typeof spec === "string") return column!.missing[base] === 0 ? column!.values[base]! : Number.NaN;
  return Object.hasOwn(spec, entity) ? spec[entity]! : Number.NaN;
}

const REFERENCE =
  "Perpetual inventory K_t = I_t/P_t + (1 − δ)K_{t−1}; initial stock I/(g + δ): Harberger (1978), Hall & Jones (1999) QJE 114(1):83–116; δ = 9.6 % for Chinese provinces: 张军, 吴桂英, 张吉鹏 (2004) 经济研究 (10):35–44; methods.md §4.1";

/** The two tables of a perpetual-inventory result. */
export interface PerpetualInventoryTables {
  /** One row per entity-year: investment, price index, real investment, capital stock, status, reason. */
  readonly stocks: Table;
  /** One row per entity: base year, real investment, g, opening and base-year stock. */
  readonly initial: Table;
}

/**
 * Tables of a {@link perpetualInventory} result, with labels, units and notes stating δ, the initial-stock rule,
 * its timing and the price base.
 * Reference: as for perpetualInventory (Harberger 1978; Hall & Jones 1999; 张军 et al. 2004), in each table's meta.
 * @param result the output of perpetualInventory
 * @returns the stocks and initial tables
 * @example
 * perpetualInventoryTables(result).stocks.columns.map((c) => c.name)
 * // => [entity column, time column, "investment", "price_index", "real_investment", "capital_stock", "status", "reason"]
 */
export function perpetualInventoryTables(result: PerpetualInventoryResult): PerpetualInventoryTables {
  const prices =
    result.columns.deflator === undefined
      ? "investment taken as real (no deflator)"
      : result.deflatorKind === "level"
        ? result.deflatorBase !== undefined
          ? `constant prices of ${result.deflatorBase} (${result.columns.deflator} divided by its ${result.deflatorBase} value)`
          : `the prices where ${result.columns.deflator} = 1 (the index used as it is)`
        : result.deflatorBase !== undefined
          ? `constant prices of ${result.deflatorBase} (chain index ${result.columns.deflator}, previous year = 100)`
          : `constant prices of each entity's base year (chain index ${result.columns.deflator}, previous year = 100)`;
  const realUnit =
    result.investmentUnit !== undefined
      ? `${result.investmentUnit.replace(/,?\s*current prices?/i, "")}; ${prices}`
      : prices;
  const initialRule =
    result.initial === "given"
      ? "initial stock given for each entity's base year"
      : `initial stock from the steady state I/(g + δ), g = ${result.growthMean} mean growth of real investment over the first ${result.initialYears} years${
          result.timing === "opening"
            ? ", taken as the stock entering the base year: K_t0 = I_t0 + (1 − δ)·I_t0/(g + δ)"
            : ", taken as the base-year stock: K_t0 = I_t0/(g + δ)"
        }`;
  const parameters = {
    investment: result.columns.investment,
    ...(result.columns.deflator !== undefined
      ? { deflator: result.columns.deflator, deflatorKind: result.deflatorKind }
      : {}),
    ...(result.deflatorBase !== undefined ? { deflatorBase: result.deflatorBase } : {}),
    delta: result.delta,
    initial: result.initial,
    ...(result.initial === "g-delta"
      ? { initialYears: result.initialYears, growthMean: result.growthMean, timing: result.timing }
      : {}),
  };
  const meta = (name: string, title: string, notes: readonly string[]): TableMeta => ({
    name,
    title,
    method: "perpetual inventory (nqpf perpetualInventory)",
    parameters,
    reference: REFERENCE,
    notes: [
      `K_t = I_t/P_t + (1 − δ)·K_{t−1} with δ = ${result.delta}; stocks in ${prices}.`,
      `${initialRule[0]!.toUpperCase()}${initialRule.slice(1)}.`,
      ...notes,
    ],
  });
  const entityLabels = Array.from(result.entity, (e) => result.entities[e]!);
  const stocks = table(
    [
      stringColumn(result.entityColumn, entityLabels, { label: "entity" }),
      numberColumn(result.timeColumn, result.year, { label: "year" }),
      numberColumn("investment", result.investment, {
        label: `investment (${result.columns.investment})`,
        ...(result.investmentUnit !== undefined ? { unit: result.investmentUnit } : {}),
      }),
      ...(result.columns.deflator !== undefined
        ? [
            numberColumn("price_index", result.priceIndex, {
              label: "investment price index P_t as used",
              unit: prices,
            }),
          ]
        : []),
      numberColumn("real_investment", result.realInvestment, {
        label: "real investment I_t/P_t",
        unit: realUnit,
      }),
      numberColumn("capital_stock", result.stock, { label: "capital stock K_t", unit: realUnit }),
      stringColumn("status", result.status, { label: "ok, or before-base (no stock yet)" }),
      stringColumn("reason", result.reason, { label: "why the stock is missing" }),
    ],
    meta("capital_stock", "Capital stock by perpetual inventory", [
      "Rows before an entity's base year have no stock (status before-base, reason says why).",
      ...negativeInvestmentNote(result),
    ]),
  );
  const list = result.initialStocks;
  const initial = table(
    [
      stringColumn(
        result.entityColumn,
        list.map((s) => s.entity),
        { label: "entity" },
      ),
      numberColumn(
        "base_year",
        list.map((s) => s.baseYear),
        { label: "base year t0" },
      ),
      numberColumn(
        "real_investment",
        list.map((s) => s.realInvestment),
        { label: "real investment I_t0", unit: realUnit },
      ),
      ...(result.initial === "g-delta"
        ? [
            numberColumn(
              "growth_from",
              list.map((s) => s.growthFrom),
              { label: "first year of g" },
            ),
            numberColumn(
              "growth_to",
              list.map((s) => s.growthTo),
              { label: "last year of g" },
            ),
            numberColumn(
              "g",
              list.map((s) => s.growth),
              {
                label: `${result.growthMean} mean growth of real investment`,
                unit: "fraction per year",
              },
            ),
            ...(result.timing === "opening"
              ? [
                  numberColumn(
                    "opening_stock",
                    list.map((s) => s.openingStock),
                    {
                      label: "stock entering the base year I_t0/(g + δ)",
                      unit: realUnit,
                    },
                  ),
                ]
              : []),
          ]
        : []),
      numberColumn(
        "base_stock",
        list.map((s) => s.stock),
        { label: "capital stock in the base year K_t0", unit: realUnit },
      ),
    ],
    meta("initial_stock", "Initial capital stock by entity", []),
  );
  return { stocks, initial };
}

/** A note listing entity-years whose (accumulated) investment is negative, or nothing. */
function negativeInvestmentNote(result: PerpetualInventoryResult): string[] {
  const found: string[] = [];
  result.realInvestment.forEach((v, r) => {
    if (v < 0) found.push(`${result.entities[result.entity[r]!]!} ${result.year[r]!}`);
  });
  if (found.length === 0) return [];
  const shown = found.slice(0, 20).join(", ");
  return [
    `Negative investment enters the recursion as it is: ${shown}${found.length > 20 ? ` and ${found.length - 20} more` : ""}.`,
  ];
}
