/**
 * Chart option builders: plain JSON data (no functions, no NaN, no undefined), the documented shapes, misuse as
 * RangeError naming the builder, and each option rendered by ECharts' server-side SVG renderer with the expected
 * texts and number of series. Expected values are formed independently in the tests (sums, toFixed, min/max of
 * the inputs), never from snapshots of our own output.
 */
import { readFileSync } from "node:fs";
import { fc, test as propTest } from "@fast-check/vitest";
import type { EChartsOption } from "echarts";
import { describe, expect, it } from "vitest";
import {
  CHART_FONT_FAMILY,
  CHOROPLETH_COLORS,
  choroplethOption,
  densitySurfaceOption,
  heatmapOption,
  moranScatterOption,
  rankChartOption,
  stackedBarOption,
  timeSeriesOption,
} from "../../src/report/chart-options.js";
import { renderSvg } from "../../src/report/render.js";
import { seriesElements, seriesIndices, svgElements, svgTexts } from "./svg-helpers.js";

const SIZE = { width: 640, height: 420 };

/** The option survives a JSON round trip unchanged: no functions, undefined, NaN or typed arrays inside. */
function expectPlain(option: EChartsOption): void {
  expect(JSON.parse(JSON.stringify(option))).toStrictEqual(option);
}

interface SeriesJson {
  readonly type: string;
  readonly name?: string;
  readonly data: readonly unknown[];
  readonly nameMap?: Readonly<Record<string, string>>;
  readonly nameProperty?: string;
  readonly itemStyle?: { readonly areaColor?: string };
  readonly stack?: string;
  readonly areaStyle?: { readonly origin: number };
  readonly markLine?: { readonly data: readonly unknown[] };
}

interface AxisJson {
  readonly type?: string;
  readonly name?: string;
  readonly data?: readonly string[];
  readonly inverse?: boolean;
}

interface OptionJson {
  readonly title: { readonly text: string; readonly subtext?: string };
  readonly visualMap: {
    readonly type: string;
    readonly min: number;
    readonly max: number;
    readonly inRange: { readonly color: readonly string[] };
  };
  readonly xAxis: AxisJson;
  readonly yAxis: AxisJson;
  readonly series: readonly SeriesJson[];
}

/** The option as plain JSON, as a browser would receive it. */
function json(option: EChartsOption): OptionJson {
  return JSON.parse(JSON.stringify(option)) as OptionJson;
}

/** Series k of an option read as JSON. */
function seriesAt(o: OptionJson, k: number): SeriesJson {
  const found = o.series[k];
  if (found === undefined) throw new Error(`no series ${k}`);
  return found;
}

const YEARS = [2016, 2017, 2018, 2019, 2020];

describe("chart-options.ts module", () => {
  it("imports nothing at run time (no node:*, echarts only as types), so the browser can use it", () => {
    const source = readFileSync(new URL("../../src/report/chart-options.ts", import.meta.url), "utf8");
    const imports = [...source.matchAll(/^import\s[^;]*;/gm)].map((m) => m[0]);
    expect(imports.length).toBeGreaterThan(0);
    for (const statement of imports) {
      expect(statement, statement).toMatch(/^import type /);
      expect(statement).not.toMatch(/node:/);
    }
  });

  it("CHART_FONT_FAMILY lists a CJK family first and quotes names with single quotes (valid inside SVG style)", () => {
    expect(CHART_FONT_FAMILY.startsWith("'Noto Sans CJK SC'")).toBe(true);
    expect(CHART_FONT_FAMILY).toContain("'WenQuanYi Micro Hei'");
    expect(CHART_FONT_FAMILY).not.toContain('"');
    expect(CHART_FONT_FAMILY.endsWith("sans-serif")).toBe(true);
  });
});

