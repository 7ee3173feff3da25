/**
 * The <data> argument of the panel commands read as a panel that keeps each row's file row (for error locations),
 * and the writing of their result tables (one file per table for single-table formats).
 */
import { basename, dirname, extname, join } from "node:path";
import { NqpfInputError, type InputIssue } from "../errors.js";
import { loadDataset } from "../io/datasets.js";
import { outputFormatOf, writeTables } from "../io/write-table.js";
import { guessPanelKeys } from "../panel/guess-keys.js";
import { panel, type Panel } from "../panel/panel.js";
import { subsetPanel } from "../panel/subset.js";
import { numberColumn, table, withColumn, type NumberColumn, type Table } from "../table/table.js";
import { isBundledDataset, parseYears, readWithProgress } from "./commands/read-options.js";

/** A panel for a command, with the file name and each row's 1-based file row (undefined for bundled datasets). */
export interface CommandPanel {
  readonly panel: Panel;
  readonly file: string;
  readonly fileRows: Int32Array | undefined;
}

const ROW_COLUMN = "\u0000file_row";

/**
 * Reads <data> as a panel: a bundled dataset by name, or a file with --entity/--time (guessed when absent), keeping
 * each row's file row (the header row is --header-row, 1 by default). `window` is applied to the panel before the
 * file rows are taken, so that they stay aligned with the rows it keeps.
 * @param data file or bundled dataset name
 * @param options the parsed command-line flags (read flags, entity, time, headerRow)
 * @param window narrows the panel (e.g. to a period range); the identity by default
 * @returns the panel, the file name and the file rows (undefined for a bundled dataset)
 * @throws NqpfInputError `missing_column` when no entity or time column is given or recognised, and for bad files
 */
export async function readCommandPanel(
  data: string,
  options: Record<string, unknown>,
  window: (p: Panel) => Panel = (p) => p,
): Promise<CommandPanel> {
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

/**
 * Loads the <data> argument as a panel ({@link readCommandPanel}); --years keeps a period range.
 * @param data file or bundled dataset name
 * @param options the parsed command-line flags
 * @returns the panel within --years, the file name and the file rows
 * @throws NqpfInputError for a bad --years, unrecognised keys and bad files
 */
export async function loadCommandPanel(
  data: string,
  options: Record<string, unknown>,
): Promise<CommandPanel> {
  const issues: InputIssue[] = [];
  const years = parseYears(options.years as string | undefined, issues);
  if (issues.length > 0) throw new NqpfInputError(issues);
  return readCommandPanel(data, options, (p) =>
    years.from !== undefined || years.to !== undefined
      ? subsetPanel(p, {
          ...(years.from !== undefined ? { from: years.from } : {}),
          ...(years.to !== undefined ? { to: years.to } : {}),
        })
      : p,
  );
}

/**
 * Writes tables: one workbook/document/JSON for .xlsx/.docx/.tex/.json; for .csv, .csv.gz and .dta (one table per
 * file) each table goes to <stem>-<table name><ext> beside `out`.
 * @param out output path
 * @param tables the tables
 * @param overwrite replace existing files (--force)
 * @returns the files written
 * @throws NqpfInputError `output_exists` without overwrite, `unsupported_format` for an unknown extension
 */
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
