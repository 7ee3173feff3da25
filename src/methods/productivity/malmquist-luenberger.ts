/**
 * Malmquist–Luenberger family of green productivity indices over a period panel: ML (contemporaneous), sequential
 * and window ML, global ML (GML) and biennial ML, with directional-distance (DDF) or slacks-based (SBM) distances.
 * Notation: D_s(t) is the distance of the period-t observation (x_t, y_t, b_t) of a unit to the technology s ("t",
 * "t+1": the period's technology of the chosen kind; "G": all periods; "B": periods t and t + 1); x inputs, y good
 * outputs, b bad outputs. For SBM, rho_s(t) is the SBM efficiency and D = 1/rho − 1, so 1 + D = 1/rho.
 */

import { IssueCollector } from "../../errors.js";
import type { LpSolver } from "../../lp/simplex.js";
import type { Matrix } from "../../math/matrix.js";
import { ddf, type BadDisposability, type DdfOptions } from "../frontier/ddf.js";
import { sbm, type SbmOptions } from "../frontier/sbm.js";
import type { ReferenceSet, Rts, UnitStatus } from "../frontier/types.js";
import {
  adjacentPairs,
  referenceRows,
  technologyRows,
  TECHNOLOGIES,
  type PeriodPair,
  type PeriodPanel,
  type Technology,
} from "./period-panel.js";
import type { IndexPair, IndexResult } from "./types.js";

/**
 * The distance function behind an index:
 * - "ddf": the radial directional distance function β (Chambers, Chung & Färe 1996; Chung, Färe & Grosskopf 1997);
 * - "sbm": the slacks-based measure with undesirable outputs (Tone 2003/2004): the ML family uses the SBM efficiency
 *   ρ (D = 1/ρ − 1), the Luenberger family the additive slacks-based inefficiency of Fukuyama & Weber (2009).
 */
export type GreenDistance = "ddf" | "sbm";

/** One block of a DDF direction: the observation's own values, a constant, or one value per variable of the block. */
export type GreenDirectionBlock = "observed" | number | ArrayLike<number>;

/** A DDF direction given block by block; an omitted block is "observed". */
export interface GreenDirectionVectors {
  readonly gx?: GreenDirectionBlock;
  readonly gy?: GreenDirectionBlock;
  readonly gb?: GreenDirectionBlock;
}

/**
 * DDF direction: the letters name the blocks moved along the observation's own values, e.g. "yb" is g = (0, y, b)
 * (expand goods, contract bads at given inputs: Chung et al. 1997) and "xyb" is g = (−x, y, −b) in signed form
 * (contract inputs and bads, expand goods); or explicit {@link GreenDirectionVectors}. Per-unit direction matrices
 * do not apply across periods and are not accepted.
 */
export type GreenDirection = "xyb" | "xy" | "xb" | "yb" | "x" | "y" | "b" | GreenDirectionVectors;

/** Column labels used in error messages. */
export interface GreenNames {
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
  readonly bads?: readonly string[];
}

/** Options shared by {@link malmquistLuenberger} and `luenberger`. */
export interface GreenIndexOptions {
  /** Distance function; default "ddf". */
  readonly distance?: GreenDistance;
  /** Reference technology; default "contemporaneous". */
  readonly technology?: Technology;
  /** Periods of a "window" technology (≥ 1); default 3. */
  readonly window?: number;
  /** Returns to scale; default "crs". */
  readonly rts?: Rts;
  /** DDF only: the direction; default "yb", g = (0, y, b). */
  readonly direction?: GreenDirection;
  /** DDF only: disposability of the bad outputs; default "weak" (Σλb = b − βg_b). */
  readonly badDisposability?: BadDisposability;
  /** LP solver; default the built-in simplex. */
  readonly solver?: LpSolver;
  /** Column labels for error messages. */
  readonly names?: GreenNames;
}

/** Options of {@link malmquistLuenberger}. */
export interface MalmquistLuenbergerOptions extends GreenIndexOptions {
  /**
   * SBM only: score observations on or outside a technology by Tone's super-SBM (ρ ≥ 1) instead of ρ = 1 or an
   * infeasible LP (default false). This is the "Super-SBM" ML/GML of applied green-TFP studies; without it,
   * mixed-period SBM LPs of units outside the other period's technology are infeasible.
   */
  readonly super?: boolean;
}

