import { describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { rankScores, rankStability, spearman } from "../../../src/methods/composite/ranks.js";
import { expectAllClose, expectClose } from "../../close.js";
import { fixture } from "./weights-kit.js";

describe("reference values", () => {
  const f = fixture<
    { scores: number[]; groups: number[] },
    { min: number[]; average: number[]; ascendingAverage: number[]; minByGroup: number[] }
  >("ranks", "rankdata");
  const scores = Float64Array.from(f.input.scores);

  it("rankScores(scores) matches scipy.stats.rankdata(-x, 'min')", () => {
    expectAllClose(rankScores(scores), f.expected.min, { abs: 0 });
  });
  it("rankScores(scores, {ties: 'average'}) matches scipy.stats.rankdata(-x, 'average')", () => {
    expectAllClose(rankScores(scores, { ties: "average" }), f.expected.average, { abs: 0 });
  });
  it("rankScores(scores, {descending: false, ties: 'average'}) matches scipy.stats.rankdata(x, 'average')", () => {
    expectAllClose(rankScores(scores, { descending: false, ties: "average" }), f.expected.ascendingAverage, {
      abs: 0,
    });
  });
  it("rankScores(scores, {groups}) matches scipy.stats.rankdata(-x, 'min') within each group", () => {
    expectAllClose(rankScores(scores, { groups: Int32Array.from(f.input.groups) }), f.expected.minByGroup, {
      abs: 0,
    });
  });

  it("spearman(a, b) matches scipy.stats.spearmanr, ties included", () => {
    const s = fixture<{ a: number[][]; b: number[][] }, { rho: number[] }>("ranks", "spearman");
    s.input.a.forEach((a, k) => {
      expectClose(spearman(a, s.input.b[k]!), s.expected.rho[k]!, { abs: s.tolerance });
    });
  });

  it("the @examples: rankScores, spearman, rankStability", () => {
    expectAllClose(rankScores(Float64Array.of(0.2, 0.9, 0.5, 0.9)), [4, 1, 3, 1], { abs: 0 });
    expectClose(spearman([1, 2, 3, 4], [10, 20, 40, 30]), 0.8, { abs: 1e-15 });
    const r = rankStability([
      { name: "a", scores: Float64Array.of(1, 2, 3) },
      { name: "b", scores: Float64Array.of(3, 2, 1) },
    ]);
    expectAllClose(r.correlation.data, [1, -1, -1, 1], { abs: 1e-15 });
    expect(r.scope).toBe("pooled");
  });
});

const distinctScores = fc
  // SameValueZero: 0 and -0 are equal scores (a tie), so they must not both appear among "distinct" ones.
  .uniqueArray(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
    minLength: 1,
    maxLength: 30,
    comparator: "SameValueZero",
  })
  .map((v) => Float64Array.from(v));
const anyScores = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 30 })
  .map((v) => Float64Array.from(v))
  .filter((v) => v.some((x) => x !== v[0]));

describe("ties", () => {
  it("rankScores treats 0 and -0 as a tie (found by the permutation property)", () => {
    expect(Array.from(rankScores(Float64Array.of(0, -0, 1)))).toEqual([2, 2, 1]);
  });
});

