/**
 * Study step `method: gml`: green productivity between adjacent periods with undesirable outputs (as `nqpf gml`):
 * the Malmquist–Luenberger family (ml contemporaneous, gml global, sml sequential, biennial) or the Luenberger
 * indicator, with DDF or SBM distances; cumulative green TFP by group, a choropleth of the cumulative index, and
 * warnings naming the unit-pairs whose LPs failed. Inputs may name variables of earlier steps, e.g. the capital
 * stock of a capital-stock step (`capital.capital_stock`). The `luenberger` method is this step with the indicator
 * fixed (luenberger.ts).
 */
import { z } from "zod";
import { luenberger, LUENBERGER_REFERENCE } from "../../methods/productivity/luenberger.js";
import {
  malmquistLuenberger,
  MALMQUIST_LUENBERGER_REFERENCE,
} from "../../methods/productivity/malmquist-luenberger.js";
import type { Technology } from "../../methods/productivity/period-panel.js";
import type { IndexResult } from "../../methods/productivity/types.js";
import { choice, columnList, expected, flag, listOf, type StudyProblem } from "../problems.js";
import { groupOption, groupUse, listUses, resolveGroup } from "./options.js";
import {
  cumulativeComponent,
  cumulativeProblems,
  productivityPanel,
  titledIndexStepRun,
} from "./productivity.js";
import { defineStep, type StepDefinition } from "./step.js";

/** The indices of the gml step: ml (contemporaneous), gml (global), sml (sequential), biennial, luenberger. */
export const GML_INDICES = ["ml", "gml", "sml", "biennial", "luenberger"] as const;
type GmlIndex = (typeof GML_INDICES)[number];

const ML_TECHNOLOGY: Readonly<Record<Exclude<GmlIndex, "luenberger">, Technology>> = {
  ml: "contemporaneous",
  gml: "global",
  sml: "sequential",
  biennial: "biennial",
};
const LUENBERGER_TECHNOLOGIES = ["contemporaneous", "sequential", "global", "biennial"] as const;
const INDEX_NAMES: Readonly<Record<Technology, string>> = {
  contemporaneous: "ml",
  sequential: "sml",
  window: "wml",
  global: "gml",
  biennial: "bml",
};

const common = {
  inputs: columnList,
  outputs: columnList,
  bad: columnList.optional(),
  distance: choice(["ddf", "sbm"] as const).optional(),
  rts: choice(["crs", "vrs"] as const).optional(),
  technology: choice(LUENBERGER_TECHNOLOGIES).optional(),
  direction: choice(["yb", "xyb"] as const).optional(),
  disposability: choice(["weak", "free"] as const).optional(),
  cumulative: z
    .union([flag, z.string().min(1)], {
      error: expected("true, false or a component", "write e.g. cumulative: ec"),
    })
    .optional(),
  group: groupOption,
  incomplete: choice(["error", "drop"] as const).optional(),
};

const gmlSchema = z.strictObject({
  ...common,
  index: choice(GML_INDICES, "gml").optional(),
  super: flag.optional(),
});

const luenbergerSchema = z.strictObject(common);

interface GreenOptions {
  readonly inputs: string | readonly string[];
  readonly outputs: string | readonly string[];
  readonly bad?: string | readonly string[] | undefined;
  readonly index?: GmlIndex | undefined;
  readonly distance?: "ddf" | "sbm" | undefined;
  readonly rts?: "crs" | "vrs" | undefined;
  readonly technology?: (typeof LUENBERGER_TECHNOLOGIES)[number] | undefined;
  readonly direction?: "yb" | "xyb" | undefined;
  readonly disposability?: "weak" | "free" | undefined;
  readonly super?: boolean | undefined;
  readonly cumulative?: boolean | string | undefined;
  readonly group?: string | false | undefined;
  readonly incomplete?: "error" | "drop" | undefined;
}

function technologyOf(o: GreenOptions): Technology {
  const index = o.index ?? "gml";
  return index === "luenberger" ? (o.technology ?? "contemporaneous") : ML_TECHNOLOGY[index];
}

/** Component names of the index these options give (index first). */
function components(o: GreenOptions): string[] {
  const technology = technologyOf(o);
  const twoTech = technology === "global" || technology === "biennial";
  if ((o.index ?? "gml") === "luenberger") return ["l", "lec", twoTech ? "lbpc" : "ltc"];
  return [INDEX_NAMES[technology], "ec", twoTech ? "bpc" : "tc"];
}

