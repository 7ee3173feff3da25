/**
 * Study step `method: convergence`: σ-convergence (CV and SD of logs per period, with trends) and β-convergence
 * (growth on the initial log level; pooled, unit or two-way fixed effects; conventional, HC1 or cluster-robust
 * standard errors; speed and half-life), for the whole sample and per group (as `nqpf convergence`).
 */
import { z } from "zod";
import {
  betaConvergencePanel,
  betaConvergenceTables,
  sigmaConvergencePanel,
  sigmaConvergenceTables,
} from "../../methods/disparity/convergence.js";
import type { Table } from "../../table/table.js";
import { choice, columnList, columnName, listOf, type StudyProblem } from "../problems.js";
import type { FigureSpec } from "../types.js";
import { numberOrNull } from "./disparity.js";
import { periodRange } from "./figures.js";
import { groupUse, listUses, oneUse } from "./options.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  var: columnName,
  type: choice(["both", "sigma", "beta"] as const).optional(),
  fe: choice(["none", "unit", "twoway"] as const).optional(),
  se: choice(["cluster", "robust", "conventional"] as const).optional(),
  controls: columnList.optional(),
  group: columnName.optional(),
});

/** The `convergence` step. */
export const convergenceStep = defineStep(schema, {
  method: "convergence",
  summary: "σ-convergence (CV, SD of logs, trends) and β-convergence (pooled, unit or two-way fixed effects)",
  conflicts(o) {
    const problems: StudyProblem[] = [];
    if (o.type === "sigma")
      for (const key of ["fe", "se", "controls"] as const)
        if (o[key] !== undefined)
          problems.push({
            path: [key],
            message: `${key} applies to β-convergence, not to type sigma`,
            hint: "write type: beta or type: both, or remove it",
          });
    return problems;
  },
  variables: (o) => [...oneUse("var", o.var), ...listUses("controls", o.controls), ...groupUse(o.group)],
  run(o, ctx) {
    const p = ctx.panel;
    const type = o.type ?? "both";
    const fe = o.fe ?? "none";
    const se = o.se ?? "cluster";
    const controls = listOf(o.controls);
    const where = o.group !== undefined ? { group: o.group } : {};
    const tables: Table[] = [];
    const figures: FigureSpec[] = [];
    const notes: string[] = [];
    const warnings: string[] = [];
    if (type !== "beta") {
      const sigma = sigmaConvergencePanel(p, { variable: o.var, ...where });
      const t = sigmaConvergenceTables(sigma);
      tables.push(t.series, t.trend);
      figures.push({
        kind: "time-series",
        id: `${ctx.id}-sigma`,
        title: `σ-convergence of ${o.var}: coefficient of variation${o.group !== undefined ? ` by ${o.group}` : ""}`,
        periods: sigma.times,
        series: sigma.series.map((s) => ({ name: s.group, values: Array.from(s.result.cv, numberOrNull) })),
        yLabel: "CV",
      });
      notes.push(
        "σ-convergence: the dispersion (CV, SD of logs) falls over time; the trend is the OLS slope on the period.",
      );
    }
    if (type !== "sigma") {
      const beta = betaConvergencePanel(p, { variable: o.var, fe, se, controls, ...where });
      const t = betaConvergenceTables(beta);
      tables.push(t.summary, t.coefficients);
      const feText =
        fe === "none" ? "pooled OLS" : fe === "unit" ? "unit fixed effects" : "unit and period fixed effects";
      const seText =
        se === "cluster" ? "clustered by unit" : se === "robust" ? "robust (HC1)" : "conventional";
      notes.push(
        `β-convergence: ln(x_t+τ / x_t) = α + β ln x_t${controls.length > 0 ? ` + ${controls.join(" + ")}` : ""} + ε, ${feText}, standard errors ${seText}, τ = ${beta.tau}; β < 0 means convergence, speed λ = −ln(1 + β)/τ, half-life ln 2/λ.`,
      );
      const diverging = beta.models.filter((m) => m.result.speedStatus !== "converging").map((m) => m.group);
      if (diverging.length > 0)
        warnings.push(`no convergence speed (β ≥ 0 or β ≤ −1): ${diverging.join(", ")}`);
    }
    notes.push(
      "References: Barro & Sala-i-Martin (1992) JPE 100(2):223–251; Islam (1995) QJE 110(4):1127–1170 (panel fixed effects); Sala-i-Martin (1996).",
    );
    return {
      title: ctx.title ?? `Convergence of ${o.var}, ${periodRange(p.times)}`,
      tables,
      figures,
      notes,
      warnings,
    };
  },
});