describe("properties", () => {
  propTest.prop([distinctScores, fc.boolean(), fc.constantFrom<"min" | "average">("min", "average")])(
    "rankScores of distinct scores is a permutation of 1..n without ties, rank 1 at the extreme",
    (scores, descending, ties) => {
      const ranks = rankScores(scores, { descending, ties });
      expect(Array.from(ranks).sort((a, b) => a - b)).toEqual(
        Array.from({ length: scores.length }, (_, i) => i + 1),
      );
      const best = descending ? Math.max(...scores) : Math.min(...scores);
      expect(ranks[scores.indexOf(best)]).toBe(1);
    },
  );

  propTest.prop([anyScores])(
    "rankScores average ranks sum to n(n + 1)/2 and 'min' ranks never exceed them",
    (scores) => {
      const n = scores.length;
      const average = rankScores(scores, { ties: "average" });
      const min = rankScores(scores);
      expectClose(
        average.reduce((a, b) => a + b, 0),
        (n * (n + 1)) / 2,
        { abs: 1e-9 },
      );
      min.forEach((r, i) => {
        expect(r).toBeLessThanOrEqual(average[i]!);
      });
    },
  );

  propTest.prop([anyScores])(
    "spearman of a series with itself is 1 and with its reverse order −1",
    (scores) => {
      expectClose(spearman(scores, scores), 1, { abs: 1e-14 });
      expectClose(
        spearman(
          scores,
          scores.map((x) => -x),
        ),
        -1,
        { abs: 1e-14 },
      );
    },
  );

  propTest.prop([anyScores, fc.double({ min: 0.5, max: 10, noNaN: true })])(
    "spearman is invariant to a monotone transformation of either series",
    (scores, power) => {
      const other = scores.map((_, i) => ((i * 7) % 5) + i / 100); // never constant
      expectClose(
        spearman(
          scores.map((x) => x ** power),
          other,
        ),
        spearman(scores, other),
        { abs: 1e-14 },
      );
    },
  );
});

describe("edges and errors", () => {
  it("rankStability with groups averages the per-period Spearman ρ and skips periods where it is undefined", () => {
    const a = Float64Array.of(1, 2, 3, 1, 2, 3, 5);
    const b = Float64Array.of(1, 2, 3, 3, 2, 1, 4);
    const c = Float64Array.of(1, 1, 1, 1, 2, 3, 9);
    const groups = Int32Array.of(0, 0, 0, 1, 1, 1, 2); // period 2 has one row
    const r = rankStability(
      [
        { name: "a", scores: a },
        { name: "b", scores: b },
        { name: "c", scores: c },
      ],
      { groups },
    );
    expect(r.scope).toBe("mean-of-periods");
    expectAllClose(r.correlation.data, [1, 0, 1, 0, 1, -1, 1, -1, 1], { abs: 1e-15 });
    // c is constant in period 0, so pairs with c use period 1 only.
    expect(Array.from(r.used.data)).toEqual([2, 2, 1, 2, 2, 1, 1, 1, 1]);
  });

  it("rankStability leaves NaN exactly where no period gives a correlation (used = 0)", () => {
    const r = rankStability([
      { name: "flat", scores: Float64Array.of(1, 1, 1) },
      { name: "b", scores: Float64Array.of(1, 2, 3) },
    ]);
    expect(Number.isNaN(r.correlation.data[1])).toBe(true);
    expect(r.used.data[1]).toBe(0);
    expect(r.correlation.data[3]).toBe(1);
  });

  it("rankScores, spearman and rankStability throw RangeError naming the function", () => {
    expect(() => rankScores(Float64Array.of(1, Number.NaN))).toThrow(/^rankScores: scores must be finite/);
    expect(() => rankScores(Float64Array.of(1, 2), { groups: Int32Array.of(0) })).toThrow(
      /^rankScores: groups must have length 2/,
    );
    expect(() => rankScores(Float64Array.of(1), { ties: "dense" as "min" })).toThrow(/^rankScores: ties/);
    expect(() => spearman([1, 2], [1])).toThrow(/^spearman: a and b must have the same length/);
    expect(() => spearman([1], [1])).toThrow(/^spearman: needs at least two pairs/);
    expect(() => spearman([1, 1, 1], [1, 2, 3])).toThrow(/^spearman: a constant series/);
    expect(() => spearman([1, Number.NaN], [1, 2])).toThrow(/^spearman: values must be finite/);
    expect(() => rankStability([])).toThrow(/^rankStability: needs at least one score set/);
    expect(() =>
      rankStability([
        { name: "a", scores: Float64Array.of(1, 2) },
        { name: "b", scores: Float64Array.of(1) },
      ]),
    ).toThrow(/^rankStability: every score set must have length 2/);
  });

  it("rankScores of an empty array is empty", () => {
    expect(rankScores(new Float64Array(0))).toEqual(new Float64Array(0));
  });
});
