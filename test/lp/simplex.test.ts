import { beforeAll, describe, expect, it } from "vitest";
import { fc, test as propTest } from "@fast-check/vitest";
import { fromRows, matrix } from "../../src/math/matrix.js";
import type { Matrix } from "../../src/math/matrix.js";
import { lpScratch, solveLp } from "../../src/lp/simplex.js";
import type { LpProblem, LpResult } from "../../src/lp/simplex.js";
import { expectAllClose, expectClose } from "../close.js";
import { loadHighs, solveWithHighs } from "../oracle/highs.js";

beforeAll(loadHighs);

const LE = -1;
const EQ = 0;
const GE = 1;

/** Builds a problem; `max` turns a textbook maximisation into solveLp's minimisation (c → −c). */
function lp(
  c: readonly number[],
  rows: readonly (readonly number[])[],
  types: readonly number[],
  b: readonly number[],
  extra: { lower?: readonly number[]; upper?: readonly number[]; max?: boolean } = {},
): LpProblem {
  const sign = extra.max === true ? -1 : 1;
  return {
    c: Float64Array.from(c, (v) => sign * v),
    A: rows.length === 0 ? matrix(0, c.length) : fromRows(rows),
    b: Float64Array.from(b),
    rowType: Int8Array.from(types),
    ...(extra.lower === undefined ? {} : { lower: Float64Array.from(extra.lower) }),
    ...(extra.upper === undefined ? {} : { upper: Float64Array.from(extra.upper) }),
  };
}

/** Row activity A_i x. */
function activity(A: Matrix, x: Float64Array, i: number): number {
  let s = 0;
  for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j]! * x[j]!;
  return s;
}

/** Largest scaled violation of rows and bounds by x: a row's violation is divided by its magnitude max(|b_i|, Σ_j |a_ij|·max(1, |x_j|)) (so multiplying a row by a constant does not change it), a bound's by max(1, |bound|). */
function primalViolation(p: LpProblem, x: Float64Array): number {
  const { A, b, rowType } = p;
  const n = p.c.length;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    let mag = Math.abs(b[i]!);
    let s = 0;
    for (let j = 0; j < n; j++) {
      const a = A.data[i * n + j]!;
      s += a * x[j]!;
      mag += Math.abs(a) * Math.max(1, Math.abs(x[j]!));
    }
    if (mag === 0) mag = 1;
    const t = rowType[i]!;
    const v = t === LE ? s - b[i]! : t === GE ? b[i]! - s : Math.abs(s - b[i]!);
    worst = Math.max(worst, v / mag);
  }
  for (let j = 0; j < n; j++) {
    const l = p.lower?.[j] ?? 0;
    const u = p.upper?.[j] ?? Infinity;
    if (l !== -Infinity) worst = Math.max(worst, (l - x[j]!) / Math.max(1, Math.abs(l)));
    if (u !== Infinity) worst = Math.max(worst, (x[j]! - u) / Math.max(1, Math.abs(u)));
    if (Number.isNaN(x[j]!)) worst = NaN;
  }
  return worst;
}

/**
 * Optimality certificate independent of any solver: primal feasibility, dual sign conditions (y_i ≤ 0 on "<=", ≥ 0 on ">=" rows), complementary slackness on rows and bounds, and zero duality gap c'x = b'y + Σ_j (d_j > 0 ? d_j l_j : d_j u_j) with d = c − Aᵀy.
 */
function expectOptimalCertificate(p: LpProblem, r: LpResult): void {
  const { A, b, rowType, c } = p;
  const m = b.length;
  const n = c.length;
  expect(r.status).toBe("optimal");
  expect(primalViolation(p, r.x)).toBeLessThanOrEqual(1e-9);
  const y = r.duals;
  // y_i·‖a_i‖∞ does not change when row i is multiplied by a constant, so tolerances are stated for it.
  const rowNorm = Array.from({ length: m }, (_, i) =>
    Math.max(1e-300, ...Array.from(A.data.subarray(i * n, (i + 1) * n), Math.abs)),
  );
  const yMag = Math.max(1, ...Array.from(y, (v, i) => Math.abs(v) * rowNorm[i]!));
  for (let i = 0; i < m; i++) {
    const slack = activity(A, r.x, i) - b[i]!;
    const scale = Math.max(1, Math.abs(b[i]!));
    if (rowType[i] === LE) expect(y[i]! * rowNorm[i]!).toBeLessThanOrEqual(1e-9 * yMag);
    if (rowType[i] === GE) expect(y[i]! * rowNorm[i]!).toBeGreaterThanOrEqual(-1e-9 * yMag);
    expect(Math.abs(y[i]! * slack)).toBeLessThanOrEqual(1e-7 * scale * yMag);
  }
  let dualObjective = 0;
  for (let i = 0; i < m; i++) dualObjective += b[i]! * y[i]!;
  let primalObjective = 0;
  for (let j = 0; j < n; j++) {
    let dj = c[j]!;
    let mag = Math.abs(c[j]!);
    for (let i = 0; i < m; i++) {
      dj -= A.data[i * n + j]! * y[i]!;
      mag += Math.abs(A.data[i * n + j]! * y[i]!);
    }
    const tol = 1e-8 * Math.max(1, mag);
    const l = p.lower?.[j] ?? 0;
    const u = p.upper?.[j] ?? Infinity;
    const xj = r.x[j]!;
    primalObjective += c[j]! * xj;
    if (dj > tol) {
      expect(l, `x[${j}] has d > 0, so it needs a finite lower bound`).toBeGreaterThan(-Infinity);
      expect(Math.abs(xj - l)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(l)));
      dualObjective += dj * l;
    } else if (dj < -tol) {
      expect(u, `x[${j}] has d < 0, so it needs a finite upper bound`).toBeLessThan(Infinity);
      expect(Math.abs(xj - u)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(u)));
      dualObjective += dj * u;
    } else dualObjective += dj * xj;
  }
  expectClose(r.objective, primalObjective, { abs: 1e-9, rel: 1e-12 });
  expectClose(dualObjective, primalObjective, { abs: 1e-7, rel: 1e-7 });
}

