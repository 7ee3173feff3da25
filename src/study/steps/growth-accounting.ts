/**
 * Study step `method: growth-accounting`: the Solow residual per entity and year with Törnqvist (labour share column)
 * or constant shares (as `nqpf growth-accounting`), e.g. PWT's recipe Y = rgdpna, K = rkna, L = emp·avh·hc with
 * labsh. Tables of pairs, means by period and by entity; figures: each entity's mean contributions (stacked) and
 * its TFP level over time. Offers tfp_growth, tfp_level, output_growth and the contributions to later steps.
 */
import { z } from "zod";
import {
  growthAccounting,
  growthAccountingTables,
  type GrowthAccountingOptions,
} from "../../methods/productivity/growth-accounting.js";
import { panel as buildPanel } from "../../panel/panel.js";
import { numberColumn, stringColumn, table } from "../../table/table.js";
import { boundedNumber, columnName, year, type StudyProblem } from "../problems.js";
import type { FigureSpec } from "../types.js";
import { periodRange } from "./figures.js";
import { groupOption, oneUse, resolveGroup } from "./options.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  output: columnName,
  capital: columnName,
  employment: columnName.optional(),
  hours: columnName.optional(),
  "human-capital": columnName.optional(),
  "labour-share": columnName.optional(),
  alpha: boundedNumber(0, 1, "a capital share in [0, 1]", 0.4).optional(),
  "base-year": year.optional(),
  group: groupOption,
});

const OUTPUTS = [
  "tfp_growth",
  "tfp_level",
  "output_growth",
  "labour_contribution",
  "capital_contribution",
] as const;

