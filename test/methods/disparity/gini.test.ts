/**
 * gini and dagumGini: methods.md §3.1 as printed, base R double sums (test/reference/gini), brute-force double sums
 * written here, the identity G = G_w + G_nb + G_t, invariances, and the located input errors of dagumGiniByPeriod.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { dagumGini, dagumGiniByPeriod, gini } from "../../../src/methods/disparity/gini.js";
import { dagumGiniTables, leftOutNotes } from "../../../src/methods/disparity/gini-table.js";
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
import { METHODS_G, METHODS_Y } from "./disparity-data.js";

const REFERENCE = join(import.meta.dirname, "../../reference/gini");
const read = (name: string): unknown => JSON.parse(readFileSync(join(REFERENCE, name), "utf8"));

/** Double sums of the identities; loose enough for sums of up to 40 × 40 terms of magnitude ≤ 1e3. */
const TOL = 1e-12;

interface Printed {
  tolerance: { decimals10: number; decimals7: number; percent2: number };
  input: { y: number[]; group: string[] };
  expected: {
    n: number;
    mean: number;
    gini: number;
    within: Record<string, number>;
    between: Record<
      string,
      { gini: number; affluence: number; grossAffluence?: number; transvariation?: number }
    >;
    withinContribution: number;
    netBetweenContribution: number;
    transvariationContribution: number;
    sharesPercent: { within: number; netBetween: number; transvariation: number };
  };
}

interface RCase {
  name: string;
  input: { y: number[]; group: string[]; groups: string[] };
  expected: {
    n: number;
    mean: number;
    gini: number;
    groupMean: number[];
    within: number[];
    withinContribution: number;
    netBetweenContribution: number;
    transvariationContribution: number;
    pairs: {
      high: string;
      low: string;
      gini: number;
      grossAffluence: number;
      transvariation: number;
      affluence: number;
    }[];
  };
}

/** The definitions of methods.md §3.1 as plain double loops over all pairs. */
function bruteDagum(y: readonly number[], group: readonly string[]) {
  const labels = [...new Set(group)];
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  let total = 0;
  for (const a of y) for (const b of y) total += Math.abs(a - b);
  const G = total / (2 * n * n * mean);
  const members = labels.map((l) => y.filter((_, i) => group[i] === l));
  const mu = members.map((m) => m.reduce((a, b) => a + b, 0) / m.length);
  const p = members.map((m) => m.length / n);
  const s = members.map((m, j) => (m.length * mu[j]!) / (n * mean));
  const within = members.map((m, j) => {
    let sum = 0;
    for (const a of m) for (const b of m) sum += Math.abs(a - b);
    return sum / (2 * m.length * m.length * mu[j]!);
  });
  let Gw = 0;
  within.forEach((g, j) => (Gw += g * p[j]! * s[j]!));
  let Gnb = 0;
  let Gt = 0;
  const pairs: { high: number; low: number; gini: number; d: number; p: number; D: number }[] = [];
  for (let a = 0; a < labels.length; a++)
    for (let b = a + 1; b < labels.length; b++) {
      // Higher mean first, decided as Σ max(y_a − y_b, 0) vs Σ max(y_b − y_a, 0) (their difference is n_a n_b (μ_a − μ_b)).
      let ab = 0;
      let ba = 0;
      for (const u of members[a]!)
        for (const v of members[b]!) {
          ab += Math.max(u - v, 0);
          ba += Math.max(v - u, 0);
        }
      const [hi, lo] = ba > ab ? [b, a] : [a, b];
      let abs = 0;
      let d = 0;
      let q = 0;
      for (const u of members[hi]!)
        for (const v of members[lo]!) {
          abs += Math.abs(u - v);
          d += Math.max(u - v, 0);
          q += Math.max(v - u, 0);
        }
      const count = members[hi]!.length * members[lo]!.length;
      const Gjh = abs / (count * (mu[hi]! + mu[lo]!));
      const D = d + q > 0 ? (d - q) / (d + q) : 0;
      const w = p[hi]! * s[lo]! + p[lo]! * s[hi]!;
      Gnb += Gjh * w * D;
      Gt += Gjh * w * (1 - D);
      pairs.push({ high: hi, low: lo, gini: Gjh, d: d / count, p: q / count, D });
    }
  return { G, within, Gw, Gnb, Gt, pairs };
}

