/**
 * `nqpf gml <data> --inputs … --outputs … [--bad …] [--index ml|gml|sml|biennial|luenberger] [--distance ddf|sbm]`:
 * green productivity (Malmquist–Luenberger family or Luenberger indicator) between adjacent periods with its
 * decomposition, per unit and as means by period pair; optional cumulative levels.
 */
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../../errors.js";
import { writeTables } from "../../io/write-table.js";
import { matrix, type Matrix } from "../../math/matrix.js";
import { cumulativeIndex } from "../../methods/productivity/cumulative.js";
import {
  cumulativeGroupTable,
  cumulativeIndexTable,
  indexSummaryTable,
  indexTable,
} from "../../methods/productivity/index-table.js";
import { luenberger, LUENBERGER_REFERENCE } from "../../methods/productivity/luenberger.js";
import {
  malmquistLuenberger,
  MALMQUIST_LUENBERGER_REFERENCE,
} from "../../methods/productivity/malmquist-luenberger.js";
import { periodPanel, type Technology } from "../../methods/productivity/period-panel.js";
import type { IndexResult } from "../../methods/productivity/types.js";
import { guessPanelKeys } from "../../panel/guess-keys.js";
import { cell, findColumn, type NumberColumn, type Table } from "../../table/table.js";
import { formatNumber, printRows } from "../format.js";
import { loadTableOrDataset, parseYears } from "./read-options.js";

/** The indices `--index` offers. */
export const GML_INDICES = ["ml", "gml", "sml", "biennial", "luenberger"] as const;
/** One of {@link GML_INDICES}: ml (contemporaneous), gml (global), sml (sequential), biennial, luenberger. */
export type GmlIndex = (typeof GML_INDICES)[number];

/** Failed unit-pairs listed on the terminal before "… and N more". */
const LISTED_FAILURES = 10;

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
  const names = source.columns.map((c) => c.name);
  const list = (flag: string): string[] =>
    typeof options[flag] === "string"
      ? options[flag]
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const inputs = list("inputs");
  const outputs = list("outputs");
  const bads = list("bad");
  const issues: InputIssue[] = [];
  for (const name of [...inputs, ...outputs, ...bads])
    if (!names.includes(name)) issues.push(issue.missingColumn({ file: data }, name, names));
  if (inputs.length === 0)
    issues.push({ code: "bad_argument", message: "no inputs given", hint: "name them with --inputs K,L,E" });
  if (outputs.length === 0)
    issues.push({ code: "bad_argument", message: "no outputs given", hint: "name them with --outputs Y" });

  const guessed = guessPanelKeys(source);
  const period = (options.period as string | undefined) ?? guessed.time;
  const entity = (options.entity as string | undefined) ?? guessed.entity;
  if (period === undefined)
    issues.push({
      code: "bad_argument",
      message: "no period column found",
      hint: "name it with --period <column> (e.g. --period year)",
    });
  else if (!names.includes(period)) issues.push(issue.missingColumn({ file: data }, period, names));
  if (entity === undefined)
    issues.push({
      code: "bad_argument",
      message: "no unit (entity) column found",
      hint: "name it with --entity <column> (e.g. --entity province)",
    });
  else if (!names.includes(entity)) issues.push(issue.missingColumn({ file: data }, entity, names));
  const group = options.group as string | undefined;
  if (group !== undefined && !names.includes(group))
    issues.push(issue.missingColumn({ file: data }, group, names));
  const settings = parseSettings(options, issues);
  const years = parseYears(options.years as string | undefined, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);

  for (const name of [...inputs, ...outputs, ...bads])
    if (findColumn(source, name)!.type !== "number")
      issues.push({
        code: "not_a_number",
        file: data,
        column: name,
        message: `column "${name}" is text, not numbers`,
        hint: "choose numeric columns",
      });
  if (issues.length > 0) throw new NqpfInputError(issues);

  const rows = selectRows(source, data, {
    inputs,
    outputs,
    bads,
    period: period!,
    entity: entity!,
    years,
    dropIncomplete: options.incomplete === "drop",
    positiveInputs: settings.distance === "sbm" && settings.index !== "luenberger",
  });
  const take = (columns: readonly string[]): Matrix => {
    const out = matrix(rows.kept.length, columns.length);
    const numeric = columns.map((name) => findColumn(source, name) as NumberColumn);
    rows.kept.forEach((r, i) => {
      numeric.forEach((c, j) => {
        out.data[i * columns.length + j] = c.values[r]!;
      });
    });
    return out;
  };
  const panel = periodPanel({
    unit: rows.unit,
    period: rows.period,
    X: take(inputs),
    Y: take(outputs),
    ...(bads.length > 0 ? { B: take(bads) } : {}),
    file: data,
    unitColumn: entity!,
    periodColumn: period!,
  });
  if (rows.leftOut.size > 0)
    process.stdout.write(`${pc.yellow("left out")} (missing values): ${[...rows.leftOut].join(", ")}\n`);
  if (panel.periods.length < 2)
    throw new NqpfInputError([
      {
        code: "bad_value",
        file: data,
        column: period!,
        message: `the productivity index needs at least two periods; got ${panel.periods.length}`,
        hint: "check --years and the period column",
      },
    ]);

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
  printSummary(result, tables[1]!);

  const cumulative = options.cumulative;
  if (cumulative !== undefined && cumulative !== false) {
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
    const groupColumn = group !== undefined ? findColumn(source, group) : undefined;
    const unitGroup = groupColumn
      ? panel.units.map((u) => {
          const r = rows.firstRowOf.get(u);
          const value = r === undefined ? null : cell(groupColumn, r);
          return value === null ? null : String(value);
        })
      : undefined;
    const levels = cumulativeIndex(result, component, unitGroup ? { group: unitGroup } : {});
    tables.push(cumulativeIndexTable(levels), cumulativeGroupTable(levels));
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
  }

  if (typeof options.out === "string") {
    await writeTables(options.out, tables, { overwrite: options.force === true });
    process.stdout.write(`\nwrote ${options.out} (${tables[0]!.rowCount} unit-pairs)\n`);
  }
}

