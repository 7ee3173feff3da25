import { test as propTest, fc } from "@fast-check/vitest";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../../src/io/datasets.js";
import { leastSquares, studentTTwoSided } from "../../../src/math/least-squares.js";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import {
  betaConvergence,
  betaConvergencePanel,
  betaConvergenceTables,
  sigmaConvergence,
  sigmaConvergencePanel,
  sigmaConvergenceTables,
  type BetaConvergenceResult,
  type FixedEffects,
  type StandardErrorType,
} from "../../../src/methods/disparity/convergence.js";
import { panel, type Panel } from "../../../src/panel/panel.js";
import { subsetPanel } from "../../../src/panel/subset.js";
import { numberColumn, stringColumn, table, type NumberColumn } from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

/**
 * R (lm + sandwich + lmtest) and our QR agree to about 1e-15 here; 1e-10 absolute plus 1e-8 relative leaves room for
 * other BLAS builds without hiding a wrong degrees-of-freedom factor (those change SEs by more than 1%).
 */
const ABS = 1e-10;
const REL = 1e-8;

interface BetaCase {
  readonly fe: FixedEffects;
  readonly se: StandardErrorType;
  readonly controls: readonly string[];
  readonly group: string;
  readonly terms: readonly string[];
  readonly coefficients: readonly number[];
  readonly standard_errors: readonly number[];
  readonly t: readonly number[];
  readonly p: readonly number[];
  readonly r2: number;
  readonly df: number;
  readonly observations: number;
}
interface SigmaCase {
  readonly group: string;
  readonly n: number;
  readonly mean: readonly number[];
  readonly cv: readonly number[];
  readonly sd_log: readonly number[];
  /** R's lm summary row: estimate, SE, t, p. */
  readonly cv_trend: readonly number[];
  readonly sd_log_trend: readonly number[];
}
interface Fixture {
  readonly source: string;
  readonly input: {
    readonly units: readonly string[];
    readonly times: readonly number[];
    readonly groups: readonly string[] | null;
    readonly x: readonly (readonly number[])[];
    readonly controls: Readonly<Record<string, readonly (readonly number[])[]>>;
  };
  readonly expected: { readonly sigma: readonly SigmaCase[]; readonly beta: readonly BetaCase[] };
}

function fixture(name: string): Fixture {
  return JSON.parse(
    readFileSync(new URL(`../../reference/convergence/${name}.json`, import.meta.url), "utf8"),
  ) as Fixture;
}

function expectBeta(result: BetaConvergenceResult, expected: BetaCase): void {
  const label = `${expected.group} fe=${expected.fe} se=${expected.se} controls=${expected.controls.join("+")}`;
  const options = { abs: ABS, rel: REL, labels: expected.terms.map((t) => `${label} ${t}`) };
  expect(result.status).toBe("ok");
  expectAllClose(result.coefficients, expected.coefficients, options);
  expectAllClose(result.standardErrors, expected.standard_errors, options);
  expectAllClose(result.t, expected.t, options);
  expectAllClose(result.p, expected.p, options);
  expectClose(result.r2, expected.r2, { abs: ABS, rel: REL });
  expect(result.df).toBe(expected.df);
  expect(result.observations).toBe(expected.observations);
}

function expectSigma(result: ReturnType<typeof sigmaConvergence>, expected: SigmaCase): void {
  const options = { abs: 1e-12, rel: 1e-12 };
  expect(result.n).toBe(expected.n);
  expectAllClose(result.mean, expected.mean, options);
  expectAllClose(result.cv, expected.cv, options);
  expectAllClose(result.sdLog, expected.sd_log, options);
  const trend = (t: { slope: number; standardError: number; t: number; p: number }) => [
    t.slope,
    t.standardError,
    t.t,
    t.p,
  ];
  expectAllClose(trend(result.cvTrend), expected.cv_trend, { abs: ABS, rel: REL });
  expectAllClose(trend(result.sdLogTrend!), expected.sd_log_trend, { abs: ABS, rel: REL });
}

