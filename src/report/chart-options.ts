/**
 * ECharts option builders for the report figures: plain, JSON-serialisable option objects (no functions, no
 * random ids, no clock), so the same option renders server-side (render.ts) and in the browser.
 * Generic axis and legend labels follow `lang`; titles, series and region names are passed in as they should
 * appear. Missing values (NaN) become gaps, blank cells or grey regions, never plotted numbers.
 */
import type {
  BarSeriesOption,
  EChartsOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  MapSeriesOption,
  ScatterSeriesOption,
} from "echarts";

/** Language of the generic labels (axis names, legend entries, notes). */
export type ChartLang = "en" | "zh";

/**
 * Font families that have the Chinese glyphs, in order of preference: Noto Sans CJK SC (Debian fonts-noto-cjk),
 * Source Han Sans SC, Noto Sans SC, WenQuanYi Micro Hei / Zen Hei (fonts-wqy-microhei, fonts-wqy-zenhei),
 * PingFang SC (macOS), Microsoft YaHei (Windows).
 */
export const CJK_FONT_FAMILIES: readonly string[] = [
  "Noto Sans CJK SC",
  "Source Han Sans SC",
  "Noto Sans SC",
  "WenQuanYi Micro Hei",
  "WenQuanYi Zen Hei",
  "PingFang SC",
  "Microsoft YaHei",
];

/**
 * The CSS font-family list every option's `textStyle` carries: the CJK families first (they also cover Latin, so
 * a chart uses one typeface, and a renderer never falls back glyph by glyph to an arbitrary font), then common
 * Latin sans-serif fonts for machines without a CJK font. Names are in single quotes: ECharts writes the list
 * into a double-quoted SVG style attribute without escaping it.
 */
export const CHART_FONT_FAMILY: string = [...CJK_FONT_FAMILIES, "DejaVu Sans", "Liberation Sans", "Arial"]
  .map((family) => `'${family}'`)
  .concat("sans-serif")
  .join(", ");

/** Fill of choropleth regions without a value. */
export const NO_DATA_COLOR = "#d9d9d9";

/** Sequential palette of the choropleth (light = low, dark = high; ColorBrewer "Oranges"). */
export const CHOROPLETH_COLORS: readonly string[] = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];

/** Sequential palette of the heatmaps (ColorBrewer "Blues"). */
export const HEATMAP_COLORS: readonly string[] = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

/** Colours of the local Moran classes (HH red, LL blue, HL orange, LH light blue, not significant grey). */
export const MORAN_CLASS_COLORS = {
  HH: "#d7191c",
  LL: "#2c7bb6",
  HL: "#fdae61",
  LH: "#abd9e9",
  ns: "#bdbdbd",
  island: "#636363",
} as const;

/** A local Moran class: a significant quadrant, "ns" (not significant) or "island" (no neighbours). */
export type MoranClass = keyof typeof MORAN_CLASS_COLORS;

const MORAN_CLASS_ORDER: readonly MoranClass[] = ["HH", "LL", "HL", "LH", "ns", "island"];

const LABELS = {
  en: {
    year: "Year",
    value: "Value",
    density: "Density",
    rank: "Rank",
    share: "Share (%)",
    unit: "Unit: ",
    noData: "grey: no data",
    separator: " · ",
    z: "Standardised value z",
    wz: "Spatial lag Wz",
    moranI: "Moran's I",
    classes: {
      HH: "High-High",
      LL: "Low-Low",
      HL: "High-Low",
      LH: "Low-High",
      ns: "Not significant",
      island: "No neighbours",
    },
  },
  zh: {
    year: "年份",
    value: "取值",
    density: "核密度",
    rank: "排名",
    share: "占比（%）",
    unit: "单位：",
    noData: "灰色：无数据",
    separator: "；",
    z: "标准化值 z",
    wz: "空间滞后 Wz",
    moranI: "Moran's I",
    classes: {
      HH: "高-高",
      LL: "低-低",
      HL: "高-低",
      LH: "低-高",
      ns: "不显著",
      island: "无邻居",
    },
  },
} as const;

/** A period label on a category axis (a year or any text). */
export type PeriodLabel = string | number;

/** One named series of numbers, aligned with the periods or categories of its chart. */
export interface NamedSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** A dense matrix: row-major `data` (rows × cols, as math/matrix.ts), or one array per row. */
export type MatrixInput =
  | { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number }
  | readonly ArrayLike<number>[];

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

