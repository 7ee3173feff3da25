import { readFileSync, readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { test as propTest, fc } from "@fast-check/vitest";
import { fromRows, type Matrix } from "../../../src/math/matrix.js";
import {
  ddf,
  ddfTable,
  type DdfDirection,
  type DdfOptions,
  type DdfResult,
  type DdfWeightVectors,
} from "../../../src/methods/frontier/ddf.js";
import type { LpSolver } from "../../../src/lp/simplex.js";
import type { Column } from "../../../src/table/table.js";
import { LP_TOL, expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";
import { highsSolver, loadHighs } from "../../oracle/highs.js";

/** scipy/HiGHS fixtures agree with an exact LP optimum to about 1e-12; 1e-9 leaves room for either solver's rounding. */
const SCIPY_TOL = 1e-9;

type Rows = number[][];
type BlockSpec = "observed" | number | number[] | Rows;

interface FixtureOptions {
  readonly rts?: "crs" | "vrs" | "nirs" | "ndrs";
  readonly badDisposability?: "weak" | "free";
  readonly variant?: "radial" | "non-radial";
  readonly direction?: string | { gx?: BlockSpec; gy?: BlockSpec; gb?: BlockSpec };
  readonly weights?: { x?: number[]; y?: number[]; b?: number[] };
}

interface DdfFixture {
  readonly source: string;
  readonly generator: string;
  readonly tolerance: number;
  readonly input: {
    readonly X: Rows;
    readonly Y: Rows;
    readonly B: Rows;
    readonly reference: { X: Rows; Y: Rows; B: Rows } | null;
    readonly options: FixtureOptions;
  };
  readonly expected: {
    readonly beta: (number | null)[];
    readonly status: string[];
    readonly weights?: number[];
    readonly betas?: (number[] | null)[];
  };
  readonly printed?: {
    readonly source: string;
    readonly tolerance: number;
    readonly beta?: number[];
    readonly status?: string[];
  };
}

const FIXTURE_DIR = new URL("../../reference/ddf/", import.meta.url);
const fixtureNames = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort();

function readFixture(name: string): DdfFixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURE_DIR), "utf8")) as DdfFixture;
}

function block(spec: BlockSpec | undefined): "observed" | number | number[] | Matrix | undefined {
  if (spec === undefined || typeof spec === "string" || typeof spec === "number") return spec;
  return Array.isArray(spec[0]) ? fromRows(spec as Rows) : (spec as number[]);
}

function fixtureOptions(f: DdfFixture): DdfOptions {
  const o = f.input.options;
  let direction: DdfDirection | undefined;
  if (typeof o.direction === "string") direction = o.direction as DdfDirection;
  else if (o.direction !== undefined) {
    const gx = block(o.direction.gx);
    const gy = block(o.direction.gy);
    const gb = block(o.direction.gb);
    direction = {
      ...(gx !== undefined ? { gx } : {}),
      ...(gy !== undefined ? { gy } : {}),
      ...(gb !== undefined ? { gb } : {}),
    };
  }
  const ref = f.input.reference;
  return {
    bad: fromRows(f.input.B),
    ...(o.rts !== undefined ? { rts: o.rts } : {}),
    ...(o.badDisposability !== undefined ? { badDisposability: o.badDisposability } : {}),
    ...(o.variant !== undefined ? { variant: o.variant } : {}),
    ...(direction !== undefined ? { direction } : {}),
    ...(o.weights !== undefined ? { weights: o.weights satisfies DdfWeightVectors } : {}),
    ...(ref !== null ? { reference: { X: fromRows(ref.X), Y: fromRows(ref.Y), B: fromRows(ref.B) } } : {}),
  };
}

function runFixture(f: DdfFixture, solver?: LpSolver): DdfResult {
  return ddf(fromRows(f.input.X), fromRows(f.input.Y), {
    ...fixtureOptions(f),
    ...(solver !== undefined ? { solver } : {}),
  });
}

