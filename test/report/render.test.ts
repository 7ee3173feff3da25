/**
 * Server-side rendering: the bundled maps registered with ECharts, choropleth colours as the visualMap assigns
 * them, byte-identical SVG and PNG across renders, PNG header and size (PNG spec §5.2, §11.2.2), and Chinese text
 * drawn with a CJK font when one is installed (`apt-get install -y fonts-noto-cjk`).
 */
import * as echarts from "echarts";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMap } from "../../src/io/datasets.js";
import {
  CHART_FONT_FAMILY,
  CHOROPLETH_COLORS,
  choroplethOption,
  heatmapOption,
  NO_DATA_COLOR,
  timeSeriesOption,
  type RegionValue,
} from "../../src/report/chart-options.js";
import {
  cjkFontAvailable,
  cjkFontFamily,
  registerBundledMaps,
  renderPng,
  renderSvg,
} from "../../src/report/render.js";
import {
  PNG_SIGNATURE,
  chartElements,
  pathPoints,
  pngHeader,
  rgb,
  seriesElements,
  svgTexts,
  type SvgElement,
} from "./svg-helpers.js";

interface GeoFeature {
  readonly properties: Record<string, unknown>;
}

let chinaFeatures: readonly GeoFeature[];
let worldFeatures: readonly GeoFeature[];

beforeAll(async () => {
  await registerBundledMaps();
  chinaFeatures = ((await loadMap("map-china-provinces")) as { features: GeoFeature[] }).features;
  worldFeatures = ((await loadMap("map-world")) as { features: GeoFeature[] }).features;
});

/** The 31 provinces of mainland China (adcode < 710000: Taiwan 710000, Hong Kong 810000, Macao 820000 excluded). */
function provinceValues(): RegionValue[] {
  return chinaFeatures
    .filter((f) => Number(f.properties.adcode) < 710000)
    .map((f, i) => ({
      code: Number(f.properties.adcode),
      name: String(f.properties.name_zh),
      value: ((i * 37) % 31) / 10,
    }));
}

