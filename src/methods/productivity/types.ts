/**
 * Shared shape of every productivity index (Malmquist family, ML/GML, Luenberger): per adjacent period pair,
 * per unit observed in both periods, the index, its components, the distance values behind them and a status.
 */

import type { UnitStatus } from "../frontier/types.js";

/**
 * How an index reads: "multiplicative" indices are ratios where > 1 means growth (components multiply to the
 * index); "additive" indicators are differences where > 0 means growth (components add to the indicator).
 */
export type IndexConvention = "multiplicative" | "additive";

/** One adjacent period pair of an index. */
export interface IndexPair {
  /** Period values (not indices) of the pair. */
  readonly from: number;
  readonly to: number;
  /** Units compared (indices into `IndexResult.units`): those observed in both periods. */
  readonly unit: Int32Array;
  /**
   * Index and components, aligned with `unit`, keyed by name in reading order; the first key is the index
   * itself (e.g. "tfpch", then "effch", "techch", …). NaN only where `status` is not "optimal".
   */
  readonly components: Readonly<Record<string, Float64Array>>;
  /**
   * The distance-function values the components are built from, aligned with `unit`, keyed by a name such as
   * "D_t(t)", "D_t(t+1)", "D_t+1(t)", "D_t+1(t+1)", "D_G(t)". NaN where that LP failed.
   */
  readonly distances: Readonly<Record<string, Float64Array>>;
  /** "optimal" when every LP behind the unit's index solved; otherwise the first failing LP's status. */
  readonly status: readonly UnitStatus[];
  /** Which LP failed and why (e.g. "D_t+1(t): envelopment LP infeasible"), undefined when optimal. */
  readonly reason: readonly (string | undefined)[];
  /** Number of units observed only in `from` or only in `to` (not compared). */
  readonly onlyFrom: number;
  readonly onlyTo: number;
}

/** Result of a productivity index over a panel. */
export interface IndexResult {
  /** Short index name, e.g. "malmquist", "gml", "luenberger". */
  readonly index: string;
  readonly convention: IndexConvention;
  /** One line stating how to read the numbers (growth convention, orientation, technology, RTS, distance). */
  readonly note: string;
  readonly units: readonly string[];
  readonly periods: readonly number[];
  readonly pairs: readonly IndexPair[];
}