describe("choroplethOption", () => {
  const values = [
    { code: 110000, name: "北京", value: 3.5 },
    { code: 310000, name: "上海", value: 4.25 },
    { code: 650000, name: "新疆", value: 0.5 },
    { code: 540000, name: "西藏", value: NaN },
  ];

  it('choroplethOption({ map: "china", ... }) keys regions by adcode, min/max from the finite values, no-data regions grey', () => {
    const option = choroplethOption({ map: "china", values, title: "指数", unit: "分", lang: "zh" });
    expectPlain(option);
    const o = json(option);
    expect(o.visualMap).toMatchObject({ type: "continuous", min: 0.5, max: 4.25 });
    expect(o.visualMap.inRange.color).toEqual(CHOROPLETH_COLORS);
    const series = seriesAt(o, 0);
    expect(series).toMatchObject({ type: "map", map: "china", nameProperty: "adcode" });
    expect(series.itemStyle?.areaColor).toBe("#d9d9d9");
    // Tibet has no finite value: it is left out of the data and keeps the grey fill.
    expect(series.data).toEqual([
      { name: "北京", value: 3.5 },
      { name: "上海", value: 4.25 },
      { name: "新疆", value: 0.5 },
    ]);
    expect(series.nameMap).toEqual({ "110000": "北京", "310000": "上海", "650000": "新疆" });
    expect(o.title.text).toBe("指数");
    expect(o.title.subtext).toBe("单位：分；灰色：无数据");
  });

  it('choroplethOption({ map: "world" }) uses the ISO3 property and English notes', () => {
    const o = json(
      choroplethOption({
        map: "world",
        values: [
          { code: "CHN", name: "China", value: 2 },
          { code: "USA", name: "United States", value: 1 },
        ],
        title: "TFP",
        lang: "en",
      }),
    );
    expect(seriesAt(o, 0).nameProperty).toBe("iso_a3");
    expect(o.title.subtext).toBe("grey: no data");
    expect([o.visualMap.min, o.visualMap.max]).toEqual([1, 2]);
  });

  it("keeps the code as the region name when two regions share a display name", () => {
    const o = json(
      choroplethOption({
        map: "world",
        values: [
          { code: "COD", name: "Congo", value: 1 },
          { code: "COG", name: "Congo", value: 2 },
        ],
        title: "x",
      }),
    );
    expect(seriesAt(o, 0).data.map((d) => (d as { name: string }).name)).toEqual(["Congo", "COG"]);
    expect(seriesAt(o, 0).nameMap).toEqual({ COD: "Congo" });
  });

  it("throws RangeError naming choroplethOption for a duplicate code, an unknown map or lang", () => {
    const twice = [values[0]!, { ...values[0]!, value: 1 }];
    expect(() => choroplethOption({ map: "china", values: twice, title: "x" })).toThrow(
      /^choroplethOption: .*110000/,
    );
    expect(() => choroplethOption({ map: "mars" as "china", values, title: "x" })).toThrow(RangeError);
    expect(() => choroplethOption({ map: "china", values, title: "x", lang: "fr" as "en" })).toThrow(
      /^choroplethOption: lang/,
    );
  });
});

describe("timeSeriesOption", () => {
  propTest.prop([
    fc.integer({ min: 1, max: 12 }).chain((periods) =>
      fc.array(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), {
          minLength: periods,
          maxLength: periods,
        }),
        { minLength: 1, maxLength: 6 },
      ),
    ),
  ])("timeSeriesOption: one line per series, NaN as a gap (null), plain JSON", (rows) => {
    const periods = rows[0]!.map((_, t) => 2000 + t);
    const option = timeSeriesOption({
      periods,
      series: rows.map((values, k) => ({ name: `s${k}`, values })),
      title: "t",
      yLabel: "y",
    });
    expectPlain(option);
    const o = json(option);
    expect(o.xAxis.data).toEqual(periods.map(String));
    expect(o.series).toHaveLength(rows.length);
    rows.forEach((values, k) => {
      expect(seriesAt(o, k).data).toEqual(
        values.map((v) => (Number.isNaN(v) ? null : Object.is(v, -0) ? 0 : v)),
      );
    });
  });

  it("renders with the title, axis names, legend entries and one line per series", () => {
    const svg = renderSvg(
      timeSeriesOption({
        periods: YEARS,
        series: [
          { name: "东部", values: [1, 2, 3, NaN, 5] },
          { name: "中部", values: [0.5, 1, 1.5, 2, 2.5] },
          { name: "西部", values: Float64Array.from([0.2, 0.4, 0.9, 1.1, 1.6]) },
        ],
        title: "区域新质生产力指数",
        yLabel: "指数",
        lang: "zh",
      }),
      SIZE,
    );
    const texts = svgTexts(svg);
    for (const text of ["区域新质生产力指数", "指数", "年份", "东部", "中部", "西部", "2016", "2020"]) {
      expect(texts).toContain(text);
    }
    expect(seriesIndices(svg)).toEqual([0, 1, 2]);
  });

  it("throws RangeError naming timeSeriesOption for a length mismatch or no series", () => {
    expect(() =>
      timeSeriesOption({ periods: YEARS, series: [{ name: "a", values: [1] }], title: "t", yLabel: "y" }),
    ).toThrow(/^timeSeriesOption: series "a" must have 5 values; got 1/);
    expect(() => timeSeriesOption({ periods: YEARS, series: [], title: "t", yLabel: "y" })).toThrow(
      RangeError,
    );
  });
});

