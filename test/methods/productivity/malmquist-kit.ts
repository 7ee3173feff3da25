/**
 * Shared pieces of the Malmquist tests: period panels from the bundled CSV files and fixtures, and an
 * independent reference — the Shephard distance LPs written in the textbook inequality form and solved with
 * HiGHS, the technologies and the unit pairing written from their definitions, and the index formulas in
 * distance (D) form — so that nothing of src/methods/productivity/malmquist.ts or the frontier engine is reused.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { fc } from "@fast-check/vitest";
import type { Matrix } from "../../../src/math/matrix.js";
import { periodPanel, type PeriodPanel } from "../../../src/methods/productivity/period-panel.js";
import { solveWithHighs } from "../../oracle/highs.js";

export interface Fixture<E> {
  readonly source: string;
  readonly generator: string;
  readonly tolerance: number;
  readonly note?: string;
  readonly input: {
    readonly file: string;
    readonly unit: string;
    readonly period: string;
    readonly inputs: string[];
    readonly outputs: string[];
  };
  readonly expected: E;
}

/** Reads test/reference/malmquist/<name>.json. */
export function fixture<E>(name: string): Fixture<E> {
  const url = new URL(`../../reference/malmquist/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Fixture<E>;
}

/** Records of a bundled CSV (path relative to the repository root). */
export function readRecords(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(new URL(`../../../${file}`, import.meta.url), "utf8"), {
    columns: true,
  });
}

/** A period panel from a bundled CSV: unit and period columns, input and output columns. */
export function csvPanel(
  file: string,
  unit: string,
  period: string,
  inputs: readonly string[],
  outputs: readonly string[],
): PeriodPanel {
  const records = readRecords(file);
  const take = (cols: readonly string[]): Matrix => ({
    data: Float64Array.from(records.flatMap((r) => cols.map((c) => Number(r[c])))),
    rows: records.length,
    cols: cols.length,
  });
  return periodPanel({
    unit: records.map((r) => r[unit]!),
    period: records.map((r) => Number(r[period])),
    X: take(inputs),
    Y: take(outputs),
  });
}

/** A period panel from nested rows: [unit, period, inputs…, outputs…] with m inputs. */
export function rowsPanel(rows: readonly (readonly [string, number, ...number[]])[], m: number): PeriodPanel {
  const s = rows[0]!.length - 2 - m;
  return periodPanel({
    unit: rows.map((r) => r[0]),
    period: rows.map((r) => r[1]),
    X: {
      data: Float64Array.from(rows.flatMap((r) => r.slice(2, 2 + m) as number[])),
      rows: rows.length,
      cols: m,
    },
    Y: {
      data: Float64Array.from(rows.flatMap((r) => r.slice(2 + m) as number[])),
      rows: rows.length,
      cols: s,
    },
  });
}

/** One observation of the reference: period value, inputs, outputs. */
export interface Observation {
  readonly unit: string;
  readonly period: number;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** The panel's observations with every column divided by its mean over all observations (distances are invariant to that). */
export function observations(panel: PeriodPanel): Observation[] {
  const mean = (a: Matrix) =>
    Array.from({ length: a.cols }, (_, j) => {
      let sum = 0;
      for (let i = 0; i < a.rows; i++) sum += a.data[i * a.cols + j]!;
      return sum / a.rows;
    });
  const mx = mean(panel.X);
  const my = mean(panel.Y);
  return Array.from({ length: panel.X.rows }, (_, i) => ({
    unit: panel.units[panel.unit[i]!]!,
    period: panel.periods[panel.period[i]!]!,
    x: mx.map((m, j) => panel.X.data[i * panel.X.cols + j]! / m),
    y: my.map((m, r) => panel.Y.data[i * panel.Y.cols + r]! / m),
  }));
}

/** A distance value or the reason its LP did not solve. */
export type Distance = { readonly status: "optimal"; readonly value: number } | { readonly status: string };

/**
 * Shephard distance of `o` to the technology spanned by `reference`, by HiGHS on the textbook LP:
 * output: D_o = 1/φ*, φ* = max φ s.t. Σλx ≤ x_o, Σλy ≥ φ y_o, λ ≥ 0 (VRS: Σλ = 1);
 * input: D_i = 1/θ*, θ* = min θ s.t. Σλx ≤ θ x_o, Σλy ≥ y_o, λ ≥ 0 (VRS: Σλ = 1).
 */
export function shephard(
  reference: readonly Observation[],
  o: Observation,
  rts: "crs" | "vrs",
  orientation: "input" | "output",
): Distance {
  const N = reference.length;
  const m = o.x.length;
  const s = o.y.length;
  const rows = m + s + (rts === "vrs" ? 1 : 0);
  const cols = 1 + N;
  const A = new Float64Array(rows * cols);
  const b = new Float64Array(rows);
  const rowType = new Int8Array(rows);
  for (let i = 0; i < m; i++) {
    rowType[i] = -1;
    A[i * cols] = orientation === "input" ? -o.x[i]! : 0;
    b[i] = orientation === "input" ? 0 : o.x[i]!;
    reference.forEach((ref, j) => (A[i * cols + 1 + j] = ref.x[i]!));
  }
  for (let r = 0; r < s; r++) {
    const row = m + r;
    rowType[row] = 1;
    A[row * cols] = orientation === "output" ? -o.y[r]! : 0;
    b[row] = orientation === "output" ? 0 : o.y[r]!;
    reference.forEach((ref, j) => (A[row * cols + 1 + j] = ref.y[r]!));
  }
  if (rts === "vrs") {
    rowType[m + s] = 0;
    b[m + s] = 1;
    for (let j = 0; j < N; j++) A[(m + s) * cols + 1 + j] = 1;
  }
  const c = new Float64Array(cols);
  c[0] = orientation === "output" ? -1 : 1;
  const result = solveWithHighs({ c, A: { data: A, rows, cols }, b, rowType });
  if (result.status !== "optimal") return { status: result.status };
  const radial = result.x[0]!;
  if (!(radial > 0 && Number.isFinite(radial))) return { status: "unbounded" };
  return { status: "optimal", value: 1 / radial };
}

export type ReferenceTechnology = "contemporaneous" | "sequential" | "global" | "window" | "biennial";

/** Periods (values) spanning the technology of period `t` (for biennial: of the pair starting at `t`). */
export function technologyPeriods(
  periods: readonly number[],
  technology: ReferenceTechnology,
  k: number,
  window = 3,
): number[] {
  switch (technology) {
    case "contemporaneous":
      return [periods[k]!];
    case "sequential":
      return periods.slice(0, k + 1);
    case "global":
      return [...periods];
    case "window":
      return periods.slice(Math.max(0, k - window + 1), k + 1);
    case "biennial":
      return [periods[k]!, periods[k + 1]!];
  }
}

export interface ReferenceSettings {
  readonly rts: "crs" | "vrs";
  readonly orientation: "input" | "output";
  readonly technology: ReferenceTechnology;
  readonly decomposition: "fgnz" | "ray-desli";
  readonly window?: number;
}

/** Reference result of one unit-pair: status, the first failing distance and the components. */
export interface ReferencePair {
  readonly unit: string;
  readonly from: number;
  readonly to: number;
  readonly status: string;
  readonly failed?: string;
  readonly distances: Record<string, number>;
  readonly components: Record<string, number>;
}

/**
 * The Malmquist index by the definitions, on HiGHS distances: pairs of adjacent periods, units observed in both;
 * output orientation M = [D^t(t+1)/D^t(t) · D^{t+1}(t+1)/D^{t+1}(t)]^{1/2}, input orientation the same with every
 * ratio inverted (D_i^t(t)/D_i^t(t+1) …); single-frontier technologies M = D^G(t+1)/D^G(t) (output).
 */
export function referenceMalmquist(panel: PeriodPanel, settings: ReferenceSettings): ReferencePair[] {
  const obs = observations(panel);
  const periods = [...new Set(obs.map((o) => o.period))].sort((a, b) => a - b);
  const out: ReferencePair[] = [];
  const cache = new Map<string, Distance>();
  const tech = (kind: ReferenceTechnology, k: number) => {
    const inside = new Set(technologyPeriods(periods, kind, k, settings.window));
    return obs.filter((o) => inside.has(o.period));
  };
  // ratio(a, b) = a/b for output distances, b/a for input distances (so every component reads > 1 = growth)
  const ratio = (a: number, b: number) => (settings.orientation === "output" ? a / b : b / a);
  for (let k = 0; k + 1 < periods.length; k++) {
    const t0 = periods[k]!;
    const t1 = periods[k + 1]!;
    const units = [...new Set(obs.filter((o) => o.period === t0).map((o) => o.unit))].filter((u) =>
      obs.some((o) => o.unit === u && o.period === t1),
    );
    for (const unit of units) {
      const a = obs.find((o) => o.unit === unit && o.period === t0)!;
      const b = obs.find((o) => o.unit === unit && o.period === t1)!;
      const d: Record<string, number> = {};
      let status = "optimal";
      let failed: string | undefined;
      const dist = (
        name: string,
        kind: ReferenceTechnology,
        kk: number,
        rts: "crs" | "vrs",
        o: Observation,
      ) => {
        const key = `${kind}|${kk}|${rts}|${o.unit}|${o.period}`;
        let value = cache.get(key);
        if (value === undefined) {
          value = shephard(tech(kind, kk), o, rts, settings.orientation);
          cache.set(key, value);
        }
        if (value.status === "optimal" && "value" in value) d[name] = value.value;
        else {
          d[name] = NaN;
          if (status === "optimal") {
            status = value.status;
            failed = name;
          }
        }
      };
      const vrs = settings.rts === "vrs";
      const rd = settings.decomposition === "ray-desli";
      const components: Record<string, number> = {};
      if (settings.technology === "global" || settings.technology === "biennial") {
        const L = settings.technology === "global" ? "G" : "B";
        dist(`D_${L}(t)`, settings.technology, k, "crs", a);
        dist(`D_${L}(t+1)`, settings.technology, k, "crs", b);
        dist("D_t(t)", "contemporaneous", k, "crs", a);
        dist("D_t+1(t+1)", "contemporaneous", k + 1, "crs", b);
        if (vrs) {
          dist("Dv_t(t)", "contemporaneous", k, "vrs", a);
          dist("Dv_t+1(t+1)", "contemporaneous", k + 1, "vrs", b);
          if (rd) {
            dist(`Dv_${L}(t)`, settings.technology, k, "vrs", a);
            dist(`Dv_${L}(t+1)`, settings.technology, k, "vrs", b);
          }
        }
        const tfpch = ratio(d[`D_${L}(t+1)`]!, d[`D_${L}(t)`]!);
        const effch = ratio(d["D_t+1(t+1)"]!, d["D_t(t)"]!);
        const pech = vrs ? ratio(d["Dv_t+1(t+1)"]!, d["Dv_t(t)"]!) : NaN;
        if (rd) {
          const bpc = ratio(d[`Dv_${L}(t+1)`]!, d["Dv_t+1(t+1)"]!) / ratio(d[`Dv_${L}(t)`]!, d["Dv_t(t)"]!);
          Object.assign(components, { tfpch, bpc, pech, sech: tfpch / (pech * bpc) });
        } else {
          const bpc = ratio(d[`D_${L}(t+1)`]!, d["D_t+1(t+1)"]!) / ratio(d[`D_${L}(t)`]!, d["D_t(t)"]!);
          Object.assign(components, { tfpch, effch, bpc }, vrs ? { pech, sech: effch / pech } : {});
        }
      } else {
        const kind = settings.technology;
        dist("D_t(t)", kind, k, "crs", a);
        dist("D_t(t+1)", kind, k, "crs", b);
        dist("D_t+1(t)", kind, k + 1, "crs", a);
        dist("D_t+1(t+1)", kind, k + 1, "crs", b);
        if (vrs) {
          dist("Dv_t(t)", kind, k, "vrs", a);
          if (rd) {
            dist("Dv_t(t+1)", kind, k, "vrs", b);
            dist("Dv_t+1(t)", kind, k + 1, "vrs", a);
          }
          dist("Dv_t+1(t+1)", kind, k + 1, "vrs", b);
        }
        const tfpch = Math.sqrt(
          ratio(d["D_t(t+1)"]!, d["D_t(t)"]!) * ratio(d["D_t+1(t+1)"]!, d["D_t+1(t)"]!),
        );
        const effch = ratio(d["D_t+1(t+1)"]!, d["D_t(t)"]!);
        const techch = Math.sqrt(
          ratio(d["D_t(t+1)"]!, d["D_t+1(t+1)"]!) * ratio(d["D_t(t)"]!, d["D_t+1(t)"]!),
        );
        const pech = vrs ? ratio(d["Dv_t+1(t+1)"]!, d["Dv_t(t)"]!) : NaN;
        if (rd) {
          const techchVrs = Math.sqrt(
            ratio(d["Dv_t(t+1)"]!, d["Dv_t+1(t+1)"]!) * ratio(d["Dv_t(t)"]!, d["Dv_t+1(t)"]!),
          );
          Object.assign(components, { tfpch, techch: techchVrs, pech, sech: tfpch / (pech * techchVrs) });
        } else Object.assign(components, { tfpch, effch, techch }, vrs ? { pech, sech: effch / pech } : {});
      }
      if (status !== "optimal") for (const key of Object.keys(components)) components[key] = NaN;
      out.push({
        unit,
        from: t0,
        to: t1,
        status,
        ...(failed !== undefined ? { failed } : {}),
        distances: d,
        components,
      });
    }
  }
  return out;
}

const positive = fc.oneof(fc.double({ min: 0.1, max: 100, noNaN: true }), fc.integer({ min: 1, max: 100 }));

/**
 * Random balanced period panels: 3..maxUnits units × 2..maxPeriods periods, 1..2 inputs, 1..2 outputs, every entry
 * in [0.1, 100] (three decades keep the LPs well conditioned, as in the DEA tests).
 */
export function panelData(options: { maxUnits?: number; maxPeriods?: number } = {}) {
  const { maxUnits = 6, maxPeriods = 4 } = options;
  return fc
    .record({
      n: fc.integer({ min: 3, max: maxUnits }),
      T: fc.integer({ min: 2, max: maxPeriods }),
      m: fc.integer({ min: 1, max: 2 }),
      s: fc.integer({ min: 1, max: 2 }),
    })
    .chain(({ n, T, m, s }) =>
      fc
        .record({
          x: fc.array(positive, { minLength: n * T * m, maxLength: n * T * m }),
          y: fc.array(positive, { minLength: n * T * s, maxLength: n * T * s }),
        })
        .map(({ x, y }) =>
          periodPanel({
            unit: Array.from({ length: n * T }, (_, i) => `u${i % n}`),
            period: Array.from({ length: n * T }, (_, i) => 2000 + Math.floor(i / n)),
            X: { data: Float64Array.from(x), rows: n * T, cols: m },
            Y: { data: Float64Array.from(y), rows: n * T, cols: s },
          }),
        ),
    );
}
