/**
 * Checks of the column mapping on the preview rows the server sends, so problems show at the cell before a study is
 * built: entity and time chosen and distinct, time values whole numbers, no missing entity or time, no entity×time
 * pair twice, group and map codes present and of the map's form (GB/T 2260 adcodes for china, ISO 3166 alpha-3
 * for world), a year window not reversed. Also the columns a mapping guesses from the column names, and the years a
 * year window can choose from.
 */
import { guessPanelKeys } from "../../../src/panel/guess-keys.js";
import { numberColumn, stringColumn, table, type Table } from "../../../src/table/table.js";
import type { ColumnInfo, ColumnMapping } from "../study-yaml.js";

/** A cell value of the preview. */
export type PreviewCell = number | string | null;

/** The preview the server sends (GET /api/datasets/:id/preview). */
export interface Preview {
  readonly rowCount: number;
  /** Each column with its summary over all rows (min and max of a number column). */
  readonly columns: readonly (ColumnInfo & {
    readonly missing?: number;
    readonly min?: number;
    readonly max?: number;
  })[];
  readonly rows: readonly (readonly PreviewCell[])[];
}

/** A problem with the mapping itself, shown at its select. */
export interface MappingIssue {
  readonly target: "entity" | "time" | "names" | "group" | "region" | "code" | "years";
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

/** A problem with one cell: `row` is the 0-based index into the preview rows. */
export interface CellIssue {
  readonly row: number;
  readonly column: string;
  readonly key: string;
  readonly values: Readonly<Record<string, string | number>>;
  /** Errors stop the study; warnings are shown only. */
  readonly severity: "error" | "warning";
}

/** The row number a spreadsheet shows for a preview row (the header is row 1). */
export function fileRow(previewRow: number): number {
  return previewRow + 2;
}

function isBlank(value: PreviewCell | undefined): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function isWholeNumber(value: PreviewCell | undefined): boolean {
  if (typeof value === "number") return Number.isInteger(value);
  return typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value);
}

const ADCODE = /^[1-8]\d0000$/;
const ISO3 = /^[A-Z]{3}$/;

/**
 * The problems of a mapping on the preview rows, and of the year window when one is given.
 * @param preview the preview
 * @param mapping the mapping
 * @param years the year window chosen (first and last year, inclusive)
 * @returns mapping-level and cell-level problems (cells in row order)
 */
export function checkMapping(
  preview: Preview,
  mapping: ColumnMapping,
  years?: { readonly from: number; readonly to: number },
): { mapping: MappingIssue[]; cells: CellIssue[] } {
  const issues: MappingIssue[] = [];
  const cells: CellIssue[] = [];
  const names = preview.columns.map((c) => c.name);
  const at = (column: string): number => names.indexOf(column);
  for (const target of ["entity", "time", "names", "group", "code"] as const) {
    const column = mapping[target];
    if (column !== "" && at(column) < 0)
      issues.push({ target, key: "data.issue.noSuchColumn", values: { column } });
  }
  if (mapping.entity === "") issues.push({ target: "entity", key: "data.issue.noEntity" });
  if (mapping.time === "") issues.push({ target: "time", key: "data.issue.noTime" });
  if (mapping.entity !== "" && mapping.entity === mapping.time)
    issues.push({ target: "time", key: "data.issue.sameColumn" });
  if (mapping.map !== "none" && mapping.code !== "" && mapping.code !== mapping.entity)
    issues.push({
      target: "code",
      key: "data.issue.codeNotEntity",
      values: { code: mapping.code, entity: mapping.entity },
    });
  if (years !== undefined && years.from > years.to)
    issues.push({
      target: "years",
      key: "data.issue.yearsReversed",
      values: { from: years.from, to: years.to },
    });

  const e = at(mapping.entity);
  const t = at(mapping.time);
  const g = mapping.group !== "" ? at(mapping.group) : -1;
  const c = mapping.map !== "none" ? at(mapping.code !== "" ? mapping.code : mapping.entity) : -1;
  const codeColumn = c >= 0 ? names[c]! : "";
  const firstRow = new Map<string, number>();
  preview.rows.forEach((row, r) => {
    const entity = e >= 0 ? row[e] : undefined;
    const period = t >= 0 ? row[t] : undefined;
    if (e >= 0 && isBlank(entity))
      cells.push({
        row: r,
        column: mapping.entity,
        key: "data.issue.missingEntity",
        values: { row: fileRow(r) },
        severity: "error",
      });
    if (t >= 0) {
      if (isBlank(period))
        cells.push({
          row: r,
          column: mapping.time,
          key: "data.issue.missingTime",
          values: { row: fileRow(r) },
          severity: "error",
        });
      else if (!isWholeNumber(period))
        cells.push({
          row: r,
          column: mapping.time,
          key: "data.issue.timeNotWhole",
          values: { row: fileRow(r), value: String(period) },
          severity: "error",
        });
    }
    if (e >= 0 && t >= 0 && !isBlank(entity) && !isBlank(period)) {
      const pair = JSON.stringify([String(entity), String(period)]);
      const first = firstRow.get(pair);
      if (first === undefined) firstRow.set(pair, r);
      else
        for (const column of [mapping.entity, mapping.time])
          cells.push({
            row: r,
            column,
            key: "data.issue.duplicatePair",
            values: { row: fileRow(r), first: fileRow(first), entity: String(entity), time: String(period) },
            severity: "error",
          });
    }
    if (g >= 0 && isBlank(row[g]))
      cells.push({
        row: r,
        column: mapping.group,
        key: "data.issue.missingGroup",
        values: { row: fileRow(r) },
        severity: "warning",
      });
    if (c >= 0) {
      const code = row[c];
      const ok =
        mapping.map === "china"
          ? ADCODE.test(String(code ?? "").trim())
          : ISO3.test(String(code ?? "").trim());
      if (!ok)
        cells.push({
          row: r,
          column: codeColumn,
          key: mapping.map === "china" ? "data.issue.notAdcode" : "data.issue.notIso3",
          values: { row: fileRow(r), value: String(code ?? "") },
          severity: "warning",
        });
    }
  });
  return { mapping: issues, cells };
}