/** How the distances of one call are computed: which LP and its settings. */
export interface GreenMeasure {
  /** "ddf": radial DDF β; "sbm": SBM efficiency ρ; "sbi": slacks-based inefficiency (non-radial DDF, Fukuyama & Weber 2009). */
  readonly kind: "ddf" | "sbm" | "sbi";
  readonly technology: Technology;
  readonly window: number;
  readonly rts: Rts;
  readonly direction: GreenDirection;
  readonly badDisposability: BadDisposability;
  readonly super: boolean;
  readonly solver?: LpSolver;
}

/** The distances of one adjacent pair, aligned with `pair.units`, keyed by name; NaN where the LP failed. */
export interface PairDistances {
  readonly pair: PeriodPair;
  /** Keyed "t(t)", "t(t+1)", "t+1(t)", "t+1(t+1)", "G(t)", "G(t+1)", "B(t)", "B(t+1)" as the technology needs. */
  readonly values: Readonly<Record<string, Float64Array>>;
  /** "optimal" when every LP of the unit solved, else the status of the first failing one (in key order). */
  readonly status: readonly UnitStatus[];
  /** "<prefix>_<key>: <why>" for the first failing LP; undefined when optimal. */
  readonly reason: readonly (string | undefined)[];
}

/** Literature line of the Malmquist–Luenberger family, for table metadata. */
export const MALMQUIST_LUENBERGER_REFERENCE =
  "Chung, Färe & Grosskopf (1997) J. Environ. Manage. 51(3):229–240; Oh (2010) J. Prod. Anal. 34(3):183–197; Oh & Heshmati (2010) Energy Econ. 32(6):1345–1355; Pastor, Asmild & Lovell (2011) Socio-Econ. Plan. Sci. 45(1):10–15; Tone (2004) SBM with undesirable outputs, GRIPS I-2003-0005; Tone (2002) EJOR 143:32–41";

const DIRECTION_LETTERS: readonly string[] = ["xyb", "xy", "xb", "yb", "x", "y", "b"];
const RTS_VALUES: readonly string[] = ["crs", "vrs", "nirs", "ndrs"];
const DISPOSABILITIES: readonly string[] = ["weak", "free"];

