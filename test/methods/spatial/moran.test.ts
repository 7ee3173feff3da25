/**
 * Moran's I: the methods.md §3.6 path-graph vectors (exact fractions), spdep 1.2-7 moran.test/localmoran on the
 * China GDP-per-capita fixture, esda's permutation procedure re-stated in numpy (same MT19937 stream), brute-force
 * double sums, and the permutation distribution's mean against E[I].
 */
import { readFileSync } from "node:fs";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  localMoran,
  localMoranTable,
  moranByYear,
  moranI,
  moranScatter,
  moranTable,
  weightsConstants,
} from "../../../src/methods/spatial/moran.js";
import { rowStandardise, spatialWeights, type SpatialWeights } from "../../../src/methods/spatial/weights.js";
import { panel } from "../../../src/panel/panel.js";
import { cell, getColumn, numberColumn, stringColumn, table } from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

/** Agreement with exact fractions and with spdep (which prints 17 significant digits). */
const TOL = 1e-12;
const SPDEP_TOL = { abs: 1e-10, rel: 1e-9 };

// methods.md §3.6 tiny vector: y = (1, 2, 3, 5, 4) on the path 1–2–3–4–5.
const PATH_IDS = ["1", "2", "3", "4", "5"];
const PATH = spatialWeights(PATH_IDS, [[1], [0, 2], [1, 3], [2, 4], [3]]);
const Y = Float64Array.of(1, 2, 3, 5, 4);

describe("methods.md §3.6 path graph (exact fractions re-derived by hand)", () => {
  it("moranI(y, binary path): I = 1/2, Var_N = 9/64, Var_R = 27/160, z_N = 2, E[I] = −1/4", () => {
    const r = moranI(Y, PATH, { permutations: 0 });
    expectClose(r.I, 0.5, { abs: TOL });
    expectClose(r.expected, -0.25, { abs: TOL });
    expectClose(r.normal.variance, 9 / 64, { abs: TOL });
    expectClose(r.randomisation.variance, 27 / 160, { abs: TOL });
    expectClose(r.normal.z, 2, { abs: TOL });
    expectClose(r.randomisation.z, 0.75 / Math.sqrt(27 / 160), { abs: TOL });
    expect([r.s0, r.s1, r.s2, r.kurtosis]).toEqual([8, 16, 56, 1.7]);
    expect(weightsConstants(PATH)).toEqual({ s0: 8, s1: 16, s2: 56 });
    // two-tailed p of z = 2: erfc(√2) = 0.04550026389635842 (A&S 26.2; R 2*pnorm(-2))
    expectClose(r.normal.p, 0.04550026389635842, { abs: TOL });
    expect(r.permutation).toBeUndefined();
  });
  it("moranI(y, row-standardised path): I = 3/5, Var_N = 19/120, Var_R = 29/150", () => {
    const r = moranI(Y, rowStandardise(PATH), { permutations: 0 });
    expectClose(r.I, 0.6, { abs: TOL });
    expectClose(r.normal.variance, 19 / 120, { abs: TOL });
    expectClose(r.randomisation.variance, 29 / 150, { abs: TOL });
    expectClose(r.normal.z, 0.85 / Math.sqrt(19 / 120), { abs: TOL });
    expectClose(r.randomisation.z, 0.85 / Math.sqrt(29 / 150), { abs: TOL });
  });
  it("localMoran: I_i = (1, 1, 0, 1, 1) binary and (1, 1/2, 0, 1/2, 1) row-standardised; quadrants LL LL LL HH HH", () => {
    const b = localMoran(Y, PATH, { permutations: 0 });
    expectAllClose(b.Ii, [1, 1, 0, 1, 1], { abs: TOL });
    const w = localMoran(Y, rowStandardise(PATH), { permutations: 0 });
    expectAllClose(w.Ii, [1, 0.5, 0, 0.5, 1], { abs: TOL });
    expect(w.quadrant).toEqual(["LL", "LL", "LH", "HH", "HH"]);
    // unit 3 is at the mean (z = 0): I_3 = 0 whatever its neighbours, so it has no test
    expect(w.status).toEqual(["ok", "ok", "no-variance", "ok", "ok"]);
    expect(Number.isNaN(w.zScore[2]!)).toBe(true);
  });
  it("moranScatter(y, row-standardised path) has slope I = 0.6", () => {
    expectClose(moranScatter(Y, rowStandardise(PATH)).slope, 0.6, { abs: TOL });
  });
});

