/**
 * Ranks of composite scores (1 = best by default), within all rows or within each period, and
 * Spearman rank correlation for checking how stable a ranking is across weighting schemes.
 */

import { fsum } from "../../math/fsum.js";
import type { Matrix } from "../../math/matrix.js";

export interface RankScoresOptions {
  /** Period index of each row (≥ 0): rank within each period; default one group. */
  readonly groups?: Int32Array;
  /** Rank 1 = the largest score (default true); false: rank 1 = the smallest. */
  readonly descending?: boolean;
  /** "min" (default): competition ranking 1, 2, 2, 4; "average": tied rows share the mean position 1, 2.5, 2.5, 4. */
  readonly ties?: "average" | "min";
}

/**
 * Rank of each score within its group.
 *
 * rank_i = 1 + #{k in the group of i : s_k is better than s_i} ("min"), or that plus (#ties − 1)/2
 * ("average"), where better means larger when `descending`.
 *
 * Reference: Kendall & Gibbons (1990), Rank Correlation Methods, 5th ed., Arnold, ch. 3 (tied ranks).
 *
 * @param scores length n, finite
 * @param options groups, descending, ties
 * @returns ranks, length n (whole numbers for "min")
 * @throws RangeError naming `rankScores` for non-finite scores, bad groups or bad options
 * @example
 * rankScores(Float64Array.of(0.2, 0.9, 0.5, 0.9))
 * // => Float64Array [4, 1, 3, 1]
 */
