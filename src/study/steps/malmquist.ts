/**
 * Study step `method: malmquist`: the radial Malmquist TFP index between adjacent periods with its decomposition (as
 * `nqpf malmquist`), cumulative levels by group, a choropleth of the cumulative index and warnings naming the
 * unit-pairs whose LPs failed (a VRS cross-period LP can be infeasible; the run goes on).
 */
import { z } from "zod";
import { malmquist, MALMQUIST_REFERENCE } from "../../methods/productivity/malmquist.js";
import { TECHNOLOGIES } from "../../methods/productivity/period-panel.js";
import { choice, columnList, expected, flag, listOf, wholeNumber, type StudyProblem } from "../problems.js";
import { groupOption, groupUse, listUses, resolveGroup } from "./options.js";
import {
  cumulativeComponent,
  cumulativeProblems,
  malmquistComponents,
  productivityPanel,
  titledIndexStepRun,
} from "./productivity.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  inputs: columnList,
  outputs: columnList,
  rts: choice(["crs", "vrs"] as const).optional(),
  orientation: choice(["out", "in"] as const).optional(),
  technology: choice(TECHNOLOGIES as unknown as readonly [string, ...string[]]).optional(),
  window: wholeNumber(1, 1000, 3).optional(),
  decomposition: choice(["fgnz", "ray-desli"] as const).optional(),
  cumulative: z
    .union([flag, z.string().min(1)], {
      error: expected("true, false or a component", "write e.g. cumulative: effch"),
    })
    .optional(),
  group: groupOption,
  incomplete: choice(["error", "drop"] as const).optional(),
});

/** The `malmquist` step. */
export const malmquistStep = defineStep(schema, {
  method: "malmquist",
  summary:
    "Malmquist TFP index between adjacent periods (radial DEA) with its decomposition and cumulative levels",
  conflicts(o) {
    const problems: StudyProblem[] = [];
    if (o.decomposition === "ray-desli" && o.rts !== "vrs")
      problems.push({
        path: ["decomposition"],
        message: "decomposition ray-desli needs rts vrs",
        hint: "add rts: vrs (Ray–Desli splits technical change under VRS)",
      });
    if (o.window !== undefined && o.technology !== "window")
      problems.push({
        path: ["window"],
        message: "window needs technology window",
        hint: "add technology: window, or remove window",
      });
    problems.push(...cumulativeProblems(o.cumulative, malmquistComponents(o)));
    return problems;
  },
  variables: (o) => [
    ...listUses("inputs", o.inputs),
    ...listUses("outputs", o.outputs),
    ...groupUse(o.group),
  ],
  outputs: (o) => ["index", ...malmquistComponents(o), ...(o.cumulative !== false ? ["cumulative"] : [])],
  run(o, ctx) {
    const inputs = listOf(o.inputs);
    const outputs = listOf(o.outputs);
    const { kept, periods } = productivityPanel(ctx, {
      inputs,
      outputs,
      dropIncomplete: o.incomplete === "drop",
      positiveInputs: true,
      measure: "the Malmquist index",
    });
    const result = malmquist(periods, {
      ...(o.rts !== undefined ? { rts: o.rts } : {}),
      orientation: o.orientation === "in" ? "input" : "output",
      ...(o.technology !== undefined ? { technology: o.technology as (typeof TECHNOLOGIES)[number] } : {}),
      ...(o.window !== undefined ? { window: o.window } : {}),
      ...(o.decomposition !== undefined ? { decomposition: o.decomposition } : {}),
      names: { inputs, outputs },
    });
    const parameters = {
      inputs,
      outputs,
      rts: result.rts,
      orientation: result.orientation,
      technology: result.technology,
      ...(result.window !== undefined ? { window: result.window } : {}),
      decomposition: result.decomposition,
    };
    const name = `Malmquist TFP (${result.technology}, ${result.rts.toUpperCase()}, ${result.orientation})`;
    return titledIndexStepRun(
      ctx,
      {
        result,
        kept,
        reference: MALMQUIST_REFERENCE,
        parameters,
        component: cumulativeComponent(o.cumulative),
        group: resolveGroup(o.group, ctx),
        name,
      },
      `Inputs ${inputs.join(", ")}; outputs ${outputs.join(", ")}; ${result.units.length} units, ${result.periods.length} periods.`,
    );
  },
});
