/**
 * `nqpf malmquist <data> --inputs … --outputs … [--period year] [--rts crs|vrs] [--orientation in|out]
 * [--technology …] [--decomposition fgnz|ray-desli]`: Malmquist TFP index between adjacent periods with its
 * decomposition, per unit and as DEAP-style means; optional cumulative levels.
 */
import { basename, dirname, extname, join } from "node:path";
import cliProgress from "cli-progress";
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { outputFormatOf, writeTables } from "../../io/write-table.js";
import type { Orientation } from "../../methods/frontier/types.js";
import { cumulativeIndex } from "../../methods/productivity/cumulative.js";
import {
  cumulativeGroupTable,
  cumulativeIndexTable,
  indexSummaryTable,
  indexTable,
} from "../../methods/productivity/index-table.js";
import {
  malmquist,
  MALMQUIST_REFERENCE,
  type MalmquistDecomposition,
} from "../../methods/productivity/malmquist.js";
import { TECHNOLOGIES, type Technology } from "../../methods/productivity/period-panel.js";
import type { IndexResult } from "../../methods/productivity/types.js";
import { cell, findColumn, type Table } from "../../table/table.js";
import { formatNumber, printRows } from "../format.js";
import { leftOutLine, periodKeys, periodRows, periodRowsPanel, unitGroups } from "../period-rows.js";
import {
  checkNumberColumns,
  flagChoice,
  frontierColumns,
  loadTableOrDataset,
  parseYears,
} from "./read-options.js";

/** Failed unit-pairs listed on the terminal before "… and N more". */
const LISTED_FAILURES = 10;

/**
 * Runs `nqpf malmquist`: reads the data (file or bundled dataset), checks every row once (located issues,
 * exit 2), computes the index and prints the means per period pair; writes the tables with --out.
 * @param data a data file or a bundled dataset name
 * @param options the parsed command-line flags
 * @throws NqpfInputError for unknown columns, bad flag values, missing keys, duplicates, missing or non-positive values
 */
export async function malmquistCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const source = await loadTableOrDataset(data, options);
  const issues: InputIssue[] = [];
  const { inputs, outputs } = frontierColumns(source, data, options, issues, { bad: false });
  const keys = periodKeys(source, data, options, issues);
  const settings = parseSettings(options, issues);
  const years = parseYears(options.years as string | undefined, issues);
  if (issues.length > 0 || keys === undefined) throw new NqpfInputError(issues);
  checkNumberColumns(source, data, [...inputs, ...outputs], issues);
  if (issues.length > 0) throw new NqpfInputError(issues);

  const spec = {
    file: data,
    period: keys.period,
    entity: keys.entity,
    inputs,
    outputs,
    years,
    dropIncomplete: options.incomplete === "drop",
    positiveInputs: true,
    measure: "the Malmquist index",
  };
  const rows = periodRows(source, spec);
  if (rows.leftOut.length > 0) process.stdout.write(`${leftOutLine(rows.leftOut, "observation")}\n`);
  const panel = periodRowsPanel(source, rows, spec);

  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: "malmquist [{bar}] {value}/{total} frontiers",
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  const result = malmquist(panel, {
    ...settings,
    names: { inputs, outputs },
    onProgress: (done, total) => {
      if (!started) {
        bar?.start(total, 0);
        started = true;
      }
      bar?.update(done);
    },
  });
  bar?.stop();

  const parameters = {
    inputs,
    outputs,
    rts: result.rts,
    orientation: result.orientation,
    technology: result.technology,
    ...(result.window !== undefined ? { window: result.window } : {}),
    decomposition: result.decomposition,
  };
  const tables: Table[] = [
    indexTable(result, { reference: MALMQUIST_REFERENCE, parameters }),
    indexSummaryTable(result, { reference: MALMQUIST_REFERENCE, parameters }),
  ];
  printIndexSummary(result, tables[1]!);
  tables.push(
    ...cumulativeTables(result, options.cumulative, unitGroups(source, rows, panel.units, keys.group)),
  );

  if (typeof options.out === "string") {
    const written = await writeMalmquistTables(options.out, tables, options.force === true);
    process.stdout.write(`\nwrote ${written.join(", ")} (${tables[0]!.rowCount} unit-pairs)\n`);
  }
}

/**
 * Writes the tables: one workbook/document/JSON for .xlsx/.docx/.tex/.json; for .csv, .csv.gz and .dta (one table
 * per file) the long table goes to `out` and each other table beside it as <stem>-<name><ext>.
 */
async function writeMalmquistTables(
  out: string,
  tables: readonly Table[],
  overwrite: boolean,
): Promise<string[]> {
  const format = outputFormatOf(out);
  if (format !== "csv" && format !== "csv.gz" && format !== "dta") {
    await writeTables(out, tables, { overwrite });
    return [out];
  }
  const ext = format === "csv.gz" ? ".csv.gz" : extname(out);
  const stem = basename(out, ext);
  const files = tables.map((t, k) =>
    k === 0
      ? out
      : join(dirname(out), `${stem}-${(t.meta.name ?? `table${k}`).replace(/^malmquist_/, "")}${ext}`),
  );
  for (const [k, t] of tables.entries()) await writeTables(files[k]!, [t], { overwrite });
  return files;
}