describe("densitySurfaceOption", () => {
  const grid = Array.from({ length: 41 }, (_, j) => -2 + j / 10);
  const density = YEARS.map((_, i) =>
    grid.map((x) => Math.exp(-((x - 0.2 * i) ** 2) / 2) / Math.sqrt(2 * Math.PI)),
  );

  it("heatmap: one cell per (year, grid point) holding the density; colour scale from 0 to the largest density", () => {
    const option = densitySurfaceOption({ years: YEARS, grid, density, title: "Kernel density" });
    expectPlain(option);
    const o = json(option);
    expect(o.series).toHaveLength(1);
    expect(seriesAt(o, 0).type).toBe("heatmap");
    expect(seriesAt(o, 0).data).toHaveLength(YEARS.length * grid.length);
    expect(seriesAt(o, 0).data[3 * grid.length + 7]).toEqual([7, 3, density[3]![7]]);
    expect(o.visualMap.min).toBe(0);
    expect(o.visualMap.max).toBe(Math.max(...density.flat()));
    expect(o.yAxis.data).toEqual(YEARS.map(String));

    const svg = renderSvg(option, SIZE);
    expect(seriesElements(svg, 0)).toHaveLength(YEARS.length * grid.length);
    const texts = svgTexts(svg);
    for (const text of ["Kernel density", "Year", "Value", "Density", "2016", "2020"])
      expect(texts).toContain(text);
  });

  it("a row-major matrix gives the same option as one array per year", () => {
    const data = Float64Array.from(density.flat());
    const fromMatrix = densitySurfaceOption({
      years: YEARS,
      grid,
      density: { data, rows: YEARS.length, cols: grid.length },
      title: "k",
    });
    expect(fromMatrix).toStrictEqual(densitySurfaceOption({ years: YEARS, grid, density, title: "k" }));
  });

  it('style "ridgeline": one curve per year lifted onto its own baseline, the year at its end', () => {
    const option = densitySurfaceOption({
      years: YEARS,
      grid,
      density,
      title: "核密度",
      style: "ridgeline",
      lang: "zh",
    });
    expectPlain(option);
    const o = json(option);
    expect(o.series).toHaveLength(YEARS.length);
    const gap = Math.max(...density.flat()) / 2;
    o.series.forEach((s, i) => {
      const origin = s.areaStyle?.origin ?? NaN;
      expect(s.name).toBe(String(YEARS[i]));
      expect(origin).toBeCloseTo(i * gap, 12);
      (s.data as [number, number][]).forEach(([x, y], j) => {
        expect(x).toBe(grid[j]);
        expect(y - origin).toBeCloseTo(density[i]![j]!, 12);
      });
    });
    const svg = renderSvg(option, SIZE);
    const texts = svgTexts(svg);
    for (const year of YEARS) expect(texts).toContain(String(year));
    expect(texts).toContain("核密度");
    expect(texts).toContain("取值");
    // One filled area per year.
    const areas = svgElements(svg, "path").filter((e) => e.attributes.fill === "#c6dbef");
    expect(areas).toHaveLength(YEARS.length);
  });

  it("throws RangeError naming densitySurfaceOption for a bad grid, shape, density or style", () => {
    const base = { years: YEARS, grid, density, title: "k" };
    expect(() => densitySurfaceOption({ ...base, grid: [...grid].reverse() })).toThrow(
      /^densitySurfaceOption: grid must be finite and strictly increasing/,
    );
    expect(() => densitySurfaceOption({ ...base, density: density.slice(1) })).toThrow(
      /^densitySurfaceOption: /,
    );
    expect(() =>
      densitySurfaceOption({
        ...base,
        density: density.map((row, i) => (i === 2 ? row.map(() => -1) : row)),
      }),
    ).toThrow(/^densitySurfaceOption: densities must be finite and ≥ 0; got -1 for year 2018/);
    expect(() => densitySurfaceOption({ ...base, style: "3d" as "heatmap" })).toThrow(
      /^densitySurfaceOption: style/,
    );
  });
});

