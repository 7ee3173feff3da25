/**
 * theil, coefficientOfVariation, sdLog: methods.md §3.2 as printed, base R (test/reference/theil), brute-force sums
 * written here, T = T_w + T_b and L = L_w + L_b, invariances, and the located input errors of theilByPeriod.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { coefficientOfVariation, sdLog, theil, theilByPeriod } from "../../../src/methods/disparity/theil.js";
import { theilTables } from "../../../src/methods/disparity/theil-table.js";
import { panel } from "../../../src/panel/panel.js";
import { cell, getColumn, numberColumn, stringColumn, table } from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { METHODS_G, METHODS_Y } from "./disparity-data.js";

const REFERENCE = join(import.meta.dirname, "../../reference/theil");
const read = (name: string): unknown => JSON.parse(readFileSync(join(REFERENCE, name), "utf8"));
const TOL = 1e-12;
/** A constant variable: the mean of n equal values can be 1 ulp off them, and |ln y| ≤ 7 here, so about 1.5e-15. */
const CONSTANT_TOL = 1e-14;

interface Printed {
  tolerance: number;
  input: { y: number[]; group: string[] };
  expected: {
    t: number;
    tWithin: number;
    tBetween: number;
    groupT: Record<string, number>;
    l: number;
    lWithin: number;
    lBetween: number;
  };
}

interface RCase {
  name: string;
  input: { y: number[]; group: string[]; groups: string[] };
  expected: {
    n: number;
    mean: number;
    t: number;
    tWithin: number;
    tBetween: number;
    l: number;
    lWithin: number;
    lBetween: number;
    groupT: number[];
    groupL: number[];
    cv: number;
    cvPopulation: number;
    sdLog: number;
    sdLogPopulation: number;
  };
}

/** T and L as single loops over the units, straight from the definitions. */
function bruteTheil(y: readonly number[]) {
  const n = y.length;
  const mu = y.reduce((a, b) => a + b, 0) / n;
  let T = 0;
  let L = 0;
  for (const v of y) {
    T += (v / mu) * Math.log(v / mu);
    L += Math.log(mu / v);
  }
  return { T: T / n, L: L / n };
}

const sample = fc
  .array(
    fc.record({
      y: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      g: fc.constantFrom("a", "b", "c", "d"),
    }),
    { minLength: 2, maxLength: 40 },
  )
  .map((rows) => ({ y: Float64Array.from(rows, (r) => r.y), group: rows.map((r) => r.g) }));

describe("reference values", () => {
  it("theil(y, group) matches methods.md §3.2 as printed", () => {
    const { input, expected, tolerance } = read("methods-md-printed.json") as Printed;
    const r = theil(Float64Array.from(input.y), input.group);
    const abs = tolerance;
    expectClose(r.t, expected.t, { abs });
    expectClose(r.tWithin, expected.tWithin, { abs });
    expectClose(r.tBetween, expected.tBetween, { abs });
    expectAllClose(
      r.groupT,
      r.groups.map((g) => expected.groupT[g]!),
      { abs, labels: r.groups },
    );
    expectClose(r.l, expected.l, { abs });
    expectClose(r.lWithin, expected.lWithin, { abs });
    expectClose(r.lBetween, expected.lBetween, { abs });
  });

  const { cases } = read("cases-r.json") as { cases: RCase[] };
  it.each(cases.map((c) => [c.name, c] as const))(
    "theil(y, group, { groups }) matches base R: %s",
    (_, c) => {
      const y = Float64Array.from(c.input.y);
      const e = c.expected;
      const r = theil(y, c.input.group, { groups: c.input.groups });
      expect(r.n).toBe(e.n);
      expectClose(r.mean, e.mean, { rel: TOL });
      for (const key of ["t", "tWithin", "tBetween", "l", "lWithin", "lBetween", "cv", "sdLog"] as const)
        expectClose(r[key], e[key], { abs: TOL, labels: [key] });
      expectAllClose(r.groupT, e.groupT, { abs: TOL, labels: c.input.groups });
      expectAllClose(r.groupL, e.groupL, { abs: TOL, labels: c.input.groups });
      const population = theil(y, c.input.group, { groups: c.input.groups, ddof: 0 });
      expectClose(population.cv, e.cvPopulation, { abs: TOL });
      expectClose(population.sdLog, e.sdLogPopulation, { abs: TOL });
      expectClose(coefficientOfVariation(y), e.cv, { abs: TOL });
      expectClose(coefficientOfVariation(y, { ddof: 0 }), e.cvPopulation, { abs: TOL });
      expectClose(sdLog(y), e.sdLog, { abs: TOL });
      expectClose(sdLog(y, { ddof: 0 }), e.sdLogPopulation, { abs: TOL });
    },
  );

  it("the doc examples: equal groups have no within part; CV of (1, 3) is 0.5; SD of logs of (1, e²) is 1", () => {
    expect(theil(Float64Array.of(1, 1, 4, 4), ["a", "a", "b", "b"]).tWithin).toBe(0);
    expectClose(coefficientOfVariation(Float64Array.of(1, 3), { ddof: 0 }), 0.5, { abs: 1e-15 });
    expectClose(sdLog(Float64Array.of(1, Math.E * Math.E), { ddof: 0 }), 1, { abs: 1e-15 });
  });
});

