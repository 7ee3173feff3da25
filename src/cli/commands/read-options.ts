/** Turns the shared CLI read flags (--sheet, --encoding, …) into readTable options. */
import type { FileFormat, ReadTableOptions } from "../../io/read-table.js";

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
