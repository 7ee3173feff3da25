/**
 * Radial Malmquist productivity index over a period panel. Notation: D^s(t) is the Shephard distance of the
 * period-t observation (x^t, y^t) to the technology of period s (radial DEA, CRS unless "Dv" = VRS); e^s(t) is
 * its Farrell form, 1/φ (output) or θ (input), so every formula reads the same in both orientations.
 * T^G is the global technology (all periods), T^B the biennial one (the pair's two periods).
 */

import { IssueCollector } from "../../errors.js";
import type { LpSolver } from "../../lp/simplex.js";
import { takeMatrixRows } from "../../math/matrix.js";
import { checkOrientation, dea } from "../frontier/dea.js";
import type { Orientation, UnitStatus } from "../frontier/types.js";
import {
  adjacentPairs,
  referenceRows,
  technologyRows,
  TECHNOLOGIES,
  type PeriodPanel,
  type Technology,
} from "./period-panel.js";
import type { IndexPair, IndexResult } from "./types.js";

/**
 * How the index is split:
 * - "fgnz" (Färe, Grosskopf, Norris & Zhang 1994; DEAP 2.1): technical change from CRS distances; with VRS,
 *   CRS efficiency change = pure (VRS) efficiency change × scale efficiency change;
 * - "ray-desli" (Ray & Desli 1997): technical change from VRS distances, scale change the residual.
 */
export type MalmquistDecomposition = "fgnz" | "ray-desli";