/** Same optimum as HiGHS: status, and objective within 1e-7 relative. */
function expectSameAsHighs(p: LpProblem, r: LpResult): LpResult {
  const h = solveWithHighs(p);
  expect(r.status, r.reason).toBe(h.status);
  if (h.status === "optimal") expectClose(r.objective, h.objective, { abs: 1e-7, rel: 1e-7 });
  return h;
}

// ---------------------------------------------------------------------------------------------
// 1. Reference values: textbook LPs with published optima.
// ---------------------------------------------------------------------------------------------

describe("reference values", () => {
  it("solveLp(Chvátal 1983 ch. 2 example) gives z* = 13 at x = (2, 0, 1) with duals (1, 0, 1)", () => {
    // Chvátal (1983), Linear Programming, ch. 2: max 5x1 + 4x2 + 3x3, 2x1 + 3x2 + x3 ≤ 5, 4x1 + x2 + 2x3 ≤ 11, 3x1 + 4x2 + 2x3 ≤ 8 (also Vanderbei (2014), Linear Programming, 4th ed., ch. 2). Its dual optimum (1, 0, 1) is read off the final dictionary (the negated slack coefficients of z; Chvátal ch. 5).
    const p = lp(
      [5, 4, 3],
      [
        [2, 3, 1],
        [4, 1, 2],
        [3, 4, 2],
      ],
      [LE, LE, LE],
      [5, 11, 8],
      { max: true },
    );
    for (const scale of [true, false]) {
      const r = solveLp(p, { scale });
      expect(r.status).toBe("optimal");
      expectClose(r.objective, -13, { abs: 1e-12 });
      expectAllClose(r.x, [2, 0, 1], { abs: 1e-12 });
      // Minimising −z: ∂(−z)/∂b = −(1, 0, 1).
      expectAllClose(r.duals, [-1, 0, -1], { abs: 1e-12 });
      expectOptimalCertificate(p, r);
    }
  });

  it("solveLp(Chvátal 1983 ch. 3 two-phase example) gives z* = 0.6 at x = (0, 2.8, 3.4)", () => {
    // Chvátal (1983), ch. 3 (initialisation): max x1 − x2 + x3, 2x1 − x2 + 2x3 ≤ 4, 2x1 − 3x2 + x3 ≤ −5, −x1 + x2 − 2x3 ≤ −1: the origin is infeasible, so phase 1 is needed.
    const p = lp(
      [1, -1, 1],
      [
        [2, -1, 2],
        [2, -3, 1],
        [-1, 1, -2],
      ],
      [LE, LE, LE],
      [4, -5, -1],
      { max: true },
    );
    for (const scale of [true, false]) {
      const r = solveLp(p, { scale });
      expectClose(r.objective, -0.6, { abs: 1e-12 });
      expectAllClose(r.x, [0, 2.8, 3.4], { abs: 1e-12 });
      expectOptimalCertificate(p, r);
    }
  });

  it("solveLp(Beale 1955 cycling example) terminates with z* = 5/4 at x4 = x6 = 1", () => {
    // Beale (1955), "Cycling in the dual simplex algorithm", Naval Research Logistics Quarterly 2, 269–275: max 3/4 x4 − 20 x5 + 1/2 x6 − 6 x7, 1/4 x4 − 8 x5 − x6 + 9 x7 ≤ 0, 1/2 x4 − 12 x5 − 1/2 x6 + 3 x7 ≤ 0, x6 ≤ 1; the textbook rule cycles from the degenerate origin.
    const p = lp(
      [0.75, -20, 0.5, -6],
      [
        [0.25, -8, -1, 9],
        [0.5, -12, -0.5, 3],
        [0, 0, 1, 0],
      ],
      [LE, LE, LE],
      [0, 0, 1],
      { max: true },
    );
    for (const scale of [true, false]) {
      const r = solveLp(p, { scale });
      expectClose(r.objective, -1.25, { abs: 1e-12 });
      expectAllClose(r.x, [1, 0, 1, 0], { abs: 1e-12 });
      expectOptimalCertificate(p, r);
    }
  });

  it("solveLp(Chvátal 1983 ch. 3 cycling example) terminates with z* = 1 (Bland's rule)", () => {
    // Chvátal (1983), ch. 3, "Degeneracy": max 10x1 − 57x2 − 9x3 − 24x4, 0.5x1 − 5.5x2 − 2.5x3 + 9x4 ≤ 0, 0.5x1 − 1.5x2 − 0.5x3 + x4 ≤ 0, x1 ≤ 1; the largest-coefficient rule cycles (six tableaux); the optimum is x = (1, 0, 1, 0), z = 1.
    const p = lp(
      [10, -57, -9, -24],
      [
        [0.5, -5.5, -2.5, 9],
        [0.5, -1.5, -0.5, 1],
        [1, 0, 0, 0],
      ],
      [LE, LE, LE],
      [0, 0, 1],
      { max: true },
    );
    for (const scale of [true, false]) {
      const r = solveLp(p, { scale });
      expectClose(r.objective, -1, { abs: 1e-12 });
      expectAllClose(r.x, [1, 0, 1, 0], { abs: 1e-12 });
      expectOptimalCertificate(p, r);
    }
  });

  it("solveLp(Klee–Minty cube, d = 3) gives z* = 10 000 at (0, 0, 10 000)", () => {
    // Klee & Minty (1972), "How good is the simplex algorithm?", in Inequalities III, 159–175; form of Chvátal (1983), ch. 4: max Σ 10^{3−j} x_j, 2 Σ_{j<i} 10^{i−j} x_j + x_i ≤ 100^{i−1}.
    const p = lp(
      [100, 10, 1],
      [
        [1, 0, 0],
        [20, 1, 0],
        [200, 20, 1],
      ],
      [LE, LE, LE],
      [1, 100, 10000],
      { max: true },
    );
    for (const scale of [true, false]) {
      const r = solveLp(p, { scale });
      expectClose(r.objective, -10000, { abs: 1e-9 });
      expectAllClose(r.x, [0, 0, 10000], { abs: 1e-9 });
      expectOptimalCertificate(p, r);
    }
  });

  it("solveLp with free variables: min x1 s.t. x1 − x2 ≥ −3, x1 + x2 ≥ 1 gives x = (−1, 2), y = (1/2, 1/2)", () => {
    // Worked by hand: x1 ≥ max(x2 − 3, 1 − x2) is smallest at x2 = 2; the duals solve y1 + y2 = 1, −y1 + y2 = 0.
    const p = lp(
      [1, 0],
      [
        [1, -1],
        [1, 1],
      ],
      [GE, GE],
      [-3, 1],
      { lower: [-Infinity, -Infinity] },
    );
    const r = solveLp(p);
    expectClose(r.objective, -1, { abs: 1e-12 });
    expectAllClose(r.x, [-1, 2], { abs: 1e-12 });
    expectAllClose(r.duals, [0.5, 0.5], { abs: 1e-12 });
    expectOptimalCertificate(p, r);
  });

  it("solveLp with equality rows and bounds: min 2x1 + 3x2 + x3 s.t. x1 + x2 + x3 = 10, x1 − x2 = 1, 1 ≤ x1 ≤ 4, 0 ≤ x2, x3 ≤ 3", () => {
    // Worked by hand: x2 = x1 − 1 and x3 = 11 − 2x1, so the objective is 5x1 − 3 + 11 − 2x1 = 3x1 + 8 with x3 ≤ 3 ⇒ x1 ≥ 4; hence x = (4, 3, 3), objective 20. Duals: basis {x1, x2} with x3 at its upper bound gives y = (2.5, −0.5).
    const p = lp(
      [2, 3, 1],
      [
        [1, 1, 1],
        [1, -1, 0],
      ],
      [EQ, EQ],
      [10, 1],
      { lower: [1, 0, -Infinity], upper: [4, Infinity, 3] },
    );
    const r = solveLp(p);
    expectClose(r.objective, 20, { abs: 1e-12 });
    expectAllClose(r.x, [4, 3, 3], { abs: 1e-12 });
    expectAllClose(r.duals, [2.5, -0.5], { abs: 1e-12 });
    expectOptimalCertificate(p, r);
  });

  it("solveLp with upper bounds only (bound flips): max x1 + 2x2 s.t. x1 + x2 ≤ 5, x1 ≤ 3, x2 ≤ 1 gives 5 at (3, 1)", () => {
    const p = lp([1, 2], [[1, 1]], [LE], [5], { upper: [3, 1], max: true });
    const r = solveLp(p);
    expectClose(r.objective, -5, { abs: 1e-12 });
    expectAllClose(r.x, [3, 1], { abs: 1e-12 });
    expectAllClose(r.duals, [0], { abs: 1e-12 });
  });

  it("solveLp reports an infeasible LP: x1 + x2 ≤ 1 and x1 + x2 ≥ 2", () => {
    const p = lp(
      [1, 1],
      [
        [1, 1],
        [1, 1],
      ],
      [LE, GE],
      [1, 2],
    );
    const r = solveLp(p);
    expect(r.status).toBe("infeasible");
    expect(r.reason).toMatch(/no point/);
    expect(Number.isNaN(r.objective)).toBe(true);
    expect(Array.from(r.x).every(Number.isNaN)).toBe(true);
  });

  it("solveLp reports an infeasible LP from a bound: x1 ≥ 3 with x1 + x2 ≤ 2", () => {
    const r = solveLp(lp([1, 1], [[1, 1]], [LE], [2], { lower: [3, 0] }));
    expect(r.status).toBe("infeasible");
  });

  it("solveLp reports an unbounded LP: min −x1 s.t. x1 − x2 ≤ 1", () => {
    const r = solveLp(lp([-1, 0], [[1, -1]], [LE], [1]));
    expect(r.status).toBe("unbounded");
    expect(r.objective).toBe(-Infinity);
  });

  it("solveLp reports an unbounded LP with a free variable and no rows", () => {
    const r = solveLp(lp([1, 0], [], [], [], { lower: [-Infinity, 0] }));
    expect(r.status).toBe("unbounded");
  });

  it("solveLp example in the doc comment", () => {
    const r = solveLp({
      c: Float64Array.of(-1, -1),
      A: fromRows([
        [1, 2],
        [3, 1],
      ]),
      b: Float64Array.of(4, 6),
      rowType: Int8Array.of(-1, -1),
    });
    expectClose(r.objective, -2.8, { abs: 1e-12 });
    expectAllClose(r.x, [1.6, 1.2], { abs: 1e-12 });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Properties against HiGHS and optimality certificates.
// ---------------------------------------------------------------------------------------------

interface RandomLp {
  readonly m: number;
  readonly n: number;
  readonly A: number[];
  readonly xStar: number[];
  readonly rowSlack: number[];
  readonly rowType: number[];
  readonly c: number[];
  readonly kind: ("nonneg" | "box" | "free")[];
  readonly below: number[];
  readonly above: number[];
}

const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((v) => v / 100);

/** A random LP data set: integer A in [−9, 9] (often 0, so degenerate vertices are common), a feasible point x* and row slacks. */
const randomLpData: fc.Arbitrary<RandomLp> = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }))
  .chain(([m, n]) =>
    fc.record({
      m: fc.constant(m),
      n: fc.constant(n),
      A: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -9, max: 9 })), {
        minLength: m * n,
        maxLength: m * n,
      }),
      xStar: fc.array(fc.oneof(fc.constant(0), hundredths(5)), { minLength: n, maxLength: n }),
      rowSlack: fc.array(fc.oneof(fc.constant(0), hundredths(3)), { minLength: m, maxLength: m }),
      rowType: fc.array(fc.constantFrom(LE, EQ, GE), { minLength: m, maxLength: m }),
      c: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n, maxLength: n }),
      kind: fc.array(fc.constantFrom("nonneg" as const, "box" as const, "free" as const), {
        minLength: n,
        maxLength: n,
      }),
      below: fc.array(fc.oneof(fc.constant(0), hundredths(3)), { minLength: n, maxLength: n }),
      above: fc.array(fc.oneof(fc.constant(0), hundredths(3)), { minLength: n, maxLength: n }),
    }),
  );

