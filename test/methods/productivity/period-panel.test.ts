/**
 * periodPanel, technologyRows, referenceRows and adjacentPairs: grouping by unit and period, the technologies
 * written out by hand, the pairing rule on unbalanced panels (checked against a brute-force pairing), and the
 * located errors for duplicates and bad periods.
 */
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { NqpfInputError } from "../../../src/errors.js";
import { fromRows, toRows } from "../../../src/math/matrix.js";
import {
  adjacentPairs,
  periodPanel,
  referenceRows,
  technologyRows,
  type PeriodPanel,
} from "../../../src/methods/productivity/period-panel.js";

/** Rows: (unit, period, x) with the row number as the only output, so every row is identifiable. */
function panelOf(rows: readonly (readonly [string, number])[]): PeriodPanel {
  return periodPanel({
    unit: rows.map((r) => r[0]),
    period: rows.map((r) => r[1]),
    X: fromRows(rows.map((_, i) => [i + 1])),
    Y: fromRows(rows.map((_, i) => [i + 1])),
  });
}

// Unbalanced: b leaves after 2001, c enters in 2002, d only in 2001; listed out of order on purpose.
const unbalanced = panelOf([
  ["a", 2002],
  ["b", 2000],
  ["a", 2000],
  ["c", 2002],
  ["b", 2001],
  ["a", 2001],
  ["d", 2001],
  ["c", 2003],
  ["a", 2003],
]);

describe("periodPanel", () => {
  it("lists units in order of first appearance, periods ascending, and each period's rows by unit", () => {
    expect(unbalanced.units).toEqual(["a", "b", "c", "d"]);
    expect(unbalanced.periods).toEqual([2000, 2001, 2002, 2003]);
    expect(unbalanced.rowsOf.map((rows) => Array.from(rows))).toEqual([
      [2, 1],
      [5, 4, 6],
      [0, 3],
      [8, 7],
    ]);
    expect(Array.from(unbalanced.unit)).toEqual([0, 1, 0, 2, 1, 0, 3, 2, 0]);
    expect(Array.from(unbalanced.period)).toEqual([2, 0, 0, 2, 1, 1, 1, 3, 3]);
    expect(unbalanced.B).toBeUndefined();
  });

  it("reports every duplicate (unit, period) in one NqpfInputError with file, row, column, entity and time", () => {
    try {
      periodPanel({
        unit: ["a", "b", "a", "b", "a"],
        period: [1, 1, 1, 2, 1],
        X: fromRows([[1], [1], [1], [1], [1]]),
        Y: fromRows([[1], [1], [1], [1], [1]]),
        file: "panel.csv",
        periodColumn: "year",
      });
      expect.fail("no error");
    } catch (error) {
      expect(error).toBeInstanceOf(NqpfInputError);
      const issues = (error as NqpfInputError).issues;
      expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
        ["duplicate_key", "panel.csv", 4, "year", "a", 1],
        ["duplicate_key", "panel.csv", 6, "year", "a", 1],
      ]);
      expect(issues[0]!.message).toMatch(/row 2/);
    }
  });

  it("reports a period that is not a finite number as bad_value with its row", () => {
    try {
      periodPanel({
        unit: ["a", "b", "c"],
        period: [1, NaN, Infinity],
        X: fromRows([[1], [1], [1]]),
        Y: fromRows([[1], [1], [1]]),
      });
      expect.fail("no error");
    } catch (error) {
      expect((error as NqpfInputError).issues.map((i) => [i.code, i.row, i.column, i.entity])).toEqual([
        ["bad_value", 3, "period", "b"],
        ["bad_value", 4, "period", "c"],
      ]);
    }
  });

  it("throws a RangeError naming periodPanel when the lengths disagree", () => {
    expect(() =>
      periodPanel({ unit: ["a", "b"], period: [1], X: fromRows([[1], [1]]), Y: fromRows([[1], [1]]) }),
    ).toThrow(/^periodPanel: /);
    expect(() =>
      periodPanel({ unit: ["a", "b"], period: [1, 2], X: fromRows([[1]]), Y: fromRows([[1], [1]]) }),
    ).toThrow(/^periodPanel: X has 1 rows/);
    expect(() =>
      periodPanel({
        unit: ["a", "b"],
        period: [1, 2],
        X: fromRows([[1], [1]]),
        Y: fromRows([[1], [1]]),
        B: fromRows([[1]]),
      }),
    ).toThrow(/^periodPanel: B has 1 rows/);
  });
});

