/**
 * Study step `method: dea`: efficiency by data envelopment analysis (as `nqpf dea`): radial CCR/BCC, SBM with
 * undesirable outputs, directional distance or FDH, optionally super-efficiency, each period against its own
 * frontier (default) or one pooled frontier. Tables per unit-period with status, slacks, targets and peers; the mean
 * score by group over time and a choropleth of the last period; warnings naming the units whose LPs failed.
 */
import { z } from "zod";
import { frontierModel } from "../../methods/frontier/frontier-model.js";
import type { FrontierNames } from "../../methods/frontier/types.js";
import { panel as buildPanel } from "../../panel/panel.js";
import { bindRows, numberColumn, stringColumn, table, type Table } from "../../table/table.js";
import { choice, columnList, flag, listOf, type StudyProblem } from "../problems.js";
import type { FigureSpec } from "../types.js";
import {
  choropleth,
  entityGroupLabels,
  failureWarnings,
  meansByGroup,
  periodRange,
  type Failure,
} from "./figures.js";
import { frontierMatrix, frontierRows } from "./frontier-data.js";
import { groupOption, groupUse, listUses, resolveGroup } from "./options.js";
import { withNames } from "./productivity.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  inputs: columnList,
  outputs: columnList,
  bad: columnList.optional(),
  model: choice(["radial", "sbm", "ddf", "fdh"] as const).optional(),
  rts: choice(["crs", "vrs", "nirs", "ndrs"] as const).optional(),
  orientation: choice(["in", "out", "none"] as const).optional(),
  super: flag.optional(),
  frontier: choice(["by-period", "pooled"] as const).optional(),
  group: groupOption,
  incomplete: choice(["error", "drop"] as const).optional(),
});

type Options = z.output<typeof schema>;
type Model = NonNullable<Options["model"]>;

