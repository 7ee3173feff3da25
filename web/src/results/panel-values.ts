/**
 * Reading unit-by-period values back out of results.json tables, without knowing the step's column names in
 * advance: which column holds the units and which the periods, the per-year values behind a choropleth (so the
 * map can show any year, not just the one the step drew), and unit display names. Pure: no DOM.
 */
import type { ColumnJson, ResultsJson, StepJson, TableJson } from "../../../src/report/results-json.js";
import type { FigureSpec, MapValue } from "../../../src/study/types.js";

/** A choropleth figure specification. */
export type ChoroplethSpec = Extract<FigureSpec, { kind: "choropleth" }>;

/** Column names that hold periods, in order of preference. */
const TIME_NAMES = /^(year|period|time|t|年份|年)$/i;

/** The key of a cell as text (numbers as their shortest decimal form), or null when missing. */
export function keyOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** True when every present value is a whole number (and at least one is present). */
function isIntegerColumn(column: ColumnJson): column is Extract<ColumnJson, { type: "number" }> {
  if (column.type !== "number") return false;
  let present = 0;
  for (const v of column.values) {
    if (v === null) continue;
    if (!Number.isInteger(v)) return false;
    present++;
  }
  return present > 0;
}

/** True when every present value is a year (whole number in 1000..2999). */
function looksLikeYears(column: ColumnJson): boolean {
  return isIntegerColumn(column) && column.values.every((v) => v === null || (v >= 1000 && v <= 2999));
}

/**
 * Candidate period columns of a table, best first: integer columns named year/period/time, then integer columns
 * whose values all look like years.
 * @param table a results.json table
 * @returns column names
 */
export function timeColumns(table: TableJson): string[] {
  const named = table.columns.filter((c) => isIntegerColumn(c) && TIME_NAMES.test(c.name));
  const years = table.columns.filter((c) => !named.includes(c) && looksLikeYears(c));
  return [...named, ...years].map((c) => c.name);
}

/** The column called `name`, or undefined. */
export function columnOf(table: TableJson, name: string): ColumnJson | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The numeric value of a cell, or null (missing or not a number column). */
export function numberAt(column: ColumnJson | undefined, row: number): number | null {
  if (column?.type !== "number") return null;
  return column.values[row] ?? null;
}