export function rankScores(scores: Float64Array, options: RankScoresOptions = {}): Float64Array {
  const n = scores.length;
  const descending = options.descending ?? true;
  const ties = options.ties ?? "min";
  if (!["min", "average"].includes(ties))
    throw new RangeError(`rankScores: ties must be "min" or "average"; got ${ties}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i]!))
      throw new RangeError(`rankScores: scores must be finite; got ${scores[i]} at ${i}`);
  }
  const groups = options.groups;
  if (groups !== undefined) {
    if (groups.length !== n)
      throw new RangeError(`rankScores: groups must have length ${n}; got ${groups.length}`);
    for (const g of groups) if (!(g >= 0)) throw new RangeError(`rankScores: groups must be ≥ 0; got ${g}`);
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups?.[i] ?? 0;
    let list = members.get(g);
    if (list === undefined) members.set(g, (list = []));
    list.push(i);
  }
  const ranks = new Float64Array(n);
  for (const list of members.values()) {
    const sign = descending ? -1 : 1;
    list.sort((a, b) => sign * (scores[a]! - scores[b]!) || a - b);
    for (let start = 0; start < list.length;) {
      let end = start + 1;
      while (end < list.length && scores[list[end]!] === scores[list[start]!]) end++;
      const rank = ties === "min" ? start + 1 : (start + 1 + end) / 2;
      for (let k = start; k < end; k++) ranks[list[k]!] = rank;
      start = end;
    }
  }
  return ranks;
}

/**
 * Spearman's rank correlation ρ: the Pearson correlation of the average ranks (so ties are handled).
 *
 * ρ = Σ (R_i − R̄)(S_i − S̄) / √(Σ (R_i − R̄)² Σ (S_i − S̄)²), R, S the average ranks of a and b.
 *
 * Reference: Spearman (1904), American Journal of Psychology 15(1):72–101, doi:10.2307/1412159;
 * Kendall & Gibbons (1990), Rank Correlation Methods, ch. 3.
 *
 * @param a length n ≥ 2, finite, not constant
 * @param b length n, finite, not constant
 * @returns ρ ∈ [−1, 1]
 * @throws RangeError naming `spearman` for unequal lengths, n < 2, non-finite values or a constant series
 * @example
 * spearman([1, 2, 3, 4], [10, 20, 40, 30])
 * // => 0.8
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new RangeError(`spearman: a and b must have the same length; got ${a.length} and ${b.length}`);
  if (!(a.length >= 2)) throw new RangeError(`spearman: needs at least two pairs; got ${a.length}`);
  const rho = spearmanOrNaN(Float64Array.from(a), Float64Array.from(b), "spearman");
  if (Number.isNaN(rho)) throw new RangeError("spearman: a constant series has no rank correlation");
  return rho;
}

export interface RankStabilityOptions {
  /** Period index of each row: correlate within each period and average over periods; default pooled over all rows. */
  readonly groups?: Int32Array;
}

export interface RankStabilityResult {
  readonly names: readonly string[];
  /** k × k Spearman correlations (1 on the diagonal); NaN only where `used` is 0. */
  readonly correlation: Matrix;
  /** "pooled": one ρ over all rows; "mean-of-periods": the mean of the per-period ρ. */
  readonly scope: "pooled" | "mean-of-periods";
  /** k × k number of periods averaged (pooled: 1, or 0 when a series is constant); periods with fewer than two rows or a constant series in the pair are skipped. */
  readonly used: Matrix;
}

/**
 * Spearman correlations between the rankings produced by several score sets (e.g. weighting schemes).
 *
 * Pooled: ρ_ab = spearman(a, b) over all rows. With groups: ρ_ab = mean over periods t of spearman(a_t, b_t),
 * skipping periods where it is undefined (fewer than two rows, or a constant series).
 *
 * Reference: Spearman (1904), American Journal of Psychology 15(1):72–101, doi:10.2307/1412159.
 *
 * @param scoreSets k ≥ 1 named score vectors of equal length n, finite
 * @param options groups
 * @returns the k × k correlation matrix, the scope and the number of periods used per pair
 * @throws RangeError naming `rankStability` for no sets, unequal lengths, non-finite scores or bad groups
 * @example
 * rankStability([{ name: "a", scores: Float64Array.of(1, 2, 3) }, { name: "b", scores: Float64Array.of(3, 2, 1) }]).correlation.data
 * // => Float64Array [1, -1, -1, 1]
 */
export function rankStability(
  scoreSets: readonly { readonly name: string; readonly scores: Float64Array }[],
  options: RankStabilityOptions = {},
): RankStabilityResult {
  const k = scoreSets.length;
  if (k < 1) throw new RangeError("rankStability: needs at least one score set; got 0");
  const n = scoreSets[0]!.scores.length;
  for (const set of scoreSets) {
    if (set.scores.length !== n) {
      throw new RangeError(
        `rankStability: every score set must have length ${n}; "${set.name}" has ${set.scores.length}`,
      );
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(set.scores[i]!))
        throw new RangeError(
          `rankStability: scores of "${set.name}" must be finite; got ${set.scores[i]} at ${i}`,
        );
    }
  }
  const groups = options.groups;
  const periods: number[][] = [];
  if (groups === undefined) {
    periods.push(Array.from({ length: n }, (_, i) => i));
  } else {
    if (groups.length !== n)
      throw new RangeError(`rankStability: groups must have length ${n}; got ${groups.length}`);
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (!(g >= 0)) throw new RangeError(`rankStability: groups must be ≥ 0; got ${g}`);
      let list = members.get(g);
      if (list === undefined) members.set(g, (list = []));
      list.push(i);
    }
    for (const g of [...members.keys()].sort((x, y) => x - y)) periods.push(members.get(g)!);
  }

  const correlation = new Float64Array(k * k);
  const used = new Float64Array(k * k);
  for (let p = 0; p < k; p++) {
    for (let q = p; q < k; q++) {
      let total = 0;
      let count = 0;
      for (const rows of periods) {
        if (rows.length < 2) continue;
        const a = Float64Array.from(rows, (i) => scoreSets[p]!.scores[i]!);
        const b = Float64Array.from(rows, (i) => scoreSets[q]!.scores[i]!);
        const rho = spearmanOrNaN(a, b, "rankStability");
        if (Number.isNaN(rho)) continue;
        total += rho;
        count++;
      }
      const value = count > 0 ? (p === q ? 1 : total / count) : Number.NaN;
      correlation[p * k + q] = value;
      correlation[q * k + p] = value;
      used[p * k + q] = count;
      used[q * k + p] = count;
    }
  }
  return {
    names: scoreSets.map((set) => set.name),
    correlation: { data: correlation, rows: k, cols: k },
    scope: groups === undefined ? "pooled" : "mean-of-periods",
    used: { data: used, rows: k, cols: k },
  };
}

/** Spearman's ρ, or NaN when a series is constant. */
function spearmanOrNaN(a: Float64Array, b: Float64Array, fn: string): number {
  for (let i = 0; i < a.length; i++) {
    if (!(Number.isFinite(a[i]!) && Number.isFinite(b[i]!)))
      throw new RangeError(`${fn}: values must be finite; got ${a[i]}, ${b[i]} at ${i}`);
  }
  const ra = rankScores(a, { descending: false, ties: "average" });
  const rb = rankScores(b, { descending: false, ties: "average" });
  const n = a.length;
  const mean = (n + 1) / 2; // the mean of average ranks is always (n + 1)/2
  const cross = new Float64Array(n);
  const sa = new Float64Array(n);
  const sb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const da = ra[i]! - mean;
    const db = rb[i]! - mean;
    cross[i] = da * db;
    sa[i] = da * da;
    sb[i] = db * db;
  }
  const denominator = Math.sqrt(fsum(sa) * fsum(sb));
  if (!(denominator > 0)) return Number.NaN;
  return Math.max(-1, Math.min(1, fsum(cross) / denominator));
}
