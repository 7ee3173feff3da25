/**
 * `nqpf malmquist <data> --inputs … --outputs … [--period year] [--rts crs|vrs] [--orientation in|out]
 * [--technology …] [--decomposition fgnz|ray-desli]`: Malmquist TFP index between adjacent periods with its
 * decomposition, per unit and as DEAP-style means; optional cumulative levels.
 */
import { basename, dirname, extname, join } from "node:path";
import cliProgress from "cli-progress";
import pc from "picocolors";
import { NqpfInputError, issue, type InputIssue } from "../../errors.js";
import { outputFormatOf, writeTables } from "../../io/write-table.js";
import { matrix } from "../../math/matrix.js";
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
  type MalmquistResult,
} from "../../methods/productivity/malmquist.js";
import { periodPanel, TECHNOLOGIES, type Technology } from "../../methods/productivity/period-panel.js";
import { guessPanelKeys } from "../../panel/guess-keys.js";
import { cell, findColumn, type NumberColumn, type Table } from "../../table/table.js";
import { formatNumber, printRows } from "../format.js";
import { loadTableOrDataset, parseYears } from "./read-options.js";

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
  const issues: InputIssue[] = [];
  for (const name of [...inputs, ...outputs])
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

  for (const name of [...inputs, ...outputs])
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
    period: period!,
    entity: entity!,
    years,
    dropIncomplete: options.incomplete === "drop",
  });
  const X = matrix(rows.kept.length, inputs.length);
  const Y = matrix(rows.kept.length, outputs.length);
  const fill = (target: typeof X, columns: readonly string[]) => {
    const numeric = columns.map((name) => findColumn(source, name) as NumberColumn);
    rows.kept.forEach((r, i) => {
      numeric.forEach((c, j) => {
        target.data[i * columns.length + j] = c.values[r]!;
      });
    });
  };
  fill(X, inputs);
  fill(Y, outputs);
  const panel = periodPanel({
    unit: rows.unit,
    period: rows.period,
    X,
    Y,
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
        message: `the Malmquist index needs at least two periods; got ${panel.periods.length}`,
        hint: "check --years and the period column",
      },
    ]);

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
    out(`cumulative ${levels.component} (chained means; base ${levels.periods[0]!} = 1)`);
    printRows(
      ["group", ...levels.periods.map(String)],
      levels.groups.map((g, k) => [g, ...Array.from(levels.groupLevel[k]!, (v) => formatNumber(round(v)))]),
      out,
    );
  }

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

interface SelectedRows {
  readonly kept: number[];
  readonly unit: string[];
  readonly period: number[];
  readonly leftOut: Set<string>;
  /** Unit label → its first kept row. */
  readonly firstRowOf: Map<string, number>;
}

/**
 * Rows to use: within --years, with a unit and a numeric period, and (with --incomplete drop) every input and
 * output present. Every problem is one located issue (file row = table row + 2): missing keys, non-numeric
 * periods, duplicate (unit, period) pairs, missing values (unless dropped), non-positive inputs, negative outputs.
 */
function selectRows(
  source: Table,
  file: string,
  spec: {
    inputs: readonly string[];
    outputs: readonly string[];
    period: string;
    entity: string;
    years: { from?: number; to?: number };
    dropIncomplete: boolean;
  },
): SelectedRows {
  const issues: InputIssue[] = [];
  const periodColumn = findColumn(source, spec.period)!;
  const entityColumn = findColumn(source, spec.entity)!;
  const valueColumns = [
    ...spec.inputs.map((name) => ({ name, kind: "input" as const })),
    ...spec.outputs.map((name) => ({ name, kind: "output" as const })),
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
            hint: "the Malmquist index needs every input and output; fill the value, or pass --incomplete drop to leave such observations out",
          });
        continue;
      }
      const v = column.values[r]!;
      const ok = Number.isFinite(v) && (kind === "input" ? v > 0 : v >= 0);
      if (!ok)
        issues.push({
          ...where,
          code: "bad_value",
          message: `${kind} is ${v}; the Malmquist index needs ${kind === "input" ? "inputs > 0" : "outputs ≥ 0"}`,
          hint:
            kind === "input"
              ? "drop the observation or the input, or replace a zero by a small positive quantity and say so"
              : "drop the observation, or correct the output",
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

/** Prints the note, the means per pair (DEAP's annual means) with counts, and the failed unit-pairs. */
function printSummary(result: MalmquistResult, summary: Table): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  out(result.note);
  out();
  const components = Object.keys(result.pairs[0]?.components ?? {});
  const pairColumn = findColumn(summary, "pair")!;
  const rows: string[][] = [];
  for (let r = 0; r < summary.rowCount; r++) {
    const value = (name: string) => cell(findColumn(summary, name)!, r);
    const number = (name: string) => {
      const v = value(name);
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
    pc.dim("means are geometric over the units whose LPs solved; the last row is the mean of the pair means"),
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