describe("stackedBarOption", () => {
  propTest.prop([
    fc.integer({ min: 1, max: 8 }).chain((categories) =>
      fc.array(
        fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), {
          minLength: categories,
          maxLength: categories,
        }),
        { minLength: 1, maxLength: 4 },
      ),
    ),
  ])(
    "stackedBarOption({ percent: true }): the parts of each bar sum to 100 when the bar is not empty",
    (rows) => {
      const categories = rows[0]!.map((_, c) => `c${c}`);
      const o = json(
        stackedBarOption({
          categories,
          series: rows.map((values, k) => ({ name: `p${k}`, values })),
          title: "t",
          percent: true,
        }),
      );
      categories.forEach((_, c) => {
        const total = rows.reduce((sum, values) => sum + values[c]!, 0);
        const shares = o.series.map((s) => s.data[c] as number | null);
        if (total > 0) expect(shares.reduce<number>((a, b) => a + (b ?? NaN), 0)).toBeCloseTo(100, 9);
        else expect(shares.every((v) => v === null)).toBe(true);
      });
    },
  );

  it("stacks the Dagum contributions Gw, Gnb, Gt per year; renders one bar per year and part", () => {
    const gw = [0.02, 0.021, 0.022, 0.02, 0.019];
    const gnb = [0.1, 0.11, 0.12, 0.13, 0.14];
    const gt = [0.03, 0.03, 0.029, 0.028, 0.027];
    const option = stackedBarOption({
      categories: YEARS,
      series: [
        { name: "Gw", values: gw },
        { name: "Gnb", values: gnb },
        { name: "Gt", values: gt },
      ],
      title: "Dagum Gini decomposition",
      percent: true,
    });
    expectPlain(option);
    const o = json(option);
    expect(o.series.map((s) => s.stack)).toEqual(["total", "total", "total"]);
    expect(seriesAt(o, 1).data[0] as number).toBeCloseTo((100 * 0.1) / (0.02 + 0.1 + 0.03), 12);
    const svg = renderSvg(option, SIZE);
    expect(seriesIndices(svg)).toEqual([0, 1, 2]);
    for (let k = 0; k < 3; k++) expect(seriesElements(svg, k)).toHaveLength(YEARS.length);
    const texts = svgTexts(svg);
    for (const text of ["Dagum Gini decomposition", "Share (%)", "Gw", "Gnb", "Gt", "2016"])
      expect(texts).toContain(text);
  });

  it("without percent keeps the values (NaN → null) and negative parts", () => {
    const o = json(
      stackedBarOption({
        categories: [1, 2],
        series: [
          { name: "a", values: [1, NaN] },
          { name: "b", values: [-2, 3] },
        ],
        title: "t",
        lang: "zh",
      }),
    );
    expect(seriesAt(o, 0).data).toEqual([1, null]);
    expect(seriesAt(o, 1).data).toEqual([-2, 3]);
    expect(o.xAxis.name).toBe("年份");
  });

  it("throws RangeError naming stackedBarOption for a length mismatch", () => {
    expect(() =>
      stackedBarOption({ categories: [1, 2], series: [{ name: "a", values: [1] }], title: "t" }),
    ).toThrow(/^stackedBarOption: series "a" must have 2 values; got 1/);
  });
});

