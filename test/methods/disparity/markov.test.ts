import { test as propTest, fc } from "@fast-check/vitest";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromRows, toRows, type Matrix } from "../../../src/math/matrix.js";
import {
  ergodicDistribution,
  markov,
  markovChiSquare,
  markovClasses,
  markovHomogeneity,
  markovPanel,
  markovPower,
  markovTables,
  markovTransitions,
  spatialLagMatrix,
  spatialMarkov,
  spatialMarkovPanel,
  spatialMarkovTables,
  transitionProbabilities,
} from "../../../src/methods/disparity/markov.js";
import type { SpatialWeights } from "../../../src/methods/spatial/weights.js";
import { panel, type Panel } from "../../../src/panel/panel.js";
import { numberColumn, stringColumn, table, type NumberColumn } from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

/** The giddy docstring chains (test/reference/markov/giddy-docstring.json); giddy prints 8 decimals. */
const GIDDY = JSON.parse(
  readFileSync(new URL("../../reference/markov/giddy-docstring.json", import.meta.url), "utf8"),
) as {
  readonly source: string;
  readonly tolerance: number;
  readonly cases: readonly {
    readonly name: string;
    readonly input: { readonly classes: readonly string[]; readonly series: readonly (readonly string[])[] };
    readonly expected: {
      readonly p?: readonly (readonly number[])[];
      readonly steady_state: readonly number[];
      readonly recurrent_classes: readonly (readonly number[])[];
    };
  }[];
};

/** The tiny chain of the giddy Markov docstring, a = 0, b = 1, c = 2: rows (b,a,c), (c,c,a), (c,b,c), (a,a,b), (a,b,c). */
const TINY = fromRows([
  [1, 0, 2],
  [2, 2, 0],
  [2, 1, 2],
  [0, 0, 1],
  [0, 1, 2],
]);

function naiveProduct(a: Matrix, b: Matrix): Matrix {
  const out = fromRows(Array.from({ length: a.rows }, () => new Array<number>(b.cols).fill(0)));
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let l = 0; l < a.cols; l++) s += a.data[i * a.cols + l]! * b.data[l * b.cols + j]!;
      out.data[i * b.cols + j] = s;
    }
  return out;
}

/** n_ij by enumerating every (unit, t) pair and testing it against (i, j): the definition, written independently. */
function bruteCounts(classes: number[][], k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++)
      row.push(
        classes.reduce(
          (s, series) => s + series.slice(1).filter((c, t) => series[t] === i && c === j).length,
          0,
        ),
      );
    out.push(row);
  }
  return out;
}

function binaryWeights(ids: string[], edges: [string, string][]): SpatialWeights {
  const lists = ids.map(() => [] as number[]);
  for (const [a, b] of edges) {
    lists[ids.indexOf(a)]!.push(ids.indexOf(b));
    lists[ids.indexOf(b)]!.push(ids.indexOf(a));
  }
  return {
    ids,
    neighbours: lists.map((l) => Int32Array.from(l)),
    weights: lists.map((l) => new Float64Array(l.length).fill(1)),
    rowStandardised: false,
  };
}

function longPanel(
  ids: string[],
  years: number[],
  y: number[][],
  extra: Record<string, string[]> = {},
): Panel {
  const entity: string[] = [];
  const year: number[] = [];
  const value: number[] = [];
  ids.forEach((id, i) => {
    years.forEach((t, s) => {
      entity.push(id);
      year.push(t);
      value.push(y[i]![s]!);
    });
  });
  const extraColumns = Object.entries(extra).map(([name, perEntity]) =>
    stringColumn(
      name,
      ids.flatMap((_, i) => years.map(() => perEntity[i]!)),
    ),
  );
  return panel(
    table([
      stringColumn("id", entity),
      numberColumn("year", year),
      numberColumn("y", value),
      ...extraColumns,
    ]),
    {
      entity: "id",
      time: "year",
    },
  );
}

