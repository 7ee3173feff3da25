/**
 * ECharts in the page: a group of charts that resize with their containers (and so with the window) and are
 * disposed together, and the bundled maps fetched from the server (GET /api/maps/china|world) and registered once.
 */
import * as echarts from "echarts";
import type { EChartsOption } from "echarts";
import type { WebContext } from "../context.js";
import { echartsGeoJson } from "../../../src/report/map-geojson.js";
import { browserOption } from "./browser-option.js";

/** Charts of one view. */
export interface ChartGroup {
  /** Draws an option into a container (the container gets data-ready="1" once ECharts has rendered). */
  mount(container: HTMLElement, option: EChartsOption): echarts.ECharts;
  /** Disposes every chart and stops watching sizes. */
  dispose(): void;
}

/**
 * A chart group: each chart follows its container's size (ResizeObserver, so window resizes and layout changes
 * both count), options go through browserOption (rich-text tooltips, numbers in the UI language).
 * @param ctx the web context (fmt)
 * @returns the group
 */
export function chartGroup(ctx: WebContext): ChartGroup {
  const charts = new Map<HTMLElement, echarts.ECharts>();
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const chart = charts.get(entry.target as HTMLElement);
      if (chart !== undefined && !chart.isDisposed()) chart.resize();
    }
  });
  return {
    mount(container, option) {
      let chart = charts.get(container);
      if (chart === undefined || chart.isDisposed()) {
        chart = echarts.init(container, null, { renderer: "canvas" });
        charts.set(container, chart);
        observer.observe(container);
      }
      container.removeAttribute("data-ready");
      const ready = (): void => {
        container.setAttribute("data-ready", "1");
      };
      chart.off("finished");
      chart.on("finished", ready);
      chart.setOption(
        browserOption(option, (v, d) => ctx.fmt(v, d)),
        { notMerge: true },
      );
      return chart;
    },
    dispose() {
      observer.disconnect();
      for (const chart of charts.values()) if (!chart.isDisposed()) chart.dispose();
      charts.clear();
    },
  };
}

const registered = new Map<"china" | "world", Promise<void>>();

/**
 * Registers a bundled map with ECharts (once per page; a failed fetch is retried on the next call).
 * @param ctx the web context (getJson)
 * @param name "china" or "world"
 * @returns a promise that resolves once the map is registered
 * @throws ApiError from the server; TypeError when the answer is not a FeatureCollection
 */
export function ensureMap(ctx: WebContext, name: "china" | "world"): Promise<void> {
  let done = registered.get(name);
  if (done === undefined) {
    done = ctx.getJson<unknown>(`/api/maps/${name}`).then((geo) => {
      echarts.registerMap(name, echartsGeoJson(name, geo) as Parameters<typeof echarts.registerMap>[1]);
    });
    done.catch(() => registered.delete(name));
    registered.set(name, done);
  }
  return done;
}