interface SpdepCase {
  randomisation: { I: number; expected: number; variance: number; z: number; p: number };
  normality: { I: number; expected: number; variance: number; z: number; p: number };
  local_conditional: {
    Ii: number[];
    expected: number[];
    variance: number[];
    z: (number | null)[];
    p: (number | null)[];
    quadrant: string[];
  };
  local_total: {
    Ii: number[];
    expected: number[];
    variance: number[];
    z: (number | null)[];
    p: (number | null)[];
    quadrant: string[];
  };
}
const fixture = JSON.parse(
  readFileSync(new URL("../../reference/moran/china-gdppc-2019.json", import.meta.url), "utf8"),
) as {
  input: { ids: string[]; y: number[] };
  expected: Record<string, SpdepCase> & { queen: string[][]; moran_knn4_W_neighbours: string[][] };
};
const permutationFixture = JSON.parse(
  readFileSync(new URL("../../reference/moran/china-gdppc-2019-permutation.json", import.meta.url), "utf8"),
) as {
  expected: {
    I: number;
    cases: {
      seed: number;
      permutations: number;
      larger: number;
      p_sim: number;
      EI_sim: number;
      seI_sim: number;
      z_sim: number;
      p_z_sim: number;
    }[];
  };
};
const IDS = fixture.input.ids;
const GDPPC = Float64Array.from(fixture.input.y);

function fromIdLists(lists: readonly (readonly string[])[]): SpatialWeights {
  return spatialWeights(
    IDS,
    lists.map((l) => l.map((id) => IDS.indexOf(id))),
  );
}
const QUEEN = fromIdLists(fixture.expected.queen);
const LINKED = fromIdLists(
  fixture.expected.queen.map((l, i) =>
    IDS[i] === "460000" ? ["440000"] : IDS[i] === "440000" ? [...l, "460000"] : l,
  ),
);
const QUADRANT: Record<string, string> = {
  "High-High": "HH",
  "Low-High": "LH",
  "Low-Low": "LL",
  "High-Low": "HL",
};

describe("China GDP per capita 2019 against spdep 1.2-7 (test/reference/moran)", () => {
  const cases: [string, SpatialWeights][] = [
    ["moran_queen_linked_W", rowStandardise(LINKED)],
    ["moran_queen_linked_B", LINKED],
    ["moran_queen_island_W", rowStandardise(QUEEN)],
    ["moran_knn4_W", rowStandardise(fromIdLists(fixture.expected.moran_knn4_W_neighbours))],
  ];
  for (const [name, w] of cases) {
    it(`moranI and localMoran match moran.test / localmoran for ${name}`, () => {
      const expected = fixture.expected[name]!;
      const r = moranI(GDPPC, w, { permutations: 0 });
      expectClose(r.I, expected.randomisation.I, SPDEP_TOL);
      expectClose(r.expected, expected.randomisation.expected, SPDEP_TOL);
      expectClose(r.randomisation.variance, expected.randomisation.variance, SPDEP_TOL);
      expectClose(r.randomisation.z, expected.randomisation.z, SPDEP_TOL);
      expectClose(r.randomisation.p, expected.randomisation.p, SPDEP_TOL);
      expectClose(r.normal.variance, expected.normality.variance, SPDEP_TOL);
      expectClose(r.normal.z, expected.normality.z, SPDEP_TOL);
      expectClose(r.normal.p, expected.normality.p, SPDEP_TOL);
      for (const moments of ["conditional", "total"] as const) {
        const l = localMoran(GDPPC, w, { permutations: 0, moments });
        const e = moments === "conditional" ? expected.local_conditional : expected.local_total;
        const nan = (a: readonly (number | null)[]) => a.map((v) => v ?? Number.NaN);
        expectAllClose(l.Ii, e.Ii, { ...SPDEP_TOL, labels: IDS });
        const ok = IDS.map((_, i) => i).filter((i) => l.status[i] === "ok");
        const at = (a: ArrayLike<number | null>) => ok.map((i) => a[i] ?? Number.NaN);
        expectAllClose(at(l.expected), at(e.expected), SPDEP_TOL);
        expectAllClose(at(l.variance), at(e.variance), SPDEP_TOL);
        expectAllClose(at(l.zScore), at(nan(e.z)), SPDEP_TOL);
        expectAllClose(at(l.pNormal), at(nan(e.p)), SPDEP_TOL);
        expect(l.quadrant).toEqual(e.quadrant.map((q) => QUADRANT[q]));
      }
    });
  }
  it("the queen weights without a link leave Hainan an island: reported, counted in n = 31, no local test", () => {
    const r = moranI(GDPPC, rowStandardise(QUEEN), { permutations: 0 });
    expect(r.islands).toEqual(["460000"]);
    expect(r.n).toBe(31);
    const l = localMoran(GDPPC, rowStandardise(QUEEN), { permutations: 9 });
    const hainan = IDS.indexOf("460000");
    expect([l.status[hainan], l.cluster[hainan], l.Ii[hainan]]).toEqual(["island", "island", 0]);
    expect(Number.isNaN(l.permutation!.p[hainan]!)).toBe(true);
  });
  for (const c of permutationFixture.expected.cases) {
    it(`moranI(..., { permutations: ${c.permutations}, seed: ${c.seed} }) reproduces esda's procedure in numpy: larger ${c.larger}, p ${c.p_sim}`, () => {
      const r = moranI(GDPPC, rowStandardise(LINKED), { permutations: c.permutations, seed: c.seed });
      expectClose(r.I, permutationFixture.expected.I, { abs: TOL });
      expect(r.permutation!.larger).toBe(c.larger);
      expect(r.permutation!.p).toBe(c.p_sim);
      expectClose(r.permutation!.mean, c.EI_sim, { abs: TOL });
      expectClose(r.permutation!.sd, c.seI_sim, { abs: TOL });
      expectClose(r.permutation!.z, c.z_sim, { abs: 1e-10 });
      expectClose(r.permutation!.pZ, c.p_z_sim, { abs: 1e-12, rel: 1e-9 });
    });
  }
});

