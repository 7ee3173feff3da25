/**
 * Cumulative (chained) productivity levels from an adjacent-period index: per unit, and per group as the chain
 * of the group's per-pair means. Multiplicative indices chain by products from a base of 1, additive indicators
 * by sums from a base of 0.
 */

import type { IndexConvention, IndexResult } from "./types.js";

/** Options of {@link cumulativeIndex}. */
export interface CumulativeIndexOptions {
  /** Group label per unit (aligned with `result.units`); null or undefined = no group (the unit counts in "all" only). */
  readonly group?: readonly (string | null | undefined)[];
}

/** Result of {@link cumulativeIndex}. */
export interface CumulativeIndexResult {
  readonly index: string;
  /** The component chained (e.g. "tfpch", "effch"). */
  readonly component: string;
  readonly convention: IndexConvention;
  /** How to read the levels, with the gap rule. */
  readonly note: string;
  readonly units: readonly string[];
  readonly periods: readonly number[];
  /** Per unit, per period: the chained level; NaN before the chain starts or after it stops. */
  readonly level: readonly Float64Array[];
  /** Group label per unit (null: none). */
  readonly unitGroup: readonly (string | null)[];
  /** "all", then the distinct group labels in order of first appearance. */
  readonly groups: readonly string[];
  /** Per group, per period: the chain of the group's per-pair means; NaN after a pair with no usable unit. */
  readonly groupLevel: readonly Float64Array[];
  /** Per group, per period t ≥ 1: units in the mean of the pair ending at t (at t = 0: units compared in the first pair). */
  readonly groupCount: readonly Int32Array[];
}

/**
 * Chains one component of an adjacent-period index into levels over the periods.
 *
 * Unit levels: L_u(first period) = 1 (multiplicative) or 0 (additive) for every unit compared in the first
 * pair; L_u(t + 1) = L_u(t) × c_u(t, t + 1) (or + c). Gap rule: a unit's chain stops at the first pair in
 * which it is not compared (not observed in both periods) or its status is not "optimal"; its level is NaN from
 * that period on, and a unit not compared in the first pair has no level at all (levels share one base period).
 *
 * Group levels: G(first period) = base; G(t + 1) = G(t) × (geometric mean of c over the group's units compared
 * with status "optimal" in that pair) for multiplicative indices, or G(t) + arithmetic mean for additive ones —
 * the chain of DEAP-style annual means. A unit missing from one pair still counts in the others; with a balanced
 * panel and no failures G equals the geometric (arithmetic) mean of the unit levels. A group's chain stops at a
 * pair with no usable unit.
 *
 * Reference: cumulative Malmquist TFP as in Färe, Grosskopf, Norris & Zhang (1994) AER 84(1):66–83 (Table 3 cumulates the geometric-mean index); DEAP 2.1 annual means (Coelli 1996).
 *
 * @param result an index over adjacent periods (malmquist, malmquistLuenberger, luenberger, …)
 * @param component the component to chain; default the index itself (the first component; `result.index` when there are no pairs)
 * @param options group per unit
 * @returns unit and group levels per period
 * @throws RangeError naming `cumulativeIndex` for an unknown component, a group list of the wrong length, or a pair whose periods are not adjacent periods of the result
 * @example
 * cumulativeIndex(malmquist(periodPanel({ unit: ["a", "a", "a"], period: [1, 2, 3], X: fromRows([[4], [2], [1]]), Y: fromRows([[1], [1], [1]]) }))).level[0]
 * // => Float64Array [1, 2, 4]
 */
