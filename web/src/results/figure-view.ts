/**
 * One figure of a step in the page: a titled box with the chart drawn from the figure's option (figureOption, as
 * the report draws it) and links to its SVG and PNG; choropleths get a year slider when their values can be read
 * for every year from the step's tables.
 */
import type { EChartsOption } from "echarts";
import { densitySurfaceOption } from "../../../src/report/chart-options.js";
import { FIGURE_SIZES, figureOption } from "../../../src/report/figure-option.js";
import type { StepJson } from "../../../src/report/results-json.js";
import type { FigureSpec } from "../../../src/study/types.js";
import type { WebContext } from "../context.js";
import type { ChartGroup } from "./chart-view.js";
import { ensureMap } from "./chart-view.js";
import { errorText, h } from "./dom.js";
import type { Download } from "./downloads-data.js";
import { choroplethForYear, choroplethYears, yearsExtent, type ChoroplethSpec } from "./panel-values.js";

/** What a figure view needs from the page. */
export interface FigureContext {
  readonly ctx: WebContext;
  readonly charts: ChartGroup;
  /** SVG and PNG downloads by figure id (as listed by the server). */
  readonly files: ReadonlyMap<string, { readonly svg?: Download; readonly png?: Download }>;
  /** The chosen year per figure id (kept across language switches). */
  readonly years: Map<string, number>;
  /** Called when a choropleth's year changes (the ranking follows its step's map). */
  readonly onYear?: (figureId: string, year: number) => void;
}

/** The chart container of a figure kind: full width up to the figure's own width, at its height. */
function chartBox(spec: FigureSpec, testId?: string): HTMLElement {
  const size = FIGURE_SIZES[spec.kind];
  const box = h("div", {
    class: `chart chart-${spec.kind}`,
    role: "img",
    "aria-label": spec.title,
    "data-testid": testId,
  });
  box.style.maxWidth = `${size.width}px`;
  box.style.height = `${size.height}px`;
  return box;
}

function fileLinks(fc: FigureContext, id: string): HTMLElement | null {
  const files = fc.files.get(id);
  if (files === undefined) return null;
  const links = [files.svg, files.png]
    .filter((d): d is Download => d !== undefined)
    .map((d) => h("a", { href: d.href, download: d.fileName }, d.kind.toUpperCase()));
  return links.length > 0
    ? h("span", { class: "files" }, " (", ...links.flatMap((a, i) => (i > 0 ? [", ", a] : [a])), ")")
    : null;
}

function drawError(box: HTMLElement, fc: FigureContext, error: unknown): void {
  box.replaceChildren(
    h(
      "p",
      { class: "error", role: "alert" },
      fc.ctx.t("results.figure.failed", { message: errorText(error) }),
    ),
  );
  box.setAttribute("data-ready", "error");
}

function draw(
  box: HTMLElement,
  spec: FigureSpec,
  fc: FigureContext,
  adjust?: (option: EChartsOption) => EChartsOption,
): void {
  try {
    const option = figureOption(spec, { lang: fc.ctx.locale() });
    fc.charts.mount(box, adjust !== undefined ? adjust(option) : option);
  } catch (error) {
    drawError(box, fc, error);
  }
}

/**
 * A figure box: title caption, chart and file links.
 * @param spec the figure
 * @param fc page context
 * @returns the <figure> element (the chart is drawn once the map, if any, is registered)
 */
export function figureView(spec: FigureSpec, fc: FigureContext): HTMLElement {
  const box = chartBox(spec, spec.kind === "choropleth" ? `map-${spec.id}` : `figure-${spec.id}`);
  if (spec.kind === "choropleth")
    ensureMap(fc.ctx, spec.map).then(
      () => {
        draw(box, spec, fc);
      },
      (error: unknown) => {
        drawError(box, fc, error);
      },
    );
  else draw(box, spec, fc);
  return h(
    "figure",
    { class: "figure", id: `figure-${spec.id}` },
    box,
    h("figcaption", {}, spec.title, fileLinks(fc, spec.id)),
  );
}

/**
 * The kernel densities over years with a choice of drawing: the heatmap the report draws (figureOption) or a
 * ridgeline of one curve per year (densitySurfaceOption with style "ridgeline"); the choice is kept per figure.
 * @param spec the density-surface figure
 * @param fc page context (styles: chosen style by figure id)
 * @returns the figure element
 */