/** Dense n × n matrix of the weights. */
function dense(w: SpatialWeights): number[][] {
  const n = w.ids.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  w.neighbours.forEach((row, i) => {
    row.forEach((j, q) => {
      m[i]![j] = w.weights[i]![q]!;
    });
  });
  return m;
}

const weightsAndValues = fc.integer({ min: 4, max: 9 }).chain((n) =>
  fc.record({
    matrix: fc.array(
      fc.array(fc.option(fc.double({ min: 0.1, max: 5, noNaN: true }), { nil: undefined, freq: 2 }), {
        minLength: n,
        maxLength: n,
      }),
      {
        minLength: n,
        maxLength: n,
      },
    ),
    y: fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);
function build(matrix: (number | undefined)[][]): SpatialWeights {
  const n = matrix.length;
  const neighbours = matrix.map((row, i) => row.flatMap((v, j) => (v !== undefined && j !== i ? [j] : [])));
  const weights = matrix.map((row, i) => row.flatMap((v, j) => (v !== undefined && j !== i ? [v] : [])));
  return spatialWeights(
    Array.from({ length: n }, (_, i) => `u${i}`),
    neighbours,
    weights,
  );
}

describe("properties", () => {
  propTest.prop([weightsAndValues])(
    "moranI and localMoran equal brute-force double sums over the dense W (asymmetric W too)",
    ({ matrix, y }) => {
      const w = build(matrix);
      const n = y.length;
      const mean = y.reduce((a, b) => a + b, 0) / n;
      const z = y.map((v) => v - mean);
      const zz = z.reduce((a, v) => a + v * v, 0);
      fc.pre(zz > 1e-6);
      const W = dense(w);
      let s0 = 0;
      let cross = 0;
      let s1 = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          s0 += W[i]![j]!;
          cross += W[i]![j]! * z[i]! * z[j]!;
          s1 += 0.5 * (W[i]![j]! + W[j]![i]!) ** 2;
        }
      fc.pre(s0 > 0);
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        let row = 0;
        let col = 0;
        for (let j = 0; j < n; j++) {
          row += W[i]![j]!;
          col += W[j]![i]!;
        }
        s2 += (row + col) ** 2;
      }
      const c = weightsConstants(w);
      expectClose(c.s0, s0, { rel: 1e-12 });
      expectClose(c.s1, s1, { rel: 1e-12 });
      expectClose(c.s2, s2, { rel: 1e-12 });
      const r = moranI(y, w, { permutations: 0 });
      expectClose(r.I, (n / s0) * (cross / zz), { abs: 1e-12, rel: 1e-10 });
      const l = localMoran(y, w, { permutations: 0 });
      const m2 = zz / n;
      for (let i = 0; i < n; i++) {
        let lag = 0;
        for (let j = 0; j < n; j++) lag += W[i]![j]! * z[j]!;
        expectClose(l.Ii[i]!, (z[i]! / m2) * lag, { abs: 1e-12, rel: 1e-10 });
      }
      // Σ_i I_i = S0·I
      expectClose(
        l.Ii.reduce((a, b) => a + b, 0),
        s0 * r.I,
        { abs: 1e-9, rel: 1e-9 },
      );
    },
  );

  it("the permuted I average to E[I] = −1/(n − 1): 4,000 permutations, within 5 standard errors √(Var_R/4000), for 3 seeds", () => {
    // Over all permutations of z, E[I] is exactly −1/(n − 1) and Var[I] is exactly Var_R (Cliff & Ord 1981), so the
    // mean of P random permutations has standard error √(Var_R/P); 5 SE fails a correct sampler with p < 1e-6.
    const w = rowStandardise(LINKED);
    for (const seed of [1, 2, 3]) {
      const r = moranI(GDPPC, w, { permutations: 4000, seed });
      const se = Math.sqrt(r.randomisation.variance / 4000);
      expect(Math.abs(r.permutation!.mean - r.expected)).toBeLessThan(5 * se);
      // and their spread estimates √Var_R (sd of a sample sd ≈ sd/√(2P) ≈ 1.1 %; 10 % is a loose bound)
      expect(Math.abs(r.permutation!.sd / Math.sqrt(r.randomisation.variance) - 1)).toBeLessThan(0.1);
    }
  });

  it("local conditional permutation draws neighbour values uniformly: larger/P matches the exact enumerated tail within 5 SE", () => {
    // Unit 2 of the path with weights 0.2 and 0.8: ordered draws of 2 of the other 4 values are equally likely (12 of
    // them); the exact share of draws with I ≥ observed is enumerated below.
    const w = spatialWeights(
      PATH_IDS,
      [[1], [0, 2], [1, 3], [2, 4], [3]],
      [[1], [0.2, 0.8], [0.5, 0.5], [0.5, 0.5], [1]],
    );
    const y = Float64Array.of(1, 2, 7, 5, 4);
    const P = 20_000;
    const l = localMoran(y, w, { permutations: P, seed: 11 });
    const z = Array.from(y, (v) => v - 4.6);
    const others = [0, 2, 3, 4];
    let atLeast = 0;
    let total = 0;
    for (const a of others)
      for (const b of others)
        if (a !== b) {
          total++;
          if (z[1]! * (0.2 * z[a]! + 0.8 * z[b]!) >= l.Ii[1]! * l.m2) atLeast++;
        }
    const share = Math.min(atLeast, total - atLeast) / total;
    const se = Math.sqrt((share * (1 - share)) / P);
    expect(Math.abs(l.permutation!.larger[1]! / P - share)).toBeLessThan(5 * se + 1e-12);
  });

  propTest.prop([weightsAndValues, fc.integer({ min: 0, max: 0xffffffff })])(
    "permutation results are reproducible for a seed (global and local)",
    ({ matrix, y }, seed) => {
      const w = build(matrix);
      const zz = y.reduce((a, v) => a + (v - y.reduce((s, t) => s + t, 0) / y.length) ** 2, 0);
      fc.pre(zz > 1e-6 && w.neighbours.some((r) => r.length > 0));
      const a = moranI(y, w, { permutations: 49, seed });
      const b = moranI(y, w, { permutations: 49, seed });
      expect(b.permutation).toEqual(a.permutation);
      const la = localMoran(y, w, { permutations: 19, seed });
      const lb = localMoran(y, w, { permutations: 19, seed });
      expect(lb.permutation).toEqual(la.permutation);
    },
  );
});

