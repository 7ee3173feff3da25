/**
 * `nqpf gini <data> --var <column> [--group region_nbs4] [--entity] [--time] [--years] [--incomplete] [--out] [--force]`:
 * Dagum's Gini decomposition by period (overall G, within-group G_jj, between-group G_jh with D_jh, and the shares
 * of G_w, G_nb and G_t). Also the flags, group choice and printing that `theil` and `kde` share.
 */
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../../errors.js";
import {
  dagumGiniByPeriod,
  type DagumGiniByPeriodResult,
  type PeriodSamplesOptions,
} from "../../methods/disparity/gini.js";
import { dagumGiniTables } from "../../methods/disparity/gini-table.js";
import { panelVariables, type Panel } from "../../panel/panel.js";
import { readCommandPanel, writeCommandTables } from "../command-panel.js";
import { formatNumber, printRows } from "../format.js";
import { parseYears } from "./read-options.js";

/** The group column used when --group is not given and the data have it (NBS East/Central/West/Northeast). */
export const DEFAULT_GROUP = "region_nbs4";

/** What the disparity commands need from <data> and the shared flags. */
export interface DisparityInput {
  readonly panel: Panel;
  /** The variable (--var). */
  readonly variable: string;
  /** Options for the by-period functions: group, from/to, missing policy, file and file rows. */
  readonly samples: PeriodSamplesOptions;
  /** Why there is no group column, when --group was not given and the default is absent. */
  readonly groupNote: string | undefined;
}

/**
 * Reads <data> as a panel keeping each row's file row ({@link readCommandPanel}), and turns --var, --group, --years and --incomplete into by-period options. With
 * `defaultGroup`, a missing --group falls back to that column when the data have it.
 * @param data file or bundled dataset name
 * @param options parsed flags
 * @param defaultGroup group column to use when --group is absent (undefined: no groups unless --group)
 * @returns the panel, variable and by-period options
 * @throws NqpfInputError for a missing --var, a bad --years or --incomplete, unrecognised keys, bad files
 */
export async function loadDisparityInput(
  data: string,
  options: Record<string, unknown>,
  defaultGroup: string | undefined,
): Promise<DisparityInput> {
  const issues: InputIssue[] = [];
  const variable = typeof options.var === "string" ? options.var.trim() : "";
  if (variable === "")
    issues.push({ code: "bad_argument", message: "no variable given", hint: "name it with --var <column>" });
  const years = parseYears(options.years as string | undefined, issues);
  const incomplete = options.incomplete ?? "error";
  const missing = incomplete === "drop" ? "drop" : "error";
  if (incomplete !== "error" && incomplete !== "drop")
    issues.push({
      code: "bad_argument",
      message: `--incomplete ${JSON.stringify(incomplete)} is not one of error, drop`,
      hint: "write --incomplete drop to leave units with a missing value out of that period",
    });
  if (issues.length > 0) throw new NqpfInputError(issues);

  const { panel: p, fileRows } = await readCommandPanel(data, options);

  const given = options.group as string | undefined;
  const names = panelVariables(p).map((c) => c.name);
  let group = given;
  let groupNote: string | undefined;
  if (given === undefined && defaultGroup !== undefined) {
    if (names.includes(defaultGroup)) group = defaultGroup;
    else groupNote = `no group column (${defaultGroup} is not in the data; name one with --group)`;
  }
  if (given !== undefined && !names.includes(given))
    throw new NqpfInputError([
      {
        ...issue.missingColumn({ file: data }, given, names),
        hint: `name a category column (e.g. a region) with --group; available: ${names.slice(0, 40).join(", ")}`,
      },
    ]);
  return {
    panel: p,
    variable,
    samples: {
      file: data,
      ...(fileRows !== undefined ? { fileRows } : {}),
      ...(group !== undefined ? { group } : {}),
      ...(years.from !== undefined ? { from: years.from } : {}),
      ...(years.to !== undefined ? { to: years.to } : {}),
      missing,
    },
    groupNote,
  };
}

