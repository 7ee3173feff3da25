import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { loadDataset } from "../../../src/io/datasets.js";
import {
  perpetualInventory,
  perpetualInventoryTables,
  type PerpetualInventoryOptions,
  type PerpetualInventoryResult,
} from "../../../src/methods/productivity/capital-stock.js";
import { panel, panelRow, type Panel } from "../../../src/panel/panel.js";
import { subsetPanel } from "../../../src/panel/subset.js";
import {
  cell,
  getColumn,
  numberColumn,
  stringColumn,
  table,
  type NumberColumn,
} from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

/** Relative tolerance for the recursion against closed forms (rounding over ≤ 70 summed terms is ~1e-14). */
const CLOSED_FORM = 1e-10;

/** A panel from rows { id, year, ...variables } (null = missing). */
function makePanel(rows: readonly Record<string, string | number | null>[]): Panel {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== "id" && k !== "year");
  return panel(
    table([
      stringColumn(
        "id",
        rows.map((r) => String(r.id)),
      ),
      numberColumn(
        "year",
        rows.map((r) => r.year as number),
      ),
      ...names.map((name) =>
        numberColumn(
          name,
          rows.map((r) => (r[name] === null || r[name] === undefined ? Number.NaN : (r[name] as number))),
        ),
      ),
    ]),
    { entity: "id", time: "year" },
  );
}

/** One entity's investment series from year 2000. */
function series(
  values: readonly (number | null)[],
  extra: Record<string, readonly (number | null)[]> = {},
): Panel {
  return makePanel(
    values.map((I, t) => ({
      id: "A",
      year: 2000 + t,
      I,
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v[t] ?? null])),
    })),
  );
}

function stockOf(result: PerpetualInventoryResult, entity: string): number[] {
  const e = result.entities.indexOf(entity);
  return Array.from(result.stock).filter((_, r) => result.entity[r] === e && result.status[r] === "ok");
}

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

interface ProvinceCase {
  readonly name: string;
  readonly options: {
    delta: number;
    initialYears?: number;
    growthMean?: "geometric" | "arithmetic";
    timing?: "opening" | "base-year";
    deflatorBase?: number;
    baseYear?: number;
  };
  readonly initialStock?: Record<string, number>;
  readonly expected: Record<
    string,
    { years: number[]; g?: number; baseStock: number; realInvestment: number[]; stock: number[] }
  >;
}
interface ProvinceFixture {
  readonly source: string;
  readonly tolerance: number;
  readonly input: Record<string, { years: number[]; gfcf: number[]; price: number[] }>;
  readonly expected: readonly ProvinceCase[];
}

