/**
 * Study step `method: kde`: exact kernel densities of a variable in every period on one grid (as `nqpf kde`), the
 * data of the density-over-years surface of NQPF papers, with peaks, location and spread per period (and group).
 */
import { z } from "zod";
import {
  BANDWIDTH_RULES,
  KERNELS,
  kernelDensityByPeriod,
  type BandwidthRule,
  type Kernel,
} from "../../methods/disparity/kernel-density.js";
import { kernelDensityTables } from "../../methods/disparity/kernel-density-table.js";
import { boundedNumber, choice, columnName, expected, wholeNumber } from "../problems.js";
import { disparityWarnings } from "./disparity.js";
import { periodRange } from "./figures.js";
import { groupUse, oneUse } from "./options.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  var: columnName,
  kernel: choice(KERNELS as unknown as readonly [Kernel, ...Kernel[]], "gaussian").optional(),
  bandwidth: z
    .union(
      [
        choice(BANDWIDTH_RULES as unknown as readonly [BandwidthRule, ...BandwidthRule[]]),
        z.number().positive(),
      ],
      {
        error: expected(
          `a rule (${BANDWIDTH_RULES.join(", ")}) or a number > 0`,
          "write e.g. bandwidth: silverman or bandwidth: 0.05",
        ),
      },
    )
    .optional(),
  grid: wholeNumber(2, 100000, 200).optional(),
  cut: boundedNumber(0, 1000, "a number ≥ 0", 3).optional(),
  group: columnName.optional(),
  incomplete: choice(["error", "drop"] as const).optional(),
});

/** The `kde` step. */
export const kdeStep = defineStep(schema, {
  method: "kde",
  summary: "kernel densities by period on one grid (density-over-years surface), with peaks and spread",
  variables: (o) => [...oneUse("var", o.var), ...groupUse(o.group)],
  run(o, ctx) {
    const result = kernelDensityByPeriod(ctx.panel, o.var, {
      ...(o.group !== undefined ? { group: o.group } : {}),
      missing: o.incomplete === "drop" ? "drop" : "error",
      ...(o.kernel !== undefined ? { kernel: o.kernel } : {}),
      ...(o.bandwidth !== undefined ? { bandwidth: o.bandwidth } : {}),
      ...(o.grid !== undefined ? { points: o.grid } : {}),
      ...(o.cut !== undefined ? { cut: o.cut } : {}),
    });
    const tables = kernelDensityTables(result);
    const all = result.estimates.filter((e) => e.group === "all");
    return {
      title: ctx.title ?? `Kernel density of ${o.var}, ${periodRange(all.map((e) => e.time))}`,
      tables: [tables.density, tables.summary, tables.peaks],
      figures: [
        {
          kind: "density-surface",
          id: `${ctx.id}-surface`,
          title: `Kernel density of ${o.var} by year (${result.kernel} kernel, bandwidth ${result.bandwidthRule})`,
          years: all.map((e) => e.time),
          grid: Array.from(result.grid),
          density: all.map((e) => Array.from(e.result.density)),
        },
      ],
      notes: [
        `f̂(x) = (1/(n h)) Σ_i K((x − x_i)/h), exact sums on ${result.grid.length} grid points (cut ${result.cut} bandwidths beyond the data), ${result.kernel} kernel, bandwidth ${result.bandwidthRule}${o.group !== undefined ? `; also per ${o.group}` : ""}.`,
        "Reference: Rosenblatt (1956); Parzen (1962); Silverman (1986) Density Estimation, ch. 3.",
      ],
      warnings: disparityWarnings(result, ctx.label),
    };
  },
});
