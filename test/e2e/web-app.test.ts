/**
 * The web app end to end, in Debian chromium (playwright-core) against the built `nqpf serve` as a real process:
 * upload a CSV of Chinese provinces, map its columns, build a three-element indicator system in the tree editor,
 * run the entropy index and SBM efficiency with CO2 as undesirable output, see the map and the ranking table,
 * switch the language, download the XLSX and check its sheets; then restart the server and find the run and its
 * results still there. The page must log no error (a CSP violation is one). The numbers the page shows are the
 * server's: the ranking is checked against results.json and the CSV tables the run wrote.
 * Needs /usr/bin/chromium (`.ci/run` installs it) and the built dist/ and web/dist/ (`npm test` builds both).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/io/datasets.js";
import type { ResultsJson } from "../../src/report/results-json.js";
import { cell, type Table } from "../../src/table/table.js";
import { CHROMIUM, CHROMIUM_MISSING, launchChromium } from "../browser.js";
import { startServer, type ServerProcess } from "./server-process.js";

const root = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "nqpf-web-e2e-"));
const dataDir = join(work, "data");
const csvPath = join(work, "provinces.csv");
const SCREENSHOTS = process.env.NQPF_SCREENSHOTS;

/** The indicator system the test builds in the editor: three elements, two indicators each. */
const DIMENSIONS = [
  { label: "Labour force", vars: ["tertiary_students_per_100k", "wage_avg_urban_units"] },
  { label: "Means of labour", vars: ["broadband_ports", "mobile_internet_subscribers"] },
  { label: "Subjects of labour", vars: ["patent_grants", "tech_market_turnover"] },
] as const;
const DEA = { inputs: ["emp_total", "energy_consumption"], outputs: ["gdp"], bad: ["co2_total_mt"] } as const;
const YEARS = [2015, 2016, 2017, 2018] as const;

/** A CSV from the bundled China panel: 30 provinces (Tibet has no energy data) × 2015–2018, the columns above. */
async function writeProvinceCsv(): Promise<number> {
  const provinces = await loadDataset("china-provinces-panel");
  const t: Table = provinces.table;
  const col = (name: string) => {
    const c = t.columns.find((x) => x.name === name);
    if (c === undefined) throw new Error(`no column ${name}`);
    return c;
  };
  const vars = [...DIMENSIONS.flatMap((d) => d.vars), ...DEA.inputs, ...DEA.outputs, ...DEA.bad];
  const lines = [["adcode", "name", "year", "region", ...vars].join(",")];
  for (let r = 0; r < t.rowCount; r++) {
    const year = cell(col("year"), r) as number;
    const adcode = cell(col("adcode"), r) as number;
    if (!(YEARS as readonly number[]).includes(year) || adcode === 540000) continue;
    lines.push(
      [
        adcode,
        cell(col("name_en"), r),
        year,
        cell(col("region_nbs4"), r),
        ...vars.map((v) => cell(col(v), r)),
      ].join(","),
    );
  }
  writeFileSync(csvPath, `${lines.join("\n")}\n`);
  return lines.length - 1;
}

let server: ServerProcess | undefined;
let browser: Browser | undefined;
const problems: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return page;
}

const byId = (page: Page, id: string) => page.locator(`[data-testid=${id}]`);

