/**
 * compositeIndex end to end. Reference values are methods.md §2.2 and §2.11 vectors ([C]: computed there
 * with an independent script), reproduced here through the whole pipeline; properties check the
 * promises of the issue (weights, monotonicity, rescaling, permutation); errors are located.
 */
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { compositeIndex } from "../../../src/methods/composite/composite-index.js";
import { compositeIndexTables } from "../../../src/methods/composite/composite-index-tables.js";
import {
  parseIndicatorSystem,
  type IndicatorSystem,
} from "../../../src/methods/composite/indicator-system.js";
import { panel, type Panel } from "../../../src/panel/panel.js";
import { numberColumn, stringColumn, table } from "../../../src/table/table.js";
import { expectAllClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

/** methods.md prints 7 decimals for these [C] vectors. */
const PRINTED_7 = 5e-8;

function makePanel(
  entities: readonly string[],
  years: readonly number[],
  columns: Record<string, readonly number[]>,
): Panel {
  return panel(
    table([
      stringColumn("id", entities),
      numberColumn("year", years),
      ...Object.entries(columns).map(([name, values]) => numberColumn(name, values)),
    ]),
    { entity: "id", time: "year" },
  );
}

function flatSystem(
  leaves: readonly { id: string; direction: "+" | "-" }[],
  dimensions = 1,
): IndicatorSystem {
  const per = Math.ceil(leaves.length / dimensions);
  const yaml = ["name: test", "root:"];
  for (let d = 0; d < dimensions; d++) {
    yaml.push(`  - id: dim${d + 1}`, "    children:");
    for (const leaf of leaves.slice(d * per, (d + 1) * per))
      yaml.push(`      - { id: ${leaf.id}, direction: "${leaf.direction}" }`);
  }
  return parseIndicatorSystem(yaml.join("\n"));
}

// Zavadskas & Podvezko (2016) matrix, types (−,+,−,+): methods.md §2.2.
const ZP = { x1: [3.0, 2.5, 1.8, 2.2], x2: [100, 80, 50, 70], x3: [10, 8, 20, 12], x4: [7, 5, 11, 9] };
const ZP_SYSTEM = flatSystem([
  { id: "x1", direction: "-" },
  { id: "x2", direction: "+" },
  { id: "x3", direction: "-" },
  { id: "x4", direction: "+" },
]);

describe("compositeIndex — reference values (methods.md §2.2, §2.11)", () => {
  it("compositeIndex(ZP, {shift: 'add'}) gives the min-max + 0.0001 entropy weights and scores of methods.md §2.2", () => {
    const p = makePanel(["a", "b", "c", "d"], [1, 1, 1, 1], ZP);
    const result = compositeIndex(p, ZP_SYSTEM);
    expectAllClose(result.leafWeights, [0.2517728, 0.2584027, 0.2181861, 0.2716384], { abs: PRINTED_7 });
    expectAllClose(result.score, [0.5307706, 0.478133, 0.5234112, 0.5977593], { abs: PRINTED_7 });
  });

  it("compositeIndex(ZP) gives the obstacle degrees of methods.md §2.11", () => {
    const result = compositeIndex(makePanel(["a", "b", "c", "d"], [1, 1, 1, 1], ZP), ZP_SYSTEM);
    expectAllClose(
      result.obstacles.data,
      [
        [0.5365665, 0, 0.077498, 0.3859355],
        [0.281427, 0.1980602, 0, 0.5205128],
        [0, 0.5421922, 0.4578078, 0],
        [0.2086419, 0.3854449, 0.1808089, 0.2251043],
      ].flat(),
      { abs: PRINTED_7 },
    );
  });

  it("compositeIndex(panel 3 regions × 2 years) gives the pooled-panel entropy weights and scores of methods.md §2.2", () => {
    const p = makePanel(["r1", "r2", "r3", "r1", "r2", "r3"], [1, 1, 1, 2, 2, 2], {
      a: [10, 20, 30, 14, 26, 35],
      b: [5.0, 4.0, 3.5, 4.5, 3.8, 3.0],
    });
    const system = flatSystem([
      { id: "a", direction: "+" },
      { id: "b", direction: "-" },
    ]);
    const result = compositeIndex(p, system);
    expectAllClose(result.leafWeights, [0.5428261, 0.4571739], { abs: PRINTED_7 });
    // Panel rows are ordered by entity then year: r1y1, r1y2, r2y1, r2y2, r3y1, r3y2.
    expectAllClose(result.score, [0, 0.2011456, 0.4457174, 0.621713, 0.7771413, 1], { abs: PRINTED_7 });
    expect(Array.from(result.rank)).toEqual([3, 3, 2, 2, 1, 1]);
  });
});

describe("compositeIndex — hierarchy", () => {
  it("fixed weights nest: a leaf's global weight is the product of local weights along its path", () => {
    const system = parseIndicatorSystem(`
name: nested
root:
  - id: A
    weight: 0.6
    children:
      - { id: a1, direction: "+", weight: 0.25 }
      - { id: a2, direction: "+", weight: 0.75 }
  - id: B
    weight: 0.4
    children:
      - { id: b1, direction: "+", weight: 1 }
`);
    const p = makePanel(["u", "v", "w"], [1, 1, 1], { a1: [1, 2, 3], a2: [3, 1, 2], b1: [2, 3, 1] });
    const result = compositeIndex(p, system);
    expectAllClose(result.leafWeights, [0.15, 0.45, 0.4], { abs: 1e-15 });
    const byId = new Map(result.weights.map((w) => [w.id, w]));
    expect(byId.get("A")!.globalWeight).toBeCloseTo(0.6, 15);
    expect(byId.get("a2")!.localWeight).toBeCloseTo(0.75, 15);
    // score = Σ W_j x'_j with x' the min–max values (brute force)
    const x = { a1: [0, 0.5, 1], a2: [1, 0, 0.5], b1: [0.5, 1, 0] };
    const expected = [0, 1, 2].map((i) => 0.15 * x.a1[i]! + 0.45 * x.a2[i]! + 0.4 * x.b1[i]!);
    expectAllClose(result.score, expected, { abs: 1e-15 });
    expectAllClose(
      result.dimensionIndex.data,
      [0, 1, 2].flatMap((i) => [(0.15 * x.a1[i]! + 0.45 * x.a2[i]!) / 0.6, x.b1[i]!]),
      { abs: 1e-15 },
    );
  });

  it("AHP on the top level: weights are the principal eigenvector of methods.md §2.6", () => {
    const system = parseIndicatorSystem(`
name: ahp
ahp: [[1, 3, 5], [0.3333333333333333, 1, 3], [0.2, 0.3333333333333333, 1]]
root:
  - { id: a, direction: "+" }
  - { id: b, direction: "+" }
  - { id: c, direction: "+" }
`);
    const result = compositeIndex(
      makePanel(["u", "v", "w"], [1, 1, 1], { a: [1, 2, 3], b: [3, 1, 2], c: [2, 3, 1] }),
      system,
    );
    expectAllClose(result.leafWeights, [0.6369856, 0.258285, 0.1047294], { abs: PRINTED_7 });
  });

  it("flat weights: every node's local weights sum to 1 within its parent and dimension weights are sums", () => {
    const result = compositeIndex(
      makePanel(["a", "b", "c", "d"], [1, 1, 1, 1], ZP),
      flatSystem(
        [
          { id: "x1", direction: "-" },
          { id: "x2", direction: "+" },
          { id: "x3", direction: "-" },
          { id: "x4", direction: "+" },
        ],
        2,
      ),
    );
    const parents = new Set(result.weights.map((w) => w.parent ?? ""));
    for (const parent of parents) {
      const sum = result.weights
        .filter((w) => (w.parent ?? "") === parent)
        .reduce((s, w) => s + w.localWeight, 0);
      expect(sum).toBeCloseTo(1, 12);
    }
    const dim1 = result.weights.find((w) => w.id === "dim1")!;
    expect(dim1.globalWeight).toBeCloseTo(result.leafWeights[0]! + result.leafWeights[1]!, 15);
    const tables = compositeIndexTables(result);
    expect(tables.coupling?.rowCount).toBe(4);
    expect(tables.weights.rowCount).toBe(6);
  });
});

describe("compositeIndex — properties", () => {
  const positive = fc.double({ min: 0.5, max: 100, noNaN: true });
  const data = fc
    .record({
      a: fc.array(positive, { minLength: 5, maxLength: 5 }),
      b: fc.array(positive, { minLength: 5, maxLength: 5 }),
      c: fc.array(positive, { minLength: 5, maxLength: 5 }),
    })
    .filter((d) => Object.values(d).every((v) => Math.max(...v) - Math.min(...v) > 1e-3));
  const units = ["u1", "u2", "u3", "u4", "u5"];
  const system = flatSystem([
    { id: "a", direction: "+" },
    { id: "b", direction: "-" },
    { id: "c", direction: "+" },
  ]);

  propTest.prop([data])("weights are ≥ 0 and sum to 1 at every node", (d) => {
    const result = compositeIndex(makePanel(units, [1, 1, 1, 1, 1], d), system);
    expect(result.leafWeights.every((w) => w >= 0)).toBe(true);
    expect(result.leafWeights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  propTest.prop([data, fc.integer({ min: 0, max: 4 }), fc.double({ min: 0.01, max: 50, noNaN: true })])(
    "under fixed weights, raising a '+' indicator (or lowering a '−' one) for one unit never lowers its score",
    (d, unit, step) => {
      const fixed = parseIndicatorSystem(`
name: fixed
root:
  - { id: a, direction: "+", weight: 0.5 }
  - { id: b, direction: "-", weight: 0.3 }
  - { id: c, direction: "+", weight: 0.2 }
`);
      const before = compositeIndex(makePanel(units, [1, 1, 1, 1, 1], d), fixed).score[unit]!;
      const up = { ...d, a: d.a.map((v, i) => (i === unit ? v + step : v)) };
      const down = { ...d, b: d.b.map((v, i) => (i === unit ? Math.max(0.01, v - step) : v)) };
      expect(
        compositeIndex(makePanel(units, [1, 1, 1, 1, 1], up), fixed).score[unit]!,
      ).toBeGreaterThanOrEqual(before - 1e-12);
      expect(
        compositeIndex(makePanel(units, [1, 1, 1, 1, 1], down), fixed).score[unit]!,
      ).toBeGreaterThanOrEqual(before - 1e-12);
    },
  );

  propTest.prop([data, fc.double({ min: 1e-3, max: 1e3, noNaN: true })])(
    "scores are invariant to a positive rescaling of a raw indicator (min–max)",
    (d, k) => {
      const base = compositeIndex(makePanel(units, [1, 1, 1, 1, 1], d), system);
      const scaled = compositeIndex(
        makePanel(units, [1, 1, 1, 1, 1], { ...d, b: d.b.map((v) => v * k) }),
        system,
      );
      expectAllClose(scaled.score, base.score, { abs: 1e-9 });
      expectAllClose(scaled.leafWeights, base.leafWeights, { abs: 1e-9 });
    },
  );

  propTest.prop([data, fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 })])(
    "permuting units permutes scores, ranks and obstacles",
    (d, order) => {
      const base = compositeIndex(makePanel(units, [1, 1, 1, 1, 1], d), system);
      const permuted = compositeIndex(
        makePanel(
          order.map((i) => units[i]!),
          [1, 1, 1, 1, 1],
          { a: order.map((i) => d.a[i]!), b: order.map((i) => d.b[i]!), c: order.map((i) => d.c[i]!) },
        ),
        system,
      );
      order.forEach((i, k) => {
        expect(permuted.score[k]).toBeCloseTo(base.score[i]!, 12);
        expect(permuted.rank[k]).toBe(base.rank[i]);
      });
    },
  );
});

describe("compositeIndex — located errors", () => {
  const p = makePanel(["a", "b", "c", "a", "b", "c"], [1, 1, 1, 2, 2, 2], {
    x: [1, 2, 3, 2, 3, 4],
    y: [5, 5, 5, 5, 5, 5],
    z: [1, -2, 3, 1, 2, 3],
  });

  it("an unknown variable names the indicator and its path in the system", () => {
    const issues = issuesOf(() =>
      compositeIndex(p, flatSystem([{ id: "nope", direction: "+" }]), { file: "s.yaml" }),
    );
    expect(issues[0]).toMatchObject({
      code: "unknown_column",
      column: "nope",
      file: "s.yaml",
      path: ["indicators", "nope"],
    });
  });

  it("a constant indicator is a bad_value naming it", () => {
    const issues = issuesOf(() =>
      compositeIndex(
        p,
        flatSystem([
          { id: "x", direction: "+" },
          { id: "y", direction: "+" },
        ]),
      ),
    );
    expect(issues[0]).toMatchObject({ code: "bad_value", column: "y" });
  });

  it("ln of a non-positive value is located at entity, period and indicator", () => {
    const system = parseIndicatorSystem(
      `name: s\nroot:\n  - id: d\n    children:\n      - { id: x, direction: "+" }\n      - { id: lz, expression: "ln(z)", direction: "+" }\n`,
    );
    const issues = issuesOf(() => compositeIndex(p, system, { file: "s.yaml" }));
    expect(issues[0]).toMatchObject({
      code: "bad_value",
      column: "lz",
      entity: "b",
      time: 1,
      file: "s.yaml",
    });
  });

  it("a period in which an indicator is missing for every unit is reported with the period", () => {
    const gap = panel(
      table([
        stringColumn("id", ["a", "b", "a", "b"]),
        numberColumn("year", [1, 1, 2, 2]),
        numberColumn("x", [1, 2, Number.NaN, Number.NaN]),
      ]),
      { entity: "id", time: "year" },
    );
    const issues = issuesOf(() => compositeIndex(gap, flatSystem([{ id: "x", direction: "+" }])));
    expect(issues[0]).toMatchObject({ code: "bad_value", column: "x", time: 2 });
  });

  it("missing cells: incomplete 'error' lists them; the default leaves the unit out and says so", () => {
    const holes = makePanel(["a", "b", "c", "a", "b", "c"], [1, 1, 1, 2, 2, 2], {
      x: [1, 2, 3, 2, Number.NaN, 4],
      w: [3, 1, 2, 2, 1, 3],
    });
    const system = flatSystem([
      { id: "x", direction: "+" },
      { id: "w", direction: "+" },
    ]);
    expect(issuesOf(() => compositeIndex(holes, system, { incomplete: "error" }))[0]).toMatchObject({
      code: "bad_value",
      column: "x",
      entity: "b",
      time: 2,
    });
    const result = compositeIndex(holes, system);
    expect(result.panel.entities).toEqual(["a", "c"]);
    expect(result.dropped).toEqual([{ entity: "b", variable: "x", time: 2 }]);
  });
});

describe("compositeIndex — base period and PCA", () => {
  const p = makePanel(["r1", "r2", "r3", "r1", "r2", "r3"], [1, 1, 1, 2, 2, 2], {
    a: [10, 20, 30, 14, 26, 35],
    b: [5.0, 4.0, 3.5, 4.5, 3.8, 3.0],
  });
  const system = flatSystem(
    [
      { id: "a", direction: "+" },
      { id: "b", direction: "-" },
    ],
    2,
  );

  it("scope base-period normalises every year by the base year's min and max (x' = (x − min₁)/(max₁ − min₁))", () => {
    const result = compositeIndex(p, system, { scope: "base-period", basePeriod: 1 });
    // rows r1y1, r1y2, r2y1, r2y2, r3y1, r3y2; base year 1: a in [10, 30], b in [3.5, 5.0] (cost)
    const a = [10, 14, 20, 26, 30, 35].map((v) => (v - 10) / 20);
    const b = [5.0, 4.5, 4.0, 3.8, 3.5, 3.0].map((v) => (5.0 - v) / 1.5);
    expectAllClose(
      result.normalized.data,
      a.flatMap((v, i) => [v, b[i]!]),
      { abs: 1e-15 },
    );
    expect(result.coupling).toBeUndefined();
    expect(result.parameters.coupling).toContain("not computed");
    expect(
      issuesOf(() => compositeIndex(p, system, { scope: "base-period", basePeriod: 7 }))[0],
    ).toMatchObject({ code: "bad_argument", path: ["basePeriod"] });
  });

  it("weights 'pca' reports loadings and explained variance, and its weights sum to 1", () => {
    const q = makePanel(["u1", "u2", "u3", "u4", "u5"], [1, 1, 1, 1, 1], {
      a: [1, 2, 3, 4, 6],
      b: [2, 1, 4, 3, 5],
      c: [5, 3, 4, 1, 2],
    });
    const result = compositeIndex(
      q,
      flatSystem([
        { id: "a", direction: "+" },
        { id: "b", direction: "+" },
        { id: "c", direction: "+" },
      ]),
      { weights: "pca" },
    );
    expect(result.pca).toBeDefined();
    expectAllClose(result.leafWeights, result.pca!.weights, { abs: 1e-15 });
    expect(result.leafWeights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    const tables = compositeIndexTables(result);
    expect(tables.pca?.columns.map((c) => c.name)).toContain("PC1");
  });
});