/**
 * A feasible and bounded LP: b = A x* ± slack (so x* is feasible), bounds around x* (box bounds may fix a variable), free variables bounded below through a row x_j ≥ −M, and Σx ≤ M bounding everything above.
 */
function feasibleLp(d: RandomLp, options: { bounded?: boolean } = {}): LpProblem {
  const { m, n } = d;
  const rows: number[][] = [];
  const types: number[] = [];
  const rhs: number[] = [];
  for (let i = 0; i < m; i++) {
    const row = d.A.slice(i * n, (i + 1) * n);
    let ax = 0;
    for (let j = 0; j < n; j++) ax += row[j]! * d.xStar[j]!;
    const t = d.rowType[i]!;
    rows.push(row);
    types.push(t);
    rhs.push(t === LE ? ax + d.rowSlack[i]! : t === GE ? ax - d.rowSlack[i]! : ax);
  }
  const lower: number[] = [];
  const upper: number[] = [];
  const total = d.xStar.reduce((s, v) => s + v, 0);
  const bigM = total + 10;
  for (let j = 0; j < n; j++) {
    const k = d.kind[j]!;
    if (k === "nonneg") {
      lower.push(0);
      upper.push(Infinity);
    } else if (k === "box") {
      lower.push(d.xStar[j]! - d.below[j]!);
      upper.push(d.xStar[j]! + d.above[j]!);
    } else {
      lower.push(-Infinity);
      upper.push(Infinity);
      if (options.bounded !== false) {
        const row = new Array<number>(n).fill(0);
        row[j] = 1;
        rows.push(row);
        types.push(GE);
        rhs.push(-bigM);
      }
    }
  }
  if (options.bounded !== false) {
    rows.push(new Array<number>(n).fill(1));
    types.push(LE);
    rhs.push(bigM + 3 * n);
  }
  return lp(d.c, rows, types, rhs, { lower, upper });
}

