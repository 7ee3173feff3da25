/**
 * Independent reference for the green productivity indices: each distance LP written out here, one observation at a
 * time, and solved with HiGHS (test/oracle/highs.ts); the indices are then formed from those distances by the
 * textbook formulas. Nothing from src/methods/frontier or src/methods/productivity (other than the PeriodPanel
 * type) is used. Data are given already divided by their column means (the distances are invariant to that).
 *
 * LPs (observation o = (x_o, y_o, b_o), reference observations j with data x_j, y_j, b_j; m inputs, s goods, k bads):
 * - DDF: max β s.t. Σλ_j x_j + β g_x ≤ x_o, Σλ_j y_j − β g_y ≥ y_o, Σλ_j b_j + β g_b (= weak, ≤ free) b_o, λ ≥ 0, β free.
 * - SBM with bads (Tone 2004), Charnes–Cooper form: min τ − (1/m) Σ S⁻_i/x_io s.t.
 *   τ + (1/(s+k)) (Σ S⁺_r/y_ro + Σ S^b_l/b_lo) = 1, ΣΛ_j x_j + S⁻ = τ x_o, ΣΛ_j y_j − S⁺ = τ y_o,
 *   ΣΛ_j b_j + S^b = τ b_o, Λ, S, τ ≥ 0 (VRS: ΣΛ_j = τ).
 * - Super-SBM with bads (Tone 2002 with bads), Charnes–Cooper form, the observation itself left out:
 *   min τ + (1/m) Σ T⁻_i/x_io s.t. τ − (1/(s+k)) (Σ T⁺_r/y_ro + Σ T^b_l/b_lo) = 1, ΣΛ_j x_j − T⁻ ≤ τ x_o,
 *   ΣΛ_j y_j + T⁺ ≥ τ y_o, ΣΛ_j b_j − T^b ≤ τ b_o, T⁺ ≤ τ y_o, Λ, T, τ ≥ 0 (VRS: ΣΛ_j = τ).
 * - Slacks-based inefficiency (Fukuyama & Weber 2009, with bads, g = (x, y, b)):
 *   max ½[(1/m) Σ s⁻_i/x_io + (1/(s+k)) (Σ s⁺_r/y_ro + Σ s^b_l/b_lo)] s.t. Σλx + s⁻ = x_o, Σλy − s⁺ = y_o,
 *   Σλb + s^b = b_o, λ, s ≥ 0 (VRS: Σλ = 1).
 */

import type { LpProblem } from "../../../src/lp/simplex.js";
import type { PeriodPanel } from "../../../src/methods/productivity/period-panel.js";
import { solveWithHighs } from "../../oracle/highs.js";

export interface Obs {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly b: readonly number[];
}

export type OracleRts = "crs" | "vrs";

export interface OracleValue {
  readonly value: number;
  readonly ok: boolean;
}

interface Row {
  coef: number[];
  type: -1 | 0 | 1;
  rhs: number;
}

function solve(
  c: number[],
  rows: Row[],
  lower: number[],
  upper?: number[],
): { ok: boolean; x: Float64Array; objective: number } {
  const n = c.length;
  const A = new Float64Array(rows.length * n);
  rows.forEach((r, i) => {
    r.coef.forEach((v, j) => (A[i * n + j] = v));
  });
  const problem: LpProblem = {
    c: Float64Array.from(c),
    A: { data: A, rows: rows.length, cols: n },
    b: Float64Array.from(rows.map((r) => r.rhs)),
    rowType: Int8Array.from(rows.map((r) => r.type)),
    lower: Float64Array.from(lower),
    ...(upper !== undefined ? { upper: Float64Array.from(upper) } : {}),
  };
  const result = solveWithHighs(problem);
  return { ok: result.status === "optimal", x: result.x, objective: result.objective };
}

