/**
 * `nqpf capital-stock`, called in process (capitalStockCommand with the options commander would pass): the
 * bundled provincial GFCF data against the numpy fixture, a file with a given initial stock, located errors.
 * Spawning the built binary needs the command's registration in main.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { capitalStockCommand } from "../../src/cli/commands/capital-stock.js";
import { readCsv } from "../../src/io/read-csv.js";
import { cell, getColumn } from "../../src/table/table.js";
import { expectAllClose } from "../close.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout } = runCommandSetup("nqpf-capital-");

interface Fixture {
  readonly tolerance: number;
  readonly expected: readonly {
    name: string;
    expected: Record<string, { years: number[]; stock: number[] }>;
  }[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../reference/capital-stock/china-provinces.json", import.meta.url), "utf8"),
) as Fixture;

/** The column values of rows where `key` equals `value`, in file order. */
function valuesWhere(
  t: Awaited<ReturnType<typeof readCsv>>["table"],
  key: string,
  value: number,
  column: string,
) {
  const k = getColumn(t, key);
  const c = getColumn(t, column);
  const out: (number | string | null)[] = [];
  for (let r = 0; r < t.rowCount; r++) if (cell(k, r) === value) out.push(cell(c, r));
  return out;
}

describe("nqpf capital-stock (in process)", () => {
  it("capital-stock china-capital-inputs --investment gfcf… --deflator investment_price_index matches the numpy fixture", async () => {
    const out = join(work, "k.csv");
    await capitalStockCommand("china-capital-inputs", {
      investment: "gfcf_100m_yuan_current",
      deflator: "investment_price_index",
      out,
    });
    expect(stdout()).toMatch(/capital stock {2}K_t = I_t\/P_t \+ \(1 − δ\)K_\{t−1\}, δ = 0.096/);
    const { table: stocks } = await readCsv(join(work, "k-capital_stock.csv"));
    const { table: initial } = await readCsv(join(work, "k-initial_stock.csv"));
    expect(initial.rowCount).toBe(31);
    // Defaults = the fixture's first case (δ = 0.096, k = 5, geometric, opening, 1952 prices).
    const reference = fixture.expected.find((c) => c.name === "level-1952-prices-opening-k5")!;
    for (const [code, expected] of Object.entries(reference.expected)) {
      const K = valuesWhere(stocks, "adcode", Number(code), "capital_stock") as number[];
      expectAllClose(K, expected.stock, { abs: 0, rel: fixture.tolerance });
    }
    expect(valuesWhere(initial, "adcode", 500000, "base_year")).toEqual([1996]);
  });

  it("capital-stock <file.csv> --initial given --initial-stock <column> --base-year starts from the given stocks", async () => {
    const file = join(work, "given.csv");
    writeFileSync(file, "id,year,I,K0\nA,1999,5,\nA,2000,100,1000\nA,2001,110,\nB,2000,10,100\nB,2001,11,\n");
    const out = join(work, "given.json");
    await capitalStockCommand(file, {
      investment: "I",
      initial: "given",
      initialStock: "K0",
      baseYear: "2000",
      delta: "0.1",
      out,
    });
    const json = JSON.parse(readFileSync(out, "utf8")) as unknown;
    expect(JSON.stringify(json)).toContain("capital_stock");
    expect(stdout()).toMatch(/given initial stocks/);
    expect(stdout()).toMatch(/1 rows before an entity's base year/);
  });

  it("a gap and a missing value after the base year are reported with entity, year and file row", async () => {
    const file = join(work, "gappy.csv");
    writeFileSync(file, "id,year,I\nA,2000,100\nA,2001,\nA,2002,120\nB,2000,10\nB,2002,12\n");
    const issues = await issuesOfAsync(capitalStockCommand(file, { investment: "I", initialStock: "50" }));
    expect(issues.map((i) => [i.code, i.entity, i.time, i.row ?? null])).toEqual([
      ["bad_value", "A", 2001, 3],
      ["unbalanced_panel", "B", 2001, null],
    ]);
  });

  it("flag problems are reported together before any data is read", async () => {
    const issues = await issuesOfAsync(
      capitalStockCommand("no-such-file.csv", {
        delta: "9.6",
        initialYears: "0",
        initial: "given",
        deflatorKind: "chain",
      }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      "no investment column given",
      '--delta takes a rate in [0, 1]; got "9.6"',
      '--initial-years takes a whole number ≥ 1; got "0"',
      "--initial given needs --initial-stock",
      "--deflator-kind and --deflator-base need --deflator",
    ]);
  });

  it("--initial-stock that is neither a column nor a number is a bad argument", async () => {
    const file = join(work, "plain.csv");
    writeFileSync(file, "id,year,I\nA,2000,100\nA,2001,110\n");
    const issues = await issuesOfAsync(capitalStockCommand(file, { investment: "I", initialStock: "K1952" }));
    expect(issues[0]).toMatchObject({ code: "bad_argument", file });
  });
});
