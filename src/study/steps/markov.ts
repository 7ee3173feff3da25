/**
 * Study step `method: markov`: the Markov chain of a variable's classes (quartiles by default) with transition
 * probabilities, ergodic distribution, k-step matrices and the homogeneity test across groups (as `nqpf markov`), or
 * with `weights:` Rey's spatial Markov chain conditioned on the neighbours' class. Figures: heatmaps of the
 * transition probabilities.
 */
import { z } from "zod";
import {
  classLabels,
  markovPanel,
  markovTables,
  spatialMarkovPanel,
  spatialMarkovTables,
  type MarkovResult,
  type SpatialMarkovOptions,
} from "../../methods/disparity/markov.js";
import type { Table } from "../../table/table.js";
import { choice, columnName, expected, wholeNumber, type StudyProblem } from "../problems.js";
import type { FigureSpec } from "../types.js";
import { periodRange } from "./figures.js";
import { groupUse, oneUse } from "./options.js";
import { buildWeights, checkWeightsMap, weightsConflicts, weightsShape } from "./spatial-weights.js";
import { defineStep } from "./step.js";

const increasing = z
  .array(z.number(), { error: expected("increasing numbers", "write e.g. cutoffs: [0.2, 0.4, 0.6]") })
  .min(1)
  .refine((c) => c.every((v, j) => j === 0 || v > c[j - 1]!), {
    error: expected("numbers in increasing order", "write e.g. cutoffs: [0.2, 0.4, 0.6]"),
  });

const schema = z.strictObject({
  var: columnName,
  classes: wholeNumber(2, 20, 4).optional(),
  scheme: choice(["pooled", "per-year"] as const).optional(),
  cutoffs: increasing.optional(),
  "empty-rows": choice(["zero", "absorbing"] as const).optional(),
  steps: z
    .array(wholeNumber(1, 1000, 2), {
      error: expected("a list of whole numbers", "write e.g. steps: [2, 5, 10]"),
    })
    .optional(),
  group: columnName.optional(),
  "lag-classes": wholeNumber(2, 20, 4).optional(),
  "lag-scheme": choice(["quantiles", "same"] as const).optional(),
  "lag-cutoffs": increasing.optional(),
  ...weightsShape,
});

