/**
 * Moran's I: global spatial autocorrelation with inference under normality, randomisation and (seeded) random
 * permutation, local Moran I_i (LISA) with HH/LH/LL/HL quadrants and conditional-permutation pseudo p-values, and
 * the Moran scatter data. Notation: n units, y the variable, z = y − ȳ, W the weights (w_ii = 0), S0 = Σ_ij w_ij,
 * m2 = Σ z² / n.
 */
import { IssueCollector, NqpfInputError, type InputIssue } from "../../errors.js";
import { regularizedGammaQ } from "../../math/gamma.js";
import { deriveSeed, seededRandom, shuffleInPlace } from "../../math/random.js";
import type { Panel } from "../../panel/panel.js";
import { numberColumn, stringColumn, table, type Column, type Table } from "../../table/table.js";
import {
  alignWeights,
  panelNumberColumn,
  spatialLag,
  weightsIslands,
  type SpatialWeights,
} from "./weights.js";

/** Where the values come from, for issue locations. */
export interface MoranLocation {
  readonly file?: string;
  readonly column?: string;
  readonly time?: number | string;
  /** 1-based file row of each unit's value (same order as the weights' ids). */
  readonly rows?: ArrayLike<number>;
}

export interface MoranOptions extends MoranLocation {
  /** Random permutations for the pseudo p-value; 0 for none. Default 999. */
  readonly permutations?: number;
  /** Seed of the permutations (MT19937, numpy-compatible); default 1. */
  readonly seed?: number;
}

/** One analytic test of I: its variance, z = (I − E[I]) / √Var and two-tailed p. */
export interface MoranMoments {
  readonly variance: number;
  readonly z: number;
  readonly p: number;
}

/** The permutation test of I (esda's conventions). */
export interface MoranPermutationTest {
  readonly permutations: number;
  readonly seed: number;
  /** Number of permuted I ≥ the observed I, folded to the smaller tail: min(larger, permutations − larger). */
  readonly larger: number;
  /** Pseudo p = (larger + 1) / (permutations + 1): one-sided in the direction of the observed I. */
  readonly p: number;
  /** Mean and standard deviation (population, ddof 0) of the permuted I. */
  readonly mean: number;
  readonly sd: number;
  /** (I − mean) / sd, and its one-tailed normal p (esda `z_sim`, `p_z_sim`); NaN with a warning when sd = 0. */
  readonly z: number;
  readonly pZ: number;
}

export interface MoranResult {
  readonly n: number;
  readonly I: number;
  /** E[I] = −1/(n − 1). */
  readonly expected: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  /** Sample kurtosis k = n Σz⁴ / (Σz²)². */
  readonly kurtosis: number;
  readonly normal: MoranMoments;
  readonly randomisation: MoranMoments;
  readonly permutation: MoranPermutationTest | undefined;
  /** Ids of units without neighbours (they count in n; their lag is 0). */
  readonly islands: readonly string[];
  readonly rowStandardised: boolean;
  /** Why a statistic is missing (e.g. a negative randomisation variance); empty when all are defined. */
  readonly warnings: readonly string[];
}

const REFERENCE =
  "Moran (1950) Biometrika 37:17–23; Cliff & Ord (1981) Spatial Processes, §1.5 (moments under normality and randomisation); Anselin (1995) Geographical Analysis 27(2):93–115 (LISA); esda moran.py (permutation pseudo p with folding) and spdep moran.test/localmoran";

function twoTailed(z: number): number {
  return regularizedGammaQ(0.5, (z * z) / 2);
}

/**
 * The weights constants of Moran's moments: S0 = Σ_ij w_ij, S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i· + w_·i)².
 * Reference: Cliff & Ord (1981), Spatial Processes, §1.5; methods.md §3.6.
 * @param w the weights (asymmetric allowed)
 * @returns s0, s1, s2
 * @example
 * weightsConstants(spatialWeights(["1", "2", "3", "4", "5"], [[1], [0, 2], [1, 3], [2, 4], [3]]))
 * // => { s0: 8, s1: 16, s2: 56 }
 */
export function weightsConstants(w: SpatialWeights): { s0: number; s1: number; s2: number } {
  const n = w.ids.length;
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < n; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    for (let q = 0; q < nb.length; q++) {
      const j = nb[q]!;
      const wij = wt[q]!;
      s0 += wij;
      rowSum[i]! += wij;
      colSum[j]! += wij;
      const back = position(w.neighbours[j]!, i);
      const wji = back >= 0 ? w.weights[j]![back]! : 0;
      // Pairs stored both ways are visited twice; a one-way pair once, so it counts double.
      s1 += (back >= 0 ? 1 : 2) * (wij + wji) ** 2;
    }
  }
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (rowSum[i]! + colSum[i]!) ** 2;
  return { s0, s1: s1 / 2, s2 };
}