/** Radial DDF β of `o` against `ref` with direction letters ("yb", "xyb", …). */
export function ddfOracle(
  o: Obs,
  ref: readonly Obs[],
  rts: OracleRts,
  direction: string,
  disposability: "weak" | "free",
): OracleValue {
  const N = ref.length;
  const nv = N + 1;
  const rows: Row[] = [];
  const g = (letter: string, v: number) => (direction.includes(letter) ? v : 0);
  o.x.forEach((xi, i) => {
    const coef = ref.map((r) => r.x[i]!);
    rows.push({ coef: [...coef, g("x", xi)], type: -1, rhs: xi });
  });
  o.y.forEach((yr, r) => {
    const coef = ref.map((q) => q.y[r]!);
    rows.push({ coef: [...coef, -g("y", yr)], type: 1, rhs: yr });
  });
  o.b.forEach((bl, l) => {
    const coef = ref.map((q) => q.b[l]!);
    rows.push({ coef: [...coef, g("b", bl)], type: disposability === "weak" ? 0 : -1, rhs: bl });
  });
  if (rts === "vrs") rows.push({ coef: [...ref.map(() => 1), 0], type: 0, rhs: 1 });
  const c = new Array<number>(nv).fill(0);
  c[N] = -1;
  const lower = new Array<number>(nv).fill(0);
  lower[N] = -Infinity;
  const r = solve(c, rows, lower);
  return { ok: r.ok, value: r.ok ? r.x[N]! : Number.NaN };
}

/** Ordinary SBM ρ with bads (Charnes–Cooper), or not ok when the LP is infeasible. */
export function sbmOracle(o: Obs, ref: readonly Obs[], rts: OracleRts): OracleValue {
  const N = ref.length;
  const m = o.x.length;
  const s = o.y.length;
  const k = o.b.length;
  const q = s + k;
  // columns: tau, Lambda (N), S- (m), S+ (s), Sb (k)
  const nv = 1 + N + m + s + k;
  const rows: Row[] = [];
  const zero = () => new Array<number>(nv).fill(0);
  const head = zero();
  head[0] = 1;
  for (let r = 0; r < s; r++) head[1 + N + m + r] = 1 / (q * o.y[r]!);
  for (let l = 0; l < k; l++) head[1 + N + m + s + l] = 1 / (q * o.b[l]!);
  rows.push({ coef: head, type: 0, rhs: 1 });
  for (let i = 0; i < m; i++) {
    const coef = zero();
    coef[0] = -o.x[i]!;
    ref.forEach((j, p) => (coef[1 + p] = j.x[i]!));
    coef[1 + N + i] = 1;
    rows.push({ coef, type: 0, rhs: 0 });
  }
  for (let r = 0; r < s; r++) {
    const coef = zero();
    coef[0] = -o.y[r]!;
    ref.forEach((j, p) => (coef[1 + p] = j.y[r]!));
    coef[1 + N + m + r] = -1;
    rows.push({ coef, type: 0, rhs: 0 });
  }
  for (let l = 0; l < k; l++) {
    const coef = zero();
    coef[0] = -o.b[l]!;
    ref.forEach((j, p) => (coef[1 + p] = j.b[l]!));
    coef[1 + N + m + s + l] = 1;
    rows.push({ coef, type: 0, rhs: 0 });
  }
  if (rts === "vrs") {
    const coef = zero();
    coef[0] = -1;
    for (let p = 0; p < N; p++) coef[1 + p] = 1;
    rows.push({ coef, type: 0, rhs: 0 });
  }
  const c = zero();
  c[0] = 1;
  for (let i = 0; i < m; i++) c[1 + N + i] = -1 / (m * o.x[i]!);
  const r = solve(c, rows, zero());
  return { ok: r.ok, value: r.ok ? r.objective : Number.NaN };
}

