/**
 * Study step `method: moran`: global Moran's I of a variable in every period with normal, randomisation and seeded
 * permutation inference (as `nqpf moran`), optionally local Moran (LISA) for every period. Figures: I over time and
 * the Moran scatter of the last period with LISA classes. The permutations use the step's `seed` (default 1), which
 * the run result reports.
 */
import { z } from "zod";
import { localMoranTable, moranByYear, moranScatter, moranTable } from "../../methods/spatial/moran.js";
import { weightsSummaryTable } from "../../methods/spatial/weights.js";
import { boundedNumber, columnName, flag, wholeNumber } from "../problems.js";
import type { FigureSpec } from "../types.js";
import { numberOrNull } from "./disparity.js";
import { periodRange } from "./figures.js";
import { oneUse } from "./options.js";
import { buildWeights, checkWeightsMap, weightsConflicts, weightsShape } from "./spatial-weights.js";
import { defineStep } from "./step.js";

/** Seed of the permutations when the step gives none. */
export const DEFAULT_SEED = 1;

const schema = z.strictObject({
  var: columnName,
  ...weightsShape,
  permutations: wholeNumber(0, 1_000_000, 999).optional(),
  seed: wholeNumber(0, 0xffffffff, DEFAULT_SEED).optional(),
  alpha: boundedNumber(Number.MIN_VALUE, 1 - Number.EPSILON, "a level in (0, 1)", 0.05).optional(),
  local: flag.optional(),
});

/** The `moran` step. */
export const moranStep = defineStep(schema, {
  method: "moran",
  summary: "global Moran's I per period (normal, randomisation, seeded permutations); local Moran (LISA)",
  conflicts: (o) => weightsConflicts(o, "queen"),
  variables: (o) => [...oneUse("var", o.var), ...oneUse("distance-var", o["distance-var"])],
  check: (o, ctx) => checkWeightsMap(o, ctx, o.weights ?? "queen"),
  async run(o, ctx) {
    const p = ctx.panel;
    const type = o.weights ?? "queen";
    const seed = o.seed ?? DEFAULT_SEED;
    const permutations = o.permutations ?? 999;
    const alpha = o.alpha ?? 0.05;
    const built = await buildWeights(o, type, p, ctx);
    const result = moranByYear(p, o.var, built.weights, {
      permutations,
      seed,
      ...(o.local === true ? { local: { alpha } } : {}),
    });
    const tableOptions = {
      periods: result.years,
      timeColumn: result.timeColumn,
      variable: o.var,
      weights: built.description,
    };
    const tables = [moranTable(result.global, tableOptions)];
    if (result.local !== undefined)
      tables.push(localMoranTable(result.local, { ...tableOptions, idColumn: result.entityColumn }));
    tables.push(weightsSummaryTable(result.weights, result.weights.ids.map(ctx.label)));

    const last = result.years[result.years.length - 1]!;
    const lastLocal =
      result.local?.at(-1) ??
      moranByYear(p, o.var, built.weights, { permutations, seed, from: last, to: last, local: { alpha } })
        .local![0]!;
    const scatter = moranScatter(lastLocal.y, result.weights);
    const figures: FigureSpec[] = [
      {
        kind: "time-series",
        id: `${ctx.id}-i`,
        title: `Global Moran's I of ${o.var}, ${periodRange(result.years)}`,
        periods: result.years,
        series: [
          { name: "Moran's I", values: result.global.map((r) => numberOrNull(r.I)) },
          { name: "E[I]", values: result.global.map((r) => numberOrNull(r.expected)) },
        ],
        yLabel: "Moran's I",
      },
      {
        kind: "moran-scatter",
        id: `${ctx.id}-scatter`,
        title: `Moran scatter of ${o.var}, ${last} (LISA classes at ${alpha})`,
        z: Array.from(scatter.z),
        wz: Array.from(scatter.lag),
        labels: scatter.ids.map(ctx.label),
        classes: [...lastLocal.cluster],
        slope: scatter.slope,
      },
    ];
    const warnings = [
      ...built.warnings,
      ...result.global.flatMap((r, k) => r.warnings.map((w) => `${result.years[k]!}: ${w}`)),
    ];
    return {
      title: ctx.title ?? `Moran's I of ${o.var}, ${periodRange(result.years)}`,
      tables,
      figures,
      notes: [
        `Weights: ${built.description}.`,
        ...built.notes,
        `Inference: two-tailed p under normality and randomisation (Cliff & Ord 1981); pseudo p from ${permutations} random permutations (MT19937, seed ${seed}; folded as esda), the same seed in every period. LISA classes: quadrant where the local pseudo p ≤ ${alpha}, else "ns".`,
        "References: Moran (1950) Biometrika 37:17–23; Cliff & Ord (1981) Spatial Processes; Anselin (1995) Geographical Analysis 27(2):93–115; Anselin (1996) for the Moran scatter.",
      ],
      warnings,
      seed,
    };
  },
});