describe("reference values", () => {
  for (const c of GIDDY.cases) {
    it(`markov(${c.name} of the giddy Markov docstring) matches ${GIDDY.source.split(",")[0]!}`, () => {
      const classes = fromRows(
        c.input.series.map((row) => row.map((label) => c.input.classes.indexOf(label))),
      );
      const chain = markov(classes, c.input.classes.length);
      if (c.expected.p !== undefined)
        expectAllClose(chain.probabilities.data, c.expected.p.flat(), { abs: GIDDY.tolerance });
      expectAllClose(chain.ergodic.distribution, c.expected.steady_state, { abs: GIDDY.tolerance });
      expect(chain.ergodic.recurrentClasses).toEqual(c.expected.recurrent_classes);
    });
  }

  it("markov(tiny chain) equals the hand computation: class a has 4 transitions (1 a, 2 b, 1 c), π = (16, 15, 21)/52", () => {
    const chain = markov(TINY, 3);
    // Hand count over the 10 transitions: a→a 1, a→b 2, a→c 1; b→a 1, b→c 2; c→a 1, c→b 1, c→c 1.
    expect(toRows(chain.transitions)).toEqual([
      [1, 2, 1],
      [1, 0, 2],
      [1, 1, 1],
    ]);
    expectAllClose(chain.probabilities.data, [1 / 4, 1 / 2, 1 / 4, 1 / 3, 0, 2 / 3, 1 / 3, 1 / 3, 1 / 3]);
    // π = πP solved by hand: π_a = π_a/4 + (π_b + π_c)/3, π_b = π_a/2 + π_c/3, Σπ = 1.
    expectAllClose(chain.ergodic.distribution, [16 / 52, 15 / 52, 21 / 52]);
  });

  it("markovClasses(1…8, {k: 4}) uses type-7 quartiles 2.75, 4.5, 6.25 (hand computation)", () => {
    const y = fromRows([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const c = markovClasses(y, { k: 4 });
    expectAllClose(c.cutoffs.data, [2.75, 4.5, 6.25]);
    expect(Array.from(c.classes.data)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(c.scheme).toBe("pooled");
  });

  it("markovClasses(y, {scheme: 'per-year'}) classes each period by its own quantiles", () => {
    // Period 0: (1, 3, 10) → median cut 3; period 1: (30, 20, 10) → cut 20.
    const y = fromRows([
      [1, 30],
      [3, 20],
      [10, 10],
    ]);
    const c = markovClasses(y, { k: 2, scheme: "per-year" });
    expect(toRows(c.cutoffs)).toEqual([[3], [20]]);
    expect(toRows(c.classes)).toEqual([
      [0, 1],
      [0, 0],
      [1, 0],
    ]);
  });

  it("markovClasses(y, {cutoffs}) puts a value equal to a cut-off in the lower class", () => {
    const c = markovClasses(fromRows([[0.2, 0.3, 0.4, 0.5]]), { cutoffs: [0.3, 0.4] });
    expect(c.k).toBe(3);
    expect(Array.from(c.classes.data)).toEqual([0, 0, 1, 2]);
  });

  it("markovHomogeneity(two 2 × 2 regimes) equals the hand computation of Q, LR and dof (Bickenbach & Bode 2003)", () => {
    // A = [[2,1],[0,3]], B = [[1,2],[1,1]]; pooled [[3,3],[1,4]] → p = [[.5,.5],[.2,.8]].
    // Q = 3·2·(1/6)²/.5 + 3·(.2²/.2 + .2²/.8) + 3·2·(1/6)²/.5 + 2·(.3²/.2 + .3²/.8) = 1/3 + .75 + 1/3 + 1.125.
    const q = 1 / 3 + 0.75 + 1 / 3 + 1.125;
    // LR = 2[2 ln(4/3) + ln(2/3) + 3 ln(1.25) + ln(2/3) + 2 ln(4/3) + ln(2.5) + ln(0.625)].
    const lr =
      2 *
      (2 * Math.log(4 / 3) +
        Math.log(2 / 3) +
        3 * Math.log(1.25) +
        Math.log(2 / 3) +
        2 * Math.log(4 / 3) +
        Math.log(2.5) +
        Math.log(0.625));
    const h = markovHomogeneity([
      fromRows([
        [2, 1],
        [0, 3],
      ]),
      fromRows([
        [1, 2],
        [1, 1],
      ]),
    ]);
    expectClose(h.q, q);
    expectClose(h.lr, lr);
    // Both rows are used by both regimes (a_i = 2) and have 2 positive pooled cells (b_i = 2): dof = 1 + 1.
    expect(h.dof).toBe(2);
    // χ² with 2 dof: Pr(X > x) = e^(−x/2).
    expectClose(h.qPValue, Math.exp(-q / 2));
    expectClose(h.lrPValue, Math.exp(-lr / 2));
    expect(h.transitions).toBe(11);
  });

  it("markovHomogeneity corrects the dof for zero cells and for rows a regime never starts from", () => {
    // Row 0: both regimes, pooled cells (3, 1, 0) → (2−1)(2−1) = 1. Row 1: regime B only → (1−1)(·) = 0.
    // Row 2: both regimes, pooled (1, 1, 2) → (2−1)(3−1) = 2. dof = 3 (uncorrected it would be 2·3·2 = 12).
    const h = markovHomogeneity([
      fromRows([
        [2, 1, 0],
        [0, 0, 0],
        [1, 0, 1],
      ]),
      fromRows([
        [1, 0, 0],
        [0, 2, 1],
        [0, 1, 1],
      ]),
    ]);
    expect(h.dof).toBe(3);
  });

  it("markovChiSquare(A, pooled p) of the two-regime example is regime A's part of Q: 1/3 + 0.75", () => {
    const test = markovChiSquare(
      fromRows([
        [2, 1],
        [0, 3],
      ]),
      fromRows([
        [0.5, 0.5],
        [0.2, 0.8],
      ]),
    );
    expectClose(test.statistic, 1 / 3 + 0.75);
    expect(test.dof).toBe(2);
    expectClose(test.pValue, Math.exp(-(1 / 3 + 0.75) / 2));
  });

  it("spatialMarkov on a 4-unit path a–b–c–d equals the hand-computed lags, lag classes and conditional counts", () => {
    // y: a (1, 2, 4), b (2, 1, 3), c (3, 4, 1), d (4, 3, 2); binary path weights, row-standardised inside.
    const y = fromRows([
      [1, 2, 4],
      [2, 1, 3],
      [3, 4, 1],
      [4, 3, 2],
    ]);
    const w = binaryWeights(
      ["a", "b", "c", "d"],
      [
        ["a", "b"],
        ["b", "c"],
        ["c", "d"],
      ],
    );
    const result = spatialMarkov(y, ["a", "b", "c", "d"], w, { cutoffs: [2.5], lagCutoffs: "same" });
    // Lags: a = y_b; b = (y_a + y_c)/2; c = (y_b + y_d)/2; d = y_c.
    expect(toRows(result.lag)).toEqual([
      [2, 1, 3],
      [2, 3, 2.5],
      [3, 2, 2.5],
      [3, 4, 1],
    ]);
    // Classes (cut 2.5): a 0 0 1; b 0 0 1; c 1 1 0; d 1 1 0. Lag classes: a 0 0 1; b 0 1 0; c 1 0 0; d 1 1 0.
    expect(toRows(result.classes.classes)).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [1, 1, 0],
      [1, 1, 0],
    ]);
    expect(toRows(result.lagClasses.classes)).toEqual([
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    // Transitions by the lag class at the start: L0: a 0→0, a 0→1, b 0→0, c 1→0; L1: b 0→1, c 1→1, d 1→1, d 1→0.
    expect(toRows(result.conditional[0]!.transitions)).toEqual([
      [2, 1],
      [1, 0],
    ]);
    expect(toRows(result.conditional[1]!.transitions)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(toRows(result.global.transitions)).toEqual([
      [2, 2],
      [2, 2],
    ]);
    // Pooled p = 1/2 everywhere; Q = 3·2·(1/6)²/.5 + 1·2·(.5)²/.5 + 1·2·(.5)²/.5 + 3·2·(1/6)²/.5 = 1/3 + 1 + 1 + 1/3.
    expectClose(result.homogeneity.q, 8 / 3);
    // LR = 2[2 ln(4/3) + ln(2/3) + ln 2 + ln 2 + 2 ln(4/3) + ln(2/3)].
    expectClose(result.homogeneity.lr, 2 * (4 * Math.log(4 / 3) + 2 * Math.log(2 / 3) + 2 * Math.log(2)));
    expect(result.homogeneity.dof).toBe(2);
    expectClose(result.chiSquare[0]!.statistic, 1 / 3 + 1);
  });
});

describe("properties", () => {
  const classSeries = (k: number) =>
    fc.integer({ min: 2, max: 6 }).chain((T) =>
      fc.array(fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: T, maxLength: T }), {
        minLength: 1,
        maxLength: 8,
      }),
    );

  propTest.prop([classSeries(4)])(
    "markovTransitions equals brute-force counting and sums to n·(T − 1)",
    (series) => {
      const counts = markovTransitions(fromRows(series), 4);
      expect(toRows(counts)).toEqual(bruteCounts(series, 4));
      expect(counts.data.reduce((a, b) => a + b, 0)).toBe(series.length * (series[0]!.length - 1));
    },
  );

  propTest.prop([classSeries(3), fc.constantFrom("zero" as const, "absorbing" as const)])(
    "every row of P sums to 1 (empty rows: 0, or 1 with P_ii = 1 when absorbing)",
    (series, emptyRows) => {
      const chain = markov(fromRows(series), 3, { emptyRows });
      for (let i = 0; i < 3; i++) {
        const sum = chain.probabilities.data.subarray(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0);
        if (chain.rowTotals[i]! > 0) expectClose(sum, 1, { abs: 1e-12 });
        else expect(sum).toBe(emptyRows === "absorbing" ? 1 : 0);
      }
    },
  );

  const positiveCounts = fc.integer({ min: 2, max: 6 }).chain((k) =>
    fc.array(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: k, maxLength: k }), {
      minLength: k,
      maxLength: k,
    }),
  );

  propTest.prop([positiveCounts])(
    "the ergodic distribution satisfies πP = π to 1e-12 and sums to 1",
    (counts) => {
      const P = transitionProbabilities(fromRows(counts));
      const { distribution, status } = ergodicDistribution(P);
      expect(status).toBe("unique");
      const k = P.rows;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < k; i++) s += distribution[i]! * P.data[i * k + j]!;
        expectClose(s, distribution[j]!, { abs: 1e-12 });
      }
      expectClose(
        distribution.reduce((a, b) => a + b, 0),
        1,
        { abs: 1e-12 },
      );
    },
  );

  propTest.prop([positiveCounts, fc.integer({ min: 0, max: 12 })])(
    "markovPower(P, s) = P·P·…·P (s naive products)",
    (counts, s) => {
      const P = transitionProbabilities(fromRows(counts));
      let expected: Matrix = fromRows(
        Array.from({ length: P.rows }, (_, i) =>
          Array.from({ length: P.rows }, (__, j) => (i === j ? 1 : 0)),
        ),
      );
      for (let step = 0; step < s; step++) expected = naiveProduct(expected, P);
      expectAllClose(markovPower(P, s).data, expected.data, { abs: 1e-12 });
    },
  );

  propTest.prop([
    fc.array(fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }), {
      minLength: 5,
      maxLength: 5,
    }),
    fc.integer({ min: 0, max: 119 }),
  ])(
    "permuting units (rows and weight ids together) changes neither the global nor the conditional chains",
    (rows, seed) => {
      const ids = ["a", "b", "c", "d", "e"];
      const w = binaryWeights(ids, [
        ["a", "b"],
        ["b", "c"],
        ["c", "d"],
        ["d", "e"],
        ["e", "a"],
      ]);
      const base = spatialMarkov(fromRows(rows), ids, w, { k: 3, lagClasses: 2 });
      // A permutation of 5 units from the seed (Lehmer code).
      const pool = [0, 1, 2, 3, 4];
      const order: number[] = [];
      let code = seed;
      for (let r = 5; r >= 1; r--) {
        order.push(pool.splice(code % r, 1)[0]!);
        code = Math.floor(code / r);
      }
      const permuted = spatialMarkov(
        fromRows(order.map((i) => rows[i]!)),
        order.map((i) => ids[i]!),
        w,
        { k: 3, lagClasses: 2 },
      );
      expect(toRows(permuted.global.transitions)).toEqual(toRows(base.global.transitions));
      permuted.conditional.forEach((c, m) => {
        expect(toRows(c.transitions)).toEqual(toRows(base.conditional[m]!.transitions));
      });
      expectClose(permuted.homogeneity.lr, base.homogeneity.lr, { abs: 1e-12 });
    },
  );

  propTest.prop([classSeries(3)])("the conditional chains add up to the global chain", (series) => {
    const n = series.length;
    const ids = series.map((_, i) => `u${i}`);
    const edges: [string, string][] = ids.slice(1).map((id, i) => [ids[i]!, id]);
    if (n === 1) return;
    const y = fromRows(series.map((s, i) => s.map((c, t) => c + 0.01 * i + 0.001 * t)));
    const result = spatialMarkov(y, ids, binaryWeights(ids, edges), { k: 3, lagClasses: 2 });
    const sum = new Float64Array(9);
    for (const c of result.conditional) c.transitions.data.forEach((v, q) => (sum[q]! += v));
    expect(Array.from(sum)).toEqual(Array.from(result.global.transitions.data));
  });
});