/**
 * Malmquist–Luenberger productivity index and its decomposition, by unit and adjacent period pair; > 1 means
 * productivity growth. With f = 1 + D (DDF) or f = 1/ρ (SBM, i.e. D = 1/ρ − 1):
 * - contemporaneous ("ml", Chung, Färe & Grosskopf 1997), sequential ("sml", Oh & Heshmati 2010) and window ("wml")
 *   technologies: ML = [f_t(t)/f_t(t+1) · f_t+1(t)/f_t+1(t+1)]^½ = EC × TC, EC = f_t(t)/f_t+1(t+1),
 *   TC = [f_t+1(t+1)/f_t(t+1) · f_t+1(t)/f_t(t)]^½; for SBM: ML = [ρ_t(t+1)/ρ_t(t) · ρ_t+1(t+1)/ρ_t+1(t)]^½,
 *   EC = ρ_t+1(t+1)/ρ_t(t);
 * - global ("gml", Oh 2010): GML = f_G(t)/f_G(t+1) = EC × BPC, BPC = [f_G(t)/f_t(t)] / [f_G(t+1)/f_t+1(t+1)]; for SBM
 *   GML = ρ_G(t+1)/ρ_G(t), EC = ρ_t+1(t+1)/ρ_t(t), BPC = [ρ_G(t+1)/ρ_t+1(t+1)] / [ρ_G(t)/ρ_t(t)] (the SBM-GML of
 *   Chinese green-TFP studies, e.g. run in MaxDEA);
 * - biennial ("bml", Pastor, Asmild & Lovell 2011): as global with the technology of periods t and t + 1.
 * The DDF is β = max{β: (x − βg_x, y + βg_y, b − βg_b) ∈ T} with bads weakly ("=") or freely ("≤") disposable; the
 * SBM is Tone's non-oriented ρ with undesirable outputs, ordinary or (with `super`) super-SBM: an observation with
 * ρ = 1, or outside the technology, gets Tone's super-SBM δ ≥ 1 against the technology without that observation
 * itself (a mixed-period technology does not contain it, so nothing is left out there). For SBM, zero good or
 * bad outputs are replaced panel-wide by 1/100 of the column's smallest positive value (Tone 2001's rule, applied
 * once so that every distance sees the same data). Units enter a pair only when observed in both periods. A failed
 * LP (typically a mixed-period distance D_t+1(t) or D_t(t+1) infeasible: the unit lies outside the other period's
 * technology) makes that unit-pair's status non-optimal with a reason naming the distance, and its components NaN;
 * the distances that solved are kept.
 *
 * Reference: Chung, Färe & Grosskopf (1997), J. Environ. Manage. 51(3):229–240, doi:10.1006/jema.1997.0146; Oh (2010),
 * J. Prod. Anal. 34(3):183–197, doi:10.1007/s11123-010-0178-y; Oh & Heshmati (2010), Energy Econ. 32(6):1345–1355,
 * doi:10.1016/j.eneco.2010.09.003; Pastor, Asmild & Lovell (2011), Socio-Econ. Plan. Sci. 45(1):10–15,
 * doi:10.1016/j.seps.2010.09.001; Tone (2004) SBM with undesirable outputs (GRIPS report I-2003-0005); test vectors
 * methods.md §4.8 (j).
 *
 * @param panel period panel with inputs X, good outputs Y and (optionally) bad outputs B
 * @param options distance ("ddf" | "sbm"), technology, window, rts, direction and badDisposability (DDF), super (SBM), solver, names
 * @returns an IndexResult (convention "multiplicative"): per pair the index, "ec" and "tc" (or "bpc" for global and
 *   biennial technologies), the distances ("D_…" for DDF β, "rho_…" for SBM ρ), status and reason per unit
 * @throws RangeError naming `malmquistLuenberger` for fewer than two periods or an option outside its domain
 * @throws NqpfInputError (code "bad_value", entity = unit, time = period, column = variable) for negative or
 *   non-finite data, or (SBM) an input that is not > 0
 * @example
 * // methods.md §4.8 (j), DMU 1: x = 1, (y, b) = (7, 2) then (8, 1)
 * malmquistLuenberger(panel, { technology: "global" }).pairs[0].components.gml[0]
 * // => 1.0454545454545454
 */
export function malmquistLuenberger(
  panel: PeriodPanel,
  options: MalmquistLuenbergerOptions = {},
): IndexResult {
  const caller = "malmquistLuenberger";
  const distance = options.distance ?? "ddf";
  checkDistance(caller, distance);
  const measure = resolveMeasure(caller, options, distance === "ddf" ? "ddf" : "sbm", options.super);
  const prefix = distance === "ddf" ? "D" : "rho";
  const twoTech = measure.technology === "global" || measure.technology === "biennial";
  const indexName = INDEX_NAMES[measure.technology];
  const pairs = pairDistances(caller, panel, measure, options.names ?? {}).map((pd): IndexPair => {
    const n = pd.pair.units.length;
    const index = new Float64Array(n).fill(Number.NaN);
    const ec = new Float64Array(n).fill(Number.NaN);
    const change = new Float64Array(n).fill(Number.NaN);
    const f = (key: string, i: number): number => {
      const v = pd.values[key]![i]!;
      return distance === "ddf" ? 1 + v : 1 / v;
    };
    for (let i = 0; i < n; i++) {
      if (pd.status[i] !== "optimal") continue;
      const own = f("t(t)", i);
      const ownNext = f("t+1(t+1)", i);
      ec[i] = own / ownNext;
      if (twoTech) {
        const pooled = measure.technology === "global" ? "G" : "B";
        const atT = f(`${pooled}(t)`, i);
        const atNext = f(`${pooled}(t+1)`, i);
        index[i] = atT / atNext;
        change[i] = atT / own / (atNext / ownNext);
      } else {
        const cross = f("t(t+1)", i);
        const crossBack = f("t+1(t)", i);
        index[i] = Math.sqrt((own / cross) * (crossBack / ownNext));
        change[i] = Math.sqrt((ownNext / cross) * (crossBack / own));
      }
    }
    return indexPair(panel, pd, prefix, {
      [indexName]: index,
      ec,
      [twoTech ? "bpc" : "tc"]: change,
    });
  });
  return {
    index: indexName,
    convention: "multiplicative",
    note: `${indexName.toUpperCase()} (${TECHNOLOGY_LABELS[measure.technology](measure.window)}), ${describeMeasure(measure, panel)}; > 1 = productivity growth, < 1 = decline; ${indexName.toUpperCase()} = EC × ${twoTech ? "BPC" : "TC"}`,
    units: panel.units,
    periods: panel.periods,
    pairs,
  };
}

