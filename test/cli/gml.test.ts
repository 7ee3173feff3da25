/**
 * `nqpf gml` run in process (gmlCommand with parsed flags) on a small CSV: printed summary, written tables,
 * and located input errors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gmlCommand } from "../../src/cli/commands/gml.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file } = runCommandSetup("nqpf-gml-");

/** methods.md §4.8 (j) as a long CSV (unit, year, x, y, b). */
function exampleCsv(edit?: (lines: string[]) => void): string {
  const y = [7, 5, 1, 3, 4, 8, 5.5, 2, 2, 4];
  const b = [2, 5, 3, 3, 2, 1, 3, 2, 4, 1];
  const lines = [
    "dmu,year,x,y,co2",
    ...y.map((v, i) => `D${(i % 5) + 1},${2001 + Math.floor(i / 5)},1,${v},${b[i]!}`),
  ];
  edit?.(lines);
  return file(`j-${Math.random().toString(36).slice(2)}.csv`, `${lines.join("\n")}\n`);
}

const issuesOfRun = (data: string, options: Record<string, unknown>) =>
  issuesOfAsync(gmlCommand(data, options));

const base = { inputs: "x", outputs: "y", bad: "co2", period: "year", entity: "dmu" };

describe("nqpf gml", () => {
  it("--index gml prints the note and the mean GML, EC, BPC; --out writes the long and summary tables", async () => {
    const out = join(work, "gml.json");
    await gmlCommand(exampleCsv(), { ...base, index: "gml", out });
    const text = stdout();
    expect(text).toContain("GML (global technology");
    expect(text).toMatch(/pair\s+gml\s+ec\s+bpc/);
    expect(text).toContain("2001–2002");
    const written = JSON.parse(readFileSync(out, "utf8")) as unknown[];
    expect(written).toHaveLength(2);
    expect(JSON.stringify(written[0])).toContain("1.0454545");
  });

  it("--index ml lists the infeasible unit-pair with the failing distance", async () => {
    await gmlCommand(exampleCsv(), { ...base, index: "ml" });
    const text = stdout();
    expect(text).toContain("1 unit-pairs have a failed LP");
    expect(text).toContain("D2 2001–2002: D_t+1(t): infeasible");
  });

  it("--index luenberger --technology global --cumulative prints additive levels from 0", async () => {
    await gmlCommand(exampleCsv(), { ...base, index: "luenberger", technology: "global", cumulative: true });
    const text = stdout();
    expect(text).toContain("Luenberger indicator (global technology");
    expect(text).toContain("cumulative l (chained means; base 2001 = 0)");
  });

  it("--distance sbm --super runs the Super-SBM ML", async () => {
    await gmlCommand(exampleCsv(), { ...base, index: "ml", distance: "sbm", super: true });
    expect(stdout()).toContain("super-SBM efficiency ρ");
  });

  it("conflicting flags are bad_argument issues, all at once", async () => {
    const issues = await issuesOfRun(exampleCsv(), {
      ...base,
      index: "gml",
      technology: "sequential",
      super: true,
      distance: "ddf",
    });
    expect(issues.map((i) => i.code)).toEqual(["bad_argument", "bad_argument"]);
    expect(issues.map((i) => i.message).join(" ")).toMatch(/--technology.*--super/);
  });

  it("a negative bad output and a missing value are located (file row, column, entity, time)", async () => {
    const file = exampleCsv((lines) => {
      lines[3] = "D3,2001,1,1,-3";
      lines[7] = "D2,2002,1,,3";
    });
    const issues = await issuesOfRun(file, base);
    expect(issues.map((i) => [i.code, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", 4, "co2", "D3", 2001],
      ["bad_value", 8, "y", "D2", 2002],
    ]);
  });

  it("--incomplete drop leaves the observation out and compares the rest", async () => {
    const file = exampleCsv((lines) => {
      lines[7] = "D2,2002,1,,3";
    });
    await gmlCommand(file, { ...base, incomplete: "drop" });
    const text = stdout();
    expect(text).toContain("left out");
    expect(text).toContain("D2 (2002)");
    expect(text).toMatch(/2001–2002\s+\S+\s+\S+\s+\S+\s+4\s+0\s+1\/0/);
  });

  it("one period only is a bad_value issue", async () => {
    const issues = await issuesOfRun(exampleCsv(), { ...base, years: "2001:2001" });
    expect(issues[0]!.message).toContain("at least two periods");
  });
});
