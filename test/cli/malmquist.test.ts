/**
 * `nqpf malmquist`, in process through its command function (stdout captured): the summary printed for DEAP's
 * example 4, the tables written, and the located input errors (code, row, column) that the CLI turns into exit 2.
 */
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { malmquistCommand } from "../../src/cli/commands/malmquist.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const eg4 = join(import.meta.dirname, "../../data/dea/deap_eg4.csv");
const { work, stdout, file } = runCommandSetup("nqpf-malmquist-");

describe("nqpf malmquist", () => {
  it("prints DEAP's annual means for example 4 (period and unit guessed) and writes the tables", async () => {
    const out = join(work, "eg4.csv");
    await malmquistCommand(eg4, { inputs: "x", outputs: "y", rts: "vrs", cumulative: true, out });
    const text = stdout();
    expect(text).toMatch(/> 1 = growth/);
    // DEAP 2.1 EG4-out.txt annual means: year 2 effch 0.844, techch 1.333, pech 0.955, sech 0.883, tfpch 1.125.
    expect(text).toMatch(/1–2\s+1\.1247\s+0\.8436\s+1\.3333\s+0\.955\s+0\.8833\s+5\s+0\s+0\/0/);
    expect(text).toMatch(/mean\s+1\.0605\s+0\.9185\s+1\.1547/);
    expect(text).toMatch(/cumulative tfpch/);
    expect(text).toMatch(
      /wrote .*eg4\.csv, .*eg4-summary\.csv, .*eg4-cumulative\.csv, .*eg4-cumulative_groups\.csv \(10 unit-pairs\)/,
    );
    const long = (await readCsv(out)).table;
    expect(long.rowCount).toBe(10);
    expect(long.columns.map((c) => c.name).slice(0, 8)).toEqual([
      "unit",
      "from",
      "to",
      "tfpch",
      "effch",
      "techch",
      "pech",
      "sech",
    ]);
    const summary = (await readCsv(join(work, "eg4-summary.csv"))).table;
    expect(cell(getColumn(summary, "pair"), 2)).toBe("mean");
    expect(Number(cell(getColumn(summary, "tfpch"), 2))).toBeCloseTo(1.061, 3);
  });

  it("reads a bundled dataset by name and keeps --years", async () => {
    await malmquistCommand("dea-deap-eg4", {
      inputs: "x",
      outputs: "y",
      years: "2:3",
      period: "year",
      entity: "firm",
    });
    const text = stdout();
    expect(text).toMatch(/2–3\s+1\s+1\s+1/);
    expect(text).not.toMatch(/1–2/);
  });

  it("lists the unit-pairs whose LPs failed, with the distance named", async () => {
    const data = file("infeasible.csv", "unit,year,x,y\na,1,2,1\nb,1,4,3\na,2,2,1.5\nb,2,1,1\n");
    await malmquistCommand(data, { inputs: "x", outputs: "y", rts: "vrs", decomposition: "ray-desli" });
    expect(stdout()).toMatch(
      /1 unit-pairs have a failed LP[\s\S]*b 1–2: Dv_t\(t\+1\): envelopment LP infeasible/,
    );
  });

  it("missing values: located issues by default, left out with --incomplete drop", async () => {
    const data = file("missing.csv", "firm,year,x,y\na,1,2,1\nb,1,4,\na,2,2,1.5\nb,2,4,3\n");
    const issues = await issuesOfAsync(malmquistCommand(data, { inputs: "x", outputs: "y" }));
    expect(issues.map((i) => [i.code, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", 3, "y", "b", 1],
    ]);
    await malmquistCommand(data, { inputs: "x", outputs: "y", incomplete: "drop" });
    expect(stdout()).toMatch(/left out.*b \(1\)/);
    expect(stdout()).toMatch(/1–2\s+\S+\s+\S+\s+\S+\s+1\s+0\s+0\/1/);
  });

  it("--incomplete drop names the count and the first 12 observations left out, then how many more", async () => {
    const rows = Array.from({ length: 14 }, (_, k) => [`u${k},1,2,${k < 13 ? "" : 1}`, `u${k},2,2,1`]).flat();
    const data = file("many-missing.csv", `firm,year,x,y\n${rows.join("\n")}\n`);
    await malmquistCommand(data, { inputs: "x", outputs: "y", incomplete: "drop" });
    const line = stripVTControlCharacters(stdout())
      .split("\n")
      .find((l) => l.includes("left out"));
    const listed = Array.from({ length: 12 }, (_, k) => `u${k} (1)`).join(", ");
    expect(line).toBe(`left out (missing values, 13 observations): ${listed} … and 1 more`);
  });

  it("duplicate (unit, period) rows, empty keys and non-positive inputs are located in one pass", async () => {
    const data = file("bad.csv", "firm,year,x,y\na,1,2,1\na,1,3,1\nb,,4,3\nc,1,0,2\nc,2,1,-1\n");
    const issues = await issuesOfAsync(malmquistCommand(data, { inputs: "x", outputs: "y" }));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["duplicate_key", 3, "year"],
      ["missing_key", 4, "year"],
      ["bad_value", 5, "x"],
      ["bad_value", 6, "y"],
    ]);
    expect(issues[0]!.message).toMatch(/row 2/);
  });

  it("bad flags and unknown columns are bad_argument / missing_column issues", async () => {
    const issues = await issuesOfAsync(
      malmquistCommand(eg4, {
        inputs: "x,k",
        outputs: "y",
        decomposition: "ray-desli",
        window: "2",
        technology: "moving",
        orientation: "sideways",
      }),
    );
    expect(issues.map((i) => [i.code, i.column ?? i.message])).toEqual([
      ["missing_column", "k"],
      ["bad_argument", '--orientation "sideways" is not one of in, out'],
      [
        "bad_argument",
        '--technology "moving" is not one of contemporaneous, sequential, global, window, biennial',
      ],
      ["bad_argument", "--decomposition ray-desli needs --rts vrs"],
      ["bad_argument", "--window needs --technology window"],
    ]);
  });

  it("asks for --period when no period column can be guessed, and for two periods", async () => {
    const data = file("noperiod.csv", "firm,when,x,y\na,1,2,1\na,2,2,1\n");
    const issues = await issuesOfAsync(malmquistCommand(data, { inputs: "x", outputs: "y" }));
    expect(issues.map((i) => [i.code, i.hint])).toEqual([
      ["bad_argument", "name it with --period <column> (e.g. --period year)"],
    ]);
    await malmquistCommand(data, { inputs: "x", outputs: "y", period: "when" });
    const one = await issuesOfAsync(
      malmquistCommand(data, { inputs: "x", outputs: "y", period: "when", years: "1" }),
    );
    expect(one.map((i) => i.code)).toEqual(["bad_value"]);
  });

  it("--cumulative <component> with --group: group levels by region; an unknown component is bad_argument", async () => {
    const data = file(
      "groups.csv",
      "firm,year,x,y,region\na,1,2,1,east\nb,1,4,3,west\na,2,1,1,east\nb,2,4,3,west\n",
    );
    await malmquistCommand(data, { inputs: "x", outputs: "y", cumulative: "effch", group: "region" });
    expect(stdout()).toMatch(/cumulative effch[\s\S]*east[\s\S]*west/);
    const issues = await issuesOfAsync(
      malmquistCommand(data, { inputs: "x", outputs: "y", cumulative: "pech" }),
    );
    expect(issues.map((i) => i.code)).toEqual(["bad_argument"]);
  });
});