const INDEX_NAMES: Readonly<Record<Technology, string>> = {
  contemporaneous: "ml",
  sequential: "sml",
  window: "wml",
  global: "gml",
  biennial: "bml",
};

const TECHNOLOGY_LABELS: Readonly<Record<Technology, (window: number) => string>> = {
  contemporaneous: () => "contemporaneous technologies, Chung, Färe & Grosskopf 1997",
  sequential: () => "sequential technologies: all periods up to t, Oh & Heshmati 2010",
  window: (w) => `window technologies of ${w} periods`,
  global: () => "global technology of all periods, Oh 2010",
  biennial: () => "biennial technology of periods t and t + 1, Pastor, Asmild & Lovell 2011",
};

/**
 * Checks and completes the options shared by the Malmquist–Luenberger and Luenberger families.
 * @param caller function name for error messages
 * @param options the caller's options
 * @param kind the distance LP: "ddf", "sbm" (ratio ρ) or "sbi" (additive slacks-based inefficiency)
 * @param superOption the caller's `super` option (SBM ratio only)
 * @returns the resolved measure
 * @throws RangeError naming `caller` for an option outside its domain
 */
export function resolveMeasure(
  caller: string,
  options: GreenIndexOptions,
  kind: GreenMeasure["kind"],
  superOption: boolean | undefined,
): GreenMeasure {
  const technology = options.technology ?? "contemporaneous";
  if (!TECHNOLOGIES.includes(technology))
    throw new RangeError(
      `${caller}: technology must be one of ${TECHNOLOGIES.join(", ")}; got ${JSON.stringify(technology)}`,
    );
  const window = options.window ?? 3;
  if (!(Number.isInteger(window) && window >= 1))
    throw new RangeError(`${caller}: window must be an integer ≥ 1; got ${window}`);
  if (options.window !== undefined && technology !== "window")
    throw new RangeError(
      `${caller}: window applies to technology "window" only; got technology ${technology}`,
    );
  const rts = options.rts ?? "crs";
  if (!RTS_VALUES.includes(rts))
    throw new RangeError(`${caller}: rts must be "crs", "vrs", "nirs" or "ndrs"; got ${JSON.stringify(rts)}`);
  if (kind !== "ddf") {
    if (options.direction !== undefined)
      throw new RangeError(`${caller}: direction applies to distance "ddf" only`);
    if (options.badDisposability !== undefined)
      throw new RangeError(`${caller}: badDisposability applies to distance "ddf" only`);
  }
  if (superOption !== undefined && kind !== "sbm")
    throw new RangeError(`${caller}: super applies to distance "sbm" only`);
  const direction = options.direction ?? "yb";
  checkDirection(caller, direction);
  const badDisposability = options.badDisposability ?? "weak";
  if (!DISPOSABILITIES.includes(badDisposability))
    throw new RangeError(
      `${caller}: badDisposability must be "weak" or "free"; got ${JSON.stringify(badDisposability)}`,
    );
  return {
    kind,
    technology,
    window,
    rts,
    direction,
    badDisposability,
    super: superOption ?? false,
    ...(options.solver !== undefined ? { solver: options.solver } : {}),
  };
}

/**
 * Checks the `distance` option (callers from plain JavaScript may pass anything).
 * @throws RangeError naming `caller` unless distance is "ddf" or "sbm"
 */
export function checkDistance(caller: string, distance: string): void {
  if (distance !== "ddf" && distance !== "sbm")
    throw new RangeError(`${caller}: distance must be "ddf" or "sbm"; got ${JSON.stringify(distance)}`);
}