describe("perpetualInventory reference values", () => {
  it("perpetualInventory(p, {investment: 'I', delta: 0.1, initialYears: 1}) matches the hand computation", () => {
    // I = 100, 110, 121 (10 % growth), so g = 0.1 and g + δ = 0.2.
    // base-year: K = 100/0.2 = 500, 110 + 0.9·500 = 560, 121 + 0.9·560 = 625.
    // opening:   K_1999 = 500, K = 100 + 0.9·500 = 550, 110 + 0.9·550 = 605, 121 + 0.9·605 = 665.5.
    const p = series([100, 110, 121]);
    const base = perpetualInventory(p, { investment: "I", delta: 0.1, initialYears: 1, timing: "base-year" });
    expectAllClose(base.stock, [500, 560, 625], { abs: 1e-9 });
    const opening = perpetualInventory(p, { investment: "I", delta: 0.1, initialYears: 1 });
    expectAllClose(opening.stock, [550, 605, 665.5], { abs: 1e-9 });
    expect(opening.initialStocks[0]).toMatchObject({ baseYear: 2000, method: "g-delta" });
    expectClose(opening.initialStocks[0]!.growth, 0.1, { abs: 1e-15 });
    expectClose(opening.initialStocks[0]!.openingStock, 500, { abs: 1e-9 });
  });

  it("perpetualInventory deflates by a level index (rebased) and by a chain index (previous year = 100)", () => {
    // Nominal 100, 132, 169.4 at prices 1, 1.2, 1.4 are real 100, 110, 121; rebased to 2001 they are 120, 132, 145.2.
    const level = series([100, 132, 169.4], { P: [1, 1.2, 1.4] });
    const real = perpetualInventory(level, { investment: "I", deflator: "P", delta: 0.1, initialYears: 1 });
    expectAllClose(real.realInvestment, [100, 110, 121], { abs: 1e-12 });
    const rebased = perpetualInventory(level, {
      investment: "I",
      deflator: "P",
      deflatorBase: 2001,
      delta: 0.1,
      initialYears: 1,
    });
    expectAllClose(rebased.realInvestment, [120, 132, 145.2], { abs: 1e-12 });
    // Chain 100 (ignored in the first year), 120, 140/1.2·100 → levels 1, 1.2, 1.4.
    const chain = series([100, 132, 169.4], { c: [null, 120, (1.4 / 1.2) * 100] });
    const chained = perpetualInventory(chain, {
      investment: "I",
      deflator: "c",
      deflatorKind: "chain",
      delta: 0.1,
      initialYears: 1,
    });
    expectAllClose(chained.priceIndex, [1, 1.2, 1.4], { abs: 1e-12 });
    expectAllClose(chained.stock, real.stock, { abs: 1e-9 });
  });

  const f = JSON.parse(
    readFileSync(new URL("../../reference/capital-stock/china-provinces.json", import.meta.url), "utf8"),
  ) as ProvinceFixture;

  it("the bundled china-capital-inputs data are the fixture's input (GFCF and investment price index)", async () => {
    const p = await loadDataset("china-capital-inputs");
    const gfcf = getColumn(p.table, "gfcf_100m_yuan_current") as NumberColumn;
    const price = getColumn(p.table, "investment_price_index") as NumberColumn;
    for (const [code, input] of Object.entries(f.input)) {
      const e = p.entities.indexOf(code);
      input.years.forEach((year, i) => {
        const r = panelRow(p, e, p.times.indexOf(year));
        expect(gfcf.values[r]).toBe(input.gfcf[i]);
        expect(price.values[r]).toBe(input.price[i]);
      });
    }
  });

  for (const c of f.expected) {
    it(`perpetualInventory(china-capital-inputs, ${c.name}) matches the numpy closed form`, async () => {
      const p = subsetPanel(await loadDataset("china-capital-inputs"), { entities: Object.keys(f.input) });
      const options: PerpetualInventoryOptions = {
        investment: "gfcf_100m_yuan_current",
        deflator: "investment_price_index",
        ...c.options,
        ...(c.initialStock !== undefined ? { initialStock: c.initialStock } : {}),
      };
      const result = perpetualInventory(p, options);
      for (const [code, expected] of Object.entries(c.expected)) {
        const e = result.entities.indexOf(code);
        const rows = Array.from(result.year.keys()).filter(
          (r) => result.entity[r] === e && result.status[r] === "ok",
        );
        expect(rows.map((r) => result.year[r])).toEqual(expected.years);
        const labels = expected.years.map((y) => `${code} ${y}`);
        expectAllClose(
          rows.map((r) => result.realInvestment[r]!),
          expected.realInvestment,
          { abs: 0, rel: f.tolerance, labels },
        );
        expectAllClose(
          rows.map((r) => result.stock[r]!),
          expected.stock,
          { abs: 0, rel: f.tolerance, labels },
        );
        expectClose(result.initialStocks[e]!.stock, expected.baseStock, { rel: f.tolerance });
        if (expected.g !== undefined)
          expectClose(result.initialStocks[e]!.growth, expected.g, { abs: 1e-13 });
      }
    });
  }

  it("perpetualInventory runs on all provinces of china-capital-inputs with the defaults (δ = 9.6 %, 1952 prices)", async () => {
    const p = await loadDataset("china-capital-inputs");
    const result = perpetualInventory(p, {
      investment: "gfcf_100m_yuan_current",
      deflator: "investment_price_index",
    });
    expect(result.entities).toHaveLength(31);
    expect(result.status.every((s) => s === "ok")).toBe(true);
    expect(result.initialStocks.find((s) => s.entity === "500000")!.baseYear).toBe(1996);
    for (const v of result.stock) expect(v).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

const investmentSeries = fc.array(fc.double({ min: 1e-2, max: 1e4, noNaN: true }), {
  minLength: 7,
  maxLength: 15,
});
/** g of the first k growth rates (to skip series where I/(g + δ) is no stock). */
function geometricGrowth(I: readonly number[], k: number): number {
  return (I[k]! / I[0]!) ** (1 / k) - 1;
}
const rate = fc.double({ min: 0.01, max: 0.3, noNaN: true });

describe("perpetualInventory properties", () => {
  propTest.prop([fc.double({ min: 1, max: 1e6, noNaN: true }), rate, fc.integer({ min: 2, max: 30 })])(
    "with zero investment the stock decays geometrically at (1 − δ)",
    (K0, delta, years) => {
      const p = series(Array.from({ length: years }, (_, t) => (t === 0 ? 1 : 0)));
      const result = perpetualInventory(p, { investment: "I", delta, initialStock: K0 });
      expectAllClose(
        result.stock,
        Array.from({ length: years }, (_, t) => K0 * (1 - delta) ** t),
        { abs: 0, rel: CLOSED_FORM },
      );
    },
  );

  propTest.prop([
    investmentSeries,
    rate,
    fc.integer({ min: 1, max: 5 }),
    fc.constantFrom("opening", "base-year"),
  ])(
    "doubling all investment doubles the stock (exactly: scaling by 2 commutes with rounding)",
    (I, delta, k, timing) => {
      fc.pre(geometricGrowth(I, k) + delta > 1e-3);
      const options = { investment: "I", delta, initialYears: k, timing } as const;
      const once = perpetualInventory(series(I), options);
      const twice = perpetualInventory(series(I.map((v) => 2 * v)), options);
      expect(Array.from(twice.stock)).toEqual(Array.from(once.stock, (v) => 2 * v));
    },
  );

  propTest.prop([
    fc.double({ min: 1, max: 1e4, noNaN: true }),
    fc.double({ min: -0.05, max: 0.3, noNaN: true }),
    rate,
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 8, max: 30 }),
  ])(
    "investment growing at a constant g with the 'opening' g + δ stock stays on its steady path K_t = I_t(1 + g)/(g + δ)",
    (I0, g, delta, k, years) => {
      fc.pre(g + delta > 0.01);
      const I = Array.from({ length: years }, (_, t) => I0 * (1 + g) ** t);
      const result = perpetualInventory(series(I), { investment: "I", delta, initialYears: k });
      expectClose(result.initialStocks[0]!.growth, g, { abs: 1e-12 });
      expectAllClose(
        result.stock,
        I.map((v) => (v * (1 + g)) / (g + delta)),
        { abs: 0, rel: 1e-9 },
      );
    },
  );

  propTest.prop([investmentSeries, investmentSeries, rate, fc.double({ min: 0, max: 1e4, noNaN: true })])(
    "the stock is linear in investment and the given initial stock",
    (a, b, delta, K0) => {
      const n = Math.min(a.length, b.length);
      const run = (I: number[], K: number) =>
        perpetualInventory(series(I), { investment: "I", delta, initialStock: K });
      const sum = run(
        a.slice(0, n).map((v, t) => v + b[t]!),
        K0 + 1,
      );
      const parts = [run(a.slice(0, n), K0), run(b.slice(0, n), 1)];
      expectAllClose(
        sum.stock,
        Array.from(sum.stock, (_, t) => parts[0]!.stock[t]! + parts[1]!.stock[t]!),
        { abs: 1e-9, rel: 1e-12 },
      );
    },
  );

  propTest.prop([investmentSeries, rate, fc.integer({ min: 1, max: 5 })])(
    "'base-year' and 'opening' timings differ by the factor 1 + g in the base year",
    (I, delta, k) => {
      fc.pre(geometricGrowth(I, k) + delta > 1e-3);
      const opening = perpetualInventory(series(I), { investment: "I", delta, initialYears: k });
      const base = perpetualInventory(series(I), {
        investment: "I",
        delta,
        initialYears: k,
        timing: "base-year",
      });
      const g = opening.initialStocks[0]!.growth;
      expectClose(opening.stock[0]!, base.stock[0]! * (1 + g), { abs: 0, rel: 1e-12 });
    },
  );
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("perpetualInventory edges and errors", () => {
  it("rows before the base year have no stock, with status and reason; the tables give every empty cell a reason", () => {
    const p = makePanel([
      { id: "A", year: 1999, I: 50 },
      { id: "A", year: 2000, I: 100 },
      { id: "A", year: 2001, I: 110 },
      { id: "B", year: 1999, I: null },
      { id: "B", year: 2000, I: 10 },
      { id: "B", year: 2001, I: 11 },
    ]);
    const result = perpetualInventory(p, {
      investment: "I",
      initialStock: { A: 1000, B: 100 },
      baseYear: 2000,
    });
    expect(result.status).toEqual(["before-base", "ok", "ok", "before-base", "ok", "ok"]);
    expect(result.reason[0]).toBe("before the base year 2000");
    expectAllClose(result.stock, [Number.NaN, 1000, 110 + 0.904 * 1000, Number.NaN, 100, 11 + 0.904 * 100], {
      abs: 1e-9,
    });
    const { stocks, initial } = perpetualInventoryTables(result);
    const K = getColumn(stocks, "capital_stock");
    const reason = getColumn(stocks, "reason");
    for (let r = 0; r < stocks.rowCount; r++) expect(cell(K, r) === null).toBe(cell(reason, r) !== null);
    expect(stocks.columns.map((c) => c.name)).toEqual([
      "id",
      "year",
      "investment",
      "real_investment",
      "capital_stock",
      "status",
      "reason",
    ]);
    expect(stocks.meta.notes!.join(" ")).toMatch(/δ = 0.096/);
    expect(initial.columns.map((c) => c.name)).toEqual(["id", "base_year", "real_investment", "base_stock"]);
  });

  it("an entity whose investment starts later begins there (its base year is reported)", () => {
    const p = makePanel([
      { id: "A", year: 2000, I: null },
      { id: "A", year: 2001, I: 100 },
      { id: "A", year: 2002, I: 110 },
      { id: "A", year: 2003, I: 121 },
    ]);
    const result = perpetualInventory(p, { investment: "I", delta: 0.1, initialYears: 1 });
    expect(result.initialStocks[0]!.baseYear).toBe(2001);
    expect(result.reason[0]).toMatch(/before the entity's base year 2001/);
    expect(stockOf(result, "A")).toHaveLength(3);
  });

  it("a missing year or value after the base year is an error naming entity and year; all are listed at once", () => {
    const p = makePanel([
      { id: "A", year: 2000, I: 100, P: 1 },
      { id: "A", year: 2001, I: null, P: 1 },
      { id: "A", year: 2002, I: 100, P: 0 },
      { id: "B", year: 2000, I: 100, P: 1 },
      { id: "B", year: 2002, I: Number.POSITIVE_INFINITY, P: 1 },
    ]);
    const issues = issuesOf(() =>
      perpetualInventory(p, {
        investment: "I",
        deflator: "P",
        initialStock: 1,
        file: "k.csv",
        fileRows: [2, 3, 4, 5, 6],
      }),
    );
    expect(issues.map((i) => [i.code, i.entity, i.time, i.column, i.row])).toEqual([
      ["bad_value", "A", 2001, "I", 3],
      ["bad_value", "A", 2002, "P", 4],
      ["unbalanced_panel", "B", 2001, "year", undefined],
      ["bad_value", "B", 2002, "I", 6],
    ]);
    for (const i of issues) expect(i.hint).toBeTruthy();
  });

  it("negative investment enters the recursion and is noted; a stock that turns negative is an error", () => {
    const p = series([100, -20, 50]);
    const result = perpetualInventory(p, { investment: "I", delta: 0.1, initialStock: 100 });
    expectAllClose(result.stock, [100, -20 + 90, 50 + 63], { abs: 1e-12 });
    expect(perpetualInventoryTables(result).stocks.meta.notes!.join(" ")).toMatch(
      /Negative investment .*: A 2001/,
    );
    const issues = issuesOf(() =>
      perpetualInventory(series([100, -200, 50]), { investment: "I", delta: 0.1, initialStock: 100 }),
    );
    expect(issues[0]).toMatchObject({ code: "bad_value", entity: "A", time: 2001 });
  });

  it("too few years for g, shrinking investment (g + δ ≤ 0), a missing given stock and a bad deflator base are errors", () => {
    const short = series([100, 110]);
    expect(issuesOf(() => perpetualInventory(short, { investment: "I", initialYears: 5 }))[0]).toMatchObject({
      code: "bad_value",
      entity: "A",
      time: 2000,
    });
    const shrinking = series([100, 50, 25]);
    expect(
      issuesOf(() => perpetualInventory(shrinking, { investment: "I", initialYears: 2 }))[0]!.message,
    ).toMatch(/g \+ δ = .* ≤ 0/);
    expect(
      issuesOf(() => perpetualInventory(short, { investment: "I", initialStock: { B: 1 } }))[0],
    ).toMatchObject({ code: "bad_value", entity: "A" });
    expect(
      issuesOf(() =>
        perpetualInventory(series([1, 2], { P: [1, 1] }), {
          investment: "I",
          deflator: "P",
          deflatorBase: 1990,
          initialStock: 1,
        }),
      )[0],
    ).toMatchObject({ code: "bad_argument", time: 1990, column: "P" });
    expect(
      issuesOf(() => perpetualInventory(short, { investment: "J", deflator: "Q", initialStock: 1 })).map(
        (i) => i.code,
      ),
    ).toEqual(["missing_column", "missing_column"]);
  });

  it("bad options throw RangeError naming perpetualInventory", () => {
    const p = series([1, 2, 3]);
    expect(() => perpetualInventory(p, { investment: "I", delta: 1.5 })).toThrow(
      /^perpetualInventory: delta must be in \[0, 1\]; got 1.5/,
    );
    expect(() => perpetualInventory(p, { investment: "I", initialYears: 0 })).toThrow(/initialYears/);
    expect(() => perpetualInventory(p, { investment: "I", initial: "given" })).toThrow(/needs initialStock/);
    expect(() => perpetualInventory(p, { investment: "I", initial: "g-delta", initialStock: 1 })).toThrow(
      RangeError,
    );
  });
});
