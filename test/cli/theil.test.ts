/**
 * `nqpf theil`, called in process (theilCommand with the options commander would pass): the summary for the
 * methods.md §3.2 data, --ddof, the tables written and read back, and located input errors (exit 2 in the CLI).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { theilCommand } from "../../src/cli/commands/theil.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { METHODS_G, METHODS_Y } from "../methods/disparity/disparity-data.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file } = runCommandSetup("nqpf-theil-");

function csv(name: string, value: (y: number, i: number) => string = (y) => String(y)): string {
  const lines = [
    "province,year,y,region_nbs4",
    ...METHODS_Y.map((y, i) => `p${i},2020,${value(y, i)},${METHODS_G[i]!}`),
  ];
  return file(name, `${lines.join("\n")}\n`);
}

describe("nqpf theil", () => {
  it("prints T and L with their parts, CV and SD of logs for methods.md §3.2", async () => {
    await theilCommand(csv("m.csv"), { var: "y" });
    const text = stdout();
    expect(text).toMatch(/Theil indices.* of y by region_nbs4 \(East, Central, West\)/);
    // T = 0.0845427264 = 0.0144365223 + 0.0701062041; L = 0.0856124785 = 0.0154692377 + 0.0701432408
    expect(text).toMatch(
      /2020\s+12\s+0\.0845\s+0\.0144\s+0\.0701\s+82\.92\s+0\.0856\s+0\.0155\s+0\.0701\s+81\.93/,
    );
    // CV with n − 1: sd 0.1410244 / mean 0.3216667 (methods.md §3.3)
    expect(text).toMatch(/0\.4384\s+\S+\s*$/m);
  });

  it("--ddof 0 uses the population standard deviation; other values are refused", async () => {
    await theilCommand(csv("d.csv"), { var: "y", ddof: "0" });
    const cv = (0.1410244 * Math.sqrt(11 / 12)) / 0.3216667;
    expect(stdout()).toMatch(new RegExp(`${cv.toFixed(4).replace(".", "\\.")}\\s+\\S+\\s*$`, "m"));
    expect((await issuesOfAsync(theilCommand(csv("d2.csv"), { var: "y", ddof: "2" })))[0]!.code).toBe(
      "bad_argument",
    );
  });

  it("writes the overall and group tables", async () => {
    const out = join(work, "t.csv");
    await theilCommand(csv("w.csv"), { var: "y", out });
    const overall = (await readCsv(join(work, "t-theil.csv"))).table;
    expectClose(Number(cell(getColumn(overall, "theil_t"), 0)), 0.0845427264, { abs: 5e-11 });
    expectClose(Number(cell(getColumn(overall, "l_between"), 0)), 0.0701432408, { abs: 5e-11 });
    const groups = (await readCsv(join(work, "t-theil_groups.csv"))).table;
    expect(groups.rowCount).toBe(3);
    expectClose(Number(cell(getColumn(groups, "theil_t"), 0)), 0.0140816395, { abs: 5e-11 });
  });

  it("reports zero and negative values (logs are taken) with their rows", async () => {
    const file = csv("bad.csv", (y, i) => (i === 2 ? "0" : i === 5 ? "-0.3" : String(y)));
    const issues = await issuesOfAsync(theilCommand(file, { var: "y" }));
    expect(issues.map((i) => [i.code, i.row, i.column, i.entity])).toEqual([
      ["bad_value", 4, "y", "p2"],
      ["bad_value", 7, "y", "p5"],
    ]);
  });
});