function checkDirection(caller: string, direction: GreenDirection): void {
  if (typeof direction === "string") {
    if (!DIRECTION_LETTERS.includes(direction))
      throw new RangeError(
        `${caller}: direction must be one of ${DIRECTION_LETTERS.join(", ")} or {gx, gy, gb}; got ${direction}`,
      );
    return;
  }
  if (typeof direction !== "object")
    throw new RangeError(`${caller}: direction must be a string or {gx, gy, gb}; got ${String(direction)}`);
  for (const [name, block] of Object.entries(direction) as [string, unknown][]) {
    if (block !== null && typeof block === "object" && "rows" in block)
      throw new RangeError(
        `${caller}: direction.${name} must be "observed", a number or a vector; a per-unit matrix does not apply across periods`,
      );
  }
}

/**
 * One line describing the distance settings, for an index's note.
 * @param measure resolved settings
 * @param panel the panel (whether it has bad outputs)
 * @returns e.g. "CRS, directional distance function g = (0, y, b), weak disposability of bad outputs"
 */
export function describeMeasure(measure: GreenMeasure, panel: PeriodPanel): string {
  const rts = measure.rts.toUpperCase();
  const bads = panel.B !== undefined && panel.B.cols > 0;
  if (measure.kind === "sbm")
    return `${rts}, ${measure.super ? "super-SBM" : "SBM"} efficiency ρ${bads ? " with undesirable outputs (Tone 2004)" : " (Tone 2001)"}, D = 1/ρ − 1`;
  if (measure.kind === "sbi")
    return `${rts}, slacks-based inefficiency (Fukuyama & Weber 2009) with g = (x, y, b)${bads ? " and undesirable outputs" : ""}`;
  const label =
    typeof measure.direction === "string"
      ? `g = (${measure.direction.includes("x") ? "x" : "0"}, ${measure.direction.includes("y") ? "y" : "0"}${bads ? `, ${measure.direction.includes("b") ? "b" : "0"}` : ""})`
      : "custom direction";
  return `${rts}, directional distance function ${label}${bads ? `, ${measure.badDisposability} disposability of bad outputs` : ""}`;
}

/** The distance keys one pair needs, in the order used to pick the first failure, with their technology and end. */
function pairNeeds(
  technology: Technology,
): readonly { key: string; tech: "t" | "t+1" | "pooled"; at: "from" | "to" }[] {
  if (technology === "global" || technology === "biennial") {
    const pooled = technology === "global" ? "G" : "B";
    return [
      { key: "t(t)", tech: "t", at: "from" },
      { key: "t+1(t+1)", tech: "t+1", at: "to" },
      { key: `${pooled}(t)`, tech: "pooled", at: "from" },
      { key: `${pooled}(t+1)`, tech: "pooled", at: "to" },
    ];
  }
  return [
    { key: "t(t)", tech: "t", at: "from" },
    { key: "t(t+1)", tech: "t", at: "to" },
    { key: "t+1(t)", tech: "t+1", at: "from" },
    { key: "t+1(t+1)", tech: "t+1", at: "to" },
  ];
}

interface Outcome {
  readonly value: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
  /** Evaluated row → position in value/status/reason. */
  readonly position: ReadonlyMap<number, number>;
}

/**
 * Every distance the adjacent pairs of the panel need, computed per technology in one batch (each technology's LPs
 * in one frontier call), with per-unit status and the reason of the first failing LP.
 * For "global" and "biennial", "t(t)" and "t+1(t+1)" use the contemporaneous technologies (for EC); otherwise all
 * four distances use the chosen technology kind.
 * @param caller function name for error messages
 * @param panel the period panel
 * @param measure resolved settings (see {@link resolveMeasure})
 * @param names column labels for data issues
 * @returns one entry per adjacent pair, in time order
 * @throws RangeError naming `caller` for fewer than two periods or names of the wrong length
 * @throws NqpfInputError (code "bad_value") for data the distance cannot use, all issues at once
 */