/** Super-SBM δ with bads (Charnes–Cooper) of `o` against `ref` (which must not contain `o`). */
export function superSbmOracle(o: Obs, ref: readonly Obs[], rts: OracleRts): OracleValue {
  const N = ref.length;
  const m = o.x.length;
  const s = o.y.length;
  const k = o.b.length;
  const q = s + k;
  // columns: tau, Lambda (N), T- (m), T+ (s), Tb (k)
  const nv = 1 + N + m + s + k;
  const rows: Row[] = [];
  const zero = () => new Array<number>(nv).fill(0);
  const head = zero();
  head[0] = 1;
  for (let r = 0; r < s; r++) head[1 + N + m + r] = -1 / (q * o.y[r]!);
  for (let l = 0; l < k; l++) head[1 + N + m + s + l] = -1 / (q * o.b[l]!);
  rows.push({ coef: head, type: 0, rhs: 1 });
  for (let i = 0; i < m; i++) {
    const coef = zero();
    coef[0] = -o.x[i]!;
    ref.forEach((j, p) => (coef[1 + p] = j.x[i]!));
    coef[1 + N + i] = -1;
    rows.push({ coef, type: -1, rhs: 0 });
  }
  for (let r = 0; r < s; r++) {
    const coef = zero();
    coef[0] = -o.y[r]!;
    ref.forEach((j, p) => (coef[1 + p] = j.y[r]!));
    coef[1 + N + m + r] = 1;
    rows.push({ coef, type: 1, rhs: 0 });
    const cap = zero();
    cap[0] = -o.y[r]!;
    cap[1 + N + m + r] = 1;
    rows.push({ coef: cap, type: -1, rhs: 0 });
  }
  for (let l = 0; l < k; l++) {
    const coef = zero();
    coef[0] = -o.b[l]!;
    ref.forEach((j, p) => (coef[1 + p] = j.b[l]!));
    coef[1 + N + m + s + l] = -1;
    rows.push({ coef, type: -1, rhs: 0 });
  }
  if (rts === "vrs") {
    const coef = zero();
    coef[0] = -1;
    for (let p = 0; p < N; p++) coef[1 + p] = 1;
    rows.push({ coef, type: 0, rhs: 0 });
  }
  const c = zero();
  c[0] = 1;
  for (let i = 0; i < m; i++) c[1 + N + i] = 1 / (m * o.x[i]!);
  const r = solve(c, rows, zero());
  return { ok: r.ok, value: r.ok ? r.objective : Number.NaN };
}

/**
 * SBM score as the index uses it: ordinary ρ; with `superSbm`, observations with ρ = 1 (to 1e-8) or outside the
 * technology (ordinary LP infeasible) get the super-SBM δ against the technology without the observation itself.
 */
export function sbmScoreOracle(
  o: Obs,
  ref: readonly Obs[],
  selfIndex: number,
  rts: OracleRts,
  superSbm: boolean,
): OracleValue {
  const ordinary = sbmOracle(o, ref, rts);
  if (!superSbm) return ordinary;
  if (ordinary.ok && ordinary.value < 1 - 1e-8) return ordinary;
  return superSbmOracle(o, selfIndex >= 0 ? ref.filter((_, j) => j !== selfIndex) : ref, rts);
}

/** Fukuyama–Weber slacks-based inefficiency with bads and g = (x, y, b). */
export function sbiOracle(o: Obs, ref: readonly Obs[], rts: OracleRts): OracleValue {
  const N = ref.length;
  const m = o.x.length;
  const s = o.y.length;
  const k = o.b.length;
  const q = s + k;
  // columns: lambda (N), s- (m), s+ (s), sb (k)
  const nv = N + m + s + k;
  const zero = () => new Array<number>(nv).fill(0);
  const rows: Row[] = [];
  for (let i = 0; i < m; i++) {
    const coef = zero();
    ref.forEach((j, p) => (coef[p] = j.x[i]!));
    coef[N + i] = 1;
    rows.push({ coef, type: 0, rhs: o.x[i]! });
  }
  for (let r = 0; r < s; r++) {
    const coef = zero();
    ref.forEach((j, p) => (coef[p] = j.y[r]!));
    coef[N + m + r] = -1;
    rows.push({ coef, type: 0, rhs: o.y[r]! });
  }
  for (let l = 0; l < k; l++) {
    const coef = zero();
    ref.forEach((j, p) => (coef[p] = j.b[l]!));
    coef[N + m + s + l] = 1;
    rows.push({ coef, type: 0, rhs: o.b[l]! });
  }
  if (rts === "vrs") {
    const coef = zero();
    for (let p = 0; p < N; p++) coef[p] = 1;
    rows.push({ coef, type: 0, rhs: 1 });
  }
  const c = zero();
  for (let i = 0; i < m; i++) c[N + i] = -1 / (2 * m * o.x[i]!);
  for (let r = 0; r < s; r++) c[N + m + r] = -1 / (2 * q * o.y[r]!);
  for (let l = 0; l < k; l++) c[N + m + s + l] = -1 / (2 * q * o.b[l]!);
  const r = solve(c, rows, zero());
  return { ok: r.ok, value: r.ok ? -r.objective : Number.NaN };
}

