/**
 * `nqpf theil <data> --var <column> [--group region_nbs4] [--ddof 1] [--entity] [--time] [--years] [--incomplete]
 * [--out] [--force]`: Theil T and L with within/between parts by period, the coefficient of variation and the SD of logs.
 */
import pc from "picocolors";
import { NqpfInputError } from "../../errors.js";
import { theilByPeriod, type TheilByPeriodResult } from "../../methods/disparity/theil.js";
import { theilTables } from "../../methods/disparity/theil-table.js";
import { writeCommandTables } from "../command-panel.js";
import { printRows } from "../format.js";
import { DEFAULT_GROUP, cellText, loadDisparityInput, percentText, printLeftOut } from "./gini.js";

/**
 * Runs `nqpf theil`: Theil T and L of --var in every period with within/between parts by --group (default
 * region_nbs4 when present), CV and SD of logs; prints them by year; writes the two tables with --out.
 * @param data a data file or a bundled dataset name
 * @param options the parsed command-line flags
 * @throws NqpfInputError for unknown columns, bad flags, missing keys, missing, zero or negative values, empty groups
 */
export async function theilCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const ddof = options.ddof;
  const ddofText =
    ddof === undefined
      ? "1"
      : typeof ddof === "number"
        ? String(ddof)
        : typeof ddof === "string"
          ? ddof.trim()
          : "";
  if (ddofText !== "0" && ddofText !== "1")
    throw new NqpfInputError([
      {
        code: "bad_argument",
        message: `--ddof ${JSON.stringify(options.ddof)} is not 0 or 1`,
        hint: "write --ddof 1 (sample standard deviation, n − 1) or --ddof 0 (population, n)",
      },
    ]);
  const input = await loadDisparityInput(data, options, DEFAULT_GROUP);
  const result = theilByPeriod(input.panel, input.variable, {
    ...input.samples,
    ddof: ddofText === "0" ? 0 : 1,
  });
  printLeftOut(result, input.groupNote);
  printTheil(result);
  if (typeof options.out === "string") {
    const tables = theilTables(result);
    const written = await writeCommandTables(
      options.out,
      [tables.overall, tables.groups],
      options.force === true,
    );
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

function printTheil(result: TheilByPeriodResult): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const grouped = result.group !== undefined;
  out(
    `${pc.bold("Theil indices")} of ${result.variable}${grouped ? ` by ${result.group} (${result.groupLabels.join(", ")})` : ""}`,
  );
  out();
  const pct = (part: number, total: number): string =>
    percentText(total > 0 ? (100 * part) / total : Number.NaN);
  printRows(
    [
      result.time,
      "n",
      "T",
      ...(grouped ? ["T_w", "T_b", "T_b %"] : []),
      "L",
      ...(grouped ? ["L_w", "L_b", "L_b %"] : []),
      "CV",
      "SD log",
    ],
    result.results.map((r, k) => [
      String(result.periods[k]!),
      String(r.n),
      cellText(r.t),
      ...(grouped ? [cellText(r.tWithin), cellText(r.tBetween), pct(r.tBetween, r.t)] : []),
      cellText(r.l),
      ...(grouped ? [cellText(r.lWithin), cellText(r.lBetween), pct(r.lBetween, r.l)] : []),
      cellText(r.cv),
      cellText(r.sdLog),
    ]),
    out,
  );
  out(
    pc.dim(
      `T = T_w + T_b, L = L_w + L_b; CV and SD of logs with n − ${result.ddof}; per-group T_g and L_g are in the tables (--out)`,
    ),
  );
}
