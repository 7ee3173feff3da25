/**
 * Study step `method: capital-stock`: capital stock per entity and year by the perpetual-inventory method,
 * K_t = I_t/P_t + (1 − δ)K_t−1 (as `nqpf capital-stock`), with the initial stock I/(g + δ) or given. Usually run on
 * its own source (`source:`, the whole investment history) and used by a later frontier step as
 * `<id>.capital_stock`. Tables of stocks and initial stocks; the mean stock by group over time.
 */
import { z } from "zod";
import {
  perpetualInventory,
  perpetualInventoryTables,
  PIM_DEFAULT_DELTA,
  type PerpetualInventoryOptions,
} from "../../methods/productivity/capital-stock.js";
import { panel as buildPanel } from "../../panel/panel.js";
import { numberColumn, stringColumn, table } from "../../table/table.js";
import {
  boundedNumber,
  choice,
  columnName,
  expected,
  wholeNumber,
  year,
  type StudyProblem,
} from "../problems.js";
import { entityGroupLabels, meansByGroup, periodRange } from "./figures.js";
import { groupOption, oneUse, resolveGroup } from "./options.js";
import { defineStep } from "./step.js";

const schema = z.strictObject({
  investment: columnName,
  deflator: columnName.optional(),
  "deflator-kind": choice(["level", "chain"] as const).optional(),
  "deflator-base": year.optional(),
  delta: boundedNumber(0, 1, "a rate in [0, 1]", PIM_DEFAULT_DELTA).optional(),
  initial: choice(["g-delta", "given"] as const).optional(),
  "initial-years": wholeNumber(1, 100, 5).optional(),
  "growth-mean": choice(["geometric", "arithmetic"] as const).optional(),
  timing: choice(["opening", "base-year"] as const).optional(),
  "initial-stock": z
    .union([columnName, z.number().nonnegative()], {
      error: expected(
        "a column or a number ≥ 0",
        "write e.g. initial-stock: k1952 (a column) or initial-stock: 100",
      ),
    })
    .optional(),
  "base-year": year.optional(),
  group: groupOption,
});

type Options = z.output<typeof schema>;

function initialRule(o: Options): "g-delta" | "given" {
  return o.initial ?? (o["initial-stock"] !== undefined ? "given" : "g-delta");
}

/** The `capital-stock` step. */
export const capitalStockStep = defineStep(schema, {
  method: "capital-stock",
  summary: "capital stock by the perpetual-inventory method, initial stock I/(g + δ) or given",
  conflicts(o) {
    const problems: StudyProblem[] = [];
    const initial = initialRule(o);
    if (initial === "given" && o["initial-stock"] === undefined)
      problems.push({
        path: ["initial"],
        message: "initial given needs initial-stock",
        hint: "give a column holding each entity's base-year stock, or one number, with initial-stock",
      });
    if (initial === "g-delta" && o["initial-stock"] !== undefined)
      problems.push({
        path: ["initial-stock"],
        message: "initial-stock is only used with initial given",
        hint: "remove initial-stock, or write initial: given",
      });
    if (
      initial === "given" &&
      (o["initial-years"] !== undefined || o["growth-mean"] !== undefined || o.timing !== undefined)
    )
      problems.push({
        path: ["initial"],
        message: "initial-years, growth-mean and timing belong to initial g-delta",
        hint: "remove them when the initial stock is given",
      });
    if (o.deflator === undefined && (o["deflator-kind"] !== undefined || o["deflator-base"] !== undefined))
      problems.push({
        path: [o["deflator-kind"] !== undefined ? "deflator-kind" : "deflator-base"],
        message: "deflator-kind and deflator-base need deflator",
        hint: "name the investment price index column with deflator",
      });
    return problems;
  },
  variables: (o) => [
    ...oneUse("investment", o.investment),
    ...oneUse("deflator", o.deflator),
    ...(typeof o["initial-stock"] === "string" ? oneUse("initial-stock", o["initial-stock"]) : []),
    ...(typeof o.group === "string" ? oneUse("group", o.group, "category") : []),
  ],
  outputs: () => ["capital_stock", "real_investment", "price_index"],
  run(o, ctx) {
    const p = ctx.panel;
    const options: PerpetualInventoryOptions = {
      investment: o.investment,
      ...(o.deflator !== undefined ? { deflator: o.deflator } : {}),
      ...(o["deflator-kind"] !== undefined ? { deflatorKind: o["deflator-kind"] } : {}),
      ...(o["deflator-base"] !== undefined ? { deflatorBase: o["deflator-base"] } : {}),
      ...(o.delta !== undefined ? { delta: o.delta } : {}),
      initial: initialRule(o),
      ...(o["initial-years"] !== undefined ? { initialYears: o["initial-years"] } : {}),
      ...(o["growth-mean"] !== undefined ? { growthMean: o["growth-mean"] } : {}),
      ...(o.timing !== undefined ? { timing: o.timing } : {}),
      ...(o["initial-stock"] !== undefined ? { initialStock: o["initial-stock"] } : {}),
      ...(o["base-year"] !== undefined ? { baseYear: o["base-year"] } : {}),
    };
    const result = perpetualInventory(p, options);
    const tables = perpetualInventoryTables(result);
    const rows = result.year.length;
    const entities = Array.from({ length: rows }, (_, r) => result.entities[result.entity[r]!]!);
    const outputs = buildPanel(
      table([
        stringColumn(p.entity, entities),
        numberColumn(p.time, result.year),
        numberColumn("capital_stock", result.stock, { label: "capital stock (perpetual inventory)" }),
        numberColumn("real_investment", result.realInvestment),
        numberColumn("price_index", result.priceIndex),
      ]),
      { entity: p.entity, time: p.time },
    );
    const group = resolveGroup(o.group, ctx);
    const rule =
      result.initial === "given"
        ? "given initial stocks"
        : `initial stock I/(g + δ), g the ${result.growthMean} growth of real investment over ${result.initialYears} years, ${result.timing} timing`;
    return {
      title: ctx.title ?? `Capital stock (perpetual inventory, δ = ${result.delta}), ${periodRange(p.times)}`,
      tables: [tables.stocks, tables.initial],
      figures: [
        {
          kind: "time-series",
          id: `${ctx.id}-stock`,
          title: `Mean capital stock${group !== undefined ? ` by ${group}` : ""}, ${periodRange(p.times)}`,
          periods: p.times,
          series: meansByGroup(
            p.times,
            entities.map((entity, r) => ({ entity, period: result.year[r]!, value: result.stock[r]! })),
            entityGroupLabels(p, group),
          ),
          ...(result.investmentUnit !== undefined
            ? { yLabel: result.investmentUnit.replace(/,?\s*current prices?/i, "") }
            : {}),
        },
      ],
      notes: [
        `K_t = I_t/P_t + (1 − δ)K_t−1 with δ = ${result.delta}; ${rule}; investment ${result.columns.investment}${result.columns.deflator !== undefined ? `, deflator ${result.columns.deflator} (${result.deflatorKind})` : " (taken as real)"}.`,
        "Reference: Harberger (1978); Hall & Jones (1999) QJE 114(1):83–116; 张军, 吴桂英, 张吉鹏 (2004) 经济研究 (10):35–44 (δ = 9.6 % for provinces).",
      ],
      warnings: [],
      outputs,
    };
  },
});