/** The region element ECharts drew for data item `index` of series 0. */
function regionOf(svg: string, index: number): SvgElement {
  const found = seriesElements(svg, 0).filter((e) => e.attributes.ecmeta_data_index === String(index));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function hasInk(e: SvgElement): boolean {
  const points = pathPoints(e.attributes.d ?? "");
  const xs = new Set(points.map((p) => p[0]));
  const ys = new Set(points.map((p) => p[1]));
  return xs.size > 1 && ys.size > 1;
}

describe("registerBundledMaps", () => {
  it('registers "china" and "world" with ECharts (a second call reuses the first)', async () => {
    await registerBundledMaps();
    expect(echarts.getMap("china")).toBeTruthy();
    expect(echarts.getMap("world")).toBeTruthy();
  });
});

describe("choropleth rendering", () => {
  it("China: one path per bundled feature (34 ≥ 31 provinces), no extra South China Sea inset, max value in the top colour", () => {
    const values = provinceValues();
    expect(values).toHaveLength(31);
    const option = choroplethOption({
      map: "china",
      values,
      title: "新质生产力指数",
      unit: "指数",
      lang: "zh",
    });
    const svg = renderSvg(option, { width: 800, height: 600 });
    const regions = seriesElements(svg, 0).filter((e) => e.tag === "path");
    // Every feature of the file, plus the zero-area placeholder that stops ECharts adding its own inset box
    // (the bundled Hainan feature already holds the islands).
    expect(regions).toHaveLength(chinaFeatures.length + 1);
    expect(regions.filter(hasInk)).toHaveLength(chinaFeatures.length);
    expect(chinaFeatures.length).toBeGreaterThanOrEqual(31);

    const series = (option.series as { data: { name: string; value: number }[] }[])[0]!;
    const max = Math.max(...values.map((v) => v.value));
    const min = Math.min(...values.map((v) => v.value));
    const maxIndex = series.data.findIndex((d) => d.value === max);
    const minIndex = series.data.findIndex((d) => d.value === min);
    expect(rgb(regionOf(svg, maxIndex).attributes.fill!)).toEqual(rgb(CHOROPLETH_COLORS.at(-1)!));
    expect(rgb(regionOf(svg, minIndex).attributes.fill!)).toEqual(rgb(CHOROPLETH_COLORS[0]!));
    // Taiwan, Hong Kong and Macao have no value here: grey.
    const grey = regions.filter((e) => e.attributes.fill === NO_DATA_COLOR && hasInk(e));
    expect(grey).toHaveLength(chinaFeatures.length - 31);

    const texts = svgTexts(svg);
    expect(texts).toContain("新质生产力指数");
    expect(texts).toContain("单位：指数；灰色：无数据");
  });

  it("world: countries keyed by ISO3, the largest value in the top colour, the rest grey", () => {
    const option = choroplethOption({
      map: "world",
      values: [
        { code: "CHN", name: "China", value: 3 },
        { code: "USA", name: "United States", value: 5 },
        { code: "BRA", name: "Brazil", value: 1 },
      ],
      title: "TFP",
      lang: "en",
    });
    const svg = renderSvg(option, { width: 900, height: 500 });
    const regions = seriesElements(svg, 0).filter((e) => e.tag === "path");
    // One path per feature; features that share a code (AUS twice, "-99" three times) share its data item.
    expect(regions).toHaveLength(worldFeatures.length);
    const coloured = worldFeatures.filter((f) => ["CHN", "USA", "BRA"].includes(String(f.properties.iso_a3)));
    expect(regions.filter((e) => e.attributes.fill === NO_DATA_COLOR)).toHaveLength(
      worldFeatures.length - coloured.length,
    );
    expect(rgb(regionOf(svg, 1).attributes.fill!)).toEqual(rgb(CHOROPLETH_COLORS.at(-1)!));
    expect(rgb(regionOf(svg, 2).attributes.fill!)).toEqual(rgb(CHOROPLETH_COLORS[0]!));
  });
});

describe("renderSvg", () => {
  const option = heatmapOption({
    rows: ["a", "b"],
    columns: ["a", "b"],
    values: [
      [0.9, 0.1],
      [0.2, 0.8],
    ],
    title: "P",
  });

  it("is byte-identical across renders (ids and CSS classes renamed from the per-process counters)", () => {
    const first = renderSvg(option, { width: 400, height: 300 });
    renderSvg(
      timeSeriesOption({ periods: [1, 2], series: [{ name: "s", values: [1, 2] }], title: "t", yLabel: "y" }),
      {
        width: 300,
        height: 200,
      },
    );
    const second = renderSvg(option, { width: 400, height: 300 });
    expect(second === first).toBe(true);
    expect(first).not.toMatch(/\bzr\d+-/);
    expect(first.startsWith('<svg width="400" height="300"')).toBe(true);
  });

  it("idPrefix names the SVG's ids, so two SVGs inlined in one page do not clash", () => {
    const a = renderSvg(option, { width: 400, height: 300, idPrefix: "figA" });
    const b = renderSvg(option, { width: 400, height: 300, idPrefix: "figB" });
    const ids = (svg: string): string[] => [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).every((id) => id.startsWith("figA-"))).toBe(true);
    expect(ids(b).every((id) => id.startsWith("figB-"))).toBe(true);
  });

  it("draws text in the CJK-first font list and with animation off", () => {
    const svg = renderSvg(option, { width: 400, height: 300 });
    expect(svg).toContain(`font-family:${CHART_FONT_FAMILY}`);
    expect(svg).not.toMatch(/@keyframes/);
    expect(chartElements(svg).length).toBeGreaterThan(0);
  });

  it("throws for a map that is not registered and RangeError naming renderSvg for a bad size or prefix", () => {
    expect(() =>
      renderSvg({ series: [{ type: "map", map: "atlantis" }] }, { width: 100, height: 100 }),
    ).toThrow(/^renderSvg: map "atlantis" is not registered/);
    expect(() => renderSvg(option, { width: 0, height: 100 })).toThrow(/^renderSvg: width/);
    expect(() => renderSvg(option, { width: 100, height: 10.5 })).toThrow(RangeError);
    expect(() => renderSvg(option, { width: 100, height: 100, idPrefix: "1x" })).toThrow(
      /^renderSvg: idPrefix/,
    );
  });
});

