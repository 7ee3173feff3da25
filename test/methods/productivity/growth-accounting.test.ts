import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { loadDataset } from "../../../src/io/datasets.js";
import {
  growthAccounting,
  growthAccountingTables,
  type GrowthAccountingOptions,
} from "../../../src/methods/productivity/growth-accounting.js";
import { panel, type Panel } from "../../../src/panel/panel.js";
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

/** PWT's own rtfpna is stored to ~7 significant digits (single precision in the source); methods.md §4.1 finds 1.7e-7. */
const PWT_TOL = 1e-6;
/** Identities that hold up to rounding of a few log differences. */
const TIGHT = 1e-12;

/** A panel from rows { id, year, ...variables } (null = missing). */
function makePanel(
  rows: readonly Record<string, string | number | null>[],
  extra: readonly string[] = [],
): Panel {
  const names = Object.keys(rows[0]!).filter((k) => k !== "id" && k !== "year" && !extra.includes(k));
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
      ...extra.map((name) =>
        stringColumn(
          name,
          rows.map((r) => (r[name] === null ? null : String(r[name]))),
        ),
      ),
      ...names.map((name) =>
        numberColumn(
          name,
          rows.map((r) => (r[name] === null ? Number.NaN : (r[name] as number))),
        ),
      ),
    ]),
    { entity: "id", time: "year" },
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Reference values
// ---------------------------------------------------------------------------------------------

