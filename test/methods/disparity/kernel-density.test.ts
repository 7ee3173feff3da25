/**
 * bandwidth, kernelDensity, densityPeaks and kernelDensityByPeriod: methods.md §3.3 as printed, base R
 * (test/reference/kernel-density: bw.nrd0, bw.nrd, exact sums, density()'s grid and binned values), unit mass,
 * scale and shift equivariance, peaks, and the located input errors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  BANDWIDTH_RULES,
  KERNELS,
  bandwidth,
  densityPeaks,
  kernelDensity,
  kernelDensityByPeriod,
} from "../../../src/methods/disparity/kernel-density.js";
import { kernelDensityTables } from "../../../src/methods/disparity/kernel-density-table.js";
import { panel } from "../../../src/panel/panel.js";
import { cell, getColumn, numberColumn, stringColumn, table } from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

const REFERENCE = join(import.meta.dirname, "../../reference/kernel-density");
const read = (name: string): unknown => JSON.parse(readFileSync(join(REFERENCE, name), "utf8"));
const TOL = 1e-12;

interface Printed {
  tolerance: { decimals10: number; decimals7: number; binned: number };
  input: { x: number[]; at: number[] };
  expected: {
    sd: number;
    iqr: number;
    nrd0: number;
    scott: number;
    gaussian: number[];
    epanechnikov: number[];
    binned: number[];
  };
}

interface RCase {
  name: string;
  input: { x: number[]; at: number[] };
  expected: {
    sd: number;
    iqr: number;
    mean: number;
    median: number;
    bandwidth: Record<"silverman" | "stata" | "nrd0" | "scott", number>;
    gaussian: number[];
    epanechnikov: number[];
    epan2: number[];
    grid: { from: number; to: number; points: number };
    gridDensity: number[];
    peakLocation: number[];
    peakHeight: number[];
    binned: number[];
  };
}

/** Trapezoid rule over ascending points (spacing may vary). */
function trapezoid(x: Float64Array, f: Float64Array): number {
  let sum = 0;
  for (let k = 1; k < x.length; k++) sum += ((x[k]! - x[k - 1]!) * (f[k]! + f[k - 1]!)) / 2;
  return sum;
}

/**
 * Data on a 0.001 lattice in [−1000, 1000] with at least 4 distinct values: real-world magnitudes. Unrestricted
 * doubles reach subnormal spreads (5e-324), where no bandwidth is usable; the named tests below cover those.
 */
const data = fc
  .array(
    fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000),
    { minLength: 4, maxLength: 30 },
  )
  .filter((v) => new Set(v).size >= 4)
  .map((v) => Float64Array.from(v));

