/**
 * What the commands share for reading: read flags → readTable options, reading with a progress bar, datasets by name,
 * --years, the column lists of frontier commands and flags with a few allowed values.
 */
import { existsSync } from "node:fs";
import { issue, type InputIssue } from "../../errors.js";
import { findDataset } from "../../io/dataset-registry.js";
import { loadDataset, loadDatasetTable } from "../../io/datasets.js";
import {
  readTable,
  type FileFormat,
  type ReadTableOptions,
  type ReadTableResult,
} from "../../io/read-table.js";
import { findColumn, type Table } from "../../table/table.js";
import { byteProgress } from "../progress.js";

export function readTableOptions(options: Record<string, unknown>): ReadTableOptions {
  const sheet = options.sheet as string | undefined;
  const delimiter = options.delimiter as string | undefined;
  const mapped = delimiter === "tab" || delimiter === "\\t" ? "\t" : delimiter;
  return {
    ...(sheet !== undefined ? { sheet: /^\d+$/.test(sheet) ? Number(sheet) : sheet } : {}),
    ...(options.headerRow !== undefined ? { headerRow: options.headerRow as number } : {}),
    ...(options.encoding !== undefined
      ? { encoding: options.encoding as NonNullable<ReadTableOptions["encoding"]> }
      : {}),
    ...(mapped !== undefined ? { delimiter: mapped as NonNullable<ReadTableOptions["delimiter"]> } : {}),
    ...(options.format !== undefined ? { format: options.format as FileFormat } : {}),
  };
}

/** Reads a file with the command's read flags, drawing a progress bar on a terminal. */
export async function readWithProgress(
  file: string,
  options: Record<string, unknown>,
): Promise<ReadTableResult> {
  const progress = byteProgress(`reading ${file}`);
  try {
    return await readTable(file, { ...readTableOptions(options), onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}

/** True when `data` names a bundled dataset rather than an existing file. */
export function isBundledDataset(data: string): boolean {
  return !existsSync(data) && findDataset(data) !== undefined;
}

/** A file's table, or a bundled dataset's (panels as their wide table). */
export async function loadTableOrDataset(data: string, options: Record<string, unknown>): Promise<Table> {
  if (isBundledDataset(data)) {
    return findDataset(data)!.kind === "panel" ? (await loadDataset(data)).table : loadDatasetTable(data);
  }
  return (await readWithProgress(data, options)).table;
}

/**
 * Parses --years: "2012:2019", "2012:", ":2019" or one year "2015" (a dash also separates). Problems are added to `issues`.
 */
export function parseYears(text: string | undefined, issues: InputIssue[]): { from?: number; to?: number } {
  if (text === undefined) return {};
  const match = /^\s*(\d{1,4})?\s*[:\-–]\s*(\d{1,4})?\s*$/.exec(text) ?? /^\s*(\d{1,4})\s*$/.exec(text);
  if (!match) {
    issues.push({
      code: "bad_argument",
      message: `--years "${text}" is not a range`,
      hint: "write e.g. --years 2012:2019, 2012: or :2019",
    });
    return {};
  }
  const single = match[2] === undefined && !/[:\-–]/.test(match[0]);
  const from = match[1] !== undefined ? Number(match[1]) : undefined;
  const to = match[2] !== undefined ? Number(match[2]) : single ? from : undefined;
  if (from !== undefined && to !== undefined && from > to) {
    issues.push({
      code: "bad_argument",
      message: `--years ${text}: the first year is after the last`,
      hint: "write the earlier year first",
    });
  }
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** The column lists of a frontier command: inputs, (good) outputs and undesirable outputs. */
export interface FrontierColumns {
  readonly inputs: string[];
  readonly outputs: string[];
  readonly bads: string[];
}

/**
 * Reads --inputs, --outputs and (unless `bad` is false) --bad, each a comma-separated list of column names.
 * Names not in `source` and an empty --inputs or --outputs are added to `issues`.
 * @param source the data read
 * @param file the data file or dataset name, for the issues
 * @param options the parsed command-line flags
 * @param issues collects the problems found
 * @param spec `bad: false` for a command without undesirable outputs (its `bads` is then empty)
 * @returns the column names as given, in order
 */
export function frontierColumns(
  source: Table,
  file: string,
  options: Record<string, unknown>,
  issues: InputIssue[],
  spec: { readonly bad?: boolean } = {},
): FrontierColumns {
  const names = source.columns.map((c) => c.name);
  const list = (flag: string): string[] => {
    const value = options[flag];
    return typeof value === "string"
      ? value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  };
  const inputs = list("inputs");
  const outputs = list("outputs");
  const bads = spec.bad === false ? [] : list("bad");
  for (const name of [...inputs, ...outputs, ...bads])
    if (!names.includes(name)) issues.push(issue.missingColumn({ file }, name, names));
  if (inputs.length === 0)
    issues.push({ code: "bad_argument", message: "no inputs given", hint: "name them with --inputs K,L,E" });
  if (outputs.length === 0)
    issues.push({ code: "bad_argument", message: "no outputs given", hint: "name them with --outputs Y" });
  return { inputs, outputs, bads };
}

/**
 * Adds a "not_a_number" issue for each named column of `source` that holds text.
 * @param source the data read
 * @param file the data file or dataset name, for the issues
 * @param columns names of columns present in `source`
 * @param issues collects the problems found
 */
export function checkNumberColumns(
  source: Table,
  file: string,
  columns: readonly string[],
  issues: InputIssue[],
): void {
  for (const name of columns)
    if (findColumn(source, name)?.type === "string")
      issues.push({
        code: "not_a_number",
        file,
        column: name,
        message: `column "${name}" is text, not numbers`,
        hint: "choose numeric columns",
      });
}

/**
 * A reader of flags that take one of a few values: `choice(flag, allowed, fallback)` is the flag's value, or
 * `fallback` when it is absent; any other value adds an issue and gives `fallback`. Commander checks the choices of
 * registered flags too; this covers direct calls of a command function.
 * @param options the parsed command-line flags
 * @param issues collects the problems found
 * @returns the reader
 */
export function flagChoice(
  options: Record<string, unknown>,
  issues: InputIssue[],
): <T extends string>(flag: string, allowed: readonly T[], fallback: T) => T {
  return <T extends string>(flag: string, allowed: readonly T[], fallback: T): T => {
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
}
