/**
 * What the browser adds to a figure's ECharts option (from src/report/figure-option.ts, the same option the report
 * draws): tooltips drawn as rich text (HTML tooltips carry style attributes, which a strict CSP refuses) with
 * numbers in the UI language's format, and the figure title as the name of unnamed series. Pure: no DOM.
 */
import type { EChartsOption } from "echarts";

/** A locale number formatter (WebContext.fmt). */
export type Fmt = (value: number | null | undefined, digits?: number) => string;

/**
 * A tooltip value in the UI language: numbers to four significant digits (no more than six decimals) through
 * `fmt`, arrays (scatter points) element by element, anything else as text; missing → fmt(null).
 * @param value the tooltip value
 * @param fmt the formatter
 * @returns the text
 * @example
 * tooltipValue(0.123456, (v, d) => v!.toFixed(d)) // => "0.1235"
 */
export function tooltipValue(value: unknown, fmt: Fmt): string {
  if (Array.isArray(value)) return value.map((v) => tooltipValue(v, fmt)).join(", ");
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fmt(null);
    const magnitude = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
    return fmt(value, Math.max(0, Math.min(6, 3 - magnitude)));
  }
  if (value === null || value === undefined) return fmt(null);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The option as the browser sets it: every tooltip with renderMode "richText" and a valueFormatter through `fmt`,
 * and unnamed series named after the figure's title (so tooltips say what they show).
 * Reference: ECharts tooltip.renderMode and tooltip.valueFormatter (echarts.apache.org/en/option.html#tooltip).
 * @param option the figure's option (not changed)
 * @param fmt the UI language's number formatter
 * @returns a new option
 */
export function browserOption(option: EChartsOption, fmt: Fmt): EChartsOption {
  const tooltips =
    option.tooltip === undefined ? [] : Array.isArray(option.tooltip) ? option.tooltip : [option.tooltip];
  const title: unknown = Array.isArray(option.title) ? option.title[0] : option.title;
  const titleText =
    typeof title === "object" && title !== null && "text" in title && typeof title.text === "string"
      ? title.text
      : "";
  const series =
    option.series === undefined ? undefined : Array.isArray(option.series) ? option.series : [option.series];
  const out: EChartsOption = { ...option };
  if (tooltips.length > 0)
    out.tooltip = tooltips.map((t) => ({
      ...t,
      renderMode: "richText",
      valueFormatter: (value: unknown) => tooltipValue(value, fmt),
    }));
  if (series !== undefined)
    out.series = series.map((s) => (s.name === undefined ? { ...s, name: titleText } : s));
  return out;
}