describe("reference values (R lm + sandwich + lmtest, test/reference/convergence)", () => {
  const synthetic = fixture("synthetic");
  const y = fromRows(synthetic.input.x);
  const z = fromRows(synthetic.input.controls.z!);

  for (const c of synthetic.expected.beta) {
    it(`betaConvergence(synthetic, {fe: '${c.fe}', se: '${c.se}'${c.controls.length > 0 ? ", controls: [z]" : ""}}) matches R`, () => {
      const result = betaConvergence(y, {
        fe: c.fe,
        se: c.se,
        name: "lnx",
        controls: c.controls.map((name) => ({ name, values: z })),
      });
      expect(result.terms).toEqual(c.terms);
      expectBeta(result, c);
    });
  }

  it("sigmaConvergence(synthetic) matches R's CV, SD of logs (divisor n) and lm trends", () => {
    expectSigma(sigmaConvergence(y, { times: synthetic.input.times }), synthetic.expected.sigma[0]!);
  });

  describe("China provinces, gdp_per_capita 2012–2019 (bundled china-provinces-panel)", () => {
    const china = fixture("china-gdp-per-capita");
    let p: Panel;
    beforeAll(async () => {
      p = subsetPanel(await loadDataset("china-provinces-panel"), { from: 2012, to: 2019 });
    });

    it("the bundled panel holds the values the R script read from the same file", () => {
      const column = p.table.columns.find((c) => c.name === "gdp_per_capita") as NumberColumn;
      china.input.units.forEach((unit, i) => {
        const e = p.entities.indexOf(unit);
        expect(e, unit).toBeGreaterThanOrEqual(0);
        china.input.times.forEach((year, t) => {
          const r = p.entityOf.findIndex((v, row) => v === e && p.times[p.timeOf[row]!] === year);
          expect(column.values[r]).toBe(china.input.x[i]![t]);
        });
      });
    });

    for (const c of china.expected.beta.filter((b) => b.group === "all")) {
      it(`betaConvergencePanel(china, {fe: '${c.fe}', se: '${c.se}', controls: [${c.controls.join(", ")}]}) matches R`, () => {
        const result = betaConvergencePanel(p, {
          variable: "gdp_per_capita",
          fe: c.fe,
          se: c.se,
          controls: c.controls,
        });
        expect(result.tau).toBe(1);
        expectBeta(result.models[0]!.result, c);
      });
    }

    it("betaConvergencePanel(china, {fe: 'twoway', se: 'cluster', group: 'region_nbs4'}) matches R per region", () => {
      const result = betaConvergencePanel(p, {
        variable: "gdp_per_capita",
        fe: "twoway",
        se: "cluster",
        group: "region_nbs4",
      });
      const groups = china.expected.beta.filter((b) => b.group !== "all");
      expect(result.models.map((m) => m.group)).toEqual(["all", ...groups.map((g) => g.group)]);
      for (const g of groups) expectBeta(result.models.find((m) => m.group === g.group)!.result, g);
    });

    it("sigmaConvergencePanel(china, {group: 'region_nbs4'}) matches R for the nation and each region", () => {
      const result = sigmaConvergencePanel(p, { variable: "gdp_per_capita", group: "region_nbs4" });
      expect(result.series.map((s) => s.group)).toEqual(china.expected.sigma.map((s) => s.group));
      result.series.forEach((s, k) => {
        expectSigma(s.result, china.expected.sigma[k]!);
      });
    });
  });
});