export function densityView(
  spec: Extract<FigureSpec, { kind: "density-surface" }>,
  fc: FigureContext & { readonly styles: Map<string, "heatmap" | "ridgeline"> },
): HTMLElement {
  const { ctx } = fc;
  const box = chartBox(spec, `figure-${spec.id}`);
  const render = (): void => {
    const style = fc.styles.get(spec.id) ?? "heatmap";
    box.setAttribute("data-style", style);
    if (style === "heatmap") {
      draw(box, spec, fc);
      return;
    }
    try {
      fc.charts.mount(
        box,
        densitySurfaceOption({
          years: spec.years,
          grid: spec.grid,
          density: spec.density,
          title: spec.title,
          style,
          lang: ctx.locale(),
        }),
      );
    } catch (error) {
      drawError(box, fc, error);
    }
  };
  const name = `density-style-${spec.id}`;
  const choice = (style: "heatmap" | "ridgeline"): HTMLElement => {
    const input = h("input", {
      type: "radio",
      name,
      value: style,
      checked: (fc.styles.get(spec.id) ?? "heatmap") === style,
      "data-testid": `density-${style}`,
    });
    input.addEventListener("change", () => {
      if (!input.checked) return;
      fc.styles.set(spec.id, style);
      render();
    });
    return h("label", {}, input, ` ${ctx.t(`results.density.${style}`)}`);
  };
  render();
  return h(
    "figure",
    { class: "figure", id: `figure-${spec.id}` },
    h(
      "fieldset",
      { class: "density-style" },
      h("legend", {}, ctx.t("results.density.style")),
      choice("heatmap"),
      choice("ridgeline"),
    ),
    box,
    h("figcaption", {}, spec.title, fileLinks(fc, spec.id)),
  );
}

/**
 * A choropleth with a year slider (input[type=range][data-testid=map-year]) when the step's tables hold its values
 * for several years; the slider's value is the year, and years missing in between snap to the nearest one.
 * @param step the step holding the figure
 * @param spec the choropleth
 * @param fc page context
 * @returns the figure element
 */
export function choroplethView(step: StepJson, spec: ChoroplethSpec, fc: FigureContext): HTMLElement {
  const years = choroplethYears(step, spec);
  if (years === undefined || years.years.length < 2) return figureView(spec, fc);
  const { ctx } = fc;
  const box = chartBox(spec, `map-${spec.id}`);
  let echartsReady = false;
  let year = fc.years.get(spec.id) ?? years.defaultYear;
  if (!years.years.includes(year)) year = years.defaultYear;
  const caption = h("figcaption", {});
  const label = h("output", { class: "year", "aria-live": "polite" }, String(year));
  const sliderId = `map-year-${spec.id}`;
  const slider = h("input", {
    type: "range",
    id: sliderId,
    "data-testid": "map-year",
    min: years.years[0]!,
    max: years.years[years.years.length - 1]!,
    step: 1,
    value: year,
    "aria-valuetext": String(year),
  });
  // One colour scale for all years, so that the slider compares years.
  const extent = yearsExtent(years);
  const sameScale = (option: EChartsOption): EChartsOption =>
    extent === undefined || Array.isArray(option.visualMap) || option.visualMap === undefined
      ? option
      : { ...option, visualMap: { ...option.visualMap, min: extent[0], max: extent[1], show: true } };
  const show = (): void => {
    const shown = choroplethForYear(spec, years, year);
    box.setAttribute("data-year", String(year));
    box.setAttribute("aria-label", shown.title);
    caption.replaceChildren(shown.title, fileLinks(fc, spec.id) ?? "");
    if (echartsReady) draw(box, shown, fc, sameScale);
  };
  const onInput = (): void => {
    const wanted = Number(slider.value);
    const nearest = years.years.reduce((best, y) =>
      Math.abs(y - wanted) < Math.abs(best - wanted) ? y : best,
    );
    if (nearest === year) return;
    year = nearest;
    slider.value = String(year);
    slider.setAttribute("aria-valuetext", String(year));
    label.textContent = String(year);
    fc.years.set(spec.id, year);
    show();
    fc.onYear?.(spec.id, year);
  };
  slider.addEventListener("input", onInput);
  slider.addEventListener("change", onInput);
  ensureMap(ctx, spec.map).then(
    () => {
      echartsReady = true;
      show();
    },
    (error: unknown) => {
      drawError(box, fc, error);
    },
  );
  show();
  return h(
    "figure",
    { class: "figure", id: `figure-${spec.id}` },
    h(
      "div",
      { class: "year-slider" },
      h("label", { for: sliderId }, ctx.t("results.map.year")),
      slider,
      label,
    ),
    box,
    caption,
  );
}

/** The year a choropleth of the step currently shows (its slider's year, else the step's year). */
export function choroplethYear(
  step: StepJson,
  spec: ChoroplethSpec,
  years: ReadonlyMap<string, number>,
): number | undefined {
  const y = choroplethYears(step, spec);
  if (y === undefined) return undefined;
  const chosen = years.get(spec.id);
  return chosen !== undefined && y.years.includes(chosen) ? chosen : y.defaultYear;
}