/** More years than this between a number column's min and max: list the years the preview rows hold instead. */
const MAX_SPAN = 1000;

/**
 * The years a year window can choose from, for a time column. For a number column whose summary gives whole min and
 * max, every integer from min to max: the summary covers all rows, while the preview rows stop at the server's cap
 * (1000) and may miss the last years of a long panel; a year inside the span that the data lacks only bounds the
 * window. Otherwise (a text column, or no summary), the distinct whole numbers of the preview rows.
 * @param preview the preview
 * @param time the time column ("" for none)
 * @returns the years, ascending (empty when there is no such column or no whole number in it)
 */
export function timeSpan(preview: Preview, time: string): number[] {
  const at = preview.columns.findIndex((c) => c.name === time);
  if (time === "" || at < 0) return [];
  const { min, max } = preview.columns[at]!;
  if (
    min !== undefined &&
    max !== undefined &&
    Number.isInteger(min) &&
    Number.isInteger(max) &&
    max >= min &&
    max - min < MAX_SPAN
  )
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const years = new Set<number>();
  for (const row of preview.rows) {
    const value = row[at];
    if (isWholeNumber(value)) years.add(Number(value));
  }
  return [...years].sort((a, b) => a - b);
}

const NAME_NAMES = [
  "name",
  "name_en",
  "province_en",
  "country",
  "province",
  "name_zh",
  "province_zh",
  "名称",
  "省份",
];
const GROUP_PREFIXES = ["region", "group", "area", "zone", "区域"];

/**
 * A first mapping guessed from the column names (the user adjusts it): entity and time as the command line guesses
 * them (guessPanelKeys), names name/…, group region*, and the map china for adcode entities, world for ISO3 ones.
 * @param preview the preview
 * @returns the mapping
 */
export function guessMapping(preview: Preview): ColumnMapping {
  const keys = guessPanelKeys(previewTable(preview));
  const entity = keys.entity ?? "";
  const time = keys.time ?? "";
  const texts = preview.columns.filter((c) => c.type === "string").map((c) => c.name);
  const names =
    NAME_NAMES.map((n) => texts.find((c) => c.toLowerCase() === n)).find((c) => c !== undefined) ?? "";
  const group =
    preview.columns.find(
      (c) => c.type === "string" && GROUP_PREFIXES.some((p) => c.name.toLowerCase().startsWith(p)),
    )?.name ?? "";
  const e = preview.columns.findIndex((c) => c.name === entity);
  const values = e >= 0 ? preview.rows.map((row) => String(row[e] ?? "").trim()).filter((v) => v !== "") : [];
  const map =
    values.length > 0 && values.every((v) => ADCODE.test(v))
      ? "china"
      : values.length > 0 && values.every((v) => ISO3.test(v))
        ? "world"
        : "none";
  return { entity, time, names, group, map, code: map !== "none" ? entity : "" };
}

/** The preview rows as a Table (number columns: non-numbers missing; text columns: values as text). */
function previewTable(preview: Preview): Table {
  return table(
    preview.columns.map((c, j) => {
      const values = preview.rows.map((row) => row[j] ?? null);
      return c.type === "number"
        ? numberColumn(
            c.name,
            values.map((v) => (typeof v === "number" ? v : Number.NaN)),
          )
        : stringColumn(
            c.name,
            values.map((v) => (v === null ? null : String(v))),
          );
    }),
  );
}
