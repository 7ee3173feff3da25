/**
 * The built `nqpf` binary, spawned as a user would run it, on fixture files: exit codes, located
 * errors on stderr, and convert round trips (dta → xlsx → dta keeps values, labels, missing codes).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDta } from "../../src/io/read-dta.js";
import { getColumn } from "../../src/table/table.js";

const bin = join(import.meta.dirname, "../../bin/nqpf.js");
const fixtures = join(import.meta.dirname, "../fixtures/inspect");
const work = mkdtempSync(join(tmpdir(), "nqpf-cli-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function nqpf(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("nqpf --help / --version", () => {
  it("prints usage and the package version, exit 0", () => {
    const help = nqpf("--help");
    expect(help.code).toBe(0);
    for (const command of ["inspect", "convert", "datasets", "demo"]) expect(help.stdout).toContain(command);
    const version = nqpf("--version");
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it("an unknown command or option is a usage error, exit 2", () => {
    expect(nqpf("frobnicate").code).toBe(2);
    expect(nqpf("inspect").code).toBe(2);
    expect(nqpf("inspect", "x.csv", "--no-such-flag").code).toBe(2);
  });
});

describe("nqpf inspect", () => {
  it.each([
    ["sample.dta", "DTA"],
    ["gbk.csv", "gb18030"],
    ["panel.xlsx", "XLSX"],
    ["panel.csv.gz", "gzip"],
  ])("nqpf inspect %s reads the file and reports the panel (exit 0)", (file, mark) => {
    const run = nqpf("inspect", join(fixtures, file));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(mark);
    expect(run.stdout).toMatch(/panel\s+entity \S+ \(\d+ entities\) × time \S+/);
    if (file === "gbk.csv") expect(run.stdout).toContain("entity 地区代码 (5 entities) × time 年份");
    expect(run.stdout).toContain("balance");
  });

  it("nqpf inspect --json gives the summary as data", () => {
    const run = nqpf("inspect", join(fixtures, "sample.dta"), "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { format: string; panel: { entities: number } };
    expect(report.format).toBe("dta");
    expect(report.panel.entities).toBeGreaterThan(0);
  });

  it("a non-numeric cell is reported as file:row:column, exit 2", () => {
    const run = nqpf("inspect", join(fixtures, "bad-number.csv"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-number\.csv:\d+:\S+: .* is not a number \[not_a_number\]/);
  });

  it("a non-numeric cell in an XLSX sheet is reported with sheet, row and column, exit 2", () => {
    const run = nqpf("inspect", join(fixtures, "bad-number.xlsx"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-number\.xlsx.*:\d+:\S+: .*\[not_a_number\]/);
  });

  it("a duplicate (entity, time) key is reported with its row and the first row, exit 2", () => {
    const run = nqpf("inspect", join(fixtures, "duplicate-key.csv"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /duplicate-key\.csv:\d+ entity \S+ time \d+: duplicate \(entity, time\) key; first seen on row \d+ \[duplicate_key\]/,
    );
  });

  it("a missing column named by --entity or --vars is reported with the available columns, exit 2", () => {
    const run = nqpf("inspect", join(fixtures, "gbk.csv"), "--vars", "gdp,no_such_var");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /gbk\.csv:no_such_var: column "no_such_var" is not in the data \[missing_column\] — available columns: /,
    );
    const entity = nqpf("inspect", join(fixtures, "sample.dta"), "--entity", "nope");
    expect(entity.code).toBe(2);
    expect(entity.stderr).toContain("[missing_column]");
  });

  it("a file that does not exist is an input error, exit 2", () => {
    const run = nqpf("inspect", join(work, "nothing.csv"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[file_not_found]");
  });
});

describe("nqpf convert", () => {
  it("dta → xlsx → dta keeps values, variable labels, value labels and missing codes", () => {
    const xlsx = join(work, "x.xlsx");
    const dta = join(work, "y.dta");
    expect(nqpf("convert", join(fixtures, "sample.dta"), xlsx).code).toBe(0);
    const back = nqpf("convert", xlsx, dta);
    expect(back.stderr).toBe("");
    expect(back.code).toBe(0);
    const original = readDta(new Uint8Array(readFileSync(join(fixtures, "sample.dta")))).table;
    const roundTrip = readDta(new Uint8Array(readFileSync(dta))).table;
    expect(roundTrip.columns.map((c) => c.name)).toEqual(original.columns.map((c) => c.name));
    for (const column of original.columns) {
      const other = getColumn(roundTrip, column.name);
      expect(other.type).toBe(column.type);
      expect(other.meta.label).toBe(column.meta.label);
      expect(other.meta.valueLabels?.labels).toEqual(column.meta.valueLabels?.labels);
      if (column.type === "number" && other.type === "number") {
        expect([...other.missing]).toEqual([...column.missing]);
        expect([...other.values]).toEqual([...column.values]);
      } else {
        expect(other.values).toEqual(column.values);
      }
    }
  });

  it("never replaces an existing output without --force, and never its input", () => {
    const out = join(work, "keep.csv");
    writeFileSync(out, "precious\n");
    const run = nqpf("convert", join(fixtures, "sample.dta"), out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[output_exists]");
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    expect(nqpf("convert", join(fixtures, "sample.dta"), out, "--force").code).toBe(0);
    expect(readFileSync(out, "utf8")).not.toBe("precious\n");
    expect(nqpf("convert", out, out, "--force").code).toBe(2);
  });

  it("an unknown output extension is an input error naming the formats", () => {
    const run = nqpf("convert", join(fixtures, "sample.dta"), join(work, "x.sav"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".xlsx");
  });
});

describe("nqpf datasets", () => {
  it("lists every bundled dataset with source and licence", () => {
    const run = nqpf("datasets");
    expect(run.code).toBe(0);
    for (const name of ["pwt1001", "china-nbs-annual", "china-co2", "dea-tone2003", "map-china-provinces"])
      expect(run.stdout).toContain(name);
    expect(run.stdout).toContain("CC BY 4.0");
    expect(run.stdout).toContain("cran/pwt10 @ 957b298");
  });

  it("exports a dataset to a file and refuses an unknown one (exit 2)", () => {
    const out = join(work, "co2.csv");
    const run = nqpf("datasets", "export", "china-co2", out);
    expect(run.code).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")[0]).toContain("co2_total_mt");
    const unknown = nqpf("datasets", "export", "nope", join(work, "n.csv"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("[unknown_dataset]");
  });
});

describe("nqpf index", () => {
  it("computes the default three-element index for the bundled China provinces 2012–2019 and writes every table", () => {
    const out = join(work, "index.json");
    const run = nqpf(
      "index",
      "china-provinces-panel",
      "--system",
      "nqpf-three-elements",
      "--years",
      "2012:2019",
      "--sensitivity",
      "critic,equal",
      "--out",
      out,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ranking 2019");
    const tables = JSON.parse(readFileSync(out, "utf8")) as {
      meta: { name: string };
      columns: { name: string; values: (number | string | null)[] }[];
    }[];
    expect(tables.map((t) => t.meta.name)).toEqual([
      "scores",
      "weights",
      "obstacles",
      "coupling",
      "rank_stability",
    ]);
    const scores = tables[0]!;
    const column = (name: string) => scores.columns.find((c) => c.name === name)!.values;
    const years = column("year");
    const adcodes = column("adcode");
    const ranks = column("rank");
    const top2019 = adcodes.filter((_, i) => years[i] === 2019 && (ranks[i] as number) <= 6);
    for (const province of [110000, 310000, 440000, 320000, 330000]) expect(top2019).toContain(province);
    expect(new Set(adcodes).size).toBe(30);
  });

  it("writes one CSV per table for a .csv output", () => {
    const out = join(work, "idx.csv");
    const run = nqpf(
      "index",
      "china-provinces-panel",
      "--system",
      "nqpf-tech-green-digital",
      "--years",
      "2012:2019",
      "--aggregate",
      "topsis",
      "--out",
      out,
    );
    expect(run.code).toBe(0);
    expect(readFileSync(join(work, "idx-scores.csv"), "utf8").split("\n")[0]).toContain("score");
    expect(readFileSync(join(work, "idx-weights.csv"), "utf8")).toContain("global_weight");
  });

  it("a system naming an unknown variable or a bad year range is bad input, exit 2", () => {
    const system = join(work, "bad-system.yaml");
    writeFileSync(
      system,
      "name: bad\nroot:\n  - id: d\n    children:\n      - { id: x, variable: no_such_variable, direction: '+' }\n      - { id: gdp, direction: '+' }\n",
    );
    const run = nqpf("index", "china-provinces-panel", "--system", system, "--years", "2012:2019");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-system\.yaml:no_such_variable indicators\.x: .*\[unknown_column\]/);
    const years = nqpf(
      "index",
      "china-provinces-panel",
      "--system",
      "nqpf-three-elements",
      "--years",
      "2019:2012",
    );
    expect(years.code).toBe(2);
    expect(years.stderr).toContain("[bad_argument]");
    const bad = join(work, "bad-direction.yaml");
    writeFileSync(bad, "name: bad\nroot:\n  - id: d\n    children:\n      - { id: gdp, direction: up }\n");
    const direction = nqpf("index", "china-provinces-panel", "--system", bad);
    expect(direction.code).toBe(2);
    expect(direction.stderr).toMatch(/bad-direction\.yaml:\d+ root\.0\.children\.0\.direction: /);
  });
});

describe("nqpf dea", () => {
  it("reproduces DEAP example 1 (input-oriented CRS): scores, slack, peers (Coelli 1996, EG1-out.txt)", () => {
    const out = join(work, "eg1.json");
    const run = nqpf("dea", "dea-deap-eg1", "--inputs", "x1,x2", "--outputs", "y", "--out", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const t = JSON.parse(readFileSync(out, "utf8")) as {
      columns: { name: string; values: (number | string | null)[] }[];
    };
    const col = (name: string) => t.columns.find((c) => c.name === name)!.values;
    expect((col("score") as number[]).map((v) => Number(v.toFixed(3)))).toEqual([0.5, 1, 0.833, 0.714, 1]);
    expect(Number((col("slack_x2")[0] as number).toFixed(3))).toBe(0.5);
    expect(col("peers")[3]).toBe("2 (0.214286); 5 (0.285714)");
  });

  it("runs SBM with an undesirable output per period and reports missing data with its location, exit 2", () => {
    const args = [
      "dea",
      "china-provinces-panel",
      "--inputs",
      "emp_total,energy_consumption",
      "--outputs",
      "gdp",
      "--bad",
      "co2_total_mt",
      "--model",
      "sbm",
      "--rts",
      "vrs",
      "--period",
      "year",
      "--years",
      "2015:2016",
    ];
    const bad = nqpf(...args);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/entity 540000 time 2015: the value is missing \[bad_value\]/);
    const ok = nqpf(...args, "--incomplete", "drop");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("left out (missing values, 1 unit): 540000");
    expect(ok.stdout).toMatch(/2016\s+30\s+/);
  });

  it("unknown columns and --bad with the radial model are bad input, exit 2", () => {
    const run = nqpf("dea", "dea-deap-eg1", "--inputs", "x1,nope", "--outputs", "y", "--bad", "x2");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[missing_column]");
    expect(run.stderr).toContain("--bad needs --model sbm or ddf");
  });
});