/** Flag values → index settings; every bad or conflicting value is an issue (commander checks choices too; this covers direct calls). */
function parseSettings(options: Record<string, unknown>, issues: InputIssue[]): Settings {
  const choice = <T extends string>(flag: string, allowed: readonly T[], fallback: T): T => {
    const value = options[flag];
    if (value === undefined) return fallback;
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    issues.push({
      code: "bad_argument",
      message: `--${flag} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
      hint: `write e.g. --${flag} ${fallback}`,
    });
    return fallback;
  };
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

interface SelectedRows {
  readonly kept: number[];
  readonly unit: string[];
  readonly period: number[];
  readonly leftOut: Set<string>;
  /** Unit label → its first kept row. */
  readonly firstRowOf: Map<string, number>;
}

/**
 * Rows to use: within --years, with a unit and a numeric period, and (with --incomplete drop) every input, output
 * and bad output present. Every problem is one located issue (file row = table row + 2): missing keys, non-numeric
 * periods, duplicate (unit, period) pairs, missing values (unless dropped), negative values (and, for the SBM
 * ratio, inputs that are not > 0).
 */
function selectRows(
  source: Table,
  file: string,
  spec: {
    inputs: readonly string[];
    outputs: readonly string[];
    bads: readonly string[];
    period: string;
    entity: string;
    years: { from?: number; to?: number };
    dropIncomplete: boolean;
    positiveInputs: boolean;
  },
): SelectedRows {
  const issues: InputIssue[] = [];
  const periodColumn = findColumn(source, spec.period)!;
  const entityColumn = findColumn(source, spec.entity)!;
  const valueColumns = [
    ...spec.inputs.map((name) => ({ name, kind: "input" as const })),
    ...spec.outputs.map((name) => ({ name, kind: "output" as const })),
    ...spec.bads.map((name) => ({ name, kind: "bad output" as const })),
  ].map((c) => ({ ...c, column: findColumn(source, c.name) as NumberColumn }));
  const kept: number[] = [];
  const unit: string[] = [];
  const period: number[] = [];
  const leftOut = new Set<string>();
  const firstRowOf = new Map<string, number>();
  const seen = new Map<string, number>();
  for (let r = 0; r < source.rowCount; r++) {
    const row = r + 2;
    const rawPeriod = cell(periodColumn, r);
    const rawUnit = cell(entityColumn, r);
    if (rawPeriod === null || rawUnit === null) {
      issues.push({
        code: "missing_key",
        file,
        row,
        column: rawPeriod === null ? spec.period : spec.entity,
        message: rawPeriod === null ? "the period is empty" : "the unit is empty",
        hint: "fill it in or drop the row",
      });
      continue;
    }
    const label = String(rawUnit);
    const t = typeof rawPeriod === "number" ? rawPeriod : Number(rawPeriod.trim());
    if (!Number.isFinite(t) || (typeof rawPeriod === "string" && rawPeriod.trim() === "")) {
      issues.push({
        code: "not_a_number",
        file,
        row,
        column: spec.period,
        entity: label,
        message: `period "${String(rawPeriod)}" is not a number`,
        hint: "the period column should hold years or other numbers",
      });
      continue;
    }
    if (
      (spec.years.from !== undefined && t < spec.years.from) ||
      (spec.years.to !== undefined && t > spec.years.to)
    )
      continue;
    const key = `${label}\u0000${t}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(issue.duplicateKey({ file, row, column: spec.period, entity: label, time: t }, first + 2));
      continue;
    }
    seen.set(key, r);
    let complete = true;
    for (const { name, kind, column } of valueColumns) {
      const where = { file, row, column: name, entity: label, time: t };
      if (column.missing[r] !== 0) {
        complete = false;
        if (!spec.dropIncomplete)
          issues.push({
            ...where,
            code: "bad_value",
            message: "the value is missing",
            hint: "the index needs every input and output of every observation; fill the value, or pass --incomplete drop to leave such observations out",
          });
        continue;
      }
      const v = column.values[r]!;
      const positive = kind === "input" && spec.positiveInputs;
      if (Number.isFinite(v) && (positive ? v > 0 : v >= 0)) continue;
      issues.push({
        ...where,
        code: "bad_value",
        message: `${kind} is ${v}; the index needs ${positive ? "inputs > 0 (the SBM divides by them)" : `${kind}s ≥ 0`}`,
        hint: positive
          ? "drop the observation or the input, or replace a zero by a small positive quantity and say so"
          : "drop the observation, or correct the value",
      });
    }
    if (!complete) {
      leftOut.add(`${label} (${t})`);
      continue;
    }
    kept.push(r);
    unit.push(label);
    period.push(t);
    if (!firstRowOf.has(label)) firstRowOf.set(label, r);
  }
  if (issues.length > 0) throw new NqpfInputError(issues);
  return { kept, unit, period, leftOut, firstRowOf };
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toFixed(4)) : v;
}

/** Prints the note, the means per pair with counts, and the failed unit-pairs. */
function printSummary(result: IndexResult, summary: Table): void {
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