describe("technologyRows and referenceRows", () => {
  // Rows per period: 2000 → {1, 2}, 2001 → {4, 5, 6}, 2002 → {0, 3}, 2003 → {7, 8}.
  const rows = (technology: Parameters<typeof technologyRows>[1], t: number, window?: number) =>
    Array.from(technologyRows(unbalanced, technology, t, window));

  it("contemporaneous, sequential, global, window and biennial technologies as defined", () => {
    expect(rows("contemporaneous", 1)).toEqual([4, 5, 6]);
    expect(rows("sequential", 0)).toEqual([1, 2]);
    expect(rows("sequential", 2)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rows("global", 0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows("global", 3)).toEqual(rows("global", 0));
    expect(rows("window", 3, 2)).toEqual([0, 3, 7, 8]);
    expect(rows("window", 1, 3)).toEqual([1, 2, 4, 5, 6]); // fewer periods at the start of the panel
    expect(rows("window", 2)).toEqual(rows("sequential", 2)); // default window 3
    expect(rows("window", 2, 1)).toEqual(rows("contemporaneous", 2));
    expect(rows("biennial", 2)).toEqual([0, 3, 7, 8]);
  });

  it.each([
    ["contemporaneous", 4, undefined, /out of range 0\.\.3/],
    ["contemporaneous", -1, undefined, /out of range/],
    ["contemporaneous", 0.5, undefined, /out of range/],
    ["biennial", 3, undefined, /biennial technology needs period 4/],
    ["window", 1, 0, /window must be an integer ≥ 1/],
    ["window", 1, 1.5, /window must be an integer ≥ 1/],
    ["moving", 1, undefined, /unknown technology "moving"/],
  ])(
    "technologyRows(panel, %s, %s, %s) throws a RangeError naming the function",
    (technology, t, window, message) => {
      expect(() => technologyRows(unbalanced, technology as "global", t, window)).toThrow(RangeError);
      expect(() => technologyRows(unbalanced, technology as "global", t, window)).toThrow(
        new RegExp(`^technologyRows: .*${message.source}`),
      );
    },
  );

  it("referenceRows takes the X, Y and B rows in the order given", () => {
    const panel = periodPanel({
      unit: ["a", "b", "c"],
      period: [1, 1, 2],
      X: fromRows([
        [1, 10],
        [2, 20],
        [3, 30],
      ]),
      Y: fromRows([[4], [5], [6]]),
      B: fromRows([[7], [8], [9]]),
    });
    const reference = referenceRows(panel, [2, 0]);
    expect(toRows(reference.X)).toEqual([
      [3, 30],
      [1, 10],
    ]);
    expect(toRows(reference.Y)).toEqual([[6], [4]]);
    expect(toRows(reference.B!)).toEqual([[9], [7]]);
    expect(referenceRows(unbalanced, [0]).B).toBeUndefined();
  });
});

describe("adjacentPairs", () => {
  it("pairs a unit only when it is observed in both periods and counts those seen in one", () => {
    const pairs = adjacentPairs(unbalanced);
    const name = (units: Int32Array) => Array.from(units, (u) => unbalanced.units[u]);
    expect(
      pairs.map((p) => ({
        from: p.from,
        to: p.to,
        units: name(p.units),
        rowFrom: Array.from(p.rowFrom),
        rowTo: Array.from(p.rowTo),
        onlyFrom: name(p.onlyFrom),
        onlyTo: name(p.onlyTo),
      })),
    ).toEqual([
      { from: 0, to: 1, units: ["a", "b"], rowFrom: [2, 1], rowTo: [5, 4], onlyFrom: [], onlyTo: ["d"] },
      { from: 1, to: 2, units: ["a"], rowFrom: [5], rowTo: [0], onlyFrom: ["b", "d"], onlyTo: ["c"] },
      { from: 2, to: 3, units: ["a", "c"], rowFrom: [0, 3], rowTo: [8, 7], onlyFrom: [], onlyTo: [] },
    ]);
  });

  it("a single period has no pairs", () => {
    expect(adjacentPairs(panelOf([["a", 1]]))).toEqual([]);
  });

  // Random unbalanced panels: each (unit, period) cell present or not, rows shuffled.
  const cells = fc
    .record({ n: fc.integer({ min: 1, max: 6 }), T: fc.integer({ min: 1, max: 5 }) })
    .chain(({ n, T }) =>
      fc
        .shuffledSubarray(
          Array.from({ length: n * T }, (_, i) => [`u${i % n}`, 1990 + 2 * Math.floor(i / n)] as const),
          { minLength: 1 },
        )
        .map((rows) => rows.map((r) => [r[0], r[1]] as const)),
    );

  propTest.prop([cells], { numRuns: 50 })(
    "agrees with a brute-force pairing; each pair's rows hold the unit's data in both periods",
    (rows) => {
      const panel = panelOf(rows);
      const periods = [...new Set(rows.map((r) => r[1]))].sort((a, b) => a - b);
      expect(panel.periods).toEqual(periods);
      const pairs = adjacentPairs(panel);
      expect(pairs).toHaveLength(periods.length - 1);
      pairs.forEach((pair, k) => {
        const has = (u: string, t: number) => rows.some((r) => r[0] === u && r[1] === t);
        const expected = panel.units.filter((u) => has(u, periods[k]!) && has(u, periods[k + 1]!));
        expect(Array.from(pair.units, (u) => panel.units[u])).toEqual(expected);
        pair.units.forEach((u, i) => {
          // Row r holds output r + 1, so the data identify the row.
          const rowFrom = rows.findIndex((r) => r[0] === panel.units[u] && r[1] === periods[k]);
          const rowTo = rows.findIndex((r) => r[0] === panel.units[u] && r[1] === periods[k + 1]);
          expect(panel.Y.data[pair.rowFrom[i]!]).toBe(rowFrom + 1);
          expect(panel.Y.data[pair.rowTo[i]!]).toBe(rowTo + 1);
        });
        expect(Array.from(pair.onlyFrom, (u) => panel.units[u])).toEqual(
          panel.units.filter((u) => has(u, periods[k]!) && !has(u, periods[k + 1]!)),
        );
        expect(Array.from(pair.onlyTo, (u) => panel.units[u])).toEqual(
          panel.units.filter((u) => !has(u, periods[k]!) && has(u, periods[k + 1]!)),
        );
      });
      // The technologies are unions of contemporaneous ones.
      const contemporaneous = periods.map((_, t) => Array.from(technologyRows(panel, "contemporaneous", t)));
      periods.forEach((_, t) => {
        const union = (from: number, to: number) =>
          contemporaneous
            .slice(from, to + 1)
            .flat()
            .sort((a, b) => a - b);
        expect(Array.from(technologyRows(panel, "sequential", t))).toEqual(union(0, t));
        expect(Array.from(technologyRows(panel, "global", t))).toEqual(union(0, periods.length - 1));
        expect(Array.from(technologyRows(panel, "window", t, 2))).toEqual(union(Math.max(0, t - 1), t));
        if (t + 1 < periods.length)
          expect(Array.from(technologyRows(panel, "biennial", t))).toEqual(union(t, t + 1));
      });
    },
  );
});