const sample = fc
  .array(
    fc.record({
      y: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      g: fc.constantFrom("a", "b", "c", "d"),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((rows) => ({ y: Float64Array.from(rows, (r) => r.y), group: rows.map((r) => r.g) }));

describe("reference values", () => {
  it("dagumGini(y, group) matches methods.md §3.1 as printed", () => {
    const { input, expected, tolerance } = read("methods-md-printed.json") as Printed;
    const r = dagumGini(Float64Array.from(input.y), input.group);
    expect(r.n).toBe(expected.n);
    expectClose(r.mean, expected.mean, { abs: tolerance.decimals7 });
    expectClose(r.gini, expected.gini, { abs: tolerance.decimals10 });
    expect(r.groups).toEqual(["East", "Central", "West"]);
    expectAllClose(
      r.within,
      r.groups.map((g) => expected.within[g]!),
      { abs: tolerance.decimals10, labels: r.groups },
    );
    for (const pair of r.pairs) {
      const key = `${r.groups[pair.high]!}-${r.groups[pair.low]!}`;
      const want = expected.between[key];
      expect(want, key).toBeDefined();
      expectClose(pair.gini, want!.gini, { abs: tolerance.decimals10, labels: [key] });
      expectClose(pair.affluence, want!.affluence, { abs: tolerance.decimals10, labels: [key] });
      if (want!.grossAffluence !== undefined)
        expectClose(pair.grossAffluence, want!.grossAffluence, { abs: tolerance.decimals7 });
      if (want!.transvariation !== undefined)
        expectClose(pair.transvariation, want!.transvariation, { abs: tolerance.decimals7 });
    }
    expectClose(r.withinContribution, expected.withinContribution, { abs: tolerance.decimals10 });
    expectClose(r.netBetweenContribution, expected.netBetweenContribution, { abs: tolerance.decimals10 });
    expectClose(r.transvariationContribution, expected.transvariationContribution, {
      abs: tolerance.decimals10,
    });
    expectAllClose(
      [100 * r.shares.within, 100 * r.shares.netBetween, 100 * r.shares.transvariation],
      [
        expected.sharesPercent.within,
        expected.sharesPercent.netBetween,
        expected.sharesPercent.transvariation,
      ],
      { abs: tolerance.percent2 },
    );
  });

  const { cases } = read("cases-r.json") as { cases: RCase[] };
  it.each(cases.map((c) => [c.name, c] as const))(
    "dagumGini(y, group, { groups }) matches base R double sums: %s",
    (_, c) => {
      const r = dagumGini(Float64Array.from(c.input.y), c.input.group, { groups: c.input.groups });
      const e = c.expected;
      expect(r.n).toBe(e.n);
      expectClose(r.mean, e.mean, { rel: TOL });
      expectClose(r.gini, e.gini, { abs: TOL });
      expectClose(gini(Float64Array.from(c.input.y)), e.gini, { abs: TOL });
      expectAllClose(r.groupMean, e.groupMean, { rel: TOL });
      expectAllClose(r.within, e.within, { abs: TOL, labels: c.input.groups });
      expectClose(r.withinContribution, e.withinContribution, { abs: TOL });
      expectClose(r.netBetweenContribution, e.netBetweenContribution, { abs: TOL });
      expectClose(r.transvariationContribution, e.transvariationContribution, { abs: TOL });
      expect(r.pairs.map((p) => [r.groups[p.high], r.groups[p.low]])).toEqual(
        e.pairs.map((p) => [p.high, p.low]),
      );
      r.pairs.forEach((p, k) => {
        const want = e.pairs[k]!;
        const label = [`${want.high}-${want.low}`];
        expectClose(p.gini, want.gini, { abs: TOL, labels: label });
        expectClose(p.grossAffluence, want.grossAffluence, { rel: TOL, abs: TOL, labels: label });
        expectClose(p.transvariation, want.transvariation, { rel: TOL, abs: TOL, labels: label });
        expectClose(p.affluence, want.affluence, { abs: TOL, labels: label });
      });
    },
  );

  it("gini(Float64Array.of(1, 2, 3, 4)) is 0.25 (the doc example: Σ|y_i − y_r| = 20, 2n²μ = 80)", () => {
    expect(gini(Float64Array.of(1, 2, 3, 4))).toBeCloseTo(0.25, 15);
    expect(dagumGini(Float64Array.of(1, 2, 3, 4), ["a", "a", "b", "b"]).gini).toBeCloseTo(0.25, 15);
  });
});

describe("properties", () => {
  propTest.prop([sample])("dagumGini equals brute-force double sums (1e-12)", ({ y, group }) => {
    const r = dagumGini(y, group);
    const b = bruteDagum(Array.from(y), group);
    expectClose(r.gini, b.G, { abs: TOL });
    expectClose(gini(y), b.G, { abs: TOL });
    expectAllClose(r.within, b.within, { abs: TOL });
    expectClose(r.withinContribution, b.Gw, { abs: TOL });
    expectClose(r.netBetweenContribution, b.Gnb, { abs: TOL });
    expectClose(r.transvariationContribution, b.Gt, { abs: TOL });
    expect(r.pairs.map((p) => [p.high, p.low])).toEqual(b.pairs.map((p) => [p.high, p.low]));
    r.pairs.forEach((p, k) => {
      expectClose(p.gini, b.pairs[k]!.gini, { abs: TOL });
      expectClose(p.affluence, b.pairs[k]!.D, { abs: TOL });
      expectClose(p.grossAffluence, b.pairs[k]!.d, { abs: TOL, rel: TOL });
      expectClose(p.transvariation, b.pairs[k]!.p, { abs: TOL, rel: TOL });
    });
  });

  propTest.prop([sample])(
    "G = G_w + G_nb + G_t to 1e-12; D_jh ∈ [0, 1] with the higher mean first",
    ({ y, group }) => {
      const r = dagumGini(y, group);
      expectClose(r.withinContribution + r.netBetweenContribution + r.transvariationContribution, r.gini, {
        abs: TOL,
      });
      for (const p of r.pairs) {
        expect(r.groupMean[p.high]!).toBeGreaterThanOrEqual(r.groupMean[p.low]! * (1 - 1e-12));
        expect(p.affluence).toBeGreaterThanOrEqual(-TOL);
        expect(p.affluence).toBeLessThanOrEqual(1 + TOL);
      }
      // Shares are parts/G: meaningful only when G is well above rounding (a few ulps of spread give G ≈ 1e-16).
      if (r.gini > 1e-6)
        expectClose(r.shares.within + r.shares.netBetween + r.shares.transvariation, 1, { abs: 1e-9 });
    },
  );

  propTest.prop([sample, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "scaling y by c > 0 changes nothing",
    ({ y, group }, c) => {
      const r = dagumGini(y, group);
      const s = dagumGini(
        y.map((v) => v * c),
        group,
      );
      expectClose(s.gini, r.gini, { abs: TOL });
      expectAllClose(s.within, r.within, { abs: TOL });
      expectClose(s.withinContribution, r.withinContribution, { abs: TOL });
      expectClose(s.netBetweenContribution, r.netBetweenContribution, { abs: TOL });
      expectClose(s.transvariationContribution, r.transvariationContribution, { abs: TOL });
      // D_jh itself is ill-conditioned when d_jh ≈ p_jh ≈ 0; its weight in G is G_jh·D_jh.
      expectAllClose(
        s.pairs.map((p) => p.gini * p.affluence),
        r.pairs.map((p) => p.gini * p.affluence),
        { abs: TOL },
      );
    },
  );

  propTest.prop([sample, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "a constant variable gives zero inequality in every part",
    ({ group }, c) => {
      const r = dagumGini(new Float64Array(group.length).fill(c), group);
      expect(r.gini).toBe(0);
      expect(Array.from(r.within)).toEqual(r.groups.map(() => 0));
      expect(r.withinContribution + r.netBetweenContribution + r.transvariationContribution).toBe(0);
      expect(Number.isNaN(r.shares.within)).toBe(true);
    },
  );

  propTest.prop([
    sample.chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.shuffledSubarray(
          s.group.map((_, i) => i),
          { minLength: s.group.length, maxLength: s.group.length },
        ),
      ),
    ),
  ])("permuting the units leaves the decomposition unchanged", ([{ y, group }, order]) => {
    const r = dagumGini(y, group);
    const labels = r.groups;
    const s = dagumGini(
      Float64Array.from(order, (i) => y[i]!),
      order.map((i) => group[i]!),
      { groups: labels },
    );
    expectClose(s.gini, r.gini, { abs: TOL });
    expectAllClose(s.within, r.within, { abs: TOL });
    expectClose(s.netBetweenContribution, r.netBetweenContribution, { abs: TOL });
  });
});

describe("edges and errors", () => {
  it("dagumGini with a one-unit group gives G_jj = 0 for it (methods.md §3.1)", () => {
    const r = dagumGini(Float64Array.of(5, 1, 2, 3), ["solo", "rest", "rest", "rest"]);
    expect(r.within[0]).toBe(0);
    expect(r.pairs[0]).toMatchObject({ high: 0, low: 1, affluence: 1 });
  });

  it("equal group means give D_jh = 0 (d_jh = p_jh), the first-listed group as high", () => {
    const r = dagumGini(Float64Array.of(1, 3, 2, 2), ["a", "a", "b", "b"]);
    expect(r.pairs[0]!.high).toBe(0);
    expectClose(r.pairs[0]!.affluence, 0, { abs: 1e-15 });
  });

  it("group means equal up to rounding keep D_jh in [0, 1] (found by the scaling property)", () => {
    const y = Float64Array.of(0.0010000000000000002, 0.001, 0.0010000000000000005);
    // Also from the identity property: a spread of a few ulps; the identity holds absolutely (shares are noise there).
    const ulps = dagumGini(Float64Array.of(0.0010000000000000007, 0.0010000000000000009, 0.001), [
      "a",
      "a",
      "b",
    ]);
    expect(ulps.gini).toBeLessThan(1e-12);
    expectClose(
      ulps.withinContribution + ulps.netBetweenContribution + ulps.transvariationContribution,
      ulps.gini,
      {
        abs: TOL,
      },
    );
    for (const c of [1, 0.002432834747207446, 3, 1e3]) {
      const r = dagumGini(
        y.map((v) => v * c),
        ["a", "d", "d"],
      );
      expect(r.pairs[0]!.affluence).toBeGreaterThanOrEqual(0);
      expect(r.pairs[0]!.affluence).toBeLessThanOrEqual(1);
      expectClose(r.withinContribution + r.netBetweenContribution + r.transvariationContribution, r.gini, {
        abs: TOL,
      });
    }
  });

  it("a group whose values are all 0 has G_jj = 0", () => {
    const r = dagumGini(Float64Array.of(0, 0, 1, 3), ["z", "z", "p", "p"]);
    expect(r.within[0]).toBe(0);
    expectClose(r.withinContribution + r.netBetweenContribution + r.transvariationContribution, r.gini, {
      abs: TOL,
    });
  });

  it("bad arguments throw RangeErrors naming the function", () => {
    expect(() => gini(new Float64Array(0))).toThrow(/^gini: y needs at least one value/);
    expect(() => gini(Float64Array.of(1, -1))).toThrow(/^gini: values must be finite and ≥ 0; got -1/);
    expect(() => gini(Float64Array.of(0, 0))).toThrow(/^gini: y needs a positive mean/);
    expect(() => dagumGini(Float64Array.of(1, Number.NaN), ["a", "b"])).toThrow(/^dagumGini: values must be/);
    expect(() => dagumGini(Float64Array.of(1, 2), ["a"])).toThrow(
      /^dagumGini: group needs one label per value/,
    );
    expect(() => dagumGini(Float64Array.of(1, 2), ["a", "b"], { groups: ["a"] })).toThrow(
      /^dagumGini: label "b" of unit 1 is not in options.groups/,
    );
    expect(() => dagumGini(Float64Array.of(1, 2), ["a", "a"], { groups: ["a", "b"] })).toThrow(
      /^dagumGini: group "b" has no units/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// By period

/** A panel already in (entity, year) order, so that the file row of panel row r is r + 2. */
function regionPanel(
  rows: readonly { id: string; year: number; y: number | null; region: string | null }[],
): { p: Panel; fileRows: Int32Array } {
  const t = table([
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
  ]);
  const p = panel(t, { entity: "id", time: "year", file: "d.csv" });
  return { p, fileRows: Int32Array.from(rows, (_, r) => r + 2) };
}

function methodsPanel(years: readonly number[]) {
  const rows = METHODS_Y.flatMap((y, i) =>
    years.map((year, k) => ({
      id: `u${String(i).padStart(2, "0")}`,
      year,
      y: y * (k + 1),
      region: METHODS_G[i]!,
    })),
  );
  return regionPanel(rows);
}

describe("dagumGiniByPeriod", () => {
  it("decomposes every period by the group column (scaled years give the same G)", () => {
    const { p } = methodsPanel([2020, 2021]);
    const r = dagumGiniByPeriod(p, "y", { group: "region" });
    expect(r.periods).toEqual([2020, 2021]);
    expect(r.groupLabels).toEqual(["East", "Central", "West"]);
    for (const result of r.results) expectClose(result.gini, 0.2335924007, { abs: 5e-11 });
  });

  it("without a group column each period has one group, all, and G = G_w", () => {
    const { p } = methodsPanel([2020]);
    const r = dagumGiniByPeriod(p, "y");
    expect(r.groupLabels).toEqual(["all"]);
    expectClose(r.results[0]!.withinContribution, r.results[0]!.gini, { abs: TOL });
    expect(r.results[0]!.pairs).toEqual([]);
  });

  it("reports every bad cell at once with row, column, entity and period", () => {
    const { p, fileRows } = regionPanel([
      { id: "a", year: 2000, y: 1, region: "N" },
      { id: "a", year: 2001, y: null, region: "N" },
      { id: "b", year: 2000, y: -2, region: "S" },
      { id: "b", year: 2001, y: 3, region: null },
      { id: "c", year: 2000, y: 4, region: "S" },
      { id: "c", year: 2001, y: 5, region: "S" },
    ]);
    const issues = issuesOf(() => dagumGiniByPeriod(p, "y", { group: "region", file: "d.csv", fileRows }));
    expect(issues.map((i) => [i.code, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", 4, "y", "b", 2000],
      ["bad_value", 3, "y", "a", 2001],
      ["missing_key", 5, "region", "b", 2001],
    ]);
    expect(issues.every((i) => i.file === "d.csv" && i.hint !== undefined)).toBe(true);
  });

  it("reports a group with no unit in a period after dropping missing values", () => {
    const { p } = regionPanel([
      { id: "a", year: 2000, y: 1, region: "N" },
      { id: "a", year: 2001, y: null, region: "N" },
      { id: "b", year: 2000, y: 2, region: "S" },
      { id: "b", year: 2001, y: 3, region: "S" },
      { id: "c", year: 2000, y: 4, region: "S" },
      { id: "c", year: 2001, y: 5, region: "S" },
    ]);
    const issues = issuesOf(() => dagumGiniByPeriod(p, "y", { group: "region", missing: "drop" }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "bad_value", column: "region", time: 2001 });
    expect(issues[0]!.message).toMatch(/group "N" has no unit/);
    // The window without 2001 is fine, and the dropped unit is listed.
    const ok = dagumGiniByPeriod(p, "y", { group: "region", missing: "drop", to: 2000 });
    expect(ok.periods).toEqual([2000]);
  });

  it("--incomplete drop lists dropped units; periods without any value are skipped and listed", () => {
    const { p } = regionPanel([
      { id: "a", year: 1999, y: null, region: "N" },
      { id: "a", year: 2000, y: 1, region: "N" },
      { id: "b", year: 1999, y: null, region: "N" },
      { id: "b", year: 2000, y: null, region: "N" },
      { id: "c", year: 1999, y: null, region: "N" },
      { id: "c", year: 2000, y: 5, region: "N" },
    ]);
    const r = dagumGiniByPeriod(p, "y", { missing: "drop" });
    expect(r.skipped).toEqual([1999]);
    expect(r.dropped).toEqual([{ entity: "b", time: 2000 }]);
    expectClose(r.results[0]!.gini, bruteDagum([1, 5], ["all", "all"]).G, { abs: TOL });
  });

  it("reports unknown columns, text cells, a period with one unit and a period of zeros", () => {
    const { p } = regionPanel([
      { id: "a", year: 2000, y: 0, region: "N" },
      { id: "b", year: 2000, y: 0, region: "N" },
      { id: "a", year: 2001, y: 1, region: "N" },
    ]);
    expect(
      issuesOf(() => dagumGiniByPeriod(p, "nope", { group: "zone" })).map((i) => [i.code, i.column]),
    ).toEqual([
      ["missing_column", "nope"],
      ["missing_column", "zone"],
    ]);
    const codes = issuesOf(() => dagumGiniByPeriod(p, "y")).map((i) => [i.code, i.time]);
    expect(codes).toEqual([
      ["bad_value", 2000],
      ["bad_value", 2001],
    ]);
    const text = panel(
      table([stringColumn("id", ["a", "b"]), numberColumn("year", [1, 1]), stringColumn("y", ["1", "x"])]),
      { entity: "id", time: "year" },
    );
    expect(issuesOf(() => dagumGiniByPeriod(text, "y")).map((i) => [i.code, i.entity])).toEqual([
      ["not_a_number", "b"],
    ]);
  });
});

describe("dagumGiniTables", () => {
  it("lays out the overall, within, between and wide tables with the methods.md values", () => {
    const { p } = methodsPanel([2020]);
    const t = dagumGiniTables(dagumGiniByPeriod(p, "y", { group: "region" }));
    expect(t.overall.columns.map((c) => c.name)).toEqual([
      "year",
      "n",
      "mean",
      "gini",
      "within",
      "net_between",
      "transvariation",
      "within_pct",
      "net_between_pct",
      "transvariation_pct",
    ]);
    expectClose(cell(getColumn(t.overall, "gini"), 0) as number, 0.2335924007, { abs: 5e-11 });
    expectClose(cell(getColumn(t.overall, "within_pct"), 0) as number, 13.77, { abs: 5e-3 });
    expect(t.within.rowCount).toBe(3);
    expect((getColumn(t.within, "group").values as string[]).slice()).toEqual(["East", "Central", "West"]);
    expect(t.between.rowCount).toBe(3);
    expect(cell(getColumn(t.between, "group_high"), 2)).toBe("Central");
    expectClose(cell(getColumn(t.between, "affluence"), 2) as number, 0.9562043796, { abs: 5e-11 });
    expect(t.wide.columns.map((c) => c.name)).toContain("between_Central_West");
    expectClose(cell(getColumn(t.wide, "between_East_West"), 0) as number, 0.4059120404, { abs: 5e-11 });
    expect(t.overall.meta.reference).toMatch(/Dagum/);
  });

  it("leftOutNotes names dropped units and skipped periods (the doc example)", () => {
    expect(leftOutNotes({ dropped: [{ entity: "A", time: 2001 }], skipped: [] })).toEqual([
      "left out for a missing value: A (2001)",
    ]);
    expect(leftOutNotes({ dropped: [], skipped: [1999, 2000] })).toEqual([
      "periods without any value, left out: 1999, 2000",
    ]);
  });

  it("leaves the % columns empty (missing, not NaN text) where G = 0", () => {
    const { p } = regionPanel([
      { id: "a", year: 2000, y: 2, region: "N" },
      { id: "b", year: 2000, y: 2, region: "S" },
    ]);
    const t = dagumGiniTables(dagumGiniByPeriod(p, "y", { group: "region" }));
    const pct = getColumn(t.overall, "within_pct") as NumberColumn;
    expect(pct.missing[0]).toBe(1);
    expect(cell(getColumn(t.overall, "gini"), 0)).toBe(0);
  });
});