/** Copy of a problem with row k (its coefficients and right-hand side) multiplied by f. */
function scaleRow(p: LpProblem, k: number, f: number): LpProblem {
  const n = p.c.length;
  const data = Float64Array.from(p.A.data);
  for (let j = 0; j < n; j++) data[k * n + j] = data[k * n + j]! * f;
  const b = Float64Array.from(p.b);
  b[k] = b[k]! * f;
  return { ...p, A: { data, rows: p.A.rows, cols: n }, b };
}

/** Copy with column j multiplied by f (x_j becomes x_j / f): A's column and c_j times f, bounds of x_j divided by f. */
function scaleColumn(p: LpProblem, j: number, f: number): LpProblem {
  const n = p.c.length;
  const data = Float64Array.from(p.A.data);
  for (let i = 0; i < p.A.rows; i++) data[i * n + j] = data[i * n + j]! * f;
  const c = Float64Array.from(p.c);
  c[j] = c[j]! * f;
  const lower = Float64Array.from(p.lower ?? new Float64Array(n));
  const upper = Float64Array.from(p.upper ?? new Float64Array(n).fill(Infinity));
  lower[j] = lower[j]! / f;
  upper[j] = upper[j]! / f;
  return { ...p, A: { data, rows: p.A.rows, cols: n }, c, lower, upper };
}

