/**
 * The disparity step of `nqpf demo` through the built binary (build first: npx tsc -p tsconfig.build.json). Reference
 * values are independent formulations on the demo's own index file (nqpf-index-scores.csv): the Gini coefficient as
 * the plain double sum Σ_i Σ_j |y_i − y_j| / (2 n² μ), the coefficient of variation, and Moran's I written out as
 * (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i² with w_ij = 1/|N_i| on the neighbour lists of the weights sheet.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../../bin/nqpf.js");
const work = mkdtempSync(join(tmpdir(), "nqpf-demo-disparity-"));
const folder = join(work, "demo-out");
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Half a unit in the 4th decimal, the printed precision of G, its parts, CV and Moran's I. */
const HALF_4 = 0.5e-4;

const SHEETS = [
  "dagum_gini_wide",
  "dagum_gini_between",
  "kde_summary",
  "kde_density",
  "markov_transitions",
  "markov_classes",
  "sigma_convergence",
  "sigma_trend",
  "beta_convergence",
  "moran_global",
  "moran_local",
  "spatial_weights",
];

let run: { code: number | null; stdout: string; stderr: string };
let lines: string[];
beforeAll(() => {
  const result = spawnSync(process.execPath, [bin, "demo", "--out", folder], {
    encoding: "utf8",
    cwd: work,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  run = { code: result.status, stdout: result.stdout, stderr: result.stderr };
  lines = run.stdout.split("\n");
}, 60_000);

/** The rows (split on blanks) of the printed table whose header line matches `marker`. */
function printedRows(marker: RegExp): string[][] {
  const start = lines.findIndex((l) => marker.test(l));
  expect(start, `no header matching ${String(marker)}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let k = start + 2; k < lines.length; k++) {
    const cells = lines[k]!.trim().split(/\s+/);
    if (!/^(\d{4}|C\d)$/.test(cells[0] ?? "")) break;
    rows.push(cells);
  }
  return rows;
}

/** The demo's index per province for one year, from nqpf-index-scores.csv. */
function indexOf(year: number): Map<string, number> {
  const records = parse<Record<string, string>>(readFileSync(join(folder, "nqpf-index-scores.csv"), "utf8"), {
    columns: true,
  });
  return new Map(records.filter((r) => Number(r.year) === year).map((r) => [r.adcode!, Number(r.score)]));
}

function giniByDoubleSum(y: readonly number[]): number {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  let sum = 0;
  for (const a of y) for (const b of y) sum += Math.abs(a - b);
  return sum / (2 * n * n * mean);
}

describe("nqpf demo: regional disparity and spatial analysis of the index", () => {
  it("exits 0 and prints the disparity step", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("regional disparity and spatial dependence of the index");
    expect(run.stdout).toMatch(/largest between-region Gini 2019: \w+–\w+ G_jh = 0\.\d{4}/);
  });

  it("prints G = G_w + G_nb + G_t for the last year to the printed precision, and shares summing to 100 %", () => {
    const rows = printedRows(/G_nb %/);
    expect(rows.map((r) => r[0])).toEqual(["2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019"]);
    const [, G, Gw, Gnb, Gt, pw, pnb, pt] = rows.at(-1)!.map(Number);
    // Four rounded numbers: each off by at most half a unit of the 4th decimal.
    expect(Math.abs(G! - (Gw! + Gnb! + Gt!))).toBeLessThanOrEqual(4 * HALF_4);
    expect(Math.abs(pw! + pnb! + pt! - 100)).toBeLessThanOrEqual(3 * 0.05);
  });

  it("prints each year's G equal to the double-sum Gini of the index file", () => {
    for (const row of printedRows(/G_nb %/)) {
      const values = [...indexOf(Number(row[0])).values()];
      expect(values.length).toBe(30);
      expect(Math.abs(Number(row[1]) - giniByDoubleSum(values))).toBeLessThanOrEqual(HALF_4 + 1e-12);
    }
  });

  it("prints Moran's I per year equal to (n/S0) Σ w_ij z_i z_j / Σ z_i² on the weights sheet, and the CV", async () => {
    expect(run.stdout).toMatch(/global Moran's I/);
    const rows = printedRows(/Moran I/);
    expect(rows.length).toBe(8);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(folder, "disparity-index.xlsx"));
    const sheet = book.getWorksheet("spatial_weights")!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const at = (name: string): number => header.indexOf(name);
    const neighbours = new Map<string, string[]>();
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const list = row.getCell(at("neighbour_ids")).text.trim();
      neighbours.set(row.getCell(at("id")).text, list === "" ? [] : list.split(/\s+/));
    }
    // Facts of the map: Beijing borders Tianjin and Hebei; Hainan is linked to Guangdong only.
    expect(neighbours.get("110000")).toEqual(["120000", "130000"]);
    expect(neighbours.get("460000")).toEqual(["440000"]);
    for (const row of rows) {
      const y = indexOf(Number(row[0]));
      const ids = [...y.keys()];
      const n = ids.length;
      const mean = [...y.values()].reduce((a, b) => a + b, 0) / n;
      const z = new Map(ids.map((id) => [id, y.get(id)! - mean]));
      let cross = 0;
      let squares = 0;
      let s0 = 0;
      for (const id of ids) {
        const list = neighbours.get(id)!;
        for (const j of list) cross += (z.get(id)! * z.get(j)!) / list.length;
        s0 += list.length > 0 ? 1 : 0;
        squares += z.get(id)! ** 2;
      }
      const moranI = ((n / s0) * cross) / squares;
      expect(Math.abs(Number(row[6]) - moranI)).toBeLessThanOrEqual(HALF_4 + 1e-12);
      const sd = Math.sqrt(squares / n);
      expect(Math.abs(Number(row[5]) - sd / mean)).toBeLessThanOrEqual(HALF_4 + 1e-12);
    }
    expect(run.stdout).toMatch(/LISA 2019: clusters at pseudo p ≤ 0\.05: HH \d+, LL \d+, LH \d+, HL \d+/);
  });

  it("prints a Markov matrix whose rows sum to 1 over 30 × 7 transitions", () => {
    const rows = printedRows(/C4\s+n$/);
    expect(rows.map((r) => r[0])).toEqual(["C1", "C2", "C3", "C4"]);
    let transitions = 0;
    for (const row of rows) {
      const p = row.slice(1, 5).map(Number);
      expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(4 * 0.0005);
      transitions += Number(row[5]);
    }
    expect(transitions).toBe(30 * 7);
    expect(run.stdout).toMatch(/ergodic distribution: C1 [\d.]+, C2 [\d.]+, C3 [\d.]+, C4 [\d.]+/);
    expect(run.stdout).toMatch(/β-convergence \(two-way FE, SE clustered by province\): β = -?\d\.\d{4}/);
  });

  it("writes disparity-index.xlsx with the Dagum, KDE, Markov, convergence and Moran sheets", async () => {
    const file = join(folder, "disparity-index.xlsx");
    expect(existsSync(file)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name).filter((n) => !n.startsWith("_"))).toEqual(SHEETS);
    // 8 years × 6 region pairs; 8 years × 30 provinces.
    expect(book.getWorksheet("dagum_gini_between")!.rowCount).toBe(1 + 8 * 6);
    expect(book.getWorksheet("moran_local")!.rowCount).toBe(1 + 8 * 30);
  });
});
