/**
 * `nqpf capital-stock <data> --investment I [--deflator P] [--delta 0.096] [--initial g-delta|given]`: capital
 * stock per entity and year by the perpetual-inventory method, with each entity's initial stock.
 */
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import {
  perpetualInventory,
  perpetualInventoryTables,
  type DeflatorKind,
  type GrowthMean,
  type InitialStockMethod,
  type InitialTiming,
  type PerpetualInventoryOptions,
  type PerpetualInventoryResult,
} from "../../methods/productivity/capital-stock.js";
import { loadCommandPanel, writeCommandTables } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";
import { numberFlag } from "./growth-accounting.js";

function choice<T extends string>(
  value: unknown,
  flag: string,
  allowed: readonly T[],
  issues: InputIssue[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push({
    code: "bad_argument",
    message: `${flag}: unknown value "${typeof value === "string" ? value : typeof value}"`,
    hint: `choose one of ${allowed.join(", ")}`,
  });
  return undefined;
}

export async function capitalStockCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const text = (flag: string): string | undefined =>
    typeof options[flag] === "string" && options[flag].trim() !== "" ? options[flag].trim() : undefined;
  const investment = text("investment");
  const deflator = text("deflator");
  if (investment === undefined)
    issues.push({
      code: "bad_argument",
      message: "no investment column given",
      hint: "name it with --investment, e.g. --investment gfcf_100m_yuan_current",
    });
  const delta = numberFlag(
    options.delta,
    "--delta",
    issues,
    (x) => x >= 0 && x <= 1,
    "a rate in [0, 1]",
    "0.096",
  );
  const initialYears = numberFlag(
    options.initialYears,
    "--initial-years",
    issues,
    (x) => Number.isInteger(x) && x >= 1,
    "a whole number ≥ 1",
    "5",
  );
  const isYear = (x: number): boolean => Number.isInteger(x);
  const baseYear = numberFlag(options.baseYear, "--base-year", issues, isYear, "a year", "1978");
  const deflatorBase = numberFlag(options.deflatorBase, "--deflator-base", issues, isYear, "a year", "2000");
  const deflatorKind = choice<DeflatorKind>(
    options.deflatorKind,
    "--deflator-kind",
    ["level", "chain"],
    issues,
  );
  const growthMean = choice<GrowthMean>(
    options.growthMean,
    "--growth-mean",
    ["geometric", "arithmetic"],
    issues,
  );
  const timing = choice<InitialTiming>(options.timing, "--timing", ["opening", "base-year"], issues);
  const initialStockText = text("initialStock");
  const initial =
    choice<InitialStockMethod>(options.initial, "--initial", ["g-delta", "given"], issues) ??
    (initialStockText !== undefined ? "given" : "g-delta");
  if (initial === "given" && initialStockText === undefined)
    issues.push({
      code: "bad_argument",
      message: "--initial given needs --initial-stock",
      hint: "give a column holding each entity's base-year stock, or one number, with --initial-stock",
    });
  if (initial === "g-delta" && initialStockText !== undefined)
    issues.push({
      code: "bad_argument",
      message: "--initial-stock is only used with --initial given",
      hint: "drop --initial-stock, or pass --initial given",
    });
  if (initial === "given" && (initialYears !== undefined || growthMean !== undefined || timing !== undefined))
    issues.push({
      code: "bad_argument",
      message: "--initial-years, --growth-mean and --timing belong to --initial g-delta",
      hint: "drop them when the initial stock is given",
    });
  if (deflator === undefined && (deflatorKind !== undefined || deflatorBase !== undefined))
    issues.push({
      code: "bad_argument",
      message: "--deflator-kind and --deflator-base need --deflator",
      hint: "name the investment price index column with --deflator",
    });
  if (issues.length > 0) throw new NqpfInputError(issues);

  const { panel: p, file, fileRows } = await loadCommandPanel(data, options);
  // --initial-stock: a column of the data, else one number for every entity.
  let initialStock: PerpetualInventoryOptions["initialStock"];
  if (initialStockText !== undefined) {
    if (p.table.columns.some((c) => c.name === initialStockText)) initialStock = initialStockText;
    else {
      const value = Number(initialStockText);
      if (!Number.isFinite(value))
        throw new NqpfInputError([
          {
            code: "bad_argument",
            file,
            message: `--initial-stock "${initialStockText}" is neither a column nor a number`,
            hint: `name a column holding each entity's base-year stock, or give one number; columns: ${p.table.columns
              .map((c) => c.name)
              .slice(0, 40)
              .join(", ")}`,
          },
        ]);
      initialStock = value;
    }
  }
  const result = perpetualInventory(p, {
    investment: investment!,
    ...(deflator !== undefined ? { deflator } : {}),
    ...(deflatorKind !== undefined ? { deflatorKind } : {}),
    ...(deflatorBase !== undefined ? { deflatorBase } : {}),
    ...(delta !== undefined ? { delta } : {}),
    initial,
    ...(initialYears !== undefined ? { initialYears } : {}),
    ...(growthMean !== undefined ? { growthMean } : {}),
    ...(timing !== undefined ? { timing } : {}),
    ...(initialStock !== undefined ? { initialStock } : {}),
    ...(baseYear !== undefined ? { baseYear } : {}),
    file,
    ...(fileRows !== undefined ? { fileRows } : {}),
  });
  const tables = perpetualInventoryTables(result);
  printStockSummary(result);
  if (typeof options.out === "string") {
    const written = await writeCommandTables(
      options.out,
      [tables.stocks, tables.initial],
      options.force === true,
    );
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

/** Prints the rule and, per entity (first 40), base year, g, base-year stock and the last stock. */
function printStockSummary(result: PerpetualInventoryResult): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const rule =
    result.initial === "given"
      ? "given initial stocks"
      : `initial stock I/(g + δ), g = ${result.growthMean} growth over ${result.initialYears} years, ${result.timing} timing`;
  out(
    `${pc.bold("capital stock")}  K_t = I_t/P_t + (1 − δ)K_{t−1}, δ = ${result.delta}; ${rule}; investment ${result.columns.investment}${
      result.columns.deflator !== undefined
        ? `, deflator ${result.columns.deflator} (${result.deflatorKind})`
        : " (taken as real)"
    }`,
  );
  const last = new Map<number, { year: number; stock: number }>();
  result.stock.forEach((K, r) => {
    if (result.status[r] === "ok") last.set(result.entity[r]!, { year: result.year[r]!, stock: K });
  });
  const rows = result.initialStocks
    .slice(0, 40)
    .map((s, e) => [
      s.entity,
      String(s.baseYear),
      Number.isNaN(s.growth) ? "" : (100 * s.growth).toFixed(2),
      formatNumber(Number(s.stock.toPrecision(6))),
      last.has(e) ? String(last.get(e)!.year) : "",
      last.has(e) ? formatNumber(Number(last.get(e)!.stock.toPrecision(6))) : "",
    ]);
  out();
  printRows([result.entityColumn, "base year", "g %", "K base", "last year", "K last"], rows, out);
  if (result.initialStocks.length > 40)
    out(pc.dim(`… ${result.initialStocks.length - 40} more entities (write them with --out)`));
  const before = result.status.filter((s) => s === "before-base").length;
  if (before > 0)
    out(pc.dim(`${before} rows before an entity's base year have no stock (status before-base)`));
}
