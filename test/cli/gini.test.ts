/**
 * `nqpf gini`, called in process (giniCommand with the options commander would pass): the summary for the methods.md
 * §3.1 data, the default group column, the tables written and read back, the bundled China panel against base R,
 * and located input errors (exit 2 in the CLI).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { giniCommand } from "../../src/cli/commands/gini.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { METHODS_G, METHODS_Y } from "../methods/disparity/disparity-data.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file, clearStdout } = runCommandSetup("nqpf-gini-");

/** methods.md §3.1 data for 2020 and, doubled, for 2021; rows year by year (file row of unit i in 2021 is 14 + i). */
function methodsCsv(name: string, options: { groupColumn?: string; blank?: number } = {}): string {
  const groupColumn = options.groupColumn ?? "region_nbs4";
  const lines = [`id,year,y,${groupColumn}`];
  for (const [k, year] of [2020, 2021].entries())
    METHODS_Y.forEach((y, i) => {
      const value = year === 2021 && i === options.blank ? "" : String(y * (k + 1));
      lines.push(`u${String(i).padStart(2, "0")},${year},${value},${METHODS_G[i]!}`);
    });
  return file(name, `${lines.join("\n")}\n`);
}

describe("nqpf gini", () => {
  it("prints G, G_w, G_nb, G_t and shares by year for methods.md §3.1, grouped by region_nbs4 by default", async () => {
    await giniCommand(methodsCsv("m.csv"), { var: "y" });
    const text = stdout();
    expect(text).toMatch(/Dagum Gini.* of y by region_nbs4 \(East, Central, West\)/);
    // methods.md §3.1: G = 0.2335924007, G_w = 0.0321675302, G_nb = 0.2001295337, G_t = 0.0012953368; 13.77/85.67/0.55 %.
    expect(text).toMatch(/2020\s+12\s+0\.2336\s+0\.0322\s+0\.2001\s+0\.0013\s+13\.77\s+85\.67\s+0\.55/);
    expect(text).toMatch(/2021\s+12\s+0\.2336\s+0\.0322\s+0\.2001\s+0\.0013\s+13\.77\s+85\.67\s+0\.55/);
    // G_East = 0.0935897436, G_Central = 0.0606060606, G_West = 0.1165048544
    expect(text).toMatch(/2020\s+0\.0936\s+0\.0606\s+0\.1165/);
  });

  it("writes the four tables (one CSV each) and never replaces them without --force", async () => {
    const out = join(work, "g.csv");
    await giniCommand(methodsCsv("m2.csv"), { var: "y", out });
    for (const name of ["gini", "gini_within", "gini_between", "gini_wide"])
      expect(existsSync(join(work, `g-${name}.csv`)), name).toBe(true);
    const overall = (await readCsv(join(work, "g-gini.csv"))).table;
    expectClose(Number(cell(getColumn(overall, "gini"), 0)), 0.2335924007, { abs: 5e-11 });
    const between = (await readCsv(join(work, "g-gini_between.csv"))).table;
    expect(cell(getColumn(between, "group_high"), 2)).toBe("Central");
    expectClose(Number(cell(getColumn(between, "affluence"), 2)), 0.9562043796, { abs: 5e-11 });
    const issues = await issuesOfAsync(giniCommand(methodsCsv("m3.csv"), { var: "y", out }));
    expect(issues[0]!.code).toBe("output_exists");
    await giniCommand(methodsCsv("m4.csv"), { var: "y", out, force: true });
    expect(readFileSync(join(work, "g-gini.csv"), "utf8")).toMatch(/^year,n,mean,gini/);
  });

  it("says so when the default group column is absent, and uses --group when given", async () => {
    await giniCommand(methodsCsv("n.csv", { groupColumn: "zone" }), { var: "y", years: "2020" });
    let text = stdout();
    expect(text).toMatch(/no group column \(region_nbs4 is not in the data/);
    expect(text).toMatch(/2020\s+12\s+0\.2336\s+0\.2336\s+0\s+0\s+100\.00\s+0\.00\s+0\.00/);
    expect(text).not.toMatch(/2021/);
    clearStdout();
    await giniCommand(methodsCsv("n2.csv", { groupColumn: "zone" }), {
      var: "y",
      group: "zone",
      years: "2021",
    });
    text = stdout();
    expect(text).toMatch(/by zone \(East, Central, West\)/);
    expect(text).toMatch(/2021\s+12\s+0\.2336\s+0\.0322/);
  });

  it("matches base R on the bundled China panel (gdp_per_capita 2019 by region_nbs4)", async () => {
    const fixture = JSON.parse(
      readFileSync(join(import.meta.dirname, "../reference/gini/cases-r.json"), "utf8"),
    ) as { cases: { name: string; expected: { gini: number; withinContribution: number } }[] };
    const china = fixture.cases.find((c) => c.name === "china-gdppc-2019")!.expected;
    await giniCommand("china-provinces-panel", { var: "gdp_per_capita", years: "2019" });
    const text = stdout();
    expect(text).toMatch(/by region_nbs4 \(East, Central, West, Northeast\)/);
    const line = /2019\s+31\s+(\S+)\s+(\S+)/.exec(text);
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBe(Number(china.gini.toFixed(4)));
    expect(Number(line![2])).toBe(Number(china.withinContribution.toFixed(4)));
  });

  it("reports a missing value with its file row, column, entity and year; --incomplete drop leaves it out", async () => {
    const file = methodsCsv("blank.csv", { blank: 3 });
    const issues = await issuesOfAsync(giniCommand(file, { var: "y" }));
    expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", file, 17, "y", "u03", 2021],
    ]);
    await giniCommand(file, { var: "y", incomplete: "drop" });
    expect(stdout()).toMatch(/left out.*\(missing values\): u03 \(2021\)/);
  });

  it("reports bad flags and unknown columns as input errors", async () => {
    const file = methodsCsv("flags.csv");
    expect((await issuesOfAsync(giniCommand(file, {}))).map((i) => i.code)).toEqual(["bad_argument"]);
    expect((await issuesOfAsync(giniCommand(file, { var: "y", years: "2021:2020" })))[0]!.code).toBe(
      "bad_argument",
    );
    expect((await issuesOfAsync(giniCommand(file, { var: "y", incomplete: "skip" })))[0]!.code).toBe(
      "bad_argument",
    );
    expect(await issuesOfAsync(giniCommand(file, { var: "y", group: "nope" }))).toMatchObject([
      { code: "missing_column", column: "nope" },
    ]);
    expect(await issuesOfAsync(giniCommand(file, { var: "gdp" }))).toMatchObject([
      { code: "missing_column", column: "gdp" },
    ]);
  });
});
