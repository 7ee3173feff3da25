/**
 * The built binary runs the bundled study templates end to end: `nqpf run` on china-provinces-nqpf writes the
 * report, tables, figures and manifest, and the report opened in headless Debian chromium (playwright-core) draws
 * every chart with no console error; running world-pwt twice gives byte-identical files except the manifest's
 * timings. Chromium is required (CI installs it); without /usr/bin/chromium the browser test fails.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_MISSING, launchChromium } from "../browser.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin/nqpf.js");
const work = mkdtempSync(join(tmpdir(), "nqpf-study-report-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function nqpf(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    cwd: work,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const hash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("nqpf run on the bundled templates", () => {
  it("china-provinces-nqpf: report, tables, figures and manifest; every chart drawn in chromium", async () => {
    const study = join(root, "data/studies/china-provinces-nqpf.yaml");
    const run = nqpf("run", study, "--out", "china");
    expect(run.code, run.stderr).toBe(0);
    const out = join(work, "china");
    for (const name of ["report.html", "manifest.json", "tables.xlsx", "tables.tex", "tables.docx"])
      expect(existsSync(join(out, name)), name).toBe(true);
    const svgs = readdirSync(join(out, "figures")).filter((f) => f.endsWith(".svg"));
    expect(svgs.length).toBeGreaterThanOrEqual(10);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, "tables.xlsx"));
    const csvs = readdirSync(join(out, "tables")).filter((f) => f.endsWith(".csv"));
    expect(book.worksheets.filter((w) => w.state !== "hidden" && !w.name.startsWith("_")).length).toBe(
      csvs.length,
    );

    expect(existsSync(CHROMIUM), CHROMIUM_MISSING).toBe(true);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(m.text());
      });
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(pathToFileURL(join(out, "report.html")).href, { waitUntil: "load" });
      const charts = await page.evaluate(
        `Array.from(document.querySelectorAll(".chart[data-figure]")).map(function (el) {
          var c = el.querySelector("canvas"); var r = c ? c.getBoundingClientRect() : { width: 0, height: 0 };
          return { id: el.getAttribute("data-figure"), drawn: !!(window.echarts && window.echarts.getInstanceByDom(el)), w: r.width, h: r.height };
        })`,
      );
      const list = charts as { id: string; drawn: boolean; w: number; h: number }[];
      expect(list.length).toBe(svgs.length);
      for (const c of list) {
        expect(c.drawn, c.id).toBe(true);
        expect(c.w * c.h, c.id).toBeGreaterThan(10_000);
      }
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it("world-pwt twice: identical bytes except the manifest's timings", () => {
    const study = join(root, "data/studies/world-pwt.yaml");
    for (const dir of ["pwt-a", "pwt-b"]) {
      const run = nqpf("run", study, "--out", dir);
      expect(run.code, run.stderr).toBe(0);
    }
    const a = join(work, "pwt-a");
    const b = join(work, "pwt-b");
    const names = files(a)
      .map((f) => relative(a, f))
      .sort();
    expect(
      files(b)
        .map((f) => relative(b, f))
        .sort(),
    ).toEqual(names);
    for (const name of names) {
      if (name === "manifest.json") continue;
      expect(hash(join(b, name)), name).toBe(hash(join(a, name)));
    }
    const strip = (text: string) => {
      const m = JSON.parse(text) as Record<string, unknown>;
      delete m.timings;
      return m;
    };
    expect(strip(readFileSync(join(b, "manifest.json"), "utf8"))).toEqual(
      strip(readFileSync(join(a, "manifest.json"), "utf8")),
    );
  }, 180_000);
});