describe("heatmapOption", () => {
  const states = ["Low", "Mid-low", "Mid-high", "High"];
  const P = [
    [0.9, 0.1, 0, 0],
    [0.05, 0.85, 0.1, 0],
    [0, 0.1, 0.8, 0.1],
    [0, 0, 0.04, 0.96],
  ];

  it("prints each cell with the format (default .3f) and colours it on a scale from the smallest to the largest value", () => {
    const option = heatmapOption({
      rows: states,
      columns: states,
      values: P,
      title: "Markov transition matrix",
    });
    expectPlain(option);
    const o = json(option);
    expect(seriesAt(o, 0).data).toHaveLength(16);
    for (const cell of seriesAt(o, 0).data as {
      value: [number, number, number];
      label: { formatter: string };
    }[]) {
      const [j, i, v] = cell.value;
      expect(v).toBe(P[i]![j]);
      expect(cell.label.formatter).toBe(P[i]![j]!.toFixed(3));
    }
    expect([o.visualMap.min, o.visualMap.max]).toEqual([0, 0.96]);
    const svg = renderSvg(option, { width: 560, height: 480 });
    expect(seriesElements(svg, 0)).toHaveLength(16);
    const texts = svgTexts(svg);
    for (const text of ["Markov transition matrix", ...states, "0.900", "0.050", "0.960", "0.000"]) {
      expect(texts).toContain(text);
    }
  });

  it('format ".1%" prints percentages; a NaN cell is left blank', () => {
    const o = json(
      heatmapOption({
        rows: ["a", "b"],
        columns: ["x"],
        values: { data: [0.256, NaN], rows: 2, cols: 1 },
        title: "t",
        format: ".1%",
      }),
    );
    expect(seriesAt(o, 0).data).toHaveLength(1);
    expect(seriesAt(o, 0).data[0]).toMatchObject({ value: [0, 0, 0.256], label: { formatter: "25.6%" } });
  });

  it("throws RangeError naming heatmapOption for a bad format or shape", () => {
    expect(() =>
      heatmapOption({ rows: states, columns: states, values: P, title: "t", format: "%.3f" }),
    ).toThrow(/^heatmapOption: format/);
    expect(() => heatmapOption({ rows: states, columns: states.slice(1), values: P, title: "t" })).toThrow(
      /^heatmapOption: values row 0 must have 3 values; got 4/,
    );
  });
});

describe("rankChartOption", () => {
  const units = [
    { name: "Beijing", ranks: [1, 1, 2, 2, 1] },
    { name: "Shanghai", ranks: [2, 2, 1, 1, 3] },
    { name: "Guangdong", ranks: [3, 3, 3, NaN, 2] },
  ];

  it("puts rank 1 at the top (inverted category axis 1..max rank) and names each line at its end", () => {
    const option = rankChartOption({ periods: YEARS, units, title: "Rank of the index" });
    expectPlain(option);
    const o = json(option);
    expect(o.yAxis).toMatchObject({ type: "category", inverse: true, data: ["1", "2", "3"] });
    // Category values are indices: rank r is index r − 1; an unranked year is a gap.
    expect(seriesAt(o, 2).data).toEqual([2, 2, 2, null, 1]);
    const svg = renderSvg(option, SIZE);
    expect(seriesIndices(svg)).toEqual([0, 1, 2]);
    const texts = svgTexts(svg);
    for (const text of ["Rank of the index", "Rank", "Beijing", "Shanghai", "Guangdong", "1", "3"]) {
      expect(texts).toContain(text);
    }
  });

  it("throws RangeError naming rankChartOption for a rank that is not a whole number ≥ 1", () => {
    expect(() => rankChartOption({ periods: [1], units: [{ name: "a", ranks: [1.5] }], title: "t" })).toThrow(
      /^rankChartOption: ranks must be whole numbers ≥ 1 \(or NaN\); got 1.5 for "a"/,
    );
    expect(() => rankChartOption({ periods: [1], units: [{ name: "a", ranks: [0] }], title: "t" })).toThrow(
      RangeError,
    );
  });
});

