/**
 * Study step `method: index`: the composite index of an indicator system on the step's data (as `nqpf index`),
 * with its tables (scores and ranks, weights, obstacles, coupling coordination, rank stability, PCA) and figures:
 * a choropleth of the last period, the mean index by group over time, the ranks of the leading units and the
 * dimension contributions of every unit in the last period. Offers `index`, `rank` and each top-level dimension's
 * index to later steps (e.g. `gini` on `<id>.index`).
 */
import { z } from "zod";
import { compositeIndexTables } from "../../methods/composite/composite-index-tables.js";
import { compositeIndex, type CompositeIndexOptions } from "../../methods/composite/composite-index.js";
import { systemVariables } from "../../methods/composite/indicator-system.js";
import { panelRow } from "../../panel/panel.js";
import { numberColumn, table, type Table } from "../../table/table.js";
import { boundedNumber, choice, expected, wholeNumber, year } from "../problems.js";
import { didYouMean } from "../suggest.js";
import type { FigureSpec } from "../types.js";
import { choropleth, entityGroupLabels, lastPeriod, meansByGroup, periodRange } from "./figures.js";
import { groupOption, groupUse, resolveGroup } from "./options.js";
import { defineStep } from "./step.js";

const WEIGHTS = ["entropy", "critic", "cv", "sd", "pca", "equal"] as const;

/** Units shown in the rank chart (the best of the last period). */
export const RANK_CHART_UNITS = 10;

const schema = z.strictObject({
  system: z
    .string({ error: expected("a system name", "write e.g. system: three (a name under systems:)") })
    .min(1)
    .optional(),
  normalise: choice(["add", "interval", "affine", "none"] as const).optional(),
  delta: boundedNumber(0, 0.5, "a number in [0, 0.5]", 0.0001).optional(),
  scope: choice(["pooled", "by-period"] as const).optional(),
  "base-year": year.optional(),
  weights: choice(WEIGHTS).optional(),
  entropy: choice(["pooled", "mean-of-periods"] as const).optional(),
  hierarchy: choice(["flat", "nested"] as const).optional(),
  aggregate: choice(["weighted-sum", "topsis", "grey"] as const).optional(),
  incomplete: choice(["drop", "error"] as const).optional(),
  top: wholeNumber(1, 100, 3).optional(),
  sensitivity: z
    .array(choice(WEIGHTS), {
      error: expected("a list of weightings", "write e.g. sensitivity: [critic, equal]"),
    })
    .optional(),
  lang: choice(["en", "zh"] as const).optional(),
  group: groupOption,
});

type Options = z.output<typeof schema>;

/** The system a step uses: the one it names, else the study's only system. */
function systemName(o: Options, known: readonly string[]): string | undefined {
  return o.system ?? (known.length === 1 ? known[0] : undefined);
}

