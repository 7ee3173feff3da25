/**
 * Shared pieces of the radial DEA tests: fixture loading, the data files the scipy fixtures name, peer
 * comparison, and fast-check generators of strictly positive DEA data. Magnitudes stay in [0.1, 100] (three
 * decades) so that the LPs stay well conditioned and 1e-6 tolerances hold on every draw.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { fc } from "@fast-check/vitest";
import type { Matrix } from "../../../src/math/matrix.js";
import type { Peers } from "../../../src/methods/frontier/types.js";

export interface Fixture<I, E> {
  readonly source: string;
  readonly generator: string;
  readonly tolerance: number;
  readonly note?: string;
  readonly input: I;
  readonly expected: E;
}

/** Reads test/reference/<method>/<name>.json. */
export function fixture<I, E>(method: string, name: string): Fixture<I, E> {
  const url = new URL(`../../reference/${method}/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Fixture<I, E>;
}

/** The `input` of the scipy fixtures: a bundled CSV file and the columns used. */
export interface FileInput {
  readonly file: string;
  readonly inputs: string[];
  readonly outputs: string[];
  readonly positiveOutputsOnly?: boolean;
}

/** X and Y from a bundled CSV (path relative to the repository root), optionally only rows with all outputs > 0. */
export function readData(input: FileInput): { X: Matrix; Y: Matrix } {
  const text = readFileSync(new URL(`../../../${input.file}`, import.meta.url), "utf8");
  let records = parse<Record<string, string>>(text, { columns: true });
  if (input.positiveOutputsOnly === true)
    records = records.filter((r) => input.outputs.every((c) => Number(r[c]) > 0));
  const take = (cols: readonly string[]): Matrix => ({
    data: Float64Array.from(records.flatMap((r) => cols.map((c) => Number(r[c])))),
    rows: records.length,
    cols: cols.length,
  });
  return { X: take(input.inputs), Y: take(input.outputs) };
}

/** Nested rows as a Matrix. */
export function mat(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols };
}

/** JSON null (NaN in the generator) back to NaN. */
export function nums(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : v));
}

/** Peers as a map reference index → weight. */
export function peerMap(p: Peers): Map<number, number> {
  return new Map(Array.from(p.index, (j, k) => [j, p.weight[k]!]));
}

/** Sum of the entries of row i. */
export function rowSum(a: Matrix, i: number): number {
  let sum = 0;
  for (let j = 0; j < a.cols; j++) sum += a.data[i * a.cols + j]!;
  return sum;
}

/** Column means (for slack tolerances stated in units of the data). */
export function columnMeanSum(a: Matrix): number {
  let sum = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) sum += a.data[i * a.cols + j]!;
  return sum / a.rows;
}

const positive = fc.oneof(fc.double({ min: 0.1, max: 100, noNaN: true }), fc.integer({ min: 1, max: 100 }));

/** Random DEA data: n units (3..maxUnits), 1..3 inputs, 1..3 outputs, all entries in [0.1, 100]. */
export function deaData(options: { maxUnits?: number; minUnits?: number } = {}) {
  const { minUnits = 3, maxUnits = 12 } = options;
  return fc
    .record({
      n: fc.integer({ min: minUnits, max: maxUnits }),
      m: fc.integer({ min: 1, max: 3 }),
      s: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ n, m, s }) =>
      fc.record({
        X: fc.array(positive, { minLength: n * m, maxLength: n * m }).map((d) => ({
          data: Float64Array.from(d),
          rows: n,
          cols: m,
        })),
        Y: fc.array(positive, { minLength: n * s, maxLength: n * s }).map((d) => ({
          data: Float64Array.from(d),
          rows: n,
          cols: s,
        })),
      }),
    );
}

/** The rows `index` of a, in that order. */
export function pick(a: Matrix, index: readonly number[]): Matrix {
  const data = new Float64Array(index.length * a.cols);
  index.forEach((i, k) => {
    data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), k * a.cols);
  });
  return { data, rows: index.length, cols: a.cols };
}

/** a with column j multiplied by factor. */
export function scaleColumn(a: Matrix, j: number, factor: number): Matrix {
  const data = a.data.slice();
  for (let i = 0; i < a.rows; i++) data[i * a.cols + j] = data[i * a.cols + j]! * factor;
  return { data, rows: a.rows, cols: a.cols };
}

/** a with every entry multiplied by factor. */
export function scaleAll(a: Matrix, factor: number): Matrix {
  return { data: a.data.map((v) => v * factor), rows: a.rows, cols: a.cols };
}