function conflicts(o: GreenOptions): StudyProblem[] {
  const problems: StudyProblem[] = [];
  const index = o.index ?? "gml";
  if (index !== "luenberger" && o.technology !== undefined)
    problems.push({
      path: ["technology"],
      message: `technology applies to the Luenberger indicator; index ${index} sets its own (${ML_TECHNOLOGY[index]})`,
      hint: "remove technology, or choose the index by its technology: ml, gml (global), sml (sequential), biennial",
    });
  if (o.distance === "sbm" && (o.direction !== undefined || o.disposability !== undefined))
    problems.push({
      path: [o.direction !== undefined ? "direction" : "disposability"],
      message: "direction and disposability apply to distance ddf",
      hint: "remove them, or write distance: ddf",
    });
  if (o.super === true && (o.distance !== "sbm" || index === "luenberger"))
    problems.push({
      path: ["super"],
      message: "super applies to distance sbm with an ML-family index (ml, gml, sml, biennial)",
      hint: "add distance: sbm, or remove super",
    });
  problems.push(...cumulativeProblems(o.cumulative, components(o)));
  return problems;
}

function makeStep(
  method: "gml" | "luenberger",
  schema: z.ZodObject,
  fixed: Partial<GreenOptions>,
): StepDefinition {
  return defineStep(schema, {
    method,
    summary:
      method === "gml"
        ? "green productivity (Malmquist–Luenberger family: ml, gml, sml, biennial, or Luenberger) with undesirable outputs, DDF or SBM distances"
        : "Luenberger productivity indicator (additive) with undesirable outputs, DDF or SBM inefficiencies",
    conflicts: (raw) => conflicts({ ...(raw as unknown as GreenOptions), ...fixed }),
    variables: (raw) => {
      const o = raw as unknown as GreenOptions;
      return [
        ...listUses("inputs", o.inputs),
        ...listUses("outputs", o.outputs),
        ...listUses("bad", o.bad),
        ...groupUse(o.group),
      ];
    },
    outputs: (raw) => {
      const o = { ...(raw as unknown as GreenOptions), ...fixed };
      return ["index", ...components(o), ...(o.cumulative !== false ? ["cumulative"] : [])];
    },
    run(raw, ctx) {
      const o = { ...(raw as unknown as GreenOptions), ...fixed };
      const index = o.index ?? "gml";
      const distance = o.distance ?? "ddf";
      const rts = o.rts ?? "crs";
      const technology = technologyOf(o);
      const inputs = listOf(o.inputs);
      const outputs = listOf(o.outputs);
      const bads = listOf(o.bad);
      const { kept, periods } = productivityPanel(ctx, {
        inputs,
        outputs,
        bads,
        dropIncomplete: o.incomplete === "drop",
        positiveInputs: distance === "sbm" && index !== "luenberger" ? "the SBM divides by them" : false,
        measure: "the productivity index",
      });
      const settings = {
        distance,
        technology,
        rts,
        names: { inputs, outputs, bads },
        ...(o.direction !== undefined ? { direction: o.direction } : {}),
        ...(o.disposability !== undefined ? { badDisposability: o.disposability } : {}),
      };
      const result: IndexResult =
        index === "luenberger"
          ? luenberger(periods, settings)
          : malmquistLuenberger(periods, {
              ...settings,
              ...(o.super !== undefined ? { super: o.super } : {}),
            });
      const reference = index === "luenberger" ? LUENBERGER_REFERENCE : MALMQUIST_LUENBERGER_REFERENCE;
      const parameters = {
        inputs,
        outputs,
        bads,
        index: result.index,
        distance,
        technology,
        rts,
        ...(distance === "ddf"
          ? { direction: o.direction ?? "yb", badDisposability: o.disposability ?? "weak" }
          : {}),
        ...(o.super !== undefined ? { super: o.super } : {}),
      };
      const name = `${distance.toUpperCase()}-${result.index.toUpperCase()} (${technology}, ${rts.toUpperCase()})`;
      return titledIndexStepRun(
        ctx,
        {
          result,
          kept,
          reference,
          parameters,
          component: cumulativeComponent(o.cumulative),
          group: resolveGroup(o.group, ctx),
          name,
        },
        `Inputs ${inputs.join(", ")}; good outputs ${outputs.join(", ")}${bads.length > 0 ? `; undesirable outputs ${bads.join(", ")}` : ""}; ${result.units.length} units, ${result.periods.length} periods.`,
      );
    },
  });
}

/** The `gml` step. */
export const gmlStep: StepDefinition = makeStep("gml", gmlSchema, {});

/** The `luenberger` step: the gml step with the Luenberger indicator (option `technology` chooses its technology). */
export const luenbergerStepDefinition: StepDefinition = makeStep("luenberger", luenbergerSchema, {
  index: "luenberger",
});