describe("moranScatterOption", () => {
  const z = [-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
  const wz = [-0.8, -0.4, 0, -0.2, 0.2, 0.6, 0.4, 0.8];
  const labels = z.map((_, i) => `U${i}`);
  const classes = ["LL", "LL", "ns", "ns", "HL", "HH", "HH", "ns"] as const;

  it("one scatter series per class present (HH, LL, HL, ns), quadrant lines at 0, and the line Wz = I·z", () => {
    const option = moranScatterOption({
      z,
      wz,
      labels,
      classes: [...classes],
      slope: 0.4,
      title: "Moran scatter plot",
    });
    expectPlain(option);
    const o = json(option);
    expect(o.series.map((s) => s.name)).toEqual([
      "High-High",
      "Low-Low",
      "High-Low",
      "Not significant",
      "Moran's I = 0.400",
    ]);
    expect(seriesAt(o, 0).data).toEqual([
      { name: "U5", value: [1, 0.6] },
      { name: "U6", value: [1.5, 0.4] },
    ]);
    const line = seriesAt(o, 4);
    expect(line.data).toEqual([
      [-1.5, 0.4 * -1.5],
      [2, 0.4 * 2],
    ]);
    expect(line.markLine?.data).toEqual([{ xAxis: 0 }, { yAxis: 0 }]);

    const svg = renderSvg(option, { width: 600, height: 500 });
    expect(seriesIndices(svg)).toEqual([0, 1, 2, 3, 4]);
    const texts = svgTexts(svg);
    for (const text of [
      "Moran scatter plot",
      "Standardised value z",
      "Spatial lag Wz",
      "High-High",
      "Moran's I = 0.400",
      "U7",
    ]) {
      expect(texts).toContain(text);
    }
  });

  it("Chinese legend with lang zh", () => {
    const o = json(
      moranScatterOption({ z, wz, labels, classes: [...classes], slope: 0.4, title: "t", lang: "zh" }),
    );
    expect(o.series.map((s) => s.name).slice(0, 4)).toEqual(["高-高", "低-低", "高-低", "不显著"]);
    expect(o.xAxis.name).toBe("标准化值 z");
  });

  it("throws RangeError naming moranScatterOption for a non-finite z, an unknown class or lengths that differ", () => {
    const base = { z, wz, labels, classes: [...classes], slope: 0.4, title: "t" };
    expect(() => moranScatterOption({ ...base, z: [NaN, ...z.slice(1)] })).toThrow(
      /^moranScatterOption: z and wz must be finite; got z = NaN/,
    );
    expect(() => moranScatterOption({ ...base, classes: ["XX" as "HH", ...classes.slice(1)] })).toThrow(
      /^moranScatterOption: classes\[0\]/,
    );
    expect(() => moranScatterOption({ ...base, labels: labels.slice(1) })).toThrow(
      /^moranScatterOption: labels must have 8 values; got 7/,
    );
  });
});

describe("doc examples", () => {
  it("each builder's @example holds as written", () => {
    expect(
      json(
        choroplethOption({
          map: "china",
          values: [{ code: 110000, name: "北京", value: 2 }],
          title: "R&D",
          lang: "zh",
        }),
      ).visualMap,
    ).toMatchObject({ type: "continuous", min: 2, max: 2 });
    expect(
      json(
        timeSeriesOption({
          periods: [2020, 2021],
          series: [{ name: "East", values: [1, 2] }],
          title: "Index",
          yLabel: "Index",
        }),
      ).series,
    ).toMatchObject([{ type: "line", name: "East", data: [1, 2] }]);
    expect(
      json(densitySurfaceOption({ years: [2020], grid: [0, 1], density: [[0.5, 0.5]], title: "KDE" })).series,
    ).toMatchObject([
      {
        type: "heatmap",
        data: [
          [0, 0, 0.5],
          [1, 0, 0.5],
        ],
      },
    ]);
    expect(
      json(
        stackedBarOption({
          categories: [2020],
          series: [
            { name: "Gw", values: [1] },
            { name: "Gnb", values: [3] },
          ],
          title: "G",
          percent: true,
        }),
      ).series,
    ).toMatchObject([
      { type: "bar", name: "Gw", stack: "total", data: [25] },
      { name: "Gnb", data: [75] },
    ]);
    expect(
      json(heatmapOption({ rows: ["1"], columns: ["1"], values: [[0.25]], title: "P", format: ".1%" }))
        .series,
    ).toMatchObject([{ type: "heatmap", data: [{ value: [0, 0, 0.25], label: { formatter: "25.0%" } }] }]);
    expect(
      json(
        rankChartOption({
          periods: [2020, 2021],
          units: [
            { name: "A", ranks: [1, 2] },
            { name: "B", ranks: [2, 1] },
          ],
          title: "Rank",
        }),
      ).yAxis,
    ).toMatchObject({ type: "category", inverse: true, data: ["1", "2"] });
    expect(
      json(
        moranScatterOption({
          z: [-1, 1],
          wz: [-0.5, 0.5],
          labels: ["A", "B"],
          classes: ["LL", "HH"],
          slope: 0.5,
          title: "Moran",
        }),
      ).series,
    ).toHaveLength(3);
  });
});