function position(sorted: Int32Array, j: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === j) return mid;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Checks y against the weights; data problems are NqpfInputErrors with the units named. Returns z = y − ȳ. */
function deviations(
  caller: string,
  y: ArrayLike<number>,
  w: SpatialWeights,
  where: MoranLocation,
): Float64Array {
  const n = w.ids.length;
  if (y.length !== n)
    throw new RangeError(`${caller}: y needs ${n} values (one per weights unit); got ${y.length}`);
  const issues = new IssueCollector();
  const at = (i?: number): Partial<InputIssue> => ({
    ...(where.file !== undefined ? { file: where.file } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
    ...(where.time !== undefined ? { time: where.time } : {}),
    ...(i !== undefined ? { entity: w.ids[i]! } : {}),
    ...(i !== undefined && where.rows !== undefined ? { row: where.rows[i]! } : {}),
  });
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(y[i]!))
      issues.add({
        code: "bad_value",
        ...at(i),
        message: "the value is missing",
        hint: "Moran's I needs a value for every unit of the weights; fill it in, or choose periods where all units have one",
      });
  issues.throwIfAny();
  if (n < 4)
    throw new NqpfInputError([
      {
        code: "bad_value",
        ...at(),
        message: `Moran's I needs at least 4 units; got ${n}`,
        hint: "use more units",
      },
    ]);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = y[i]! - mean;
    ss += z[i]! * z[i]!;
  }
  if (!(ss > 0))
    throw new NqpfInputError([
      {
        code: "bad_value",
        ...at(),
        message: "every unit has the same value, so Moran's I is not defined",
        hint: "choose a variable (or period) that varies across units",
      },
    ]);
  return z;
}

function crossProduct(w: SpatialWeights, z: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const nb = w.neighbours[i]!;
    const wt = w.weights[i]!;
    let lag = 0;
    for (let q = 0; q < nb.length; q++) lag += wt[q]! * z[nb[q]!]!;
    sum += z[i]! * lag;
  }
  return sum;
}

/**
 * Global Moran's I = (n / S0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², with E[I] = −1/(n − 1),
 * Var_N = (n² S1 − n S2 + 3 S0²) / ((n − 1)(n + 1) S0²) − E[I]²,
 * Var_R = [n((n² − 3n + 3)S1 − n S2 + 3S0²) − k((n² − n)S1 − 2n S2 + 6S0²)] / ((n − 1)(n − 2)(n − 3) S0²) − E[I]²,
 * S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i· + w_·i)², k = n Σz⁴/(Σz²)²; two-tailed normal p-values.
 * Permutation test as esda: each permutation reorders z (numpy's legacy shuffle on a MT19937 stream seeded with
 * `seed`, so numpy with `np.random.seed(seed)` draws the same permutations); larger = #{I_perm ≥ I}, folded to
 * permutations − larger when that is smaller; pseudo p = (larger + 1)/(permutations + 1). The weights are used as
 * given (row-standardise them first for the usual analysis); islands count in n (esda; spdep's adjust.n = FALSE).
 *
 * Reference: Moran (1950) Biometrika 37:17–23; Cliff & Ord (1981), Spatial Processes, §1.5; methods.md §3.6;
 * esda `Moran` (pysal); spdep `moran.test`.
 *
 * @param y one value per weights unit, in the order of `w.ids`
 * @param w the weights
 * @param options permutations (default 999), seed (default 1), issue locations
 * @returns I, its moments and tests
 * @throws RangeError naming `moranI` on a length mismatch or bad option; NqpfInputError for a missing value, fewer than 4 units, a constant variable or weights without links
 * @example
 * // y on a path graph 1–2–3–4–5 with binary weights (methods.md §3.6)
 * moranI(Float64Array.of(1, 2, 3, 5, 4), spatialWeights(["1", "2", "3", "4", "5"], [[1], [0, 2], [1, 3], [2, 4], [3]]), { permutations: 0 }).I
 * // => 0.5
 */
