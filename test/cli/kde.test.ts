/**
 * `nqpf kde`, called in process (kdeCommand with the options commander would pass): bandwidths and summaries for the
 * methods.md §3.3 data, groups, the long density table written and read back, and bad flags (exit 2 in the CLI).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kdeCommand } from "../../src/cli/commands/kde.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file } = runCommandSetup("nqpf-kde-");

const X = [0.2, 0.25, 0.3, 0.45, 0.6, 0.38, 0.52, 0.33, 0.28, 0.15, 0.22, 0.18];

/** The methods.md §3.3 data in 2020 and shifted by +0.1 in 2021; regions A (first six) and B. */
function csv(name: string): string {
  const lines = ["id,year,x,region"];
  for (const [k, year] of [2020, 2021].entries())
    X.forEach((x, i) => lines.push(`u${i},${year},${(x + k / 10).toFixed(2)},${i < 6 ? "A" : "B"}`));
  return file(name, `${lines.join("\n")}\n`);
}

describe("nqpf kde", () => {
  it("prints bandwidth, location, spread and peaks by year (R's bw.nrd0 for methods.md §3.3)", async () => {
    await kdeCommand(csv("m.csv"), { var: "x", bandwidth: "nrd0" });
    const text = stdout();
    expect(text).toMatch(/Kernel density.* of x: gaussian kernel, bandwidth nrd0, 200 grid points/);
    // bw.nrd0 = 0.0745700322, mean 0.3216667, median 0.29, sd 0.1410244, IQR 0.1825 (methods.md §3.3)
    expect(text).toMatch(/2020\s+12\s+0\.07457\s+0\.32167\s+0\.29\s+0\.14102\s+0\.1825\s+1\s/);
    expect(text).toMatch(/2021\s+12\s+0\.07457\s+0\.42167\s+0\.39\s+0\.14102\s+0\.1825\s+1\s/);
  });

  it("estimates each group too with --group, and writes the long density table, summary and peaks", async () => {
    const out = join(work, "k.csv");
    await kdeCommand(csv("g.csv"), {
      var: "x",
      group: "region",
      kernel: "epanechnikov",
      bandwidth: "0.05",
      grid: "64",
      out,
    });
    const text = stdout();
    expect(text).toMatch(/region = A/);
    expect(text).toMatch(/region = B/);
    expect(text).toMatch(
      /wrote .*k-kde_density\.csv, .*k-kde_summary\.csv, .*k-kde_peaks\.csv \(384 density rows\)/,
    );
    const density = (await readCsv(join(work, "k-kde_density.csv"))).table;
    expect(density.columns.map((c) => c.name)).toEqual(["year", "group", "x", "density"]);
    expect(density.rowCount).toBe(2 * 3 * 64);
    // Every estimate integrates to about 1 over the common grid (scaled Epanechnikov, h = 0.05).
    for (let k = 0; k < 6; k++) {
      let mass = 0;
      for (let g = 1; g < 64; g++) {
        const r = k * 64 + g;
        const dx = Number(cell(getColumn(density, "x"), r)) - Number(cell(getColumn(density, "x"), r - 1));
        mass +=
          (dx *
            (Number(cell(getColumn(density, "density"), r)) +
              Number(cell(getColumn(density, "density"), r - 1)))) /
          2;
      }
      expectClose(mass, 1, { abs: 2e-2 });
    }
    const summary = (await readCsv(join(work, "k-kde_summary.csv"))).table;
    expect(summary.rowCount).toBe(6);
    expect(Number(cell(getColumn(summary, "bandwidth"), 3))).toBe(0.05);
  });

  it("refuses bad flags, all at once", async () => {
    const issues = await issuesOfAsync(
      kdeCommand(csv("f.csv"), { var: "x", kernel: "box", bandwidth: "wide", grid: "1", cut: "-1" }),
    );
    expect(issues.map((i) => i.code)).toEqual([
      "bad_argument",
      "bad_argument",
      "bad_argument",
      "bad_argument",
    ]);
    expect(issues.map((i) => i.message.split(" ")[0])).toEqual([
      "--kernel",
      "--bandwidth",
      "--grid",
      "--cut",
    ]);
  });

  it("reports a group with a single unit in a year", async () => {
    const path = file("one.csv", "id,year,x,region\na,2020,1,A\nb,2020,2,B\nc,2020,3,B\nd,2020,5,B\n");
    const issues = await issuesOfAsync(kdeCommand(path, { var: "x", group: "region" }));
    expect(issues).toMatchObject([{ code: "bad_value", column: "region", time: 2020 }]);
    expect(issues[0]!.message).toMatch(/group "A" in 2020 has 1 unit/);
  });
});