/**
 * Prints what was left out: units dropped for a missing value (--incomplete drop), periods without any value and a
 * missing default group column.
 * @param result a by-period result
 * @param groupNote the reason there are no groups, if any
 */
export function printLeftOut(
  result: {
    readonly dropped: readonly { readonly entity: string; readonly time: number }[];
    readonly skipped: readonly number[];
  },
  groupNote: string | undefined,
): void {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  if (groupNote !== undefined) out(pc.yellow(groupNote));
  if (result.skipped.length > 0)
    out(`${pc.yellow("left out")} (no value in any unit): ${compactYears(result.skipped)}`);
  if (result.dropped.length > 0) {
    const listed = result.dropped.slice(0, 20).map((d) => `${d.entity} (${d.time})`);
    const more = result.dropped.length > 20 ? ` … and ${result.dropped.length - 20} more` : "";
    out(`${pc.yellow("left out")} (missing values): ${listed.join(", ")}${more}`);
  }
}

/** A number rounded to 4 decimals for the terminal; "" for NaN (an empty share). */
export function cellText(value: number): string {
  return Number.isFinite(value) ? formatNumber(Number(value.toFixed(4))) : "";
}

/** A percentage with 2 decimals for the terminal; "" for NaN. */
export function percentText(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : "";
}

/** A number to 5 significant digits for the terminal (densities and data of any magnitude); "" for NaN. */
export function significantText(value: number): string {
  return Number.isFinite(value) ? formatNumber(Number(value.toPrecision(5))) : "";
}

/**
 * Runs `nqpf gini`: Dagum's decomposition of --var in every period, by --group (default region_nbs4 when present);
 * prints G, its parts and shares and the within-group Ginis by year; writes the four tables with --out.
 * @param data a data file or a bundled dataset name
 * @param options the parsed command-line flags
 * @throws NqpfInputError for unknown columns, bad flags, missing keys, missing or negative values, empty groups
 */
export async function giniCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const input = await loadDisparityInput(data, options, DEFAULT_GROUP);
  const result = dagumGiniByPeriod(input.panel, input.variable, input.samples);
  printLeftOut(result, input.groupNote);
  printGini(result);
  if (typeof options.out === "string") {
    const tables = dagumGiniTables(result);
    const written = await writeCommandTables(
      options.out,
      [tables.overall, tables.within, tables.between, tables.wide],
      options.force === true,
    );
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

function printGini(result: DagumGiniByPeriodResult): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const grouped = result.group !== undefined;
  out(
    `${pc.bold("Dagum Gini")} of ${result.variable}${grouped ? ` by ${result.group} (${result.groupLabels.join(", ")})` : ""}`,
  );
  out();
  printRows(
    [result.time, "n", "G", "G_w", "G_nb", "G_t", "G_w %", "G_nb %", "G_t %"],
    result.results.map((r, k) => [
      String(result.periods[k]!),
      String(r.n),
      cellText(r.gini),
      cellText(r.withinContribution),
      cellText(r.netBetweenContribution),
      cellText(r.transvariationContribution),
      percentText(100 * r.shares.within),
      percentText(100 * r.shares.netBetween),
      percentText(100 * r.shares.transvariation),
    ]),
    out,
  );
  if (!grouped) return;
  out();
  out("within-group Gini G_jj");
  printRows(
    [result.time, ...result.groupLabels],
    result.results.map((r, k) => [String(result.periods[k]!), ...Array.from(r.within, cellText)]),
    out,
  );
  out(pc.dim("G = G_w + G_nb + G_t (Dagum 1997); between-group G_jh and D_jh are in the tables (--out)"));
}

function compactYears(years: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (let k = 1; k <= years.length; k++) {
    if (k < years.length && years[k]! === years[k - 1]! + 1) continue;
    parts.push(k - 1 > start ? `${years[start]!}–${years[k - 1]!}` : String(years[start]!));
    start = k;
  }
  return parts.join(", ");
}