describe("properties", () => {
  propTest.prop([randomLpData])(
    "solveLp agrees with HiGHS on random feasible bounded LPs and proves optimality",
    (d) => {
      const p = feasibleLp(d);
      for (const scale of [true, false]) {
        const r = solveLp(p, { scale });
        expectSameAsHighs(p, r);
        expectOptimalCertificate(p, r);
      }
    },
  );

  propTest.prop([
    randomLpData,
    fc.integer({ min: -9, max: 9 }),
    hundredths(5),
    hundredths(5).map((v) => v + 0.01),
  ])(
    "solveLp and HiGHS both find random LPs with a contradictory pair of rows infeasible",
    (d, a, beta, gap) => {
      const p = feasibleLp(d);
      const n = p.c.length;
      // a'x ≤ β and a'x ≥ β + gap with a = (a, 1, 1, …).
      const row = Array.from({ length: n }, (_, j) => (j === 0 ? a : 1));
      const rows = [
        ...Array.from({ length: p.A.rows }, (_, i) => Array.from(p.A.data.subarray(i * n, (i + 1) * n))),
        row,
        row,
      ];
      const q = lp(Array.from(p.c), rows, [...p.rowType, LE, GE], [...p.b, beta, beta + gap], {
        lower: Array.from(p.lower!),
        upper: Array.from(p.upper!),
      });
      const r = solveLp(q);
      expect(r.status).toBe("infeasible");
      expectSameAsHighs(q, r);
    },
  );

  propTest.prop([randomLpData, fc.array(hundredths(5), { minLength: 8, maxLength: 8 }), hundredths(5)])(
    "solveLp and HiGHS both find random LPs with an improving feasible ray unbounded",
    (d, ray, cost) => {
      const p = feasibleLp(d);
      const n = p.c.length;
      const m = p.A.rows;
      // A new column x_new ≥ 0 whose coefficients keep every row satisfied as x_new grows (≤ rows: ≤ 0; ≥ rows: ≥ 0; = rows: 0) with negative cost.
      const rows = Array.from({ length: m }, (_, i) => {
        const t = p.rowType[i]!;
        const v = ray[i % ray.length]!;
        return [...Array.from(p.A.data.subarray(i * n, (i + 1) * n)), t === LE ? -v : t === GE ? v : 0];
      });
      const q = lp([...p.c, -1 - cost], rows, Array.from(p.rowType), Array.from(p.b), {
        lower: [...p.lower!, 0],
        upper: [...p.upper!, Infinity],
      });
      const r = solveLp(q);
      expect(r.status).toBe("unbounded");
      expectSameAsHighs(q, r);
    },
  );

  propTest.prop([randomLpData, fc.nat(), fc.constantFrom(1e6, 1e-6)])(
    "solveLp gives the same optimum when a row is multiplied by 1e6 or 1e-6",
    (d, k, f) => {
      const p = feasibleLp(d);
      const row = k % p.A.rows;
      const base = solveLp(p);
      const q = scaleRow(p, row, f);
      const r = solveLp(q);
      expect(r.status).toBe("optimal");
      expectClose(r.objective, base.objective, { abs: 1e-7, rel: 1e-7 });
      // The same x is optimal for both (the feasible sets coincide).
      expect(primalViolation(p, r.x)).toBeLessThanOrEqual(1e-9);
      expectOptimalCertificate(q, r);
    },
  );

  propTest.prop([randomLpData, fc.nat(), fc.constantFrom(1e6, 1e-6)])(
    "solveLp gives the same optimum when a column is multiplied by 1e6 or 1e-6",
    (d, k, f) => {
      const p = feasibleLp(d);
      const col = k % p.c.length;
      const base = solveLp(p);
      const q = scaleColumn(p, col, f);
      const r = solveLp(q);
      expect(r.status).toBe("optimal");
      expectClose(r.objective, base.objective, { abs: 1e-7, rel: 1e-7 });
      // Mapped back (x_j · f), the solution is feasible for the original problem and the duals are unchanged in meaning.
      const back = Float64Array.from(r.x);
      back[col] = back[col]! * f;
      expect(primalViolation(p, back)).toBeLessThanOrEqual(1e-8);
      expectOptimalCertificate(q, r);
    },
  );

  propTest.prop([randomLpData])(
    "solveLp warm-started from its own optimal basis needs no iterations",
    (d) => {
      const p = feasibleLp(d);
      const cold = solveLp(p);
      const warm = solveLp(p, { warmStart: cold.basis! });
      expect(warm.status).toBe("optimal");
      expect(warm.iterations).toBe(0);
      expectClose(warm.objective, cold.objective, { abs: 1e-9, rel: 1e-9 });
    },
  );

  propTest.prop([randomLpData, fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 9, maxLength: 9 })])(
    "solveLp warm-started from another problem's basis (new costs and right-hand sides) gives HiGHS's optimum",
    (d, newCosts) => {
      const p = feasibleLp(d);
      const cold = solveLp(p);
      const q: LpProblem = {
        ...feasibleLp({ ...d, c: newCosts.slice(0, d.n), rowSlack: d.rowSlack.map((s) => s / 2) }),
      };
      const warm = solveLp(q, { warmStart: cold.basis! });
      expectSameAsHighs(q, warm);
      expectOptimalCertificate(q, warm);
    },
  );

  propTest.prop([fc.array(randomLpData, { minLength: 1, maxLength: 6 })])(
    "solveLp with a scratch reused over a sequence of LPs (shapes repeating and changing) returns exactly what it returns without one",
    (list) => {
      const scratch = lpScratch();
      // Each problem twice in a row (same shape: the scratch's arrays are reused), then the next shape.
      for (const d of list) {
        const p = feasibleLp(d);
        const plain = solveLp(p);
        for (let k = 0; k < 2; k++) {
          const reused = solveLp(p, { scratch });
          expect(reused.status).toBe(plain.status);
          expect(reused.iterations).toBe(plain.iterations);
          expect(Array.from(reused.x)).toEqual(Array.from(plain.x));
          expect(Array.from(reused.duals)).toEqual(Array.from(plain.duals));
          expect(reused.basis?.basic).toEqual(plain.basis?.basic);
        }
      }
    },
  );
});