interface Settings {
  readonly rts: "crs" | "vrs";
  readonly orientation: Orientation;
  readonly technology: Technology;
  readonly window?: number;
  readonly decomposition: MalmquistDecomposition;
}

/** Flag values → malmquist options; every bad value is an issue (commander checks choices too, this covers direct calls). */
function parseSettings(options: Record<string, unknown>, issues: InputIssue[]): Settings {
  const choice = flagChoice(options, issues);
  const rts = choice("rts", ["crs", "vrs"] as const, "crs");
  const orientation = choice("orientation", ["in", "out"] as const, "out") === "in" ? "input" : "output";
  const technology = choice("technology", TECHNOLOGIES, "contemporaneous");
  const decomposition = choice("decomposition", ["fgnz", "ray-desli"] as const, "fgnz");
  if (decomposition === "ray-desli" && rts !== "vrs")
    issues.push({
      code: "bad_argument",
      message: "--decomposition ray-desli needs --rts vrs",
      hint: "add --rts vrs (Ray–Desli splits technical change under VRS)",
    });
  let window: number | undefined;
  if (options.window !== undefined) {
    window = Number(options.window);
    if (!(Number.isInteger(window) && window >= 1))
      issues.push({
        code: "bad_argument",
        message: `--window ${JSON.stringify(options.window)} is not a whole number ≥ 1`,
        hint: "write e.g. --window 3",
      });
    if (technology !== "window")
      issues.push({
        code: "bad_argument",
        message: "--window needs --technology window",
        hint: "add --technology window, or drop --window",
      });
  }
  return { rts, orientation, technology, decomposition, ...(window !== undefined ? { window } : {}) };
}

/**
 * Prints the index note, the means per period pair (DEAP's annual means: geometric for an index, arithmetic for an
 * indicator) with the unit counts, and the failed unit-pairs (the first few, then a count).
 * @param result an index over adjacent periods (malmquist, malmquistLuenberger, luenberger)
 * @param summary its summary table (indexSummaryTable)
 */
export function printIndexSummary(result: IndexResult, summary: Table): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  out(result.note);
  out();
  const components = Object.keys(result.pairs[0]?.components ?? {});
  const pairColumn = findColumn(summary, "pair")!;
  const rows: string[][] = [];
  for (let r = 0; r < summary.rowCount; r++) {
    const number = (name: string) => {
      const v = cell(findColumn(summary, name)!, r);
      return typeof v === "number" ? formatNumber(round(v)) : "";
    };
    rows.push([
      String(cell(pairColumn, r)),
      ...components.map(number),
      number("compared"),
      number("failed"),
      `${number("only_from")}/${number("only_to")}`,
    ]);
  }
  printRows(["pair", ...components, "units", "failed", "only from/to"], rows, out);
  out(
    pc.dim(
      `means are ${result.convention === "multiplicative" ? "geometric" : "arithmetic"} over the units whose LPs solved; the last row is the mean of the pair means`,
    ),
  );
  const failures: string[] = [];
  for (const pair of result.pairs)
    pair.unit.forEach((u, k) => {
      if (pair.status[k] !== "optimal")
        failures.push(`${result.units[u]!} ${pair.from}–${pair.to}: ${pair.reason[k] ?? pair.status[k]!}`);
    });
  if (failures.length > 0) {
    out(pc.yellow(`${failures.length} unit-pairs have a failed LP (their components are empty):`));
    for (const line of failures.slice(0, LISTED_FAILURES)) out(`  ${line}`);
    if (failures.length > LISTED_FAILURES)
      out(`  … and ${failures.length - LISTED_FAILURES} more (see the table)`);
  }
}

/**
 * --cumulative [component]: chains the component (default the index) into levels from the first period
 * (cumulativeIndex), with group means when each unit has a group, and prints the group levels.
 * @param result an index over adjacent periods
 * @param cumulative the --cumulative flag: absent or false (nothing to do), true (the index) or a component name
 * @param unitGroup the group of each unit of the result, or undefined
 * @returns the unit-level and group-level tables to write; none without --cumulative
 * @throws NqpfInputError ("bad_argument") for a component the result does not have
 */
export function cumulativeTables(
  result: IndexResult,
  cumulative: unknown,
  unitGroup: readonly (string | null)[] | undefined,
): Table[] {
  if (cumulative === undefined || cumulative === false) return [];
  const component = typeof cumulative === "string" ? cumulative : undefined;
  const known = Object.keys(result.pairs[0]?.components ?? {});
  if (component !== undefined && !known.includes(component))
    throw new NqpfInputError([
      {
        code: "bad_argument",
        message: `--cumulative ${component}: no such component`,
        hint: `choose one of ${known.join(", ")}`,
      },
    ]);
  const levels = cumulativeIndex(result, component, unitGroup ? { group: unitGroup } : {});
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  out();
  out(
    `cumulative ${levels.component} (chained means; base ${levels.periods[0]!} = ${result.convention === "multiplicative" ? 1 : 0})`,
  );
  printRows(
    ["group", ...levels.periods.map(String)],
    levels.groups.map((g, k) => [g, ...Array.from(levels.groupLevel[k]!, (v) => formatNumber(round(v)))]),
    out,
  );
  return [cumulativeIndexTable(levels), cumulativeGroupTable(levels)];
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toFixed(4)) : v;
}
