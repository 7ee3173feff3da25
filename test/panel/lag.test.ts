import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import {
  difference,
  growthRate,
  lag,
  lead,
  panelDelta,
  shiftedRows,
  type GrowthKind,
} from "../../src/panel/lag.js";
import { panel } from "../../src/panel/panel.js";
import { pivotWider } from "../../src/panel/reshape.js";
import { MISSING, numberColumn, stringColumn, table } from "../../src/table/table.js";
import { isNqpfInputError } from "../../src/errors.js";
import { expectAllClose } from "../close.js";
import { NBS_ROWS } from "./fixtures/china-rows.js";
import { panelSpec, specIndex, specPanel, type PanelSpec } from "./arbitraries.js";

/** Beijing and Shanghai 2017–2019 from prov_nbs_annual_2000_2019_long.csv (see fixtures/china-rows.ts). */
function nbsPanel() {
  const long = table([
    numberColumn(
      "adcode",
      NBS_ROWS.map((r) => r[0]),
    ),
    numberColumn(
      "year",
      NBS_ROWS.map((r) => r[3]),
    ),
    stringColumn(
      "variable",
      NBS_ROWS.map((r) => r[4]),
    ),
    numberColumn(
      "value",
      NBS_ROWS.map((r) => r[5]),
    ),
  ]);
  return panel(pivotWider(long, { id: ["adcode", "year"], names: "variable", values: "value" }), {
    entity: "adcode",
    time: "year",
  });
}

describe("reference values from the NBS rows", () => {
  it("lag(p, 'gdp') and lead(p, 'gdp') shift within each province (values from lines 17000–17002, 17160–17162)", () => {
    const p = nbsPanel();
    expect(Array.from(lag(p, "gdp").values)).toEqual([Number.NaN, 29883, 33106, Number.NaN, 32925, 36011.8]);
    expect(Array.from(lead(p, "gdp").values)).toEqual([
      33106,
      35445.1,
      Number.NaN,
      36011.8,
      37987.6,
      Number.NaN,
    ]);
    expect(Array.from(lag(p, "gdp").missing)).toEqual([MISSING, 0, 0, MISSING, 0, 0]);
  });

  it("growthRate(p, 'gdp', {kind}) matches the ratios of the file's values", () => {
    const p = nbsPanel();
    const expected: Record<GrowthKind, number[]> = {
      ratio: [
        Number.NaN,
        33106 / 29883 - 1,
        35445.1 / 33106 - 1,
        Number.NaN,
        36011.8 / 32925 - 1,
        37987.6 / 36011.8 - 1,
      ],
      percent: [
        Number.NaN,
        100 * (33106 / 29883 - 1),
        100 * (35445.1 / 33106 - 1),
        Number.NaN,
        100 * (36011.8 / 32925 - 1),
        100 * (37987.6 / 36011.8 - 1),
      ],
      factor: [Number.NaN, 33106 / 29883, 35445.1 / 33106, Number.NaN, 36011.8 / 32925, 37987.6 / 36011.8],
      log: [
        Number.NaN,
        Math.log(33106 / 29883),
        Math.log(35445.1 / 33106),
        Number.NaN,
        Math.log(36011.8 / 32925),
        Math.log(37987.6 / 36011.8),
      ],
    };
    for (const kind of ["ratio", "percent", "log", "factor"] as const) {
      const result = growthRate(p, "gdp", { kind });
      expectAllClose(result.column.values, expected[kind], { abs: 1e-14, rel: 1e-12 });
      expect(result.undefinedCount).toBe(0);
    }
    // Beijing's year-end population did not change 2018→2019 (2154 and 2154, lines 26728–26729).
    expect(growthRate(p, "pop_yearend").column.values[2]).toBe(0);
  });

  it("difference(p, 'pop_yearend', 2) is x_2019 − x_2017", () => {
    const p = nbsPanel();
    expectAllClose(
      difference(p, "pop_yearend", 2).column.values,
      [Number.NaN, Number.NaN, 2154 - 2170.7, Number.NaN, Number.NaN, 2428 - 2418],
      { abs: 1e-12 },
    );
  });
});