async function shot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS !== undefined) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), CHROMIUM_MISSING).toBe(true);
  expect(existsSync(join(root, "web/dist/index.html")), "build the web app first (npm run build)").toBe(true);
  await writeProvinceCsv();
  server = await startServer(dataDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the web app in chromium", () => {
  let runId = "";
  let results: ResultsJson;

  it("upload, map columns, build the system, run index + SBM, see map and ranking, switch language, download XLSX", async () => {
    const page = await newPage();
    const base = server!.url;
    await page.goto(`${base}/`);
    await byId(page, "runs-list").waitFor({ state: "attached" });

    // language: the whole UI switches, and back
    const navEn = await byId(page, "nav-data").innerText();
    await byId(page, "lang-toggle").click();
    expect(await page.evaluate("document.documentElement.lang")).toBe("zh-CN");
    const navZh = await byId(page, "nav-data").innerText();
    expect(navZh).not.toBe(navEn);
    expect(navZh).toMatch(/[\u4e00-\u9fff]/);
    await byId(page, "lang-toggle").click();
    expect(await page.evaluate("document.documentElement.lang")).toBe("en");

    // data: upload and map
    await byId(page, "nav-data").click();
    await byId(page, "upload-input").setInputFiles(csvPath);
    await byId(page, "preview-table").waitFor();
    await byId(page, "map-entity").selectOption("adcode");
    await byId(page, "map-time").selectOption("year");
    await byId(page, "map-names").selectOption("name");
    await byId(page, "map-group").selectOption("region");
    await byId(page, "map-region").selectOption("china");
    await byId(page, "map-code").selectOption("adcode");
    expect(await page.locator("[data-testid=preview-table] .cell-issue").count()).toBe(0);
    await shot(page, "data");
    await byId(page, "mapping-next").click();

    // indicator system: three dimensions built in the tree editor
    await byId(page, "system-editor").waitFor();
    await byId(page, "system-template").selectOption("empty");
    for (let d = 0; d < DIMENSIONS.length; d++) {
      await byId(page, "add-dimension").click();
      const node = byId(page, `node-d${d + 1}`);
      await node.locator("[data-testid=label-en]").first().fill(DIMENSIONS[d]!.label);
      for (const v of DIMENSIONS[d]!.vars) {
        await node.locator("[data-testid=add-indicator]").first().click();
        await node.locator("select[data-testid=indicator-variable]").last().selectOption(v);
      }
    }
    expect((await byId(page, "system-issues").innerText()).trim()).toBe("");
    await shot(page, "system");
    await byId(page, "system-next").click();

    // methods: entropy index and SBM with CO2 as bad output
    await byId(page, "method-index").waitFor();
    if (!(await byId(page, "method-index").isChecked())) await byId(page, "method-index").check();
    await byId(page, "index-weights").selectOption("entropy");
    await byId(page, "method-dea").check();
    await byId(page, "dea-model").selectOption("sbm");
    for (const v of DEA.inputs)
      await byId(page, "dea-inputs").locator(`input[type=checkbox][value=${v}]`).check();
    for (const v of DEA.outputs)
      await byId(page, "dea-outputs").locator(`input[type=checkbox][value=${v}]`).check();
    for (const v of DEA.bad) await byId(page, "dea-bad").locator(`input[type=checkbox][value=${v}]`).check();
    const yaml = await byId(page, "study-yaml").innerText();
    expect(yaml).toMatch(/file: upload:[0-9a-f]{64}/);
    expect(yaml).toMatch(/weights: entropy/);
    expect(yaml).toMatch(/model: sbm/);
    await shot(page, "methods");
    await byId(page, "run-study").click();
    await page.waitForURL(/#\/runs\/[0-9a-f-]{36}/, { timeout: 30_000 });
    runId = /#\/runs\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // progress, then results
    await page
      .locator("[data-testid=run-status][data-status=done], [data-testid=run-status][data-status=failed]")
      .waitFor({ timeout: 180_000 });
    const status = await byId(page, "run-status").getAttribute("data-status");
    expect(status, status === "failed" ? await byId(page, "run-error").innerText() : "").toBe("done");
    await page.locator("[data-testid=results][data-ready='1']").waitFor({ timeout: 60_000 });
    results = (await (await fetch(`${base}/api/runs/${runId}/results`)).json()) as ResultsJson;
    expect(results.steps.map((s) => s.method)).toEqual(["index", "dea"]);

    // the map is drawn, and the ranking table shows the server's numbers
    const map = page.locator("[data-testid^=map-][data-ready='1']").first();
    await map.waitFor({ timeout: 30_000 });
    expect(await map.locator("canvas, svg").count()).toBeGreaterThan(0);
    const ranking = byId(page, "ranking-table");
    await ranking.waitFor();
    expect(await ranking.getAttribute("data-year")).toBe("2018");
    const rows = ranking.locator("tbody tr");
    expect(await rows.count()).toBe(30);
    const indexStep = results.steps.find((s) => s.method === "index")!;
    const scores = indexStep.tables[0]!;
    const column = (name: string) => scores.columns.find((c) => c.name === name)!.values;
    const years = column("year") as number[];
    const index = column("score") as number[];
    const codes = column("adcode") as number[];
    let best = -1;
    for (let i = 0; i < scores.rowCount; i++)
      if (years[i] === 2018 && (best < 0 || index[i]! > index[best]!)) best = i;
    const topLink = rows.first().locator("[data-testid=unit-link]");
    expect(await topLink.getAttribute("title")).toBe(String(codes[best]));
    expect(await rows.first().innerText()).toContain(index[best]!.toFixed(4));
    await shot(page, "results");
    if (SCREENSHOTS !== undefined) {
      const map = page.locator("[data-testid^=map-index]").first();
      await map.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, "results-map.png") });
    }

    // language switch on the results page: labels and number format follow
    await byId(page, "lang-toggle").click();
    expect(await page.evaluate("document.documentElement.lang")).toBe("zh-CN");
    await page.locator("[data-testid=results][data-ready='1']").waitFor();
    expect(await byId(page, "downloads").innerText()).toMatch(/[\u4e00-\u9fff]/);
    await shot(page, "results-zh");
    await byId(page, "lang-toggle").click();

    // download the XLSX: one sheet per table of the run
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      byId(page, "download-xlsx").click(),
    ]);
    const saved = join(work, "tables.xlsx");
    await download.saveAs(saved);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(saved);
    const sheets = book.worksheets.filter((w) => w.state !== "hidden" && !w.name.startsWith("_"));
    const tableCount = results.steps.reduce((n, s) => n + s.tables.length, 0);
    expect(sheets.length).toBe(tableCount);
    // the first sheet holds the index scores: its 2018 maximum is the ranking's top score
    const sheet = sheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === "string" ? v : ""));
    const yearAt = header.indexOf("year");
    const indexAt = header.indexOf("score");
    expect(yearAt).toBeGreaterThan(0);
    expect(indexAt).toBeGreaterThan(0);
    let sheetBest = -Infinity;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(yearAt).value === 2018)
        sheetBest = Math.max(sheetBest, Number(row.getCell(indexAt).value));
    });
    expect(Math.abs(sheetBest - index[best]!)).toBeLessThan(1e-12);

    // the unit page of the top unit
    await topLink.click();
    await page.locator("[data-testid=unit-detail][data-ready='1']").waitFor({ timeout: 30_000 });
    await shot(page, "unit");
    await page.close();
    expect(problems).toEqual([]);
  }, 300_000);

  it("after a restart the run and its results are still there", async () => {
    expect(runId).not.toBe("");
    await server!.stop();
    server = await startServer(dataDir);
    const page = await newPage();
    await page.goto(`${server.url}/`);
    const link = page.locator(`[data-testid=run-link][data-run-id="${runId}"]`);
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await page.locator("[data-testid=results][data-ready='1']").waitFor({ timeout: 60_000 });
    expect(await byId(page, "ranking-table").locator("tbody tr").count()).toBe(30);
    const again = (await (await fetch(`${server.url}/api/runs/${runId}/results`)).json()) as ResultsJson;
    expect(again).toEqual(results);
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