/** Options of {@link malmquist}. */
export interface MalmquistOptions {
  /** Returns to scale of the decomposition: "crs" (default) or "vrs" (adds pech and sech). The index itself always uses CRS distances. */
  readonly rts?: "crs" | "vrs";
  /** "output" (default, as DEAP) or "input" distances. */
  readonly orientation?: Orientation;
  /** Reference technology (see {@link Technology}); default "contemporaneous". */
  readonly technology?: Technology;
  /** Periods per window with technology "window" (integer ≥ 1; default 3). */
  readonly window?: number;
  /** "fgnz" (default) or "ray-desli" (needs rts "vrs"). */
  readonly decomposition?: MalmquistDecomposition;
  /** LP solver passed to the frontier engine; default solveLp. */
  readonly solver?: LpSolver;
  /** Input and output names for error messages. */
  readonly names?: { readonly inputs?: readonly string[]; readonly outputs?: readonly string[] };
  /** Called after each frontier is solved with the number solved and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Result of {@link malmquist}: an {@link IndexResult} with the settings that produced it. */
export interface MalmquistResult extends IndexResult {
  readonly index: "malmquist";
  readonly convention: "multiplicative";
  readonly rts: "crs" | "vrs";
  readonly orientation: Orientation;
  readonly technology: Technology;
  /** Window length (technology "window" only). */
  readonly window?: number;
  readonly decomposition: MalmquistDecomposition;
}

/** Literature behind {@link malmquist}, for table metadata. */
export const MALMQUIST_REFERENCE =
  "Caves, Christensen & Diewert (1982) Econometrica 50(6):1393–1414; Färe, Grosskopf, Norris & Zhang (1994) AER 84(1):66–83; Ray & Desli (1997) AER 87(5):1033–1039; Pastor & Lovell (2005) Economics Letters 88(2):266–271; Shestalova (2003) JPA 19(2):211–226; Pastor, Asmild & Lovell (2011) JPA 36(1):33–37; Coelli (1996) DEAP 2.1, CEPA WP 96/08";

/** One distance LP: which frontier, which observation row. */
interface Outcome {
  /** Farrell form e = 1/φ (output) or θ (input); NaN when the LP failed. */
  readonly efficiency: number;
  readonly status: UnitStatus;
  readonly reason?: string;
}

/** A frontier to solve once: its reference rows and the observation rows evaluated against it. */
interface Frontier {
  readonly rts: "crs" | "vrs";
  readonly reference: Int32Array;
  readonly rows: Set<number>;
  result?: Map<number, Outcome>;
}

/** A distance a unit-pair needs: its name in `distances`, its frontier key and the observation row. */
interface Need {
  readonly name: string;
  readonly key: string;
  readonly row: number;
}

/**
 * Malmquist total factor productivity index between adjacent periods, per unit observed in both, with its
 * decomposition. Distances are Shephard distance functions from radial DEA: output D_o = 1/φ (≤ 1 against a
 * technology containing the point), input D_i = 1/θ (≥ 1 there); with e = D_o (output) or e = 1/D_i = θ
 * (input), every component is written in e and reads "> 1 = growth, < 1 = decline" in both orientations.
 *
 * Adjacent-period technologies (contemporaneous T^t, sequential, window):
 * - tfpch = [e^t(t+1)/e^t(t) · e^{t+1}(t+1)/e^{t+1}(t)]^{1/2} (CRS) = effch × techch;
 * - effch = e^{t+1}(t+1)/e^t(t); techch = [e^t(t+1)/e^{t+1}(t+1) · e^t(t)/e^{t+1}(t)]^{1/2};
 * - with rts "vrs", "fgnz" (DEAP): pech = ev^{t+1}(t+1)/ev^t(t) (VRS), sech = effch/pech, so tfpch = pech × sech × techch;
 * - "ray-desli": techch from VRS distances, pech as above, sech = tfpch/(pech · techch); components tfpch, techch, pech, sech.
 * Single-frontier technologies (global T^G, Pastor & Lovell 2005; biennial T^B, Pastor, Asmild & Lovell 2011):
 * - tfpch = e^G(t+1)/e^G(t) = effch × bpc, effch from contemporaneous frontiers, bpc = [e^G(t+1)/e^{t+1}(t+1)]/[e^G(t)/e^t(t)];
 * - "vrs" "fgnz" adds pech and sech = effch/pech; "ray-desli" takes bpc from VRS distances and sech as the residual.
 * The global index is circular: chained over periods it equals e^G(t+k)/e^G(t).
 *
 * Each frontier (technology × RTS) is solved once with every observation that needs it in one batch. An LP
 * that fails (a VRS cross-period LP can be infeasible) gives that unit-pair its status and a reason naming the
 * distance, e.g. "Dv_t(t+1): envelopment LP infeasible", and NaN components; nothing is thrown or dropped.
 * A unit enters a pair only when observed in both periods.
 *
 * Reference: Färe, Grosskopf, Norris & Zhang (1994) AER 84(1):66–83; Ray & Desli (1997) AER 87(5):1033–1039;
 * Pastor & Lovell (2005) Economics Letters 88(2):266–271; DEAP 2.1 (Coelli 1996) example 4.
 *
 * @param panel period panel (X inputs > 0, Y outputs ≥ 0; B is not used)
 * @param options rts, orientation, technology, window, decomposition, solver, names, onProgress
 * @returns an IndexResult (index "malmquist", multiplicative) with the settings
 * @throws RangeError naming `malmquist` for an unknown option, a window without technology "window", or "ray-desli" without rts "vrs"
 * @throws NqpfInputError (code "bad_value") for a non-positive or non-finite input, or a negative or non-finite output, with unit and period
 * @example
 * malmquist(periodPanel({ unit: ["a", "a"], period: [1, 2], X: fromRows([[2], [1]]), Y: fromRows([[1], [1]]) })).pairs[0].components.tfpch
 * // => Float64Array [2]
 */
export function malmquist(panel: PeriodPanel, options: MalmquistOptions = {}): MalmquistResult {
  const rts: unknown = options.rts ?? "crs";
  const orientation: unknown = options.orientation ?? "output";
  const technology: unknown = options.technology ?? "contemporaneous";
  const decomposition: unknown = options.decomposition ?? "fgnz";
  if (rts !== "crs" && rts !== "vrs")
    throw new RangeError(`malmquist: rts must be "crs" or "vrs"; got ${String(rts)}`);
  checkOrientation("malmquist", orientation);
  if (!(TECHNOLOGIES as readonly unknown[]).includes(technology))
    throw new RangeError(
      `malmquist: technology must be one of ${TECHNOLOGIES.join(", ")}; got ${String(technology)}`,
    );
  const tech = technology as Technology;
  if (decomposition !== "fgnz" && decomposition !== "ray-desli")
    throw new RangeError(
      `malmquist: decomposition must be "fgnz" or "ray-desli"; got ${String(decomposition)}`,
    );
  if (decomposition === "ray-desli" && rts !== "vrs")
    throw new RangeError(`malmquist: decomposition "ray-desli" needs rts "vrs"; got rts ${rts}`);
  if (options.window !== undefined && tech !== "window")
    throw new RangeError(`malmquist: window applies only to technology "window"; got technology ${tech}`);
  const window = options.window ?? 3;
  if (!(Number.isInteger(window) && window >= 1))
    throw new RangeError(`malmquist: window must be an integer ≥ 1; got ${window}`);
  if (panel.X.cols < 1)
    throw new RangeError(`malmquist: X needs at least one input column; got ${panel.X.cols}`);
  if (panel.Y.cols < 1)
    throw new RangeError(`malmquist: Y needs at least one output column; got ${panel.Y.cols}`);
  checkValues(panel, options.names);

  const single = tech === "global" || tech === "biennial";
  const frontiers = new Map<string, Frontier>();
  const frontier = (kind: Technology, t: number, frontierRts: "crs" | "vrs"): string => {
    const key = `${frontierRts}|${kind}|${kind === "global" ? 0 : t}`;
    if (!frontiers.has(key))
      frontiers.set(key, {
        rts: frontierRts,
        reference: technologyRows(panel, kind, kind === "global" ? 0 : t, window),
        rows: new Set(),
      });
    return key;
  };
  const need = (name: string, key: string, row: number): Need => {
    frontiers.get(key)!.rows.add(row);
    return { name, key, row };
  };

  // Which distances each pair needs, registered with their frontiers (so each is solved once, in a batch).
  const pairs = adjacentPairs(panel);
  const vrs = rts === "vrs";
  const rayDesli = decomposition === "ray-desli";
  const plans = pairs.map((pair) => {
    const { from, to } = pair;
    return Array.from(pair.units, (_, k) => {
      const a = pair.rowFrom[k]!;
      const b = pair.rowTo[k]!;
      const needs: Need[] = [];
      if (single) {
        const own = (r: "crs" | "vrs") => [
          frontier("contemporaneous", from, r),
          frontier("contemporaneous", to, r),
        ];
        const big = (r: "crs" | "vrs") => frontier(tech, from, r);
        const letter = tech === "global" ? "G" : "B";
        const [c0, c1] = own("crs");
        needs.push(
          need(`D_${letter}(t)`, big("crs"), a),
          need(`D_${letter}(t+1)`, big("crs"), b),
          need("D_t(t)", c0!, a),
          need("D_t+1(t+1)", c1!, b),
        );
        if (vrs) {
          const [v0, v1] = own("vrs");
          needs.push(need("Dv_t(t)", v0!, a), need("Dv_t+1(t+1)", v1!, b));
          if (rayDesli)
            needs.push(need(`Dv_${letter}(t)`, big("vrs"), a), need(`Dv_${letter}(t+1)`, big("vrs"), b));
        }
      } else {
        const f0 = frontier(tech, from, "crs");
        const f1 = frontier(tech, to, "crs");
        needs.push(
          need("D_t(t)", f0, a),
          need("D_t(t+1)", f0, b),
          need("D_t+1(t)", f1, a),
          need("D_t+1(t+1)", f1, b),
        );
        if (vrs) {
          const v0 = frontier(tech, from, "vrs");
          const v1 = frontier(tech, to, "vrs");
          needs.push(need("Dv_t(t)", v0, a));
          if (rayDesli) needs.push(need("Dv_t(t+1)", v0, b), need("Dv_t+1(t)", v1, a));
          needs.push(need("Dv_t+1(t+1)", v1, b));
        }
      }
      return needs;
    });
  });

  // Solve each frontier once for all its observations.
  let done = 0;
  for (const f of frontiers.values()) {
    const rows = Int32Array.from([...f.rows].sort((p, q) => p - q));
    const result = dea(takeMatrixRows(panel.X, rows), takeMatrixRows(panel.Y, rows), {
      rts: f.rts,
      orientation,
      slacks: "none",
      reference: referenceRows(panel, f.reference),
      ...(options.solver !== undefined ? { solver: options.solver } : {}),
    });
    const outcomes = new Map<number, Outcome>();
    rows.forEach((row, i) => {
      const status = result.status[i]!;
      const score = result.scores[i]!;
      if (status !== "optimal")
        outcomes.set(row, { efficiency: NaN, status, reason: result.reason[i] ?? `LP ${status}` });
      else if (!(score > 0 && Number.isFinite(score)))
        outcomes.set(row, {
          efficiency: NaN,
          status: "unbounded",
          reason: `radial score ${score}: the distance is infinite (all outputs 0?)`,
        });
      else outcomes.set(row, { efficiency: orientation === "output" ? 1 / score : score, status: "optimal" });
    });
    f.result = outcomes;
    options.onProgress?.(++done, frontiers.size);
  }

  const componentNames = single
    ? rayDesli
      ? ["tfpch", "bpc", "pech", "sech"]
      : ["tfpch", "effch", "bpc", ...(vrs ? ["pech", "sech"] : [])]
    : rayDesli
      ? ["tfpch", "techch", "pech", "sech"]
      : ["tfpch", "effch", "techch", ...(vrs ? ["pech", "sech"] : [])];

  const indexPairs: IndexPair[] = pairs.map((pair, p) => {
    const count = pair.units.length;
    const plan = plans[p]!;
    const components: Record<string, Float64Array> = {};
    for (const name of componentNames) components[name] = new Float64Array(count).fill(NaN);
    const distances: Record<string, Float64Array> = {};
    for (const n of plan[0] ?? []) distances[n.name] = new Float64Array(count).fill(NaN);
    const status: UnitStatus[] = new Array<UnitStatus>(count).fill("optimal");
    const reason: (string | undefined)[] = new Array<string | undefined>(count).fill(undefined);
    for (let k = 0; k < count; k++) {
      const e: Record<string, number> = {};
      for (const n of plan[k]!) {
        const outcome = frontiers.get(n.key)!.result!.get(n.row)!;
        e[n.name] = outcome.efficiency;
        distances[n.name]![k] = orientation === "output" ? outcome.efficiency : 1 / outcome.efficiency;
        if (outcome.status !== "optimal" && status[k] === "optimal") {
          status[k] = outcome.status;
          reason[k] = `${n.name}: ${outcome.reason ?? outcome.status}`;
        }
      }
      if (status[k] !== "optimal") continue;
      const values = single
        ? singleFrontier(e, tech === "global" ? "G" : "B", vrs, rayDesli)
        : adjacent(e, vrs, rayDesli);
      for (const name of componentNames) components[name]![k] = values[name]!;
    }
    return {
      from: panel.periods[pair.from]!,
      to: panel.periods[pair.to]!,
      unit: pair.units,
      components,
      distances,
      status,
      reason,
      onlyFrom: pair.onlyFrom.length,
      onlyTo: pair.onlyTo.length,
    };
  });

  return {
    index: "malmquist",
    convention: "multiplicative",
    note: malmquistNote(rts, orientation, tech, window, decomposition),
    units: panel.units,
    periods: panel.periods,
    pairs: indexPairs,
    rts,
    orientation,
    technology: tech,
    ...(tech === "window" ? { window } : {}),
    decomposition,
  };
}

/** Components of the adjacent-period index from Farrell-form distances e (keys as in `distances`). */
function adjacent(e: Record<string, number>, vrs: boolean, rayDesli: boolean): Record<string, number> {
  const e00 = e["D_t(t)"]!;
  const e01 = e["D_t(t+1)"]!;
  const e10 = e["D_t+1(t)"]!;
  const e11 = e["D_t+1(t+1)"]!;
  const tfpch = Math.sqrt((e01 / e00) * (e11 / e10));
  const effch = e11 / e00;
  const techch = Math.sqrt((e01 / e11) * (e00 / e10));
  if (!vrs) return { tfpch, effch, techch };
  const pech = e["Dv_t+1(t+1)"]! / e["Dv_t(t)"]!;
  if (!rayDesli) return { tfpch, effch, techch, pech, sech: effch / pech };
  const techchVrs = Math.sqrt((e["Dv_t(t+1)"]! / e["Dv_t+1(t+1)"]!) * (e["Dv_t(t)"]! / e["Dv_t+1(t)"]!));
  return { tfpch, techch: techchVrs, pech, sech: tfpch / (pech * techchVrs) };
}

/** Components of the global (G) or biennial (B) index from Farrell-form distances e. */
function singleFrontier(
  e: Record<string, number>,
  letter: "G" | "B",
  vrs: boolean,
  rayDesli: boolean,
): Record<string, number> {
  const g0 = e[`D_${letter}(t)`]!;
  const g1 = e[`D_${letter}(t+1)`]!;
  const e00 = e["D_t(t)"]!;
  const e11 = e["D_t+1(t+1)"]!;
  const tfpch = g1 / g0;
  const effch = e11 / e00;
  const bpc = g1 / e11 / (g0 / e00);
  if (!vrs) return { tfpch, effch, bpc };
  const v00 = e["Dv_t(t)"]!;
  const v11 = e["Dv_t+1(t+1)"]!;
  const pech = v11 / v00;
  if (!rayDesli) return { tfpch, effch, bpc, pech, sech: effch / pech };
  const bpcVrs = e[`Dv_${letter}(t+1)`]! / v11 / (e[`Dv_${letter}(t)`]! / v00);
  return { tfpch, bpc: bpcVrs, pech, sech: tfpch / (pech * bpcVrs) };
}

function malmquistNote(
  rts: "crs" | "vrs",
  orientation: Orientation,
  technology: Technology,
  window: number,
  decomposition: MalmquistDecomposition,
): string {
  const distance =
    orientation === "output"
      ? "output distances D = 1/φ"
      : "input distances D = 1/θ (the index uses θ = 1/D, so > 1 is growth as in output orientation)";
  const tech = technology === "window" ? `window technology (${window} periods)` : `${technology} technology`;
  const split =
    technology === "global" || technology === "biennial"
      ? decomposition === "ray-desli"
        ? "tfpch = pech × bpc × sech, bpc from VRS distances, sech residual (Ray–Desli)"
        : `tfpch = effch × bpc${rts === "vrs" ? ", effch = pech × sech (VRS)" : ""}`
      : decomposition === "ray-desli"
        ? "tfpch = pech × techch × sech, techch from VRS distances, sech residual (Ray–Desli)"
        : `tfpch = effch × techch${rts === "vrs" ? ", effch = pech × sech (VRS, FGNZ/DEAP)" : ""}`;
  return `Malmquist index (CRS distances), ${distance}, ${tech}; ${split}; > 1 = growth, < 1 = decline, 1 = no change`;
}

/** Inputs must be finite and > 0, outputs finite and ≥ 0; every bad cell is one issue with unit, period and column. */
function checkValues(panel: PeriodPanel, names: MalmquistOptions["names"]): void {
  const issues = new IssueCollector();
  const scan = (
    a: { data: Float64Array; rows: number; cols: number },
    kind: "input" | "output",
    labels: readonly string[] | undefined,
  ) => {
    for (let i = 0; i < a.rows; i++)
      for (let j = 0; j < a.cols; j++) {
        const v = a.data[i * a.cols + j]!;
        if (Number.isFinite(v) && (kind === "input" ? v > 0 : v >= 0)) continue;
        const column = labels?.[j] ?? `${kind} ${j + 1}`;
        const entity = panel.units[panel.unit[i]!]!;
        const time = panel.periods[panel.period[i]!]!;
        issues.add({
          code: "bad_value",
          entity,
          time,
          column,
          message: Number.isFinite(v)
            ? `${kind} ${column} of ${entity} in ${time} is ${v}; the Malmquist index needs ${kind === "input" ? "inputs > 0" : "outputs ≥ 0"}`
            : `${kind} ${column} of ${entity} in ${time} is missing or not finite (${v})`,
          hint:
            kind === "input"
              ? "drop the observation or the input, or replace a zero by a small positive quantity and say so"
              : "drop the observation, or fill the missing output",
        });
      }
  };
  scan(panel.X, "input", names?.inputs);
  scan(panel.Y, "output", names?.outputs);
  issues.throwIfAny();
}
