/**
 * One entry to the frontier models the CLI `nqpf dea` and the study step `dea` offer: radial DEA (or its
 * super-efficiency form), FDH, SBM (with undesirable outputs, super-SBM) and the directional distance function,
 * each with its result table. The option names are those of the command line and study files.
 * References: see the model modules (dea.ts, fdh.ts, sbm.ts, ddf.ts, super-efficiency.ts).
 */
import type { Matrix } from "../../math/matrix.js";
import type { Table } from "../../table/table.js";
import { ddf, ddfTable } from "./ddf.js";
import { dea, type DeaResult } from "./dea.js";
import { deaTable, fdhTable, superEfficiencyTable } from "./dea-table.js";
import { fdh } from "./fdh.js";
import { sbm } from "./sbm.js";
import { sbmTable } from "./sbm-table.js";
import { superEfficiency } from "./super-efficiency.js";
import type { FrontierNames, Orientation, Rts, UnitStatus } from "./types.js";

/** The models of `nqpf dea --model` and of the study step `dea`. */
export type FrontierModel = "radial" | "sbm" | "ddf" | "fdh";

/** Options of {@link frontierModel}, as written on the command line and in study files. */
export interface FrontierModelOptions {
  /** Returns to scale (default "crs"; FDH ignores it). */
  readonly rts?: Rts;
  /** "in", "out", or "none" (SBM only); default "none" for SBM and "in" otherwise. */
  readonly orientation?: "in" | "out" | "none";
  /** Super-efficiency (radial: Andersen–Petersen; SBM: super-SBM). */
  readonly super?: boolean;
  /** Undesirable outputs (SBM and DDF). */
  readonly bad?: Matrix;
  readonly names: FrontierNames;
}

/** A model's per-unit scores and statuses with its result table. */
export interface FrontierModelOutcome {
  readonly table: Table;
  readonly scores: Float64Array;
  readonly status: readonly UnitStatus[];
  readonly reason: readonly (string | undefined)[];
}

/** The radial orientation of an option value ("out" → output, else input). */
export function radialOrientation(orientation: FrontierModelOptions["orientation"]): Orientation {
  return orientation === "out" ? "output" : "input";
}

/**
 * Runs one frontier model on one reference set (the units are their own reference).
 * @param model radial, sbm, ddf or fdh
 * @param X inputs (units × inputs)
 * @param Y outputs (units × outputs)
 * @param options rts, orientation, super, bad, names
 * @param radial the radial result when the caller computed it already (e.g. on worker threads); used for
 *   `model: "radial"` without super-efficiency
 * @returns the table, scores, statuses and reasons
 * @example
 * frontierModel("sbm", X, Y, { rts: "vrs", bad: B, names }).scores
 */
export function frontierModel(
  model: FrontierModel,
  X: Matrix,
  Y: Matrix,
  options: FrontierModelOptions,
  radial?: DeaResult,
): FrontierModelOutcome {
  const { names, bad } = options;
  const rts: Rts = options.rts ?? "crs";
  const orientationFlag = options.orientation ?? (model === "sbm" ? "none" : "in");
  const orientation = radialOrientation(orientationFlag);
  const isSuper = options.super === true;
  const outcome = (result: Omit<FrontierModelOutcome, "table">, t: Table): FrontierModelOutcome => ({
    table: t,
    scores: result.scores,
    status: result.status,
    reason: result.reason,
  });
  switch (model) {
    case "radial": {
      if (isSuper) {
        const result = superEfficiency(X, Y, { rts, orientation, names });
        return outcome(result, superEfficiencyTable(result, names));
      }
      const result = radial ?? dea(X, Y, { rts, orientation, names });
      return outcome(result, deaTable(result, names));
    }
    case "fdh": {
      const result = fdh(X, Y, { orientation, names });
      return outcome(result, fdhTable(result, names));
    }
    case "sbm": {
      const result = sbm(X, Y, {
        rts,
        orientation: orientationFlag === "in" ? "input" : orientationFlag === "out" ? "output" : "none",
        ...(bad ? { bad } : {}),
        super: isSuper,
        names,
      });
      return outcome(result, sbmTable(result, names));
    }
    case "ddf": {
      const result = ddf(X, Y, { rts, ...(bad ? { bad } : {}), names });
      return outcome(result, ddfTable(result, names));
    }
  }
}
