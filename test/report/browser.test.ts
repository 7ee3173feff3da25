/**
 * The HTML report in a real browser (headless Debian chromium through playwright-core), opened from a file:// URL
 * with the network unreachable by policy: every chart container holds a drawn ECharts canvas of non-zero size with
 * ink on it, hovering each chart (tooltips) raises nothing, the console stays free of errors (CSP violations
 * included), and the page makes no request besides itself. Chromium is required: CI installs it
 * (`apt-get install -y chromium`); without /usr/bin/chromium this file fails, it does not skip.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { htmlReport, reportRuntime } from "../../src/report/html-report.js";
import { CHROMIUM, launchChromium } from "../browser.js";
import { SAMPLE_FIGURES, SAMPLE_RESULT } from "./sample-result.js";

interface ChartState {
  readonly id: string | null;
  readonly kind: string | null;
  readonly hasInstance: boolean;
  readonly canvases: number;
  readonly width: number;
  readonly height: number;
  /** Pixels of the first canvas that are neither transparent nor white. */
  readonly inked: number;
}

/** Runs in the page: the state of every chart container. */
const CHART_STATES = `Array.from(document.querySelectorAll(".chart[data-figure]")).map(function (el) {
  var canvas = el.querySelector("canvas");
  var rect = canvas ? canvas.getBoundingClientRect() : { width: 0, height: 0 };
  var inked = 0;
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    var pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (var i = 0; i < pixels.length; i += 4)
      if (pixels[i + 3] > 0 && (pixels[i] < 250 || pixels[i + 1] < 250 || pixels[i + 2] < 250)) inked++;
  }
  return {
    id: el.getAttribute("data-figure"),
    kind: el.getAttribute("data-kind"),
    hasInstance: !!(window.echarts && window.echarts.getInstanceByDom(el)),
    canvases: el.querySelectorAll("canvas").length,
    width: rect.width,
    height: rect.height,
    inked: inked,
  };
})`;

const work = mkdtempSync(join(tmpdir(), "nqpf-browser-"));
let browser: Browser | undefined;
let page: Page | undefined;
const problems: string[] = [];
const requests: string[] = [];
let url: string;

const MISSING = `${CHROMIUM} is missing: the report's browser test needs Debian's chromium (apt-get install -y chromium); CI installs it`;

/** The open page; fails the calling test with a clear message when chromium is not installed. */
function openPage(): Page {
  if (page === undefined) throw new Error(MISSING);
  return page;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const file = join(work, "report.html");
  writeFileSync(
    file,
    htmlReport(SAMPLE_RESULT, {
      version: "9.9.9",
      manifest: { inputs: [], seeds: SAMPLE_RESULT.seeds, study: {} },
      runtime: await reportRuntime(SAMPLE_RESULT),
    }),
  );
  url = pathToFileURL(file).href;
  browser = await launchChromium();
  const opened = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  opened.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  opened.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  opened.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ""})`),
  );
  opened.on("request", (request) => requests.push(request.url()));
  await opened.goto(url, { waitUntil: "load" });
  page = opened;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("report.html in headless chromium", () => {
  it(`finds Debian chromium at ${CHROMIUM}`, () => {
    expect(existsSync(CHROMIUM), MISSING).toBe(true);
  });

  it("draws every figure: an ECharts instance with a canvas of non-zero size and ink on it", async () => {
    const states = await openPage().evaluate<ChartState[]>(CHART_STATES);
    expect(states.map((s) => s.id)).toEqual(SAMPLE_RESULT.steps.flatMap((s) => s.figures.map((f) => f.id)));
    expect(new Set(states.map((s) => s.kind))).toEqual(new Set(SAMPLE_FIGURES.map((f) => f.kind)));
    for (const state of states) {
      expect(state.hasInstance, `${state.id!}: ECharts instance`).toBe(true);
      expect(state.canvases, `${state.id!}: canvas`).toBeGreaterThan(0);
      expect(state.width, `${state.id!}: width`).toBeGreaterThan(100);
      expect(state.height, `${state.id!}: height`).toBeGreaterThan(100);
      expect(state.inked, `${state.id!}: drawn pixels`).toBeGreaterThan(500);
    }
  });

  it("shows every table", async () => {
    const names = await openPage().evaluate(
      `Array.from(document.querySelectorAll(".table-block")).map(function (b) { return [b.getAttribute("data-table"), b.querySelectorAll("tbody tr").length]; })`,
    );
    expect(names).toEqual(SAMPLE_RESULT.steps.flatMap((s) => s.tables.map((t) => [t.meta.name, t.rowCount])));
  });

  it("survives hovering every chart (tooltips) without errors", async () => {
    openPage();
    const count = SAMPLE_FIGURES.length;
    for (let i = 0; i < count; i++) {
      const chart = openPage().locator(".chart[data-figure]").nth(i);
      await chart.scrollIntoViewIfNeeded();
      await chart.hover();
    }
    expect(problems).toEqual([]);
  });

  it("logs no console error and requests nothing but the page itself", () => {
    openPage();
    expect(problems).toEqual([]);
    expect(requests.filter((r) => r !== url)).toEqual([]);
  });
});