export function cumulativeIndex(
  result: IndexResult,
  component?: string,
  options: CumulativeIndexOptions = {},
): CumulativeIndexResult {
  const T = result.periods.length;
  const n = result.units.length;
  const name = component ?? firstComponent(result);
  for (const pair of result.pairs)
    if (pair.components[name] === undefined)
      throw new RangeError(
        `cumulativeIndex: no component "${name}" in the pair ${pair.from}–${pair.to}; components are ${Object.keys(pair.components).join(", ")}`,
      );
  const group = options.group;
  if (group !== undefined && group.length !== n)
    throw new RangeError(`cumulativeIndex: group must have one entry per unit (${n}); got ${group.length}`);

  const multiplicative = result.convention === "multiplicative";
  const base = multiplicative ? 1 : 0;
  const periodIndex = new Map(result.periods.map((p, t) => [p, t]));
  const pairAt = new Array<(typeof result.pairs)[number] | undefined>(Math.max(T - 1, 0)).fill(undefined);
  for (const pair of result.pairs) {
    const t = periodIndex.get(pair.from);
    if (t === undefined || periodIndex.get(pair.to) !== t + 1)
      throw new RangeError(
        `cumulativeIndex: pair ${pair.from}–${pair.to} does not join adjacent periods of ${result.periods.join(", ")}`,
      );
    pairAt[t] = pair;
  }

  // Groups: "all" (index 0), then labels in order of first appearance.
  const groups = ["all"];
  const groupOf = new Int32Array(n).fill(-1);
  const seen = new Map<string, number>();
  for (let u = 0; u < n; u++) {
    const label = group?.[u];
    if (label === null || label === undefined) continue;
    let g = seen.get(label);
    if (g === undefined) {
      g = groups.length;
      seen.set(label, g);
      groups.push(label);
    }
    groupOf[u] = g;
  }

  const level = Array.from({ length: n }, () => new Float64Array(T).fill(NaN));
  const groupLevel = groups.map(() => new Float64Array(T).fill(NaN));
  const groupCount = groups.map(() => new Int32Array(T));
  if (T > 0) {
    const first = pairAt[0];
    if (first === undefined) {
      if (T === 1) for (const l of level) l[0] = base;
    } else for (const u of first.unit) level[u]![0] = base;
    for (let g = 0; g < groups.length; g++) groupLevel[g]![0] = base;
    if (first !== undefined)
      for (const u of first.unit) {
        groupCount[0]![0]!++;
        if (groupOf[u]! > 0) groupCount[groupOf[u]!]![0]!++;
      }
  }

  const sum = new Float64Array(groups.length);
  for (let t = 0; t + 1 < T; t++) {
    const pair = pairAt[t];
    sum.fill(0);
    const count = new Int32Array(groups.length);
    if (pair !== undefined) {
      const values = pair.components[name]!;
      pair.unit.forEach((u, k) => {
        const v = values[k]!;
        const usable = pair.status[k] === "optimal" && Number.isFinite(v) && (!multiplicative || v > 0);
        if (!usable) return;
        const previous = level[u]![t]!;
        if (!Number.isNaN(previous)) level[u]![t + 1] = multiplicative ? previous * v : previous + v;
        const term = multiplicative ? Math.log(v) : v;
        for (const g of [0, groupOf[u]!]) {
          if (g < 0) continue;
          sum[g] = sum[g]! + term;
          count[g]!++;
        }
      });
    }
    for (let g = 0; g < groups.length; g++) {
      groupCount[g]![t + 1] = count[g]!;
      const previous = groupLevel[g]![t]!;
      if (count[g] === 0 || Number.isNaN(previous)) continue;
      const mean = sum[g]! / count[g]!;
      groupLevel[g]![t + 1] = multiplicative ? previous * Math.exp(mean) : previous + mean;
    }
  }

  const chain = multiplicative ? `product from ${base}` : `sum from ${base}`;
  const groupRule = multiplicative
    ? "group level = chain of the geometric mean over the group's optimal units in each pair"
    : "group level = chain of the arithmetic mean over the group's optimal units in each pair";
  return {
    index: result.index,
    component: name,
    convention: result.convention,
    note: `cumulative ${name} (${chain} at ${String(result.periods[0] ?? "the first period")}); a unit's chain stops at the first pair where it is not compared or not optimal, and units not compared in the first pair have no level; ${groupRule}`,
    units: result.units,
    periods: result.periods,
    level,
    unitGroup: Array.from({ length: n }, (_, u) => group?.[u] ?? null),
    groups,
    groupLevel,
    groupCount,
  };
}

function firstComponent(result: IndexResult): string {
  for (const pair of result.pairs) {
    const first = Object.keys(pair.components)[0];
    if (first !== undefined) return first;
  }
  return result.index;
}