const nanIfNull = (values: readonly (number | null)[]): number[] => values.map((v) => v ?? Number.NaN);

function entry(M: Matrix, i: number, j: number): number {
  return M.data[i * M.cols + j]!;
}

/**
 * Checks that an optimal result is a certificate: the peers' λ reach the targets (Σλx ≤ target x, Σλy ≥ target y,
 * Σλb = or ≤ target b, Σλ as rts says), the targets are the data moved by β along g, and the non-radial β add up.
 */
function expectCertificate(
  r: DdfResult,
  X: Matrix,
  Y: Matrix,
  B: Matrix,
  ref: { X: Matrix; Y: Matrix; B: Matrix },
) {
  const tol = 1e-7;
  const n = X.rows;
  for (let o = 0; o < n; o++) {
    if (r.status[o] !== "optimal") {
      expect(r.beta[o]).toBeNaN();
      expect(r.reason[o]).toBeTypeOf("string");
      continue;
    }
    const peers = r.peers[o]!;
    let sum = 0;
    for (const w of peers.weight) sum += w;
    expectClose(sum, r.lambdaSum[o]!, { abs: 1e-7 });
    if (r.rts === "vrs") expectClose(sum, 1, { abs: tol });
    if (r.rts === "nirs") expect(sum).toBeLessThanOrEqual(1 + tol);
    if (r.rts === "ndrs") expect(sum).toBeGreaterThanOrEqual(1 - tol);
    const blocks: [Matrix, Matrix, Matrix, Matrix, number, Matrix | undefined][] = [
      [X, ref.X, r.inputTargets, r.direction.gx, -1, r.betas?.x],
      [Y, ref.Y, r.outputTargets, r.direction.gy, 1, r.betas?.y],
      [B, ref.B, r.badTargets, r.direction.gb, -1, r.betas?.b],
    ];
    let weighted = 0;
    let v = 0;
    blocks.forEach(([D, R, T, G, sign, betas], blockIndex) => {
      for (let j = 0; j < D.cols; j++, v++) {
        let combined = 0;
        peers.index.forEach((p, q) => (combined += peers.weight[q]! * entry(R, p, j)));
        const target = entry(T, o, j);
        const betaV = betas === undefined ? r.beta[o]! : entry(betas, o, j);
        if (betas !== undefined) {
          expect(betaV).toBeGreaterThanOrEqual(-1e-9);
          weighted += r.weights![v]! * betaV;
        }
        expectClose(target, entry(D, o, j) + sign * betaV * entry(G, o, j), { abs: 1e-9, rel: 1e-9 });
        const scale = Math.max(1, Math.abs(target));
        if (blockIndex === 0) expect(combined).toBeLessThanOrEqual(target + tol * scale);
        else if (blockIndex === 1) expect(combined).toBeGreaterThanOrEqual(target - tol * scale);
        else if (r.badDisposability === "weak") expectClose(combined, target, { abs: tol * scale });
        else expect(combined).toBeLessThanOrEqual(target + tol * scale);
      }
    });
    if (r.betas !== undefined) expectClose(weighted, r.beta[o]!, { abs: 1e-9, rel: 1e-9 });
  }
}

beforeAll(loadHighs);