/** Checks a string option against its allowed values (callers from plain JavaScript can pass anything). */
function oneOf<T extends string>(fn: string, what: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw new RangeError(
      `${fn}: ${what} must be ${allowed.map((a) => `"${a}"`).join(" or ")}; got ${JSON.stringify(value)}`,
    );
  }
  return found;
}

function labelsOf(lang: ChartLang | undefined, fn: string): (typeof LABELS)[ChartLang] {
  return LABELS[oneOf(fn, "lang", lang ?? "en", ["en", "zh"])];
}

/** Widest a title may be, in pixels: the narrowest figure (760 px) less margins. */
const TITLE_WIDTH = 700;

function frame(title: string, subtext?: string): EChartsOption {
  return {
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: {
      text: title,
      left: "center",
      top: 8,
      // Long titles end in "…" rather than running off the figure (the report's caption carries the full title).
      textStyle: { fontSize: 16, width: TITLE_WIDTH, overflow: "truncate", ellipsis: "…" },
      ...(subtext !== undefined && subtext !== "" ? { subtext } : {}),
    },
  };
}

/** A finite number (−0 as 0, so the option's JSON reads back equal), or null (ECharts draws null as a gap). */
function orNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value + 0 : null;
}

function checkLength(fn: string, what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new RangeError(`${fn}: ${what} must have ${expected} values; got ${actual}`);
}

function checkNonEmpty(fn: string, what: string, length: number): void {
  if (length === 0) throw new RangeError(`${fn}: ${what} must not be empty; got 0 entries`);
}

/** Categories (or periods) and series both non-empty, every series as long as the categories. */
function checkSeries(fn: string, axis: string, categories: number, series: readonly NamedSeries[]): void {
  checkNonEmpty(fn, axis, categories);
  checkNonEmpty(fn, "series", series.length);
  for (const s of series) checkLength(fn, `series "${s.name}"`, s.values.length, categories);
}

/** Rows of a matrix input as arrays, checked against the expected shape. */
function matrixRows(fn: string, what: string, input: MatrixInput, rows: number, cols: number): number[][] {
  if ("data" in input) {
    if (input.rows !== rows || input.cols !== cols || input.data.length !== rows * cols) {
      throw new RangeError(
        `${fn}: ${what} must be ${rows} × ${cols}; got ${input.rows} × ${input.cols} with ${input.data.length} values`,
      );
    }
    const out: number[][] = [];
    for (let i = 0; i < rows; i++)
      out.push(Array.from({ length: cols }, (_, j) => input.data[i * cols + j]!));
    return out;
  }
  checkLength(fn, `${what} (rows)`, input.length, rows);
  return input.map((row, i) => {
    checkLength(fn, `${what} row ${i}`, row.length, cols);
    return Array.from(row);
  });
}

/** The finite minimum and maximum, or undefined when there is no finite value. */
function finiteExtent(values: Iterable<number>): readonly [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}

/** Decimals that show a range of this width with about three significant digits (0..6). */
function labelPrecision(min: number, max: number): number {
  const width = Math.abs(max - min) || Math.abs(max) || 1;
  return Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(width))));
}

/** A grid value as a short axis label (four significant digits, no trailing zeros). */
function tickLabel(value: number): string {
  return String(Number(value.toPrecision(4)));
}

// ---------------------------------------------------------------------------------------------------------------
// Choropleth

/** One region's value: `code` is the adcode (China) or ISO 3166 alpha-3 code (world); `name` is shown in tooltips. */
export interface RegionValue {
  readonly code: string | number;
  readonly name: string;
  readonly value: number;
}

/** Arguments of {@link choroplethOption}. */
export interface ChoroplethOptions {
  /** "china": provinces keyed by adcode; "world": countries keyed by ISO3 (register both with registerBundledMaps). */
  readonly map: "china" | "world";
  readonly values: readonly RegionValue[];
  readonly title: string;
  /** Unit shown under the title. */
  readonly unit?: string;
  readonly lang?: ChartLang;
}

/** GeoJSON property that names each region of a bundled map (ECharts `nameProperty`). */
export const MAP_NAME_PROPERTY = { china: "adcode", world: "iso_a3" } as const;