/** The `dea` step. */
export const deaStep = defineStep(schema, {
  method: "dea",
  summary:
    "efficiency by DEA (radial, SBM with undesirable outputs, DDF, FDH; super-efficiency), per period or pooled",
  conflicts(o) {
    const problems: StudyProblem[] = [];
    const model = o.model ?? "radial";
    if (o.bad !== undefined && (model === "radial" || model === "fdh"))
      problems.push({
        path: ["bad"],
        message: `bad needs model sbm or ddf (the ${model} model has no undesirable outputs)`,
        hint: "write model: sbm (Tone 2003) or model: ddf (Chung et al. 1997)",
      });
    if (o.orientation === "none" && model !== "sbm")
      problems.push({
        path: ["orientation"],
        message: "orientation none (non-oriented) applies to model sbm",
        hint: "write orientation: in or out, or model: sbm",
      });
    if (o.super === true && model !== "radial" && model !== "sbm")
      problems.push({
        path: ["super"],
        message: `super-efficiency applies to models radial and sbm, not ${model}`,
        hint: "remove super, or choose model radial or sbm",
      });
    if (model === "fdh" && o.rts !== undefined)
      problems.push({ path: ["rts"], message: "FDH has no returns-to-scale option", hint: "remove rts" });
    return problems;
  },
  variables: (o) => [
    ...listUses("inputs", o.inputs),
    ...listUses("outputs", o.outputs),
    ...listUses("bad", o.bad),
    ...groupUse(o.group),
  ],
  outputs: () => ["score"],
  run(o, ctx) {
    const p = ctx.panel;
    const model: Model = o.model ?? "radial";
    const inputs = listOf(o.inputs);
    const outputs = listOf(o.outputs);
    const bads = listOf(o.bad);
    const kept = frontierRows(p, {
      inputs,
      outputs,
      bads,
      dropIncomplete: o.incomplete === "drop",
      positiveInputs: model === "sbm" ? "the SBM divides by them" : false,
      measure: "DEA",
    });
    const pooled = o.frontier === "pooled";
    const groups = new Map<number, number[]>();
    kept.rows.forEach((_, k) => {
      const key = pooled ? 0 : kept.period[k]!;
      groups.set(key, [...(groups.get(key) ?? []), k]);
    });
    const tables: Table[] = [];
    const failures: Failure[] = [];
    const score = new Float64Array(kept.rows.length).fill(Number.NaN);
    for (const members of groups.values()) {
      const rows = members.map((k) => kept.rows[k]!);
      const units = members.map((k) => kept.unit[k]!);
      const names: FrontierNames = { units, inputs, outputs, bads };
      const outcome = frontierModel(
        model,
        frontierMatrix(p, rows, inputs),
        frontierMatrix(p, rows, outputs),
        {
          ...(o.rts !== undefined ? { rts: o.rts } : {}),
          ...(o.orientation !== undefined ? { orientation: o.orientation } : {}),
          super: o.super === true,
          ...(bads.length > 0 ? { bad: frontierMatrix(p, rows, bads) } : {}),
          names,
        },
      );
      members.forEach((k, i) => {
        score[k] = outcome.scores[i]!;
        if (outcome.status[i] !== "optimal")
          failures.push({
            unit: ctx.label(kept.unit[k]!),
            when: String(kept.period[k]!),
            status: outcome.status[i]!,
            reason: outcome.reason[i],
          });
      });
      const periodColumn = numberColumn(
        p.time,
        members.map((k) => kept.period[k]!),
      );
      const [unit, ...rest] = outcome.table.columns;
      tables.push(table([unit!, periodColumn, ...rest], outcome.table.meta));
    }
    const result = withNames(bindRows(tables), "unit", ctx.label);
    const times = [...new Set(kept.period)].sort((a, b) => a - b);
    const group = resolveGroup(o.group, ctx);
    const figures: FigureSpec[] = [];
    const label = `${model === "radial" ? "radial DEA" : model.toUpperCase()}${o.super === true ? " super-efficiency" : ""} score`;
    if (times.length > 1)
      figures.push({
        kind: "time-series",
        id: `${ctx.id}-groups`,
        title: `Mean ${label}${group !== undefined ? ` by ${group}` : ""}, ${periodRange(times)}`,
        periods: times,
        series: meansByGroup(
          times,
          kept.rows.map((_, k) => ({ entity: kept.unit[k]!, period: kept.period[k]!, value: score[k]! })),
          entityGroupLabels(p, group),
        ),
        yLabel: label,
      });
    const last = times[times.length - 1];
    figures.push(
      ...choropleth(
        ctx,
        `${ctx.id}-map`,
        `${label}, ${last ?? ""}`,
        new Map(
          kept.rows.flatMap((_, k) => (kept.period[k] === last ? [[kept.unit[k]!, score[k]!] as const] : [])),
        ),
      ),
    );
    const warnings = failureWarnings(failures, "units");
    if (kept.leftOut.length > 0)
      warnings.push(
        `left out for missing values (incomplete: drop), ${kept.leftOut.length} observations: ${kept.leftOut.map((x) => `${ctx.label(x.entity)} ${x.time}`).join(", ")}`,
      );
    const outputsPanel = buildPanel(
      table([
        stringColumn(p.entity, kept.unit),
        numberColumn(p.time, kept.period),
        numberColumn("score", score, { label }),
      ]),
      { entity: p.entity, time: p.time },
    );
    return {
      title: ctx.title ?? `${label[0]!.toUpperCase()}${label.slice(1)}, ${periodRange(times)}`,
      tables: [result],
      figures,
      notes: [
        `Model ${model}, RTS ${o.rts ?? "crs"}, orientation ${o.orientation ?? (model === "sbm" ? "none" : "in")}${o.super === true ? ", super-efficiency" : ""}; ${pooled ? "one pooled frontier of all periods" : "each period against its own frontier"}.`,
        `Inputs ${inputs.join(", ")}; outputs ${outputs.join(", ")}${bads.length > 0 ? `; undesirable outputs ${bads.join(", ")}` : ""}.`,
        "References: Charnes, Cooper & Rhodes (1978); Banker, Charnes & Cooper (1984); Tone (2001, 2002, 2003); Chung, Färe & Grosskopf (1997); Deprins, Simar & Tulkens (1984); Andersen & Petersen (1993).",
      ],
      warnings,
      outputs: outputsPanel,
    };
  },
});
