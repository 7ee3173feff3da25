/**
 * htmlReport on a hand-made result with every figure kind: every table with its labels, cells and notes, a chart
 * container and an option per figure, warnings and provenance shown, no network URL outside the inlined ECharts
 * runtime, a CSP whose hashes are those of the page's own inline scripts and style (recomputed here with
 * node:crypto), HTML escaping, and the same bytes for the same input.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMap } from "../../src/io/datasets.js";
import { figureOption } from "../../src/report/figures.js";
import {
  htmlReport,
  reportRuntime,
  type HtmlReportContext,
  type ReportRuntime,
} from "../../src/report/html-report.js";
import type { StudyRunResult } from "../../src/study/types.js";
import { SAMPLE_FIGURES, SAMPLE_RESULT, SAMPLE_WARNING } from "./sample-result.js";

const STUB: ReportRuntime = {
  echarts: "window.echarts = { init: function () {}, registerMap: function () {} };",
  maps: {
    china: { type: "FeatureCollection", features: [] },
    world: { type: "FeatureCollection", features: [] },
  },
};

const MANIFEST: HtmlReportContext["manifest"] = {
  inputs: [
    {
      role: "study",
      name: "study.yaml",
      path: "study.yaml",
      sha256: "a".repeat(64),
      bytes: 120,
    },
  ],
  seeds: { moran: 1 },
  study: { nqpf: 1, title: "Sample", steps: [{ id: "index", method: "index" }] },
};

const context = (runtime: ReportRuntime = STUB): HtmlReportContext => ({
  version: "9.9.9",
  manifest: MANIFEST,
  runtime,
});

/** The markup of each table block, keyed by its data-table name. */
function tableBlocks(html: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const part of html.split('<div class="table-block"').slice(1)) {
    const name = /data-table="([^"]*)"/.exec(part)?.[1];
    if (name !== undefined) blocks.set(name, part.slice(0, part.indexOf("</table>")));
  }
  return blocks;
}

