/**
 * Study step `method: theil`: Theil T and L with within/between parts by a group column in every period, the
 * coefficient of variation and the SD of logs (as `nqpf theil`). Figures: T split into within and between parts by
 * year (stacked), and T, L and CV over time.
 */
import { z } from "zod";
import { theilByPeriod } from "../../methods/disparity/theil.js";
import { theilTables } from "../../methods/disparity/theil-table.js";
import { choice, columnName, expected } from "../problems.js";
import type { FigureSpec } from "../types.js";
import { disparityWarnings, numberOrNull } from "./disparity.js";
import { periodRange } from "./figures.js";
import { groupOption, groupUse, oneUse, resolveGroup } from "./options.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  var: columnName,
  group: groupOption,
  ddof: z
    .union([z.literal(0), z.literal(1)], {
      error: expected("0 or 1", "write ddof: 1 (sample, n − 1) or ddof: 0 (population, n)"),
    })
    .optional(),
  incomplete: choice(["error", "drop"] as const).optional(),
});

/** The `theil` step. */
export const theilStep = defineStep(schema, {
  method: "theil",
  summary: "Theil T and L with within/between parts by group in every period; CV and SD of logs",
  variables: (o) => [...oneUse("var", o.var), ...groupUse(o.group)],
  run(o, ctx) {
    const group = resolveGroup(o.group, ctx);
    const result = theilByPeriod(ctx.panel, o.var, {
      ...(group !== undefined ? { group } : {}),
      missing: o.incomplete === "drop" ? "drop" : "error",
      ddof: o.ddof ?? 1,
    });
    const tables = theilTables(result);
    const figures: FigureSpec[] = [];
    if (group !== undefined)
      figures.push({
        kind: "stacked-bar",
        id: `${ctx.id}-parts`,
        title: `Theil T of ${o.var}: within and between ${group}`,
        categories: result.periods.map(String),
        series: [
          { name: "within (T_w)", values: result.results.map((r) => numberOrNull(r.tWithin)) },
          { name: "between (T_b)", values: result.results.map((r) => numberOrNull(r.tBetween)) },
        ],
      });
    figures.push({
      kind: "time-series",
      id: `${ctx.id}-indices`,
      title: `Inequality of ${o.var}: Theil T, Theil L, CV`,
      periods: result.periods,
      series: [
        { name: "Theil T", values: result.results.map((r) => numberOrNull(r.t)) },
        { name: "Theil L", values: result.results.map((r) => numberOrNull(r.l)) },
        { name: "CV", values: result.results.map((r) => numberOrNull(r.cv)) },
      ],
    });
    return {
      title:
        ctx.title ??
        `Theil indices of ${o.var}${group !== undefined ? ` by ${group}` : ""}, ${periodRange(result.periods)}`,
      tables: [tables.overall, tables.groups],
      figures,
      notes: [
        `T = Σ_g s_g T_g + Σ_g s_g ln(μ_g/μ), L = Σ_g p_g L_g + Σ_g p_g ln(μ/μ_g); CV and SD of logs with n − ${result.ddof}.`,
        "Reference: Theil (1967); Shorrocks (1980) Econometrica 48(3):613–625.",
      ],
      warnings: disparityWarnings(result, ctx.label),
    };
  },
});