describe("by year and tables", () => {
  const years = [2018, 2019];
  const rows = IDS.flatMap((id, i) =>
    years.map((t) => ({ id, t, v: GDPPC[i]! * (t === 2018 ? 0.9 : 1) + (t === 2018 ? i : 0) })),
  );
  const p = panel(
    table([
      stringColumn(
        "adcode",
        rows.map((r) => r.id),
      ),
      numberColumn(
        "year",
        rows.map((r) => r.t),
      ),
      numberColumn(
        "gdppc",
        rows.map((r) => r.v),
      ),
    ]),
    { entity: "adcode", time: "year" },
  );
  it("moranByYear gives each year the result of moranI with the same seed, and its tables carry the year", () => {
    const w = rowStandardise(LINKED);
    const result = moranByYear(p, "gdppc", w, { permutations: 99, seed: 5, local: true });
    expect(result.years).toEqual(years);
    const alone = moranI(GDPPC, w, { permutations: 99, seed: 5 });
    expect(result.global[1]!.I).toBe(alone.I);
    expect(result.global[1]!.permutation).toEqual(alone.permutation);
    const t = moranTable(result.global, { periods: result.years, variable: "gdppc" });
    expect(t.columns.map((c) => c.name).slice(0, 4)).toEqual(["year", "variable", "n", "moran_i"]);
    expect(cell(getColumn(t, "moran_i"), 1)).toBe(alone.I);
    expect(cell(getColumn(t, "p_permutation"), 1)).toBe(alone.permutation!.p);
    const lt = localMoranTable(result.local!, { periods: result.years, idColumn: "adcode" });
    expect(lt.rowCount).toBe(2 * IDS.length);
    expect(cell(getColumn(lt, "adcode"), IDS.length)).toBe(IDS[0]);
  });
  it("islands appear in the table notes; undefined local statistics are empty cells with their status", () => {
    const result = moranByYear(p, "gdppc", rowStandardise(QUEEN), {
      permutations: 9,
      local: true,
      from: 2019,
    });
    expect(moranTable(result.global).meta.notes?.join(" ")).toMatch(/Islands .*460000/);
    const lt = localMoranTable(result.local!);
    const r = IDS.indexOf("460000");
    expect(cell(getColumn(lt, "status"), r)).toBe("island");
    expect(cell(getColumn(lt, "p_permutation"), r)).toBeNull();
  });
  it("moranByYear reports every missing value with entity, period and file row, and entities the weights lack", () => {
    const values = rows.map((r) => r.v);
    values[0] = Number.NaN;
    values[5] = Number.NaN;
    const q = panel(
      table([
        stringColumn(
          "adcode",
          rows.map((r) => r.id),
        ),
        numberColumn(
          "year",
          rows.map((r) => r.t),
        ),
        numberColumn("gdppc", values),
      ]),
      { entity: "adcode", time: "year" },
    );
    const issues = issuesOf(() =>
      moranByYear(q, "gdppc", rowStandardise(LINKED), { file: "d.csv", fileRows: rows.map((_, k) => k + 2) }),
    );
    expect(issues.map((i) => [i.code, i.entity, i.time, i.row])).toEqual([
      ["bad_value", IDS[0], 2018, 2],
      ["bad_value", IDS[2], 2019, 7],
    ]);
    const fewer = spatialWeights(
      IDS.slice(1),
      fixture.expected.queen.slice(1).map(() => []),
    );
    expect(issuesOf(() => moranByYear(p, "gdppc", fewer))[0]).toMatchObject({
      code: "missing_key",
      entity: IDS[0],
    });
    expect(issuesOf(() => moranByYear(p, "nope", LINKED))[0]!.code).toBe("missing_column");
  });
});