export function pairDistances(
  caller: string,
  panel: PeriodPanel,
  measure: GreenMeasure,
  names: GreenNames,
): PairDistances[] {
  if (panel.periods.length < 2)
    throw new RangeError(`${caller}: needs at least two periods; got ${panel.periods.length}`);
  checkNames(caller, panel, names);
  checkData(panel, measure.kind, names);
  const data = measure.kind === "sbm" ? withoutZeroOutputs(panel) : panel;
  const pairs = adjacentPairs(panel);
  const needs = pairNeeds(measure.technology);
  const poolKind: Technology = measure.technology === "global" ? "global" : "biennial";
  const ownKind: Technology =
    measure.technology === "global" || measure.technology === "biennial"
      ? "contemporaneous"
      : measure.technology;
  // Technology key → (kind, period index) and the rows evaluated against it.
  const techs = new Map<string, { kind: Technology; t: number; rows: Set<number> }>();
  const techOf = (pair: PeriodPair, tech: "t" | "t+1" | "pooled"): string => {
    const kind = tech === "pooled" ? poolKind : ownKind;
    const t = tech === "t+1" ? pair.to : pair.from;
    const key = kind === "global" ? "global" : `${kind}:${t}`;
    if (!techs.has(key)) techs.set(key, { kind, t, rows: new Set() });
    return key;
  };
  const plan = pairs.map((pair) =>
    needs.map((need) => {
      const key = techOf(pair, need.tech);
      const rows = need.at === "from" ? pair.rowFrom : pair.rowTo;
      const set = techs.get(key)!.rows;
      for (const r of rows) set.add(r);
      return key;
    }),
  );
  const outcomes = new Map<string, Outcome>();
  for (const [key, tech] of techs) {
    const reference = technologyRows(panel, tech.kind, tech.t, measure.window);
    const evaluated = Int32Array.from([...tech.rows].sort((a, b) => a - b));
    outcomes.set(key, evaluate(data, measure, reference, evaluated));
  }
  const prefix = measure.kind === "sbm" ? "rho" : "D";
  return pairs.map((pair, p) => {
    const n = pair.units.length;
    const values: Record<string, Float64Array> = {};
    const status: UnitStatus[] = new Array<UnitStatus>(n).fill("optimal");
    const reason: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
    needs.forEach((need, q) => {
      const outcome = outcomes.get(plan[p]![q]!)!;
      const rows = need.at === "from" ? pair.rowFrom : pair.rowTo;
      const value = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const at = outcome.position.get(rows[i]!)!;
        value[i] = outcome.value[at]!;
        const s = outcome.status[at]!;
        if (s !== "optimal" && status[i] === "optimal") {
          status[i] = s;
          reason[i] = `${prefix}_${need.key}: ${outcome.reason[at] ?? s}`;
        }
      }
      values[need.key] = value;
    });
    return { pair, values, status, reason };
  });
}

/** Solves the measure for the `evaluated` rows against the technology of the `reference` rows. */
function evaluate(
  panel: PeriodPanel,
  measure: GreenMeasure,
  reference: Int32Array,
  evaluated: Int32Array,
): Outcome {
  const position = new Map<number, number>();
  evaluated.forEach((r, i) => position.set(r, i));
  const hasBads = panel.B !== undefined && panel.B.cols > 0;
  const own = referenceRows(panel, evaluated);
  const ref = referenceRows(panel, reference);
  const refSet: ReferenceSet = { X: ref.X, Y: ref.Y, ...(hasBads ? { B: ref.B! } : {}) };
  const solver = measure.solver !== undefined ? { solver: measure.solver } : {};
  const bad = hasBads ? { bad: own.B! } : {};
  if (measure.kind === "sbm") {
    const inReference = new Map<number, number>();
    reference.forEach((r, j) => inReference.set(r, j));
    const options: SbmOptions = {
      rts: measure.rts,
      reference: refSet,
      ...bad,
      ...solver,
      ...(measure.super
        ? { super: true, selfInReference: Int32Array.from(evaluated, (r) => inReference.get(r) ?? -1) }
        : {}),
    };
    const result = sbm(own.X, own.Y, options);
    return { value: result.scores, status: result.status, reason: result.reason, position };
  }
  const m = panel.X.cols;
  const q = panel.Y.cols + (hasBads ? panel.B.cols : 0);
  const options: DdfOptions =
    measure.kind === "ddf"
      ? {
          rts: measure.rts,
          reference: refSet,
          direction: measure.direction,
          badDisposability: measure.badDisposability,
          ...bad,
          ...solver,
        }
      : {
          rts: measure.rts,
          reference: refSet,
          direction: "xyb",
          variant: "non-radial",
          badDisposability: "free",
          weights: {
            x: new Float64Array(m).fill(1 / (2 * m)),
            y: new Float64Array(panel.Y.cols).fill(1 / (2 * q)),
            ...(hasBads ? { b: new Float64Array(panel.B.cols).fill(1 / (2 * q)) } : {}),
          },
          ...bad,
          ...solver,
        };
  const result = ddf(own.X, own.Y, options);
  return { value: result.beta, status: result.status, reason: result.reason, position };
}