describe("reference values (test/reference/ddf, scipy.optimize.linprog HiGHS)", () => {
  it("finds the fixtures", () => {
    expect(fixtureNames.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of fixtureNames) {
    const f = readFixture(name);
    const o = f.input.options;
    const call = `ddf(X, Y, {direction: ${JSON.stringify(o.direction ?? "xyb").slice(0, 40)}, rts: '${o.rts ?? "crs"}', badDisposability: '${o.badDisposability ?? "weak"}', variant: '${o.variant ?? "radial"}'${f.input.reference !== null ? ", reference" : ""}})`;
    for (const [solverName, solver] of [
      ["solveLp", undefined],
      ["highsSolver", highsSolver],
    ] as const) {
      it(`${call} matches scipy for ${name} (${solverName})`, () => {
        expect(f.tolerance).toBe(SCIPY_TOL);
        const r = runFixture(f, solver);
        expect(r.status).toEqual(f.expected.status);
        expectAllClose(r.beta, nanIfNull(f.expected.beta), { abs: SCIPY_TOL });
        if (f.expected.weights !== undefined) expectAllClose(r.weights!, f.expected.weights, { abs: 1e-15 });
        const ref = f.input.reference ?? f.input;
        expectCertificate(r, fromRows(f.input.X), fromRows(f.input.Y), fromRows(f.input.B), {
          X: fromRows(ref.X),
          Y: fromRows(ref.Y),
          B: fromRows(ref.B),
        });
      });
    }
    const printed = f.printed;
    if (printed !== undefined) {
      it(`${call} matches methods.md §4.8 (j) for ${name}`, () => {
        const r = runFixture(f);
        if (printed.beta !== undefined) expectAllClose(r.beta, printed.beta, { abs: printed.tolerance });
        if (printed.status !== undefined) expect(r.status).toEqual(printed.status);
      });
    }
  }

  it("ddf of the §4.8 (j) data: DMU 2 evaluated by the period-2 technology is infeasible, with a reason", () => {
    const r = runFixture(readFixture("j-crs-weak-ref-t1-eval-t"));
    expect(r.status[1]).toBe("infeasible");
    expect(r.beta[1]).toBeNaN();
    expect(r.reason[1]).toMatch(/outside the reference technology/);
    expect(r.peers[1]!.index.length).toBe(0);
    expect(Array.from(r.inputTargets.data.subarray(1, 2))).toEqual([Number.NaN]);
  });
});

describe("closed forms", () => {
  it("ddf(x, y, {direction: 'xyb'}) with one input and one output under CRS is (r* − r)/(r* + r), r = y/x", () => {
    const x = [2, 4, 8, 12, 6, 14, 14, 9.412];
    const y = [1, 5, 8, 9, 3, 7, 9, 2.353];
    const ratio = y.map((v, i) => v / x[i]!);
    const best = Math.max(...ratio);
    const r = ddf(fromRows(x.map((v) => [v])), fromRows(y.map((v) => [v])));
    expectAllClose(
      r.beta,
      ratio.map((q) => (best - q) / (best + q)),
      { abs: LP_TOL },
    );
  });

  it("ddf(x, y, {direction: 'y'}) with one input and one output under CRS is r*/r − 1", () => {
    const x = [2, 4, 8, 12, 6];
    const y = [1, 5, 8, 9, 3];
    const ratio = y.map((v, i) => v / x[i]!);
    const best = Math.max(...ratio);
    const r = ddf(fromRows(x.map((v) => [v])), fromRows(y.map((v) => [v])), { direction: "y" });
    expectAllClose(
      r.beta,
      ratio.map((q) => best / q - 1),
      { abs: LP_TOL },
    );
  });

  it("the @example: ddf(fromRows([[1], [1]]), fromRows([[2], [1]]), { direction: 'y' }).beta", () => {
    expectAllClose(ddf(fromRows([[1], [1]]), fromRows([[2], [1]]), { direction: "y" }).beta, [0, 1], {
      abs: LP_TOL,
    });
  });

  it("direction 'yb' and {gx: 0} are the same direction", () => {
    const f = readFixture("j-crs-weak-own-t");
    const X = fromRows(f.input.X);
    const Y = fromRows(f.input.Y);
    const bad = fromRows(f.input.B);
    const a = ddf(X, Y, { bad, direction: "yb" });
    const b = ddf(X, Y, { bad, direction: { gx: 0 } });
    expectAllClose(a.beta, b.beta, { abs: 1e-12 });
    expect(a.directionLabel).toBe("yb");
    expect(b.directionLabel).toBe("custom");
  });
});

// ---------------------------------------------------------------- properties

/** Magnitudes in [1, 10] (rounded to 1e-3) keep the LPs well scaled, so exact identities hold to ~1e-9. */
const value = fc.integer({ min: 1000, max: 10000 }).map((v) => v / 1000);

interface Data {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly B: Matrix;
}

const dataArb = (minUnits = 3, maxUnits = 9) =>
  fc
    .record({
      n: fc.integer({ min: minUnits, max: maxUnits }),
      m: fc.integer({ min: 1, max: 2 }),
      s: fc.integer({ min: 1, max: 2 }),
      k: fc.integer({ min: 1, max: 2 }),
    })
    .chain(({ n, m, s, k }) =>
      fc.record({
        X: fc.array(fc.array(value, { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
        Y: fc.array(fc.array(value, { minLength: s, maxLength: s }), { minLength: n, maxLength: n }),
        B: fc.array(fc.array(value, { minLength: k, maxLength: k }), { minLength: n, maxLength: n }),
      }),
    )
    .map(({ X, Y, B }): Data => ({ X: fromRows(X), Y: fromRows(Y), B: fromRows(B) }));

const settingsArb = fc.record({
  rts: fc.constantFrom("crs" as const, "vrs" as const, "nirs" as const, "ndrs" as const),
  badDisposability: fc.constantFrom("weak" as const, "free" as const),
  variant: fc.constantFrom("radial" as const, "non-radial" as const),
  direction: fc.constantFrom("xyb" as const, "yb" as const, "xy" as const, "y" as const, "x" as const),
});

function scaleColumn(M: Matrix, j: number, factor: number): Matrix {
  const data = M.data.slice();
  for (let i = 0; i < M.rows; i++) data[i * M.cols + j]! *= factor;
  return { data, rows: M.rows, cols: M.cols };
}

function permuteRows(M: Matrix, order: readonly number[]): Matrix {
  const data = new Float64Array(M.data.length);
  order.forEach((from, to) => {
    data.set(M.data.subarray(from * M.cols, (from + 1) * M.cols), to * M.cols);
  });
  return { data, rows: M.rows, cols: M.cols };
}

function appendRow(M: Matrix, values: readonly number[]): Matrix {
  const data = new Float64Array(M.data.length + M.cols);
  data.set(M.data);
  data.set(values, M.data.length);
  return { data, rows: M.rows + 1, cols: M.cols };
}

function rowOf(M: Matrix, i: number): number[] {
  return Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols));
}

describe("properties", () => {
  propTest.prop([dataArb(), settingsArb], { numRuns: 60 })(
    "β ≥ 0 and optimal for every unit evaluated against its own data, and the result is a certificate",
    ({ X, Y, B }, settings) => {
      const r = ddf(X, Y, { bad: B, ...settings });
      expect(r.status.every((st) => st === "optimal")).toBe(true);
      for (const b of r.beta) expect(b).toBeGreaterThanOrEqual(-1e-9);
      expectCertificate(r, X, Y, B, { X, Y, B });
    },
  );

  propTest.prop([dataArb(), settingsArb, fc.nat(), fc.constantFrom(1e-3, 0.37, 4.2, 1e4)], { numRuns: 60 })(
    "scaling a variable and its direction by the same positive factor leaves β unchanged",
    ({ X, Y, B }, settings, pick, factor) => {
      const base = ddf(X, Y, { bad: B, ...settings });
      const which = pick % 3;
      const M = [X, Y, B][which]!;
      const j = pick % M.cols;
      const scaled = scaleColumn(M, j, factor);
      const r = ddf(which === 0 ? scaled : X, which === 1 ? scaled : Y, {
        bad: which === 2 ? scaled : B,
        ...settings,
      });
      expectAllClose(r.beta, base.beta, { abs: 1e-7 });
      // An explicit per-variable vector direction scaled with its variable.
      const gx = Array.from({ length: X.cols }, (_, q) => 1 + q);
      const gy = Array.from({ length: Y.cols }, (_, q) => 2 - q / 2);
      const gb = Array.from({ length: B.cols }, (_, q) => 0.5 + q);
      const gs = [gx, gy, gb];
      const before = ddf(X, Y, { bad: B, ...settings, direction: { gx, gy, gb } });
      const scaledDirection = gs.map((g, q) =>
        q === which ? g.map((v, c) => (c === j ? v * factor : v)) : g,
      );
      const after = ddf(which === 0 ? scaled : X, which === 1 ? scaled : Y, {
        bad: which === 2 ? scaled : B,
        ...settings,
        direction: { gx: scaledDirection[0]!, gy: scaledDirection[1]!, gb: scaledDirection[2]! },
      });
      expectAllClose(after.beta, before.beta, { abs: 1e-7 });
    },
  );

  propTest.prop([dataArb(), settingsArb, fc.integer({ min: 1, max: 1e6 })], { numRuns: 40 })(
    "permuting units permutes β",
    ({ X, Y, B }, settings, seed) => {
      const n = X.rows;
      const order = Array.from({ length: n }, (_, i) => i);
      let state = seed;
      for (let i = n - 1; i > 0; i--) {
        state = (state * 1103515245 + 12345) % 2147483648;
        const j = state % (i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const base = ddf(X, Y, { bad: B, ...settings });
      const r = ddf(permuteRows(X, order), permuteRows(Y, order), {
        bad: permuteRows(B, order),
        ...settings,
      });
      expectAllClose(
        r.beta,
        order.map((i) => base.beta[i]!),
        { abs: 1e-7 },
      );
    },
  );

  propTest.prop([dataArb(), settingsArb, fc.nat(), value, value], { numRuns: 40 })(
    "adding a unit dominated by an existing one leaves the other units' β unchanged",
    ({ X, Y, B }, settings, pick, more, less) => {
      const j = pick % X.rows;
      const extraX = rowOf(X, j).map((v) => v * (1 + more / 10));
      const extraY = rowOf(Y, j).map((v) => v / (1 + less / 10));
      // Weak disposability: the same bads; free disposability: more bads are dominated too.
      const extraB = rowOf(B, j).map((v) => (settings.badDisposability === "weak" ? v : v * (1 + more / 10)));
      const base = ddf(X, Y, { bad: B, ...settings });
      const r = ddf(appendRow(X, extraX), appendRow(Y, extraY), { bad: appendRow(B, extraB), ...settings });
      expectAllClose(r.beta.subarray(0, X.rows), base.beta, { abs: 1e-7 });
    },
  );

  propTest.prop([dataArb(), settingsArb], { numRuns: 40 })(
    "β = 0 for a frontier unit: the largest good output 1 under VRS (direction with y) and under CRS with one input and output",
    ({ X, Y, B }, settings) => {
      if (settings.direction.includes("y")) {
        const r = ddf(X, Y, { bad: B, ...settings, rts: "vrs" });
        let best = 0;
        for (let i = 1; i < Y.rows; i++) if (entry(Y, i, 0) > entry(Y, best, 0)) best = i;
        if (settings.variant === "radial") expectClose(r.beta[best]!, 0, { abs: 1e-9 });
        else expectClose(r.betas!.y.data[best * Y.cols]!, 0, { abs: 1e-9 });
      }
      const x = fromRows(rowsOf(X).map((row) => [row[0]!]));
      const y = fromRows(rowsOf(Y).map((row) => [row[0]!]));
      const c = ddf(x, y, { direction: settings.direction === "yb" ? "y" : settings.direction });
      let top = 0;
      for (let i = 1; i < x.rows; i++) if (y.data[i]! / x.data[i]! > y.data[top]! / x.data[top]!) top = i;
      expectClose(c.beta[top]!, 0, { abs: 1e-9 });
    },
  );

  propTest.prop([dataArb(), dataArb(), settingsArb], { numRuns: 40 })(
    "against the pooled (global) reference every unit is optimal with β ≥ 0, and at least its own-period β",
    (first, second, settings) => {
      if (first.X.cols !== second.X.cols || first.Y.cols !== second.Y.cols || first.B.cols !== second.B.cols)
        return;
      const pooled = {
        X: appendRows(first.X, second.X),
        Y: appendRows(first.Y, second.Y),
        B: appendRows(first.B, second.B),
      };
      const own = ddf(first.X, first.Y, { bad: first.B, ...settings });
      const global = ddf(first.X, first.Y, { bad: first.B, ...settings, reference: pooled });
      expect(global.status.every((st) => st === "optimal")).toBe(true);
      for (let i = 0; i < first.X.rows; i++)
        expect(global.beta[i]!).toBeGreaterThanOrEqual(own.beta[i]! - 1e-7);
      expectCertificate(global, first.X, first.Y, first.B, pooled);
    },
  );

  propTest.prop([dataArb(), dataArb(), settingsArb], { numRuns: 50 })(
    "the default solver agrees with HiGHS on status and β, own and cross reference sets",
    (first, second, settings) => {
      const own = ddf(first.X, first.Y, { bad: first.B, ...settings });
      const ownHighs = ddf(first.X, first.Y, { bad: first.B, ...settings, solver: highsSolver });
      expect(own.status).toEqual(ownHighs.status);
      expectAllClose(own.beta, ownHighs.beta, { abs: LP_TOL });
      if (first.X.cols !== second.X.cols || first.Y.cols !== second.Y.cols || first.B.cols !== second.B.cols)
        return;
      const reference = second;
      const cross = ddf(first.X, first.Y, { bad: first.B, ...settings, reference });
      const crossHighs = ddf(first.X, first.Y, { bad: first.B, ...settings, reference, solver: highsSolver });
      expect(cross.status).toEqual(crossHighs.status);
      expectAllClose(cross.beta, crossHighs.beta, { abs: LP_TOL });
      expectCertificate(cross, first.X, first.Y, first.B, reference);
    },
  );

  propTest.prop([dataArb()], { numRuns: 20 })(
    "data near 1e9 gives the same β as the data / 1e4",
    ({ X, Y, B }) => {
      const big = (M: Matrix): Matrix => ({ ...M, data: M.data.map((v) => v * 1e8) });
      const small = (M: Matrix): Matrix => ({ ...M, data: M.data.map((v) => v * 1e4) });
      const a = ddf(big(X), big(Y), { bad: big(B) });
      const b = ddf(small(X), small(Y), { bad: small(B) });
      expectAllClose(a.beta, b.beta, { abs: LP_TOL });
    },
  );
});

function rowsOf(M: Matrix): number[][] {
  return Array.from({ length: M.rows }, (_, i) => rowOf(M, i));
}

function appendRows(a: Matrix, b: Matrix): Matrix {
  const data = new Float64Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { data, rows: a.rows + b.rows, cols: a.cols };
}

// ---------------------------------------------------------------- options, table, edges and errors

describe("options", () => {
  const X = fromRows([
    [2, 3],
    [4, 1],
    [3, 3],
    [5, 4],
  ]);
  const Y = fromRows([[5], [3], [4], [4]]);
  const B = fromRows([[1], [2], [2], [3]]);

  it("ddf(X, Y, {variant: 'non-radial', weights: 'groups'}) gives each included block an equal share", () => {
    const r = ddf(X, Y, { bad: B, variant: "non-radial", weights: "groups" });
    expectAllClose(r.weights!, [1 / 6, 1 / 6, 1 / 3, 1 / 3], { abs: 1e-15 });
    const e = ddf(X, Y, { bad: B, variant: "non-radial" });
    expectAllClose(e.weights!, [1 / 4, 1 / 4, 1 / 4, 1 / 4], { abs: 1e-15 });
    const yb = ddf(X, Y, { bad: B, variant: "non-radial", direction: "yb", weights: "groups" });
    expectAllClose(yb.weights!, [0, 0, 1 / 2, 1 / 2], { abs: 1e-15 });
  });

  it("ddf(X, Y, {variant: 'non-radial'}) fixes β of a variable with zero weight or zero direction at 0", () => {
    const r = ddf(X, Y, {
      bad: B,
      variant: "non-radial",
      direction: { gx: [0, 1] },
      weights: { x: [1, 1], y: [0], b: [1] },
    });
    for (let i = 0; i < 4; i++) {
      expect(r.betas!.x.data[i * 2]).toBe(0);
      expect(r.betas!.y.data[i]).toBe(0);
    }
    expectCertificate(r, X, Y, B, { X, Y, B });
  });

  it("ddf(X, Y) without bads and with a per-unit direction matrix", () => {
    const gy = fromRows([[1], [1], [2], [0.5]]);
    const r = ddf(X, Y, { direction: { gx: 0, gy } });
    expect(r.badTargets.cols).toBe(0);
    expect(r.status.every((st) => st === "optimal")).toBe(true);
    // Unit 2 reaches y = 3 + β·1 with at most its inputs; the HiGHS oracle gives the same.
    const h = ddf(X, Y, { direction: { gx: 0, gy }, solver: highsSolver });
    expectAllClose(r.beta, h.beta, { abs: LP_TOL });
  });

  it("a unit with a zero direction is reported unbounded with a reason, never thrown", () => {
    const r = ddf(fromRows([[1], [1]]), fromRows([[2], [1]]), {
      direction: { gx: 0, gy: fromRows([[1], [0]]) },
    });
    expect(r.status).toEqual(["optimal", "unbounded"]);
    expect(r.reason[1]).toMatch(/direction is zero/);
    expect(r.beta[1]).toBeNaN();
  });

  it("the unbounded fixture reports a reason about the reference technology", () => {
    const r = runFixture(readFixture("unbounded-zero-input-reference"));
    expect(r.status).toEqual(["unbounded", "unbounded"]);
    expect(r.reason[0]).toMatch(/unlimited/);
  });

  it("a numerical solver failure becomes status 'numerical' with the solver's reason", () => {
    const failing: LpSolver = (problem) => ({
      status: "numerical",
      reason: "iteration limit",
      x: new Float64Array(problem.c.length).fill(Number.NaN),
      objective: Number.NaN,
      duals: new Float64Array(problem.b.length).fill(Number.NaN),
      iterations: 0,
    });
    const r = ddf(X, Y, { bad: B, solver: failing });
    expect(r.status.every((st) => st === "numerical")).toBe(true);
    expect(r.reason[0]).toMatch(/iteration limit/);
  });
});

describe("ddfTable", () => {
  it("ddfTable(result, names) has unit, score, status, reason, targets, lambda_sum, peers and meta", () => {
    const f = readFixture("j-crs-weak-ref-t1-eval-t");
    const r = runFixture(f);
    const t = ddfTable(r, {
      units: ["A", "B", "C", "D", "E"],
      inputs: ["labour"],
      outputs: ["gdp"],
      bads: ["co2"],
    });
    expect(t.columns.map((c) => c.name)).toEqual([
      "unit",
      "score",
      "status",
      "reason",
      "target_labour",
      "target_gdp",
      "target_co2",
      "lambda_sum",
      "peers",
    ]);
    const col = (name: string): Column => t.columns.find((c) => c.name === name)!;
    expect(col("status").values[1]).toBe("infeasible");
    const score = col("score");
    expect(score.type === "number" ? score.missing[1] : undefined).toBe(1);
    expect(col("peers").values[1]).toBeNull();
    expect(col("peers").values[0]).toMatch(/^\d \(\d/);
    expect(t.meta.method).toBe("directional distance function");
    expect(t.meta.parameters).toMatchObject({ rts: "crs", direction: "yb", badDisposability: "weak" });
    expect(t.meta.reference).toMatch(/Chung, Färe & Grosskopf/);
  });

  it("ddfTable of a non-radial result adds β columns and names peers by unit", () => {
    const r = ddf(fromRows([[1], [1]]), fromRows([[2], [1]]), { variant: "non-radial", direction: "y" });
    const t = ddfTable(r, { units: ["north", "south"] });
    expect(t.columns.map((c) => c.name)).toContain("beta_y1");
    expect(t.columns.find((c) => c.name === "peers")!.values).toEqual(["north (1)", "north (1)"]);
    expect(() => ddfTable(r, { units: ["only one"] })).toThrow(/^ddfTable: names.units/);
  });
});

describe("edges and errors", () => {
  const X = fromRows([[1], [2]]);
  const Y = fromRows([[1], [1]]);

  it("throws RangeError naming ddf for shape mismatches and bad options", () => {
    expect(() => ddf(X, fromRows([[1]]))).toThrow(/^ddf: Y must have 2 rows/);
    expect(() => ddf(X, Y, { bad: fromRows([[1]]) })).toThrow(/^ddf: bad must have 2 rows/);
    expect(() => ddf(X, Y, { reference: { X: fromRows([[1, 2]]), Y } })).toThrow(
      /^ddf: reference.X must have 1 columns/,
    );
    expect(() => ddf(X, Y, { reference: { X, Y, B: Y } })).toThrow(/^ddf: reference.B is given/);
    expect(() => ddf(X, Y, { bad: Y, reference: { X, Y } })).toThrow(/^ddf: reference.B must have 1 columns/);
    expect(() => ddf(X, Y, { rts: "xrs" as "crs" })).toThrow(/^ddf: rts/);
    expect(() => ddf(X, Y, { variant: "spherical" as "radial" })).toThrow(/^ddf: variant/);
    expect(() => ddf(X, Y, { badDisposability: "strong" as "weak" })).toThrow(/^ddf: badDisposability/);
    expect(() => ddf(X, Y, { direction: "z" as "x" })).toThrow(/^ddf: direction must be one of/);
    expect(() => ddf(X, Y, { direction: { gx: [-1] } })).toThrow(/^ddf: direction.gx must be finite and ≥ 0/);
    expect(() => ddf(X, Y, { direction: { gy: [1, 2] } })).toThrow(
      /^ddf: direction.gy vector must have length 1/,
    );
    expect(() => ddf(X, Y, { direction: { gy: fromRows([[1]]) } })).toThrow(
      /^ddf: direction.gy matrix must be 2 × 1/,
    );
    expect(() => ddf(X, Y, { direction: "b" })).toThrow(/^ddf: the direction is zero/);
    expect(() => ddf(X, Y, { variant: "non-radial", weights: { x: [0], y: [0] } })).toThrow(
      /^ddf: weights must be positive/,
    );
    expect(() => ddf(X, Y, { variant: "non-radial", weights: { y: [-1] } })).toThrow(
      /^ddf: weights.y must be finite/,
    );
    expect(() => ddf(X, Y, { names: { inputs: ["a", "b"] } })).toThrow(
      /^ddf: names.inputs must have 1 entries/,
    );
    expect(() => ddf(fromRows([]), fromRows([]))).toThrow(/^ddf: X needs at least one row/);
  });

  it("throws NqpfInputError (bad_value) naming every unit and column with a negative or missing value", () => {
    const issues = issuesOf(() =>
      ddf(fromRows([[1], [-2]]), fromRows([[Number.NaN], [1]]), {
        names: { units: ["Beijing", "Tianjin"], inputs: ["capital"], outputs: ["gdp"] },
        reference: { X: fromRows([[1]]), Y: fromRows([[-1]]) },
      }),
    );
    expect(issues.map((i) => [i.code, i.entity, i.column])).toEqual([
      ["bad_value", "Tianjin", "capital"],
      ["bad_value", "Beijing", "gdp"],
      ["bad_value", "reference unit 1", "gdp"],
    ]);
    for (const i of issues) expect(i.hint).toBeTypeOf("string");
  });

  it("does not mutate its inputs", () => {
    const bad = fromRows([[1], [1]]);
    const copies = [X, Y, bad].map((M) => M.data.slice());
    ddf(X, Y, { bad, variant: "non-radial" });
    expect([X, Y, bad].map((M) => Array.from(M.data))).toEqual(copies.map((c) => Array.from(c)));
  });
});