/** The `index` step. */
export const compositeIndexStep = defineStep(schema, {
  method: "index",
  summary: "composite index of an indicator system: weights, scores, ranks, obstacles, coupling coordination",
  conflicts(o) {
    if (o["base-year"] !== undefined && o.scope !== undefined)
      return [
        {
          path: ["base-year"],
          message: "base-year sets the scope (min and max of that period); it cannot be combined with scope",
          hint: "remove scope, or remove base-year",
        },
      ];
    return [];
  },
  systems: (o) => (o.system !== undefined ? [{ path: ["system"], name: o.system }] : []),
  variables(o, ctx) {
    const name = systemName(o, [...ctx.systems.keys()]);
    const loaded = name !== undefined ? ctx.systems.get(name) : undefined;
    const uses = loaded
      ? systemVariables(loaded.system).map((v) => ({ path: ["system"], name: v, kind: "number" as const }))
      : [];
    return [...uses, ...groupUse(o.group)];
  },
  outputs(o, ctx) {
    const name = systemName(o, [...ctx.systems.keys()]);
    const loaded = name !== undefined ? ctx.systems.get(name) : undefined;
    const dimensions = loaded
      ? loaded.system.root.map((d) => d.id).filter((id) => id !== "index" && id !== "rank")
      : [];
    return ["index", "rank", ...dimensions];
  },
  check(o, ctx) {
    const known = [...ctx.systems.keys()];
    const name = systemName(o, known);
    if (name === undefined)
      return [
        {
          path: o.system !== undefined ? ["system"] : [],
          message:
            known.length === 0
              ? "no indicator system given"
              : "which indicator system? the study lists several",
          hint:
            known.length === 0
              ? "list one under systems: and name it with system:"
              : `write system: <one of ${known.join(", ")}>`,
        },
      ];
    if (!ctx.systems.has(name))
      return [
        {
          path: ["system"],
          message: `system "${name}" was not loaded`,
          hint: didYouMean(name, known, "systems"),
        },
      ];
    return [];
  },
  run(o, ctx) {
    const name = systemName(o, [...ctx.systems.keys()])!;
    const { system, file } = ctx.systems.get(name)!;
    const p = ctx.panel;
    const options: CompositeIndexOptions = {
      file,
      ...(o.normalise !== undefined ? { shift: o.normalise } : {}),
      ...(o.delta !== undefined ? { delta: o.delta } : {}),
      ...(o.scope !== undefined ? { scope: o.scope } : {}),
      ...(o["base-year"] !== undefined ? { scope: "base-period" as const, basePeriod: o["base-year"] } : {}),
      ...(o.weights !== undefined ? { weights: o.weights } : {}),
      ...(o.entropy !== undefined ? { entropyMode: o.entropy } : {}),
      ...(o.hierarchy !== undefined ? { hierarchy: o.hierarchy } : {}),
      ...(o.aggregate !== undefined ? { aggregate: o.aggregate } : {}),
      incomplete: o.incomplete === "error" ? "error" : "drop-entities",
      ...(o.top !== undefined ? { topK: o.top } : {}),
      ...(o.sensitivity !== undefined && o.sensitivity.length > 0 ? { sensitivity: o.sensitivity } : {}),
    };
    const result = compositeIndex(p, system, options);
    const language = o.lang ?? "en";
    const all = compositeIndexTables(result, { language });
    const tables = [all.scores, all.weights, all.obstacles, all.coupling, all.sensitivity, all.pca].filter(
      (t): t is Table => t !== undefined,
    );
    const q = result.panel;
    const n = q.table.rowCount;
    const D = result.dimensions.length;
    const systemTitle =
      (language === "zh" ? system.title?.zh : system.title?.en) ?? system.title?.en ?? system.name;

    // Outputs: the index, its rank and each dimension's index, keyed by entity and period.
    const entityColumn = q.table.columns.find((c) => c.name === q.entity)!;
    const timeColumn = q.table.columns.find((c) => c.name === q.time)!;
    const dimensionOutputs = result.dimensions
      .map((dim, d) => ({ dim, d }))
      .filter(({ dim }) => dim.id !== "index" && dim.id !== "rank")
      .map(({ dim, d }) =>
        numberColumn(
          dim.id,
          Array.from({ length: n }, (_, r) => result.dimensionIndex.data[r * D + d]!),
          { label: `dimension index ${dim.id}` },
        ),
      );
    const outputs = {
      ...q,
      table: table(
        [
          entityColumn,
          timeColumn,
          numberColumn("index", result.score, { label: `composite index (${systemTitle})` }),
          numberColumn("rank", result.rank, { label: "rank within the period (1 = highest)" }),
          ...dimensionOutputs,
        ],
        { name: "index" },
      ),
    };

    // Figures.
    const figures: FigureSpec[] = [];
    const last = lastPeriod(q);
    const lastTime = q.times.length - 1;
    const lastRows = Array.from({ length: n }, (_, r) => r).filter((r) => q.timeOf[r] === lastTime);
    const entityOf = (r: number): string => q.entities[q.entityOf[r]!]!;
    figures.push(
      ...choropleth(
        { ...ctx, panel: q },
        `${ctx.id}-map`,
        `${systemTitle}: composite index, ${last}`,
        new Map(lastRows.map((r) => [entityOf(r), result.score[r]!])),
      ),
    );
    const group = resolveGroup(o.group, ctx);
    const groups = entityGroupLabels(q, group);
    figures.push({
      kind: "time-series",
      id: `${ctx.id}-groups`,
      title: `${systemTitle}: mean composite index${group !== undefined ? ` by ${group}` : ""}, ${periodRange(q.times)}`,
      periods: q.times,
      series: meansByGroup(
        q.times,
        Array.from({ length: n }, (_, r) => ({
          entity: entityOf(r),
          period: q.times[q.timeOf[r]!]!,
          value: result.score[r]!,
        })),
        groups,
      ),
      yLabel: "composite index",
    });
    const leaders = [...lastRows]
      .sort((a, b) => result.rank[a]! - result.rank[b]!)
      .slice(0, RANK_CHART_UNITS);
    figures.push({
      kind: "rank-chart",
      id: `${ctx.id}-ranks`,
      title: `${systemTitle}: ranks of the ${leaders.length} leading units of ${last}`,
      periods: q.times,
      units: leaders.map((lr) => {
        const e = q.entityOf[lr]!;
        return {
          name: ctx.label(q.entities[e]!),
          ranks: q.times.map((_, t) => {
            const r = panelRow(q, e, t);
            return r >= 0 ? result.rank[r]! : null;
          }),
        };
      }),
    });
    if ((o.aggregate ?? "weighted-sum") === "weighted-sum") {
      const ordered = [...lastRows].sort((a, b) => result.score[b]! - result.score[a]!);
      const dimLabel = (d: number): string => {
        const dim = result.dimensions[d]!;
        return (language === "zh" ? dim.label?.zh : dim.label?.en) ?? dim.label?.en ?? dim.id;
      };
      figures.push({
        kind: "stacked-bar",
        id: `${ctx.id}-dimensions`,
        title: `${systemTitle}: contributions of the dimensions to the index, ${last}`,
        categories: ordered.map((r) => ctx.label(entityOf(r))),
        series: result.dimensions.map((_, d) => ({
          name: dimLabel(d),
          values: ordered.map((r) => {
            const v = result.dimensionScores.data[r * D + d]!;
            return Number.isFinite(v) ? v : null;
          }),
        })),
      });
    }

    const warnings =
      result.dropped.length > 0
        ? [
            `left out for missing values (incomplete: drop): ${result.dropped
              .map((d) => `${ctx.label(d.entity)} (${d.variable}${Number.isNaN(d.time) ? "" : ` ${d.time}`})`)
              .join(", ")}`,
          ]
        : [];
    return {
      title: ctx.title ?? `Composite index: ${systemTitle}, ${periodRange(q.times)}`,
      tables,
      figures,
      notes: [
        `Indicator system ${system.name} (${file}): ${result.dimensions.length} dimensions, ${result.leaves.length} indicators; ${q.entities.length} units × ${q.times.length} periods.`,
        `Parameters: ${Object.entries(result.parameters)
          .map(([k, v]) => `${k} ${v}`)
          .join("; ")}.`,
        "Scores are Σ_j W_j x'_j with x' the min–max normalised indicators (direction applied) and W_j the global leaf weights; dimension contributions add up to the score; rank 1 = highest within the period.",
        "References: entropy weights on the pooled panel 杨丽 & 孙之淳 (2015); CRITIC Diakoulaki et al. (1995); TOPSIS Hwang & Yoon (1981); coupling coordination 王淑佳 et al. (2021); obstacle degree methods.md §2.11.",
      ],
      warnings,
      outputs,
    };
  },
});