/**
 * A choropleth of the bundled China-province or world-country map: a continuous visualMap from the smallest to
 * the largest value, regions without a (finite) value in grey.
 * Reference: ECharts series-map and visualMap-continuous (echarts.apache.org/en/option.html#series-map).
 * @param options map, values (code, display name, value), title, unit, lang
 * @returns the ECharts option (the map must be registered under the same name before rendering)
 * @throws RangeError naming `choroplethOption` for an unknown map, a bad lang or a duplicate region code
 * @example
 * choroplethOption({ map: "china", values: [{ code: 110000, name: "北京", value: 2 }], title: "R&D", lang: "zh" }).visualMap
 * // => { type: "continuous", min: 2, max: 2, ... }
 */
export function choroplethOption(options: ChoroplethOptions): EChartsOption {
  const fn = "choroplethOption";
  const map = oneOf(fn, "map", options.map, ["china", "world"]);
  const labels = labelsOf(options.lang, fn);
  const seen = new Set<string>();
  const displayNames = new Set<string>();
  const nameMap: Record<string, string> = {};
  const data: { name: string; value: number }[] = [];
  for (const region of options.values) {
    const code = String(region.code);
    if (seen.has(code)) throw new RangeError(`${fn}: region code ${code} appears more than once`);
    seen.add(code);
    // A region without a finite value keeps the grey no-data fill.
    if (!Number.isFinite(region.value)) continue;
    // Regions are keyed by code; the display name replaces it (nameMap) unless two regions share a name.
    const shown =
      region.name !== "" && !displayNames.has(region.name) && !seen.has(region.name) ? region.name : code;
    displayNames.add(shown);
    if (shown !== code) nameMap[code] = shown;
    data.push({ name: shown, value: region.value });
  }
  const extent = finiteExtent(data.map((d) => d.value));
  const [min, max] = extent ?? [0, 1];
  const notes = [
    ...(options.unit !== undefined && options.unit !== "" ? [`${labels.unit}${options.unit}`] : []),
    labels.noData,
  ];
  const series: MapSeriesOption = {
    type: "map",
    map,
    nameProperty: MAP_NAME_PROPERTY[map],
    nameMap,
    roam: false,
    top: 64,
    bottom: 24,
    itemStyle: { areaColor: NO_DATA_COLOR, borderColor: "#ffffff", borderWidth: 0.5 },
    emphasis: { label: { show: false } },
    data,
  };
  return {
    ...frame(options.title, notes.join(labels.separator)),
    tooltip: { trigger: "item" },
    visualMap: {
      type: "continuous",
      min,
      max,
      show: extent !== undefined,
      calculable: true,
      precision: labelPrecision(min, max),
      left: 16,
      bottom: 24,
      itemHeight: 120,
      inRange: { color: [...CHOROPLETH_COLORS] },
    },
    series: [series],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Time series

/** Arguments of {@link timeSeriesOption}. */
export interface TimeSeriesOptions {
  readonly periods: readonly PeriodLabel[];
  /** One line per series; `values` aligned with `periods`, NaN for a missing period (drawn as a gap). */
  readonly series: readonly NamedSeries[];
  readonly title: string;
  readonly yLabel: string;
  /** Category-axis name (default "Year" / "年份"). */
  readonly xLabel?: string;
  readonly lang?: ChartLang;
}

/**
 * Lines over periods, one per series (e.g. the composite index by region over years), with a legend.
 * Reference: ECharts series-line (echarts.apache.org/en/option.html#series-line).
 * @param options periods, series, title, y-axis name, lang
 * @returns the ECharts option
 * @throws RangeError naming `timeSeriesOption` when there is no period or series, or a series length differs from the periods
 * @example
 * timeSeriesOption({ periods: [2020, 2021], series: [{ name: "East", values: [1, 2] }], title: "Index", yLabel: "Index" }).series
 * // => [{ type: "line", name: "East", data: [1, 2], ... }]
 */
export function timeSeriesOption(options: TimeSeriesOptions): EChartsOption {
  const fn = "timeSeriesOption";
  const labels = labelsOf(options.lang, fn);
  checkSeries(fn, "periods", options.periods.length, options.series);
  return {
    ...frame(options.title),
    tooltip: { trigger: "axis" },
    legend: { bottom: 8, data: options.series.map((s) => s.name) },
    grid: { left: 64, right: 32, top: 64, bottom: 72 },
    xAxis: {
      type: "category",
      name: options.xLabel ?? labels.year,
      nameLocation: "middle",
      nameGap: 28,
      boundaryGap: false,
      data: options.periods.map(String),
    },
    yAxis: { type: "value", name: options.yLabel, scale: true },
    series: options.series.map((s): LineSeriesOption => ({
      type: "line",
      name: s.name,
      data: Array.from(s.values, orNull),
      connectNulls: false,
      symbol: "circle",
      symbolSize: 5,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Density over years

/** Arguments of {@link densitySurfaceOption}. */
export interface DensitySurfaceOptions {
  readonly years: readonly PeriodLabel[];
  /** The common evaluation grid (strictly increasing). */
  readonly grid: ArrayLike<number>;
  /** years × grid densities (finite, ≥ 0). */
  readonly density: MatrixInput;
  readonly title: string;
  /** "heatmap" (default): year × grid cells coloured by density; "ridgeline": one offset curve per year. */
  readonly style?: "heatmap" | "ridgeline";
  /** Name of the grid axis (default "Value" / "取值"). */
  readonly xLabel?: string;
  readonly lang?: ChartLang;
}

/**
 * The "kernel density over years" figure in two dimensions (a server-side renderable stand-in for the 3-D
 * surface): a heatmap with the grid on x, years on y and density as colour, or a ridgeline plot whose curve for
 * year i is drawn on the baseline i·(max density)/2 with its name at the right end.
 * Reference: ECharts series-heatmap and series-line with areaStyle.origin; ridgeline layout after Wilke (2019),
 * Fundamentals of Data Visualization, ch. 9.
 * @param options years, grid, density (years × grid), title, style, lang
 * @returns the ECharts option
 * @throws RangeError naming `densitySurfaceOption` for empty inputs, a shape mismatch, a non-increasing grid or a negative or non-finite density
 * @example
 * densitySurfaceOption({ years: [2020], grid: [0, 1], density: [[0.5, 0.5]], title: "KDE" }).series
 * // => [{ type: "heatmap", data: [[0, 0, 0.5], [1, 0, 0.5]], ... }]
 */
export function densitySurfaceOption(options: DensitySurfaceOptions): EChartsOption {
  const fn = "densitySurfaceOption";
  const labels = labelsOf(options.lang, fn);
  const style = oneOf(fn, "style", options.style ?? "heatmap", ["heatmap", "ridgeline"]);
  const years = options.years.map(String);
  const grid = Array.from(options.grid);
  checkNonEmpty(fn, "years", years.length);
  if (grid.length < 2) throw new RangeError(`${fn}: grid needs at least 2 points; got ${grid.length}`);
  for (let j = 0; j < grid.length; j++) {
    if (!Number.isFinite(grid[j]!) || (j > 0 && !(grid[j]! > grid[j - 1]!))) {
      throw new RangeError(
        `${fn}: grid must be finite and strictly increasing; got ${grid[j]} at index ${j}`,
      );
    }
  }
  const rows = matrixRows(fn, "density", options.density, years.length, grid.length);
  rows.forEach((row, i) => {
    row.forEach((d, j) => {
      if (!(Number.isFinite(d) && d >= 0)) {
        throw new RangeError(
          `${fn}: densities must be finite and ≥ 0; got ${d} for year ${years[i]}, grid point ${j}`,
        );
      }
    });
  });
  const maxDensity = Math.max(0, ...rows.map((row) => Math.max(...row)));
  const xName = options.xLabel ?? labels.value;

  if (style === "heatmap") {
    const data: [number, number, number][] = [];
    rows.forEach((row, i) => {
      row.forEach((d, j) => data.push([j, i, d]));
    });
    return {
      ...frame(options.title),
      tooltip: { trigger: "item" },
      grid: { left: 64, right: 96, top: 64, bottom: 64 },
      xAxis: {
        type: "category",
        name: xName,
        nameLocation: "middle",
        nameGap: 32,
        data: grid.map(tickLabel),
        splitArea: { show: false },
      },
      yAxis: { type: "category", name: labels.year, data: years, splitArea: { show: false } },
      visualMap: {
        type: "continuous",
        min: 0,
        max: maxDensity > 0 ? maxDensity : 1,
        precision: labelPrecision(0, maxDensity),
        text: [labels.density, ""],
        calculable: true,
        right: 8,
        top: "middle",
        itemHeight: 160,
        inRange: { color: [...HEATMAP_COLORS] },
      },
      series: [{ type: "heatmap", name: labels.density, data, progressive: 0 }],
    };
  }

  const gap = maxDensity > 0 ? maxDensity / 2 : 1;
  const n = years.length;
  return {
    ...frame(options.title),
    tooltip: { trigger: "item" },
    grid: { left: 32, right: 72, top: 64, bottom: 64 },
    xAxis: {
      type: "value",
      name: xName,
      nameLocation: "middle",
      nameGap: 32,
      min: grid[0]!,
      max: grid[grid.length - 1]!,
    },
    yAxis: { type: "value", show: false, min: 0, max: (n - 1) * gap + maxDensity * 1.05 || 1 },
    series: rows.map((row, i): LineSeriesOption => {
      const baseline = i * gap;
      return {
        type: "line",
        name: years[i]!,
        // Lower curves are in front: the first year (bottom) is drawn last.
        z: 2 + n - i,
        showSymbol: false,
        smooth: false,
        lineStyle: { width: 1.2, color: "#08306b" },
        areaStyle: { origin: baseline, color: "#c6dbef", opacity: 1 },
        endLabel: { show: true, formatter: "{a}", color: "#333333" },
        data: row.map((d, j) => [grid[j]!, baseline + d]),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Stacked bars

/** Arguments of {@link stackedBarOption}. */
export interface StackedBarOptions {
  /** One bar per category (e.g. years). */
  readonly categories: readonly PeriodLabel[];
  /** The stacked parts (e.g. Dagum Gw, Gnb, Gt), each aligned with the categories; NaN for missing. */
  readonly series: readonly NamedSeries[];
  readonly title: string;
  /** Show each part as a percentage of its bar: value / Σ|values| · 100 (default false). */
  readonly percent?: boolean;
  /** Value-axis name (default none, or "Share (%)" / "占比（%）" with percent). */
  readonly yLabel?: string;
  /** Category-axis name (default "Year" / "年份"). */
  readonly xLabel?: string;
  readonly lang?: ChartLang;
}

/**
 * Stacked bars: contributions by category, e.g. the Dagum Gini's within (Gw), net between (Gnb) and
 * transvariation (Gt) parts by year, or an index decomposition. Negative parts stack below zero (ECharts
 * "samesign" stacking). With `percent`, each part is divided by the sum of the absolute parts of its bar.
 * Reference: ECharts series-bar `stack` (echarts.apache.org/en/option.html#series-bar.stack); Dagum (1997),
 * Empirical Economics 22, 515–531, for the decomposition shown.
 * @param options categories, series, title, percent, lang
 * @returns the ECharts option
 * @throws RangeError naming `stackedBarOption` for empty inputs or a series whose length differs from the categories
 * @example
 * stackedBarOption({ categories: [2020], series: [{ name: "Gw", values: [1] }, { name: "Gnb", values: [3] }], title: "G", percent: true }).series
 * // => [{ type: "bar", name: "Gw", stack: "total", data: [25] }, { ..., data: [75] }]
 */
export function stackedBarOption(options: StackedBarOptions): EChartsOption {
  const fn = "stackedBarOption";
  const labels = labelsOf(options.lang, fn);
  checkSeries(fn, "categories", options.categories.length, options.series);
  const percent = options.percent ?? false;
  const totals = options.categories.map((_, c) =>
    options.series.reduce(
      (sum, s) => (Number.isFinite(s.values[c]!) ? sum + Math.abs(s.values[c]!) : sum),
      0,
    ),
  );
  const shown = (s: NamedSeries): (number | null)[] =>
    Array.from(s.values, (v, c) => {
      if (!percent) return orNull(v);
      const total = totals[c]!;
      return Number.isFinite(v) && total > 0 ? (v / total) * 100 : null;
    });
  const yName = options.yLabel ?? (percent ? labels.share : "");
  return {
    ...frame(options.title),
    tooltip: { trigger: "axis" },
    legend: { bottom: 8, data: options.series.map((s) => s.name) },
    grid: { left: 64, right: 32, top: 64, bottom: 72 },
    xAxis: {
      type: "category",
      name: options.xLabel ?? labels.year,
      nameLocation: "middle",
      nameGap: 28,
      data: options.categories.map(String),
    },
    yAxis: { type: "value", ...(yName !== "" ? { name: yName } : {}), ...(percent ? { max: 100 } : {}) },
    series: options.series.map((s): BarSeriesOption => ({
      type: "bar",
      name: s.name,
      stack: "total",
      barMaxWidth: 48,
      data: shown(s),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Heatmap with numbers

/** Arguments of {@link heatmapOption}. */
export interface HeatmapOptions {
  /** Row labels, top to bottom (e.g. the Markov state at t). */
  readonly rows: readonly string[];
  /** Column labels, left to right (e.g. the state at t + 1). */
  readonly columns: readonly string[];
  /** rows × columns values; NaN leaves a blank cell. */
  readonly values: MatrixInput;
  readonly title: string;
  /** Cell text: ".Nf" (N decimals) or ".N%" (percent with N decimals); default ".3f". */
  readonly format?: string;
  /** Axis names (default none). */
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly lang?: ChartLang;
}

const FORMAT_PATTERN = /^\.(\d{1,2})([f%])$/;

/** A cell's text for a d3-style format ".Nf" or ".N%". */
function formatValue(
  value: number,
  format: { readonly decimals: number; readonly percent: boolean },
): string {
  return format.percent ? `${(value * 100).toFixed(format.decimals)}%` : value.toFixed(format.decimals);
}

/**
 * A matrix as coloured cells with the numbers printed in them (e.g. a Markov transition matrix): rows top to
 * bottom in the given order, dark text on light cells and white text on dark cells.
 * Reference: ECharts series-heatmap (echarts.apache.org/en/option.html#series-heatmap); format specifiers after
 * d3-format (".3f", ".1%").
 * @param options rows, columns, values (rows × columns), title, format, lang
 * @returns the ECharts option
 * @throws RangeError naming `heatmapOption` for empty labels, a shape mismatch or a format other than ".Nf" / ".N%"
 * @example
 * heatmapOption({ rows: ["1"], columns: ["1"], values: [[0.25]], title: "P", format: ".1%" }).series
 * // => [{ type: "heatmap", data: [{ value: [0, 0, 0.25], label: { formatter: "25.0%", ... } }], ... }]
 */
export function heatmapOption(options: HeatmapOptions): EChartsOption {
  const fn = "heatmapOption";
  labelsOf(options.lang, fn);
  checkNonEmpty(fn, "rows", options.rows.length);
  checkNonEmpty(fn, "columns", options.columns.length);
  const spec = options.format ?? ".3f";
  const match = FORMAT_PATTERN.exec(spec);
  if (!match)
    throw new RangeError(`${fn}: format must be ".Nf" or ".N%" (N = 0..20); got ${JSON.stringify(spec)}`);
  const format = { decimals: Number(match[1]), percent: match[2] === "%" };
  if (format.decimals > 20)
    throw new RangeError(`${fn}: format decimals must be 0..20; got ${format.decimals}`);
  const cells = matrixRows(fn, "values", options.values, options.rows.length, options.columns.length);
  const extent = finiteExtent(cells.flat());
  const [min, max] = extent ?? [0, 1];
  const data: { value: [number, number, number]; label: { formatter: string; color: string } }[] = [];
  cells.forEach((row, i) => {
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) return;
      // Position on the palette (ECharts interpolates linearly); the last two stops are dark.
      const t = max > min ? (v - min) / (max - min) : 0.5;
      data.push({
        value: [j, i, v],
        label: { formatter: formatValue(v, format), color: t > 0.55 ? "#ffffff" : "#1a1a1a" },
      });
    });
  });
  const series: HeatmapSeriesOption = {
    type: "heatmap",
    data,
    label: { show: true, fontSize: 12 },
    itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
    progressive: 0,
  };
  return {
    ...frame(options.title),
    tooltip: { trigger: "item" },
    grid: { left: 80, right: 32, top: options.xLabel !== undefined ? 104 : 80, bottom: 88 },
    xAxis: {
      type: "category",
      data: [...options.columns],
      position: "top",
      splitArea: { show: false },
      ...(options.xLabel !== undefined
        ? { name: options.xLabel, nameLocation: "middle" as const, nameGap: 28 }
        : {}),
    },
    yAxis: {
      type: "category",
      data: [...options.rows],
      inverse: true,
      splitArea: { show: false },
      ...(options.yLabel !== undefined
        ? { name: options.yLabel, nameLocation: "middle" as const, nameGap: 56 }
        : {}),
    },
    visualMap: {
      type: "continuous",
      min,
      max,
      show: extent !== undefined,
      precision: labelPrecision(min, max),
      calculable: true,
      orient: "horizontal",
      left: "center",
      bottom: 12,
      itemWidth: 12,
      itemHeight: 160,
      inRange: { color: [...HEATMAP_COLORS] },
    },
    series: [series],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rank (bump) chart

/** Arguments of {@link rankChartOption}. */
export interface RankChartOptions {
  readonly periods: readonly PeriodLabel[];
  /** One line per unit: its rank (1 = best) in each period, NaN when unranked. */
  readonly units: readonly { readonly name: string; readonly ranks: ArrayLike<number> }[];
  readonly title: string;
  readonly lang?: ChartLang;
}

/**
 * A bump chart of ranks over periods: rank 1 at the top (inverted y axis, one grid line per rank), one line per
 * unit with its name at the right end.
 * Reference: ECharts series-line with yAxis.inverse (echarts.apache.org/en/option.html#yAxis.inverse).
 * @param options periods, units with ranks, title, lang
 * @returns the ECharts option
 * @throws RangeError naming `rankChartOption` for empty inputs, a length mismatch, or a rank that is not a whole number ≥ 1 (NaN allowed)
 * @example
 * rankChartOption({ periods: [2020, 2021], units: [{ name: "A", ranks: [1, 2] }, { name: "B", ranks: [2, 1] }], title: "Rank" }).yAxis
 * // => { type: "category", inverse: true, data: ["1", "2"], ... }
 */
export function rankChartOption(options: RankChartOptions): EChartsOption {
  const fn = "rankChartOption";
  const labels = labelsOf(options.lang, fn);
  checkNonEmpty(fn, "periods", options.periods.length);
  checkNonEmpty(fn, "units", options.units.length);
  let maxRank = 1;
  for (const unit of options.units) {
    checkLength(fn, `ranks of "${unit.name}"`, unit.ranks.length, options.periods.length);
    for (const r of Array.from(unit.ranks)) {
      if (Number.isNaN(r)) continue;
      if (!(Number.isInteger(r) && r >= 1)) {
        throw new RangeError(`${fn}: ranks must be whole numbers ≥ 1 (or NaN); got ${r} for "${unit.name}"`);
      }
      if (r > maxRank) maxRank = r;
    }
  }
  return {
    ...frame(options.title),
    tooltip: { trigger: "item" },
    grid: { left: 56, right: 120, top: 72, bottom: 56 },
    xAxis: {
      type: "category",
      name: labels.year,
      nameLocation: "middle",
      nameGap: 28,
      boundaryGap: false,
      data: options.periods.map(String),
    },
    // A category axis puts each rank in the middle of its band, so rank n does not sit on the x axis.
    yAxis: {
      type: "category",
      name: labels.rank,
      nameLocation: "start",
      inverse: true,
      data: Array.from({ length: maxRank }, (_, r) => String(r + 1)),
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { type: "dashed", opacity: 0.4 } },
    },
    series: options.units.map((unit): LineSeriesOption => ({
      type: "line",
      name: unit.name,
      // Values on a category axis are category indices: rank r is index r − 1.
      data: Array.from(unit.ranks, (r) => (Number.isNaN(r) ? null : r - 1)),
      connectNulls: false,
      symbol: "circle",
      symbolSize: 7,
      lineStyle: { width: 2 },
      endLabel: { show: true, formatter: "{a}", distance: 6 },
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Moran scatter

/** Arguments of {@link moranScatterOption}. */
export interface MoranScatterOptions {
  /** Standardised values z_i. */
  readonly z: ArrayLike<number>;
  /** Spatial lags (Wz)_i. */
  readonly wz: ArrayLike<number>;
  /** Unit names, printed beside the points when there are at most 40 units. */
  readonly labels: readonly string[];
  /** Local Moran class of each unit (HH, LL, HL, LH significant; ns; island). */
  readonly classes: readonly MoranClass[];
  /** Slope of the Moran line: Moran's I for row-standardised weights. */
  readonly slope: number;
  readonly title: string;
  readonly lang?: ChartLang;
}

/**
 * The Moran scatter plot: Wz against z, one scatter series per local class present (in the order HH, LL, HL, LH,
 * ns, island), dashed quadrant lines at z = 0 and Wz = 0, and the line Wz = I·z across the data's z range.
 * Reference: Anselin (1996), "The Moran scatterplot as an ESDA tool", in Fischer et al. (eds.), Spatial Analytical
 * Perspectives on GIS, 111–125; Anselin (1995), Geographical Analysis 27, 93–115, for the LISA classes.
 * @param options z, wz, labels, classes, slope, title, lang
 * @returns the ECharts option
 * @throws RangeError naming `moranScatterOption` for no units, lengths that differ, a non-finite z, Wz or slope, or an unknown class
 * @example
 * moranScatterOption({ z: [-1, 1], wz: [-0.5, 0.5], labels: ["A", "B"], classes: ["LL", "HH"], slope: 0.5, title: "Moran" }).series.length
 * // => 3 (HH, LL and the Moran line)
 */
export function moranScatterOption(options: MoranScatterOptions): EChartsOption {
  const fn = "moranScatterOption";
  const labels = labelsOf(options.lang, fn);
  const n = options.z.length;
  checkNonEmpty(fn, "z", n);
  checkLength(fn, "wz", options.wz.length, n);
  checkLength(fn, "labels", options.labels.length, n);
  checkLength(fn, "classes", options.classes.length, n);
  if (!Number.isFinite(options.slope))
    throw new RangeError(`${fn}: slope must be finite; got ${options.slope}`);
  const byClass = new Map<MoranClass, { name: string; value: [number, number] }[]>();
  for (let i = 0; i < n; i++) {
    const z = options.z[i]!;
    const wz = options.wz[i]!;
    const cls = options.classes[i]!;
    if (!(Number.isFinite(z) && Number.isFinite(wz))) {
      throw new RangeError(
        `${fn}: z and wz must be finite; got z = ${z}, wz = ${wz} for unit ${i} (${options.labels[i]})`,
      );
    }
    oneOf(fn, `classes[${i}]`, cls, MORAN_CLASS_ORDER);
    let points = byClass.get(cls);
    if (!points) byClass.set(cls, (points = []));
    points.push({ name: options.labels[i]!, value: [z, wz] });
  }
  const [zMin, zMax] = finiteExtent(Array.from(options.z)) ?? [-1, 1];
  const showLabels = n <= 40;
  const scatter = MORAN_CLASS_ORDER.filter((cls) => byClass.has(cls)).map((cls): ScatterSeriesOption => ({
    type: "scatter",
    name: labels.classes[cls],
    data: byClass.get(cls)!,
    symbolSize: 8,
    itemStyle: { color: MORAN_CLASS_COLORS[cls], borderColor: "#4d4d4d", borderWidth: 0.5 },
    label: { show: showLabels, formatter: "{b}", position: "right", fontSize: 10, color: "#4d4d4d" },
  }));
  const slopeName = `${labels.moranI} = ${options.slope.toFixed(3)}`;
  const moranLine: LineSeriesOption = {
    type: "line",
    name: slopeName,
    data: [
      [zMin, options.slope * zMin],
      [zMax, options.slope * zMax],
    ],
    showSymbol: false,
    lineStyle: { color: "#1a1a1a", width: 1.5 },
    itemStyle: { color: "#1a1a1a" },
    markLine: {
      silent: true,
      symbol: "none",
      label: { show: false },
      lineStyle: { type: "dashed", color: "#969696", width: 1 },
      data: [{ xAxis: 0 }, { yAxis: 0 }],
    },
  };
  return {
    ...frame(options.title),
    tooltip: { trigger: "item" },
    legend: { bottom: 8 },
    grid: { left: 64, right: 40, top: 64, bottom: 108 },
    xAxis: {
      type: "value",
      name: labels.z,
      nameLocation: "middle",
      nameGap: 28,
      scale: true,
      splitLine: { show: false },
    },
    yAxis: {
      type: "value",
      name: labels.wz,
      nameLocation: "middle",
      nameGap: 40,
      scale: true,
      splitLine: { show: false },
    },
    series: [...scatter, moranLine],
  };
}