describe("reference values", () => {
  it("bandwidth and kernelDensity match methods.md §3.3 as printed", () => {
    const { input, expected, tolerance } = read("methods-md-printed.json") as Printed;
    const x = Float64Array.from(input.x);
    const at = Float64Array.from(input.at);
    expectClose(bandwidth(x, "nrd0"), expected.nrd0, { abs: tolerance.decimals10 });
    expectClose(bandwidth(x, "scott"), expected.scott, { abs: tolerance.decimals10 });
    const g = kernelDensity(x, { bandwidth: "nrd0", at });
    expectAllClose(g.density, expected.gaussian, { abs: tolerance.decimals7 });
    expectClose(g.summary.sd, expected.sd, { abs: tolerance.decimals7 });
    expectClose(g.summary.iqr, expected.iqr, { abs: 1e-15 });
    const e = kernelDensity(x, { bandwidth: "nrd0", at, kernel: "epanechnikov" });
    expectAllClose(e.density, expected.epanechnikov, { abs: tolerance.decimals7 });
    // R's density() bins the data: only a loose check (methods.md §4.9).
    expectAllClose(g.density, expected.binned, { abs: tolerance.binned });
  });

  const { cases } = read("cases-r.json") as { cases: RCase[] };
  it.each(cases.map((c) => [c.name, c] as const))(
    "bandwidth(x, rule) matches R's bw.nrd0, bw.nrd and the Stata/statsmodels definitions: %s",
    (_, c) => {
      const x = Float64Array.from(c.input.x);
      for (const rule of BANDWIDTH_RULES) {
        const want = c.expected.bandwidth[rule];
        if (want > 0) expectClose(bandwidth(x, rule), want, { rel: TOL, labels: [rule] });
        else
          expect(() => bandwidth(x, rule), rule).toThrow(new RegExp(`^bandwidth: the ${rule} rule gives 0`));
      }
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    "kernelDensity(x, { kernel, bandwidth: 'nrd0', at }) matches exact sums in R for every kernel: %s",
    (_, c) => {
      const x = Float64Array.from(c.input.x);
      const at = Float64Array.from(c.input.at);
      const scale = Math.max(...c.expected.gaussian);
      for (const kernel of KERNELS) {
        const r = kernelDensity(x, { kernel, bandwidth: "nrd0", at });
        expectAllClose(r.density, c.expected[kernel], {
          abs: TOL * scale,
          rel: TOL,
          labels: c.input.at.map(String),
        });
      }
      const r = kernelDensity(x, { bandwidth: "nrd0", at });
      expectClose(r.summary.mean, c.expected.mean, { rel: TOL, abs: TOL });
      expectClose(r.summary.median, c.expected.median, { rel: TOL, abs: TOL });
      expectClose(r.summary.sd, c.expected.sd, { rel: TOL, abs: TOL });
      expectClose(r.summary.iqr, c.expected.iqr, { rel: TOL, abs: TOL });
      expectAllClose(r.density, c.expected.binned, { abs: 5e-3 * scale });
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    "kernelDensity(x, { points: 512, cut: 3 }) has density()'s grid, the exact density on it and its peaks: %s",
    (_, c) => {
      const x = Float64Array.from(c.input.x);
      const r = kernelDensity(x, { bandwidth: "nrd0", points: 512, cut: 3 });
      const { from, to, points } = c.expected.grid;
      expect(r.x.length).toBe(points);
      expectClose(r.x[0]!, from, { rel: TOL, abs: TOL });
      expectClose(r.x[points - 1]!, to, { rel: TOL, abs: TOL });
      const scale = Math.max(...c.expected.gridDensity);
      expectAllClose(r.density, c.expected.gridDensity, { abs: TOL * scale, rel: TOL });
      if (c.name === "constant") {
        // A flat top of two equal grid values around 3, which R's diff(sign(diff(f))) does not see.
        expect(r.peaks.location.length).toBe(1);
        expectClose(r.peaks.location[0]!, 3, { abs: TOL });
      } else {
        expectAllClose(r.peaks.location, c.expected.peakLocation, { rel: TOL, abs: TOL });
        expectAllClose(r.peaks.height, c.expected.peakHeight, { rel: TOL, abs: TOL });
      }
    },
  );

  it("the doc examples", () => {
    const x = Float64Array.of(0.2, 0.25, 0.3, 0.45, 0.6, 0.38, 0.52, 0.33, 0.28, 0.15, 0.22, 0.18);
    expect(bandwidth(x, "nrd0").toFixed(10)).toBe("0.0745700322");
    const phi = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
    expectClose(
      kernelDensity(Float64Array.of(0, 1), { bandwidth: 1, at: Float64Array.of(0) }).density[0]!,
      (phi(0) + phi(1)) / 2,
      { abs: 1e-16 },
    );
    expect(
      Array.from(densityPeaks(Float64Array.of(0, 1, 2, 3, 4), Float64Array.of(0, 2, 1, 3, 0)).location),
    ).toEqual([1, 3]);
  });
});

describe("properties", () => {
  propTest.prop([data, fc.constantFrom(...KERNELS)])(
    "f̂ integrates to 1 on a wide grid (±6h around every data point, 0.05h apart)",
    (x, kernel) => {
      const h = bandwidth(x, "nrd0");
      // A uniform grid over the whole range would be too coarse where h ≪ range; this one is fine everywhere.
      const points = new Set<number>();
      for (const v of x) for (let k = -120; k <= 120; k++) points.add(v + (k / 20) * h);
      const at = Float64Array.from(points).sort();
      const r = kernelDensity(x, { kernel, bandwidth: h, at });
      expectClose(trapezoid(at, r.density), 1, { abs: 1e-3 });
      expect(r.density.every((f) => f >= 0)).toBe(true);
    },
  );

  it("f̂ integrates to 1 on a uniform wide grid for each kernel (methods.md data, 4000 points, cut 6)", () => {
    const x = Float64Array.of(0.2, 0.25, 0.3, 0.45, 0.6, 0.38, 0.52, 0.33, 0.28, 0.15, 0.22, 0.18);
    for (const kernel of KERNELS) {
      const r = kernelDensity(x, { kernel, points: 4000, cut: 6 });
      expectClose(trapezoid(r.x, r.density), 1, { abs: 1e-5, labels: [kernel] });
    }
  });

  propTest.prop([
    data,
    fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  ])("bandwidths scale with the data; f̂ of c·x + b at c·t + b is f̂(t)/c", (x, c, b) => {
    const moved = x.map((v) => c * v + b);
    for (const rule of BANDWIDTH_RULES) {
      let h: number;
      try {
        h = bandwidth(x, rule);
      } catch {
        continue; // IQR and sd both 0 cannot happen here (≥ 4 distinct values), but keep the property total
      }
      expectClose(bandwidth(moved, rule), c * h, { rel: 1e-9, labels: [rule] });
    }
    const at = Float64Array.of(x[0]!, (x[0]! + x[1]!) / 2, x[1]!);
    for (const kernel of KERNELS) {
      const f = kernelDensity(x, { kernel, at }).density;
      const g = kernelDensity(moved, { kernel, at: at.map((t) => c * t + b) }).density;
      expectAllClose(
        g.map((v) => v * c),
        f,
        { rel: 1e-6, abs: 1e-9 * Math.max(...f) },
      );
    }
  });

  propTest.prop([fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 50 })])(
    "densityPeaks finds exactly the strict interior local maxima of a sequence without ties",
    (values) => {
      const f = Float64Array.from(new Set(values));
      const x = Float64Array.from(f, (_, k) => k);
      const want: number[] = [];
      for (let k = 1; k < f.length - 1; k++) if (f[k]! > f[k - 1]! && f[k]! > f[k + 1]!) want.push(k);
      const peaks = densityPeaks(x, f);
      expect(Array.from(peaks.location)).toEqual(want);
      if (want.length > 0) expect(peaks.height[peaks.main]).toBe(Math.max(...want.map((k) => f[k]!)));
      else expect(peaks.main).toBe(-1);
    },
  );
});

