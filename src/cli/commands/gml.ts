/**
 * `nqpf gml <data> --inputs … --outputs … [--bad …] [--index ml|gml|sml|biennial|luenberger] [--distance ddf|sbm]`:
 * green productivity (Malmquist–Luenberger family or Luenberger indicator) between adjacent periods with its
 * decomposition, per unit and as means by period pair; optional cumulative levels.
 */
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { writeTables } from "../../io/write-table.js";
import { indexSummaryTable, indexTable } from "../../methods/productivity/index-table.js";
import { luenberger, LUENBERGER_REFERENCE } from "../../methods/productivity/luenberger.js";
import {
  malmquistLuenberger,
  MALMQUIST_LUENBERGER_REFERENCE,
} from "../../methods/productivity/malmquist-luenberger.js";
import type { Technology } from "../../methods/productivity/period-panel.js";
import type { IndexResult } from "../../methods/productivity/types.js";
import type { Table } from "../../table/table.js";
import { leftOutLine, periodKeys, periodRows, periodRowsPanel, unitGroups } from "../period-rows.js";
import { cumulativeTables, printIndexSummary } from "./malmquist.js";
import {
  checkNumberColumns,
  flagChoice,
  frontierColumns,
  loadTableOrDataset,
  parseYears,
} from "./read-options.js";

/** The indices `--index` offers. */
export const GML_INDICES = ["ml", "gml", "sml", "biennial", "luenberger"] as const;
/** One of {@link GML_INDICES}: ml (contemporaneous), gml (global), sml (sequential), biennial, luenberger. */
export type GmlIndex = (typeof GML_INDICES)[number];

/** Technology of each ML-family index (Luenberger takes --technology). */
const ML_TECHNOLOGY: Readonly<Record<Exclude<GmlIndex, "luenberger">, Technology>> = {
  ml: "contemporaneous",
  gml: "global",
  sml: "sequential",
  biennial: "biennial",
};

interface Settings {
  readonly index: GmlIndex;
  readonly distance: "ddf" | "sbm";
  readonly rts: "crs" | "vrs";
  readonly technology: Technology;
  readonly direction?: "yb" | "xyb";
  readonly badDisposability?: "weak" | "free";
  readonly super?: boolean;
}

/**
 * Runs `nqpf gml`: reads the data (file or bundled dataset), checks every row once (located issues, exit 2),
 * computes the index and prints the means per period pair; writes the long and summary tables with --out.
 * @param data a data file or a bundled dataset name
 * @param options the parsed command-line flags
 * @throws NqpfInputError for unknown columns, bad or conflicting flags, missing keys, duplicates, missing or negative values
 */
export async function gmlCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const source = await loadTableOrDataset(data, options);
  const issues: InputIssue[] = [];
  const { inputs, outputs, bads } = frontierColumns(source, data, options, issues);
  const keys = periodKeys(source, data, options, issues);
  const settings = parseSettings(options, issues);
  const years = parseYears(options.years as string | undefined, issues);
  if (issues.length > 0 || keys === undefined) throw new NqpfInputError(issues);
  checkNumberColumns(source, data, [...inputs, ...outputs, ...bads], issues);
  if (issues.length > 0) throw new NqpfInputError(issues);

  const spec = {
    file: data,
    period: keys.period,
    entity: keys.entity,
    inputs,
    outputs,
    bads,
    years,
    dropIncomplete: options.incomplete === "drop",
    positiveInputs:
      settings.distance === "sbm" && settings.index !== "luenberger" ? "the SBM divides by them" : false,
    measure: "the productivity index",
  };
  const rows = periodRows(source, spec);
  if (rows.leftOut.length > 0) process.stdout.write(`${leftOutLine(rows.leftOut, "observation")}\n`);
  const panel = periodRowsPanel(source, rows, spec);

  const columnNames = { inputs, outputs, bads };
  const common = {
    distance: settings.distance,
    technology: settings.technology,
    rts: settings.rts,
    names: columnNames,
  };
  const ddfOptions = {
    ...(settings.direction !== undefined ? { direction: settings.direction } : {}),
    ...(settings.badDisposability !== undefined ? { badDisposability: settings.badDisposability } : {}),
  };
  const result: IndexResult =
    settings.index === "luenberger"
      ? luenberger(panel, { ...common, ...ddfOptions })
      : malmquistLuenberger(panel, {
          ...common,
          ...ddfOptions,
          ...(settings.super !== undefined ? { super: settings.super } : {}),
        });
  const reference = settings.index === "luenberger" ? LUENBERGER_REFERENCE : MALMQUIST_LUENBERGER_REFERENCE;
  const parameters = {
    inputs,
    outputs,
    bads,
    index: result.index,
    distance: settings.distance,
    technology: settings.technology,
    rts: settings.rts,
    ...(settings.distance === "ddf"
      ? { direction: settings.direction ?? "yb", badDisposability: settings.badDisposability ?? "weak" }
      : {}),
    ...(settings.super !== undefined ? { super: settings.super } : {}),
  };
  const tables: Table[] = [
    indexTable(result, { reference, parameters }),
    indexSummaryTable(result, { reference, parameters }),
  ];
  printIndexSummary(result, tables[1]!);
  tables.push(
    ...cumulativeTables(result, options.cumulative, unitGroups(source, rows, panel.units, keys.group)),
  );

  if (typeof options.out === "string") {
    await writeTables(options.out, tables, { overwrite: options.force === true });
    process.stdout.write(`\nwrote ${options.out} (${tables[0]!.rowCount} unit-pairs)\n`);
  }
}

/** Flag values → index settings; every bad or conflicting value is an issue (commander checks choices too; this covers direct calls). */
function parseSettings(options: Record<string, unknown>, issues: InputIssue[]): Settings {
  const choice = flagChoice(options, issues);
  const index = choice("index", GML_INDICES, "gml");
  const distance = choice("distance", ["ddf", "sbm"] as const, "ddf");
  const rts = choice("rts", ["crs", "vrs"] as const, "crs");
  const luenbergerTechnologies = ["contemporaneous", "sequential", "global", "biennial"] as const;
  let technology: Technology;
  if (index === "luenberger") technology = choice("technology", luenbergerTechnologies, "contemporaneous");
  else {
    technology = ML_TECHNOLOGY[index];
    if (options.technology !== undefined)
      issues.push({
        code: "bad_argument",
        message: `--technology applies to --index luenberger; --index ${index} sets its own technology (${technology})`,
        hint: "drop --technology, or choose the index by its technology: ml, gml (global), sml (sequential), biennial",
      });
  }
  const direction =
    options.direction !== undefined ? choice("direction", ["yb", "xyb"] as const, "yb") : undefined;
  const disposability =
    options.disposability !== undefined
      ? choice("disposability", ["weak", "free"] as const, "weak")
      : undefined;
  const superFlag = options.super === true ? true : undefined;
  if (distance === "sbm" && (direction !== undefined || disposability !== undefined))
    issues.push({
      code: "bad_argument",
      message: "--direction and --disposability apply to --distance ddf",
      hint: "drop them, or use --distance ddf",
    });
  if (superFlag && (distance !== "sbm" || index === "luenberger"))
    issues.push({
      code: "bad_argument",
      message: "--super applies to --distance sbm with an ML-family index (ml, gml, sml, biennial)",
      hint: "add --distance sbm, or drop --super",
    });
  return {
    index,
    distance,
    rts,
    technology,
    ...(direction !== undefined ? { direction } : {}),
    ...(disposability !== undefined ? { badDisposability: disposability } : {}),
    ...(superFlag !== undefined ? { super: superFlag } : {}),
  };
}
