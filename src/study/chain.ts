/**
 * Values in constant prices of a base year, chained with a volume index whose previous period = 100 (NBS
 * "上年=100" indices): X_base = V_base and, per entity along consecutive periods,
 *   X_t = X_{t−1} · I_t / s   (t after the base),   X_{t−1} = X_t · s / I_t   (t − 1 before the base),
 * with V the nominal level, I the index and s its "no change" value (100). This is how real GDP at base-year prices
 * is built from nominal GDP and the GDP index, which the expression language (cell by cell) cannot chain.
 */
import { MISSING, findColumn, numberColumn, type NumberColumn } from "../table/table.js";
import { shiftedRows, panelDelta } from "../panel/lag.js";
import { panelRow, type Panel } from "../panel/panel.js";

/** Options of {@link chainedValues}. */
export interface ChainedValuesOptions {
  /** Nominal level column (taken in the base period only). */
  readonly value: string;
  /** Volume index column, previous period = `scale`. */
  readonly index: string;
  /** Base period. */
  readonly base: number;
  /** The index value meaning "no change"; default 100. */
  readonly scale?: number;
  /** Name of the result column; default "chained". */
  readonly name?: string;
}

/** The chained column and the entities it could not be computed for. */
export interface ChainedValuesResult {
  readonly column: NumberColumn;
  /** Entities without a usable value in the base period (their column is missing throughout). */
  readonly noBase: readonly string[];
}

/**
 * Chains a base-period level with a previous-period = 100 volume index, forwards and backwards from the base, per
 * entity. A missing or non-positive index, or a period the entity lacks, stops the chain on that side (missing from
 * there on: a gap is never bridged).
 * Reference: chain-linking of volume indices, SNA 2008 §15.44–15.52; NBS GDP indices "上年=100" (the previous year = 100).
 * @param p panel
 * @param options value and index columns, base period, scale, result name
 * @returns the column (panel row order) and the entities without a base value
 * @throws RangeError naming `chainedValues` for a column that is absent or text, or a scale that is not > 0
 * @example
 * // gdp 100 in 2012, index 110 in 2013 → 110 in 2013; index 105 in 2012 → 100/1.05 in 2011
 * chainedValues(p, { value: "gdp", index: "gdp_index_prev", base: 2012 }).column.values
 */
export function chainedValues(p: Panel, options: ChainedValuesOptions): ChainedValuesResult {
  const scale = options.scale ?? 100;
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new RangeError(`chainedValues: scale must be a finite number > 0; got ${scale}`);
  const value = numeric(p, options.value);
  const index = numeric(p, options.index);
  const n = p.table.rowCount;
  const out = new Float64Array(n).fill(Number.NaN);
  const missing = new Uint8Array(n).fill(MISSING);
  const delta = panelDelta(p);
  const previous = shiftedRows(p, 1, delta);
  const next = shiftedRows(p, -1, delta);
  const baseTime = p.times.indexOf(options.base);
  const present = (c: NumberColumn, r: number): boolean =>
    c.missing[r] === 0 && Number.isFinite(c.values[r]!);
  const noBase: string[] = [];
  p.entities.forEach((entity, e) => {
    const r0 = baseTime >= 0 ? panelRow(p, e, baseTime) : -1;
    if (r0 < 0 || !present(value, r0)) {
      noBase.push(entity);
      return;
    }
    out[r0] = value.values[r0]!;
    missing[r0] = 0;
    // Forwards: X_t = X_{t−1} · I_t / s.
    for (let r = r0, s = next[r0]!; s >= 0; r = s, s = next[s]!) {
      if (!present(index, s) || !(index.values[s]! > 0)) break;
      out[s] = (out[r]! * index.values[s]!) / scale;
      missing[s] = 0;
    }
    // Backwards: X_{t−1} = X_t · s / I_t.
    for (let r = r0, s = previous[r0]!; s >= 0; r = s, s = previous[s]!) {
      if (!present(index, r) || !(index.values[r]! > 0)) break;
      out[s] = (out[r]! * scale) / index.values[r]!;
      missing[s] = 0;
    }
  });
  const meta = {
    label: `${options.value} in constant ${options.base} prices, chained with ${options.index} (previous period = ${scale})`,
    ...(value.meta.unit !== undefined
      ? { unit: `${value.meta.unit.replace(/,?\s*current prices?/i, "")}, constant ${options.base} prices` }
      : {}),
  };
  return { column: numberColumn(options.name ?? "chained", out, meta, missing), noBase };
}

function numeric(p: Panel, name: string): NumberColumn {
  const column = findColumn(p.table, name);
  if (column === undefined) throw new RangeError(`chainedValues: no column "${name}"`);
  if (column.type !== "number") throw new RangeError(`chainedValues: column "${name}" is text`);
  return column;
}