/** Contents of the executable inline scripts (not the JSON data blocks), in order. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

function sha256Base64(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

describe("htmlReport", () => {
  const html = htmlReport(SAMPLE_RESULT, context());

  it("is one UTF-8 HTML document with a strict CSP meta tag whose hashes match its inline scripts and style", () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(2);
    expect(directives.get("script-src")).toEqual(scripts.map((s) => `'sha256-${sha256Base64(s)}'`));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(directives.get("style-src")).toEqual([`'sha256-${sha256Base64(style)}'`]);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(directives.get("base-uri")).toEqual(["'none'"]);
  });

  it("loads nothing from the network: no http(s) URL, no src/link/@import/url()", () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.(?:com|org|net|cn)\b/i);
  });

  it("contains every table: block, headers with Chinese labels kept, every row, notes and metadata", () => {
    const blocks = tableBlocks(html);
    const tables = SAMPLE_RESULT.steps.flatMap((s) => s.tables);
    expect([...blocks.keys()]).toEqual(tables.map((t) => t.meta.name));
    for (const t of tables) {
      const block = blocks.get(t.meta.name!)!;
      expect(block.match(/<th scope="col"/g)).toHaveLength(t.columns.length);
      expect(block.split("<tbody>")[1]!.match(/<tr>/g)).toHaveLength(t.rowCount);
    }
    const scores = blocks.get("scores")!;
    // Header labels: English label, else the name; the Chinese label beside it.
    expect(scores).toContain('>Province<span class="zh" lang="zh">省份</span></th>');
    expect(scores).toContain('>NQPF index<span class="zh" lang="zh">新质生产力指数</span></th>');
    expect(scores).toContain(">rank</th>");
    // Cells as the LaTeX and Word writers show them: 3 decimals, integers as integers, missing empty.
    expect(scores).toContain(
      '<tr><td>110000</td><td>北京</td><td class="num">2019</td><td class="num">0.852</td><td class="num">1</td></tr>',
    );
    expect(scores).toContain(
      '<tr><td>540000</td><td>西藏</td><td class="num">2019</td><td class="num"></td><td class="num"></td></tr>',
    );
    expect(scores).toContain('<td class="num">0.444</td><td class="num">3</td>');
    expect(blocks.get("weights")).toContain(">weight (share)<");
    // Table title escaped; table notes (method, parameters, reference, source, notes) under it.
    expect(html).toContain("Table 1. Composite index &lt;2019&gt; &amp; ranks");
    for (const line of [
      "<p>Method: composite index (entropy weights)</p>",
      "<p>Parameters: weights = entropy; delta = 0.0001</p>",
      "<p>Reference: 杨丽 &amp; 孙之淳 (2015)</p>",
      "<p>Source: china-provinces-panel</p>",
      "<p>Note: Tibet has no energy data</p>",
      "<p>Note: C1 lowest</p>",
      "<p>Reference: Moran (1950) Biometrika 37:17–23</p>",
    ])
      expect(html).toContain(line);
  });

  it("has one chart container per figure and the figure's option JSON in the data block", () => {
    for (const f of SAMPLE_FIGURES) {
      expect(html).toContain(
        `<div class="chart chart-${f.kind}" id="chart-${f.id}" data-figure="${f.id}" data-kind="${f.kind}" role="img"`,
      );
    }
    expect(html.match(/<div class="chart /g)).toHaveLength(SAMPLE_FIGURES.length);
    const data = /<script type="application\/json" id="nqpf-figures">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const options = JSON.parse(data) as Record<string, unknown>;
    expect(Object.keys(options)).toEqual(SAMPLE_RESULT.steps.flatMap((s) => s.figures.map((f) => f.id)));
    for (const f of SAMPLE_FIGURES)
      expect(options[f.id]).toEqual(JSON.parse(JSON.stringify(figureOption(f))));
    // "<" in titles is a \u003c escape inside the data block, never a literal "<".
    expect(data).not.toContain("<");
    expect(data).toContain("Index by region \\u003cmean\\u003e");
    const maps = /<script type="application\/json" id="nqpf-maps">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(Object.keys(JSON.parse(maps) as object)).toEqual(["china", "world"]);
  });

  it("highlights warnings (at the top and in their step), lists method notes, sources with provenance and the manifest", () => {
    const escapedWarning = SAMPLE_WARNING.replaceAll("&", "&amp;");
    const alerts = html.split('role="alert"').slice(1);
    expect(alerts).toHaveLength(3); // the summary and the two steps with warnings
    expect(alerts[0]).toContain("2 warnings");
    expect(alerts[0]).toContain(escapedWarning);
    expect(alerts[2]).toContain(escapedWarning);
    expect(html).toContain("<li>f̂(x) = (1/(n h)) Σ_i K((x − x_i)/h), gaussian kernel, δ = 0.096 ≥ 0.</li>");
    expect(html).toContain(
      '<tr><td>provinces</td><td>dataset china-provinces-panel</td><td class="num">1225</td><td class="provenance">NBS annual data; 数据来源：国家统计局</td></tr>',
    );
    expect(html).toContain(`<code>${"a".repeat(64)}</code>`);
    expect(html).toContain("<dd>moran: 1</dd>");
    expect(html).toContain("&quot;title&quot;: &quot;Sample&quot;".replaceAll("&quot;", '"'));
    expect(html).toContain("<title>Sample study &lt;NQPF&gt; &amp; friends</title>");
    expect(html).toContain('<meta name="generator" content="nqpf 9.9.9">');
  });

  it("is deterministic: the same input (also a deep copy) gives the same bytes", () => {
    expect(htmlReport(SAMPLE_RESULT, context())).toBe(html);
    expect(htmlReport(structuredClone(SAMPLE_RESULT), context())).toBe(html);
  });

  it("links the written files when given their names", () => {
    const linked = htmlReport(SAMPLE_RESULT, {
      ...context(),
      files: {
        tables: SAMPLE_RESULT.steps.map((s) =>
          s.tables.map((t) => ({
            csv: `tables/${s.id}-${t.meta.name!}.csv`,
            sheet: `${s.id}-${t.meta.name!}`,
          })),
        ),
        figures: SAMPLE_RESULT.steps.map((s) =>
          s.figures.map((f) => ({ svg: `figures/${f.id}.svg`, png: `figures/${f.id}.png` })),
        ),
      },
    });
    expect(linked).toContain(
      '<a href="tables/index-scores.csv">tables/index-scores.csv</a>; sheet <code>index-scores</code>',
    );
    expect(linked).toContain(
      '(<a href="figures/moran-scatter.svg">SVG</a>, <a href="figures/moran-scatter.png">PNG</a>)',
    );
  });

  it("leaves the map data block out when no figure is a choropleth", () => {
    const noMaps: StudyRunResult = {
      ...SAMPLE_RESULT,
      steps: SAMPLE_RESULT.steps.map((s) => ({
        ...s,
        figures: s.figures.filter((f) => f.kind !== "choropleth"),
      })),
    };
    const page = htmlReport(noMaps, { ...context(), runtime: { ...STUB, maps: {} } });
    expect(page).not.toContain('id="nqpf-maps"');
  });

  it("throws a RangeError naming htmlReport for duplicate figure ids, a runtime that would end the script, or a missing map", () => {
    const duplicate: StudyRunResult = {
      ...SAMPLE_RESULT,
      steps: [...SAMPLE_RESULT.steps, { ...SAMPLE_RESULT.steps[2]!, id: "again" }],
    };
    expect(() => htmlReport(duplicate, context())).toThrow(
      /^htmlReport: figure id "moran-scatter" appears more than once/,
    );
    expect(() => htmlReport(SAMPLE_RESULT, context({ ...STUB, echarts: "var s = '</script>';" }))).toThrow(
      /^htmlReport:/,
    );
    expect(() => htmlReport(SAMPLE_RESULT, context({ ...STUB, maps: { china: {} } }))).toThrow(
      /^htmlReport: .*"world"/,
    );
  });
});

describe("reportRuntime", () => {
  let runtime: ReportRuntime;
  beforeAll(async () => {
    runtime = await reportRuntime(SAMPLE_RESULT);
  });

  it("inlines the ECharts browser build, whose only URLs are XML namespaces and licence links", () => {
    expect(runtime.echarts.length).toBeGreaterThan(500_000);
    expect(runtime.echarts).toContain("registerMap");
    const urls = new Set(runtime.echarts.match(/https?:\/\/[^"'\s)]*/g));
    const allowed = new Set([
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/1999/xlink",
      "http://www.w3.org/2000/xmlns/",
      "http://www.w3.org/XML/1998/namespace",
      "http://www.apache.org/licenses/LICENSE-2.0",
      "https://github.com/ecomfe/zrender/blob/master/LICENSE",
    ]);
    for (const url of urls) expect(allowed).toContain(url);
    const page = htmlReport(SAMPLE_RESULT, context(runtime));
    expect(page.replace(runtime.echarts, "")).not.toMatch(/https?:\/\//i);
  });

  it("carries the maps with render.ts's region keys: China adcodes as strings plus the 南海诸岛 placeholder; world ISO3", async () => {
    interface Features {
      features: { properties: Record<string, unknown> }[];
    }
    const china = runtime.maps.china as Features;
    const bundled = (await loadMap("map-china-provinces")) as Features;
    expect(china.features).toHaveLength(bundled.features.length + 1);
    expect(china.features.map((f) => f.properties.adcode)).toEqual([
      ...bundled.features.map((f) => String(f.properties.adcode)),
      "南海诸岛",
    ]);
    const world = runtime.maps.world as Features;
    expect(world.features.some((f) => f.properties.iso_a3 === "CHN")).toBe(true);
  });
});