describe("independent formulations", () => {
  it("leastSquares agrees with the normal equations solved by Cramer's rule (2 regressors)", () => {
    const X = fromRows([
      [1, 0.5],
      [1, 1.5],
      [1, 2.25],
      [1, 4],
      [1, 3.5],
    ]);
    const y = [1.2, 2.9, 3.1, 6.2, 5.4];
    const fit = leastSquares(X, y);
    // X'X = [[n, Σx], [Σx, Σx²]], X'y = [Σy, Σxy].
    const x = [0.5, 1.5, 2.25, 4, 3.5];
    const sx = x.reduce((a, b) => a + b, 0);
    const sxx = x.reduce((a, b) => a + b * b, 0);
    const sy = y.reduce((a, b) => a + b, 0);
    const sxy = x.reduce((a, b, i) => a + b * y[i]!, 0);
    const det = 5 * sxx - sx * sx;
    const b0 = (sxx * sy - sx * sxy) / det;
    const b1 = (5 * sxy - sx * sy) / det;
    expectAllClose(fit.coefficients, [b0, b1]);
    const rss = y.reduce((a, v, i) => a + (v - b0 - b1 * x[i]!) ** 2, 0);
    const s2 = rss / 3;
    expectAllClose(fit.standardErrors, [Math.sqrt((s2 * sxx) / det), Math.sqrt((s2 * 5) / det)]);
  });

  it("studentTTwoSided equals the closed forms for 1 (Cauchy) and 2 degrees of freedom", () => {
    for (const t of [0, 0.3, 1, 2.5, 12]) {
      expectClose(studentTTwoSided(t, 1), 1 - (2 / Math.PI) * Math.atan(t), { abs: 1e-14 });
      expectClose(studentTTwoSided(-t, 2), 1 - t / Math.sqrt(t * t + 2), { abs: 1e-14 });
    }
  });

  it("leastSquares reports a collinear column instead of NaN estimates without a status", () => {
    const fit = leastSquares(
      fromRows([
        [1, 2, 4],
        [1, 3, 6],
        [1, 5, 10],
        [1, 7, 14],
      ]),
      [1, 2, 3, 4],
    );
    expect(fit.status).toBe("collinear");
    expect(fit.collinearColumn).toBe(2);
  });
});

describe("properties", () => {
  const levels = (n: number, T: number) =>
    fc.array(fc.array(fc.double({ min: 0.5, max: 50, noNaN: true }), { minLength: T, maxLength: T }), {
      minLength: n,
      maxLength: n,
    });
  const settings = fc.record({
    fe: fc.constantFrom<FixedEffects>("none", "unit", "twoway"),
    se: fc.constantFrom<StandardErrorType>("conventional", "robust", "cluster"),
  });

  propTest.prop([levels(5, 4), settings, fc.integer({ min: 1, max: 119 })])(
    "permuting units changes no coefficient, standard error or R²",
    (rows, { fe, se }, seed) => {
      const base = betaConvergence(fromRows(rows), { fe, se });
      const pool = [0, 1, 2, 3, 4];
      const order: number[] = [];
      let code = seed;
      for (let r = 5; r >= 1; r--) {
        order.push(pool.splice(code % r, 1)[0]!);
        code = Math.floor(code / r);
      }
      const permuted = betaConvergence(fromRows(order.map((i) => rows[i]!)), { fe, se });
      expectAllClose(permuted.coefficients, base.coefficients, { abs: 1e-9, rel: 1e-9 });
      expectAllClose(permuted.standardErrors, base.standardErrors, { abs: 1e-9, rel: 1e-9 });
      expectClose(permuted.r2, base.r2, { abs: 1e-9 });
      const sigma = sigmaConvergence(fromRows(order.map((i) => rows[i]!)));
      expectAllClose(sigma.cv, sigmaConvergence(fromRows(rows)).cv, { abs: 1e-12, rel: 1e-12 });
    },
  );

  propTest.prop([
    levels(5, 4),
    fc.integer({ min: 0, max: 4 }),
    fc.double({ min: -3, max: 3, noNaN: true }),
    fc.constantFrom<FixedEffects>("unit", "twoway"),
  ])(
    "adding a constant to one unit's ln x leaves β unchanged under unit fixed effects",
    (rows, unit, c, fe) => {
      const base = betaConvergence(fromRows(rows), { fe, se: "cluster" });
      const shifted = rows.map((r, i) => (i === unit ? r.map((v) => v * Math.exp(c)) : r));
      const result = betaConvergence(fromRows(shifted), { fe, se: "cluster" });
      expectClose(result.beta, base.beta, { abs: 1e-9, rel: 1e-9 });
      expectClose(result.betaStandardError, base.betaStandardError, { abs: 1e-9, rel: 1e-9 });
    },
  );

  propTest.prop([levels(4, 5)])(
    "speed and half-life follow β: v = −ln(1 + β), half-life = ln 2 / v",
    (rows) => {
      const r = betaConvergence(fromRows(rows), { fe: "unit", se: "conventional", tau: 1 });
      if (r.beta > -1 && r.beta < 0) {
        expectClose(r.speed, -Math.log(1 + r.beta), { abs: 1e-15 });
        expectClose(r.halfLife, Math.LN2 / r.speed, { abs: 1e-12, rel: 1e-12 });
        expect(r.speedStatus).toBe("converging");
      } else {
        expect(Number.isNaN(r.halfLife)).toBe(true);
        expect(r.speedStatus).not.toBe("converging");
      }
    },
  );
});