/** True when no two rows share the same (entity, time) pair (rows with a missing key are ignored). */
function uniquePairs(entity: ColumnJson, time: ColumnJson | undefined): boolean {
  const seen = new Set<string>();
  for (let r = 0; r < entity.values.length; r++) {
    const e = keyOf(entity.values[r]);
    if (e === null) continue;
    const key = `${e}\u0000${time !== undefined ? keyOf(time.values[r]) : ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/**
 * The unit and period columns of a unit-by-period table: the period column is the best of {@link timeColumns};
 * the unit column is, among the `candidates` (default: every column but the period), one whose (unit, period)
 * pairs are unique, preferring one whose values are all among `knownUnits` (e.g. the map codes), else the first.
 * @param table the table
 * @param options candidate unit columns and known unit keys
 * @returns the column names (time undefined when the table has no period column), or undefined when none fits
 */
export function unitPeriodColumns(
  table: TableJson,
  options: { readonly candidates?: readonly string[]; readonly knownUnits?: ReadonlySet<string> } = {},
): { readonly entity: string; readonly time: string | undefined } | undefined {
  const time = timeColumns(table)[0];
  const timeColumn = time !== undefined ? columnOf(table, time) : undefined;
  const candidates = (options.candidates ?? table.columns.map((c) => c.name))
    .filter((name) => name !== time)
    .map((name) => columnOf(table, name))
    .filter((c): c is ColumnJson => c !== undefined && (c.type === "string" || isIntegerColumn(c)))
    .filter((c) => uniquePairs(c, timeColumn));
  const known = options.knownUnits;
  const preferred =
    known !== undefined && known.size > 0
      ? candidates.find((c) => {
          const keys = c.values.map(keyOf).filter((k): k is string => k !== null);
          return keys.length > 0 && keys.every((k) => known.has(k));
        })
      : undefined;
  const entity = preferred ?? candidates[0];
  return entity !== undefined ? { entity: entity.name, time } : undefined;
}

/** Per-year values behind a choropleth: the years, value by unit code per year, and the year the step drew. */
export interface ChoroplethYears {
  /** Ascending. */
  readonly years: readonly number[];
  /** The year whose values equal the figure's (the step's choice, usually the last). */
  readonly defaultYear: number;
  readonly values: ReadonlyMap<number, ReadonlyMap<string, number | null>>;
  /** Where the values come from (table index in the step, column names). */
  readonly source: {
    readonly table: number;
    readonly entity: string;
    readonly time: string;
    readonly value: string;
  };
}

/** Relative closeness of two numbers as written to JSON (the same double, or within rounding). */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Finds the table column a choropleth was drawn from, so the map can show every year: a table of the step with a
 * unit column whose keys are the map's region codes, a period column, and a numeric column whose values in one
 * period equal the figure's value for every region (missing where the figure has no data). Looks at the latest
 * period first.
 * @param step the step holding the figure
 * @param spec the choropleth
 * @returns the years and values, or undefined when no table matches (the map then shows the figure as it is)
 */
export function choroplethYears(step: StepJson, spec: ChoroplethSpec): ChoroplethYears | undefined {
  const codes = new Set(spec.values.map((v) => v.code));
  const want = new Map(spec.values.map((v) => [v.code, v.value]));
  for (const [t, table] of step.tables.entries()) {
    const cols = unitPeriodColumns(table, { knownUnits: codes });
    if (cols?.time === undefined) continue;
    const entity = columnOf(table, cols.entity)!;
    const keys = entity.values.map(keyOf);
    if (!keys.some((k) => k !== null && codes.has(k))) continue;
    if (!keys.every((k) => k === null || codes.has(k))) continue;
    const time = columnOf(table, cols.time)!;
    const years = [...new Set(time.values.filter((y): y is number => typeof y === "number"))].sort(
      (a, b) => a - b,
    );
    for (const column of table.columns) {
      if (column.type !== "number" || column.name === cols.entity || column.name === cols.time) continue;
      const byYear = new Map<number, Map<string, number | null>>();
      for (let r = 0; r < table.rowCount; r++) {
        const year = time.values[r];
        const key = keys[r];
        if (typeof year !== "number" || key === null || key === undefined) continue;
        let m = byYear.get(year);
        if (m === undefined) byYear.set(year, (m = new Map<string, number | null>()));
        m.set(key, column.values[r] ?? null);
      }
      for (const year of [...years].reverse()) {
        const got = byYear.get(year)!;
        const matches = [...want].every(([code, v]) => {
          const w = got.get(code) ?? null;
          return v === null ? w === null : w !== null && same(v, w);
        });
        if (matches && spec.values.some((v) => v.value !== null))
          return {
            years,
            defaultYear: year,
            values: byYear,
            source: { table: t, entity: cols.entity, time: cols.time, value: column.name },
          };
      }
    }
  }
  return undefined;
}

/**
 * The choropleth's regions with the values of one year (regions without a value in that year: null, drawn grey).
 * @param spec the choropleth as the step wrote it
 * @param years its per-year values ({@link choroplethYears})
 * @param year the year to show
 * @returns the figure with that year's values
 * @example
 * choroplethForYear(spec, years, 2016).values[0] // => { code: "110000", name: "Beijing", value: 0.788… }
 */
export function choroplethForYear(
  spec: ChoroplethSpec,
  years: ChoroplethYears,
  year: number,
): ChoroplethSpec {
  const values = years.values.get(year);
  return {
    ...spec,
    title: titleForYear(spec.title, years.defaultYear, year),
    values: spec.values.map((v): MapValue => ({ ...v, value: values?.get(v.code) ?? null })),
  };
}

/**
 * The smallest and largest value over all years of a choropleth, so that one colour means one value whichever year
 * the slider shows.
 * @param years the per-year values
 * @returns [min, max], or undefined when no year has a finite value
 * @example
 * yearsExtent(years) // => [0.16, 0.90]
 */
export function yearsExtent(years: ChoroplethYears): readonly [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const values of years.values.values())
    for (const v of values.values()) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  return min <= max ? [min, max] : undefined;
}

/**
 * A figure title for another year: the step's year at the end of the title replaced by `year`, else the year
 * appended after a comma.
 * @param title the step's title, e.g. "Composite index, 2019"
 * @param defaultYear the year the title names
 * @param year the year shown
 * @returns e.g. "Composite index, 2016"
 * @example
 * titleForYear("Composite index, 2019", 2019, 2016) // => "Composite index, 2016"
 */
export function titleForYear(title: string, defaultYear: number, year: number): string {
  if (year === defaultYear) return title;
  const suffix = String(defaultYear);
  return title.endsWith(suffix) ? `${title.slice(0, -suffix.length)}${year}` : `${title}, ${year}`;
}

/**
 * Display names of the run's units, by key: from every choropleth (code → name) and every table with a string
 * "unit" or "entity" column beside a "name" column (the frontier and productivity tables).
 * @param results the run's results
 * @returns key → display name (only where the name differs from the key or is the only one known)
 */
export function unitNames(results: ResultsJson): Map<string, string> {
  const names = new Map<string, string>();
  for (const step of results.steps) {
    for (const f of step.figures)
      if (f.kind === "choropleth")
        for (const v of f.values) if (v.name !== "" && !names.has(v.code)) names.set(v.code, v.name);
    for (const t of step.tables) {
      const key = t.columns.find((c) => c.type === "string" && (c.name === "unit" || c.name === "entity"));
      const name = columnOf(t, "name");
      if (key?.type !== "string" || name?.type !== "string") continue;
      key.values.forEach((k, r) => {
        const n = name.values[r];
        if (k !== null && n !== null && n !== undefined && !names.has(k)) names.set(k, n);
      });
    }
  }
  return names;
}