describe("renderPng", () => {
  const svg = (): string =>
    renderSvg(
      timeSeriesOption({
        periods: [2019, 2020, 2021],
        series: [{ name: "East", values: [1, 2, 3] }],
        title: "Index",
        yLabel: "index",
      }),
      { width: 320, height: 240 },
    );

  it("has the PNG signature and the requested size (SVG size × scale)", () => {
    const image = svg();
    for (const [scale, width, height] of [
      [1, 320, 240],
      [2, 640, 480],
    ] as const) {
      const header = pngHeader(renderPng(image, { scale }));
      expect(header.signature).toEqual(PNG_SIGNATURE);
      expect([header.width, header.height]).toEqual([width, height]);
    }
    expect(pngHeader(renderPng(image)).width).toBe(640);
  });

  it("is byte-identical across renders", () => {
    const first = renderPng(svg(), { scale: 1 });
    const second = renderPng(svg(), { scale: 1 });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it("throws RangeError naming renderPng for a bad scale", () => {
    expect(() => renderPng(svg(), { scale: 0 })).toThrow(/^renderPng: scale/);
    expect(() => renderPng(svg(), { scale: NaN })).toThrow(RangeError);
  });
});

describe("Chinese text", () => {
  /** Alpha values of a PNG rendered from a chart whose only text is the title. */
  function titlePixels(title: string): Uint8Array {
    const option = timeSeriesOption({
      periods: [1],
      series: [{ name: "s", values: [1] }],
      title,
      yLabel: "",
    });
    const titleOnly = {
      ...option,
      xAxis: { show: false },
      yAxis: { show: false },
      legend: { show: false },
      series: [],
    };
    return renderPng(renderSvg(titleOnly, { width: 240, height: 60 }), {
      scale: 1,
      background: "transparent",
    });
  }

  it("a Chinese title renders with a CJK font (skipped without one: apt-get install -y fonts-noto-cjk)", (ctx) => {
    if (!cjkFontAvailable()) {
      const message =
        "no CJK font is installed, so Chinese labels would render as empty boxes; run `apt-get install -y fonts-noto-cjk` (or fonts-wqy-microhei) to run this test";
      console.warn(`render.test.ts: Chinese-title check skipped: ${message}`);
      ctx.skip(message);
    }
    const family = cjkFontFamily();
    expect(family, "cjkFontFamily() names the installed family").toBeDefined();
    expect(CHART_FONT_FAMILY).toContain(`'${family!}'`);
    // Different characters give different ink (a missing glyph would draw nothing, or the same box for both).
    const zhong = titlePixels("中中中");
    const guo = titlePixels("国国国");
    const empty = titlePixels("");
    expect(Buffer.from(zhong).equals(Buffer.from(empty))).toBe(false);
    expect(Buffer.from(guo).equals(Buffer.from(empty))).toBe(false);
    expect(Buffer.from(zhong).equals(Buffer.from(guo))).toBe(false);
  });
});

describe("doc examples", () => {
  it("renderSvg and renderPng @examples hold as written", () => {
    const option = timeSeriesOption({
      periods: [1, 2],
      series: [{ name: "a", values: [1, 2] }],
      title: "T",
      yLabel: "y",
    });
    const svg = renderSvg(option, { width: 400, height: 300 });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(new TextDecoder().decode(renderPng(svg, { scale: 1 }).subarray(1, 4))).toBe("PNG");
    expect(echarts.getMap("china")).toBeDefined();
  });
});