/** The `markov` step. */
export const markovStep = defineStep(schema, {
  method: "markov",
  summary:
    "Markov chain of classes (quartiles by default), ergodic distribution, homogeneity across groups; spatial Markov with weights",
  conflicts(o) {
    const problems: StudyProblem[] = [];
    if (o.cutoffs !== undefined && o.scheme !== undefined)
      problems.push({
        path: ["scheme"],
        message: "scheme applies to quantile classes; cutoffs fix the classes",
        hint: "remove scheme or cutoffs",
      });
    if (o.cutoffs !== undefined && o.classes !== undefined && o.classes !== o.cutoffs.length + 1)
      problems.push({
        path: ["classes"],
        message: `classes ${o.classes} does not match ${o.cutoffs.length} cut-offs (${o.cutoffs.length + 1} classes)`,
        hint: "remove classes with fixed cut-offs",
      });
    const lag = [o["lag-classes"], o["lag-scheme"], o["lag-cutoffs"]].filter((x) => x !== undefined).length;
    if (o.weights === undefined && lag > 0)
      problems.push({
        path: ["weights"],
        message: "lag-classes, lag-scheme and lag-cutoffs need weights",
        hint: "write weights: queen (or rook, knn, …) for the spatial Markov chain",
      });
    if (lag > 1)
      problems.push({
        path: ["lag-classes"],
        message: "give one of lag-classes, lag-scheme and lag-cutoffs",
        hint: "they are alternatives",
      });
    if (o.weights !== undefined && o.group !== undefined)
      problems.push({
        path: ["group"],
        message: "group and weights cannot be combined",
        hint: "the spatial chain conditions on the neighbours' class; run the group comparison as another step",
      });
    if (o.weights !== undefined && o.steps !== undefined)
      problems.push({
        path: ["steps"],
        message: "steps (k-step matrices) apply to the ordinary chain",
        hint: "remove steps, or remove weights",
      });
    if (o.weights !== undefined) problems.push(...weightsConflicts(o, undefined));
    else
      for (const key of [
        "k",
        "power",
        "cutoff",
        "islands",
        "nearest",
        "links",
        "tolerance",
        "standardise",
        "map",
        "id",
        "distance-var",
      ] as const)
        if (o[key] !== undefined)
          problems.push({
            path: [key],
            message: `${key} belongs to the spatial chain`,
            hint: "add weights: queen (or rook, knn, …), or remove it",
          });
    return problems;
  },
  variables: (o) => [
    ...oneUse("var", o.var),
    ...groupUse(o.group),
    ...oneUse("distance-var", o["distance-var"]),
  ],
  check: (o, ctx) => (o.weights !== undefined ? checkWeightsMap(o, ctx, o.weights) : []),
  async run(o, ctx) {
    const p = ctx.panel;
    const classes =
      o.cutoffs !== undefined
        ? { cutoffs: o.cutoffs }
        : {
            ...(o.classes !== undefined ? { k: o.classes } : {}),
            ...(o.scheme !== undefined ? { scheme: o.scheme } : {}),
          };
    const emptyRows = o["empty-rows"] ?? "zero";
    const figures: FigureSpec[] = [];
    const heatmap = (id: string, title: string, chain: MarkovResult): FigureSpec => {
      const labels = classLabels(chain.k);
      return {
        kind: "heatmap",
        id,
        title,
        rows: labels,
        columns: labels,
        values: labels.map((_, i) => labels.map((_, j) => chain.probabilities.data[i * chain.k + j]!)),
        digits: 3,
      };
    };
    let tables: Table[];
    const notes: string[] = [];
    const warnings: string[] = [];
    if (o.weights !== undefined) {
      const built = await buildWeights(o, o.weights, p, ctx);
      const lag: Pick<SpatialMarkovOptions, "lagClasses" | "lagCutoffs"> =
        o["lag-cutoffs"] !== undefined
          ? { lagCutoffs: o["lag-cutoffs"] }
          : o["lag-scheme"] === "same"
            ? { lagCutoffs: "same" }
            : o["lag-classes"] !== undefined
              ? { lagClasses: o["lag-classes"] }
              : {};
      const result = spatialMarkovPanel(p, built.weights, {
        variable: o.var,
        ...classes,
        ...lag,
        emptyRows,
        ...(built.file !== undefined ? { weightsFile: built.file } : {}),
      });
      const t = spatialMarkovTables(result);
      tables = [t.transitions, t.tests, t.units];
      figures.push(
        heatmap(`${ctx.id}-transitions`, `Transition probabilities of ${o.var} (all units)`, result.global),
      );
      result.conditional.forEach((chain, m) => {
        figures.push(
          heatmap(
            `${ctx.id}-lag${m + 1}`,
            `Transition probabilities of ${o.var}, neighbours in L${m + 1}`,
            chain,
          ),
        );
      });
      notes.push(
        `Spatial Markov chain (Rey 2001): transitions conditioned on the class of the spatial lag; weights: ${built.description}.`,
        ...built.notes,
      );
      warnings.push(...built.warnings);
    } else {
      const result = markovPanel(p, {
        variable: o.var,
        ...classes,
        emptyRows,
        ...(o.group !== undefined ? { group: o.group } : {}),
      });
      const t = markovTables(result, o.steps !== undefined ? { steps: o.steps } : {});
      tables = [
        t.transitions,
        t.classes,
        t.units,
        ...(t.kStep ? [t.kStep] : []),
        ...(t.tests ? [t.tests] : []),
      ];
      figures.push(
        heatmap(
          `${ctx.id}-transitions`,
          `Transition probabilities of ${o.var}, ${periodRange(p.times)}`,
          result.chain,
        ),
      );
      if (result.chain.ergodic.status !== "unique")
        warnings.push(
          `the chain has ${result.chain.ergodic.recurrentClasses.length} recurrent classes: no unique ergodic distribution`,
        );
      if (result.chain.emptyClasses.length > 0)
        warnings.push(
          `no transition starts in ${result.chain.emptyClasses.map((j) => `C${j + 1}`).join(", ")} (empty-rows ${emptyRows})`,
        );
    }
    return {
      title:
        ctx.title ??
        `Markov chain of ${o.var}${o.weights !== undefined ? ` (spatial, ${o.weights})` : ""}, ${periodRange(p.times)}`,
      tables,
      figures,
      notes: [
        `Classes ${o.cutoffs !== undefined ? `by fixed cut-offs ${o.cutoffs.join(", ")}` : `${o.classes ?? 4} quantile classes (${o.scheme ?? "pooled"})`}, C1 lowest; P_ij = n_ij / n_i over ${p.entities.length} units and ${p.times.length - 1} transitions each.`,
        ...notes,
        "References: Quah (1993); Rey (2001) Geographical Analysis 33(1):23–32; Bickenbach & Bode (2003) International Regional Science Review 26(3):363–392.",
      ],
      warnings,
    };
  },
});