describe("edges and errors", () => {
  it("densityPeaks: flat tops count once at their middle; ends and rising plateaus are not peaks", () => {
    const x = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7);
    const p = densityPeaks(x, Float64Array.of(0, 1, 1, 1, 0, 2, 2, 3));
    expect(Array.from(p.location)).toEqual([2]);
    expect(densityPeaks(Float64Array.of(0, 1), Float64Array.of(1, 0)).main).toBe(-1);
    expect(() => densityPeaks(x, Float64Array.of(1))).toThrow(/^densityPeaks: x and f need the same length/);
  });

  it("a spread below the floating-point resolution is refused, not turned into an infinite density (found by the properties)", () => {
    const tiny = Float64Array.of(0, 0, -5e-324, -1e-323, 4.39311271090029e-162);
    for (const rule of BANDWIDTH_RULES)
      expect(() => bandwidth(tiny, rule), rule).toThrow(/below the floating-point resolution/);
    expect(() => kernelDensity(Float64Array.of(0, 5e-324, -5e-324, -1e-323))).toThrow(
      /^kernelDensity: the silverman rule gives/,
    );
    expect(() => kernelDensity(Float64Array.of(1, 2), { bandwidth: 1e-320 })).toThrow(
      /^kernelDensity: bandwidth must be a finite number > 0/,
    );
  });

  it("nrd0 falls back as R does: sd when the IQR is 0, else |x_1|, else 1", () => {
    const tied = Float64Array.of(1, 1, 1, 1, 1, 1, 5);
    expectClose(bandwidth(tied, "nrd0"), 0.9 * Math.sqrt(16 / 7) * Math.pow(7, -0.2), { rel: 1e-14 });
    expect(() => bandwidth(tied, "silverman")).toThrow(/^bandwidth: the silverman rule gives 0/);
    expectClose(bandwidth(Float64Array.of(0, 0, 0), "nrd0"), 0.9 * Math.pow(3, -0.2), { rel: 1e-15 });
  });

  it("bad arguments throw RangeErrors naming the function", () => {
    const x = Float64Array.of(1, 2, 3);
    expect(() => bandwidth(Float64Array.of(1), "nrd0")).toThrow(/^bandwidth: x needs at least 2 values/);
    expect(() => bandwidth(Float64Array.of(1, Number.NaN), "nrd0")).toThrow(
      /^bandwidth: values must be finite/,
    );
    expect(() => kernelDensity(x, { bandwidth: 0 })).toThrow(
      /^kernelDensity: bandwidth must be a finite number > 0/,
    );
    expect(() => kernelDensity(x, { kernel: "box" as "gaussian" })).toThrow(
      /^kernelDensity: unknown kernel "box"/,
    );
    expect(() => kernelDensity(x, { points: 1 })).toThrow(
      /^kernelDensity: points must be a whole number ≥ 2/,
    );
    expect(() => kernelDensity(x, { from: 3, to: 1 })).toThrow(
      /^kernelDensity: the grid needs finite from < to/,
    );
    expect(kernelDensity(Float64Array.of(2), { bandwidth: 1, points: 3 }).x).toEqual(
      Float64Array.of(-1, 2, 5),
    );
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

describe("kernelDensityByPeriod and kernelDensityTables", () => {
  const X = [0.2, 0.25, 0.3, 0.45, 0.6, 0.38, 0.52, 0.33, 0.28, 0.15, 0.22, 0.18];
  const rows = X.flatMap((x, i) => [
    { id: `u${String(i).padStart(2, "0")}`, year: 2020, y: x, region: i < 6 ? "A" : "B" },
    { id: `u${String(i).padStart(2, "0")}`, year: 2021, y: x + 0.1, region: i < 6 ? "A" : "B" },
  ]);

  it("estimates every period and group on one grid that covers each estimate's cut·h margin", () => {
    const r = kernelDensityByPeriod(panelOf(rows), "y", { group: "region", bandwidth: "nrd0", points: 101 });
    expect(r.estimates.map((e) => [e.group, e.time])).toEqual([
      ["all", 2020],
      ["all", 2021],
      ["A", 2020],
      ["A", 2021],
      ["B", 2020],
      ["B", 2021],
    ]);
    const x = Float64Array.from(X);
    const h = bandwidth(x, "nrd0");
    expect(r.estimates[0]!.result.bandwidth).toBe(h);
    expect(r.grid.length).toBe(101);
    for (const e of r.estimates) {
      expect(e.result.x).toBe(r.grid);
      expect(r.grid[0]!).toBeLessThanOrEqual(e.result.summary.min - 3 * e.result.bandwidth + 1e-12);
      expect(r.grid[100]!).toBeGreaterThanOrEqual(e.result.summary.max + 3 * e.result.bandwidth - 1e-12);
    }
    // The 2021 density of all units is the 2020 density shifted by 0.1.
    const shifted = kernelDensity(x, { bandwidth: "nrd0", at: r.grid.map((g) => g - 0.1) }).density;
    expectAllClose(r.estimates[1]!.result.density, shifted, { abs: 1e-12 });

    const t = kernelDensityTables(r);
    expect(t.density.columns.map((c) => c.name)).toEqual(["year", "group", "x", "density"]);
    expect(t.density.rowCount).toBe(6 * 101);
    expect(cell(getColumn(t.density, "group"), 101)).toBe("all");
    expect(cell(getColumn(t.density, "year"), 101)).toBe(2021);
    expect(t.summary.rowCount).toBe(6);
    expect(cell(getColumn(t.summary, "bandwidth"), 0)).toBe(h);
    expect(t.peaks.rowCount).toBe(r.estimates.reduce((n, e) => n + e.result.peaks.location.length, 0));
    expect(String(t.density.meta.notes)).toMatch(/bw\.nrd0/);
  });

  it("without a group the tables have no group column", () => {
    const t = kernelDensityTables(kernelDensityByPeriod(panelOf(rows), "y", { to: 2020 }));
    expect(t.density.columns.map((c) => c.name)).toEqual(["year", "x", "density"]);
    expect(t.density.rowCount).toBe(200);
  });

  it("reports a group with one unit, a constant period under a rule that gives 0, and missing values, at once", () => {
    const bad = [
      { id: "a", year: 2000, y: 1, region: "A" },
      { id: "a", year: 2001, y: 2, region: "A" },
      { id: "b", year: 2000, y: 1, region: "A" },
      { id: "b", year: 2001, y: 3, region: "B" },
      { id: "c", year: 2000, y: 1, region: "B" },
      { id: "c", year: 2001, y: null, region: "B" },
      { id: "d", year: 2000, y: 1, region: "B" },
      { id: "d", year: 2001, y: 4, region: "B" },
    ];
    const missing = issuesOf(() => kernelDensityByPeriod(panelOf(bad), "y", { group: "region" }));
    expect(missing.map((i) => [i.code, i.entity, i.time])).toEqual([["bad_value", "c", 2001]]);
    const issues = issuesOf(() =>
      kernelDensityByPeriod(panelOf(bad), "y", { group: "region", missing: "drop", bandwidth: "silverman" }),
    );
    expect(issues.map((i) => [i.code, i.column, i.time])).toEqual([
      ["bad_value", "y", 2000],
      ["bad_value", "region", 2000],
      ["bad_value", "region", 2000],
      ["bad_value", "region", 2001],
    ]);
    expect(issues[0]!.message).toMatch(/silverman bandwidth of period 2000 is 0/);
    expect(issues[3]!.message).toMatch(/group "A" in 2001 has 1 unit/);
    // A given bandwidth makes the constant period usable; nrd0 falls back as R does.
    expect(() =>
      kernelDensityByPeriod(panelOf(bad), "y", { missing: "drop", bandwidth: "nrd0" }),
    ).not.toThrow();
  });
});
