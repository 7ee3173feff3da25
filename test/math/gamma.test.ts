import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from "../../src/math/gamma.js";
import { expectAllClose, expectClose } from "../close.js";
import { fixture } from "../methods/composite/weights-kit.js";

/** Absolute floor for relative comparisons of values that underflow towards 1e-300. */
const TINY = 1e-300;

describe("reference values", () => {
  it("logGamma(x) matches scipy.special.gammaln", () => {
    const f = fixture<{ x: number[] }, { logGamma: number[] }>("gamma", "log-gamma");
    expectAllClose(f.input.x.map(logGamma), f.expected.logGamma, { rel: f.tolerance, abs: 1e-15 });
  });

  it("regularizedGammaP and regularizedGammaQ match scipy.special.gammainc / gammaincc on a grid", () => {
    const f = fixture<{ a: number[]; x: number[] }, { P: number[]; Q: number[] }>(
      "gamma",
      "incomplete-gamma",
    );
    const labels = f.input.a.map((a, k) => `a=${a} x=${f.input.x[k]}`);
    expectAllClose(
      f.input.a.map((a, k) => regularizedGammaP(a, f.input.x[k]!)),
      f.expected.P,
      { rel: f.tolerance, abs: TINY, labels },
    );
    expectAllClose(
      f.input.a.map((a, k) => regularizedGammaQ(a, f.input.x[k]!)),
      f.expected.Q,
      { rel: f.tolerance, abs: TINY, labels },
    );
  });

  it("chiSquareSurvival(x, df) matches scipy.stats.chi2.sf", () => {
    const f = fixture<{ x: number[]; df: number[] }, { pValue: number[] }>("gamma", "chi-square");
    expectAllClose(
      f.input.x.map((x, k) => chiSquareSurvival(x, f.input.df[k]!)),
      f.expected.pValue,
      { rel: f.tolerance, abs: TINY },
    );
  });

  it("the @examples: logGamma(5) = ln 24, P(1, 2) = 1 − e^−2, Q(1, 2) = e^−2, chi-square(2, 2) = e^−1", () => {
    expectClose(logGamma(5), Math.log(24), { rel: 1e-15 });
    expectClose(logGamma(5), 3.17805383034794, { abs: 5e-15 });
    expectClose(regularizedGammaP(1, 2), 0.8646647167633873, { abs: 1e-15 });
    expectClose(regularizedGammaQ(1, 2), 0.1353352832366127, { abs: 1e-15 });
    expectClose(chiSquareSurvival(2, 2), 0.36787944117144233, { abs: 1e-15 });
  });
});

const shape = fc.double({ min: 0.05, max: 200, noNaN: true });
const point = fc.double({ min: 0, max: 400, noNaN: true });

describe("properties", () => {
  propTest.prop([shape, point])("P(a, x) + Q(a, x) = 1 and both lie in [0, 1]", (a, x) => {
    const p = regularizedGammaP(a, x);
    const q = regularizedGammaQ(a, x);
    expectClose(p + q, 1, { abs: 1e-13 });
    for (const v of [p, q]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  propTest.prop([shape, point, point])("P(a, x) is non-decreasing in x", (a, x1, x2) => {
    const [lo, hi] = x1 <= x2 ? [x1, x2] : [x2, x1];
    expect(regularizedGammaP(a, hi)).toBeGreaterThanOrEqual(regularizedGammaP(a, lo) - 1e-14);
  });

  propTest.prop([fc.double({ min: 0, max: 30, noNaN: true })])(
    "P(1, x) = 1 − e^−x (the exponential distribution)",
    (x) => {
      expectClose(regularizedGammaP(1, x), -Math.expm1(-x), { abs: 1e-14 });
    },
  );

  propTest.prop([
    fc.double({ min: 0.1, max: 50, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
  ])("P(a + 1, x) = P(a, x) − x^a e^−x / Γ(a + 1) (A&S 6.5.21)", (a, x) => {
    const term = Math.exp(a * Math.log(x) - x - logGamma(a + 1));
    expectClose(regularizedGammaP(a + 1, x), regularizedGammaP(a, x) - term, { abs: 1e-12 });
  });

  propTest.prop([fc.double({ min: 0.01, max: 170, noNaN: true })])(
    "logGamma satisfies Γ(x + 1) = x·Γ(x)",
    (x) => {
      expectClose(logGamma(x + 1), logGamma(x) + Math.log(x), {
        abs: 1e-12 * Math.max(1, Math.abs(logGamma(x + 1))),
      });
    },
  );
});

describe("edges and errors", () => {
  it("P(a, 0) = 0 and Q(a, 0) = 1; logGamma(1) = logGamma(2) = 0; logGamma(0.5) = ln √π", () => {
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(chiSquareSurvival(0, 4)).toBe(1);
    expectClose(logGamma(1), 0, { abs: 1e-15 });
    expectClose(logGamma(2), 0, { abs: 1e-15 });
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), { abs: 1e-15 });
  });

  it("the gamma functions throw RangeError naming the function outside their domain", () => {
    expect(() => logGamma(0)).toThrow(/^logGamma: x must be finite and > 0/);
    expect(() => logGamma(Number.NaN)).toThrow(/^logGamma/);
    expect(() => regularizedGammaP(0, 1)).toThrow(/^regularizedGammaP: a must be finite and > 0/);
    expect(() => regularizedGammaP(1, -1)).toThrow(/^regularizedGammaP: x must be finite and ≥ 0/);
    expect(() => regularizedGammaQ(1, Number.POSITIVE_INFINITY)).toThrow(/^regularizedGammaQ: x/);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/^chiSquareSurvival: df must be finite and > 0/);
    expect(() => chiSquareSurvival(-1, 2)).toThrow(/^chiSquareSurvival: x must be finite and ≥ 0/);
  });
});
