/**
 * Study step `method: gini`: Dagum's Gini decomposition of a variable in every period by a group column (as
 * `nqpf gini`), e.g. of a composite index (`var: index.index`) by NBS region. Tables: overall G with its three parts,
 * within-group and between-group Ginis, the wide layout of NQPF papers; figures: the contributions G_w, G_nb and G_t
 * by year (stacked) and the within-group Ginis over time.
 */
import { z } from "zod";
import { dagumGiniByPeriod } from "../../methods/disparity/gini.js";
import { dagumGiniTables } from "../../methods/disparity/gini-table.js";
import { choice, columnName } from "../problems.js";
import { disparityWarnings, numberOrNull } from "./disparity.js";
import { periodRange } from "./figures.js";
import { groupOption, groupUse, oneUse, resolveGroup } from "./options.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  var: columnName,
  group: groupOption,
  incomplete: choice(["error", "drop"] as const).optional(),
});

/** The `gini` step. */
export const giniStep = defineStep(schema, {
  method: "gini",
  summary: "Dagum Gini decomposition by group in every period (within, net between, transvariation)",
  variables: (o) => [...oneUse("var", o.var), ...groupUse(o.group)],
  run(o, ctx) {
    const group = resolveGroup(o.group, ctx);
    const result = dagumGiniByPeriod(ctx.panel, o.var, {
      ...(group !== undefined ? { group } : {}),
      missing: o.incomplete === "drop" ? "drop" : "error",
    });
    const tables = dagumGiniTables(result);
    const years = result.periods.map(String);
    return {
      title:
        ctx.title ??
        `Dagum Gini decomposition of ${o.var}${group !== undefined ? ` by ${group}` : ""}, ${periodRange(result.periods)}`,
      tables: [tables.overall, tables.within, tables.between, tables.wide],
      figures: [
        {
          kind: "stacked-bar",
          id: `${ctx.id}-contributions`,
          title: `Dagum Gini of ${o.var}: contributions G = G_w + G_nb + G_t`,
          categories: years,
          series: [
            { name: "within (G_w)", values: result.results.map((r) => numberOrNull(r.withinContribution)) },
            {
              name: "net between (G_nb)",
              values: result.results.map((r) => numberOrNull(r.netBetweenContribution)),
            },
            {
              name: "transvariation (G_t)",
              values: result.results.map((r) => numberOrNull(r.transvariationContribution)),
            },
          ],
        },
        {
          kind: "time-series",
          id: `${ctx.id}-within`,
          title: `Gini of ${o.var}: overall and within ${group ?? "the sample"}`,
          periods: result.periods,
          series: [
            { name: "overall G", values: result.results.map((r) => numberOrNull(r.gini)) },
            ...(group !== undefined
              ? result.groupLabels.map((label, g) => ({
                  name: label,
                  values: result.results.map((r) => numberOrNull(r.within[g]!)),
                }))
              : []),
          ],
          yLabel: "Gini",
        },
      ],
      notes: [
        `Dagum (1997): G = G_w + G_nb + G_t; G_w = Σ_j G_jj p_j s_j, G_nb = Σ_j<h G_jh (p_j s_h + p_h s_j) D_jh, G_t the overlap (transvariation) part; groups ${group !== undefined ? `from ${group}: ${result.groupLabels.join(", ")}` : "none (G = G_w)"}.`,
        "Reference: Dagum, C. (1997) Empirical Economics 22(4):515–531.",
      ],
      warnings: disparityWarnings(result, ctx.label),
    };
  },
});
