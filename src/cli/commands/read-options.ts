/** What the commands share for reading: read flags → readTable options, reading with a progress bar, datasets by name, --years. */
import { existsSync } from "node:fs";
import type { InputIssue } from "../../errors.js";
import { findDataset } from "../../io/dataset-registry.js";
import { loadDataset, loadDatasetTable } from "../../io/datasets.js";
import {
  readTable,
  type FileFormat,
  type ReadTableOptions,
  type ReadTableResult,
} from "../../io/read-table.js";
import type { Table } from "../../table/table.js";
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