describe("counterexamples found by the properties", () => {
  it("solveLp keeps x within its bounds when a column is multiplied by 1e-6 (the clamp of basic values)", () => {
    const d: RandomLp = {
      m: 6,
      n: 9,
      A: [
        0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -4, 0, 0, 0, 0, 0, 0, 0, 0, -4, 1, 0, 0, 0, 0, 0, 0, 0, 2, -5,
        0, -1, 0, 0, -1, 0, 0, 0, 0, 0, -6, 0, 0, 0, 0, -3, 0, 0, 0, 2, 0,
      ],
      xStar: [0, 0.01, 0, 0, 2.22, 0, 0, 0.01, 0],
      rowSlack: [0.01, 0, 0, 0, 0, 0.02],
      rowType: [LE, EQ, LE, LE, LE, GE],
      c: [0, 0, 0, -1, 0, 0, 0, 1, 0],
      kind: Array<"nonneg">(9).fill("nonneg"),
      below: new Array<number>(9).fill(0),
      above: new Array<number>(9).fill(0),
    };
    const q = scaleColumn(feasibleLp(d), 5, 1e-6);
    const r = solveLp(q);
    expectSameAsHighs(q, r);
    expectOptimalCertificate(q, r);
  });

  it("solveLp refines x_B when the scaled right-hand side is large (1e-6 column against a bound row of 13)", () => {
    const d: RandomLp = {
      m: 3,
      n: 1,
      A: [0, 3, 5],
      xStar: [0],
      rowSlack: [0, 0, 0],
      rowType: [LE, LE, GE],
      c: [-1],
      kind: ["nonneg"],
      below: [0],
      above: [0],
    };
    const q = scaleColumn(feasibleLp(d), 0, 1e-6);
    const r = solveLp(q);
    expectOptimalCertificate(q, r);
    expect(Math.abs(r.x[0]!)).toBeLessThan(1e-15);
  });

  it("solveLp gives duals of the right sign when a row is multiplied by 1e-6", () => {
    const d: RandomLp = {
      m: 6,
      n: 3,
      A: [0, 0, 6, 0, 0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 0, 0, -6, -1],
      xStar: [0, 0, 0.01],
      rowSlack: [0, 0, 0, 0, 0, 0],
      rowType: [GE, LE, LE, LE, LE, LE],
      c: [1, 0, 5],
      kind: ["free", "nonneg", "nonneg"],
      below: [0, 0, 0],
      above: [0, 0, 0],
    };
    const p = feasibleLp(d);
    for (let row = 0; row < p.A.rows; row++) {
      const q = scaleRow(p, row, 1e-6);
      const r = solveLp(q);
      expectSameAsHighs(q, r);
      expectOptimalCertificate(q, r);
      for (let i = 0; i < q.A.rows; i++) {
        if (q.rowType[i] === LE) expect(r.duals[i]!).toBeLessThanOrEqual(0);
        if (q.rowType[i] === GE) expect(r.duals[i]!).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// DEA-shaped LPs.
// ---------------------------------------------------------------------------------------------

/** Input-oriented CCR envelopment LP for unit o: min θ s.t. Σ_j λ_j x_ij − θ x_io ≤ 0, Σ_j λ_j y_rj ≥ y_ro, λ ≥ 0, θ free. Variables (θ, λ_1..λ_n). X is n × m, Y n × s. */
function ccrInput(X: Matrix, Y: Matrix, o: number): LpProblem {
  const n = X.rows;
  const m = X.cols;
  const s = Y.cols;
  const cols = n + 1;
  const A = new Float64Array((m + s) * cols);
  const b = new Float64Array(m + s);
  const rowType = new Int8Array(m + s);
  for (let i = 0; i < m; i++) {
    A[i * cols] = -X.data[o * m + i]!;
    for (let j = 0; j < n; j++) A[i * cols + 1 + j] = X.data[j * m + i]!;
    rowType[i] = LE;
  }
  for (let r = 0; r < s; r++) {
    const row = (m + r) * cols;
    for (let j = 0; j < n; j++) A[row + 1 + j] = Y.data[j * s + r]!;
    b[m + r] = Y.data[o * s + r]!;
    rowType[m + r] = GE;
  }
  const c = new Float64Array(cols);
  c[0] = 1;
  const lower = new Float64Array(cols);
  lower[0] = -Infinity;
  return { c, A: { data: A, rows: m + s, cols }, b, rowType, lower };
}

const positiveData = (rows: number, cols: number) =>
  fc
    .array(fc.double({ min: 1, max: 100, noNaN: true, noDefaultInfinity: true }), {
      minLength: rows * cols,
      maxLength: rows * cols,
    })
    .map((v) => matrix(rows, cols, v));

const deaData = fc
  .record({
    n: fc.integer({ min: 2, max: 500 }),
    m: fc.integer({ min: 1, max: 3 }),
    s: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ n, m, s }) => fc.tuple(positiveData(n, m), positiveData(n, s), fc.nat({ max: n - 1 })));

/** Seeded data (mulberry32) for deterministic DEA sequences. */
function seededMatrix(rows: number, cols: number, seed: number): Matrix {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return matrix(
    rows,
    cols,
    Array.from({ length: rows * cols }, () => 1 + 99 * next()),
  );
}

/** The synthetic data set of bench/lp.js: x ~ U(1, 100)³, y = x1^0.3 x2^0.3 x3^0.3 · exp(−|N(0, 0.3²)|) · (ω, 1 − ω), ω ~ U(0.2, 0.8), mulberry32(seed). */
function cobbDouglasData(seed: number, n: number): { X: Matrix; Y: Matrix } {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    let u = 0;
    while (u === 0) u = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const X = new Float64Array(n * 3);
  const Y = new Float64Array(n * 2);
  for (let j = 0; j < n; j++) {
    let f = 1;
    for (let i = 0; i < 3; i++) {
      const x = 1 + 99 * rand();
      X[j * 3 + i] = x;
      f *= x ** 0.3;
    }
    const u = Math.abs(0.3 * normal());
    const omega = 0.2 + 0.6 * rand();
    Y[j * 2] = f * Math.exp(-u) * omega;
    Y[j * 2 + 1] = f * Math.exp(-u) * (1 - omega);
  }
  return { X: matrix(n, 3, X), Y: matrix(n, 2, Y) };
}

describe("DEA-shaped LPs", () => {
  propTest.prop([deaData], { numRuns: 25 })(
    "solveLp(input-oriented CCR) agrees with HiGHS for n up to 500 and gives 0 < θ ≤ 1",
    ([X, Y, o]) => {
      const p = ccrInput(X, Y, o);
      const r = solveLp(p);
      expectSameAsHighs(p, r);
      expectOptimalCertificate(p, r);
      expect(r.objective).toBeGreaterThan(0);
      expect(r.objective).toBeLessThanOrEqual(1 + 1e-12);
    },
  );

  it("solveLp(CCR) warm-started from the previous unit gives the same θ in fewer iterations in total (n = 300)", () => {
    const X = seededMatrix(300, 3, 1);
    const Y = seededMatrix(300, 2, 2);
    let coldIterations = 0;
    let warmIterations = 0;
    let previous: LpResult | undefined;
    for (let o = 0; o < 300; o++) {
      const p = ccrInput(X, Y, o);
      const cold = solveLp(p);
      const warm = previous?.basis === undefined ? cold : solveLp(p, { warmStart: previous.basis });
      expect(warm.status).toBe("optimal");
      expectClose(warm.objective, cold.objective, { abs: 1e-9 });
      coldIterations += cold.iterations;
      warmIterations += warm.iterations;
      previous = warm;
    }
    expect(warmIterations).toBeLessThan(coldIterations);
  });

  it("solveLp(CCR) terminates on unit 958 of the benchmark data set with seed 1016 (rounding drift once hid a degenerate cycle of period 50)", () => {
    const { X, Y } = cobbDouglasData(1016, 1000);
    const p = ccrInput(X, Y, 958);
    for (const scale of [true, false]) {
      const r = solveLp(p, { scale });
      expectSameAsHighs(p, r);
      expectOptimalCertificate(p, r);
    }
  });

  it("solveLp(CCR) scores do not change when an input column is multiplied by 1e6", () => {
    const X = seededMatrix(60, 2, 3);
    const Y = seededMatrix(60, 2, 4);
    const big = matrix(
      60,
      2,
      X.data.map((v, k) => (k % 2 === 0 ? v * 1e6 : v)),
    );
    for (let o = 0; o < 60; o++) {
      const a = solveLp(ccrInput(X, Y, o));
      const b = solveLp(ccrInput(big, Y, o));
      expectClose(b.objective, a.objective, { abs: 1e-9 });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Edges and errors.
// ---------------------------------------------------------------------------------------------

describe("edges and errors", () => {
  it("solveLp(empty problem) is optimal with objective 0", () => {
    const r = solveLp({
      c: new Float64Array(0),
      A: matrix(0, 0),
      b: new Float64Array(0),
      rowType: new Int8Array(0),
    });
    expect(r).toMatchObject({ status: "optimal", objective: 0, iterations: 0 });
    expect(r.x.length).toBe(0);
    expect(r.duals.length).toBe(0);
  });

  it("solveLp with m = 0 puts each variable at its best bound", () => {
    const r = solveLp(lp([1, -2, 0], [], [], [], { lower: [-1, 0, -Infinity], upper: [4, 3, Infinity] }));
    expect(r.status).toBe("optimal");
    expectAllClose(r.x, [-1, 3, 0]);
    expectClose(r.objective, -7);
  });

  it("solveLp with n = 0 checks 0 against each row", () => {
    expect(solveLp(lp([], [[], []], [LE, GE], [1, -1])).status).toBe("optimal");
    expect(solveLp(lp([], [[]], [LE], [-1])).status).toBe("infeasible");
    expect(solveLp(lp([], [[]], [EQ], [2])).status).toBe("infeasible");
  });

  it("solveLp with a fixed variable (lower = upper) keeps it there", () => {
    const p = lp([-1, -1], [[1, 1]], [LE], [10], { lower: [2, 0], upper: [2, Infinity] });
    const r = solveLp(p);
    expectAllClose(r.x, [2, 8], { abs: 1e-12 });
    expectOptimalCertificate(p, r);
  });

  it("solveLp does not mutate its input", () => {
    const p = lp(
      [5, 4, 3],
      [
        [2, 3, 1],
        [4, 1, 2],
        [3, 4, 2],
      ],
      [LE, LE, LE],
      [5, 11, 8],
      { max: true, lower: [0, 0, 0], upper: [9, 9, 9] },
    );
    const copy = structuredClone(p);
    solveLp(p);
    expect(p).toEqual(copy);
  });

  it("solveLp gives status 'numerical' with a reason at the iteration limit", () => {
    const r = solveLp(
      lp(
        [5, 4, 3],
        [
          [2, 3, 1],
          [4, 1, 2],
          [3, 4, 2],
        ],
        [LE, LE, LE],
        [5, 11, 8],
        { max: true },
      ),
      {
        maxIterations: 1,
      },
    );
    expect(r.status).toBe("numerical");
    expect(r.reason).toMatch(/iteration limit 1/);
    expect(Number.isNaN(r.objective)).toBe(true);
  });

  it("solveLp gives status 'numerical' for non-finite data and 'infeasible' for empty bounds, without throwing", () => {
    expect(solveLp(lp([NaN], [[1]], [LE], [1])).reason).toMatch(/c\[0\]/);
    expect(solveLp(lp([1], [[Infinity]], [LE], [1])).status).toBe("numerical");
    expect(solveLp(lp([1], [[1]], [LE], [NaN])).status).toBe("numerical");
    expect(solveLp(lp([1], [[1]], [LE], [1], { lower: [NaN] })).status).toBe("numerical");
    const r = solveLp(lp([1], [[1]], [LE], [1], { lower: [2], upper: [1] }));
    expect(r.status).toBe("infeasible");
    expect(r.reason).toMatch(/x\[0\]/);
  });

  it("solveLp throws a RangeError naming solveLp for shape mismatches", () => {
    const good = lp([1, 1], [[1, 1]], [LE], [1]);
    expect(() => solveLp({ ...good, c: Float64Array.of(1) })).toThrow(/^solveLp: A must be 1 × 1/);
    expect(() => solveLp({ ...good, b: Float64Array.of(1, 2) })).toThrow(/^solveLp: A must be 2 × 2/);
    expect(() => solveLp({ ...good, rowType: Int8Array.of(-1, 1) })).toThrow(
      /^solveLp: rowType must have 1 entries/,
    );
    expect(() => solveLp({ ...good, rowType: Int8Array.of(2) })).toThrow(
      /^solveLp: rowType\[0\] must be -1, 0 or 1; got 2/,
    );
    expect(() => solveLp({ ...good, lower: Float64Array.of(0) })).toThrow(
      /^solveLp: lower must have 2 entries/,
    );
    expect(() => solveLp({ ...good, upper: Float64Array.of(0, 1, 2) })).toThrow(
      /^solveLp: upper must have 2 entries/,
    );
    expect(() => solveLp(good, { maxIterations: -1 })).toThrow(/^solveLp: maxIterations/);
    const basis = solveLp(good).basis!;
    expect(() => solveLp(lp([1, 1, 1], [[1, 1, 1]], [LE], [1]), { warmStart: basis })).toThrow(
      /^solveLp: warmStart belongs to a 1 × 2 problem/,
    );
  });
});
