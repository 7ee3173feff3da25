/**
 * `nqpf growth-accounting`, called in process (growthAccountingCommand with the options commander would pass):
 * bundled and file data, tables written and read back, located errors. Spawning the built binary needs the
 * command's registration in main.ts.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { growthAccountingCommand } from "../../src/cli/commands/growth-accounting.js";
import { loadDataset } from "../../src/io/datasets.js";
import { readCsv } from "../../src/io/read-csv.js";
import { panelRow } from "../../src/panel/panel.js";
import { cell, getColumn, type NumberColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout } = runCommandSetup("nqpf-growth-");

const PWT = {
  output: "rgdpna",
  capital: "rkna",
  employment: "emp",
  hours: "avh",
  humanCapital: "hc",
  labourShare: "labsh",
};

describe("nqpf growth-accounting (in process)", () => {
  it("growth-accounting pwt1001 --years 2000:2019 --out x.csv writes three tables that reproduce rtfpna growth", async () => {
    const out = join(work, "pwt.csv");
    await growthAccountingCommand("pwt1001", { ...PWT, years: "2000:2019", out });
    const text = stdout();
    expect(text).toMatch(
      /growth accounting {2}Y = rgdpna, K = rkna, L = emp × avh × hc; Törnqvist shares from labsh/,
    );
    expect(text).toMatch(/pairs {2}\d+ computed/);
    for (const name of ["growth_accounting", "growth_by_period", "growth_by_entity"])
      expect(existsSync(join(work, `pwt-${name}.csv`)), name).toBe(true);
    const { table: pairs } = await readCsv(join(work, "pwt-growth_accounting.csv"));
    expect(pairs.rowCount).toBe(183 * 20);
    // USA 2018→2019 from the written file against PWT's own rtfpna (the independent reference).
    const pwt = await loadDataset("pwt1001");
    const rtfpna = getColumn(pwt.table, "rtfpna") as NumberColumn;
    const usa = pwt.entities.indexOf("USA");
    const at = (year: number) => rtfpna.values[panelRow(pwt, usa, pwt.times.indexOf(year))]!;
    const code = getColumn(pairs, "countrycode");
    const year = getColumn(pairs, "year");
    let row = -1;
    for (let r = 0; r < pairs.rowCount; r++) if (cell(code, r) === "USA" && cell(year, r) === 2019) row = r;
    expect(cell(getColumn(pairs, "status"), row)).toBe("ok");
    expectClose(cell(getColumn(pairs, "tfp_growth"), row) as number, Math.log(at(2019) / at(2018)), {
      abs: 1e-6,
    });
    // 2000 is the first year of the window: status "first", reason beside the empty growth.
    let first = -1;
    for (let r = 0; r < pairs.rowCount; r++) if (cell(code, r) === "USA" && cell(year, r) === 2000) first = r;
    expect(cell(getColumn(pairs, "status"), first)).toBe("first");
    expect(cell(getColumn(pairs, "reason"), first)).toMatch(/first year/);
  });

  it("growth-accounting <file.csv> --alpha reads a file, and an existing output is kept without --force", async () => {
    const file = join(work, "small.csv");
    writeFileSync(
      file,
      "id,year,y,k,l\nA,2001,110,210,51\nA,2000,100,200,50\nB,2000,10,20,5\nB,2001,11,22,5\n",
    );
    const out = join(work, "small.json");
    await growthAccountingCommand(file, { output: "y", capital: "k", employment: "l", alpha: "0.4", out });
    expect(existsSync(out)).toBe(true);
    const issues = await issuesOfAsync(
      growthAccountingCommand(file, { output: "y", capital: "k", employment: "l", alpha: "0.4", out }),
    );
    expect(issues[0]!.code).toBe("output_exists");
    await growthAccountingCommand(file, {
      output: "y",
      capital: "k",
      employment: "l",
      alpha: "0.4",
      out,
      force: true,
    });
  });

  it("a non-positive value is reported at its file row, entity, year and column", async () => {
    const file = join(work, "bad.csv");
    // Rows out of order on purpose: the panel sorts them, the issue still names the file row.
    writeFileSync(
      file,
      "id,year,y,k,l\nA,2001,110,210,51\nB,2000,10,0,5\nA,2000,100,200,50\nB,2001,11,22,5\n",
    );
    const issues = await issuesOfAsync(
      growthAccountingCommand(file, { output: "y", capital: "k", employment: "l", alpha: "0.4" }),
    );
    expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", file, 3, "k", "B", 2000],
    ]);
  });

  it("flag problems are reported together before any data is read", async () => {
    const issues = await issuesOfAsync(
      growthAccountingCommand("no-such-file.csv", {
        output: "y",
        alpha: "1.5",
        labourShare: "s",
        baseYear: "x",
      }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      "no capital column given",
      "no labour column given",
      '--alpha takes a capital share in [0, 1]; got "1.5"',
      "--labour-share and --alpha both given",
      '--base-year takes a year; got "x"',
    ]);
    for (const i of issues) expect(i.code).toBe("bad_argument");
  });

  it("a column that is not in the data is a missing_column issue naming the file", async () => {
    const issues = await issuesOfAsync(
      growthAccountingCommand("pwt1001", { ...PWT, capital: "capital_services", years: "2018:2019" }),
    );
    expect(issues.map((i) => [i.code, i.column, i.file])).toEqual([
      ["missing_column", "capital_services", "pwt1001"],
    ]);
  });
});
