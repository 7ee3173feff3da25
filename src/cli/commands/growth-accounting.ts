/**
 * `nqpf growth-accounting <data> --output Y --capital K --employment L [--hours H] [--human-capital HC]
 * (--labour-share S | --alpha α)`: Solow residual per entity and year with Törnqvist or constant shares, TFP level
 * index, means by period and entity. Also the panel loading and table writing that `capital-stock` shares.
 */
import { basename, dirname, extname, join } from "node:path";
import pc from "picocolors";
import { NqpfInputError, type InputIssue } from "../../errors.js";
import { loadDataset } from "../../io/datasets.js";
import { outputFormatOf, writeTables } from "../../io/write-table.js";
import {
  growthAccounting,
  growthAccountingTables,
  type GrowthAccountingOptions,
  type GrowthAccountingResult,
} from "../../methods/productivity/growth-accounting.js";
import { guessPanelKeys } from "../../panel/guess-keys.js";
import { panel, type Panel } from "../../panel/panel.js";
import { subsetPanel } from "../../panel/subset.js";
import { numberColumn, table, withColumn, type NumberColumn, type Table } from "../../table/table.js";
import { formatNumber, printRows } from "../format.js";
import { isBundledDataset, parseYears, readWithProgress } from "./read-options.js";

/** A panel for a command, with the file name and each row's 1-based file row (undefined for bundled datasets). */
export interface CommandPanel {
  readonly panel: Panel;
  readonly file: string;
  readonly fileRows: Int32Array | undefined;
}

const ROW_COLUMN = "\u0000file_row";

/**
 * Loads the <data> argument as a panel: a bundled dataset by name, or a file with --entity/--time (guessed when
 * absent), keeping each row's file row for error locations; --years keeps a period range.
 */
export async function loadCommandPanel(
  data: string,
  options: Record<string, unknown>,
): Promise<CommandPanel> {
  const issues: InputIssue[] = [];
  const years = parseYears(options.years as string | undefined, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);
  const window = (p: Panel): Panel =>
    years.from !== undefined || years.to !== undefined
      ? subsetPanel(p, {
          ...(years.from !== undefined ? { from: years.from } : {}),
          ...(years.to !== undefined ? { to: years.to } : {}),
        })
      : p;
  if (isBundledDataset(data))
    return { panel: window(await loadDataset(data)), file: data, fileRows: undefined };

  const { table: source } = await readWithProgress(data, options);
  const guessed = guessPanelKeys(source);
  const entity = (options.entity as string | undefined) ?? guessed.entity;
  const time = (options.time as string | undefined) ?? guessed.time;
  if (entity === undefined || time === undefined)
    throw new NqpfInputError([
      {
        code: "missing_column",
        file: data,
        message: `no ${entity === undefined ? "entity" : "time"} column recognised`,
        hint: "name them with --entity and --time",
      },
    ]);
  const firstRow = ((options.headerRow as number | undefined) ?? 1) + 1;
  const numbered = withColumn(
    source,
    numberColumn(
      ROW_COLUMN,
      Array.from({ length: source.rowCount }, (_, r) => firstRow + r),
    ),
  );
  const p = window(panel(numbered, { entity, time, file: data, firstRow }));
  const rows = p.table.columns.find((c) => c.name === ROW_COLUMN) as NumberColumn;
  return {
    panel: {
      ...p,
      table: table(
        p.table.columns.filter((c) => c !== rows),
        p.table.meta,
      ),
    },
    file: data,
    fileRows: Int32Array.from(rows.values),
  };
}

/** Writes tables: one workbook/document/JSON for .xlsx/.docx/.tex/.json, one file per table for .csv/.csv.gz/.dta. */
export async function writeCommandTables(
  out: string,
  tables: readonly Table[],
  overwrite: boolean,
): Promise<string[]> {
  const format = outputFormatOf(out);
  if (format === "csv" || format === "csv.gz" || format === "dta") {
    const ext = format === "csv.gz" ? ".csv.gz" : extname(out);
    const stem = basename(out, ext);
    const written: string[] = [];
    for (const t of tables) {
      const file = join(dirname(out), `${stem}-${t.meta.name ?? "table"}${ext}`);
      await writeTables(file, [t], { overwrite });
      written.push(file);
    }
    return written;
  }
  await writeTables(out, tables, { overwrite });
  return [out];
}

/** Parses a number flag (undefined when absent); a value failing `check` is a `bad_argument` issue. */
export function numberFlag(
  value: unknown,
  flag: string,
  issues: InputIssue[],
  check: (x: number) => boolean,
  requirement: string,
  example: string,
): number | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const x = raw === "" ? Number.NaN : Number(raw);
  if (!check(x)) {
    issues.push({
      code: "bad_argument",
      message: `${flag} takes ${requirement}; got "${raw}"`,
      hint: `write e.g. ${flag} ${example}`,
    });
    return undefined;
  }
  return x;
}