describe("panels, tables and errors", () => {
  function makePanel(rows: readonly (readonly [string, number, number, number?, string?])[]): Panel {
    return panel(
      table([
        stringColumn(
          "id",
          rows.map((r) => r[0]),
        ),
        numberColumn(
          "year",
          rows.map((r) => r[1]),
        ),
        numberColumn(
          "x",
          rows.map((r) => r[2]),
        ),
        numberColumn(
          "z",
          rows.map((r) => r[3] ?? 1),
        ),
        stringColumn(
          "region",
          rows.map((r) => r[4] ?? "A"),
        ),
      ]),
      { entity: "id", time: "year", file: "d.csv" },
    );
  }
  const good = (): Panel =>
    makePanel([
      ["a", 2000, 1, 1],
      ["a", 2001, 2, 2],
      ["a", 2002, 3, 4],
      ["b", 2000, 4, 1],
      ["b", 2001, 5, 5],
      ["b", 2002, 5.5, 3],
      ["c", 2000, 2, 2],
      ["c", 2001, 3, 7],
      ["c", 2002, 4, 1],
    ]);

  it("betaConvergenceTables and sigmaConvergenceTables name their columns and notes", () => {
    const p = good();
    const beta = betaConvergenceTables(
      betaConvergencePanel(p, { variable: "x", fe: "unit", se: "robust", controls: ["z"] }),
    );
    expect(beta.summary.columns.map((c) => c.name)).toEqual([
      "group",
      "observations",
      "units",
      "beta",
      "se",
      "t",
      "p_value",
      "r2",
      "speed",
      "half_life",
      "status",
    ]);
    expect(beta.coefficients.rowCount).toBe(2);
    expect(beta.summary.meta.notes!.join(" ")).toMatch(/HC1 standard errors, scaled by N\/\(N − K − G\)/);
    const sigma = sigmaConvergenceTables(sigmaConvergencePanel(p, { variable: "x" }));
    expect(sigma.series.columns.map((c) => c.name)).toEqual([
      "group",
      "period",
      "n",
      "mean",
      "sd",
      "cv",
      "sd_log",
    ]);
    expect(sigma.trend.rowCount).toBe(2);
  });

  it("missing and non-positive values are located by file row, column, entity and year", () => {
    const p = makePanel([
      ["a", 2000, 1],
      ["a", 2001, Number.NaN],
      ["a", 2002, 3],
      ["b", 2000, 4],
      ["b", 2001, 0],
      ["b", 2002, 5],
    ]);
    const issues = issuesOf(() =>
      betaConvergencePanel(p, { variable: "x", file: "d.csv", fileRows: [2, 3, 4, 5, 6, 7] }),
    );
    expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", "d.csv", 3, "x", "a", 2001],
      ["bad_value", "d.csv", 6, "x", "b", 2001],
    ]);
    expect(issues[1]!.message).toMatch(/not positive/);
  });

  it("fewer than 2 periods, 2 periods with fixed effects and uneven spacing are reported", () => {
    const one = makePanel([
      ["a", 2000, 1],
      ["b", 2000, 2],
    ]);
    expect(issuesOf(() => sigmaConvergencePanel(one, { variable: "x" })).map((i) => i.code)).toEqual([
      "bad_argument",
    ]);
    expect(
      issuesOf(() => betaConvergencePanel(one, { variable: "x" })).map((i) => [i.code, i.column]),
    ).toEqual([["bad_argument", "year"]]);
    const two = makePanel([
      ["a", 2000, 1],
      ["a", 2001, 2],
      ["b", 2000, 2],
      ["b", 2001, 3],
      ["c", 2000, 2],
      ["c", 2001, 5],
    ]);
    expect(
      issuesOf(() => betaConvergencePanel(two, { variable: "x", fe: "unit" })).map((i) => i.code),
    ).toEqual(["bad_argument"]);
    const uneven = makePanel([
      ["a", 2000, 1],
      ["a", 2001, 2],
      ["a", 2005, 3],
      ["b", 2000, 2],
      ["b", 2001, 3],
      ["b", 2005, 4],
    ]);
    expect(
      issuesOf(() => betaConvergencePanel(uneven, { variable: "x" })).map((i) => [i.code, i.time]),
    ).toEqual([["bad_value", 2005]]);
  });

  it("a control absorbed by the unit fixed effects is reported by name", () => {
    const p = makePanel([
      ["a", 2000, 1, 7],
      ["a", 2001, 2, 7],
      ["a", 2002, 3, 7],
      ["b", 2000, 4, 3],
      ["b", 2001, 5, 3],
      ["b", 2002, 5.5, 3],
      ["c", 2000, 2, 1],
      ["c", 2001, 3, 1],
      ["c", 2002, 4, 1],
    ]);
    const issues = issuesOf(() =>
      betaConvergencePanel(p, { variable: "x", fe: "unit", controls: ["z"], file: "d.csv" }),
    );
    expect(issues.map((i) => [i.code, i.file, i.column])).toEqual([["bad_value", "d.csv", "z"]]);
    expect(issues[0]!.hint).toMatch(/constant within units/);
  });

  it("a group with a single unit and an unknown control are reported", () => {
    const p = makePanel([
      ["a", 2000, 1, 1, "East"],
      ["a", 2001, 2, 2, "East"],
      ["b", 2000, 4, 1, "East"],
      ["b", 2001, 5, 5, "East"],
      ["c", 2000, 2, 2, "West"],
      ["c", 2001, 3, 7, "West"],
    ]);
    expect(
      issuesOf(() => sigmaConvergencePanel(p, { variable: "x", group: "region" })).map((i) => [
        i.code,
        i.column,
      ]),
    ).toEqual([["bad_value", "region"]]);
    expect(
      issuesOf(() => betaConvergencePanel(p, { variable: "x", controls: ["nope"] })).map((i) => [
        i.code,
        i.column,
      ]),
    ).toEqual([["missing_column", "nope"]]);
  });

  it("bad shapes and options throw RangeErrors naming the function", () => {
    const y: Matrix = fromRows([
      [1, 2],
      [2, 3],
    ]);
    expect(() => betaConvergence(y, { fe: "unit" })).toThrow(/^betaConvergence: needs at least 3 periods/);
    expect(() => betaConvergence(y, { tau: 0 })).toThrow(/^betaConvergence: tau/);
    expect(() => sigmaConvergence(fromRows([[1, 2]]))).toThrow(/^sigmaConvergence: needs at least 2 units/);
    expect(() => leastSquares(fromRows([[1], [2]]), [1])).toThrow(/^leastSquares: y needs 2 values/);
    expect(() => studentTTwoSided(1, 0)).toThrow(/^studentTTwoSided: df/);
  });

  it("doc examples", () => {
    expectAllClose(
      leastSquares(
        fromRows([
          [1, 0],
          [1, 1],
          [1, 2],
        ]),
        [1, 3, 5],
      ).coefficients,
      [1, 2],
    );
    expectAllClose(
      sigmaConvergence(
        fromRows([
          [1, 2],
          [3, 2],
        ]),
      ).cv,
      [0.5, 0],
    );
    expect(studentTTwoSided(1, 1)).toBeCloseTo(0.5, 14);
    const exact = betaConvergence(
      fromRows([
        [1, Math.E],
        [Math.E, Math.E ** 1.5],
        [Math.E ** 2, Math.E ** 2],
      ]),
      {
        se: "conventional",
      },
    );
    expectClose(exact.beta, -0.5, { abs: 1e-14 });
    expectClose(exact.speed, Math.log(2), { abs: 1e-14 });
    expectClose(exact.halfLife, 1, { abs: 1e-14 });
  });
});