/**
 * The IndexPair of one adjacent pair.
 * @param panel the period panel (period values)
 * @param pd the pair's distances from {@link pairDistances}
 * @param prefix distance-name prefix ("D" or "rho"): distances are named "<prefix>_<key>"
 * @param components index and components in reading order, aligned with the pair's units
 * @returns the IndexPair
 */
export function indexPair(
  panel: PeriodPanel,
  pd: PairDistances,
  prefix: string,
  components: Record<string, Float64Array>,
): IndexPair {
  const distances: Record<string, Float64Array> = {};
  for (const [key, value] of Object.entries(pd.values)) distances[`${prefix}_${key}`] = value;
  return {
    from: panel.periods[pd.pair.from]!,
    to: panel.periods[pd.pair.to]!,
    unit: pd.pair.units,
    components,
    distances,
    status: pd.status,
    reason: pd.reason,
    onlyFrom: pd.pair.onlyFrom.length,
    onlyTo: pd.pair.onlyTo.length,
  };
}

function checkNames(caller: string, panel: PeriodPanel, names: GreenNames): void {
  const widths: [keyof GreenNames, number][] = [
    ["inputs", panel.X.cols],
    ["outputs", panel.Y.cols],
    ["bads", panel.B?.cols ?? 0],
  ];
  for (const [key, width] of widths) {
    const list = names[key];
    if (list !== undefined && list.length !== width)
      throw new RangeError(`${caller}: names.${key} must have ${width} entries; got ${list.length}`);
  }
}

/** Every value the distance cannot use, as located issues (unit, period, variable), thrown together. */
function checkData(panel: PeriodPanel, kind: GreenMeasure["kind"], names: GreenNames): void {
  const issues = new IssueCollector();
  const blocks: [Matrix | undefined, string, readonly string[] | undefined, boolean][] = [
    [panel.X, "input", names.inputs, kind === "sbm"],
    [panel.Y, "output", names.outputs, false],
    [panel.B, "bad output", names.bads, false],
  ];
  for (const [M, what, labels, positive] of blocks) {
    if (M === undefined) continue;
    for (let r = 0; r < M.rows; r++) {
      for (let j = 0; j < M.cols; j++) {
        const v = M.data[r * M.cols + j]!;
        if (Number.isFinite(v) && (positive ? v > 0 : v >= 0)) continue;
        const column = labels?.[j] ?? `${what} ${j + 1}`;
        const need = positive ? "> 0 (SBM divides by inputs)" : "≥ 0";
        issues.add({
          code: "bad_value",
          entity: panel.units[panel.unit[r]!]!,
          time: panel.periods[panel.period[r]!]!,
          column,
          message: Number.isFinite(v)
            ? `${what} ${column} is ${v}; the ${kind === "sbm" ? "SBM" : "directional distance function"} needs values ${need}`
            : `${what} ${column} is missing or not finite (${v})`,
          hint: Number.isFinite(v)
            ? "check the data; drop the unit or the variable, or rescale the variable, and say so"
            : "fill in the value, or drop the unit's observation before computing the index",
        });
      }
    }
  }
  issues.throwIfAny();
}

/** The panel with each zero good or bad output replaced by 1/100 of the smallest positive value of its column (over the whole panel). */
function withoutZeroOutputs(panel: PeriodPanel): PeriodPanel {
  const replace = (M: Matrix): Matrix => {
    const data = M.data.slice();
    for (let j = 0; j < M.cols; j++) {
      let smallest = Infinity;
      for (let p = j; p < data.length; p += M.cols)
        if (data[p]! > 0 && data[p]! < smallest) smallest = data[p]!;
      const epsilon = smallest === Infinity ? 1 : smallest / 100;
      for (let p = j; p < data.length; p += M.cols) if (data[p] === 0) data[p] = epsilon;
    }
    return { data, rows: M.rows, cols: M.cols };
  };
  return { ...panel, Y: replace(panel.Y), ...(panel.B !== undefined ? { B: replace(panel.B) } : {}) };
}
