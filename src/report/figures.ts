/**
 * Study figures: a FigureSpec (plain data from a study step) becomes an ECharts option through figure-option.ts
 * (the builders of chart-options.ts), then an SVG (ECharts SSR) and a PNG (resvg) through render.ts.
 */
import type { EChartsOption } from "echarts";
import type { FigureSpec } from "../study/types.js";
import { FIGURE_SIZES, figureOption, type FigureOptions } from "./figure-option.js";
import { registerBundledMaps, renderPng, renderSvg } from "./render.js";

export { FIGURE_SIZES, figureOption, type FigureOptions } from "./figure-option.js";

/** Options of {@link renderFigure}. */
export interface RenderFigureOptions extends FigureOptions {
  /** PNG pixels per SVG pixel (default 2). */
  readonly scale?: number;
}

/** A figure drawn: its ECharts option, the SVG document and the PNG bytes. */
export interface RenderedFigure {
  readonly id: string;
  readonly option: EChartsOption;
  readonly svg: string;
  readonly png: Uint8Array;
}

/**
 * The id prefix of a figure's SVG: its id with every character other than a letter, digit or _ replaced by _, and
 * "f" in front when it does not start with a letter (renderSvg's rule for prefixes).
 * @param id the figure id, e.g. "index-map"
 * @returns the prefix, e.g. "index_map"
 * @example
 * figureIdPrefix("2019-map") // => "f2019_map"
 */
export function figureIdPrefix(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z]/.test(safe) ? safe : `f${safe}`;
}

/**
 * Draws a study figure: its option (figureOption), the SVG at the kind's size (FIGURE_SIZES; ids prefixed by
 * figureIdPrefix(id)) and the PNG. Registers the bundled maps first when the figure is a choropleth. The same spec
 * gives byte-identical SVG and PNG on the same fonts.
 * Reference: render.ts (renderSvg, renderPng).
 * @param spec the figure specification
 * @param options lang (default "en"), PNG scale (default 2)
 * @returns the option, the SVG and the PNG
 * @throws RangeError from figureOption or the renderers
 * @example
 * (await renderFigure(spec)).svg.startsWith("<svg") // => true
 */
export async function renderFigure(
  spec: FigureSpec,
  options: RenderFigureOptions = {},
): Promise<RenderedFigure> {
  const option = figureOption(spec, options);
  if (spec.kind === "choropleth") await registerBundledMaps();
  const size = FIGURE_SIZES[spec.kind];
  const svg = renderSvg(option, { ...size, idPrefix: figureIdPrefix(spec.id) });
  const png = renderPng(svg, options.scale !== undefined ? { scale: options.scale } : {});
  return { id: spec.id, option, svg, png };
}
