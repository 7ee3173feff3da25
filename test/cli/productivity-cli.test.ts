/**
 * The built `nqpf` binary for the productivity commands and the demo: registered commands, exit codes, and the
 * demo's green-TFP and growth-accounting outputs. Reference values: DEAP 2.1 EG4's printed Malmquist summary
 * (Coelli 1996, EG4-out.txt; stored in test/reference/malmquist/deap-eg4-printed.json) and PWT 10.01's rtfpna.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../bin/nqpf.js");
const work = mkdtempSync(join(tmpdir(), "nqpf-productivity-cli-"));
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

describe("productivity commands of the built binary", () => {
  it("lists malmquist, gml, growth-accounting and capital-stock in --help", () => {
    const help = nqpf("--help");
    expect(help.code).toBe(0);
    for (const command of ["malmquist", "gml", "growth-accounting", "capital-stock"])
      expect(help.stdout).toContain(command);
  });

  it("malmquist on DEAP EG4 prints DEAP's annual means (tfpch 1.125 for 1–2, overall 1.061)", () => {
    const run = nqpf("malmquist", "dea-deap-eg4", "--inputs", "x", "--outputs", "y", "--rts", "vrs");
    expect(run.code).toBe(0);
    const first = run.stdout.split("\n").find((l) => l.startsWith("1–2"))!;
    const [, tfpch, effch, techch, pech, sech] = first.split(/\s+/).map(Number);
    // DEAP prints 3 decimals, the CLI 4: agreement within half a unit of DEAP's last digit plus ours.
    const printed = [1.125, 0.844, 1.333, 0.955, 0.883];
    [tfpch, effch, techch, pech, sech].forEach((v, k) => {
      expect(Math.abs(v! - printed[k]!)).toBeLessThanOrEqual(0.00055);
    });
    const mean = run.stdout.split("\n").find((l) => l.startsWith("mean"))!;
    expect(Math.abs(Number(mean.split(/\s+/)[1]) - 1.061)).toBeLessThanOrEqual(0.00055);
  });

  it("bad input exits 2 with a located message", () => {
    const run = nqpf("malmquist", "dea-deap-eg4", "--inputs", "nope", "--outputs", "y");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope");
    const ga = nqpf("growth-accounting", "pwt1001", "--output", "rgdpna", "--capital", "rkna", "--alpha", "1.5");
    expect(ga.code).toBe(2);
  });
});

describe("nqpf demo", () => {
  it("computes SBM-GML green TFP and PWT growth accounting and writes their workbooks", async () => {
    const run = nqpf("demo", "--out", "demo-out");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("SBM-GML");
    expect(run.stdout).toMatch(/TFP growth matches PWT's own rtfpna on all \d+ country-years/);
    const deviation = Number(/largest difference ([0-9.e+-]+)\)/.exec(run.stdout)![1]);
    expect(deviation).toBeLessThanOrEqual(1e-6);
    for (const file of ["green-tfp-sbm-gml.xlsx", "capital-stock-pim.xlsx", "growth-accounting-pwt.xlsx"])
      expect(existsSync(join(work, "demo-out", file))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(work, "demo-out", "green-tfp-sbm-gml.xlsx"));
    const sheets = book.worksheets.map((w) => w.name).filter((n) => !n.startsWith("_"));
    expect(sheets.length).toBe(4);
    // 30 provinces × 6 pairs in the long table.
    const long = book.worksheets.find((w) => w.rowCount === 181);
    expect(long).toBeDefined();
  }, 60_000);
});