describe("errors", () => {
  it("a missing value, a constant variable, fewer than 4 units and weights without links are input errors", () => {
    expect(
      issuesOf(() => moranI([1, Number.NaN, 3, 5, 4], PATH, { column: "y", rows: [2, 3, 4, 5, 6] }))[0],
    ).toMatchObject({
      code: "bad_value",
      entity: "2",
      row: 3,
      column: "y",
    });
    expect(issuesOf(() => moranI([2, 2, 2, 2, 2], PATH))[0]!.code).toBe("bad_value");
    expect(issuesOf(() => moranI([1, 2, 3], spatialWeights(["a", "b", "c"], [[1], [0], []])))[0]!.code).toBe(
      "bad_value",
    );
    expect(issuesOf(() => moranI(Y, spatialWeights(PATH_IDS, [[], [], [], [], []])))[0]!.code).toBe(
      "bad_value",
    );
  });
  it("a length mismatch or a bad option throws RangeError naming the function", () => {
    expect(() => moranI([1, 2], PATH)).toThrow(/^moranI:/);
    expect(() => moranI(Y, PATH, { permutations: -1 })).toThrow(/^moranI:/);
    expect(() => moranI(Y, PATH, { seed: -1 })).toThrow(/^seededRandom:/);
    expect(() => localMoran(Y, PATH, { alpha: 1 })).toThrow(/^localMoran:/);
    expect(() => moranTable([], { periods: [1] })).toThrow(/^moranTable:/);
  });
});