describe("tsset semantics", () => {
  const gappy = () =>
    panel(
      table([
        stringColumn("id", ["a", "a", "a", "b", "b", "b"]),
        numberColumn("t", [2000, 2001, 2003, 2000, 2001, 2002]),
        numberColumn("x", [1, 2, 4, 0, -5, 3]),
      ]),
      { entity: "id", time: "t" },
    );

  it("lag across a gap is missing, not the previous row (Stata L.x)", () => {
    expect(Array.from(lag(gappy(), "x").values)).toEqual([Number.NaN, 1, Number.NaN, Number.NaN, 0, -5]);
  });

  it("lag with delta 2 looks two years back; panelDelta is the smallest step", () => {
    const p = gappy();
    expect(panelDelta(p)).toBe(1);
    expect(Array.from(lag(p, "x", 1, { delta: 2 }).values)).toEqual([
      Number.NaN,
      Number.NaN,
      2,
      Number.NaN,
      Number.NaN,
      0,
    ]);
    expect(lag(p, "x", 1, { delta: 2 }).name).toBe("x_lag1");
  });

  it("growthRate with a zero or negative base is missing and counted, never a bare NaN", () => {
    const result = growthRate(gappy(), "x");
    // b: base 0 (2001) and base −5 (2002) are undefined.
    expect(result.undefinedCount).toBe(2);
    expect(result.undefinedRows).toEqual([4, 5]);
    expect(Array.from(result.column.missing)).toEqual([MISSING, 0, MISSING, MISSING, MISSING, MISSING]);
  });

  it("growthRate kind log is undefined for a non-positive current value", () => {
    const p = panel(
      table([stringColumn("id", ["a", "a"]), numberColumn("t", [1, 2]), numberColumn("x", [2, 0])]),
      { entity: "id", time: "t" },
    );
    expect(growthRate(p, "x", { kind: "log" }).undefinedCount).toBe(1);
    expect(growthRate(p, "x", { kind: "ratio" }).column.values[1]).toBe(-1);
  });

  it("quarterly periods (step 0.25) shift by one quarter", () => {
    const p = panel(
      table([
        stringColumn("id", ["a", "a", "a"]),
        numberColumn("t", [2020, 2020.25, 2020.75]),
        numberColumn("x", [1, 2, 3]),
      ]),
      { entity: "id", time: "t" },
    );
    expect(panelDelta(p)).toBe(0.25);
    expect(Array.from(lag(p, "x").values)).toEqual([Number.NaN, 1, Number.NaN]);
  });

  it("unknown or text variables are NqpfInputError; a fractional k is a RangeError", () => {
    const p = panel(table([stringColumn("id", ["a"]), numberColumn("t", [1]), stringColumn("s", ["z"])]), {
      entity: "id",
      time: "t",
    });
    for (const [f, code] of [
      [() => lag(p, "nope"), "unknown_column"],
      [() => growthRate(p, "s"), "bad_argument"],
    ] as const) {
      try {
        f();
        expect.fail("expected an error");
      } catch (error) {
        expect(isNqpfInputError(error) && error.issues[0]!.code).toBe(code);
      }
    }
    expect(() => shiftedRows(p, 0.5, 1)).toThrow(/^shiftedRows: k must be an integer/);
    expect(() => lag(p, "t", 1, { delta: 0 })).toThrow(RangeError);
  });
});

/** Brute force: the spec row of (entity, time − k·delta) by map lookup. */
function bruteShift(spec: PanelSpec, k: number, delta: number, variable = 0) {
  const index = specIndex(spec);
  return (entity: string, time: number): number | null | undefined => {
    const row = index.get(`${entity}|${time - k * delta}`);
    return row === undefined ? undefined : row.values[variable];
  };
}

describe("properties against a brute-force (entity, time) lookup", () => {
  propTest.prop([panelSpec(["x"]), fc.integer({ min: 1, max: 3 }), fc.boolean()])(
    "lag(p, x, k) and lead(p, x, k) equal the map lookup at t ∓ k·delta",
    (spec, k, explicitDelta) => {
      const p = specPanel(spec);
      const times = [...new Set(spec.rows.map((r) => r.time))].sort((a, b) => a - b);
      const smallestStep = times.length < 2 ? 1 : Math.min(...times.slice(1).map((t, i) => t - times[i]!));
      const delta = explicitDelta ? spec.step : smallestStep;
      const options = explicitDelta ? { delta } : {};
      const lagged = lag(p, "x", k, options);
      const led = lead(p, "x", k, options);
      const back = bruteShift(spec, k, delta);
      const forward = bruteShift(spec, -k, delta);
      for (let r = 0; r < p.table.rowCount; r++) {
        const entity = p.entities[p.entityOf[r]!]!;
        const time = p.times[p.timeOf[r]!]!;
        for (const [column, expected] of [
          [lagged, back(entity, time)],
          [led, forward(entity, time)],
        ] as const) {
          if (expected === undefined || expected === null) {
            expect(column.missing[r]).not.toBe(0);
          } else {
            expect(column.missing[r]).toBe(0);
            expect(column.values[r]).toBe(expected);
          }
        }
      }
    },
  );

  propTest.prop([
    panelSpec(["x"]),
    fc.integer({ min: 1, max: 2 }),
    fc.constantFrom<GrowthKind>("ratio", "percent", "log", "factor"),
  ])(
    "growthRate and difference equal the formula on the looked-up base; undefinedCount counts the non-positive bases",
    (spec, k, kind) => {
      const p = specPanel(spec);
      const delta = panelDelta(p);
      const growth = growthRate(p, "x", { k, kind });
      const diff = difference(p, "x", k);
      const base = bruteShift(spec, k, delta);
      const current = bruteShift(spec, 0, delta);
      let undefinedCount = 0;
      for (let r = 0; r < p.table.rowCount; r++) {
        const entity = p.entities[p.entityOf[r]!]!;
        const time = p.times[p.timeOf[r]!]!;
        const b = base(entity, time);
        const x = current(entity, time);
        if (b === undefined || b === null || x === undefined || x === null) {
          expect(growth.column.missing[r]).toBe(MISSING);
          expect(diff.column.missing[r]).toBe(MISSING);
          continue;
        }
        expect(diff.column.values[r]).toBe(x - b);
        const expected = {
          ratio: x / b - 1,
          percent: 100 * (x / b - 1),
          factor: x / b,
          log: Math.log(x) - Math.log(b),
        }[kind];
        // Undefined: a base ≤ 0 (and x ≤ 0 for log), or a result that overflows (a subnormal base).
        const defined = b > 0 && (kind !== "log" || x > 0) && Number.isFinite(expected);
        if (!defined) {
          undefinedCount++;
          expect(growth.column.missing[r]).toBe(MISSING);
          continue;
        }
        expect(growth.column.values[r]).toBe(expected);
      }
      expect(growth.undefinedCount).toBe(undefinedCount);
      expect(growth.undefinedRows.length).toBe(Math.min(undefinedCount, 10));
    },
  );
});
