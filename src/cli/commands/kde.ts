/**
 * `nqpf kde <data> --var <column> [--kernel gaussian|epanechnikov|epan2] [--bandwidth silverman|stata|nrd0|scott|<h>]
 * [--grid 200] [--cut 3] [--group <column>] [--entity] [--time] [--years] [--incomplete] [--out] [--force]`: exact kernel
 * densities by period on one grid (the data of a 3-D density-over-years plot), with peaks, location and spread.
 */
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import {
  BANDWIDTH_RULES,
  KERNELS,
  kernelDensityByPeriod,
  type BandwidthRule,
  type Kernel,
  type KernelDensityByPeriodResult,
} from "../../methods/disparity/kernel-density.js";
import { kernelDensityTables } from "../../methods/disparity/kernel-density-table.js";
import { parseNumber } from "../../table/table.js";
import { writeCommandTables } from "../command-panel.js";
import { printRows } from "../format.js";
import { loadDisparityInput, printLeftOut, significantText } from "./gini.js";

/**
 * Runs `nqpf kde`: kernel densities of --var in every period (and, with --group, in every group) on a common grid;
 * prints bandwidth, location, spread and peaks by year; writes the long density table, the summary and the peaks
 * with --out.
 * @param data a data file or a bundled dataset name
 * @param options the parsed command-line flags
 * @throws NqpfInputError for unknown columns, bad flags, missing keys, missing values, periods or groups with fewer than 2 units, data on which the bandwidth rule gives 0
 */
export async function kdeCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const kernel = (options.kernel ?? "gaussian") as Kernel;
  if (!KERNELS.includes(kernel))
    issues.push({
      code: "bad_argument",
      message: `--kernel ${JSON.stringify(options.kernel)} is not one of ${KERNELS.join(", ")}`,
      hint: "write e.g. --kernel gaussian",
    });
  const bandwidth = parseBandwidth(options.bandwidth, issues);
  const points = wholeNumber(options.grid, "--grid", 200, 2, issues);
  const cut = positiveNumber(options.cut, "--cut", 3, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);

  const input = await loadDisparityInput(data, options, undefined);
  const result = kernelDensityByPeriod(input.panel, input.variable, {
    ...input.samples,
    kernel,
    bandwidth,
    points,
    cut,
  });
  printLeftOut(result, undefined);
  printKde(result);
  if (typeof options.out === "string") {
    const tables = kernelDensityTables(result);
    const written = await writeCommandTables(
      options.out,
      [tables.density, tables.summary, tables.peaks],
      options.force === true,
    );
    process.stdout.write(`\nwrote ${written.join(", ")} (${tables.density.rowCount} density rows)\n`);
  }
}

function parseBandwidth(value: unknown, issues: InputIssue[]): BandwidthRule | number {
  if (value === undefined) return "silverman";
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if ((BANDWIDTH_RULES as readonly string[]).includes(text)) return text as BandwidthRule;
  const h = parseNumber(text);
  if (h !== undefined && h > 0 && Number.isFinite(h)) return h;
  issues.push({
    code: "bad_argument",
    message: `--bandwidth ${JSON.stringify(value)} is neither a rule (${BANDWIDTH_RULES.join(", ")}) nor a number > 0`,
    hint: "write e.g. --bandwidth silverman, --bandwidth nrd0 or --bandwidth 0.05",
  });
  return "silverman";
}

function wholeNumber(
  value: unknown,
  flag: string,
  fallback: number,
  min: number,
  issues: InputIssue[],
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min) return n;
  issues.push({
    code: "bad_argument",
    message: `${flag} ${JSON.stringify(value)} is not a whole number ≥ ${min}`,
    hint: `write e.g. ${flag} ${fallback}`,
  });
  return fallback;
}

function positiveNumber(value: unknown, flag: string, fallback: number, issues: InputIssue[]): number {
  if (value === undefined) return fallback;
  const n = typeof value === "number" ? value : typeof value === "string" ? parseNumber(value) : undefined;
  if (n !== undefined && n >= 0 && Number.isFinite(n)) return n;
  issues.push({
    code: "bad_argument",
    message: `${flag} ${JSON.stringify(value)} is not a number ≥ 0`,
    hint: `write e.g. ${flag} ${fallback}`,
  });
  return fallback;
}

function printKde(result: KernelDensityByPeriodResult): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const grid = result.grid;
  out(
    `${pc.bold("Kernel density")} of ${result.variable}: ${result.kernel} kernel, bandwidth ${result.bandwidthRule}, ${grid.length} grid points from ${significantText(grid[0]!)} to ${significantText(grid[grid.length - 1]!)}`,
  );
  const groups = [...new Set(result.estimates.map((e) => e.group))];
  for (const group of groups) {
    out();
    if (result.group !== undefined) out(group === "all" ? "all units" : `${result.group} = ${group}`);
    printRows(
      [result.time, "n", "h", "mean", "median", "sd", "IQR", "peaks", "main peak x", "height"],
      result.estimates
        .filter((e) => e.group === group)
        .map(({ time, result: r }) => {
          const main = r.peaks.main;
          return [
            String(time),
            String(r.n),
            significantText(r.bandwidth),
            significantText(r.summary.mean),
            significantText(r.summary.median),
            significantText(r.summary.sd),
            significantText(r.summary.iqr),
            String(r.peaks.location.length),
            main >= 0 ? significantText(r.peaks.location[main]!) : "",
            main >= 0 ? significantText(r.peaks.height[main]!) : "",
          ];
        }),
      out,
    );
  }
  out(
    pc.dim(
      "exact sums over the data at every grid point; the long year × x × density table is written with --out",
    ),
  );
}