describe("growthAccounting reference values", () => {
  it("growthAccounting(pwt1001, {rgdpna, rkna, emp·avh·hc, labsh}) reproduces PWT 10.01 Δln rtfpna on every complete country-year pair", async () => {
    // Independent reference: PWT's published rtfpna (Feenstra, Inklaar & Timmer 2015), whose growth follows the
    // Törnqvist residual with L = emp·avh·hc, K = rkna, s = labsh (methods.md §4.1, data/README.md §1).
    const pwt = await loadDataset("pwt1001");
    const result = growthAccounting(pwt, {
      output: "rgdpna",
      capital: "rkna",
      employment: "emp",
      hours: "avh",
      humanCapital: "hc",
      labourShare: "labsh",
      baseYear: 2017,
    });
    const rtfpna = getColumn(pwt.table, "rtfpna") as NumberColumn;
    const ours: number[] = [];
    const theirs: number[] = [];
    const labels: string[] = [];
    for (let r = 1; r < pwt.table.rowCount; r++) {
      if (result.status[r] !== "ok") continue;
      if (rtfpna.missing[r] !== 0 || rtfpna.missing[r - 1] !== 0) continue;
      ours.push(result.tfpGrowth[r]!);
      theirs.push(Math.log(rtfpna.values[r]! / rtfpna.values[r - 1]!));
      labels.push(`${result.entities[result.entity[r]!]!} ${result.fromYear[r]!}→${result.year[r]!}`);
    }
    expect(ours.length).toBe(3067);
    expectAllClose(ours, theirs, { abs: PWT_TOL, labels });

    // The chained level equals rtfpna (1 in 2017) wherever it is linked to 2017; errors accumulate along the chain.
    let linked = 0;
    for (let r = 0; r < pwt.table.rowCount; r++) {
      if (Number.isNaN(result.tfpLevel[r]!) || rtfpna.missing[r] !== 0) continue;
      linked++;
      expectClose(result.tfpLevel[r]!, rtfpna.values[r]!, { rel: 2e-5 });
    }
    expect(linked).toBeGreaterThan(3000);
  });

  it("growthAccounting(p, {alpha: 0.4}) on a worked example matches the hand computation", () => {
    // Y grows 10 % and 5 %, K 5 % and 10 %, L 2 % and 0 % (gross factors); α = 0.4:
    // Δln A_1 = ln 1.1 − 0.6 ln 1.02 − 0.4 ln 1.05; Δln A_2 = ln 1.05 − 0 − 0.4 ln 1.1.
    const p = makePanel([
      { id: "A", year: 2000, y: 100, k: 200, l: 50 },
      { id: "A", year: 2001, y: 110, k: 210, l: 51 },
      { id: "A", year: 2002, y: 115.5, k: 231, l: 51 },
    ]);
    const result = growthAccounting(p, { output: "y", capital: "k", employment: "l", alpha: 0.4 });
    expect(result.status).toEqual(["first", "ok", "ok"]);
    const g1 = 0.09531017980432493 - 0.6 * 0.01980262729617971 - 0.4 * 0.04879016416943205;
    const g2 = 0.04879016416943205 - 0.4 * 0.09531017980432493;
    expectAllClose(result.tfpGrowth, [Number.NaN, g1, g2], { abs: TIGHT });
    expectAllClose(result.labourContribution, [Number.NaN, 0.6 * 0.01980262729617971, 0], { abs: TIGHT });
    expectAllClose(result.tfpLevel, [1, Math.exp(g1), Math.exp(g1 + g2)], { abs: TIGHT });
    expect(result.baseYear[0]).toBe(2000);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties
// ---------------------------------------------------------------------------------------------

/** Positive levels in [1e-2, 1e4] (logs well inside double range), shares in [0, 1]. */
const level = fc.double({ min: 1e-2, max: 1e4, noNaN: true });
const share = fc.double({ min: 0, max: 1, noNaN: true });
const series = (years: number) =>
  fc.record({
    k: fc.array(level, { minLength: years, maxLength: years }),
    e: fc.array(level, { minLength: years, maxLength: years }),
    h: fc.array(level, { minLength: years, maxLength: years }),
    hc: fc.array(level, { minLength: years, maxLength: years }),
    s: fc.array(share, { minLength: years, maxLength: years }),
    a: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: years, maxLength: years }),
    y: fc.array(level, { minLength: years, maxLength: years }),
  });
const entities = fc.array(series(5), { minLength: 1, maxLength: 4 });

type Series = { k: number[]; e: number[]; h: number[]; hc: number[]; s: number[]; a: number[]; y: number[] };

function rowsOf(data: readonly Series[], y: (d: Series, t: number) => number) {
  return data.flatMap((d, i) =>
    d.k.map((_, t) => ({
      id: `u${i}`,
      year: 2000 + t,
      y: y(d, t),
      k: d.k[t]!,
      e: d.e[t]!,
      h: d.h[t]!,
      hc: d.hc[t]!,
      s: d.s[t]!,
    })),
  );
}

const FACTORS = { output: "y", capital: "k", employment: "e", hours: "h", humanCapital: "hc" } as const;
const FULL: GrowthAccountingOptions = { ...FACTORS, labourShare: "s" };

describe("growthAccounting properties", () => {
  propTest.prop([entities, fc.double({ min: 0, max: 1, noNaN: true })])(
    "Cobb–Douglas data without TFP give zero TFP growth and a flat level (constant α)",
    (data, alpha) => {
      const p = makePanel(
        rowsOf(data, (d, t) =>
          Math.exp(alpha * Math.log(d.k[t]!) + (1 - alpha) * Math.log(d.e[t]! * d.h[t]! * d.hc[t]!)),
        ),
      );
      const result = growthAccounting(p, { ...FACTORS, alpha });
      for (let r = 0; r < p.table.rowCount; r++) {
        if (result.status[r] !== "ok") continue;
        expect(Math.abs(result.tfpGrowth[r]!)).toBeLessThanOrEqual(1e-11);
        expect(Math.abs(result.tfpLevel[r]! - 1)).toBeLessThanOrEqual(1e-10);
      }
    },
  );

  propTest.prop([entities])(
    "output built by Törnqvist steps from factor growth plus ln A_t gives TFP growth Δln A and level A_t/A_base",
    (data) => {
      // ln Y_t = ln Y_{t−1} + s̄_t Δln L_t + (1 − s̄_t) Δln K_t + (a_t − a_{t−1}), ln Y_0 = ln y_0 (an independent recursion).
      const withTfp = data.map((d) => {
        const lnY = [Math.log(d.y[0]!)];
        for (let t = 1; t < d.k.length; t++) {
          const sBar = 0.5 * (d.s[t]! + d.s[t - 1]!);
          const dL =
            Math.log(d.e[t]! / d.e[t - 1]!) +
            Math.log(d.h[t]! / d.h[t - 1]!) +
            Math.log(d.hc[t]! / d.hc[t - 1]!);
          lnY.push(
            lnY[t - 1]! + sBar * dL + (1 - sBar) * Math.log(d.k[t]! / d.k[t - 1]!) + d.a[t]! - d.a[t - 1]!,
          );
        }
        return { ...d, y: lnY.map(Math.exp) };
      });
      const p = makePanel(rowsOf(withTfp, (d, t) => d.y[t]!));
      const result = growthAccounting(p, FULL);
      for (let r = 0; r < p.table.rowCount; r++) {
        const d = withTfp[result.entity[r]!]!;
        const t = result.year[r]! - 2000;
        if (t > 0) {
          expect(result.status[r]).toBe("ok");
          expectClose(result.tfpGrowth[r]!, d.a[t]! - d.a[t - 1]!, { abs: 1e-10 });
        }
        expectClose(result.tfpLevel[r]!, Math.exp(d.a[t]! - d.a[0]!), { abs: 1e-9, rel: 1e-9 });
      }
    },
  );

  propTest.prop([entities])(
    "contributions add up to output growth, components to the labour contribution",
    (data) => {
      const p = makePanel(rowsOf(data, (d, t) => d.y[t]!));
      const result = growthAccounting(p, FULL);
      for (let r = 0; r < p.table.rowCount; r++) {
        if (result.status[r] !== "ok") continue;
        expectClose(
          result.labourContribution[r]! + result.capitalContribution[r]! + result.tfpGrowth[r]!,
          result.outputGrowth[r]!,
          { abs: TIGHT },
        );
        const components = result.labourComponents.reduce((sum, c) => sum + c.contribution[r]!, 0);
        expectClose(components, result.labourContribution[r]!, { abs: TIGHT });
      }
    },
  );

  propTest.prop([entities, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "rescaling output or capital by a constant (a change of units) leaves every growth rate unchanged",
    (data, c) => {
      const base = growthAccounting(makePanel(rowsOf(data, (d, t) => d.y[t]!)), FULL);
      const scaled = growthAccounting(
        makePanel(rowsOf(data, (d, t) => c * d.y[t]!).map((row) => ({ ...row, k: row.k * c }))),
        FULL,
      );
      expectAllClose(scaled.tfpGrowth, base.tfpGrowth, { abs: 1e-12 });
      expectAllClose(scaled.outputGrowth, base.outputGrowth, { abs: 1e-12 });
    },
  );

  it("means by period and entity are the means over computed pairs", () => {
    const p = makePanel([
      { id: "A", year: 1, y: 1, k: 1, l: 1 },
      { id: "A", year: 2, y: 2, k: 1, l: 1 },
      { id: "A", year: 3, y: 4, k: 1, l: 1 },
      { id: "B", year: 1, y: 1, k: 1, l: 1 },
      { id: "B", year: 2, y: 8, k: 1, l: 1 },
      { id: "B", year: 3, y: null, k: 1, l: 1 },
    ]);
    const result = growthAccounting(p, { output: "y", capital: "k", employment: "l", alpha: 0.3 });
    expect(result.byPeriod.map((m) => [m.from, m.to, m.count, m.notComputed])).toEqual([
      [1, 2, 2, 0],
      [2, 3, 1, 1],
    ]);
    expectClose(result.byPeriod[0]!.tfpGrowth, (Math.LN2 + 3 * Math.LN2) / 2);
    expectClose(result.byEntity[0]!.tfpGrowth, Math.LN2);
    expectClose(result.byEntity[0]!.tfpShare, 1);
    expect(result.byEntity[1]).toMatchObject({ count: 1, notComputed: 1, from: 1, to: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors
// ---------------------------------------------------------------------------------------------

describe("growthAccounting edges and errors", () => {
  const gappy = makePanel([
    { id: "A", year: 2000, y: 100, k: 10, l: 5 },
    { id: "A", year: 2001, y: 105, k: 11, l: 5 },
    { id: "A", year: 2003, y: 112, k: 12, l: 6 },
    { id: "A", year: 2004, y: 120, k: 13, l: null },
    { id: "A", year: 2005, y: 125, k: 14, l: 6 },
  ]);

  it("a missing year is a gap and a missing value is reported with its column and year, never a bare NaN", () => {
    const result = growthAccounting(gappy, { output: "y", capital: "k", employment: "l", alpha: 0.5 });
    expect(result.status).toEqual(["first", "ok", "gap", "missing", "missing"]);
    expect(result.reason[2]).toMatch(/no observation for 2002/);
    expect(result.reason[3]).toBe("missing l 2004");
    expect(result.reason[4]).toBe("missing l 2004");
    expect(Number.isNaN(result.tfpGrowth[2]!)).toBe(true);
    // The level is 1 in 2000, linked to 2001, and not linked after the gap.
    expect(result.tfpLevel[0]).toBe(1);
    expect(Number.isNaN(result.tfpLevel[1]!)).toBe(false);
    for (const r of [2, 3, 4]) {
      expect(Number.isNaN(result.tfpLevel[r]!)).toBe(true);
      expect(result.levelReason[r]).toMatch(/not linked to the base year 2000: the pair 2002→2003/);
    }
  });

  it("growthAccountingTables gives every empty cell a reason beside it and states the conventions", () => {
    const result = growthAccounting(gappy, { output: "y", capital: "k", employment: "l", alpha: 0.5 });
    const { pairs, byPeriod, byEntity } = growthAccountingTables(result);
    const tfp = getColumn(pairs, "tfp_growth");
    const reason = getColumn(pairs, "reason");
    const levels = getColumn(pairs, "tfp_level");
    const levelReason = getColumn(pairs, "level_reason");
    for (let r = 0; r < pairs.rowCount; r++) {
      expect(cell(tfp, r) === null).toBe(cell(reason, r) !== null);
      expect(cell(levels, r) === null).toBe(cell(levelReason, r) !== null);
    }
    expect(pairs.columns.map((c) => c.name).slice(0, 6)).toEqual([
      "id",
      "year",
      "from_year",
      "status",
      "reason",
      "output_growth",
    ]);
    expect(tfp.meta.unit).toMatch(/log points/);
    expect(pairs.meta.notes!.join(" ")).toMatch(/log differences/);
    expect(pairs.meta.notes!.join(" ")).toMatch(/constant shares: capital α = 0.5/);
    expect(byPeriod.rowCount).toBe(4);
    expect(cell(getColumn(byPeriod, "reason"), 1)).toMatch(/no entity/);
    expect(byEntity.rowCount).toBe(1);
  });

  it("an explicit base year sets the level to 1 there and chains backwards", () => {
    const p = makePanel([
      { id: "A", year: 1, y: 1, k: 1, l: 1 },
      { id: "A", year: 2, y: 2, k: 1, l: 1 },
      { id: "A", year: 3, y: 8, k: 1, l: 1 },
      { id: "B", year: 1, y: 1, k: 1, l: 1 },
    ]);
    const result = growthAccounting(p, {
      output: "y",
      capital: "k",
      employment: "l",
      alpha: 0.5,
      baseYear: 2,
    });
    expectAllClose(result.tfpLevel, [0.5, 1, 4, Number.NaN], { abs: TIGHT });
    expect(result.levelReason[3]).toMatch(/base year 2 is not observed/);
    expect(Number.isNaN(result.baseYear[1]!)).toBe(true);
  });

  it("non-positive values and shares outside [0, 1] are NqpfInputErrors with entity, year, column and row", () => {
    const p = makePanel([
      { id: "A", year: 2000, y: 100, k: 0, l: 5, s: 0.6 },
      { id: "A", year: 2001, y: -1, k: 11, l: 5, s: 60 },
      { id: "B", year: 2000, y: 100, k: 10, l: 5, s: 0.6 },
    ]);
    const issues = issuesOf(() =>
      growthAccounting(p, {
        output: "y",
        capital: "k",
        employment: "l",
        labourShare: "s",
        file: "data.csv",
        fileRows: [2, 3, 4],
      }),
    );
    expect(issues.map((i) => [i.code, i.entity, i.time, i.column, i.row])).toEqual([
      ["bad_value", "A", 2001, "y", 3],
      ["bad_value", "A", 2000, "k", 2],
      ["bad_value", "A", 2001, "s", 3],
    ]);
    for (const i of issues) expect(i.hint).toBeTruthy();
  });

  it("absent and text columns are reported together; a base year outside the panel is a bad argument", () => {
    const p = makePanel([{ id: "A", year: 2000, y: 1, k: 1, l: "x" }], ["l"]);
    const issues = issuesOf(() =>
      growthAccounting(p, { output: "y", capital: "kk", employment: "l", labourShare: "s", baseYear: 1990 }),
    );
    expect(issues.map((i) => [i.code, i.column])).toEqual([
      ["missing_column", "kk"],
      ["not_a_number", "l"],
      ["missing_column", "s"],
      ["bad_argument", "year"],
    ]);
  });

  it("bad option combinations throw RangeError naming growthAccounting", () => {
    const p = makePanel([{ id: "A", year: 2000, y: 1, k: 1, l: 1, s: 0.5 }]);
    expect(() => growthAccounting(p, { output: "y", capital: "k", employment: "l" })).toThrow(
      /^growthAccounting: give either labourShare/,
    );
    expect(() =>
      growthAccounting(p, { output: "y", capital: "k", employment: "l", alpha: 0.4, labourShare: "s" }),
    ).toThrow(RangeError);
    expect(() => growthAccounting(p, { output: "y", capital: "k", employment: "l", alpha: 1.5 })).toThrow(
      /alpha must be in \[0, 1\]; got 1.5/,
    );
    expect(() => growthAccounting(p, { output: "y", capital: "k", alpha: 0.4 })).toThrow(/labour column/);
  });
});