/** Observations of the panel, each column divided by its mean over the whole panel. */
export function scaledObservations(panel: PeriodPanel): Obs[] {
  const columnsOf = (M: { data: Float64Array; rows: number; cols: number } | undefined): number[][] => {
    if (M === undefined) return Array.from({ length: panel.unit.length }, () => []);
    const means = Array.from({ length: M.cols }, (_, j) => {
      let sum = 0;
      for (let r = 0; r < M.rows; r++) sum += M.data[r * M.cols + j]!;
      return sum / M.rows;
    });
    return Array.from({ length: M.rows }, (_, r) => means.map((mean, j) => M.data[r * M.cols + j]! / mean));
  };
  const X = columnsOf(panel.X);
  const Y = columnsOf(panel.Y);
  const B = columnsOf(panel.B);
  return X.map((x, r) => ({ x, y: Y[r]!, b: B[r]! }));
}

export type OracleTechnology = "contemporaneous" | "sequential" | "global" | "biennial";

/** Rows (observation indices) of the technology `kind` at period index t, from the panel's period tags. */
export function oracleTechnology(panel: PeriodPanel, kind: OracleTechnology, t: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < panel.period.length; r++) {
    const p = panel.period[r]!;
    const keep =
      kind === "contemporaneous"
        ? p === t
        : kind === "sequential"
          ? p <= t
          : kind === "global"
            ? true
            : p === t || p === t + 1;
    if (keep) rows.push(r);
  }
  return rows;
}

/** Row of unit u in period index t, or −1. */
export function rowOf(panel: PeriodPanel, u: number, t: number): number {
  for (let r = 0; r < panel.unit.length; r++) if (panel.unit[r] === u && panel.period[r] === t) return r;
  return -1;
}

export interface OracleSpec {
  readonly kind: "ddf" | "sbm" | "sbi";
  readonly technology: OracleTechnology;
  readonly rts: OracleRts;
  readonly direction?: string;
  readonly disposability?: "weak" | "free";
  readonly superSbm?: boolean;
}

/** One adjacent pair's oracle distances per unit (keyed "t(t)", "t(t+1)", "t+1(t)", "t+1(t+1)" or "t(t)", "t+1(t+1)", "P(t)", "P(t+1)" with P the pooled technology), with NaN and ok = false where the LP failed. */
export interface OraclePair {
  readonly from: number;
  readonly to: number;
  readonly units: number[];
  readonly values: Record<string, number[]>;
  readonly ok: boolean[];
}

/** Every distance of every adjacent pair, one LP per (technology, observation), straight from the definitions. */
export function oracleDistances(panel: PeriodPanel, spec: OracleSpec): OraclePair[] {
  const obs = scaledObservations(panel);
  const cache = new Map<string, OracleValue>();
  const distance = (kind: OracleTechnology, t: number, row: number): OracleValue => {
    const key = `${kind}:${t}:${row}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const rows = oracleTechnology(panel, kind, t);
    const ref = rows.map((r) => obs[r]!);
    const o = obs[row]!;
    const value =
      spec.kind === "ddf"
        ? ddfOracle(o, ref, spec.rts, spec.direction ?? "yb", spec.disposability ?? "weak")
        : spec.kind === "sbi"
          ? sbiOracle(o, ref, spec.rts)
          : sbmScoreOracle(o, ref, rows.indexOf(row), spec.rts, spec.superSbm ?? false);
    cache.set(key, value);
    return value;
  };
  const pooled = spec.technology === "global" || spec.technology === "biennial";
  const own: OracleTechnology = pooled ? "contemporaneous" : spec.technology;
  const out: OraclePair[] = [];
  for (let t = 0; t + 1 < panel.periods.length; t++) {
    const units: number[] = [];
    const values: Record<string, number[]> = {};
    const ok: boolean[] = [];
    const put = (key: string, v: OracleValue, i: number) => {
      (values[key] ??= [])[i] = v.value;
      if (!v.ok) ok[i] = false;
    };
    for (let u = 0; u < panel.units.length; u++) {
      const a = rowOf(panel, u, t);
      const b = rowOf(panel, u, t + 1);
      if (a < 0 || b < 0) continue;
      const i = units.length;
      units.push(u);
      ok[i] = true;
      put("t(t)", distance(own, t, a), i);
      put("t+1(t+1)", distance(own, t + 1, b), i);
      if (pooled) {
        const kind = spec.technology;
        put("P(t)", distance(kind, t, a), i);
        put("P(t+1)", distance(kind, t, b), i);
      } else {
        put("t(t+1)", distance(own, t, b), i);
        put("t+1(t)", distance(own, t + 1, a), i);
      }
    }
    out.push({ from: panel.periods[t]!, to: panel.periods[t + 1]!, units, values, ok });
  }
  return out;
}
