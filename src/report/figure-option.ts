/**
 * The ECharts option of a study figure: a FigureSpec (plain data from a study step) mapped onto the builders of
 * chart-options.ts, and the size each figure kind is drawn at. Pure (no Node modules), so the server-side renderer
 * (figures.ts), the HTML report and the browser app draw the same figures from the same options. Missing values
 * (null) become NaN, which the builders draw as gaps, blank cells or grey regions.
 */
import type { EChartsOption } from "echarts";
import type { FigureSpec } from "../study/types.js";
import {
  choroplethOption,
  densitySurfaceOption,
  heatmapOption,
  moranScatterOption,
  rankChartOption,
  stackedBarOption,
  timeSeriesOption,
  type ChartLang,
  type MoranClass,
} from "./chart-options.js";

/** Options of {@link figureOption} (and of figures.ts's renderFigure). */
export interface FigureOptions {
  /** Language of the generic axis and legend labels (default "en"). */
  readonly lang?: ChartLang;
}

/** Width and height in pixels of each figure kind (SVG size; the PNG is `scale` times larger). */
export const FIGURE_SIZES: Readonly<
  Record<FigureSpec["kind"], { readonly width: number; readonly height: number }>
> = {
  choropleth: { width: 900, height: 680 },
  "time-series": { width: 900, height: 520 },
  "density-surface": { width: 900, height: 560 },
  "stacked-bar": { width: 900, height: 520 },
  heatmap: { width: 760, height: 640 },
  "rank-chart": { width: 900, height: 680 },
  "moran-scatter": { width: 820, height: 680 },
};

const MORAN_CLASSES: readonly string[] = ["HH", "LL", "HL", "LH", "ns", "island"];

const orNaN = (value: number | null): number => (value === null ? Number.NaN : value);

/**
 * The ECharts option of a study figure: each FigureSpec kind maps onto its builder (choropleth → choroplethOption,
 * time-series → timeSeriesOption, density-surface → densitySurfaceOption (heatmap style), stacked-bar →
 * stackedBarOption, heatmap → heatmapOption with ".<digits>f" cells, rank-chart → rankChartOption, moran-scatter →
 * moranScatterOption); null values become NaN (gaps, blank cells, grey regions).
 * Reference: src/study/types.ts (FigureSpec) and src/report/chart-options.ts (the builders).
 * @param spec the figure specification
 * @param options lang of the generic labels (default "en")
 * @returns a JSON-serialisable ECharts option
 * @throws RangeError naming `figureOption` for an unknown kind or an unknown Moran class; RangeError from the builder for inconsistent data (e.g. a series whose length differs from the periods)
 * @example
 * figureOption({ kind: "time-series", id: "a", title: "A", periods: [2020, 2021], series: [{ name: "x", values: [1, null] }] }).series
 * // => [{ type: "line", name: "x", data: [1, null], ... }]
 */
export function figureOption(spec: FigureSpec, options: FigureOptions = {}): EChartsOption {
  const lang = options.lang ?? "en";
  switch (spec.kind) {
    case "choropleth":
      return choroplethOption({
        map: spec.map,
        title: spec.title,
        values: spec.values.map((v) => ({ code: v.code, name: v.name, value: orNaN(v.value) })),
        ...(spec.unit !== undefined ? { unit: spec.unit } : {}),
        lang,
      });
    case "time-series":
      return timeSeriesOption({
        periods: spec.periods,
        series: spec.series.map((s) => ({ name: s.name, values: s.values.map(orNaN) })),
        title: spec.title,
        yLabel: spec.yLabel ?? "",
        lang,
      });
    case "density-surface":
      return densitySurfaceOption({
        years: spec.years,
        grid: spec.grid,
        density: spec.density,
        title: spec.title,
        style: "heatmap",
        lang,
      });
    case "stacked-bar":
      return stackedBarOption({
        categories: spec.categories,
        series: spec.series.map((s) => ({ name: s.name, values: s.values.map(orNaN) })),
        title: spec.title,
        ...(spec.percent !== undefined ? { percent: spec.percent } : {}),
        lang,
      });
    case "heatmap":
      return heatmapOption({
        rows: spec.rows,
        columns: spec.columns,
        values: spec.values,
        title: spec.title,
        ...(spec.digits !== undefined ? { format: `.${spec.digits}f` } : {}),
        lang,
      });
    case "rank-chart":
      return rankChartOption({
        periods: spec.periods,
        units: spec.units.map((u) => ({ name: u.name, ranks: u.ranks.map(orNaN) })),
        title: spec.title,
        lang,
      });
    case "moran-scatter": {
      const classes = spec.classes.map((c, i): MoranClass => {
        if (!MORAN_CLASSES.includes(c)) {
          throw new RangeError(
            `figureOption: moran-scatter "${spec.id}" class ${i} must be one of ${MORAN_CLASSES.join(", ")}; got ${JSON.stringify(c)}`,
          );
        }
        return c as MoranClass;
      });
      return moranScatterOption({
        z: spec.z,
        wz: spec.wz,
        labels: spec.labels,
        classes,
        slope: spec.slope,
        title: spec.title,
        lang,
      });
    }
    default: {
      const unknown: { kind?: unknown } = spec;
      throw new RangeError(`figureOption: unknown figure kind ${JSON.stringify(unknown.kind)}`);
    }
  }
}