/** The `growth-accounting` step. */
export const growthAccountingStep = defineStep(schema, {
  method: "growth-accounting",
  summary:
    "growth accounting (Solow residual) with Törnqvist or constant shares; TFP growth and level per entity",
  conflicts(o) {
    const problems: StudyProblem[] = [];
    if (o.employment === undefined && o.hours === undefined && o["human-capital"] === undefined)
      problems.push({
        path: [],
        message: "no labour column given",
        hint: "name at least one of employment, hours, human-capital (labour = their product)",
      });
    if ((o["labour-share"] === undefined) === (o.alpha === undefined))
      problems.push({
        path: [o.alpha !== undefined ? "alpha" : "labour-share"],
        message: o.alpha === undefined ? "no factor shares given" : "labour-share and alpha both given",
        hint: "give labour-share: <column> (Törnqvist, time-varying) or alpha: <capital share> (constant), not both",
      });
    return problems;
  },
  variables: (o) => [
    ...oneUse("output", o.output),
    ...oneUse("capital", o.capital),
    ...oneUse("employment", o.employment),
    ...oneUse("hours", o.hours),
    ...oneUse("human-capital", o["human-capital"]),
    ...oneUse("labour-share", o["labour-share"]),
    ...(typeof o.group === "string" ? oneUse("group", o.group, "category") : []),
  ],
  outputs: () => [...OUTPUTS],
  run(o, ctx) {
    const p = ctx.panel;
    const group = resolveGroup(o.group, ctx);
    const options: GrowthAccountingOptions = {
      output: o.output,
      capital: o.capital,
      ...(o.employment !== undefined ? { employment: o.employment } : {}),
      ...(o.hours !== undefined ? { hours: o.hours } : {}),
      ...(o["human-capital"] !== undefined ? { humanCapital: o["human-capital"] } : {}),
      ...(o["labour-share"] !== undefined ? { labourShare: o["labour-share"] } : {}),
      ...(o.alpha !== undefined ? { alpha: o.alpha } : {}),
      ...(o["base-year"] !== undefined ? { baseYear: o["base-year"] } : {}),
      ...(group !== undefined ? { group } : {}),
    };
    const result = growthAccounting(p, options);
    const tables = growthAccountingTables(result);
    const shown = result.byEntity.filter((m) => m.count > 0);
    const pct = (x: number): number | null => (Number.isFinite(x) ? 100 * x : null);
    const levelAt = new Map<string, number>();
    for (let r = 0; r < result.year.length; r++)
      levelAt.set(`${result.entity[r]!}|${result.year[r]!}`, result.tfpLevel[r]!);
    const figures: FigureSpec[] = [
      {
        kind: "stacked-bar",
        id: `${ctx.id}-contributions`,
        title: `Mean annual growth: contributions of labour, capital and TFP (100·Δln), ${periodRange(p.times)}`,
        categories: shown.map((m) => ctx.label(m.entity)),
        series: [
          { name: "labour", values: shown.map((m) => pct(m.labourContribution)) },
          { name: "capital", values: shown.map((m) => pct(m.capitalContribution)) },
          { name: "TFP", values: shown.map((m) => pct(m.tfpGrowth)) },
        ],
      },
      {
        kind: "time-series",
        id: `${ctx.id}-tfp`,
        title: `TFP level (base year = 1), ${periodRange(p.times)}`,
        periods: p.times,
        series: result.entities.map((entity, e) => ({
          name: ctx.label(entity),
          values: p.times.map((t) => {
            const v = levelAt.get(`${e}|${t}`);
            return v !== undefined && Number.isFinite(v) ? v : null;
          }),
        })),
        yLabel: "TFP level",
      },
    ];
    const counts = new Map<string, number>();
    for (const s of result.status) counts.set(s, (counts.get(s) ?? 0) + 1);
    const warnings: string[] = [];
    const notComputed: string[] = [];
    result.status.forEach((s, r) => {
      if (s === "missing" || s === "gap")
        notComputed.push(
          `${ctx.label(result.entities[result.entity[r]!]!)} ${result.year[r]!} (${result.reason[r] ?? s})`,
        );
    });
    if (notComputed.length > 0)
      warnings.push(
        `${notComputed.length} entity-years have no growth pair (a value is missing, or the previous year): ${notComputed.join("; ")}`,
      );
    const none = result.byEntity.filter((m) => m.count === 0).map((m) => ctx.label(m.entity));
    if (none.length > 0) warnings.push(`no computed pair at all: ${none.join(", ")}`);

    const rows = result.year.length;
    const outputs = buildPanel(
      table([
        stringColumn(
          p.entity,
          Array.from({ length: rows }, (_, r) => result.entities[result.entity[r]!]!),
        ),
        numberColumn(p.time, result.year),
        numberColumn("tfp_growth", result.tfpGrowth),
        numberColumn("tfp_level", result.tfpLevel),
        numberColumn("output_growth", result.outputGrowth),
        numberColumn("labour_contribution", result.labourContribution),
        numberColumn("capital_contribution", result.capitalContribution),
      ]),
      { entity: p.entity, time: p.time },
    );
    const labour = result.labourComponents.map((c) => c.column).join(" × ");
    return {
      title: ctx.title ?? `Growth accounting, ${periodRange(p.times)}`,
      tables: [tables.pairs, tables.byPeriod, tables.byEntity],
      figures,
      notes: [
        `Y = ${result.columns.output}, K = ${result.columns.capital}, L = ${labour}; ${result.weights === "tornqvist" ? `Törnqvist labour shares ½(s_t−1 + s_t) from ${result.columns.labourShare!}` : `constant capital share α = ${result.alpha!}`}; growth in log differences (0.01 ≈ 1 %).`,
        `Δln A = Δln Y − s̄·Δln L − (1 − s̄)·Δln K; TFP level = exp of cumulated Δln A, 1 in each entity's base year. Pairs: ${counts.get("ok") ?? 0} computed, ${counts.get("missing") ?? 0} missing a value, ${counts.get("gap") ?? 0} after a gap, ${counts.get("first") ?? 0} first years.`,
        "Reference: Solow (1957) REStat 39(3):312–320; Feenstra, Inklaar & Timmer (2015) AER 105(10):3150–3182 (PWT rtfpna: L = emp·avh·hc, K = rkna, s = labsh).",
      ],
      warnings,
      outputs,
    };
  },
});
