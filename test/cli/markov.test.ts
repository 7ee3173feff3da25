/**
 * `nqpf markov` run in process (markovCommand with the options commander would pass): bundled and file data,
 * contiguity weights from the bundled map, GAL and edge-list weight files, written tables and located errors.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markovCommand, parseGal } from "../../src/cli/commands/markov.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOf, issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file, clearStdout } = runCommandSetup("nqpf-markov-");

/** The 4-unit path a–b–c–d of test/methods/disparity/markov.test.ts: y a (1, 2, 4), b (2, 1, 3), c (3, 4, 1), d (4, 3, 2). */
const PATH_CSV =
  "id,year,y\na,2001,1\na,2002,2\na,2003,4\nb,2001,2\nb,2002,1\nb,2003,3\nc,2001,3\nc,2002,4\nc,2003,1\nd,2001,4\nd,2002,3\nd,2003,2\n";
const PATH_GAL = "4\na 1\nb\nb 2\na c\nc 2\nb d\nd 1\nc\n";

describe("nqpf markov (in process)", () => {
  it("markov china-provinces-panel --var gdp_per_capita --scheme per-year --steps 2 --out x.csv writes the tables", async () => {
    const out = join(work, "china.csv");
    await markovCommand("china-provinces-panel", {
      var: "gdp_per_capita",
      years: "2010:2019",
      scheme: "per-year",
      steps: "2",
      group: "region_nbs4",
      out,
    });
    const text = stdout();
    expect(text).toMatch(/Markov chain {2}gdp_per_capita, 31 units, 2010–2019, k = 4 \(per-year quantiles\)/);
    expect(text).toMatch(/homogeneity across region_nbs4: Q = /);
    for (const name of [
      "markov_transitions",
      "markov_classes",
      "markov_units",
      "markov_k_step",
      "markov_tests",
    ])
      expect(existsSync(join(work, `china-${name}.csv`)), name).toBe(true);
    const { table } = await readCsv(join(work, "china-markov_transitions.csv"));
    // 31 units × 9 transitions, all in the "all" block; per-year quartiles of 31 units put 8, 8, 7, 8 in the classes.
    let total = 0;
    for (let r = 0; r < 4; r++) total += cell(getColumn(table, "n"), r) as number;
    expect(total).toBe(31 * 9);
    const units = await readCsv(join(work, "china-markov_units.csv"));
    expect(units.table.rowCount).toBe(31 * 10);
  });

  it("markov china-provinces-panel --weights queen links Hainan to its nearest province and writes the tests", async () => {
    const out = join(work, "spatial.json");
    await markovCommand("china-provinces-panel", {
      var: "gdp_per_capita",
      years: "2012:2019",
      weights: "queen",
      scheme: "per-year",
      out,
    });
    const text = stdout();
    expect(text).toMatch(
      /spatial Markov chain {2}gdp_per_capita, 31 units, 2012–2019; weights: queen contiguity \(map-china-provinces\)/,
    );
    expect(text).toMatch(/460000 has no queen neighbour; linked to its nearest unit/);
    expect(text).toMatch(/LR \(homogeneity\)/);
    expect(existsSync(out)).toBe(true);
  });

  it("markov <file.csv> --weights <file.gal> reproduces the hand-computed spatial chain (Q = 8/3)", async () => {
    const data = file("path.csv", PATH_CSV);
    const gal = file("path.gal", PATH_GAL);
    const out = join(work, "path.csv.gz");
    await markovCommand(data, { var: "y", weights: gal, scheme: "cutoffs:2.5", lagScheme: "same", out });
    const { table } = await readCsv(join(work, "path-spatial_markov_tests.csv.gz"));
    expectClose(cell(getColumn(table, "statistic"), 0) as number, 8 / 3, { abs: 1e-12 });
    expect(cell(getColumn(table, "dof"), 0)).toBe(2);
    const edges = file("path-edges.csv", "id,neighbour\na,b\nb,a\nb,c\nc,b\nc,d\nd,c\n");
    clearStdout();
    await markovCommand(data, { var: "y", weights: edges, scheme: "cutoffs:2.5", lagScheme: "same" });
    expect(stdout()).toMatch(/Q \(homogeneity\) +2\.66667 +2/);
  });

  it("weights that do not match the data name the weights file and the units", async () => {
    const data = file("path2.csv", PATH_CSV);
    const gal = file("other.gal", "4\na 1\nb\nb 2\na c\nc 2\nb x\nx 1\nc\n");
    const issues = await issuesOfAsync(markovCommand(data, { var: "y", weights: gal }));
    expect(issues.map((i) => [i.code, i.file, i.entity])).toEqual([
      ["missing_key", gal, "d"],
      ["missing_key", gal, "x"],
    ]);
  });

  it("flag problems are reported together before any data is read", async () => {
    const issues = await issuesOfAsync(
      markovCommand("no-such-file.csv", { classes: "1", scheme: "quartiles", steps: "0", lagClasses: "3" }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      "no variable given",
      '--classes takes a whole number from 2 to 20; got "1"',
      '--scheme "quartiles" is not one of pooled, per-year, cutoffs:a,b,…',
      '--steps "0" is not a list of whole numbers from 1 to 1000',
      "--lag-classes and --lag-scheme need --weights",
    ]);
  });

  it("a missing value is reported at its file row, column, entity and year", async () => {
    const data = file("gap.csv", PATH_CSV.replace("b,2002,1", "b,2002,"));
    const issues = await issuesOfAsync(markovCommand(data, { var: "y" }));
    expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", data, 6, "y", "b", 2002],
    ]);
  });

  it("parseGal reads GeoDa's header forms and reports malformed files", () => {
    expect(parseGal("0 2 shape id\na 1\nb\nb 1\na\n", "w.gal").ids).toEqual(["a", "b"]);
    expect(parseGal("2\na 1\nb\nb 1\na\n", "w.gal").neighbours.map((r) => Array.from(r))).toEqual([[1], [0]]);
    expect(issuesOf(() => parseGal("x\n", "w.gal")).map((i) => [i.code, i.row])).toEqual([
      ["corrupt_file", 1],
    ]);
    expect(
      issuesOf(() => parseGal("2\na 1\nz\nb 0\n", "w.gal")).map((i) => [i.code, i.row, i.entity]),
    ).toEqual([["missing_key", 3, "a"]]);
    expect(issuesOf(() => parseGal("2\na 2\nb\nb 1\na\n", "w.gal")).map((i) => [i.code, i.row])).toEqual([
      ["corrupt_file", 3],
    ]);
  });
});