describe("panels, tables and errors", () => {
  const ids = ["a", "b", "c", "d"];
  const years = [2001, 2002, 2003];
  const y = [
    [1, 2, 4],
    [2, 1, 3],
    [3, 4, 1],
    [4, 3, 2],
  ];

  it("markovPanel(p, {group}) gives one chain per group and their homogeneity test", () => {
    const p = longPanel(ids, years, y, { region: ["East", "East", "West", "West"] });
    const result = markovPanel(p, { variable: "y", cutoffs: [2.5], group: "region" });
    expect(result.groups!.names).toEqual(["East", "West"]);
    const sum = new Float64Array(4);
    for (const c of result.groups!.chains) c.transitions.data.forEach((v, q) => (sum[q]! += v));
    expect(Array.from(sum)).toEqual(Array.from(result.chain.transitions.data));
    const h = markovHomogeneity(result.groups!.chains.map((c) => c.transitions));
    expect(result.groups!.homogeneity!.lr).toBe(h.lr);
    const tables = markovTables(result, { steps: [2] });
    expect(tables.transitions.columns.map((c) => c.name)).toEqual([
      "group",
      "class",
      "n",
      "p_C1",
      "p_C2",
      "count_C1",
      "count_C2",
      "ergodic",
    ]);
    expect(tables.transitions.rowCount).toBe(6);
    expect(tables.kStep!.rowCount).toBe(2);
    expect(tables.tests!.rowCount).toBe(2);
    expect(tables.units.rowCount).toBe(12);
  });

  it("markovTables: an empty class is explained in the notes and its numbers are missing cells, not NaN", () => {
    // Class C3 (> 10) is never reached.
    const p = longPanel(ids, years, y);
    const tables = markovTables(markovPanel(p, { variable: "y", cutoffs: [2.5, 10] }));
    expect(tables.transitions.meta.notes!.join(" ")).toMatch(
      /No transition starts in C3; its row is left as zeros/,
    );
    expect(tables.transitions.meta.notes!.join(" ")).toMatch(/No transition ends in C3 either/);
    const ergodic = tables.transitions.columns.find((c) => c.name === "ergodic") as NumberColumn;
    expect(ergodic.missing.every((m) => m === 0)).toBe(true);
    // Counts [[2, 2, 0], [2, 2, 0], [0, 0, 0]]: π = (1/2, 1/2, 0) on the observed classes.
    expectAllClose(ergodic.values, [0.5, 0.5, 0]);
  });

  it("spatialMarkovPanel + spatialMarkovTables stack the global and conditional matrices with their tests", () => {
    const p = longPanel(ids, years, y);
    const w = binaryWeights(
      ["d", "c", "b", "a"],
      [
        ["a", "b"],
        ["b", "c"],
        ["c", "d"],
      ],
    );
    const result = spatialMarkovPanel(p, w, { variable: "y", cutoffs: [2.5], lagCutoffs: "same" });
    expect(toRows(result.conditional[0]!.transitions)).toEqual([
      [2, 1],
      [1, 0],
    ]);
    const tables = spatialMarkovTables(result);
    expect(tables.transitions.rowCount).toBe(6);
    expect(tables.tests.rowCount).toBe(4);
    expect(tables.units.columns.map((c) => c.name)).toEqual([
      "entity",
      "period",
      "y",
      "class",
      "spatial_lag",
      "lag_class",
    ]);
  });

  it("weights whose ids do not match the data are reported unit by unit", () => {
    const p = longPanel(ids, years, y);
    const w = binaryWeights(
      ["a", "b", "c", "x"],
      [
        ["a", "b"],
        ["b", "c"],
        ["c", "x"],
      ],
    );
    const issues = issuesOf(() => spatialMarkovPanel(p, w, { variable: "y", weightsFile: "w.gal" }));
    expect(issues.map((i) => [i.code, i.file, i.entity])).toEqual([
      ["missing_key", "w.gal", "d"],
      ["missing_key", "w.gal", "x"],
    ]);
  });

  it("a unit without neighbours (an island) is reported", () => {
    const w = binaryWeights(ids, [
      ["a", "b"],
      ["b", "c"],
    ]);
    const issues = issuesOf(() => spatialLagMatrix(fromRows(y), ids, w));
    expect(issues.map((i) => [i.code, i.entity])).toEqual([["bad_value", "d"]]);
  });

  it("missing values, absent rows and a single period are located", () => {
    const t = table([
      stringColumn("id", ["a", "a", "b", "c", "c"]),
      numberColumn("year", [2001, 2002, 2001, 2001, 2002]),
      numberColumn("y", [1, Number.NaN, 2, 3, 4]),
    ]);
    const p = panel(t, { entity: "id", time: "year", file: "d.csv" });
    const issues = issuesOf(() =>
      markovPanel(p, { variable: "y", file: "d.csv", fileRows: [2, 3, 4, 5, 6] }),
    );
    expect(issues.map((i) => [i.code, i.file, i.row, i.column, i.entity, i.time])).toEqual([
      ["bad_value", "d.csv", 3, "y", "a", 2002],
      ["unbalanced_panel", "d.csv", undefined, undefined, "b", 2002],
    ]);
    const single = panel(
      table([stringColumn("id", ["a", "b"]), numberColumn("year", [2001, 2001]), numberColumn("y", [1, 2])]),
      {
        entity: "id",
        time: "year",
      },
    );
    expect(issuesOf(() => markovPanel(single, { variable: "y" })).map((i) => i.code)).toEqual([
      "bad_argument",
    ]);
    expect(issuesOf(() => markovPanel(single, { variable: "nope" })).map((i) => [i.code, i.column])).toEqual([
      ["missing_column", "nope"],
    ]);
  });

  it("bad shapes and options throw RangeErrors naming the function", () => {
    expect(() => markovClasses(fromRows([[1, 2]]), { k: 1 })).toThrow(/^markovClasses: k must be/);
    expect(() => markovClasses(fromRows([[1, 2]]), { cutoffs: [2, 1] })).toThrow(
      /^markovClasses: cutoffs must be/,
    );
    expect(() => markovTransitions(fromRows([[0, 3]]), 3)).toThrow(/^markovTransitions: classes must be/);
    expect(() => markov(fromRows([[0], [1]]), 2)).toThrow(/^markov: needs at least 2 periods/);
    expect(() => markovPower(fromRows([[1]]), -1)).toThrow(/^markovPower: steps/);
    expect(() =>
      ergodicDistribution(
        fromRows([
          [0.5, 0.4],
          [0, 1],
        ]),
      ),
    ).toThrow(/^ergodicDistribution: row 0/);
    expect(() => markovHomogeneity([fromRows([[1]])])).toThrow(
      /^markovHomogeneity: needs at least 2 regimes/,
    );
  });

  it("doc examples", () => {
    expect(
      Array.from(
        markovClasses(
          fromRows([
            [1, 2],
            [3, 4],
          ]),
          { k: 2 },
        ).classes.data,
      ),
    ).toEqual([0, 0, 1, 1]);
    expect(Array.from(markovTransitions(fromRows([[0, 1, 1]]), 2).data)).toEqual([0, 1, 0, 1]);
    expect(
      Array.from(
        transitionProbabilities(
          fromRows([
            [1, 3],
            [0, 0],
          ]),
          "absorbing",
        ).data,
      ),
    ).toEqual([0.25, 0.75, 0, 1]);
    expect(
      Array.from(
        markovPower(
          fromRows([
            [0, 1],
            [1, 0],
          ]),
          3,
        ).data,
      ),
    ).toEqual([0, 1, 1, 0]);
    expectAllClose(
      ergodicDistribution(
        fromRows([
          [0.5, 0.5],
          [0.25, 0.75],
        ]),
      ).distribution,
      [1 / 3, 2 / 3],
    );
    expect(
      markovHomogeneity([
        fromRows([
          [2, 1],
          [0, 3],
        ]),
        fromRows([
          [1, 2],
          [1, 1],
        ]),
      ]).q,
    ).toBeCloseTo(2.5416666666666665, 14);
    expect(
      markovChiSquare(
        fromRows([
          [2, 1],
          [0, 3],
        ]),
        fromRows([
          [0.5, 0.5],
          [0.2, 0.8],
        ]),
      ).statistic,
    ).toBeCloseTo(1.0833333333333333, 14);
    const lag = spatialLagMatrix(fromRows([[1], [3]]), ["a", "b"], {
      ids: ["b", "a"],
      neighbours: [Int32Array.of(1), Int32Array.of(0)],
      weights: [Float64Array.of(1), Float64Array.of(1)],
      rowStandardised: true,
    });
    expect(Array.from(lag.data)).toEqual([3, 1]);
  });
});
