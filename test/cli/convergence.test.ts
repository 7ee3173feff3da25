/**
 * `nqpf convergence` run in process (convergenceCommand with the options commander would pass): β and σ on the bundled
 * China panel against the R fixture, written tables, and located errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convergenceCommand } from "../../src/cli/commands/convergence.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file } = runCommandSetup("nqpf-convergence-");

interface BetaCase {
  readonly fe: string;
  readonly se: string;
  readonly controls: readonly string[];
  readonly group: string;
  readonly coefficients: readonly number[];
  readonly standard_errors: readonly number[];
}
const china = JSON.parse(
  readFileSync(new URL("../reference/convergence/china-gdp-per-capita.json", import.meta.url), "utf8"),
) as {
  expected: { beta: readonly BetaCase[] };
};

describe("nqpf convergence (in process)", () => {
  it("convergence china-provinces-panel --type beta --fe twoway --se cluster --controls … --out x.csv matches R", async () => {
    const out = join(work, "beta.csv");
    const controls = ["mobile_phone_per_100", "unemp_rate_urban_registered"];
    await convergenceCommand("china-provinces-panel", {
      var: "gdp_per_capita",
      years: "2012:2019",
      type: "beta",
      fe: "twoway",
      se: "cluster",
      controls: controls.join(","),
      out,
    });
    expect(stdout()).toMatch(
      /β-convergence {2}ln\(x_t\+τ \/ x_t\) on ln x_t \+ mobile_phone_per_100 \+ unemp_rate_urban_registered; unit and year fixed effects; standard errors clustered by unit; τ = 1/,
    );
    const expected = china.expected.beta.find(
      (b) => b.fe === "twoway" && b.se === "cluster" && b.controls.length === 2 && b.group === "all",
    )!;
    const { table } = await readCsv(join(work, "beta-beta_coefficients.csv"));
    expect(table.rowCount).toBe(3);
    for (let r = 0; r < 3; r++) {
      expectClose(cell(getColumn(table, "coefficient"), r) as number, expected.coefficients[r]!, {
        abs: 1e-12,
        rel: 1e-10,
      });
      expectClose(cell(getColumn(table, "se"), r) as number, expected.standard_errors[r]!, {
        abs: 1e-12,
        rel: 1e-10,
      });
    }
    expect(existsSync(join(work, "beta-beta_convergence.csv"))).toBe(true);
  });

  it("convergence china-provinces-panel --type sigma --group region_nbs4 prints and writes the series and trends", async () => {
    const out = join(work, "sigma.json");
    await convergenceCommand("china-provinces-panel", {
      var: "gdp_per_capita",
      years: "2012:2019",
      type: "sigma",
      group: "region_nbs4",
      out,
    });
    const text = stdout();
    expect(text).toMatch(/σ-convergence/);
    expect(text).toMatch(/Northeast +2019/);
    expect(text).not.toMatch(/β-convergence/);
    expect(existsSync(out)).toBe(true);
  });

  it("flag problems are reported together before any data is read", async () => {
    const issues = await issuesOfAsync(
      convergenceCommand("no-such-file.csv", { var: "x", type: "gamma", fe: "both", se: "hc3" }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      '--type "gamma" is not one of sigma, beta, both',
      '--fe "both" is not one of none, unit, twoway',
      '--se "hc3" is not one of conventional, robust, cluster',
    ]);
    const sigma = await issuesOfAsync(
      convergenceCommand("no-such-file.csv", { var: "x", type: "sigma", controls: "z" }),
    );
    expect(sigma.map((i) => i.code)).toEqual(["bad_argument"]);
  });

  it("a non-positive value is reported at its file row, entity, year and column", async () => {
    const path = file(
      "bad.csv",
      "id,year,x\nA,2001,1\nA,2002,2\nA,2003,3\nB,2001,2\nB,2002,-1\nB,2003,4\nC,2001,1\nC,2002,1.5\nC,2003,2\n",
    );
    const issues = await issuesOfAsync(convergenceCommand(path, { var: "x", type: "beta" }));
    expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", path, 6, "x", "B", 2002],
    ]);
  });
});