describe("properties", () => {
  propTest.prop([sample])(
    "T and L equal the single-loop definitions; T = T_w + T_b and L = L_w + L_b",
    ({ y, group }) => {
      const r = theil(y, group);
      const b = bruteTheil(Array.from(y));
      expectClose(r.t, b.T, { abs: TOL });
      expectClose(r.l, b.L, { abs: TOL });
      expectClose(r.tWithin + r.tBetween, r.t, { abs: TOL });
      expectClose(r.lWithin + r.lBetween, r.l, { abs: TOL });
      expect(r.t).toBeGreaterThanOrEqual(-TOL);
      expect(r.l).toBeGreaterThanOrEqual(-TOL);
      expect(r.tBetween).toBeGreaterThanOrEqual(-TOL);
      expect(r.lBetween).toBeGreaterThanOrEqual(-TOL);
      r.groups.forEach((label, g) => {
        const members = Array.from(y).filter((_, i) => group[i] === label);
        const bg = bruteTheil(members);
        expectClose(r.groupT[g]!, bg.T, { abs: TOL });
        expectClose(r.groupL[g]!, bg.L, { abs: TOL });
      });
    },
  );

  propTest.prop([sample, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "scaling y by c > 0 changes nothing",
    ({ y, group }, c) => {
      const r = theil(y, group);
      const s = theil(
        y.map((v) => v * c),
        group,
      );
      for (const key of ["t", "tWithin", "tBetween", "l", "lWithin", "lBetween", "cv", "sdLog"] as const)
        expectClose(s[key], r[key], { abs: 1e-11, labels: [key] });
    },
  );

  propTest.prop([sample, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "a constant variable gives zero inequality",
    ({ group }, c) => {
      const r = theil(new Float64Array(group.length).fill(c), group);
      for (const key of ["t", "tWithin", "tBetween", "l", "lWithin", "lBetween", "cv", "sdLog"] as const)
        expect(Math.abs(r[key]), key).toBeLessThanOrEqual(CONSTANT_TOL);
    },
  );

  it("a constant 0.001 (found by the property above): the SD of logs is rounding noise of the mean of ln y", () => {
    const r = theil(Float64Array.of(0.001, 0.001, 0.001));
    expect(r.sdLog).toBeLessThanOrEqual(CONSTANT_TOL);
    expect(Math.abs(r.t)).toBeLessThanOrEqual(CONSTANT_TOL);
  });
});

describe("edges and errors", () => {
  it("without groups the between parts are 0", () => {
    const r = theil(Float64Array.of(1, 2, 5));
    expect(r.groups).toEqual(["all"]);
    expect(r.tBetween).toBe(0);
    expect(r.lBetween).toBe(0);
  });

  it("bad arguments throw RangeErrors naming the function", () => {
    expect(() => theil(Float64Array.of(1, 0))).toThrow(
      /^theil: values must be finite and > 0; got 0 at index 1/,
    );
    expect(() => theil(Float64Array.of(1))).toThrow(/^theil: y needs more than 1 values/);
    expect(() => theil(Float64Array.of(1, 2), ["a"])).toThrow(/^theil: group needs one label per value/);
    expect(() => theil(Float64Array.of(1, 2), ["a", "b"], { groups: ["a", "b", "c"] })).toThrow(
      /^theil: group "c" has no units/,
    );
    expect(() => theil(Float64Array.of(1, 2), undefined, { ddof: 2 as 0 })).toThrow(
      /^theil: ddof must be 0 or 1/,
    );
    expect(() => coefficientOfVariation(Float64Array.of(-1, 1))).toThrow(
      /^coefficientOfVariation: y needs a positive mean/,
    );
    expect(() => sdLog(Float64Array.of(-1, 1))).toThrow(/^sdLog: values must be finite and > 0/);
  });
});

function panelOf(rows: readonly { id: string; year: number; y: number | null; region: string }[]) {
  return panel(
    table([
      stringColumn(
        "id",
        rows.map((r) => r.id),
      ),
      numberColumn(
        "year",
        rows.map((r) => r.year),
      ),
      numberColumn(
        "y",
        rows.map((r) => r.y ?? Number.NaN),
      ),
      stringColumn(
        "region",
        rows.map((r) => r.region),
      ),
    ]),
    { entity: "id", time: "year" },
  );
}

describe("theilByPeriod and theilTables", () => {
  const rows = METHODS_Y.flatMap((y, i) => [
    { id: `u${String(i).padStart(2, "0")}`, year: 2020, y, region: METHODS_G[i]! },
    { id: `u${String(i).padStart(2, "0")}`, year: 2021, y: 10 * y, region: METHODS_G[i]! },
  ]);

  it("gives methods.md §3.2 in every (scaled) period and lays out the tables", () => {
    const r = theilByPeriod(panelOf(rows), "y", { group: "region" });
    expect(r.periods).toEqual([2020, 2021]);
    for (const x of r.results) {
      expectClose(x.t, 0.0845427264, { abs: 5e-11 });
      expectClose(x.lBetween, 0.0701432408, { abs: 5e-11 });
    }
    const t = theilTables(r);
    expect(t.overall.columns.map((c) => c.name)).toEqual([
      "year",
      "n",
      "mean",
      "theil_t",
      "t_within",
      "t_between",
      "t_within_pct",
      "t_between_pct",
      "theil_l",
      "l_within",
      "l_between",
      "l_within_pct",
      "l_between_pct",
      "cv",
      "sd_log",
    ]);
    expectClose(cell(getColumn(t.overall, "t_within"), 1) as number, 0.0144365223, { abs: 5e-11 });
    expect(t.groups.rowCount).toBe(6);
    expectClose(cell(getColumn(t.groups, "theil_t"), 2) as number, 0.021958928, { abs: 5e-10 });
    expect(cell(getColumn(t.groups, "group"), 2)).toBe("West");
  });

  it("reports zero and negative values (logs), missing values and a one-unit period at once", () => {
    const bad = [
      { id: "a", year: 2000, y: 0, region: "N" },
      { id: "a", year: 2001, y: 2, region: "N" },
      { id: "b", year: 2000, y: -1, region: "N" },
      { id: "b", year: 2001, y: null, region: "N" },
    ];
    const issues = issuesOf(() =>
      theilByPeriod(panelOf(bad), "y", { file: "f.csv", fileRows: Int32Array.of(2, 3, 4, 5) }),
    );
    expect(issues.map((i) => [i.code, i.row, i.entity, i.time])).toEqual([
      ["bad_value", 2, "a", 2000],
      ["bad_value", 4, "b", 2000],
      ["bad_value", 5, "b", 2001],
    ]);
    expect(issues[0]!.message).toMatch(/> 0/);
    expect(
      issuesOf(() => theilByPeriod(panelOf(bad), "y", { missing: "drop", from: 2001 }))[0],
    ).toMatchObject({
      code: "bad_value",
      time: 2001,
      column: "y",
    });
  });
});