export function moranI(y: ArrayLike<number>, w: SpatialWeights, options: MoranOptions = {}): MoranResult {
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(permutations) && permutations >= 0))
    throw new RangeError(`moranI: permutations must be an integer ≥ 0; got ${permutations}`);
  seededRandom(seed); // validates the seed before any work
  const z = deviations("moranI", y, w, options);
  const n = z.length;
  const { s0, s1, s2 } = weightsConstants(w);
  if (!(s0 > 0))
    throw new NqpfInputError([
      {
        code: "bad_value",
        ...(options.file !== undefined ? { file: options.file } : {}),
        message: "the weights have no links (every unit is an island), so Moran's I is not defined",
        hint: "use contiguity with islands linked to their nearest unit, distance or k-nearest-neighbour weights",
      },
    ]);
  let m2sum = 0;
  let m4sum = 0;
  for (const v of z) {
    m2sum += v * v;
    m4sum += v ** 4;
  }
  const I = (n / s0) * (crossProduct(w, z) / m2sum);
  const expected = -1 / (n - 1);
  const kurtosis = (n * m4sum) / (m2sum * m2sum);
  const s02 = s0 * s0;
  const varianceNormal = (n * n * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - expected * expected;
  const varianceRandom =
    (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02) -
      kurtosis * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02)) /
      ((n - 1) * (n - 2) * (n - 3) * s02) -
    expected * expected;
  const warnings: string[] = [];
  const moments = (variance: number, label: string): MoranMoments => {
    if (!(variance > 0)) {
      warnings.push(
        `the variance of I under ${label} is ${variance} (not positive; the distribution of y does not meet the test's assumptions), so its z and p are not defined`,
      );
      return { variance, z: Number.NaN, p: Number.NaN };
    }
    const zScore = (I - expected) / Math.sqrt(variance);
    return { variance, z: zScore, p: twoTailed(zScore) };
  };
  const normal = moments(varianceNormal, "normality");
  const randomisation = moments(varianceRandom, "randomisation");

  let permutation: MoranPermutationTest | undefined;
  if (permutations > 0) {
    const random = seededRandom(seed);
    const buffer = new Float64Array(n);
    const sims = new Float64Array(permutations);
    let larger = 0;
    for (let p = 0; p < permutations; p++) {
      buffer.set(z);
      shuffleInPlace(random, buffer);
      const simulated = (n / s0) * (crossProduct(w, buffer) / m2sum);
      sims[p] = simulated;
      if (simulated >= I) larger++;
    }
    if (permutations - larger < larger) larger = permutations - larger;
    let mean = 0;
    for (const v of sims) mean += v;
    mean /= permutations;
    let ss = 0;
    for (const v of sims) ss += (v - mean) ** 2;
    const sd = Math.sqrt(ss / permutations);
    let zSim = Number.NaN;
    let pZ = Number.NaN;
    if (sd > 0) {
      zSim = (I - mean) / sd;
      pZ = twoTailed(zSim) / 2;
    } else warnings.push("every permuted I is the same, so the permutation z is not defined");
    permutation = { permutations, seed, larger, p: (larger + 1) / (permutations + 1), mean, sd, z: zSim, pZ };
  }
  return {
    n,
    I,
    expected,
    s0,
    s1,
    s2,
    kurtosis,
    normal,
    randomisation,
    permutation,
    islands: weightsIslands(w),
    rowStandardised: w.rowStandardised,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Local Moran

/** Moran scatter quadrant of a unit: its value (H/L against the mean) and its spatial lag (H/L against 0). */
export type MoranQuadrant = "HH" | "LH" | "LL" | "HL";

/** Per unit: "ok"; "island" (no neighbours: I_i = 0 and no test); "no-variance" (z_i = 0: I_i = 0 whatever the neighbours, no test). */
export type LocalMoranStatus = "ok" | "island" | "no-variance";

export interface LocalMoranOptions extends MoranLocation {
  /** Conditional permutations per unit for the pseudo p-values; 0 for none. Default 999. */
  readonly permutations?: number;
  /** Seed (MT19937); unit i draws from the sub-stream deriveSeed(seed, i). Default 1. */
  readonly seed?: number;
  /** Significance level of the cluster labels; default 0.05. */
  readonly alpha?: number;
  /** Analytic moments of I_i: "conditional" (Sokal, Oden & Thomson 1998; spdep's default) or "total" (Anselin 1995). */
  readonly moments?: "conditional" | "total";
}

export interface LocalMoranResult {
  readonly ids: readonly string[];
  readonly n: number;
  readonly y: Float64Array;
  /** z = y − ȳ. */
  readonly z: Float64Array;
  /** Spatial lag Σ_j w_ij z_j. */
  readonly lag: Float64Array;
  /** m2 = Σ z² / n. */
  readonly m2: number;
  /** I_i = (z_i / m2) Σ_j w_ij z_j; Σ_i I_i = S0·I (n·I for row-standardised weights without islands). */
  readonly Ii: Float64Array;
  /** Analytic E[I_i], Var[I_i], z and two-tailed p (NaN where `status` is not "ok"). */
  readonly expected: Float64Array;
  readonly variance: Float64Array;
  readonly zScore: Float64Array;
  readonly pNormal: Float64Array;
  readonly moments: "conditional" | "total";
  readonly quadrant: readonly MoranQuadrant[];
  readonly status: readonly LocalMoranStatus[];
  /** Conditional-permutation test (undefined when permutations = 0): folded counts and pseudo p per unit (NaN where status is not "ok"). */
  readonly permutation:
    | {
        readonly permutations: number;
        readonly seed: number;
        readonly larger: Int32Array;
        readonly p: Float64Array;
      }
    | undefined;
  /** The quadrant where the unit's p (permutation p if computed, else the analytic p) ≤ alpha; "ns" otherwise; "island" for islands. */
  readonly cluster: readonly (MoranQuadrant | "ns" | "island")[];
  readonly alpha: number;
}

/**
 * Local Moran I_i = (z_i / m2) Σ_j w_ij z_j with m2 = Σ z²/n (Anselin 1995; esda and spdep with mlvar), quadrants
 * HH/LH/LL/HL (H: z_i > 0, resp. lag > 0; a value at the mean counts as L, as in esda and spdep's "pysal"
 * quadrants), analytic moments under conditional (spdep default) or total randomisation, and conditional
 * permutation pseudo p-values: z_i is held fixed and its |N_i| neighbour values are drawn without replacement from
 * the other n − 1 units; larger_i = #{I_i,perm ≥ I_i}, folded to the smaller tail; p_i = (larger_i + 1)/(P + 1).
 * Unit i draws from its own seeded stream, so its p does not depend on the other units or any worker count.
 *
 * Reference: Anselin (1995), Geographical Analysis 27(2):93–115, doi:10.1111/j.1538-4632.1995.tb00338.x;
 * Sokal, Oden & Thomson (1998), Geographical Analysis 30(4):331–354 (conditional moments); esda `Moran_Local`;
 * spdep `localmoran`; methods.md §3.6.
 *
 * @param y one value per weights unit
 * @param w the weights
 * @param options permutations (999), seed (1), alpha (0.05), moments ("conditional"), issue locations
 * @returns per-unit statistics
 * @throws RangeError naming `localMoran` on a length mismatch or a bad option; NqpfInputError for a missing value, fewer than 4 units or a constant variable
 * @example
 * localMoran(Float64Array.of(1, 2, 3, 5, 4), spatialWeights(["1", "2", "3", "4", "5"], [[1], [0, 2], [1, 3], [2, 4], [3]]), { permutations: 0 }).Ii
 * // => Float64Array [1, 1, 0, 1, 1]
 */
export function localMoran(
  y: ArrayLike<number>,
  w: SpatialWeights,
  options: LocalMoranOptions = {},
): LocalMoranResult {
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? 1;
  const alpha = options.alpha ?? 0.05;
  const momentsKind = options.moments ?? "conditional";
  if (!(Number.isInteger(permutations) && permutations >= 0))
    throw new RangeError(`localMoran: permutations must be an integer ≥ 0; got ${permutations}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`localMoran: alpha must be in (0, 1); got ${alpha}`);
  if (!(["conditional", "total"] as readonly string[]).includes(momentsKind))
    throw new RangeError(`localMoran: moments must be "conditional" or "total"; got ${momentsKind}`);
  seededRandom(seed);
  const z = deviations("localMoran", y, w, options);
  const n = z.length;
  let m2 = 0;
  let m4 = 0;
  for (const v of z) {
    m2 += v * v;
    m4 += v ** 4;
  }
  m2 /= n;
  m4 /= n;
  const b2 = m4 / (m2 * m2);
  const lag = spatialLag(w, z);
  const Ii = new Float64Array(n);
  const expected = new Float64Array(n);
  const variance = new Float64Array(n);
  const zScore = new Float64Array(n);
  const pNormal = new Float64Array(n);
  const quadrant: MoranQuadrant[] = [];
  const status: LocalMoranStatus[] = [];
  for (let i = 0; i < n; i++) {
    const zi = z[i]!;
    Ii[i] = (zi / m2) * lag[i]! + 0; // + 0 turns −0 (an island with z_i < 0) into 0
    quadrant.push(`${zi > 0 ? "H" : "L"}${lag[i]! > 0 ? "H" : "L"}` as MoranQuadrant);
    let wi = 0;
    let wi2 = 0;
    for (const v of w.weights[i]!) {
      wi += v;
      wi2 += v * v;
    }
    if (w.neighbours[i]!.length === 0) status.push("island");
    else if (zi === 0) status.push("no-variance");
    else status.push("ok");
    if (momentsKind === "conditional") {
      expected[i] = -(zi * zi * wi) / ((n - 1) * m2);
      variance[i] = (zi / m2) ** 2 * (n / (n - 2)) * (wi2 - (wi * wi) / (n - 1)) * (m2 - (zi * zi) / (n - 1));
    } else {
      expected[i] = -wi / (n - 1);
      const A = (n - b2) / (n - 1);
      const B = (2 * b2 - n) / ((n - 1) * (n - 2));
      variance[i] = A * wi2 + B * (wi * wi - wi2) - expected[i]! ** 2;
    }
    if (status[i] === "ok" && variance[i]! > 0) {
      zScore[i] = (Ii[i]! - expected[i]!) / Math.sqrt(variance[i]!);
      pNormal[i] = twoTailed(zScore[i]!);
    } else {
      if (status[i] === "ok") status[i] = "no-variance";
      expected[i] = status[i] === "island" ? Number.NaN : expected[i]!;
      variance[i] = status[i] === "island" ? Number.NaN : variance[i]!;
      zScore[i] = Number.NaN;
      pNormal[i] = Number.NaN;
    }
  }

  let permutation: LocalMoranResult["permutation"];
  if (permutations > 0) {
    const larger = new Int32Array(n);
    const p = new Float64Array(n);
    const others = new Int32Array(n - 1);
    for (let i = 0; i < n; i++) {
      const k = w.neighbours[i]!.length;
      if (status[i] !== "ok" || k === 0) {
        p[i] = Number.NaN;
        larger[i] = -1;
        continue;
      }
      const random = seededRandom(deriveSeed(seed, i));
      for (let j = 0, q = 0; j < n; j++) if (j !== i) others[q++] = j;
      const wt = w.weights[i]!;
      const scale = z[i]! / m2;
      let count = 0;
      for (let r = 0; r < permutations; r++) {
        let lagSim = 0;
        for (let q = 0; q < k; q++) {
          // Partial Fisher–Yates: position q takes a uniform pick among positions q … n − 2.
          const pick = q + random.interval(n - 2 - q);
          const chosen = others[pick]!;
          others[pick] = others[q]!;
          others[q] = chosen;
          lagSim += wt[q]! * z[chosen]!;
        }
        if (scale * lagSim >= Ii[i]!) count++;
      }
      if (permutations - count < count) count = permutations - count;
      larger[i] = count;
      p[i] = (count + 1) / (permutations + 1);
    }
    permutation = { permutations, seed, larger, p };
  }
  const cluster = quadrant.map((q, i): MoranQuadrant | "ns" | "island" => {
    if (status[i] === "island") return "island";
    if (status[i] !== "ok") return "ns";
    const pi = permutation !== undefined ? permutation.p[i]! : pNormal[i]!;
    return pi <= alpha ? q : "ns";
  });
  return {
    ids: w.ids,
    n,
    y: Float64Array.from(y),
    z,
    lag,
    m2,
    Ii,
    expected,
    variance,
    zScore,
    pNormal,
    moments: momentsKind,
    quadrant,
    status,
    permutation,
    cluster,
    alpha,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Moran scatter

export interface MoranScatter {
  readonly ids: readonly string[];
  /** Standardised values (y − ȳ)/s with s the population standard deviation. */
  readonly z: Float64Array;
  /** Their spatial lag W z. */
  readonly lag: Float64Array;
  /** OLS line lag = intercept + slope·z; the slope equals I for row-standardised weights without islands. */
  readonly slope: number;
  readonly intercept: number;
}

/**
 * Moran scatter plot data: standardised values and their spatial lag, with the OLS line through them
 * (slope = Σ z·Wz / Σ z² = I·S0/n).
 *
 * Reference: Anselin (1996), "The Moran scatterplot as an ESDA tool", in Spatial Analytical Perspectives on GIS,
 * Taylor & Francis, 111–125.
 *
 * @param y one value per weights unit
 * @param w the weights
 * @param where issue locations
 * @returns z, lag, slope and intercept
 * @throws RangeError naming `moranScatter` on a length mismatch; NqpfInputError as {@link moranI}
 * @example
 * moranScatter(Float64Array.of(1, 2, 3, 5, 4), rowStandardise(spatialWeights(["1", "2", "3", "4", "5"], [[1], [0, 2], [1, 3], [2, 4], [3]]))).slope
 * // => 0.6 (the row-standardised I, to 1e-15)
 */
export function moranScatter(
  y: ArrayLike<number>,
  w: SpatialWeights,
  where: MoranLocation = {},
): MoranScatter {
  const deviation = deviations("moranScatter", y, w, where);
  const n = deviation.length;
  let ss = 0;
  for (const v of deviation) ss += v * v;
  const sd = Math.sqrt(ss / n);
  const z = deviation.map((v) => v / sd);
  const lag = spatialLag(w, z);
  let zz = 0;
  let zl = 0;
  let lagMean = 0;
  for (let i = 0; i < n; i++) {
    zz += z[i]! * z[i]!;
    zl += z[i]! * lag[i]!;
    lagMean += lag[i]!;
  }
  lagMean /= n;
  const slope = zl / zz;
  return { ids: w.ids, z, lag, slope, intercept: lagMean };
}

// ---------------------------------------------------------------------------------------------------------------
// By year

export interface MoranByYearOptions {
  readonly permutations?: number;
  readonly seed?: number;
  /** Also local Moran per year (with these options). */
  readonly local?: boolean | Omit<LocalMoranOptions, keyof MoranLocation | "permutations" | "seed">;
  /** Periods to use (inclusive); default all. */
  readonly from?: number;
  readonly to?: number;
  /** Weights units the panel lacks: "error" (default) or "drop" (see alignWeights). */
  readonly extraUnits?: "error" | "drop";
  /** Issue locations: file name and 1-based file row of each panel row. */
  readonly file?: string;
  readonly fileRows?: ArrayLike<number>;
}

export interface MoranByYearResult {
  readonly variable: string;
  readonly entityColumn: string;
  readonly timeColumn: string;
  /** The weights matched to the panel's entities. */
  readonly weights: SpatialWeights;
  readonly years: readonly number[];
  readonly global: readonly MoranResult[];
  readonly local: readonly LocalMoranResult[] | undefined;
}

/**
 * Global (and optionally local) Moran's I of a panel variable for each period, with the weights matched to the
 * panel's entities. Every period uses the same seed, so a year's result does not depend on which other years are
 * included. Every missing value (or entity absent in a period) is reported at once, with its row.
 *
 * Reference: as {@link moranI} and {@link localMoran}.
 *
 * @param p the panel
 * @param variable numeric column
 * @param w weights whose ids are the panel's entities (extra units: see `extraUnits`)
 * @param options permutations, seed, local, period range, issue locations
 * @returns per-period results
 * @throws NqpfInputError for a missing or text column, entities without weights, missing values, a constant period
 */
export function moranByYear(
  p: Panel,
  variable: string,
  w: SpatialWeights,
  options: MoranByYearOptions = {},
): MoranByYearResult {
  const file = options.file !== undefined ? { file: options.file } : {};
  const column = panelNumberColumn(p, variable, options.file);
  const firstRows = new Array<number | undefined>(p.entities.length);
  if (options.fileRows !== undefined)
    for (let r = p.table.rowCount - 1; r >= 0; r--) firstRows[p.entityOf[r]!] = options.fileRows[r]!;
  const weights = alignWeights(w, p.entities, {
    extra: options.extraUnits ?? "error",
    ...file,
    ...(options.fileRows !== undefined ? { entityRows: firstRows.map((r) => r ?? Number.NaN) } : {}),
  });
  const years = p.times.filter(
    (t) => (options.from === undefined || t >= options.from) && (options.to === undefined || t <= options.to),
  );
  if (years.length === 0)
    throw new NqpfInputError([
      {
        code: "bad_argument",
        ...file,
        message: "no period in the chosen range",
        hint: `the data's periods are ${p.times[0]}–${p.times[p.times.length - 1]}`,
      },
    ]);
  const n = p.entities.length;
  const issues = new IssueCollector();
  const values = years.map(() => new Float64Array(n).fill(Number.NaN));
  const rowsOf = years.map(() => new Float64Array(n).fill(Number.NaN));
  const yearIndex = new Map(years.map((t, k) => [t, k]));
  for (let r = 0; r < p.table.rowCount; r++) {
    const k = yearIndex.get(p.times[p.timeOf[r]!]!);
    if (k === undefined) continue;
    const e = p.entityOf[r]!;
    rowsOf[k]![e] = options.fileRows?.[r] ?? Number.NaN;
    if (column.missing[r] === 0) values[k]![e] = column.values[r]!;
  }
  years.forEach((t, k) => {
    for (let e = 0; e < n; e++) {
      if (Number.isFinite(values[k]![e]!)) continue;
      const row = rowsOf[k]![e]!;
      issues.add({
        code: "bad_value",
        ...file,
        ...(Number.isFinite(row) ? { row } : {}),
        column: variable,
        entity: p.entities[e]!,
        time: t,
        message: "the value is missing",
        hint: "Moran's I needs every unit in every period; fill the value, or choose periods (--years) where all units have one",
      });
    }
  });
  issues.throwIfAny();
  const global: MoranResult[] = [];
  const local: LocalMoranResult[] = [];
  const localOptions = typeof options.local === "object" ? options.local : {};
  years.forEach((t, k) => {
    const where: MoranLocation = {
      ...file,
      column: variable,
      time: t,
      ...(options.fileRows !== undefined ? { rows: rowsOf[k]! } : {}),
    };
    const common = {
      ...where,
      ...(options.permutations !== undefined ? { permutations: options.permutations } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    };
    global.push(moranI(values[k]!, weights, common));
    if (options.local !== undefined && options.local !== false)
      local.push(localMoran(values[k]!, weights, { ...localOptions, ...common }));
  });
  return {
    variable,
    entityColumn: p.entity,
    timeColumn: p.time,
    weights,
    years,
    global,
    local: options.local !== undefined && options.local !== false ? local : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

export interface MoranTableOptions {
  /** Period of each result (adds a column named `timeColumn`, default "year"). */
  readonly periods?: readonly number[];
  readonly timeColumn?: string;
  readonly variable?: string;
  /** A description of the weights, e.g. "queen contiguity, row-standardised". */
  readonly weights?: string;
}

function weightsLabel(result: { rowStandardised: boolean }, given: string | undefined): string {
  return given ?? (result.rowStandardised ? "row-standardised W" : "W as given");
}

/**
 * Global Moran results as a Table, one row per result (period): n, I, E[I], the variance, z and two-tailed p under
 * normality and randomisation, and the permutation test (permutations, seed, pseudo p, mean, sd, z). Undefined
 * statistics are empty cells, explained in the notes.
 * Reference: as {@link moranI}.
 * @param results the results (e.g. `moranByYear(...).global`)
 * @param options periods, variable and weights labels
 * @returns a Table with meta {method, parameters, reference, notes}
 * @throws RangeError naming `moranTable` when `periods` has the wrong length
 */
export function moranTable(results: readonly MoranResult[], options: MoranTableOptions = {}): Table {
  if (options.periods !== undefined && options.periods.length !== results.length)
    throw new RangeError(`moranTable: periods needs ${results.length} values; got ${options.periods.length}`);
  const pick = (f: (r: MoranResult) => number): number[] => results.map(f);
  const perm = (f: (t: MoranPermutationTest) => number): number[] =>
    results.map((r) => (r.permutation !== undefined ? f(r.permutation) : Number.NaN));
  const columns: Column[] = [];
  if (options.periods !== undefined)
    columns.push(numberColumn(options.timeColumn ?? "year", options.periods));
  if (options.variable !== undefined)
    columns.push(
      stringColumn(
        "variable",
        results.map(() => options.variable!),
      ),
    );
  columns.push(
    numberColumn(
      "n",
      pick((r) => r.n),
      { label: "units" },
    ),
    numberColumn(
      "moran_i",
      pick((r) => r.I),
      { label: "Moran's I" },
    ),
    numberColumn(
      "expected_i",
      pick((r) => r.expected),
      { label: "E[I] = −1/(n − 1)" },
    ),
    numberColumn(
      "var_normal",
      pick((r) => r.normal.variance),
      { label: "Var[I] under normality" },
    ),
    numberColumn(
      "z_normal",
      pick((r) => r.normal.z),
      { label: "z under normality" },
    ),
    numberColumn(
      "p_normal",
      pick((r) => r.normal.p),
      { label: "two-tailed p under normality" },
    ),
    numberColumn(
      "var_random",
      pick((r) => r.randomisation.variance),
      { label: "Var[I] under randomisation" },
    ),
    numberColumn(
      "z_random",
      pick((r) => r.randomisation.z),
      { label: "z under randomisation" },
    ),
    numberColumn(
      "p_random",
      pick((r) => r.randomisation.p),
      { label: "two-tailed p under randomisation" },
    ),
    numberColumn(
      "permutations",
      perm((t) => t.permutations),
      { label: "random permutations" },
    ),
    numberColumn(
      "seed",
      perm((t) => t.seed),
      { label: "seed (MT19937)" },
    ),
    numberColumn(
      "p_permutation",
      perm((t) => t.p),
      { label: "pseudo p = (larger + 1)/(permutations + 1), folded" },
    ),
    numberColumn(
      "mean_permutation",
      perm((t) => t.mean),
      { label: "mean of permuted I" },
    ),
    numberColumn(
      "sd_permutation",
      perm((t) => t.sd),
      { label: "sd of permuted I" },
    ),
    numberColumn(
      "z_permutation",
      perm((t) => t.z),
      { label: "(I − mean)/sd of permuted I" },
    ),
  );
  const first = results[0];
  const warnings = results.flatMap((r, k) =>
    r.warnings.map((text) => (options.periods !== undefined ? `${options.periods[k]!}: ${text}` : text)),
  );
  const islands = first !== undefined ? first.islands : [];
  return table(columns, {
    name: "moran",
    title: `Global Moran's I${options.variable !== undefined ? ` of ${options.variable}` : ""}`,
    method: "global Moran's I",
    parameters: {
      weights: first !== undefined ? weightsLabel(first, options.weights) : (options.weights ?? ""),
      ...(first?.permutation !== undefined
        ? { permutations: first.permutation.permutations, seed: first.permutation.seed }
        : {}),
    },
    reference: REFERENCE,
    notes: [
      "I = (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², z = y − ȳ; E[I] = −1/(n − 1); Var under normality and randomisation as Cliff & Ord (1981); p two-tailed.",
      "Permutation test (esda): larger = #{permuted I ≥ I}, folded to permutations − larger when smaller; pseudo p = (larger + 1)/(permutations + 1), one-sided in the direction of I. Permutations drawn by MT19937 from the seed (numpy's np.random.seed(seed) + permutation draw the same).",
      islands.length > 0
        ? `Islands (no neighbours, lag 0; counted in n): ${islands.join(", ")}`
        : "No islands.",
      ...warnings,
    ],
  });
}

export interface LocalMoranTableOptions {
  readonly periods?: readonly number[];
  readonly timeColumn?: string;
  /** Name of the unit id column; default "id". */
  readonly idColumn?: string;
  readonly variable?: string;
  readonly weights?: string;
}

/**
 * Local Moran results as one Table (one row per unit and period): y, z = y − ȳ, lag Σ w_ij z_j, I_i, analytic
 * E[I_i], Var[I_i], z and p, permutation pseudo p, quadrant, cluster at alpha, status, and the Moran scatter
 * coordinates (standardised value and its lag).
 * Reference: as {@link localMoran} and {@link moranScatter}.
 * @param results one result per period (or one)
 * @param options periods, column names, labels
 * @returns a Table with meta {method, parameters, reference, notes}
 * @throws RangeError naming `localMoranTable` when `periods` has the wrong length
 */
export function localMoranTable(
  results: readonly LocalMoranResult[],
  options: LocalMoranTableOptions = {},
): Table {
  if (options.periods !== undefined && options.periods.length !== results.length)
    throw new RangeError(
      `localMoranTable: periods needs ${results.length} values; got ${options.periods.length}`,
    );
  const ids: string[] = [];
  const period: number[] = [];
  const num = {
    y: [] as number[],
    z: [] as number[],
    lag: [] as number[],
    Ii: [] as number[],
    expected: [] as number[],
    variance: [] as number[],
    zScore: [] as number[],
    pNormal: [] as number[],
    pPerm: [] as number[],
    zStd: [] as number[],
    lagStd: [] as number[],
  };
  const quadrant: string[] = [];
  const cluster: string[] = [];
  const status: string[] = [];
  results.forEach((r, k) => {
    const sd = Math.sqrt(r.m2);
    for (let i = 0; i < r.n; i++) {
      ids.push(r.ids[i]!);
      if (options.periods !== undefined) period.push(options.periods[k]!);
      num.y.push(r.y[i]!);
      num.z.push(r.z[i]!);
      num.lag.push(r.lag[i]!);
      num.Ii.push(r.Ii[i]!);
      num.expected.push(r.expected[i]!);
      num.variance.push(r.variance[i]!);
      num.zScore.push(r.zScore[i]!);
      num.pNormal.push(r.pNormal[i]!);
      num.pPerm.push(r.permutation !== undefined ? r.permutation.p[i]! : Number.NaN);
      num.zStd.push(r.z[i]! / sd);
      num.lagStd.push(r.lag[i]! / sd);
      quadrant.push(r.quadrant[i]!);
      cluster.push(r.cluster[i]!);
      status.push(r.status[i]!);
    }
  });
  const first = results[0];
  const columns: Column[] = [stringColumn(options.idColumn ?? "id", ids)];
  if (options.periods !== undefined) columns.push(numberColumn(options.timeColumn ?? "year", period));
  columns.push(
    numberColumn("value", num.y, { label: options.variable ?? "y" }),
    numberColumn("deviation", num.z, { label: "z = y − ȳ" }),
    numberColumn("lag", num.lag, { label: "spatial lag Σ_j w_ij z_j" }),
    numberColumn("local_i", num.Ii, { label: "I_i = (z_i/m2) Σ_j w_ij z_j" }),
    numberColumn("expected_ii", num.expected, { label: "E[I_i]" }),
    numberColumn("var_ii", num.variance, { label: "Var[I_i]" }),
    numberColumn("z_ii", num.zScore, { label: "(I_i − E[I_i])/√Var" }),
    numberColumn("p_normal", num.pNormal, { label: "two-tailed normal p" }),
    numberColumn("p_permutation", num.pPerm, { label: "conditional permutation pseudo p (folded)" }),
    stringColumn("quadrant", quadrant, { label: "HH, LH, LL, HL (value vs mean, lag vs 0)" }),
    stringColumn("cluster", cluster, { label: `quadrant where p ≤ alpha, else ns` }),
    stringColumn("status", status, { label: "ok, island (no neighbours) or no-variance (z_i = 0)" }),
    numberColumn("scatter_z", num.zStd, { label: "Moran scatter: standardised value" }),
    numberColumn("scatter_lag", num.lagStd, { label: "Moran scatter: its spatial lag" }),
  );
  return table(columns, {
    name: "local_moran",
    title: `Local Moran's I (LISA)${options.variable !== undefined ? ` of ${options.variable}` : ""}`,
    method: "local Moran's I",
    parameters: {
      ...(options.weights !== undefined ? { weights: options.weights } : {}),
      moments: first?.moments ?? "conditional",
      alpha: first?.alpha ?? 0.05,
      ...(first?.permutation !== undefined
        ? { permutations: first.permutation.permutations, seed: first.permutation.seed }
        : {}),
    },
    reference: REFERENCE,
    notes: [
      "I_i = (z_i/m2) Σ_j w_ij z_j with z = y − ȳ and m2 = Σ z²/n (Anselin 1995; esda, spdep).",
      `Analytic moments: ${first?.moments === "total" ? "total randomisation (Anselin 1995)" : "conditional randomisation (Sokal, Oden & Thomson 1998; spdep default)"}; p two-tailed.`,
      "Conditional permutation: z_i fixed, its neighbours' values drawn without replacement from the other n − 1 units; pseudo p = (larger + 1)/(permutations + 1) with larger folded to the smaller tail (esda). Unit i uses the seeded sub-stream deriveSeed(seed, i).",
      "Quadrants: H when the value is above the mean (resp. the lag above 0); a value at the mean counts as L. Cluster = quadrant where p ≤ alpha (permutation p when computed, else the analytic p).",
      "Empty statistics: status island (no neighbours) or no-variance (z_i = 0, so I_i = 0 for any neighbours).",
    ],
  });
}
