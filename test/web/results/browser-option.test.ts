import { describe, expect, it } from "vitest";
import type { EChartsOption } from "echarts";
import { figureOption } from "../../../src/report/figure-option.js";
import { echartsGeoJson } from "../../../src/report/map-geojson.js";
import { browserOption, tooltipValue } from "../../../web/src/results/browser-option.js";

const fmt = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined ? "–" : value.toFixed(digits);

describe("tooltipValue", () => {
  it("shows four significant digits through fmt, arrays element-wise, missing as fmt(null)", () => {
    expect(tooltipValue(0.123456, fmt)).toBe("0.1235");
    expect(tooltipValue(1234.5678, fmt)).toBe("1235");
    expect(tooltipValue(0.000123456, fmt)).toBe("0.000123");
    expect(tooltipValue([1.5, 2], fmt)).toBe("1.500, 2.000");
    expect(tooltipValue(Number.NaN, fmt)).toBe("–");
    expect(tooltipValue(null, fmt)).toBe("–");
    expect(tooltipValue("East", fmt)).toBe("East");
  });
});

describe("browserOption", () => {
  const option = figureOption({
    kind: "heatmap",
    id: "h",
    title: "Transitions",
    rows: ["C1", "C2"],
    columns: ["C1", "C2"],
    values: [
      [0.5, 0.5],
      [0, 1],
    ],
  });

  it("draws tooltips as rich text with a value formatter, leaving the figure's option as it was", () => {
    const before = JSON.stringify(option);
    const out = browserOption(option, fmt);
    const tooltips = [out.tooltip].flat() as {
      renderMode?: string;
      valueFormatter?: (v: unknown) => string;
    }[];
    expect(tooltips.length).toBeGreaterThan(0);
    for (const t of tooltips) {
      expect(t.renderMode).toBe("richText");
      expect(t.valueFormatter?.(0.5)).toBe("0.5000");
    }
    expect(JSON.stringify(option)).toBe(before);
  });

  it("names unnamed series after the figure title and keeps named ones", () => {
    const o: EChartsOption = {
      title: { text: "T" },
      series: [
        { type: "line", data: [1] },
        { type: "line", name: "a", data: [2] },
      ],
    };
    const series = [browserOption(o, fmt).series].flat() as { name?: string }[];
    expect(series.map((s) => s.name)).toEqual(["T", "a"]);
  });
});

describe("echartsGeoJson", () => {
  const china = {
    type: "FeatureCollection",
    features: [{ type: "Feature", properties: { adcode: 110000, name: "北京" }, geometry: null }],
  };

  it("writes China's adcodes as text and adds the empty 南海诸岛 region once", () => {
    const once = echartsGeoJson("china", china) as { features: { properties: { adcode: string } }[] };
    expect(once.features.map((f) => f.properties.adcode)).toEqual(["110000", "南海诸岛"]);
    const twice = echartsGeoJson("china", once) as { features: unknown[] };
    expect(twice.features).toHaveLength(2);
  });

  it("leaves the world map as it is and refuses what is not a FeatureCollection", () => {
    expect(echartsGeoJson("world", china)).toBe(china);
    expect(() => echartsGeoJson("china", { type: "Feature" })).toThrow(/^echartsGeoJson: /);
  });
});
