/**
 * Luenberger productivity indicator (additive, > 0 = growth) over a period panel, with directional-distance or
 * slacks-based inefficiencies and contemporaneous, sequential, window, global or biennial technologies.
 * Notation: D_s(t) is the inefficiency of the period-t observation against technology s ("t", "t+1": the period's
 * technology of the chosen kind; "G": all periods; "B": periods t and t + 1).
 */

import {
  checkDistance,
  describeMeasure,
  indexPair,
  pairDistances,
  resolveMeasure,
  type GreenIndexOptions,
} from "./malmquist-luenberger.js";
import type { PeriodPanel } from "./period-panel.js";
import type { IndexPair, IndexResult } from "./types.js";

/** Options of {@link luenberger}: as {@link GreenIndexOptions} (distance, technology, window, rts, direction, badDisposability, solver, names). */
export type LuenbergerOptions = GreenIndexOptions;

/** Literature line of the Luenberger family, for table metadata. */
export const LUENBERGER_REFERENCE =
  "Chambers, Färe & Grosskopf (1996) Pacific Econ. Rev. 1(3):181–190; Chambers, Chung & Färe (1996) J. Econ. Theory 70(2):407–419; Fukuyama & Weber (2009) Socio-Econ. Plan. Sci. 43(4):274–287; Oh (2010) J. Prod. Anal. 34(3):183–197";

/**
 * Luenberger productivity indicator and its additive decomposition, by unit and adjacent period pair; > 0 means
 * productivity growth.
 * - contemporaneous (Chambers, Färe & Grosskopf 1996), sequential and window technologies:
 *   L = ½[(D_t+1(t) − D_t+1(t+1)) + (D_t(t) − D_t(t+1))] = LEC + LTC, LEC = D_t(t) − D_t+1(t+1), LTC = L − LEC;
 * - global and biennial technologies: L = D_G(t) − D_G(t+1) = LEC + LBPC, LBPC = [D_G(t) − D_t(t)] − [D_G(t+1) − D_t+1(t+1)]
 *   (with "B" for biennial), LEC from the contemporaneous technologies.
 * Distances: "ddf" is the radial directional distance β (default g = (0, y, b); bads weakly or freely disposable);
 * "sbm" is the additive slacks-based inefficiency of Fukuyama & Weber (2009) with undesirable outputs and
 * g = (x, y, b): D = max ½[(1/m) Σ_i s⁻_i/x_i + (1/(s + k)) (Σ_r s⁺_r/y_r + Σ_l s^b_l/b_l)] s.t. Σλx + s⁻ = x,
 * Σλy − s⁺ = y, Σλb + s^b = b, λ, s ≥ 0 (VRS: Σλ = 1), solved as the non-radial DDF with these weights (Zhou, Ang &
 * Wang 2012 form; a variable whose value is 0 has no term); it is ≥ 0 and has no super-efficiency form, so a mixed-period LP of a unit outside the other
 * period's technology is infeasible (a status). Units enter a pair only when observed in both periods; a failed LP
 * makes the unit-pair's status non-optimal with a reason naming the distance, and its components NaN.
 *
 * Reference: Chambers, Färe & Grosskopf (1996), "Productivity growth in APEC countries", Pacific Econ. Rev.
 * 1(3):181–190; Chambers, Chung & Färe (1996), J. Econ. Theory 70(2):407–419, doi:10.1006/jeth.1996.0096; Fukuyama &
 * Weber (2009), "A directional slacks-based measure of technical inefficiency", Socio-Econ. Plan. Sci. 43(4):274–287,
 * doi:10.1016/j.seps.2008.12.001;
 * Oh (2010) for the global form; test vectors methods.md §4.8 (j).
 *
 * @param panel period panel with inputs X, good outputs Y and (optionally) bad outputs B
 * @param options distance ("ddf" | "sbm"), technology, window, rts, direction and badDisposability (DDF), solver, names
 * @returns an IndexResult (convention "additive"): per pair "l", "lec" and "ltc" (or "lbpc" for global and biennial
 *   technologies), the distances "D_…", status and reason per unit
 * @throws RangeError naming `luenberger` for fewer than two periods or an option outside its domain
 * @throws NqpfInputError (code "bad_value", entity = unit, time = period, column = variable) for negative or non-finite data
 * @example
 * // methods.md §4.8 (j), DMU 1: x = 1, (y, b) = (7, 2) then (8, 1)
 * luenberger(panel).pairs[0].components.l[0]
 * // => 0.1678743961352656
 */
export function luenberger(panel: PeriodPanel, options: LuenbergerOptions = {}): IndexResult {
  const caller = "luenberger";
  const distance = options.distance ?? "ddf";
  checkDistance(caller, distance);
  if ((options as { super?: unknown }).super !== undefined)
    throw new RangeError(`${caller}: super does not apply (the slacks-based inefficiency has no super form)`);
  const measure = resolveMeasure(caller, options, distance === "ddf" ? "ddf" : "sbi", undefined);
  const twoTech = measure.technology === "global" || measure.technology === "biennial";
  const pooled = measure.technology === "global" ? "G" : "B";
  const pairs = pairDistances(caller, panel, measure, options.names ?? {}).map((pd): IndexPair => {
    const n = pd.pair.units.length;
    const l = new Float64Array(n).fill(Number.NaN);
    const lec = new Float64Array(n).fill(Number.NaN);
    const change = new Float64Array(n).fill(Number.NaN);
    const d = (key: string, i: number): number => pd.values[key]![i]!;
    for (let i = 0; i < n; i++) {
      if (pd.status[i] !== "optimal") continue;
      const own = d("t(t)", i);
      const ownNext = d("t+1(t+1)", i);
      lec[i] = own - ownNext;
      if (twoTech) {
        const atT = d(`${pooled}(t)`, i);
        const atNext = d(`${pooled}(t+1)`, i);
        l[i] = atT - atNext;
        change[i] = atT - own - (atNext - ownNext);
      } else {
        const cross = d("t(t+1)", i);
        const crossBack = d("t+1(t)", i);
        l[i] = 0.5 * (crossBack - ownNext + (own - cross));
        change[i] = 0.5 * (crossBack - own + (ownNext - cross));
      }
    }
    return indexPair(panel, pd, "D", { l, lec, [twoTech ? "lbpc" : "ltc"]: change });
  });
  const name = INDEX_NAMES[measure.technology];
  return {
    index: name,
    convention: "additive",
    note: `Luenberger indicator (${TECHNOLOGY_LABELS[measure.technology](measure.window)}), ${describeMeasure(measure, panel)}; > 0 = productivity growth, < 0 = decline; L = LEC + ${twoTech ? "LBPC" : "LTC"}`,
    units: panel.units,
    periods: panel.periods,
    pairs,
  };
}

const INDEX_NAMES = {
  contemporaneous: "luenberger",
  sequential: "sequential-luenberger",
  window: "window-luenberger",
  global: "global-luenberger",
  biennial: "biennial-luenberger",
} as const;

const TECHNOLOGY_LABELS = {
  contemporaneous: () => "contemporaneous technologies, Chambers, Färe & Grosskopf 1996",
  sequential: () => "sequential technologies: all periods up to t",
  window: (w: number) => `window technologies of ${w} periods`,
  global: () => "global technology of all periods",
  biennial: () => "biennial technology of periods t and t + 1",
} as const;
