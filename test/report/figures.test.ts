/**
 * figureOption maps each FigureSpec field onto its builder's input (null values to gaps, blank cells and grey
 * regions; heatmap digits to the ".Nf" cell format), figureIdPrefix makes renderSvg-valid prefixes, and renderFigure
 * gives an SVG with the figure's id prefix and a PNG, the same bytes twice.
 */
import { describe, expect, it } from "vitest";
import { figureIdPrefix, figureOption, renderFigure } from "../../src/report/figures.js";
import type { FigureSpec } from "../../src/study/types.js";
import { expectAllClose, expectClose } from "../close.js";
import { SAMPLE_FIGURES } from "./sample-result.js";

interface SeriesLike {
  readonly type?: string;
  readonly name?: string;
  readonly data?: unknown[];
}

const seriesOf = (spec: FigureSpec): SeriesLike[] => figureOption(spec).series as SeriesLike[];
const byId = (id: string): FigureSpec => SAMPLE_FIGURES.find((f) => f.id === id)!;

describe("figureOption", () => {
  it("time-series: one line per series, null values as gaps", () => {
    const series = seriesOf(byId("index-groups"));
    expect(series.map((s) => [s.type, s.name, s.data])).toEqual([
      ["line", "all", [0.4, 0.45, 0.5]],
      ["line", "East", [0.6, null, 0.7]],
    ]);
  });

  it("choropleth: regions without a value are left out of the data (drawn grey); names replace the codes", () => {
    const [map] = seriesOf(byId("index-map")) as (SeriesLike & {
      map: string;
      nameMap: Record<string, string>;
    })[];
    expect(map!.map).toBe("china");
    expect(map!.data).toEqual([
      { name: "Beijing", value: 0.852 },
      { name: "Shanghai", value: 0.61 },
      { name: "Guangdong", value: 0.4444 },
    ]);
    expect(map!.nameMap).toEqual({ "110000": "Beijing", "310000": "Shanghai", "440000": "Guangdong" });
  });

  it("heatmap: digits 2 prints the cells with two decimals", () => {
    const [heatmap] = seriesOf(byId("markov-transitions"));
    const labels = (heatmap!.data as { label: { formatter: string } }[]).map((d) => d.label.formatter);
    expect(labels).toEqual(["0.75", "0.25", "0.25", "0.75"]);
  });

  it("rank-chart: null ranks as gaps; stacked-bar percent: shares of each bar's total", () => {
    expect(seriesOf(byId("index-ranks"))[2]!.data).toEqual([2, null, null]);
    const bars = seriesOf(byId("index-dimensions"));
    // Beijing: 0.3 / (0.3 + 0.5) = 37.5 %, 0.5 / 0.8 = 62.5 %; Shanghai: 0.2 alone = 100 %, the missing part a gap.
    const [labour, means] = bars.map((s) => s.data as (number | null)[]);
    expectAllClose(labour!.map(Number), [37.5, 100], { abs: 1e-12 });
    expectClose(means![0]!, 62.5, { abs: 1e-12 });
    expect(means![1]).toBeNull();
  });

  it("moran-scatter: one series per class present and the Moran line; an unknown class is a RangeError naming figureOption", () => {
    expect(seriesOf(byId("moran-scatter")).map((s) => s.type)).toEqual([
      "scatter",
      "scatter",
      "scatter",
      "line",
    ]);
    const bad = { ...byId("moran-scatter"), classes: ["LL", "XX", "ns", "HH"] } as FigureSpec;
    expect(() => figureOption(bad)).toThrow(/^figureOption: moran-scatter "moran-scatter" class 1/);
  });

  it("passes lang to the generic labels", () => {
    const zh = figureOption(byId("index-groups"), { lang: "zh" }) as { xAxis: { name: string } };
    expect(zh.xAxis.name).toBe("年份");
  });
});

describe("figureIdPrefix", () => {
  it.each([
    ["index-map", "index_map"],
    ["2019-map", "f2019_map"],
    ["kde.surface", "kde_surface"],
    ["_x", "f_x"],
  ])("figureIdPrefix(%j) is %j", (id, prefix) => {
    expect(figureIdPrefix(id)).toBe(prefix);
  });
});

describe("renderFigure", () => {
  it("gives an SVG with the figure's id prefix and a PNG, byte-identical on a second call", async () => {
    const spec = byId("moran-scatter");
    const first = await renderFigure(spec, { scale: 1 });
    const second = await renderFigure(spec, { scale: 1 });
    expect(first.svg).toMatch(/^<svg[\s>]/);
    expect(first.svg).not.toMatch(/zr\d+-/);
    expect(first.svg).toMatch(/moran_scatter-/);
    expect([...first.png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(second.svg).toBe(first.svg);
    expect(Buffer.from(second.png).equals(Buffer.from(first.png))).toBe(true);
  });
});