export async function growthAccountingCommand(data: string, options: Record<string, unknown>): Promise<void> {
  const issues: InputIssue[] = [];
  const text = (flag: string): string | undefined =>
    typeof options[flag] === "string" && options[flag].trim() !== "" ? options[flag].trim() : undefined;
  const output = text("output");
  const capital = text("capital");
  const employment = text("employment");
  const hours = text("hours");
  const humanCapital = text("humanCapital");
  const labourShare = text("labourShare");
  const group = text("group");
  if (output === undefined)
    issues.push({
      code: "bad_argument",
      message: "no output column given",
      hint: "name it with --output, e.g. --output rgdpna",
    });
  if (capital === undefined)
    issues.push({
      code: "bad_argument",
      message: "no capital column given",
      hint: "name a capital stock or capital services column with --capital, e.g. --capital rkna",
    });
  if (employment === undefined && hours === undefined && humanCapital === undefined)
    issues.push({
      code: "bad_argument",
      message: "no labour column given",
      hint: "name at least one of --employment, --hours, --human-capital (labour = their product)",
    });
  const alpha = numberFlag(
    options.alpha,
    "--alpha",
    issues,
    (x) => x >= 0 && x <= 1,
    "a capital share in [0, 1]",
    "0.4",
  );
  if ((labourShare === undefined) === (options.alpha === undefined))
    issues.push({
      code: "bad_argument",
      message: labourShare === undefined ? "no factor shares given" : "--labour-share and --alpha both given",
      hint: "give --labour-share <column> (Törnqvist, time-varying) or --alpha <capital share> (constant), not both",
    });
  const baseYear = numberFlag(options.baseYear, "--base-year", issues, Number.isInteger, "a year", "2017");
  if (issues.length > 0) throw new NqpfInputError(issues);

  const { panel: p, file, fileRows } = await loadCommandPanel(data, options);
  const accountingOptions: GrowthAccountingOptions = {
    output: output!,
    capital: capital!,
    ...(employment !== undefined ? { employment } : {}),
    ...(hours !== undefined ? { hours } : {}),
    ...(humanCapital !== undefined ? { humanCapital } : {}),
    ...(labourShare !== undefined ? { labourShare } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(baseYear !== undefined ? { baseYear } : {}),
    ...(group !== undefined ? { group } : {}),
    file,
    ...(fileRows !== undefined ? { fileRows } : {}),
  };
  const result = growthAccounting(p, accountingOptions);
  const tables = growthAccountingTables(result);
  printGrowthSummary(result);
  if (typeof options.out === "string") {
    const written = await writeCommandTables(
      options.out,
      [tables.pairs, tables.byPeriod, tables.byEntity],
      options.force === true,
    );
    process.stdout.write(`\nwrote ${written.join(", ")}\n`);
  }
}

/** Prints the counts by status and each entity's mean growth decomposition (first 30 entities). */
function printGrowthSummary(result: GrowthAccountingResult): void {
  const out = (line = ""): void => void process.stdout.write(`${line}\n`);
  const labour = result.labourComponents.map((c) => c.column).join(" × ");
  const shares =
    result.weights === "tornqvist"
      ? `Törnqvist shares from ${result.columns.labourShare!}`
      : `constant capital share α = ${result.alpha!}`;
  out(
    `${pc.bold("growth accounting")}  Y = ${result.columns.output}, K = ${result.columns.capital}, L = ${labour}; ${shares}; growth in log differences`,
  );
  const counts = new Map<string, number>();
  for (const s of result.status) counts.set(s, (counts.get(s) ?? 0) + 1);
  out(
    `pairs  ${counts.get("ok") ?? 0} computed, ${counts.get("missing") ?? 0} missing a value, ${counts.get("gap") ?? 0} after a gap, ${counts.get("first") ?? 0} first years`,
  );
  if ((counts.get("missing") ?? 0) + (counts.get("gap") ?? 0) > 0)
    out(pc.yellow("rows without a computed pair say why in the output (status, reason)"));
  out();
  const pct = (x: number): string => (Number.isNaN(x) ? "" : (100 * x).toFixed(2));
  const shown = result.byEntity.filter((m) => m.count > 0);
  const rows = shown
    .slice(0, 30)
    .map((m) => [
      m.entity,
      `${m.from}–${m.to}`,
      String(m.count),
      pct(m.outputGrowth),
      pct(m.labourContribution),
      pct(m.capitalContribution),
      pct(m.tfpGrowth),
      Number.isNaN(m.tfpShare) ? "" : formatNumber(Number(m.tfpShare.toFixed(3))),
    ]);
  printRows(
    [result.entityColumn, "years", "pairs", "output", "labour", "capital", "TFP", "TFP share"],
    rows,
    out,
  );
  out(pc.dim("mean annual growth, 100·Δln (≈ %); output = labour + capital + TFP"));
  if (shown.length > 30) out(pc.dim(`… ${shown.length - 30} more entities (write them with --out)`));
  const none = result.byEntity.length - shown.length;
  if (none > 0) out(pc.yellow(`${none} entities have no computed pair`));
}
