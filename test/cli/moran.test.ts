/**
 * `nqpf moran`, in process (moranCommand with the options commander would pass): the bundled panel's GDP per capita
 * in 2019 against spdep's I and the numpy re-statement of esda's permutation p (test/reference/moran), local
 * statistics written to a file, weights read from a file, and located errors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { moranCommand, parseWeightsArgument } from "../../src/cli/commands/moran.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file } = runCommandSetup("nqpf-moran-");

const spdep = JSON.parse(
  readFileSync(new URL("../reference/moran/china-gdppc-2019.json", import.meta.url), "utf8"),
) as {
  input: { ids: string[]; y: number[] };
  expected: { moran_queen_linked_W: { randomisation: { I: number; p: number } } };
};
const esda = JSON.parse(
  readFileSync(new URL("../reference/moran/china-gdppc-2019-permutation.json", import.meta.url), "utf8"),
) as { expected: { cases: { seed: number; permutations: number; p_sim: number }[] } };

describe("nqpf moran (in process)", () => {
  it("moran china-provinces-panel --var gdp_per_capita --years 2019 --link 460000:440000 --local --out x.csv matches spdep and esda", async () => {
    const out = join(work, "gdp.csv");
    await moranCommand("china-provinces-panel", {
      var: "gdp_per_capita",
      years: "2019",
      weights: "queen",
      link: "460000:440000",
      permutations: "999",
      seed: "1",
      local: true,
      out,
    });
    const text = stdout();
    expect(text).toMatch(/queen contiguity on map-china-provinces \(31 units, id adcode\), row-standardised/);
    expect(text).toMatch(/link added: 460000 Hainan – 440000 Guangdong/);
    expect(text).toMatch(/2019\s+0\.3528\s/);
    expect(text).toMatch(/wrote .*gdp-moran\.csv, .*gdp-local_moran\.csv, .*gdp-weights_summary\.csv/);
    const { table: moran } = await readCsv(join(work, "gdp-moran.csv"));
    const expected = spdep.expected.moran_queen_linked_W.randomisation;
    expectClose(cell(getColumn(moran, "moran_i"), 0) as number, expected.I, { abs: 1e-12 });
    expectClose(cell(getColumn(moran, "p_random"), 0) as number, expected.p, { abs: 1e-12, rel: 1e-9 });
    const seed1 = esda.expected.cases.find((c) => c.seed === 1 && c.permutations === 999)!;
    expect(cell(getColumn(moran, "p_permutation"), 0)).toBe(seed1.p_sim);
    const { table: local } = await readCsv(join(work, "gdp-local_moran.csv"));
    expect(local.rowCount).toBe(31);
    const row = (id: string) =>
      Array.from({ length: local.rowCount }, (_, r) => r).find(
        (r) => String(cell(getColumn(local, "adcode"), r)) === id,
      )!;
    // Shanghai and Jiangsu: rich provinces among rich neighbours
    expect(cell(getColumn(local, "quadrant"), row("310000"))).toBe("HH");
    expect(cell(getColumn(local, "quadrant"), row("320000"))).toBe("HH");
  });

  it("moran <file> --weights <edge list> reads the weights from a file (matched to the data's entities by id)", async () => {
    const data = file("path.csv", "id,year,y\nd,2000,5\na,2000,1\nb,2000,2\nc,2000,3\ne,2000,4\n");
    const weights = file(
      "path-w.csv",
      "id,neighbour,weight\na,b,1\nb,a,1\nb,c,1\nc,b,1\nc,d,1\nd,c,1\nd,e,1\ne,d,1\n",
    );
    const out = join(work, "path.json");
    await moranCommand(data, { var: "y", weights, standardise: "none", permutations: "0", out });
    const text = stdout();
    // methods.md §3.6: y = (1, 2, 3, 5, 4) on the path a–b–c–d–e, binary weights: I = 0.5, z_N = 2
    expect(text).toMatch(/2000\s+0\.5\s+2\s+0\.0455/);
    expect(text).toMatch(/weights from .*path-w\.csv\n/);
  });

  it("parseWeightsArgument splits knn:4, idw:2 and economic:<column>, and takes anything else as a file", () => {
    expect(parseWeightsArgument("knn:4")).toEqual({ type: "knn", parameter: "4" });
    expect(parseWeightsArgument("IDW:2")).toEqual({ type: "idw", parameter: "2" });
    expect(parseWeightsArgument("economic:gdp")).toEqual({ type: "economic", parameter: "gdp" });
    expect(parseWeightsArgument("queen")).toEqual({ type: "queen", parameter: undefined });
    expect(parseWeightsArgument("w.csv")).toEqual({ file: "w.csv" });
  });

  it("missing --var, a bad --seed and economic without its variable are reported together", async () => {
    const issues = await issuesOfAsync(
      moranCommand("china-provinces-panel", { seed: "-1", weights: "economic" }),
    );
    expect(issues.map((i) => i.code)).toEqual(["bad_argument", "bad_argument", "bad_argument"]);
    expect(issues.map((i) => i.message).join(" ")).toMatch(/no variable.*--seed.*economic/s);
  });

  it("a missing value is reported with its file row, entity and year", async () => {
    const data = file("gap.csv", "id,year,y\na,2000,1\nb,2000,\nc,2000,3\nd,2000,5\ne,2000,4\n");
    const weights = file("gap-w.csv", "id,neighbour\na,b\nb,a\nb,c\nc,b\nc,d\nd,c\nd,e\ne,d\n");
    const issues = await issuesOfAsync(moranCommand(data, { var: "y", weights, permutations: "0" }));
    expect(issues[0]).toMatchObject({
      code: "bad_value",
      file: data,
      row: 3,
      entity: "b",
      time: 2000,
      column: "y",
    });
  });

  it("a weights file without one of the data's entities names it", async () => {
    const data = file("more.csv", "id,year,y\na,2000,1\nb,2000,2\nc,2000,3\nd,2000,5\nz,2000,4\n");
    const weights = file("more-w.csv", "id,neighbour\na,b\nb,a\nc,d\nd,c\n");
    const issues = await issuesOfAsync(moranCommand(data, { var: "y", weights }));
    expect(issues[0]).toMatchObject({ code: "missing_key", entity: "z", row: 6 });
  });
});
